"""Bad input over HTTP: every refusal is a 4xx with a machine-readable ``error.code``, a human
``error.message`` and ``error.permanent``, and a refused or failed commit leaves nothing half-written.

Every request goes to the real central on loopback; what it recorded is read back from its SQLite file.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from carnet_domain.carnet import Carnet, Party
from carnet_domain.transaction_types import TransactionType as T
from central_contract.models import CommitResponse, LookupResponse
from reference_central import records
from reference_central.api import MAX_BODY
from tests.api.helpers import assert_refused, code_number
from tests.central_world import World, make_carnet

Body = dict[str, Any]

HOLDER_NAME = "[bold red]X[/] \x1b[31m"
"""Rich markup and an ANSI escape: the central must store and return them as plain text."""




VALIDATION, EXPORT, IMPORT = code_number(101), code_number(102), code_number(103)
OTHER_CARNET_EXPORT = code_number(201)


@dataclass
class Setup:
    world: World
    http: httpx.Client
    carnet: Carnet

    def headers(self, account_id: str = "officer.ch", **extra: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.world.tokens[account_id]}", **extra}

    def post(self, path: str, body: object, account_id: str = "officer.ch", **headers: str) -> httpx.Response:
        return self.http.post(path, json=body, headers=self.headers(account_id, **headers))

    def commit(self, body: Body, key: str, account_id: str = "officer.ch") -> httpx.Response:
        headers = self.headers(account_id, **{"Idempotency-Key": key})
        return self.http.post("/v1/transactions", json=body, headers=headers)

    def raw(self, path: str, content: bytes, **headers: str) -> httpx.Response:
        return self.http.post(path, content=content,
                              headers=self.headers(**{"Content-Type": "application/json", **headers}))


@pytest.fixture
def setup(world: World) -> Iterator[Setup]:
    """A Swiss 20-item carnet whose holder name is full of markup, with validation, export and import codes;
    a second carnet holds a code of its own."""
    carnet = world.add_carnet(make_carnet("4711", "CHTA00004711", holder=Party(name=HOLDER_NAME, country="CH")))
    other = world.add_carnet(make_carnet("4712", "CHTA00004712"))
    world.declare(carnet, T.VALIDATION, VALIDATION)
    world.declare(carnet, T.EXPORTATION, EXPORT, "1-20")
    world.declare(carnet, T.IMPORTATION, IMPORT, "1-20")
    world.declare(other, T.EXPORTATION, OTHER_CARNET_EXPORT, "1-20")
    with httpx.Client(base_url=world.url, timeout=10.0) as http:
        yield Setup(world, http, carnet)


def validate(s: Setup) -> None:
    response = s.commit({"carnet_id": "4711", "transaction_code": VALIDATION, "type": "validation"}, "validate-4711")
    assert response.status_code == 201, response.text


def export(goods: object = None, **fields: object) -> Body:
    return {"carnet_id": "4711", "transaction_code": EXPORT, "type": "exportation",
            "goods": {"declared_goods": "1-20"} if goods is None else goods, **fields}




def field_names(error: dict[str, Any]) -> list[str]:
    fields: list[dict[str, str]] = error["fields"]
    assert all(f["problem"] for f in fields)
    return [f["field"] for f in fields]


def counts(world: World) -> dict[str, int]:
    """The rows of the tables a commit writes; on SQLite, the transaction counter too (rolled back with the rest;
    PostgreSQL's sequences are not: a number a failed commit took is skipped, never given twice)."""
    with world.store.transaction() as db:
        found = {table: int(db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
                 for table in ("transactions", "idempotency", "holds", "rejections", "accounts")}
        if world.store.dialect == "sqlite":
            row = db.execute("SELECT value FROM counters WHERE name = 'transaction'").fetchone()
            found["transaction counter"] = 0 if row is None else int(row["value"])
    return found


def next_transaction_number(world: World) -> int:
    """The number the central gives its next transaction."""
    with world.store.transaction() as db:
        if world.store.dialect == "sqlite":
            row = db.execute("SELECT value FROM counters WHERE name = 'transaction'").fetchone()
            return 1 if row is None else int(row["value"]) + 1
        row = db.execute("SELECT last_value, is_called FROM number_transaction").fetchone()
        return int(row[0]) + 1 if row[1] else int(row[0])


# --- the body cannot be read -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [b"{bad", b'{"carnet": "4711", "transaction_code": ', b'{"carnet": "4711"} trailing', b"{'carnet': '4711'}",
     b"\xff\xfe{}", b"[" * 100_000 + b"]" * 100_000],
    ids=["garbage", "truncated", "trailing", "single-quotes", "not-utf8", "nested-too-deep"],
)
def test_malformed_json_is_400(setup: Setup, content: bytes) -> None:
    before = counts(setup.world)
    for path in ("/v1/lookup", "/v1/holds", "/v1/rejections"):
        assert_refused(setup.raw(path, content), 400, "malformed_json")
    assert_refused(setup.raw("/v1/transactions", content, **{"Idempotency-Key": "k1"}), 400, "malformed_json")
    assert counts(setup.world) == before


def test_a_json_value_that_is_not_an_object_is_invalid(setup: Setup) -> None:
    for content in (b'"a string"', b"[]", b"42", b"null", b"NaN"):
        error = assert_refused(setup.raw("/v1/lookup", content), 422, "invalid_request")
        assert field_names(error) == ["body"], content


# --- wrong types, missing and unknown fields -----------------------------------------------------------


WRONG: list[tuple[str, str, Body, str]] = [
    ("/v1/holds", "officer.ch",
     {"carnet_id": "4711", "transaction_code": EXPORT, "step": "x", "reason": "check"}, "body.step"),
    ("/v1/holds", "officer.ch",
     {"carnet_id": "4711", "transaction_code": EXPORT, "step": 9, "reason": "check"}, "body.step"),
    ("/v1/holds", "officer.ch",
     {"carnet_id": "4711", "transaction_code": EXPORT, "step": 2, "reason": ""}, "body.reason"),
    ("/v1/transactions", "officer.ch", export(goods=[]), "body.goods"),
    ("/v1/transactions", "officer.ch", export(goods="1-20"), "body.goods"),
    ("/v1/transactions", "officer.ch", {**export(), "type": "teleportation"}, "body.type"),
    ("/v1/transactions", "officer.ch", export(eu_step="sideways"), "body.eu_step"),
    ("/v1/transactions", "officer.ch", export(customs={"goods_examined": "maybe"}), "body.customs.goods_examined"),
    ("/v1/transactions", "officer.ch", export(customs={"final_date": "tomorrow"}), "body.customs.final_date"),
    ("/v1/transactions", "officer.ch", export(confirmed_warnings=["whatever"]), "body.confirmed_warnings.0"),
    ("/v1/transactions", "officer.ch", export(occurred_at="yesterday"), "body.occurred_at"),
    ("/v1/transactions", "officer.ch", export(goods={"identification_marks": {"one": "x"}}),
     "body.goods.identification_marks.one.[key]"),
    ("/v1/transactions", "officer.ch", {"carnet_id": "4711", "type": "exportation"}, "body.transaction_code"),
    ("/v1/lookup", "officer.ch", {"carnet": 4711, "transaction_code": EXPORT}, "body.carnet"),
    ("/v1/lookup", "officer.ch", {"carnet": "", "transaction_code": EXPORT}, "body.carnet"),
    ("/v1/lookup", "officer.ch", {"carnet": "4711", "transaction_code": ["x"]}, "body.transaction_code"),
    ("/v1/transactions/1/cancel", "officer.ch", {"cancellation_code": None}, "body.cancellation_code"),
    ("/v1/accounts", "admin", {"account_id": "new.one", "display_name": "N", "role": "emperor",
                               "office_id": "gva-airport"}, "body.role"),
    ("/v1/accounts", "admin", {"account_id": "Has Spaces", "display_name": "N", "role": "officer",
                               "office_id": "gva-airport"}, "body.account_id"),
    ("/v1/regions", "admin", {"region_id": "ch-vaud", "name": "Vaud", "country": "che", "territory": "CH"},
     "body.country"),
]


def test_wrong_types_are_422_naming_the_field(setup: Setup) -> None:
    before = counts(setup.world)
    for path, account, body, field in WRONG:
        response = setup.post(path, body, account, **{"Idempotency-Key": "k-wrong"})
        error = assert_refused(response, 422, "invalid_request")
        assert field in field_names(error), (path, body, error)
        assert field in error["detail"]
    assert counts(setup.world) == before


UNKNOWN: list[tuple[str, Body, str]] = [
    ("/v1/lookup", {"carnet": "4711", "transaction_code": EXPORT, "zzz": 1}, "body.zzz"),
    ("/v1/transactions", {**export(), "priority": "high"}, "body.priority"),
    ("/v1/transactions", export(goods={"declared_goods": "1-20", "colour": "red"}), "body.goods.colour"),
    ("/v1/transactions", export(customs={"customs_reference": "R1", "stamp": True}), "body.customs.stamp"),
    ("/v1/holds", {"carnet_id": "4711", "transaction_code": EXPORT, "step": 2, "reason": "r", "until": "x"},
     "body.until"),
    ("/v1/rejections", {"carnet_id": "4711", "transaction_code": EXPORT, "reason": "r", "fine": 100}, "body.fine"),
    ("/v1/transactions/1/cancel", {"cancellation_code": "C", "force": True}, "body.force"),
]


def test_unknown_fields_are_refused_not_ignored(setup: Setup) -> None:
    validate(setup)
    before = counts(setup.world)
    for path, body, field in UNKNOWN:
        response = setup.post(path, body, **{"Idempotency-Key": "k-unknown"})
        error = assert_refused(response, 422, "invalid_request")
        assert field_names(error) == [field], (path, error)
        assert "Extra inputs are not permitted" in error["fields"][0]["problem"]
    assert counts(setup.world) == before


def test_bad_query_parameters_are_422_naming_the_parameter(setup: Setup) -> None:
    for params, field in (({"limit": 0}, "query.limit"), ({"limit": "many"}, "query.limit"),
                          ({"limit": 101}, "query.limit"), ({"offset": -1}, "query.offset"),
                          ({"office_id": "x" * 41}, "query.office_id")):
        response = setup.http.get("/v1/transactions", params=params, headers=setup.headers())
        error = assert_refused(response, 422, "invalid_request")
        assert field_names(error) == [field]


# --- too large ---------------------------------------------------------------------------------------


def padded(size: int) -> bytes:
    """A valid lookup body of exactly ``size`` bytes (JSON allows any amount of white space)."""
    body = json.dumps({"carnet": "4711", "transaction_code": EXPORT}).encode()
    return body[:-1] + b" " * (size - len(body)) + b"}"


def chunks(content: bytes, size: int = 16 * 1024) -> Iterator[bytes]:
    for start in range(0, len(content), size):
        yield content[start:start + size]


def test_a_body_over_the_limit_is_413_with_or_without_a_length(setup: Setup) -> None:
    before = counts(setup.world)
    too_big = padded(MAX_BODY + 1)
    announced = setup.raw("/v1/lookup", too_big)
    assert announced.request.headers["content-length"] == str(MAX_BODY + 1)
    assert_refused(announced, 413, "body_too_large")

    streamed = setup.http.post("/v1/lookup", content=chunks(too_big),
                               headers=setup.headers(**{"Content-Type": "application/json"}))
    assert "content-length" not in streamed.request.headers
    assert streamed.request.headers["transfer-encoding"] == "chunked"
    assert_refused(streamed, 413, "body_too_large")

    huge = padded(4 * MAX_BODY)
    assert_refused(setup.raw("/v1/transactions", huge, **{"Idempotency-Key": "k-big"}), 413, "body_too_large")
    assert_refused(
        setup.http.post("/v1/transactions", content=chunks(huge),
                        headers=setup.headers(**{"Content-Type": "application/json", "Idempotency-Key": "k-big"})),
        413, "body_too_large")
    assert counts(setup.world) == before


def test_a_body_at_the_limit_is_read_with_or_without_a_length(setup: Setup) -> None:
    exactly = padded(MAX_BODY)
    for response in (setup.raw("/v1/lookup", exactly),
                     setup.http.post("/v1/lookup", content=chunks(exactly),
                                     headers=setup.headers(**{"Content-Type": "application/json"}))):
        assert response.status_code == 200, response.text
        assert LookupResponse.model_validate_json(response.content).declaration.transaction_code == EXPORT


# --- no such route, no such method -------------------------------------------------------------------


def test_unknown_paths_are_404_not_found(setup: Setup) -> None:
    for method, path in (("GET", "/v1/nowhere"), ("GET", "/v2/health"), ("GET", "/"),
                         ("POST", "/v1/transactions/1/uncancel"), ("GET", "/v1/logs/carnets/4711")):
        for headers in ({}, setup.headers()):
            response = setup.http.request(method, path, headers=headers)
            assert_refused(response, 404, "not_found")


def test_wrong_methods_are_405_method_not_allowed(setup: Setup) -> None:
    for method, path in (("DELETE", "/v1/health"), ("POST", "/v1/health"), ("PUT", "/v1/transactions"),
                         ("GET", "/v1/lookup"), ("PUT", "/v1/regions"), ("PATCH", "/v1/accounts"),
                         ("GET", "/v1/transactions/1/cancel")):
        response = setup.http.request(method, path, headers=setup.headers())
        assert_refused(response, 405, "method_not_allowed")


# --- no such carnet, wrong code ----------------------------------------------------------------------


def test_an_unknown_carnet_is_404_everywhere(setup: Setup) -> None:
    before = counts(setup.world)
    for path, body in (
        ("/v1/lookup", {"carnet": "999999", "transaction_code": EXPORT}),
        ("/v1/lookup", {"carnet": "CHTA99999999", "transaction_code": EXPORT}),
        ("/v1/transactions", {**export(), "carnet_id": "999999"}),
        ("/v1/holds", {"carnet_id": "999999", "transaction_code": EXPORT, "step": 2, "reason": "r"}),
        ("/v1/rejections", {"carnet_id": "999999", "transaction_code": EXPORT, "reason": "r"}),
    ):
        error = assert_refused(setup.post(path, body, **{"Idempotency-Key": "k-unknown-carnet"}), 404,
                               "unknown_carnet")
        assert "999" in error["detail"]
    assert_refused(setup.http.get("/v1/logs/carnets/999999/reconciliation", headers=setup.headers("admin")),
                   404, "unknown_carnet")
    assert counts(setup.world) == before


def test_a_wrong_transaction_code_is_404(setup: Setup) -> None:
    before = counts(setup.world)
    for wrong in (code_number(999), OTHER_CARNET_EXPORT, "NOT-A-CODE"):
        for path, body in (
            ("/v1/lookup", {"carnet": "CHTA00004711", "transaction_code": wrong}),
            ("/v1/transactions", export(transaction_code=wrong)),
            ("/v1/holds", {"carnet_id": "4711", "transaction_code": wrong, "step": 2, "reason": "r"}),
            ("/v1/rejections", {"carnet_id": "4711", "transaction_code": wrong, "reason": "r"}),
        ):
            error = assert_refused(setup.post(path, body, **{"Idempotency-Key": f"k-{wrong}"}), 404,
                                   "wrong_transaction_code")
            assert error["detail"] == "CHTA00004711"
    assert counts(setup.world) == before
    # The code is read case-insensitively, so a right code in lower case is not "wrong".
    lookup = setup.post("/v1/lookup", {"carnet": "chta00004711", "transaction_code": EXPORT.lower()})
    assert lookup.status_code == 200, lookup.text


# --- item ranges ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("goods", "status", "code", "named"),
    [
        ({"declared_goods": "1-99"}, 422, "bad_item_range", "1-99"),
        ({"declared_goods": "1-5,21"}, 422, "bad_item_range", "21"),
        ({"declared_goods": "1-20", "diverted_goods": "19-25"}, 422, "bad_item_range", "19-25"),
        ({"declared_goods": "1-20", "identification_marks": {"25": "serial 7"}}, 422, "bad_item_range", "25"),
        ({"declared_goods": "3-1"}, 422, "invalid_request", "3-1"),
        ({"declared_goods": "1,,2"}, 422, "invalid_request", "empty part"),
        ({"declared_goods": "0-4"}, 422, "invalid_request", "0-4"),
        ({"declared_goods": "1-a"}, 422, "invalid_request", "1-a"),
        ({"declared_goods": "1-20", "processed_abroad": "7--9"}, 422, "invalid_request", "7--9"),
    ],
    ids=["beyond-list", "one-beyond", "diverted-beyond", "marks-beyond", "reversed", "empty-part", "zero",
         "not-a-number", "double-dash"],
)
def test_bad_item_ranges_name_the_bad_part(
    setup: Setup, goods: Body, status: int, code: str, named: str
) -> None:
    validate(setup)
    before = counts(setup.world)
    error = assert_refused(setup.commit(export(goods=goods), "k-range"), status, code)
    if code == "bad_item_range":
        assert named in error["detail"]
        assert {"code": "bad_item_range", "detail": error["detail"]} in error["refusals"]
    else:
        problems = {f["field"]: f["problem"] for f in error["fields"]}
        field = next(f"body.goods.{name}" for name in goods if f"body.goods.{name}" in problems)
        assert named in problems[field], problems
    assert counts(setup.world) == before


# --- times ---------------------------------------------------------------------------------------------


def test_a_naive_occurred_at_is_refused(setup: Setup) -> None:
    validate(setup)
    before = counts(setup.world)
    naive = setup.world.clock().replace(tzinfo=None).isoformat()
    error = assert_refused(setup.commit(export(occurred_at=naive), "k-naive"), 422, "invalid_request")
    assert "time zone" in error["detail"]
    assert counts(setup.world) == before
    # With an offset the same moment is accepted.
    aware = setup.commit(export(occurred_at=setup.world.clock().isoformat()), "k-aware")
    assert aware.status_code == 201, aware.text


# --- all or nothing ------------------------------------------------------------------------------------


def test_a_refused_commit_leaves_nothing_and_does_not_spend_its_key(setup: Setup) -> None:
    before = counts(setup.world)
    not_validated = setup.commit(export(), "k-once")
    error = assert_refused(not_validated, 409, "not_validated")
    assert error["refusals"] == [{"code": "not_validated", "detail": ""}]
    assert counts(setup.world) == before

    validate(setup)
    after_validation = counts(setup.world)
    assert after_validation["transactions"] == before["transactions"] + 1
    assert after_validation["idempotency"] == before["idempotency"] + 1
    assert_refused(setup.commit(export(goods={"declared_goods": "1-99"}), "k-once"), 422, "bad_item_range")
    assert counts(setup.world) == after_validation

    # The key was not spent by the refusals: the corrected request goes through with it.
    done = setup.commit(export(), "k-once")
    assert done.status_code == 201, done.text
    tx = CommitResponse.model_validate_json(done.content).transaction
    assert tx.type is T.EXPORTATION
    assert tx.goods.declared_goods == "1-20"
    final = counts(setup.world)
    assert final["transactions"] == after_validation["transactions"] + 1
    assert final["idempotency"] == after_validation["idempotency"] + 1
    with setup.world.store.transaction() as db:
        assert [t.type for t in records.history(db, "4711")] == [T.VALIDATION, T.EXPORTATION]


def test_an_eu_exit_that_fails_on_its_second_transaction_leaves_no_pre_exportation(world: World) -> None:
    """An Exit with nothing pre-exported makes a Pre-exportation and an Exportation in one commit.

    No business rule can pass the first and refuse the second (both are assessed on the same carnet, code,
    goods, holds and date), so the second one is made to fail in the store: a row already holds the
    transaction number it will be given. The whole commit must roll back.
    """
    carnet = world.add_carnet(make_carnet("5100", "FRTA00005100", home="EU"))
    world.declare(carnet, T.VALIDATION, VALIDATION)
    world.declare(carnet, T.EXPORTATION, EXPORT, "1-20")
    officer = {"Authorization": f"Bearer {world.tokens['officer.fr']}"}
    with httpx.Client(base_url=world.url, timeout=10.0, headers=officer) as http:
        validated = http.post("/v1/transactions", headers={"Idempotency-Key": "v-5100"},
                              json={"carnet_id": "5100", "transaction_code": VALIDATION, "type": "validation"})
        assert validated.status_code == 201, validated.text

        before = counts(world)
        second = next_transaction_number(world) + 1
        with world.store.transaction() as db:
            db.execute("INSERT INTO transactions (transaction_id, carnet_id, office_id, territory, doc) "
                       "VALUES (?, 'elsewhere', 'nowhere', 'XX', '{}')", (str(second),))
        exit_body = {"carnet_id": "5100", "transaction_code": EXPORT, "type": "exportation", "eu_step": "exit",
                     "goods": {"declared_goods": "1-20"}}
        failed = http.post("/v1/transactions", json=exit_body, headers={"Idempotency-Key": "exit-5100"})
        assert_refused(failed, 500, "internal_error")
        assert failed.json()["error"]["permanent"] is False

        with world.store.transaction() as db:
            db.execute("DELETE FROM transactions WHERE carnet_id = 'elsewhere'")
            history = records.history(db, "5100")
        assert counts(world) == before
        assert [t.type for t in history] == [T.VALIDATION]

        lookup = http.post("/v1/lookup", json={"carnet": "5100", "transaction_code": EXPORT})
        assert lookup.status_code == 200, lookup.text
        seen = LookupResponse.model_validate_json(lookup.content)
        assert seen.pre_exportation is None
        assert [t.type for t in seen.history] == [T.VALIDATION]

        # Nothing was half-written, so the same request with the same key now makes both transactions.
        retried = http.post("/v1/transactions", json=exit_body, headers={"Idempotency-Key": "exit-5100"})
        assert retried.status_code == 201, retried.text
        made = CommitResponse.model_validate_json(retried.content)
        assert made.pre_exportation is not None
        assert made.pre_exportation.type is T.PRE_EXPORTATION
        assert made.transaction.type is T.EXPORTATION
        numbers = [int(made.pre_exportation.transaction_id), int(made.transaction.transaction_id)]
        if world.store.dialect == "sqlite":  # the counter rolled back with the failed commit
            assert numbers == [second - 1, second]
        else:  # the failed commit's numbers are skipped, never given again
            assert numbers == [second + 1, second + 2]
        after = counts(world)
        assert after["transactions"] == before["transactions"] + 2
        assert after["idempotency"] == before["idempotency"] + 1


# --- text is data --------------------------------------------------------------------------------------


async def test_holder_markup_and_escapes_come_back_byte_for_byte(setup: Setup, close_clients: None) -> None:
    response = setup.post("/v1/lookup", {"carnet": "CHTA00004711", "transaction_code": EXPORT})
    assert response.status_code == 200, response.text
    assert response.json()["carnet"]["holder"]["name"] == HOLDER_NAME
    assert json.dumps(HOLDER_NAME)[1:-1].encode() in response.content
    assert b"[bold red]X[/] \\u001b[31m" in response.content
    with setup.world.store.transaction() as db:
        stored = records.carnet(db, "4711")
    assert stored is not None
    assert stored.holder.name == HOLDER_NAME
    seen = await setup.world.client("officer.ch").lookup("CHTA00004711", EXPORT)
    assert seen.carnet.holder.name == HOLDER_NAME
