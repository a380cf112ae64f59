"""The authorisation matrix: every route of the central's /openapi.json, called by every kind of caller, must
answer what the table below says. The table is the specification; each row cites the guide (the role table at
lines 1748-1762, the chapters at 2977-3240 and the lines named) or the convention article it follows. A route
without a row fails the test, and so does a row without a route.

Each call meets a fresh target at Genève Aéroport (see :mod:`tests.security.matrix_world`): ``OK`` means a 2xx
answer; any other cell is the refusal code the caller must get. Callers whose credential fails get the same
refusal on every guarded route: no token and a garbage one ``unauthenticated``, an expired or revoked session
``session_expired``, a disabled account ``account_disabled``.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

import httpx
import pytest

from carnet_domain.transaction_types import TransactionType as T
from tests.central_world import Database, World, start_world
from tests.conftest import NOW
from tests.security.matrix_world import (
    CALLERS,
    CDG,
    CREDENTIAL_FAILURES,
    GVA,
    INTEGRATION,
    OTHERS,
    ROLES,
    Build,
    Call,
    Matrix,
    callers,
)

OK = "ok"
FORBIDDEN = "forbidden"
NOT_IN_REGION = "office_not_in_region"
OTHER_TERRITORY = "other_territory"
UNKNOWN_CARNET = "unknown_carnet"
CREDENTIAL = {"none": "unauthenticated", "garbage": "unauthenticated", "expired": "session_expired",
              "revoked": "session_expired", "disabled": "account_disabled"}


@dataclass(frozen=True)
class Row:
    method: str
    path: str
    cites: str
    build: Build
    officer: str
    controller: str
    manager: str
    admin: str
    other_region: str
    other_territory: str
    open: bool = False

    def expected(self, caller: str) -> str:
        if caller in CREDENTIAL_FAILURES:
            return OK if self.open else CREDENTIAL[caller]
        return str(getattr(self, caller))


def everyone(method: str, path: str, cites: str, build: Build, *, open_route: bool = False) -> Row:
    return Row(method, path, cites, build, OK, OK, OK, OK, OK, OK, open_route)


def at_gva(method: str, path: str, cites: str, build: Build) -> Row:
    """Every role of the region acts at Genève Aéroport; an account of another region cannot name it (3054)."""
    return Row(method, path, cites, build, OK, OK, OK, OK, NOT_IN_REGION, NOT_IN_REGION)


def supervisors_at_gva(method: str, path: str, cites: str, build: Build) -> Row:
    return Row(method, path, cites, build, FORBIDDEN, OK, OK, OK, NOT_IN_REGION, NOT_IN_REGION)


def managers(method: str, path: str, cites: str, build: Build) -> Row:
    """Regional managers (of their region) and admins; the controllers of the last two columns may not."""
    return Row(method, path, cites, build, FORBIDDEN, FORBIDDEN, OK, OK, FORBIDDEN, FORBIDDEN)


def nothing(path: str, **query: object) -> Build:
    return lambda m: Call(path, dict(query))


def gva(path: str) -> Build:
    return lambda m: Call(path, {"office_id": GVA})


def lookup(m: Matrix) -> Call:
    carnet = m.carnet()
    return Call("/v1/lookup", body={"carnet": carnet.number, "transaction_code": m.code(carnet), "office_id": GVA})


def commit(m: Matrix) -> Call:
    carnet = m.carnet()
    return Call("/v1/transactions", body={
        "carnet_id": carnet.carnet_id, "transaction_code": m.code(carnet), "type": "exportation", "office_id": GVA,
        "goods": {"declared_goods": "1-5"}}, headers={"Idempotency-Key": str(uuid.uuid4())})


def cancel(m: Matrix) -> Call:
    transaction = m.commit(m.carnet(), T.EXPORTATION)
    return Call(f"/v1/transactions/{transaction['transaction_id']}/cancel",
                body={"cancellation_code": "CANCEL" + "B" * 6, "reason": "Wrong type"})


def reject(m: Matrix) -> Call:
    carnet = m.carnet()
    return Call("/v1/rejections", body={"carnet_id": carnet.carnet_id, "transaction_code": m.code(carnet),
                                        "office_id": GVA, "reason": "Goods not presented"})


def hold(m: Matrix) -> Call:
    carnet = m.carnet()
    return Call("/v1/holds", body={"carnet_id": carnet.carnet_id, "transaction_code": m.code(carnet),
                                   "office_id": GVA, "step": 3, "reason": "Seal broken"})


def release(m: Matrix) -> Call:
    return Call(f"/v1/holds/{m.hold()}/release")


def transacted(path: str) -> Build:
    """A Swiss carnet validated and exported at Genève Aéroport: in the Swiss logs only."""
    def build(m: Matrix) -> Call:
        carnet = m.carnet()
        m.commit(carnet, T.EXPORTATION)
        return Call(path.format(carnet=carnet.number))
    return build


def transaction_logs(m: Matrix) -> Call:
    carnet = m.carnet()
    return Call("/v1/logs/transactions", {"carnet": carnet.number})


def new_office(m: Matrix) -> Call:
    return Call("/v1/offices", body={"office_id": f"gva-{m.number()}", "name": "Genève Cornavin",
                                     "region_id": "ch-geneve", "timezone": "Europe/Zurich"})


def new_region(m: Matrix) -> Call:
    return Call("/v1/regions", body={"region_id": f"ch-{m.number()}", "name": "Ticino", "country": "CH",
                                     "territory": "CH"})


def region_file(m: Matrix) -> Call:
    """A CSV file of one new region, for the bulk import."""
    row = f"region_id,name,country,territory\r\nch-{m.number()},Ticino {m.number()},CH,CH\r\n"
    return Call("/v1/imports/regions", content=row.encode(), headers={"Content-Type": "text/csv"})


def on_office(suffix: str, body: object = None, *, active: bool = True) -> Build:
    return lambda m: Call(f"/v1/offices/{m.office(active)}{suffix}", body=body)


def on_region(body: object = None) -> Build:
    return lambda m: Call(f"/v1/regions/{m.region()}", body=body)


def open_shift(m: Matrix) -> Call:
    m.no_open_shift()
    return Call("/v1/shifts", body={"office_id": GVA})


def hand_over(m: Matrix) -> Call:
    return Call(f"/v1/shifts/{m.shift()}/handover", body={"note": "Quiet"})


def queue_decision(m: Matrix) -> Call:
    return Call("/v1/audit/queue-decisions", body={"local_ref": f"q{m.number()}", "decision": "void",
                                                   "reason": "Duplicate", "office_id": GVA})


def sign_in(m: Matrix) -> Call:
    return Call("/v1/sign-in", body={"account": "nobody", "password": "wrong password"})


def complete(m: Matrix) -> Call:
    return Call("/v1/sign-in/complete", body={"challenge": "no such challenge", "code": "000000"})


def sign_out(m: Matrix) -> Call:
    return Call("/v1/sign-out", fresh_session=True)


def password(m: Matrix) -> Call:
    """A change with the wrong current password: whoever may call it is told so (``sign_in_failed``)."""
    return Call("/v1/password", body={"current_password": "not it", "new_password": "a new long passphrase"})


def work_at(m: Matrix) -> Call:
    return Call("/v1/session/office", body={"office_id": GVA}, fresh_session=True)


def revoke_session(m: Matrix) -> Call:
    return Call(f"/v1/sessions/{m.session_of_officer()}/revoke")


def new_account(m: Matrix) -> Call:
    return Call("/v1/accounts", body={"account_id": f"new.{m.number()}", "display_name": "New Officer",
                                      "role": "officer", "office_id": GVA})


def on_account(suffix: str, body: object = None) -> Build:
    return lambda m: Call(f"/v1/accounts/{m.account()}{suffix}", body=body)


def token(m: Matrix) -> Call:
    return Call(f"/v1/accounts/{m.account(INTEGRATION)}/tokens", body={"route_groups": ["transactions"]})


def workstation(m: Matrix) -> Call:
    return Call("/v1/workstations", body={"name": f"Desk {m.number()}", "office_id": GVA})


def revoke_workstation(m: Matrix) -> Call:
    return Call(f"/v1/workstations/{m.workstation()}/revoke")


def vehicle_file(m: Matrix) -> Call:
    return Call(f"/v1/carnets/{m.vehicle().number}/vehicle")


def extension(m: Matrix) -> Call:
    """A Swiss car's CPD in the EU: its extension is granted by Swiss customs (art. 21, Annex 3 §2(e))."""
    carnet = m.vehicle(entered=CDG)
    today = m.today()
    return Call(f"/v1/carnets/{carnet.number}/vehicle/extension", body={
        "requested_on": today.isoformat(), "requested_until": "2027-02-28", "granted_until": "2027-02-28",
        "authority": "Office fédéral de la douane", "country": "CH", "granted_on": today.isoformat()})


def seizure(m: Matrix) -> Call:
    return Call(f"/v1/carnets/{m.vehicle().number}/vehicle/seizures",
                body={"seized_by": "authorities", "seized_on": m.today().isoformat()})


def seizure_release(m: Matrix) -> Call:
    carnet, record = m.seizure()
    return Call(f"/v1/carnets/{carnet.number}/vehicle/seizures/{record}/release",
                body={"released_on": m.today().isoformat()})


def termination(m: Matrix) -> Call:
    carnet = m.vehicle()
    return Call(f"/v1/carnets/{carnet.number}/vehicle/terminations", body={
        "entry_id": m.entry_of(carnet), "kind": "duties_paid", "on": m.today().isoformat(),
        "accident_authenticated": True})


def regularisation(m: Matrix) -> Call:
    carnet = m.vehicle()
    presented = m.today() - timedelta(days=2)
    return Call(f"/v1/carnets/{carnet.number}/vehicle/regularisations", body={
        "entry_id": m.entry_of(carnet), "certificate": {
            "authority_kind": "customs", "authority_name": "Bureau de douane de Lyon", "country": "FR",
            "place": "Lyon", "presented_on": presented.isoformat(), "issued_on": presented.isoformat()}})


def notification(m: Matrix) -> Call:
    carnet = m.vehicle(valid_until=m.today() - timedelta(days=1))
    return Call(f"/v1/carnets/{carnet.number}/vehicle/notification",
                body={"notified_on": m.today().isoformat(), "reference": "N-1"})


def new_predeclaration(m: Matrix) -> Call:
    return Call("/v1/predeclarations", body={
        "kind": "pre_notification", "office_id": GVA,
        "arrival_at": (m.world.clock() + timedelta(hours=3)).isoformat(), "carnet_kind": "ATA",
        "transaction_type": "importation"})


def on_predeclaration(suffix: str, body: object = None, automatic: bool = False) -> Build:
    return lambda m: Call(f"/v1/predeclarations/{m.predeclaration(automatic)}{suffix}", {"office_id": GVA}, body)


def predeclaration(m: Matrix) -> Call:
    return Call(f"/v1/predeclarations/{m.predeclaration()}")


NOT_FOUND = "not_found"


def no_classroom(method: str, path: str, build: Build) -> Row:
    """A route of the classroom, which a live central has not: past the credential, ``not_found`` to everyone."""
    return Row(method, path, "916-931, issue 20: a training central's classroom only", build,
               *([NOT_FOUND] * 6))  # type: ignore[arg-type]


def training(path: str, body: object = None) -> Build:
    return lambda m: Call(path, body=body)


TABLE = (
    everyone("GET", "/v1/health", "a probe anyone may call", nothing("/v1/health"), open_route=True),
    everyone("POST", "/v1/sign-in", "1628: everyone signs in", sign_in, open_route=True),
    everyone("POST", "/v1/sign-in/complete", "1628: everyone signs in", complete, open_route=True),
    everyone("GET", "/v1/training/accounts", "916-931: published on a training central only",
             nothing("/v1/training/accounts"), open_route=True),
    everyone("GET", "/v1/me", "1774: one's account and default office", nothing("/v1/me")),
    everyone("GET", "/v1/territories", "1748-1762: the directory is everyone's", nothing("/v1/territories")),
    everyone("GET", "/v1/offices", "1748-1762: the directory; 3054: one's region's offices", nothing("/v1/offices")),
    at_gva("POST", "/v1/lookup", "1748: every role processes carnets; 3054: at its region's offices", lookup),
    at_gva("POST", "/v1/transactions", "1748: every role processes carnets; 3054", commit),
    at_gva("GET", "/v1/transactions", "1790: the office's last transactions", gva("/v1/transactions")),
    Row("POST", "/v1/transactions/{transaction_id}/cancel", "1790: cancelled by the customs of the territory it was "
        "made in", cancel, OK, OK, OK, OK, OK, OTHER_TERRITORY),
    at_gva("POST", "/v1/rejections", "2699-2729: the office the carnet is presented at rejects", reject),
    at_gva("POST", "/v1/holds", "2730: a hold is placed at the office", hold),
    at_gva("GET", "/v1/holds", "2759-2761: the office's On hold list", gva("/v1/holds")),
    Row("POST", "/v1/holds/{hold_id}/release", "2732: the officer or a colleague of the holding office releases",
        release, OK, OK, OK, OK, "hold_other_office", "hold_other_office"),
    at_gva("GET", "/v1/transits", "1755: transit monitoring is everyone's, for the office's territory",
           gva("/v1/transits")),
    Row("GET", "/v1/statistics", "1756, 2813-2821: Controllers, Regional managers, Admins", nothing("/v1/statistics"),
        FORBIDDEN, OK, OK, OK, OK, OK),
    Row("GET", "/v1/logs/carnets/{carnet}/reconciliation", "1757, 459: logs for Controllers and Admins, of carnets "
        "transacted in their territory", transacted("/v1/logs/carnets/{carnet}/reconciliation"),
        FORBIDDEN, OK, FORBIDDEN, OK, OK, UNKNOWN_CARNET),
    Row("GET", "/v1/logs/carnets", "1757: logs for Controllers and Admins", nothing("/v1/logs/carnets"),
        FORBIDDEN, OK, FORBIDDEN, OK, OK, OK),
    Row("GET", "/v1/logs/carnets/{carnet}/details", "1757, 459: of carnets transacted in their territory",
        transacted("/v1/logs/carnets/{carnet}/details"), FORBIDDEN, OK, FORBIDDEN, OK, OK, UNKNOWN_CARNET),
    Row("GET", "/v1/logs/transactions", "1757, 459: the transactions of a carnet transacted in their territory",
        transaction_logs, FORBIDDEN, OK, FORBIDDEN, OK, OK, UNKNOWN_CARNET),
    managers("GET", "/v1/accounts", "3048-3054: Regional managers and Admins manage accounts",
             nothing("/v1/accounts")),
    managers("POST", "/v1/offices", "1758, 3056: Regional managers (their region) and Admins create offices",
             new_office),
    Row("POST", "/v1/regions", "1760: only an Admin creates regions", new_region,
        FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN),
    managers("PATCH", "/v1/offices/{office_id}", "2988, 3087: edit an office; 3056: managers, in their region",
             on_office("", {"phone": "+41 22 000 00 00", "types": ["land_port"]})),
    managers("POST", "/v1/offices/{office_id}/deactivate", "2985, 3084: the office's Activated box",
             on_office("/deactivate", {"reason": "Closed for works"})),
    managers("POST", "/v1/offices/{office_id}/activate", "2985, 3084: the office's Activated box",
             on_office("/activate", active=False)),
    managers("DELETE", "/v1/offices/{office_id}", "3087: delete an office (one nothing names)", on_office("")),
    everyone("GET", "/v1/regions", "3054: one's own region (an Admin: every region)", nothing("/v1/regions")),
    Row("PATCH", "/v1/regions/{region_id}", "3122: only an Admin edits regions", on_region({"name": "Tessin"}),
        FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN),
    Row("DELETE", "/v1/regions/{region_id}", "3122: only an Admin deletes regions (an empty one)", on_region(),
        FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN),
    Row("GET", "/v1/imports/{kind}/template", "1762, 3153: only an Admin creates in bulk (the templates)",
        nothing("/v1/imports/offices/template"), FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN),
    Row("POST", "/v1/imports/{kind}", "1762, 3128: only an Admin creates in bulk", region_file,
        FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN),
    supervisors_at_gva("POST", "/v1/shifts", "supervisor desk: a Controller or higher opens the office's shift",
                       open_shift),
    supervisors_at_gva("GET", "/v1/shifts/current", "supervisor desk: the office's shift", gva("/v1/shifts/current")),
    supervisors_at_gva("POST", "/v1/shifts/{shift_id}/handover", "supervisor desk: handed over at its office",
                       hand_over),
    supervisors_at_gva("POST", "/v1/audit/queue-decisions", "supervisor desk: settled at the office", queue_decision),
    Row("GET", "/v1/audit", "supervisor desk: the trail of one's region and what concerns its territory",
        nothing("/v1/audit"), FORBIDDEN, OK, OK, OK, OK, OK),
    everyone("POST", "/v1/sign-out", "1774: everyone logs off", sign_out),
    Row("POST", "/v1/password", "1774: everyone changes their own password (told the current one is wrong)",
        password, *(["sign_in_failed"] * 6)),  # type: ignore[arg-type]
    at_gva("PUT", "/v1/session/office", "1774, 3054: change the default office, within one's region", work_at),
    everyone("GET", "/v1/sessions", "one's own sessions (a manager's: their region's)", nothing("/v1/sessions")),
    Row("POST", "/v1/sessions/{session_id}/revoke", "3052: one's own session, or a manager's account's",
        revoke_session, OK, "unknown_session", OK, OK, "unknown_session", "unknown_session"),
    managers("POST", "/v1/accounts", "1758-1761, 2977-3047: managers create accounts in their region", new_account),
    managers("PATCH", "/v1/accounts/{account_id}", "3048: edit an account",
             on_account("", {"display_name": "Renamed"})),
    managers("POST", "/v1/accounts/{account_id}/disable", "3048, 875: disable an account",
             on_account("/disable", {"reason": "Left the service"})),
    managers("POST", "/v1/accounts/{account_id}/enable", "3048: enable it again", on_account("/enable")),
    managers("DELETE", "/v1/accounts/{account_id}", "875, 3052: delete an account never used", on_account("")),
    managers("POST", "/v1/accounts/{account_id}/password-reset", "3048: reset a password",
             on_account("/password-reset")),
    managers("POST", "/v1/accounts/{account_id}/mfa-reset", "3048: reset the second factor",
             on_account("/mfa-reset")),
    managers("POST", "/v1/accounts/{account_id}/tokens", "guide's web-service accounts: managers issue tokens",
             token),
    managers("POST", "/v1/workstations", "those who create offices register their workstations", workstation),
    managers("GET", "/v1/workstations", "those who create offices list their workstations",
             nothing("/v1/workstations")),
    managers("POST", "/v1/workstations/{workstation_id}/revoke", "those who create offices revoke workstations",
             revoke_workstation),
    Row("GET", "/v1/carnets/{carnet}/vehicle", "459: the vehicle file of a carnet the territory saw", vehicle_file,
        OK, OK, OK, OK, OK, UNKNOWN_CARNET),
    Row("POST", "/v1/carnets/{carnet}/vehicle/extension", "1954 and 1956 art. 21, Annex 3 §2(e): the customs of the "
        "guaranteeing association's country; Controllers or higher", extension,
        FORBIDDEN, OK, OK, OK, OK, OTHER_TERRITORY),
    Row("POST", "/v1/carnets/{carnet}/vehicle/seizures", "1954 art. 14.2, 1956 art. 13.2: the territory the vehicle "
        "is in", seizure, OK, OK, OK, OK, OK, OTHER_TERRITORY),
    Row("POST", "/v1/carnets/{carnet}/vehicle/seizures/{record_id}/release", "art. 14.2: the territory that seized",
        seizure_release, OK, OK, OK, OK, OK, OTHER_TERRITORY),
    Row("POST", "/v1/carnets/{carnet}/vehicle/terminations", "1954 art. 23, 1956 art. 22: the territory entered",
        termination, OK, OK, OK, OK, OK, OTHER_TERRITORY),
    Row("POST", "/v1/carnets/{carnet}/vehicle/regularisations", "1954 art. 24.1: a Controller of the territory "
        "entered", regularisation, "cpd_rule", OK, OK, OK, OK, OTHER_TERRITORY),
    Row("POST", "/v1/carnets/{carnet}/vehicle/notification", "1954 art. 26: the territory left undischarged; "
        "Controllers or higher", notification, FORBIDDEN, OK, OK, OK, OK, OTHER_TERRITORY),
    at_gva("GET", "/v1/predeclarations", "2699-2729: the pre-declarations of an office of one's region",
           gva("/v1/predeclarations")),
    Row("POST", "/v1/predeclarations", "2699: the holder's app sends them (an Admin stands for it here)",
        new_predeclaration, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN),
    Row("GET", "/v1/predeclarations/{predeclaration_id}", "2699-2729: one addressed to an office of one's region",
        predeclaration, OK, OK, OK, OK, NOT_IN_REGION, NOT_IN_REGION),
    at_gva("POST", "/v1/predeclarations/{predeclaration_id}/acknowledge", "2726: the office it is addressed to",
           on_predeclaration("/acknowledge")),
    at_gva("POST", "/v1/predeclarations/{predeclaration_id}/reject", "2728: the office it is addressed to",
           on_predeclaration("/reject", {"reason": "Stop for inspection"})),
    at_gva("POST", "/v1/predeclarations/{predeclaration_id}/commit", "2729: the office it is addressed to",
           on_predeclaration("/commit", automatic=True)),
    no_classroom("GET", "/v1/training/exercises", training("/v1/training/exercises")),
    *(no_classroom("POST", f"/v1/training/exercises/{{exercise_id}}/{action}",
                   training(f"/v1/training/exercises/export/{action}"))
      for action in ("start", "finish", "abandon", "reset")),
    no_classroom("GET", "/v1/training/class", training("/v1/training/class")),
    no_classroom("GET", "/v1/training/class/{trainee}/{exercise_id}", training("/v1/training/class/1/export")),
    no_classroom("POST", "/v1/training/class/control", training("/v1/training/class/control",
                                                                {"action": "start", "exercise_id": "export"})),
    no_classroom("POST", "/v1/training/class/link", training("/v1/training/class/link", {"cut": False})),
    no_classroom("GET", "/v1/training/report", training("/v1/training/report")),
)


@pytest.fixture(scope="module")
def matrix(module_database: Database) -> Iterator[Matrix]:
    world: World = start_world(module_database.where, NOW, key_file=module_database.key_file)
    tokens = callers(world)
    with httpx.Client(base_url=world.url, timeout=30,
                      headers={"Authorization": f"Bearer {world.token('officer.ch')}"}) as setup:
        yield Matrix(world, tokens, setup)
    world.server.stop()
    world.store.close()


def routes(matrix: Matrix) -> set[tuple[str, str]]:
    spec = httpx.get(f"{matrix.world.url}/openapi.json").json()
    return {(method.upper(), path) for path, ops in spec["paths"].items() for method in ops}


def test_every_route_has_a_row_and_every_row_a_route(matrix: Matrix) -> None:
    rows = {(row.method, row.path) for row in TABLE}
    assert len(rows) == len(TABLE), "a route has two rows"
    assert routes(matrix) == rows


def outcome(answer: httpx.Response) -> str:
    assert answer.status_code < 500, answer.text
    if answer.status_code < 400:
        return OK
    return str(answer.json()["error"]["code"])


@pytest.mark.parametrize("row", TABLE, ids=[f"{r.method} {r.path}" for r in TABLE])
def test_each_caller_gets_what_the_table_says(matrix: Matrix, row: Row) -> None:
    found: dict[str, str] = {}
    with matrix.http() as http:
        for caller in CALLERS:
            call = row.build(matrix)
            token = matrix.token_of(caller, fresh=call.fresh_session)
            headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
            answer = http.request(row.method, call.path, params=call.query, json=call.body, content=call.content,
                                  headers={**headers, **call.headers})
            found[caller] = outcome(answer)
    if row.open:  # an open route ignores the credential: what it answers depends on its body, never on the caller
        assert not set(found.values()) & set(CREDENTIAL.values()), found
        return
    assert found == {caller: row.expected(caller) for caller in CALLERS}


def test_the_table_names_each_kind_of_caller() -> None:
    assert set(CALLERS) == {*CREDENTIAL_FAILURES, *ROLES, *OTHERS}
