"""Whether a central's database is a training database or a live one. It is said when the database is created
and never changes; demo tooling (``serve --demo``, ``demo reset``, ``demo-codes``, the embedded demo) refuses a
live database before writing a byte to it."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reference_central.store import Store

KIND_META = "database_kind"
TRAINING = "training"
LIVE = "live"
UNREADABLE = "unreadable"
"""What :func:`kind_at` says of a file SQLite cannot read as a central's database (another program's file, a
damaged one, one this user may not read): never a demo to wipe."""


class LiveDatabase(RuntimeError):
    """Demo tooling was pointed at a database it must not change (a live one): nothing was changed."""

    def __init__(self, where: str, why: str = "") -> None:
        what = why or "a live central's database"
        super().__init__(
            f"{where} is {what}: demo tooling never changes it. Use the demo database (the default of the demo "
            "commands) or a new file with --db."
        )


def _kind(meta: dict[str, str], has_accounts: bool) -> str | None:
    if meta.get(KIND_META) in (TRAINING, LIVE):
        return meta[KIND_META]
    if meta.get("training") == "1":
        return TRAINING  # a demo database of an earlier release
    return LIVE if has_accounts else None


def kind_at(path: Path) -> str | None:
    """The kind of the database at ``path``, read without writing anything: :data:`TRAINING`, :data:`LIVE`,
    :data:`UNREADABLE`, or ``None`` (no file there, or an empty database)."""
    if not path.is_file():
        return None
    # A closed database is read as an immutable file: SQLite then creates no -wal or -shm beside it (a read-only
    # connection to a WAL database otherwise would, and leave them there). One that a central has open, or that
    # was left with a journal, is read through that journal.
    journal = any(path.with_name(path.name + tail).exists() for tail in ("-wal", "-journal"))
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?{'mode=ro' if journal else 'immutable=1'}", uri=True)
    except sqlite3.Error:
        return UNREADABLE
    try:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall()) if "meta" in tables else {}
        has_accounts = "accounts" in tables and conn.execute("SELECT 1 FROM accounts LIMIT 1").fetchone() is not None
    except sqlite3.Error:
        return UNREADABLE
    finally:
        conn.close()
    return _kind(meta, has_accounts)


def refuse_live_at(path: Path) -> None:
    """Raise :class:`LiveDatabase` unless demo tooling may use ``path`` (a training database, an empty one, or
    none yet), having read it without writing."""
    kind = kind_at(path)
    if kind == LIVE:
        raise LiveDatabase(str(path))
    if kind == UNREADABLE:
        raise LiveDatabase(str(path), "not a central's database this user can read")


def kind_of(store: Store) -> str | None:
    with store.transaction() as db:
        meta = {str(r["key"]): str(r["value"]) for r in db.execute("SELECT key, value FROM meta")}
        has_accounts = db.execute("SELECT 1 FROM accounts LIMIT 1").fetchone() is not None
    return _kind(meta, has_accounts)


def refuse_live(store: Store) -> None:
    if kind_of(store) == LIVE:
        raise LiveDatabase(store.name)


def mark(store: Store, kind: str) -> None:
    """Say what the database is, once: a database already marked keeps its kind."""
    current = kind_of(store)
    if current is None:
        store.set_meta(KIND_META, kind)
    elif current != kind:
        raise LiveDatabase(store.name) if current == LIVE else ValueError(
            f"{store.name} is a training database: a live central needs a database of its own")
