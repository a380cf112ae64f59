"""``ecarnet-central db grant ROLE``: the rights of the PostgreSQL role a serving central connects as, and nothing
more. The database's owner (the role that runs ``db upgrade``) grants them after each upgrade.

The role reads and writes the central's records, but may only add to the audit trail (``audit``, ``audit_chain``,
``audit_territories``: SELECT and INSERT) and only read the schema's version: PostgreSQL itself then refuses to
change or remove a line of the trail, whatever a flaw in the central would let through. Anything more the role
held on those tables is revoked, so running the command again tightens the rights to exactly these. What the role
may still do through PUBLIC or a role it belongs to is checked afterwards and named (exit status 1).

A SQLite file has no accounts: whoever can write the file can change it. Protect it (the central makes it 0600) and
back it up (``ecarnet-central backup``)."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Any, cast

import psycopg
from psycopg import sql

from reference_central.database import POSTGRESQL
from reference_central.schema import DATA_TABLES
from reference_central.schema_version import check
from reference_central.store import Store

AUDIT_TABLES = ("audit", "audit_chain", "audit_territories")
"""The audit trail: the central appends to it, never changes it."""
VERSION_TABLE = "alembic_version"
READ_WRITE = ("SELECT", "INSERT", "UPDATE", "DELETE")
APPEND_ONLY = ("SELECT", "INSERT")
READ_ONLY = ("SELECT",)
TABLE_PRIVILEGES = ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER")
"""Every privilege PostgreSQL has on a table."""
SEQUENCE_PRIVILEGES = ("USAGE", "SELECT")
MAX_NAME_BYTES = 63
"""PostgreSQL's longest name (NAMEDATALEN - 1)."""

SQLITE_REFUSAL = (
    "ecarnet-central db grant: a SQLite file has no accounts to grant rights to: whoever can write the file can "
    "change it. Keep it readable by the central's user only (the central makes it 0600) and back it up "
    "(ecarnet-central backup PATH). Roles are for a central on PostgreSQL (docs/deploy.md)."
)


class GrantRefused(RuntimeError):
    """``db grant`` cannot be done as asked: nothing was granted or revoked."""


def table_rights() -> dict[str, tuple[str, ...]]:
    """The privileges a serving central's role holds on each table, and no other."""
    rights: dict[str, tuple[str, ...]] = {table: READ_WRITE for table in DATA_TABLES}
    rights.update({table: APPEND_ONLY for table in AUDIT_TABLES})
    rights[VERSION_TABLE] = READ_ONLY
    return rights


@dataclass
class Granted:
    """What :func:`grant` did, and what the role may still do beyond it."""

    role: str
    database: str
    schema: str
    sequences: list[str]
    can_log_in: bool
    beyond: list[str] = field(default_factory=list)
    """Privileges the role still holds through PUBLIC or a role it belongs to: ``"UPDATE on audit"``..."""


def valid_role_name(role: str) -> str:
    """``role`` if it can name a role of the central's; else :class:`GrantRefused` says why."""
    if not role or "\x00" in role or len(role.encode()) > MAX_NAME_BYTES:
        raise GrantRefused(f"{role!r} cannot be a PostgreSQL role's name: give 1 to {MAX_NAME_BYTES} bytes, no NUL")
    if role.startswith("pg_") or role.lower() == "public":
        raise GrantRefused(f"{role} is one of PostgreSQL's own roles: grant the rights to a role made for the central "
                           "(CREATE ROLE central_app LOGIN)")
    return role


def grant(store: Store, role: str) -> Granted:
    """Grant ``role`` what a serving central needs on ``store``'s database, all-or-nothing (see the module)."""
    if store.dialect != POSTGRESQL:
        raise GrantRefused(SQLITE_REFUSAL)
    valid_role_name(role)
    check(store)  # the tables of this release, made by `db upgrade`
    with store.engine.begin() as conn:
        raw = cast("psycopg.Connection[Any]", conn.connection.driver_connection)
        return _grant(raw.cursor(), role)


def _one(cur: psycopg.Cursor[Any], query: str, *params: object) -> Any:
    row = cur.execute(query, params).fetchone()
    return None if row is None else row[0]


def _grant(cur: psycopg.Cursor[Any], role: str) -> Granted:
    found = cur.execute("SELECT rolsuper, rolcanlogin FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
    if found is None:
        raise GrantRefused(f"there is no role {role} on this server: create it first, as a superuser "
                           f"(CREATE ROLE {role} LOGIN, then \\password {role} in psql)")
    superuser, can_log_in = bool(found[0]), bool(found[1])
    if superuser:
        raise GrantRefused(f"{role} is a superuser, whom PostgreSQL lets do anything: serve the central as a role "
                           "of its own (NOSUPERUSER), and grant that one")
    database, schema = _one(cur, "SELECT current_database()"), _one(cur, "SELECT current_schema()")
    owner = _one(cur, "SELECT tableowner FROM pg_tables WHERE schemaname = %s AND tablename = 'audit'", schema)
    if _one(cur, "SELECT pg_has_role(%s, %s, 'MEMBER')", role, owner):
        raise GrantRefused(f"{role} owns the central's tables or may act as their owner ({owner}), and an owner may "
                           "always give itself its rights back: serve the central as another LOGIN role")
    if not _one(cur, "SELECT pg_has_role(current_user, %s, 'MEMBER') OR "
                     "(SELECT rolsuper FROM pg_roles WHERE rolname = current_user)", owner):
        raise GrantRefused(f"{_one(cur, 'SELECT current_user')} may not grant rights on the central's tables: run "
                           f"db grant as their owner, {owner} (the role that runs db upgrade)")
    who, where = sql.Identifier(role), sql.Identifier(schema)
    cur.execute(sql.SQL("REVOKE ALL ON DATABASE {} FROM {}").format(sql.Identifier(database), who))
    cur.execute(sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(sql.Identifier(database), who))
    cur.execute(sql.SQL("REVOKE ALL ON SCHEMA {} FROM {}").format(where, who))
    cur.execute(sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(where, who))
    for table, rights in table_rights().items():
        name = sql.Identifier(schema, table)
        cur.execute(sql.SQL("REVOKE ALL ON TABLE {} FROM {}").format(name, who))
        cur.execute(sql.SQL("GRANT {} ON TABLE {} TO {}").format(sql.SQL(", ").join(map(sql.SQL, rights)), name, who))
    sequences = [str(r[0]) for r in cur.execute(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relkind = 'S' AND n.nspname = %s ORDER BY c.relname", (schema,))]
    for sequence in sequences:
        name = sql.Identifier(schema, sequence)
        cur.execute(sql.SQL("REVOKE ALL ON SEQUENCE {} FROM {}").format(name, who))
        cur.execute(sql.SQL("GRANT USAGE, SELECT ON SEQUENCE {} TO {}").format(name, who))
    return Granted(role, str(database), str(schema), sequences, can_log_in, _beyond(cur, role, schema))


def _beyond(cur: psycopg.Cursor[Any], role: str, schema: str) -> list[str]:
    """The privileges ``role`` holds on the central's tables beyond :func:`table_rights`, however it holds them."""
    beyond = []
    for table, rights in table_rights().items():
        qualified = sql.Identifier(schema, table).as_string(cur)
        for privilege in TABLE_PRIVILEGES:
            if privilege not in rights and _one(cur, "SELECT has_table_privilege(%s, %s, %s)", role, qualified,
                                                privilege):
                beyond.append(f"{privilege} on {table}")
    if _one(cur, "SELECT has_schema_privilege(%s, %s, 'CREATE')", role, schema):
        beyond.append(f"CREATE on schema {schema}")
    return beyond


def grant_command(store: Store, role: str) -> int:
    """``ecarnet-central db grant ROLE``: 0 granted, 1 granted but the role may still do more, 2 refused."""
    try:
        done = grant(store, role)
    except GrantRefused as exc:
        print(f"Not granted: {exc}. Nothing was changed.", file=sys.stderr)
        return 2
    trail = ", ".join(AUDIT_TABLES)
    print(f"{done.role} may now connect to {done.database} and read and write the central's records in schema "
          f"{done.schema}; on the audit trail ({trail}) it may only read and add (SELECT, INSERT), and it may only "
          f"read {VERSION_TABLE}. Sequences: {', '.join(done.sequences) or 'none'} (USAGE, SELECT).")
    if not done.can_log_in:
        print(f"{done.role} cannot log in (NOLOGIN): the central connects as a LOGIN role that belongs to it.")
    if done.beyond:
        print(f"But {done.role} may still do more, through PUBLIC or a role it belongs to: {'; '.join(done.beyond)}. "
              "Revoke those where they were granted, then run db grant again.", file=sys.stderr)
        return 1
    return 0
