"""The central's SQLite file: one connection, one writer at a time, every operation all-or-nothing.

Records are the domain's own models stored as JSON documents, with the columns that queries need beside
them. WAL mode and synchronous writes keep a committed transaction on disk before the reply leaves.

The file holds password hashes and the audit trail: the central creates it readable and writable by its owner
only (0600, whatever the umask), and the folders it creates for it 0700. SQLite gives the ``-wal`` and ``-shm``
files the database's own mode.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from reference_central.audit_chain import CHAIN_SCHEMA
from reference_central.identity.schema import IDENTITY_SCHEMA, IDENTITY_TABLES

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS territories (code TEXT PRIMARY KEY, doc TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS regions (region_id TEXT PRIMARY KEY, doc TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS offices (office_id TEXT PRIMARY KEY, region_id TEXT NOT NULL, doc TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS accounts (account_id TEXT PRIMARY KEY, region_id TEXT NOT NULL, doc TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS carnets (
    carnet_id TEXT PRIMARY KEY, number TEXT NOT NULL UNIQUE, doc TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS declarations (
    carnet_id TEXT NOT NULL, transaction_code TEXT NOT NULL, cancellation_code TEXT NOT NULL,
    trainee INTEGER NOT NULL DEFAULT 0, doc TEXT NOT NULL,
    PRIMARY KEY (carnet_id, transaction_code)
);
CREATE TABLE IF NOT EXISTS transactions (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    transaction_id TEXT NOT NULL UNIQUE, carnet_id TEXT NOT NULL, office_id TEXT NOT NULL,
    territory TEXT NOT NULL, doc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS transactions_carnet ON transactions (carnet_id);
CREATE INDEX IF NOT EXISTS transactions_office ON transactions (office_id, seq);
CREATE TABLE IF NOT EXISTS holds (
    hold_id TEXT PRIMARY KEY, carnet_id TEXT NOT NULL, territory TEXT NOT NULL, office_id TEXT NOT NULL,
    active INTEGER NOT NULL, doc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS holds_carnet ON holds (carnet_id, active);
CREATE TABLE IF NOT EXISTS rejections (
    rejection_id TEXT PRIMARY KEY, carnet_id TEXT NOT NULL, territory TEXT NOT NULL, doc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS rejections_carnet ON rejections (carnet_id);
CREATE TABLE IF NOT EXISTS idempotency (
    key TEXT PRIMARY KEY, request_hash TEXT NOT NULL, status INTEGER NOT NULL, response TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS idempotency_age ON idempotency (created_at);
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
"""

DATA_TABLES: tuple[str, ...] = (
    "territories", "regions", "offices", "accounts", "carnets", "declarations",
    "transactions", "holds", "rejections", "idempotency", "counters", "meta",
)

# --- Shifts and the audit trail (issue 7: supervisor desk) ------------------------------------------------
SCHEMA += """
CREATE TABLE IF NOT EXISTS shifts (
    shift_id TEXT PRIMARY KEY, office_id TEXT NOT NULL, is_open INTEGER NOT NULL, doc TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS shifts_one_open ON shifts (office_id) WHERE is_open = 1;
CREATE TABLE IF NOT EXISTS audit (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, account_id TEXT NOT NULL,
    office_id TEXT NOT NULL, region_id TEXT NOT NULL, action TEXT NOT NULL, doc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_region ON audit (region_id, at);
CREATE INDEX IF NOT EXISTS audit_office ON audit (office_id, at);
CREATE TABLE IF NOT EXISTS audit_territories (
    territory TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (territory, seq)
);
"""
SCHEMA += CHAIN_SCHEMA  # the tamper-evident trail (reference_central.audit_chain)
DATA_TABLES += ("shifts", "audit", "audit_territories", "audit_chain")


# --- Pre-declarations and pre-notifications (issue 7) ----------------------------------------------------
SCHEMA += """
CREATE TABLE IF NOT EXISTS predeclarations (
    predeclaration_id TEXT PRIMARY KEY, office_id TEXT NOT NULL, carnet_id TEXT, arrival_at TEXT NOT NULL,
    doc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS predeclarations_office ON predeclarations (office_id, arrival_at);
"""
DATA_TABLES += ("predeclarations",)


# --- Vehicle files of CPD carnets (issue 8) -----------------------------------------------------------------
SCHEMA += """
CREATE TABLE IF NOT EXISTS vehicle_records (
    record_id TEXT PRIMARY KEY, carnet_id TEXT NOT NULL, kind TEXT NOT NULL, doc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS vehicle_records_carnet ON vehicle_records (carnet_id, kind);
"""
DATA_TABLES += ("vehicle_records",)


# --- Identity (issue 16): credentials, sessions, workstations, offline grants ------------------------------
SCHEMA += IDENTITY_SCHEMA
DATA_TABLES += IDENTITY_TABLES


class Store:
    """A SQLite file shared by the central's request threads."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        if str(path) != ":memory:":
            create_private(self.path)
        self._conn = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None, timeout=30)
        self._conn.row_factory = sqlite3.Row
        self._lock = threading.RLock()
        self._depth = 0
        self._owner = 0
        """The thread inside a unit of work, if any."""
        self._readers = threading.local()
        self._reader_conns: list[sqlite3.Connection] = []
        with self._lock:
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=FULL")
            self._conn.execute("PRAGMA foreign_keys=ON")
            self._conn.executescript(SCHEMA)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One all-or-nothing unit of work; nested uses join the outer one."""
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield self._conn
                finally:
                    self._depth -= 1
                return
            self._conn.execute("BEGIN IMMEDIATE")
            self._depth = 1
            self._owner = threading.get_ident()
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            else:
                self._conn.execute("COMMIT")
            finally:
                self._depth = 0
                self._owner = 0

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """A consistent snapshot for a long read (the logs, the statistics) on this thread's own connection: it takes
        no lock, so commits and lookups go on meanwhile (WAL lets readers and the writer pass each other). A database
        in memory has one connection only: there, the read is a unit of work like any other."""
        if str(self.path) == ":memory:" or self._owner == threading.get_ident():  # inside this thread's unit of work
            with self.transaction() as db:
                yield db
            return
        conn: sqlite3.Connection | None = getattr(self._readers, "conn", None)
        if conn is None:
            conn = sqlite3.connect(str(self.path), check_same_thread=False, isolation_level=None, timeout=30)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA query_only=ON")
            self._readers.conn = conn
            with self._lock:
                self._reader_conns.append(conn)
        depth = getattr(self._readers, "depth", 0)
        if not depth:
            conn.execute("BEGIN")
            conn.execute("SELECT COUNT(*) FROM meta").fetchone()  # the snapshot starts now, not at the first read
        self._readers.depth = depth + 1
        try:
            yield conn
        finally:
            self._readers.depth = depth
            if not depth:
                conn.execute("ROLLBACK")

    def next_number(self, name: str, start: int = 1) -> int:
        with self.transaction() as db:
            row = db.execute("SELECT value FROM counters WHERE name = ?", (name,)).fetchone()
            value = start if row is None else int(row["value"]) + 1
            db.execute("INSERT OR REPLACE INTO counters (name, value) VALUES (?, ?)", (name, value))
            return value

    def ping(self) -> None:
        """Reach the database (raises :class:`sqlite3.Error` when it cannot be)."""
        with self._lock:
            self._conn.execute("SELECT COUNT(*) FROM meta").fetchone()

    def get_meta(self, key: str) -> str | None:
        with self.transaction() as db:
            row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
            return None if row is None else str(row["value"])

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction() as db:
            db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def wipe(self) -> None:
        with self.transaction() as db:
            for table in DATA_TABLES:
                db.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed table names

    def close(self) -> None:
        with self._lock:
            for reader in self._reader_conns:
                reader.close()
            self._conn.close()


OWNER_ONLY = 0o600
OWNER_ONLY_FOLDER = 0o700


def create_private(path: Path) -> None:
    """Create ``path`` empty, mode 0600, and the folders missing above it, mode 0700, unless it exists already (a
    file that exists keeps its mode). SQLite then opens a file it would otherwise have created world-readable."""
    missing = [folder for folder in (path.parent, *path.parent.parents) if not folder.exists()]
    for folder in reversed(missing):
        try:
            os.mkdir(folder, OWNER_ONLY_FOLDER)
        except FileExistsError:
            continue  # made meanwhile by another process: its mode is its own
        os.chmod(folder, OWNER_ONLY_FOLDER)  # the umask may have taken bits away
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, OWNER_ONLY)
    except FileExistsError:
        return
    try:
        os.fchmod(fd, OWNER_ONLY)
    finally:
        os.close(fd)
