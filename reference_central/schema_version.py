"""Which revision of the schema a database is at, and bringing it to the newest (``ecarnet-central db upgrade``).

A database with no table is made from :mod:`reference_central.schema` and stamped at the newest revision; any
other is migrated by Alembic, each revision all-or-nothing. A SQLite file of the release before migrations has
tables but no version: it is at no revision, behind 0001.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect

from reference_central.database import POSTGRESQL, DatabaseError, permission_denied
from reference_central.schema import metadata

if TYPE_CHECKING:
    from reference_central.store import Store

UPGRADE_COMMAND = "ecarnet-central db upgrade"
GRANT_COMMAND = "ecarnet-central db grant ROLE"
_SCRIPTS = Path(__file__).with_name("migrations")


def _config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(_SCRIPTS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@lru_cache(maxsize=1)
def head() -> str:
    """The newest revision this release knows."""
    found = ScriptDirectory.from_config(_config()).get_current_head()
    assert found is not None
    return found


@lru_cache(maxsize=1)
def _known() -> frozenset[str]:
    return frozenset({script.revision for script in ScriptDirectory.from_config(_config()).walk_revisions()})


@dataclass(frozen=True, slots=True)
class SchemaState:
    """Where a database is: ``current`` (``None``: not made yet, or a file of the release before migrations)."""

    current: str | None
    empty: bool

    @property
    def ready(self) -> bool:
        return self.current == head()

    @property
    def ahead(self) -> bool:
        """Made by a newer release than this one."""
        return self.current is not None and self.current not in _known()


class SchemaMismatch(RuntimeError):
    """The database is not at the revision this release serves: nothing was served or changed."""


def _state(conn: Connection) -> SchemaState:
    tables = set(inspect(conn).get_table_names())
    current = MigrationContext.configure(conn).get_current_revision() if "alembic_version" in tables else None
    return SchemaState(current, not (tables - {"alembic_version"}))


class NoRights(SchemaMismatch):
    """PostgreSQL refuses the role connected what the command needs: nothing was served or changed."""


def _role(store: Store) -> str:
    return store.url.username or "the role connected"


def state(store: Store) -> SchemaState:
    try:
        with store.engine.connect() as conn:
            return _state(conn)
    except DatabaseError as exc:
        if not permission_denied(exc):
            raise
        raise NoRights(f"{_role(store)} may not read the tables of {store.name}: the database's owner gives it a "
                       f"serving central's rights with `{GRANT_COMMAND.replace('ROLE', _role(store))}`") from exc


def check(store: Store) -> None:
    """Raise :class:`SchemaMismatch`, saying what to do, unless ``store`` is at the newest revision."""
    found = state(store)
    if found.ready:
        return
    if found.empty:
        raise SchemaMismatch(f"{store.name} has no tables yet: run `{UPGRADE_COMMAND}` to make them")
    if found.ahead:
        raise SchemaMismatch(
            f"{store.name} is at schema revision {found.current}, made by a newer release than this one (which "
            f"knows up to {head()}): run the newer release, or restore the backup taken before its upgrade")
    raise SchemaMismatch(
        f"{store.name} is at schema revision {found.current or 'none (a file of the release before migrations)'}, "
        f"behind this release's {head()}: take a backup, then run `{UPGRADE_COMMAND}`")


def upgrade(store: Store) -> tuple[str | None, str]:
    """Bring ``store`` to the newest revision, all-or-nothing; the revisions it was at and is at now. A database
    made by a newer release is refused (:class:`SchemaMismatch`)."""
    try:
        with store.engine.begin() as conn:
            found = _state(conn)
            if found.ahead:
                raise SchemaMismatch(f"{store.name} is at schema revision {found.current}, newer than this release's "
                                     f"{head()}: it cannot be taken back")
            if found.empty:
                metadata.create_all(conn)
                MigrationContext.configure(conn).stamp(ScriptDirectory.from_config(_config()), "head")
            elif found.current != head():
                command.upgrade(_config(conn), "head")
    except DatabaseError as exc:
        if not permission_denied(exc):
            raise
        raise NoRights(f"{_role(store)} may not change the tables of {store.name}: run `{UPGRADE_COMMAND}` as the "
                       "database's owner (the role that made them), never as the role the central serves as") from exc
    return found.current, head()


def schema_command(store: Store, command: str) -> int:
    """``ecarnet-central db upgrade`` and ``db status``: 0 when the database is (now) at this release's revision."""
    if command == "rebuild-summaries":
        return _rebuild_summaries(store)
    if command == "status":
        found = state(store)
        where = "empty" if found.empty else f"at revision {found.current or 'none (before migrations)'}"
        print(f"{store.name} is {where}; this release's revision is {head()}")
        return 0 if found.ready else 1
    try:
        before, after = upgrade(store)
    except SchemaMismatch as exc:
        print(f"Not upgraded: {exc}.", file=sys.stderr)
        return 2
    if before == after:
        print(f"{store.name} is at revision {after} already: nothing to do.")
    else:
        print(f"{store.name} upgraded from revision {before or 'none'} to {after}.")
        if store.dialect == POSTGRESQL:
            print(f"Then give the role the central serves as its rights on the tables as they are now: "
                  f"`{GRANT_COMMAND}`.")
    return 0


def _rebuild_summaries(store: Store) -> int:
    """``ecarnet-central db rebuild-summaries``: the Logs' and statistics' rows made again from the records, in one
    unit of work (the central may go on serving: its commits wait for it)."""
    from reference_central.carnet_summaries import rebuild

    try:
        check(store)
    except SchemaMismatch as exc:
        print(f"Not rebuilt: {exc}.", file=sys.stderr)
        return 2
    with store.transaction() as db:
        rebuild(db)
        carnets = int(db.execute("SELECT COUNT(*) FROM carnet_logs").fetchone()[0])
        committed = int(db.execute("SELECT COALESCE(SUM(committed), 0) FROM office_counts").fetchone()[0])
    print(f"{store.name}: the Logs' rows of {carnets} carnets and the counts of {committed} committed transactions "
          "made again from the records.")
    return 0
