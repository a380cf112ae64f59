"""One connection's unit of work, whichever engine is under it: the central's records write plain SQL with ``?``
placeholders that both SQLite and PostgreSQL understand (``INSERT ... ON CONFLICT``, ``RETURNING``), and this
module hands it to the engine through SQLAlchemy, in the driver's own parameter style.

A row is read by column name (``row["doc"]``) or by position (``row[0]``), and unpacks like a tuple.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, CursorResult
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from carnet_domain.refusals import RefusalCode as R
from reference_central.errors import CentralError

SQLITE = "sqlite"
POSTGRESQL = "postgresql"

DatabaseError = DBAPIError
"""What the engine raises when a statement fails or the database cannot be reached (SQLAlchemy's wrapper of the
driver's error)."""
__all__ = ["POSTGRESQL", "SQLITE", "Cursor", "DatabaseError", "Db", "IntegrityError", "OperationalError", "Row",
           "permission_denied"]
INSUFFICIENT_PRIVILEGE = "42501"


def permission_denied(exc: BaseException) -> bool:
    """Whether ``exc`` is PostgreSQL refusing the role connected a privilege (SQLSTATE 42501)."""
    return getattr(getattr(exc, "orig", None), "sqlstate", None) == INSUFFICIENT_PRIVILEGE


@lru_cache(maxsize=1024)
def _format_style(sql: str) -> str:
    """``sql`` with ``?`` placeholders in psycopg's ``%s`` style (a literal ``%`` doubled)."""
    return sql.replace("%", "%%").replace("?", "%s")


class Row:
    """One row: by column name, by position, or unpacked."""

    __slots__ = ("_index", "_values")

    def __init__(self, values: Sequence[Any], index: dict[str, int]) -> None:
        self._values = values
        self._index = index

    def __getitem__(self, key: int | str) -> Any:
        return self._values[self._index[key] if isinstance(key, str) else key]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def keys(self) -> list[str]:
        return list(self._index)


class Cursor:
    """What a statement gave back."""

    def __init__(self, result: CursorResult[Any]) -> None:
        self._result = result
        self._index: dict[str, int] = (
            {name: i for i, name in enumerate(result.keys())} if result.returns_rows else {}
        )

    @property
    def rowcount(self) -> int:
        return int(self._result.rowcount)

    def fetchone(self) -> Any:
        """The next :class:`Row`, or ``None`` (typed as loosely as the DB-API's)."""
        found = self._result.fetchone()
        return None if found is None else Row(tuple(found), self._index)

    def fetchall(self) -> list[Row]:
        return [Row(tuple(r), self._index) for r in self._result.fetchall()]

    def __iter__(self) -> Iterator[Row]:
        for found in self._result:
            yield Row(tuple(found), self._index)


class Db:
    """A connection inside a unit of work (:meth:`reference_central.store.Store.transaction`) or a read
    (:meth:`~reference_central.store.Store.reading`)."""

    def __init__(self, conn: Connection, dialect: str) -> None:
        self.conn = conn
        self.dialect = dialect
        self._deferred: dict[str, Callable[[], None]] = {}
        self._last: list[Callable[[], None]] = []

    def defer(self, key: str, work: Callable[[], None]) -> None:
        """Do ``work`` once, at the end of the unit of work, however many times it is asked for under ``key`` (what
        is derived from many rows written in one unit: a carnet's summary after its transactions)."""
        self._deferred[key] = work

    def at_the_end(self, work: Callable[[], None]) -> None:
        """Do ``work`` last, just before the unit of work commits: for a row many units write (a count), so that it
        is held for as short a time as can be."""
        self._last.append(work)

    def run_deferred(self) -> None:
        """What was deferred, in the order first asked, then what comes at the end (the unit of work ends after it)."""
        while self._deferred:
            key = next(iter(self._deferred))
            self._deferred.pop(key)()
        while self._last:
            self._last.pop(0)()

    def _sql(self, sql: str) -> str:
        return _format_style(sql) if self.dialect == POSTGRESQL else sql

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Cursor:
        values = tuple(params)
        if any(isinstance(v, str) and "\x00" in v for v in values):
            # PostgreSQL stores no NUL in text, and the central never stored one: no record has such a name.
            raise CentralError(R.INVALID_REQUEST, "a value holds a NUL character (U+0000): remove it")
        return Cursor(self.conn.exec_driver_sql(self._sql(sql), values))

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        many = [tuple(r) for r in rows]
        if many:
            self.conn.exec_driver_sql(self._sql(sql), many)

    @contextmanager
    def refused_on_conflict(self, signs: tuple[str, ...], refusal: CentralError) -> Iterator[None]:
        """Write in a savepoint; a unique index broken (another server process wrote first), told by one of ``signs``
        in the engine's message (the index's name on PostgreSQL, its columns on SQLite), is answered ``refusal``,
        as the rules would have refused it; the unit of work goes on."""
        try:
            with self.conn.begin_nested():
                yield
        except IntegrityError as exc:
            if not any(sign in str(exc.orig) for sign in signs):
                raise
            raise refusal from exc

    def lock_row(self, table: str, column: str, value: str) -> None:
        """Hold the row of ``table`` whose ``column`` is ``value`` until the unit of work ends: another server process
        wanting it waits, then reads what this one committed. SQLite needs no row lock (one writer at a time)."""
        if self.dialect == POSTGRESQL:
            self.execute(f"SELECT 1 FROM {table} WHERE {column} = ? FOR UPDATE", (value,))  # noqa: S608 - fixed names

    def lock_name(self, name: str) -> None:
        """Hold the name ``name`` (something that has no row yet: an idempotency key, a region's audit chain) until
        the unit of work ends, across every server process. SQLite needs none (one writer at a time)."""
        if self.dialect == POSTGRESQL:
            self.execute("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", (name,))


@lru_cache(maxsize=64)
def _replace_sql(table: str, width: int) -> str:
    from reference_central.schema import metadata

    columns = [c.name for c in metadata.tables[table].columns][:width]
    key = [c.name for c in metadata.tables[table].primary_key.columns]
    changed = [c for c in columns if c not in key]
    update = ", ".join(f"{c} = excluded.{c}" for c in changed)
    return (f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))}) "  # noqa: S608
            f"ON CONFLICT ({', '.join(key)}) DO " + (f"UPDATE SET {update}" if update else "NOTHING"))


def marks(values: Sequence[object]) -> str:
    """The placeholders of an ``IN (...)`` holding ``values``."""
    return ", ".join("?" * len(values))


def replace(db: Db, table: str, values: Sequence[Any]) -> None:
    """Write the row of ``table`` made of ``values`` (its first columns, in order), over the row with the same key."""
    db.execute(_replace_sql(table, len(values)), values)
