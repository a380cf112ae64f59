"""``ecarnet-central db grant ROLE``: a central serving as the granted PostgreSQL role signs in, commits and writes
its audit trail, but PostgreSQL itself refuses that role any change to a line of the trail; running the command
again takes back what the role held beyond; what it cannot take back (PUBLIC's rights) it names; and a role name is
always quoted, never pasted into SQL."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import LiteralString

import httpx
import pytest
from psycopg import errors, sql
from sqlalchemy import make_url

from carnet_domain.transaction_types import TransactionType as T
from central_contract.models import AuditAction, AuditEntry
from reference_central import shift_records
from reference_central.cli import main
from reference_central.clock import SettableClock
from reference_central.database_roles import AUDIT_TABLES, TABLE_PRIVILEGES, table_rights
from reference_central.demo.seed import seed_demo
from reference_central.identity.passwords import CHEAP_PROFILE
from reference_central.schema_version import head
from reference_central.server import BackgroundCentral
from reference_central.service import Central
from reference_central.store import Store
from tests import postgres
from tests.api.identity_helpers import bearer, signed_in
from tests.central_world import STANDING, World, make_carnet
from tests.conftest import NOW, PostgresDatabases


@dataclass(frozen=True)
class AppRole:
    """A LOGIN role of its own on an emptied database at this release's schema, whose tables its owner made."""

    owner_url: str
    role: str

    @property
    def url(self) -> str:
        """The database's URL as the role."""
        return make_url(self.owner_url).set(username=self.role).render_as_string(hide_password=False)

    def holds(self, table: str, privilege: str) -> bool:
        with postgres.connect(self.owner_url) as conn:
            found = conn.execute("SELECT has_table_privilege(%s, %s, %s)", (self.role, table, privilege)).fetchone()
        assert found is not None
        return bool(found[0])

    def rights(self) -> dict[str, tuple[str, ...]]:
        """What the role may do on each of the central's tables, as PostgreSQL answers."""
        return {table: tuple(p for p in TABLE_PRIVILEGES if self.holds(table, p)) for table in table_rights()}


def _new_role(owner_url: str, prefix: str = "deploy_app_") -> str:
    role = f"{prefix}{uuid.uuid4().hex[:8]}"
    with postgres.connect(owner_url) as conn:
        conn.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(role)))
    return role


def _drop_role(owner_url: str, role: str) -> None:
    with postgres.connect(owner_url) as conn:
        conn.execute(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(role)))  # its grants in this database
        conn.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(role)))


@pytest.fixture
def app_role(postgres_databases: PostgresDatabases) -> Iterator[AppRole]:
    owner_url = postgres_databases.emptied("roles")
    made = AppRole(owner_url, _new_role(owner_url))
    yield made
    _drop_role(owner_url, made.role)


def _grant(url: str, role: str) -> int:
    return main(["--db", url, "db", "grant", role])


def test_a_central_serving_as_the_granted_role_signs_in_commits_and_writes_its_audit_trail(
    app_role: AppRole, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    assert _grant(app_role.owner_url, app_role.role) == 0
    said = capsys.readouterr().out
    assert "audit, audit_chain, audit_territories" in said and "(SELECT, INSERT)" in said, said
    key = tmp_path / "central.key"
    owner = Store(app_role.owner_url, key_file=key)
    seed_demo(owner, NOW, profile=CHEAP_PROFILE)  # the owner's work (the demo wipes tables first)
    owner.close()

    store = Store(app_role.url, key_file=key)
    clock = SettableClock(NOW)
    server = BackgroundCentral(Central(store, clock, profile=CHEAP_PROFILE, policy=STANDING))
    server.start()
    world = World(server, store, clock, {})
    try:
        carnet = world.add_carnet(make_carnet("990001", "CH-ROLE00001"))
        world.declare(carnet, T.VALIDATION, "ROLEAAAAAAAA")
        with httpx.Client(base_url=world.url, timeout=10) as http:
            session = signed_in(world, http, "officer.ch")
            body = {"carnet_id": carnet.carnet_id, "transaction_code": "ROLEAAAAAAAA", "type": "validation",
                    "office_id": "gva-airport", "goods": {"declared_goods": ""}, "customs": {}}
            committed = http.post("/v1/transactions", json=body,
                                  headers={**bearer(session.token), "Idempotency-Key": str(uuid.uuid4())})
            assert committed.status_code == 201, committed.text
    finally:
        server.stop()
        store.close()
    with postgres.connect(app_role.url) as conn:
        lines = conn.execute("SELECT action FROM audit WHERE account_id = 'officer.ch'").fetchall()
    assert ("sign_in",) in lines, lines

    assert main(["--db", app_role.url, "audit", "verify"]) == 0
    verified = capsys.readouterr().out
    assert "intact" in verified and "BROKEN" not in verified, verified


FORBIDDEN: tuple[LiteralString, ...] = (
    "UPDATE audit SET doc = '{}'",
    "UPDATE audit_chain SET hash = repeat('0', 64)",
    "DELETE FROM audit",
    "DELETE FROM audit_chain",
    "DELETE FROM audit_territories",
    "TRUNCATE audit",
    "TRUNCATE audit_chain",
    "UPDATE alembic_version SET version_num = '0001'",
    "INSERT INTO alembic_version VALUES ('9999')",
)

OWNER_ONLY: tuple[LiteralString, ...] = (
    "DROP TABLE audit", "ALTER TABLE audit DISABLE TRIGGER ALL", "CREATE TABLE audit2 (a int)",
)


def test_postgresql_refuses_the_granted_role_any_change_to_a_line_of_the_audit_trail(
    app_role: AppRole, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    assert _grant(app_role.owner_url, app_role.role) == 0
    store = Store(app_role.url, key_file=tmp_path / "central.key")
    try:
        for n in range(3):
            with store.transaction() as db:
                shift_records.put_audit(db, AuditEntry(
                    entry_id=str(store.next_number("audit")), at=NOW, action=AuditAction.SIGN_IN,
                    account_id="officer.ch", account_name="Officer", office_id="gva-airport", office_name="GVA",
                    region_id="ch-geneve", reason=f"line {n}", territories=["EU"],
                ))
    finally:
        store.close()
    with postgres.connect(app_role.url) as conn:
        for statement in FORBIDDEN:
            with pytest.raises(errors.InsufficientPrivilege, match="permission denied"):
                conn.execute(statement)
        for statement in OWNER_ONLY:
            with pytest.raises(errors.InsufficientPrivilege):
                conn.execute(statement)
        counted = conn.execute("SELECT (SELECT COUNT(*) FROM audit), (SELECT COUNT(*) FROM audit_chain), "
                               "(SELECT COUNT(*) FROM audit_territories)").fetchone()
    assert counted == (3, 3, 3)
    assert main(["--db", app_role.url, "audit", "verify"]) == 0
    assert "ch-geneve: 3 lines, intact" in capsys.readouterr().out


def test_granting_again_takes_back_what_the_role_held_beyond_the_central_s_needs(
    app_role: AppRole, capsys: pytest.CaptureFixture[str],
) -> None:
    with postgres.connect(app_role.owner_url) as conn:
        who = sql.Identifier(app_role.role)
        conn.execute(sql.SQL("GRANT ALL ON audit, audit_chain, audit_territories, alembic_version, meta TO {}")
                     .format(who))
        conn.execute(sql.SQL("GRANT CREATE ON SCHEMA public TO {}").format(who))
    assert app_role.holds("audit", "UPDATE") and app_role.holds("meta", "TRUNCATE")

    assert _grant(app_role.owner_url, app_role.role) == 0
    assert app_role.rights() == table_rights()
    assert all(app_role.rights()[t] == ("SELECT", "INSERT") for t in AUDIT_TABLES)
    with postgres.connect(app_role.url) as conn, pytest.raises(errors.InsufficientPrivilege):
        conn.execute("CREATE TABLE audit_copy (a int)")
    assert _grant(app_role.owner_url, app_role.role) == 0  # again: the same rights
    assert app_role.rights() == table_rights()
    capsys.readouterr()


def test_what_the_role_may_do_through_public_is_named_and_the_command_fails(
    app_role: AppRole, capsys: pytest.CaptureFixture[str],
) -> None:
    with postgres.connect(app_role.owner_url) as conn:
        conn.execute("GRANT UPDATE, TRUNCATE ON audit TO PUBLIC")
    try:
        assert _grant(app_role.owner_url, app_role.role) == 1
        said = capsys.readouterr().err
        assert "UPDATE on audit; TRUNCATE on audit" in said and "PUBLIC" in said, said
    finally:
        with postgres.connect(app_role.owner_url) as conn:
            conn.execute("REVOKE UPDATE, TRUNCATE ON audit FROM PUBLIC")
    assert _grant(app_role.owner_url, app_role.role) == 0


def test_a_role_that_could_undo_the_grant_is_refused_and_nothing_changes(
    app_role: AppRole, capsys: pytest.CaptureFixture[str],
) -> None:
    superuser = make_url(app_role.owner_url).username
    assert superuser is not None
    member = _new_role(app_role.owner_url)
    with postgres.connect(app_role.owner_url) as conn:  # the owner here is the server's superuser
        conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(superuser), sql.Identifier(member)))
    try:
        refusals = {
            superuser: "is a superuser",
            member: "may act as their owner",
            "nobody_" + uuid.uuid4().hex[:8]: "there is no role",
            "pg_monitor": "one of PostgreSQL's own roles",
            "x" * 64: "1 to 63 bytes",
        }
        for role, why in refusals.items():
            assert _grant(app_role.owner_url, role) == 2, role
            said = capsys.readouterr().err
            assert why in said and "Nothing was changed." in said, said
        assert not app_role.holds("meta", "SELECT")
    finally:
        _drop_role(app_role.owner_url, member)


def test_the_central_s_role_is_told_what_to_run_when_it_lacks_rights_or_runs_the_owner_s_commands(
    app_role: AppRole, capsys: pytest.CaptureFixture[str],
) -> None:
    owner = make_url(app_role.owner_url).username
    for command in (["serve", "--port", "0"], ["db", "status"], ["audit", "verify"]):
        assert main(["--db", app_role.url, *command]) == 2, command
        said = capsys.readouterr().err
        assert f"{app_role.role} may not read the tables of" in said, said
        assert f"`ecarnet-central db grant {app_role.role}`" in said, said
    assert _grant(app_role.owner_url, app_role.role) == 0
    assert _grant(app_role.url, app_role.role) == 2  # the role itself is not the tables' owner
    assert f"run db grant as their owner, {owner}" in capsys.readouterr().err
    with postgres.connect(app_role.owner_url) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0001'")  # as if this release were newer
    try:
        assert main(["--db", app_role.url, "db", "upgrade"]) == 2
        said = capsys.readouterr().err
        assert f"{app_role.role} may not change the tables" in said and "as the database's owner" in said, said
    finally:
        with postgres.connect(app_role.owner_url) as conn:
            conn.execute("UPDATE alembic_version SET version_num = %s", (head(),))


def test_a_role_name_is_quoted_never_pasted_into_sql(app_role: AppRole, capsys: pytest.CaptureFixture[str]) -> None:
    strange = _new_role(app_role.owner_url, prefix='deploy "app"; DROP TABLE audit; -- ')
    try:
        assert _grant(app_role.owner_url, strange) == 0, capsys.readouterr().err
        assert AppRole(app_role.owner_url, strange).rights() == table_rights()
        with postgres.connect(app_role.owner_url) as conn:
            assert conn.execute("SELECT to_regclass('audit') IS NOT NULL").fetchone() == (True,)
    finally:
        _drop_role(app_role.owner_url, strange)


def test_a_sqlite_file_has_no_accounts_to_grant(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "central.sqlite3"
    assert main(["--db", str(db), "db", "grant", "central_app"]) == 2
    said = capsys.readouterr().err
    assert "a SQLite file has no accounts" in said and "ecarnet-central backup PATH" in said, said
    assert not db.exists()  # nothing was made


def test_the_central_s_connection_cannot_give_itself_rights(app_role: AppRole) -> None:
    assert _grant(app_role.owner_url, app_role.role) == 0
    with postgres.connect(app_role.url) as conn:
        conn.execute(sql.SQL("GRANT UPDATE ON audit TO {}").format(sql.Identifier(app_role.role)))  # a warning only
        with pytest.raises(errors.InsufficientPrivilege):
            conn.execute(sql.SQL("ALTER TABLE audit OWNER TO {}").format(sql.Identifier(app_role.role)))
    assert not app_role.holds("audit", "UPDATE")
