"""Who may do what over HTTP: the role matrix, region bounds, authentication and what account management
records. Every call goes to the real central on loopback; what it recorded is read back from its SQLite file.
A person's account never gets a token: it is created with a set-password code and signs in with it (the sign-in
itself is tested in ``test_identity_*``); integration accounts get tokens.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import httpx
import pytest

from carnet_domain.organisation import (
    ROLE_MATRIX,
    SEEDED_ROLES,
    Account,
    Office,
    Permission,
    Region,
    Role,
    may,
    permissions_of,
)
from carnet_domain.transaction_types import TransactionType as T
from central_contract.identity import CreatedAccount, IssuedToken
from central_contract.models import Me, Statistics
from reference_central import records
from reference_central.demo.organisation import ACCOUNTS, OFFICES
from reference_central.demo.seed import scenario_codes
from reference_central.identity import records as ids
from reference_central.identity.setup_codes import normal_setup_code
from reference_central.training.code_sets import demo_scenarios
from tests.api.identity_helpers import STRONG, first_sign_in
from tests.central_world import Database, World, make_carnet, start_world
from tests.conftest import NOW
from tests.unit.domain_factories import tx

Body = dict[str, Any]

ROLE_ACCOUNT: dict[Role, str] = {
    Role.OFFICER: "officer.ch",
    Role.CONTROLLER: "controller.ch",
    Role.REGIONAL_MANAGER: "manager.ch",
    Role.ADMIN: "admin",
}
"""One demo account per role; all four work at gva-airport in region ch-geneve (territory CH)."""
GIVEN_ROLES = tuple(r for r in Role if r not in SEEDED_ROLES)
"""The roles an account may be given: those a live central's accounts have (a trainer is seeded on a training
central only, :mod:`tests.api.test_classroom`)."""

CARNET_ID = "883"
TOKEN_BODY: Body = {"route_groups": ["transactions"]}
"""What an integration token is asked for in these tests."""


@pytest.fixture
def http(world: World) -> Iterator[httpx.Client]:
    carnet = world.add_carnet(make_carnet(CARNET_ID, "CHTA00000133"))
    # Validated at Basel (territory CH, outside the region of the accounts above): in the Swiss logs, and
    # nowhere in the statistics of Genève.
    validated = tx(T.VALIDATION, "CH", date(2026, 1, 5), of=carnet).model_copy(
        update={"office_id": "basel-rhein", "office_name": "Basel Rheinhafen"})
    with world.store.transaction() as db:
        records.put_transaction(db, validated)
    with httpx.Client(base_url=world.url, timeout=10.0) as client:
        yield client


def auth(world: World, account_id: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {world.tokens[account_id]}"}


def error_of(response: httpx.Response) -> dict[str, Any]:
    """The refusal body; every refusal carries a code, a message and whether it is permanent."""
    body = response.json()
    assert set(body) == {"error"}, body
    error: dict[str, Any] = body["error"]
    assert isinstance(error["code"], str)
    assert error["code"]
    assert isinstance(error["message"], str)
    assert error["message"]
    assert isinstance(error["permanent"], bool)
    return error


def assert_refused(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    error = error_of(response)
    assert error["code"] == code
    assert error["permanent"] is True
    return error


def count(world: World, table: str) -> int:
    with world.store.transaction() as db:
        return int(db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])


def stored_account(world: World, account_id: str) -> Account | None:
    with world.store.transaction() as db:
        return records.account(db, account_id)


def stored_office(world: World, office_id: str) -> Office | None:
    with world.store.transaction() as db:
        return records.office(db, office_id)


def stored_region(world: World, region_id: str) -> Region | None:
    with world.store.transaction() as db:
        return records.region(db, region_id)


def new_account(account_id: str, role: Role, office_id: str = "bardonnex", kind: str = "person") -> Body:
    return {
        "account_id": account_id, "display_name": f"New {role.value}", "badge": "CH-N-1",
        "email": f"{account_id}@example.invalid", "role": role.value, "office_id": office_id, "kind": kind,
    }


def new_office(office_id: str, region_id: str = "ch-geneve") -> Body:
    return {"office_id": office_id, "name": f"Office {office_id}", "region_id": region_id,
            "timezone": "Europe/Zurich"}


def new_region(region_id: str) -> Body:
    return {"region_id": region_id, "name": f"Region {region_id}", "country": "CH", "territory": "CH"}


# --- the role matrix, endpoint by endpoint ------------------------------------------------------------


@dataclass(frozen=True)
class Endpoint:
    """One guarded endpoint: the permission the matrix ties it to, how to call it and what it creates."""

    name: str
    permission: Permission
    method: str
    path: str | Callable[[str], str]
    """The path, or the path for a caller (what an earlier endpoint of the list created for it)."""
    body: Callable[[str], Body | None]
    """The body for a caller (its account ID keeps created identifiers apart)."""
    table: str | None = None
    """The table a successful call adds a row to; a refused call must leave it unchanged."""
    created: int = 200
    content: Callable[[str], bytes] | None = None
    """A body that is not JSON (a spreadsheet, sent as CSV), instead of ``body``."""


def _slug(caller: str) -> str:
    return caller.replace(".", "-")


ENDPOINTS = (
    Endpoint("statistics", Permission.STATISTICS, "GET", "/v1/statistics", lambda _: None),
    Endpoint("reconciliation log", Permission.LOGS, "GET", f"/v1/logs/carnets/{CARNET_ID}/reconciliation",
             lambda _: None),
    Endpoint("account list", Permission.CREATE_OFFICER_ACCOUNT, "GET", "/v1/accounts", lambda _: None),
    Endpoint("create officer", Permission.CREATE_OFFICER_ACCOUNT, "POST", "/v1/accounts",
             lambda c: new_account(f"off.by.{c}", Role.OFFICER), "accounts", 201),
    Endpoint("create controller", Permission.CREATE_CONTROLLER_ACCOUNT, "POST", "/v1/accounts",
             lambda c: new_account(f"ctl.by.{c}", Role.CONTROLLER), "accounts", 201),
    Endpoint("create regional manager", Permission.CREATE_REGIONAL_MANAGER_ACCOUNT, "POST", "/v1/accounts",
             lambda c: new_account(f"rm.by.{c}", Role.REGIONAL_MANAGER), "accounts", 201),
    Endpoint("create admin", Permission.CREATE_ADMIN_ACCOUNT, "POST", "/v1/accounts",
             lambda c: new_account(f"adm.by.{c}", Role.ADMIN), "accounts", 201),
    Endpoint("create office", Permission.CREATE_OFFICE, "POST", "/v1/offices",
             lambda c: new_office(f"office-{_slug(c)}"), "offices", 201),
    Endpoint("create region", Permission.CREATE_REGION, "POST", "/v1/regions",
             lambda c: new_region(f"region-{_slug(c)}"), "regions", 201),
    Endpoint("edit office", Permission.CREATE_OFFICE, "PATCH", lambda c: f"/v1/offices/office-{_slug(c)}",
             lambda _: {"types": ["land_port"], "latitude": 46.2, "longitude": 6.1}),
    Endpoint("deactivate office", Permission.CREATE_OFFICE, "POST",
             lambda c: f"/v1/offices/office-{_slug(c)}/deactivate", lambda _: {"reason": "Closed"}),
    Endpoint("activate office", Permission.CREATE_OFFICE, "POST", lambda c: f"/v1/offices/office-{_slug(c)}/activate",
             lambda _: None),
    Endpoint("delete office", Permission.CREATE_OFFICE, "DELETE", lambda c: f"/v1/offices/office-{_slug(c)}",
             lambda _: None, created=204),
    Endpoint("regions", Permission.DIRECTORY, "GET", "/v1/regions", lambda _: None),
    Endpoint("edit region", Permission.CREATE_REGION, "PATCH", lambda c: f"/v1/regions/region-{_slug(c)}",
             lambda _: {"name": "Renamed"}),
    Endpoint("delete region", Permission.CREATE_REGION, "DELETE", lambda c: f"/v1/regions/region-{_slug(c)}",
             lambda _: None, created=204),
    Endpoint("import template", Permission.BULK_CREATION, "GET", "/v1/imports/regions/template", lambda _: None),
    Endpoint("import regions", Permission.BULK_CREATION, "POST", "/v1/imports/regions", lambda _: None, "regions",
             content=lambda c: f"region_id,name,country,territory\nbulk-{_slug(c)},Bulk {c},CH,CH\n".encode()),
    Endpoint("last transactions", Permission.PROCESS_CARNET, "GET", "/v1/transactions", lambda _: None),
    Endpoint("holds", Permission.PROCESS_CARNET, "GET", "/v1/holds", lambda _: None),
    Endpoint("transits", Permission.TRANSIT_MONITORING, "GET", "/v1/transits", lambda _: None),
)


def test_every_permission_with_an_endpoint_is_covered() -> None:
    """The matrix test below reaches every permission the API enforces."""
    covered = {e.permission for e in ENDPOINTS}
    enforced = set(ROLE_MATRIX) - {Permission.NEWS, Permission.DIRECTORY}
    # The class is the trainer's, on a training central: tests/api/test_classroom.py and the matrix's classroom.
    assert enforced - {Permission.CLASSROOM} <= covered


@pytest.mark.parametrize("role", GIVEN_ROLES, ids=[r.value for r in GIVEN_ROLES])
def test_role_matrix_over_http(world: World, http: httpx.Client, role: Role) -> None:
    """For one role, every endpoint the matrix denies is 403 ``forbidden`` and changes nothing; every one
    it allows succeeds (account list for the managers only)."""
    caller = ROLE_ACCOUNT[role]
    for endpoint in ENDPOINTS:
        body = endpoint.body(caller)
        before = count(world, endpoint.table) if endpoint.table else 0
        path = endpoint.path(caller) if callable(endpoint.path) else endpoint.path
        content = endpoint.content(caller) if endpoint.content is not None else None
        headers = {**auth(world, caller), **({"Content-Type": "text/csv"} if content is not None else {})}
        response = http.request(endpoint.method, path, json=body, content=content, headers=headers)
        if may(role, endpoint.permission):
            assert response.status_code == endpoint.created, (endpoint.name, response.text)
            if endpoint.table:
                assert count(world, endpoint.table) == before + 1, endpoint.name
        else:
            error = assert_refused(response, 403, "forbidden")
            listing = endpoint.name == "account list"
            assert error["detail"] == ("account management" if listing else endpoint.permission.value)
            if endpoint.table:
                assert count(world, endpoint.table) == before, endpoint.name


@pytest.mark.parametrize("role", GIVEN_ROLES, ids=[r.value for r in GIVEN_ROLES])
def test_me_reports_the_matrix_permissions(world: World, http: httpx.Client, role: Role) -> None:
    response = http.get("/v1/me", headers=auth(world, ROLE_ACCOUNT[role]))
    assert response.status_code == 200, response.text
    me = Me.model_validate_json(response.content)
    assert me.account.account_id == ROLE_ACCOUNT[role]
    assert me.account.role is role
    assert set(me.permissions) == set(permissions_of(role))
    assert me.office.office_id == "gva-airport"
    assert me.region.region_id == "ch-geneve"
    assert me.territory.code == "CH"


# --- officers ---------------------------------------------------------------------------------------


def test_officer_is_refused_everything_but_carnet_work(world: World, http: httpx.Client) -> None:
    officer = auth(world, "officer.ch")
    counts = {t: count(world, t) for t in ("accounts", "offices", "regions", "sessions")}
    refused = [
        http.get("/v1/statistics", headers=officer),
        http.get(f"/v1/logs/carnets/{CARNET_ID}/reconciliation", headers=officer),
        http.get("/v1/logs/carnets/no-such-carnet/reconciliation", headers=officer),
        http.get("/v1/accounts", headers=officer),
        *(http.post("/v1/accounts", json=new_account(f"x.{role.value}", role, "gva-airport"), headers=officer)
          for role in Role),
        http.post("/v1/offices", json=new_office("gva-cargo"), headers=officer),
        http.post("/v1/regions", json=new_region("ch-vaud"), headers=officer),
        http.post("/v1/accounts/officer.ch/tokens", json=TOKEN_BODY, headers=officer),
    ]
    for response in refused:
        assert_refused(response, 403, "forbidden")
    assert {t: count(world, t) for t in counts} == counts
    details = [error_of(r)["detail"] for r in refused]
    assert details[0] == Permission.STATISTICS.value
    assert details[1] == details[2] == Permission.LOGS.value
    for allowed in ("/v1/me", "/v1/offices", "/v1/territories", "/v1/transactions", "/v1/holds", "/v1/transits"):
        assert http.get(allowed, headers=officer).status_code == 200, allowed


@pytest.mark.parametrize(
    ("account_id", "offices"),
    [("officer.ch", {"gva-airport", "bardonnex"}), ("officer.fr", {"cdg", "orly"}),
     ("officer.de", {"muc"}), ("manager.ch", {"gva-airport", "bardonnex"})],
)
async def test_me_lists_only_the_region_offices(
    world: World, close_clients: None, account_id: str, offices: set[str]
) -> None:
    me = await world.client(account_id).me()
    assert {o.office_id for o in me.offices} == offices
    assert all(o.region_id == me.account.region_id for o in me.offices)
    assert {o.office_id for o in await world.client(account_id).offices()} == offices


async def test_admin_me_lists_every_office(world: World, close_clients: None) -> None:
    me = await world.client("admin").me()
    assert {o.office_id for o in me.offices} == {o.office_id for o in OFFICES}


# --- controllers ------------------------------------------------------------------------------------


def test_controller_reads_logs_and_statistics_but_creates_nothing(world: World, http: httpx.Client) -> None:
    controller = auth(world, "controller.ch")
    stats = http.get("/v1/statistics", headers=controller)
    assert stats.status_code == 200, stats.text
    assert Statistics.model_validate_json(stats.content).scope == "ch-geneve"
    log = http.get(f"/v1/logs/carnets/{CARNET_ID}/reconciliation", headers=controller)
    assert log.status_code == 200, log.text
    assert log.json()["carnet_number"] == "CHTA00000133"
    assert log.json()["status"] == "n/a"
    by_number = http.get("/v1/logs/carnets/CHTA00000133/reconciliation", headers=controller)
    assert by_number.json()["carnet_id"] == CARNET_ID
    assert_refused(http.get("/v1/logs/carnets/999999/reconciliation", headers=controller), 404, "unknown_carnet")

    counts = {t: count(world, t) for t in ("accounts", "offices", "regions", "sessions")}
    for role in Role:
        assert_refused(http.post("/v1/accounts", json=new_account(f"c.{role.value}", role), headers=controller),
                       403, "forbidden")
    assert_refused(http.post("/v1/offices", json=new_office("gva-cargo"), headers=controller), 403, "forbidden")
    assert_refused(http.post("/v1/regions", json=new_region("ch-vaud"), headers=controller), 403, "forbidden")
    assert_refused(http.post("/v1/accounts/officer.ch/tokens", json=TOKEN_BODY, headers=controller),
                   403, "forbidden")
    assert {t: count(world, t) for t in counts} == counts


# --- regional managers ------------------------------------------------------------------------------


def test_manager_reads_statistics_but_not_logs(world: World, http: httpx.Client) -> None:
    manager = auth(world, "manager.ch")
    stats = http.get("/v1/statistics", headers=manager)
    assert stats.status_code == 200, stats.text
    got = Statistics.model_validate_json(stats.content)
    assert (got.by_type, got.holds_active, got.scope, got.to_check) == ({}, 0, "ch-geneve", [])
    assert {o.committed for o in got.by_office} == {0} and all(not m.by_type for m in got.by_month)
    error = assert_refused(http.get(f"/v1/logs/carnets/{CARNET_ID}/reconciliation", headers=manager),
                           403, "forbidden")
    assert error["detail"] == Permission.LOGS.value


@pytest.mark.parametrize("role", [Role.OFFICER, Role.CONTROLLER, Role.REGIONAL_MANAGER],
                         ids=lambda r: str(r.value))
def test_manager_creates_accounts_in_its_own_region(world: World, http: httpx.Client, role: Role) -> None:
    manager = auth(world, "manager.ch")
    account_id = f"new.{role.value}@ge"
    response = http.post("/v1/accounts", json=new_account(account_id, role, "bardonnex"), headers=manager)
    assert response.status_code == 201, response.text
    created = CreatedAccount.model_validate_json(response.content)
    expected = Account(
        account_id=account_id, display_name=f"New {role.value}", badge="CH-N-1",
        email=f"{account_id}@example.invalid", role=role, office_id="bardonnex", region_id="ch-geneve",
    )
    assert created.account == expected
    assert created.set_password is not None
    assert created.set_password.account_id == account_id
    assert stored_account(world, account_id) == expected

    listed = http.get("/v1/accounts", headers=manager)
    assert listed.status_code == 200
    accounts = {a["account_id"]: a for a in listed.json()}
    assert accounts[account_id]["region_id"] == "ch-geneve"
    assert accounts[account_id]["office_id"] == "bardonnex"
    assert accounts[account_id]["role"] == role.value
    assert {a["region_id"] for a in accounts.values()} == {"ch-geneve"}
    assert "officer.fr" not in accounts

    again = http.post("/v1/accounts", json=new_account(account_id, role, "gva-airport"), headers=manager)
    assert_refused(again, 409, "already_exists")
    assert stored_account(world, account_id) == expected


@pytest.mark.parametrize("role", [Role.OFFICER, Role.CONTROLLER, Role.REGIONAL_MANAGER],
                         ids=lambda r: str(r.value))
def test_manager_cannot_create_accounts_in_another_region(world: World, http: httpx.Client, role: Role) -> None:
    before = count(world, "accounts")
    response = http.post("/v1/accounts", json=new_account("intruder", role, "cdg"), headers=auth(world, "manager.ch"))
    assert_refused(response, 403, "office_not_in_region")
    assert error_of(response)["detail"] == "cdg"
    assert count(world, "accounts") == before
    assert stored_account(world, "intruder") is None


def test_manager_cannot_create_admins_or_regions(world: World, http: httpx.Client) -> None:
    manager = auth(world, "manager.ch")
    counts = {t: count(world, t) for t in ("accounts", "regions")}
    error = assert_refused(
        http.post("/v1/accounts", json=new_account("boss", Role.ADMIN, "gva-airport"), headers=manager),
        403, "forbidden")
    assert error["detail"] == Permission.CREATE_ADMIN_ACCOUNT.value
    error = assert_refused(http.post("/v1/regions", json=new_region("ch-vaud"), headers=manager), 403, "forbidden")
    assert error["detail"] == Permission.CREATE_REGION.value
    assert {t: count(world, t) for t in counts} == counts
    assert stored_account(world, "boss") is None
    assert stored_region(world, "ch-vaud") is None


def test_manager_creates_offices_only_in_its_own_region(world: World, http: httpx.Client) -> None:
    manager = auth(world, "manager.ch")
    response = http.post("/v1/offices", json=new_office("gva-cargo"), headers=manager)
    assert response.status_code == 201, response.text
    expected = Office(office_id="gva-cargo", name="Office gva-cargo", region_id="ch-geneve", territory="CH",
                      timezone="Europe/Zurich")
    assert Office.model_validate_json(response.content) == expected
    assert stored_office(world, "gva-cargo") == expected
    assert "gva-cargo" in {o["office_id"] for o in http.get("/v1/offices", headers=manager).json()}

    before = count(world, "offices")
    refused = http.post("/v1/offices", json=new_office("cdg-cargo", "fr-idf"), headers=manager)
    assert_refused(refused, 403, "office_not_in_region")
    assert count(world, "offices") == before
    assert stored_office(world, "cdg-cargo") is None

    # The new office is at once a place the manager may put accounts.
    staffed = http.post("/v1/accounts", json=new_account("cargo.officer", Role.OFFICER, "gva-cargo"),
                        headers=manager)
    assert staffed.status_code == 201, staffed.text
    assert staffed.json()["account"]["region_id"] == "ch-geneve"


def test_manager_issues_tokens_only_to_integration_accounts_of_its_region(
    world: World, http: httpx.Client
) -> None:
    manager = auth(world, "manager.ch")
    sessions = count(world, "sessions")
    assert_refused(http.post("/v1/accounts/officer.fr/tokens", json=TOKEN_BODY, headers=manager), 403, "forbidden")
    assert_refused(http.post("/v1/accounts/admin/tokens", json=TOKEN_BODY, headers=manager), 403, "forbidden")
    assert_refused(http.post("/v1/accounts/nobody/tokens", json=TOKEN_BODY, headers=manager), 404, "unknown_account")
    # A person of its own region: signing in is the only way in, nobody obtains a token for a person.
    assert_refused(http.post("/v1/accounts/officer.ch/tokens", json=TOKEN_BODY, headers=manager),
                   409, "not_an_integration_account")
    assert count(world, "sessions") == sessions

    made = http.post("/v1/accounts", json=new_account("gateway.ge", Role.OFFICER, "gva-airport", "integration"),
                     headers=manager)
    assert made.status_code == 201, made.text
    assert CreatedAccount.model_validate_json(made.content).set_password is None
    issued = http.post("/v1/accounts/gateway.ge/tokens", json=TOKEN_BODY, headers=manager)
    assert issued.status_code == 201, issued.text
    token = IssuedToken.model_validate_json(issued.content)
    assert (token.account_id, token.route_groups, token.offices) == ("gateway.ge", ["transactions"], ["gva-airport"])
    assert count(world, "sessions") == sessions + 1
    # The central keeps only the token's hash, tied to the account as an integration token.
    with world.store.transaction() as db:
        rows = [tuple(r) for r in db.execute("SELECT token_hash, account_id, kind FROM sessions")]
    assert (ids.digest(token.token), "gateway.ge", "integration") in rows
    assert all(token.token not in str(row) for row in rows)


# --- a created account signs in with its set-password code ------------------------------------------


async def test_created_account_signs_in_with_its_code_and_calls_me(
    world: World, http: httpx.Client, close_clients: None
) -> None:
    manager = auth(world, "manager.ch")
    response = http.post("/v1/accounts", json=new_account("fresh.officer", Role.OFFICER, "bardonnex"),
                         headers=manager)
    assert response.status_code == 201, response.text
    created = CreatedAccount.model_validate_json(response.content)
    assert created.set_password is not None
    code = created.set_password.code
    assert created.set_password.expires_at == world.clock() + timedelta(days=5)

    # The central keeps only a hash of the code; no password yet.
    with world.store.transaction() as db:
        row = db.execute("SELECT * FROM credentials WHERE account_id = 'fresh.officer'").fetchone()
    assert row["setup_code_hash"] == ids.digest(normal_setup_code(code))
    assert code not in str(tuple(row))
    assert row["password_hash"] == ""

    signed = first_sign_in(world, http, "fresh.officer", code)
    token = signed.session.token
    with world.store.transaction() as db:
        row = db.execute("SELECT * FROM credentials WHERE account_id = 'fresh.officer'").fetchone()
        sessions = [tuple(r) for r in db.execute("SELECT token_hash, account_id FROM sessions")]
    assert row["setup_code_hash"] == ""
    assert row["password_hash"].startswith("$argon2id$")
    assert STRONG not in str(tuple(row))
    assert (ids.digest(token), "fresh.officer") in sessions
    assert all(token not in str(s) for s in sessions)

    world.tokens["fresh.officer"] = token
    me = await world.client("fresh.officer").me()
    assert me == signed.session.me
    assert me.account.account_id == "fresh.officer"
    assert me.account.role is Role.OFFICER
    assert me.office.office_id == "bardonnex"
    assert me.region.region_id == "ch-geneve"
    assert me.territory.code == "CH"
    assert set(me.permissions) == set(permissions_of(Role.OFFICER))
    assert {o.office_id for o in me.offices} == {"gva-airport", "bardonnex"}
    # A newly created officer is an officer: the matrix applies to it too.
    assert_refused(http.get("/v1/statistics", headers={"Authorization": f"Bearer {token}"}), 403, "forbidden")


# --- admins -----------------------------------------------------------------------------------------


def test_admin_may_do_everything_in_any_region(world: World, http: httpx.Client) -> None:
    admin = auth(world, "admin")
    stats = http.get("/v1/statistics", headers=admin)
    assert stats.status_code == 200
    assert stats.json()["scope"] == "all"
    assert http.get(f"/v1/logs/carnets/{CARNET_ID}/reconciliation", headers=admin).status_code == 200
    listed = http.get("/v1/accounts", headers=admin)
    assert listed.status_code == 200
    assert {a["account_id"] for a in listed.json()} == {a.account_id for a in ACCOUNTS}

    region = http.post("/v1/regions", json={"region_id": "fr-hdf", "name": "Hauts-de-France", "country": "FR",
                                             "territory": "EU"}, headers=admin)
    assert region.status_code == 201, region.text
    assert stored_region(world, "fr-hdf") == Region(region_id="fr-hdf", name="Hauts-de-France", country="FR",
                                                     territory="EU")
    office = http.post("/v1/offices", json={"office_id": "lille", "name": "Lille", "region_id": "fr-hdf",
                                             "timezone": "Europe/Paris"}, headers=admin)
    assert office.status_code == 201, office.text
    assert stored_office(world, "lille") == Office(office_id="lille", name="Lille", region_id="fr-hdf",
                                                   territory="EU", timezone="Europe/Paris")
    other = http.post("/v1/offices", json=new_office("cdg-cargo", "fr-idf"), headers=admin)
    assert other.status_code == 201, other.text

    codes: dict[Role, str] = {}
    for role in GIVEN_ROLES:
        account_id = f"lille.{role.value}"
        made = http.post("/v1/accounts", json=new_account(account_id, role, "lille"), headers=admin)
        assert made.status_code == 201, made.text
        stored = stored_account(world, account_id)
        assert stored is not None
        assert (stored.role, stored.office_id, stored.region_id) == (role, "lille", "fr-hdf")
        code = CreatedAccount.model_validate_json(made.content).set_password
        assert code is not None
        codes[role] = code.code
        # Not even an admin obtains a token for a person.
        assert_refused(http.post(f"/v1/accounts/{account_id}/tokens", json=TOKEN_BODY, headers=admin),
                       409, "not_an_integration_account")

    listed_after = {a["account_id"]: a["region_id"] for a in http.get("/v1/accounts", headers=admin).json()}
    assert {listed_after[f"lille.{role.value}"] for role in GIVEN_ROLES} == {"fr-hdf"}
    # Not even an admin gives an account the trainer's role: a training central seeds it.
    assert_refused(http.post("/v1/accounts", json=new_account("lille.trainer", Role.TRAINER, "lille"), headers=admin),
                   422, "role_not_grantable")

    officer = first_sign_in(world, http, "lille.officer", codes[Role.OFFICER]).session.token
    me = http.get("/v1/me", headers={"Authorization": f"Bearer {officer}"})
    assert me.status_code == 200, me.text
    assert me.json()["territory"]["code"] == "EU"
    assert {o["office_id"] for o in me.json()["offices"]} == {"lille"}

    # The new regional manager manages only its new region.
    rm_token = first_sign_in(world, http, "lille.regional_manager", codes[Role.REGIONAL_MANAGER]).session.token
    rm = {"Authorization": f"Bearer {rm_token}"}
    assert {a["account_id"] for a in http.get("/v1/accounts", headers=rm).json()} == {
        f"lille.{role.value}" for role in GIVEN_ROLES}
    assert_refused(http.post("/v1/accounts", json=new_account("x.y", Role.OFFICER, "gva-airport"), headers=rm),
                   403, "office_not_in_region")


def test_duplicates_and_unknowns_are_refused_for_admin(world: World, http: httpx.Client) -> None:
    admin = auth(world, "admin")
    assert_refused(http.post("/v1/regions", json=new_region("ch-geneve"), headers=admin), 409, "already_exists")
    assert_refused(http.post("/v1/offices", json=new_office("muc"), headers=admin), 409, "already_exists")
    assert_refused(http.post("/v1/offices", json=new_office("new-one", "xx-nowhere"), headers=admin),
                   404, "unknown_region")
    assert_refused(http.post("/v1/accounts", json=new_account("officer.ch", Role.OFFICER), headers=admin),
                   409, "already_exists")
    assert_refused(http.post("/v1/accounts", json=new_account("lost", Role.OFFICER, "atlantis"), headers=admin),
                   404, "unknown_office")
    assert_refused(http.post("/v1/regions", json={**new_region("ch-vaud"), "territory": "ZZ"}, headers=admin),
                   422, "invalid_request")
    assert stored_region(world, "ch-vaud") is None
    # The existing records were not overwritten.
    muc = stored_office(world, "muc")
    assert muc is not None
    assert muc.region_id == "de-bayern"
    officer = stored_account(world, "officer.ch")
    assert officer is not None
    assert officer.display_name == "Training Officer CH"


# --- authentication ---------------------------------------------------------------------------------


GUARDED = (
    ("GET", "/v1/me"), ("GET", "/v1/offices"), ("GET", "/v1/statistics"), ("POST", "/v1/accounts"),
    ("POST", "/v1/regions"), ("GET", f"/v1/logs/carnets/{CARNET_ID}/reconciliation"), ("GET", "/v1/transactions"),
)


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer not-a-token"}, {"Authorization": "Bearer"},
     {"Authorization": "Basic b2ZmaWNlci5jaDpwYXNz"}, {"Authorization": "not-a-token"}],
    ids=["none", "bad", "scheme-only", "basic", "no-scheme"],
)
def test_missing_or_bad_token_is_unauthenticated(world: World, http: httpx.Client, headers: dict[str, str]) -> None:
    for method, path in GUARDED:
        body = new_region("anon") if path == "/v1/regions" else (
            new_account("anon", Role.ADMIN) if method == "POST" else None)
        response = http.request(method, path, headers=headers, json=body)
        assert_refused(response, 401, "unauthenticated")
    assert stored_account(world, "anon") is None
    assert stored_region(world, "anon") is None


def test_a_real_token_without_the_bearer_scheme_is_refused(world: World, http: httpx.Client) -> None:
    response = http.get("/v1/me", headers={"Authorization": world.tokens["admin"]})
    assert_refused(response, 401, "unauthenticated")
    lower = http.get("/v1/me", headers={"Authorization": f"bearer {world.tokens['admin']}"})
    assert lower.status_code == 200


def test_health_is_open_without_a_token(world: World, http: httpx.Client) -> None:
    response = http.get("/v1/health")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "ok"
    assert body["training"] is False
    assert body["api_version"]
    assert body["time"].startswith(world.clock().isoformat()[:19])
    # A bad token does not matter on an open route.
    assert http.get("/v1/health", headers={"Authorization": "Bearer junk"}).status_code == 200


# --- the trainer, on a training central only (issue 20) -------------------------------------------------


def test_a_trainer_processes_carnets_like_an_officer_and_runs_the_class(demo_database: Database) -> None:
    world = start_world(demo_database.where, NOW, demo=True, key_file=demo_database.key_file, trainees=1)
    try:
        with httpx.Client(base_url=world.url, timeout=30) as http:
            trainer, officer = auth(world, "trainer"), auth(world, "officer.ch")
            me = Me.model_validate_json(http.get("/v1/me", headers=trainer).content)
            assert me.account.role is Role.TRAINER
            assert set(me.permissions) == set(permissions_of(Role.OFFICER)) | {Permission.CLASSROOM}
            assert http.get("/v1/training/class", headers=trainer).status_code == 200
            error = assert_refused(http.get("/v1/training/class", headers=officer), 403, "forbidden")
            assert error["detail"] == Permission.CLASSROOM.value
            for allowed in ("/v1/transactions", "/v1/holds", "/v1/transits"):
                assert http.get(allowed, headers=trainer).status_code == 200, allowed
            assert http.post("/v1/lookup", headers=trainer, json={
                "carnet": "CHDEMO260001", "transaction_code": scenario_codes(0, demo_scenarios()["validation"])[0],
            }).status_code == 200
            assert_refused(http.get("/v1/statistics", headers=trainer), 403, "forbidden")
            assert_refused(http.get("/v1/accounts", headers=trainer), 403, "forbidden")
            assert_refused(http.post("/v1/accounts", json=new_account("t.officer", Role.OFFICER), headers=trainer),
                           403, "forbidden")
    finally:
        world.server.stop()
        world.store.close()
