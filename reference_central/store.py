"""The central's database: a SQLite file (the embedded default) or a PostgreSQL database (a real central), through
SQLAlchemy, every operation all-or-nothing.

- **SQLite** has one writer at a time: a unit of work begins ``IMMEDIATE`` (another process, such as the server's
  console, waits its turn), and the central's own request threads take turns on a lock before it rather than
  polling SQLite's busy handler. WAL mode lets reads pass the writer, and synchronous writes keep a committed
  transaction on disk before the reply leaves. The file holds password hashes and the audit trail: the central
  creates it readable and writable by its owner only (0600, whatever the umask), and the folders it creates for
  it 0700; SQLite gives the ``-wal`` and ``-shm`` files the database's own mode.
- **PostgreSQL** lets each request thread of each server process work at once, at READ COMMITTED: what must not
  happen twice is held by the database, with constraints, row locks (:meth:`Db.lock_row`) and transaction-scoped
  locks on names (:meth:`Db.lock_name`).

Long reads (the logs, the statistics) take a snapshot on a connection of their own (:meth:`Store.reading`): they
never hold up a commit.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, make_url
from sqlalchemy.engine import URL
from sqlalchemy.pool import StaticPool

from reference_central.database import POSTGRESQL, SQLITE, Db, OperationalError
from reference_central.identity.secret_box import KEY_FILE_ENV, key_path_for
from reference_central.schema import DATA_TABLES, NUMBERED

__all__ = ["DATA_TABLES", "MEMORY", "Store", "create_private", "database_url", "put_meta", "sqlite_file"]

MEMORY = ":memory:"
POOL_SIZE = 20
"""Connections a server process keeps to PostgreSQL (its request threads share them)."""


def database_url(where: Path | str) -> URL:
    """The SQLAlchemy URL of ``where``: a ``postgresql://`` or ``sqlite://`` URL as given (PostgreSQL through
    psycopg), anything else a SQLite file's path."""
    text = str(where)
    if text.startswith(("postgresql:", "postgresql+", "postgres:", "sqlite:", "sqlite+")):
        url = make_url(text.replace("postgres://", "postgresql://", 1))
        if url.get_backend_name() == POSTGRESQL:
            return url.set(drivername="postgresql+psycopg")
        return url
    if text == MEMORY:
        return make_url("sqlite://")
    return make_url("sqlite://").set(database=str(Path(text).resolve()))


def sqlite_file(where: Path | str) -> Path | None:
    """The SQLite file ``where`` names, or ``None`` when it names a PostgreSQL database (or one in memory)."""
    url = database_url(where)
    return Path(url.database) if url.get_backend_name() == SQLITE and url.database else None


class Store:
    """A database shared by the central's request threads (and, on PostgreSQL, by its server processes)."""

    def __init__(self, where: Path | str, *, key_file: Path | None = None, create: bool = True,
                 pool_size: int = POOL_SIZE) -> None:
        self.url = database_url(where)
        self.dialect = self.url.get_backend_name()
        self.memory = self.dialect == SQLITE and not self.url.database
        self.path = Path(self.url.database or MEMORY) if self.dialect == SQLITE else Path(MEMORY)
        """The SQLite file (``:memory:`` for a database in memory, and for PostgreSQL)."""
        self.name = str(self.path) if self.dialect == SQLITE else self.url.render_as_string(hide_password=True)
        """What messages call the database: the file, or the URL without its password."""
        env_key = os.environ.get(KEY_FILE_ENV)
        self.key_file: Path | None = key_file or (
            None if self.memory else key_path_for(self.path) if self.dialect == SQLITE
            else Path(env_key) if env_key else None)
        """The key sealing the TOTP secrets (``None``: a key kept in memory, for a database in memory)."""
        self._local = threading.local()
        self._closed = False
        self._writer = threading.Lock() if self.dialect == SQLITE else None
        self.engine = self._engine(pool_size)
        if create and self.dialect == SQLITE:
            from reference_central.schema_version import state, upgrade

            if state(self).empty:
                upgrade(self)

    def _engine(self, pool_size: int) -> Engine:
        if self.dialect == POSTGRESQL:
            return create_engine(self.url, pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True,
                                 pool_timeout=30)
        if self.memory:
            engine = create_engine(self.url, poolclass=StaticPool, connect_args={"check_same_thread": False})
        else:
            create_private(self.path)
            engine = create_engine(self.url, pool_size=8, max_overflow=56, pool_timeout=60,
                                   connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _connect(dbapi_conn: Any, _record: object) -> None:
            dbapi_conn.isolation_level = None  # the store says where units of work begin
            if not self.memory:
                dbapi_conn.execute("PRAGMA journal_mode=WAL")
            dbapi_conn.execute("PRAGMA synchronous=FULL")
            dbapi_conn.execute("PRAGMA foreign_keys=ON")

        @event.listens_for(engine, "begin")
        def _begin(conn: Connection) -> None:
            conn.exec_driver_sql(conn.info.pop("begin", "BEGIN IMMEDIATE"))  # said afresh by each unit

        return engine

    def _units(self) -> list[tuple[str, Db]]:
        units: list[tuple[str, Db]] | None = getattr(self._local, "units", None)
        if units is None:
            units = self._local.units = []
        return units

    @contextmanager
    def _unit(self, kind: str, conn: Connection) -> Iterator[Db]:
        units = self._units()
        db = Db(conn, self.dialect)
        units.append((kind, db))
        try:
            yield db
        finally:
            units.pop()

    @contextmanager
    def transaction(self) -> Iterator[Db]:
        """One all-or-nothing unit of work; nested uses join the outer one."""
        units = self._units()
        if units and units[-1][0] == "write":
            yield units[-1][1]
            return
        with self._writer or nullcontext(), self.engine.connect() as conn:
            conn.info["begin"] = "BEGIN IMMEDIATE"
            with conn.begin(), self._unit("write", conn) as db:
                yield db
                db.run_deferred()

    @contextmanager
    def reading(self) -> Iterator[Db]:
        """A consistent snapshot for a long read (the logs, the statistics) on a connection of its own: it holds no
        lock, so commits and lookups go on meanwhile. Inside a unit of work, it reads that unit's own view. A
        database in memory has one connection only: there, the read is a unit of work like any other."""
        units = self._units()
        if units:
            yield units[-1][1]
            return
        if self.memory:
            with self.transaction() as db:
                yield db
            return
        with self.engine.connect() as conn:
            if self.dialect == POSTGRESQL:
                conn.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
            conn.info["begin"] = "BEGIN"
            transaction = conn.begin()
            try:
                with self._unit("read", conn) as db:
                    db.execute("SELECT COUNT(*) FROM meta").fetchone()  # the snapshot starts now, not at the first read
                    yield db
            finally:
                transaction.rollback()

    def next_number(self, name: str, start: int = 1) -> int:
        """The next number of ``name`` (one of :data:`reference_central.schema.NUMBERED`). On PostgreSQL, from its
        sequence: no unit of work waits on another's for a number, and a number taken by one that fails is not
        given again (numbers may skip, never repeat)."""
        if self.dialect == POSTGRESQL:
            assert name in NUMBERED, name
            with self.transaction() as db:
                return int(db.execute(f"SELECT nextval('number_{name}')").fetchone()[0])
        with self.transaction() as db:
            row = db.execute(
                "INSERT INTO counters (name, value) VALUES (?, ?) "
                "ON CONFLICT (name) DO UPDATE SET value = counters.value + 1 RETURNING value", (name, start),
            ).fetchone()
            assert row is not None
            return int(row[0])

    def ping(self) -> None:
        """Reach the database (raises :class:`reference_central.database.DatabaseError` when it cannot be)."""
        if self._closed:
            raise OperationalError("SELECT 1", (), ConnectionError(f"{self.name} was closed"))
        with self._writer or nullcontext(), self.engine.connect() as conn:
            conn.info["begin"] = "BEGIN"
            conn.exec_driver_sql("SELECT COUNT(*) FROM meta").fetchone()

    def get_meta(self, key: str) -> str | None:
        with self.transaction() as db:
            row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
            return None if row is None else str(row["value"])

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction() as db:
            put_meta(db, key, value)

    def wipe(self) -> None:
        """Remove every row (the schema stays)."""
        with self.transaction() as db:
            for table in DATA_TABLES:  # on small tables, far quicker than PostgreSQL's TRUNCATE
                db.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed table names
            if self.dialect == POSTGRESQL:
                for name in NUMBERED:
                    db.execute(f"ALTER SEQUENCE number_{name} RESTART")

    def close(self) -> None:
        self._closed = True
        self.engine.dispose()


def put_meta(db: Db, key: str, value: str) -> None:
    db.execute("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
               (key, value))


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
