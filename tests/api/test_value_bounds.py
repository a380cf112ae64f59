"""The bounds of the values a request carries (docs/api.md, "Values"): each value out of bounds is refused with
``422 invalid_request`` naming its field, before the central computes anything with it, and leaves nothing behind.

Found from outside on the demo central: dates of year 1 or 9999 in ``occurred_at``, ``decided_at``, ``arrival_at``
or ``GET /v1/audit?since=`` and ``offset=10000000000000000000`` were answered ``500 internal_error`` (retryable: an
offline queue would send them forever), a seizure dated 0001-01-01 was recorded, and NUL, terminal escapes and
bidirectional overrides were stored in reasons, remarks and display names.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from carnet_domain.transaction_types import TransactionType as T
from central_contract.bounds import MAX_OFFSET
from reference_central import records
from reference_central.schema import DATA_TABLES
from tests.api.helpers import assert_refused, code_number
from tests.central_world import World, make_carnet

EXPORT = code_number(301)
VEHICLE = "GBCPD2600013"
"""A vehicle carnet of the demo central."""


@dataclass
class Api:
    world: World
    http: httpx.Client

    def send(self, method: str, path: str, body: object = None, account: str = "officer.ch",
             params: dict[str, str] | None = None, key: str = "") -> httpx.Response:
        """``key``: the Idempotency-Key."""
        headers = {"Authorization": f"Bearer {self.world.tokens[account]}"} | ({"Idempotency-Key": key} if key else {})
        return self.http.request(method, path, json=body, params=params, headers=headers)

    def rows(self) -> dict[str, int]:
        """How many rows each table of the central's database holds."""
        with self.world.store.transaction() as db:
            return {t: int(db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0]) for t in DATA_TABLES}


@pytest.fixture
def api(demo_world: World) -> Iterator[Api]:
    """The demo central, plus a Swiss 20-item carnet 4711 with an exportation code."""
    carnet = demo_world.add_carnet(make_carnet("4711", "CHTA00004711"))
    demo_world.declare(carnet, T.EXPORTATION, EXPORT, "1-20")
    with httpx.Client(base_url=demo_world.url, timeout=10.0) as http:
        yield Api(demo_world, http)


def refused_field(response: httpx.Response, field: str) -> str:
    """The refusal's detail, which must be about ``field`` alone."""
    error = assert_refused(response, 422, "invalid_request")
    assert [f["field"] for f in error["fields"]] == [field], error
    assert field in error["detail"]
    detail: str = error["detail"]
    return detail


# --- moments and days ------------------------------------------------------------------------------------

OUTSIDE = ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00", "1999-12-31T23:59:59Z", "2100-01-01T00:00:01Z",
           "2100-01-01T00:30:00-01:00"]


def moment_requests(when: str) -> list[tuple[str, str, Any, str, dict[str, str], str]]:
    """(method, path, body, account, query, field) of every request that carries a moment."""
    return [
        ("POST", "/v1/transactions", {"carnet_id": "4711", "transaction_code": EXPORT, "type": "exportation",
                                      "goods": {"declared_goods": "1-20"}, "occurred_at": when},
         "officer.ch", {}, "body.occurred_at"),
        ("POST", "/v1/audit/queue-decisions", {"local_ref": "GVA-1", "decision": "void", "reason": "duplicate",
                                               "decided_at": when}, "controller.ch", {}, "body.decided_at"),
        ("POST", "/v1/predeclarations", {"kind": "pre_notification", "office_id": "gva-airport", "arrival_at": when},
         "admin", {}, "body.arrival_at"),
        ("GET", "/v1/audit", None, "controller.ch", {"since": when}, "query.since"),
        ("GET", "/v1/audit", None, "controller.ch", {"until": when}, "query.until"),
    ]


@pytest.mark.parametrize("when", OUTSIDE)
def test_a_moment_outside_2000_to_2100_is_refused_naming_its_field(api: Api, when: str) -> None:
    before = api.rows()
    for method, path, body, account, query, field in moment_requests(when):
        detail = refused_field(api.send(method, path, body, account, query, key=when), field)
        assert "between 2000-01-01T00:00:00Z and 2100-01-01T00:00:00Z" in detail
    assert api.rows() == before


def test_a_moment_without_its_offset_is_refused_naming_its_field(api: Api) -> None:
    for method, path, body, account, query, field in moment_requests("2026-06-15T10:00:00"):
        assert "needs a time zone" in refused_field(api.send(method, path, body, account, query, key="naive"), field)


def test_the_ends_of_the_window_are_read(api: Api) -> None:
    for since, until in (("2000-01-01T00:00:00Z", "2100-01-01T00:00:00Z"),
                         ("2000-01-01T01:00:00+01:00", "2099-12-31T23:00:00-01:00")):
        answer = api.send("GET", "/v1/audit", account="controller.ch", params={"since": since, "until": until})
        assert answer.status_code == 200, answer.text


VEHICLE_DATES: list[tuple[str, dict[str, Any], str]] = [
    ("seizures", {"seized_by": "authorities"}, "seized_on"),
    ("seizures/1/release", {}, "released_on"),
    ("terminations", {"entry_id": "1", "kind": "duties_paid"}, "on"),
    ("notification", {}, "notified_on"),
    ("extension", {"requested_on": "2026-06-01", "requested_until": "2027-06-01", "granted_until": "2027-06-01",
                   "authority": "DVLA", "country": "GB"}, "granted_on"),
    ("regularisations", {"entry_id": "1", "certificate": {
        "authority_kind": "customs", "authority_name": "Dover", "country": "GB", "issued_on": "2026-06-02"}},
     "certificate.presented_on"),
]


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1999-12-31", "2100-01-02"])
def test_a_vehicle_record_dated_outside_the_window_is_refused_and_not_recorded(api: Api, day: str) -> None:
    before = api.rows()
    for path, body, field in VEHICLE_DATES:
        sent = dict(body)
        if "." in field:
            outer, inner = field.split(".")
            sent[outer] = {**sent[outer], inner: day}
        else:
            sent[field] = day
        answer = api.send("POST", f"/v1/carnets/{VEHICLE}/vehicle/{path}", sent, "admin",
                          {"office_id": "bardonnex"})
        assert "between 2000-01-01 and 2100-01-01" in refused_field(answer, f"body.{field}")
    assert api.rows() == before


# --- numbers ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/v1/transactions", "/v1/logs/carnets", "/v1/logs/transactions"])
def test_an_offset_past_the_bound_is_refused_and_one_at_it_is_an_empty_page(api: Api, path: str) -> None:
    for offset in (10**19, 2**63, MAX_OFFSET + 1):
        refused_field(api.send("GET", path, account="admin", params={"offset": str(offset)}), "query.offset")
    answer = api.send("GET", path, account="admin", params={"offset": str(MAX_OFFSET)})
    assert answer.status_code == 200, answer.text
    assert answer.json()["items"] == []


def test_an_item_number_past_seven_digits_is_refused(api: Api) -> None:
    body = {"carnet_id": "4711", "transaction_code": EXPORT, "type": "exportation",
            "goods": {"declared_goods": "1-20", "identification_marks": {"100000000000000000000": "SN 1"}}}
    refused_field(api.send("POST", "/v1/transactions", body, key="marks"),
                  "body.goods.identification_marks.100000000000000000000.[key]")


# --- text ------------------------------------------------------------------------------------------------

REFUSED = {"NUL": ("a\x00b", "U+0000"), "ESC": ("\x1b[31mred", "U+001B"), "BEL": ("ring\x07", "U+0007"),
           "DEL": ("x\x7f", "U+007F"), "C1": ("x\x85y", "U+0085"), "override": ("fdp.exe\u202e", "U+202E"),
           "embedding": ("\u202aab", "U+202A"), "isolate": ("a\u2066b\u2069", "U+2066")}


def text_requests(value: str) -> list[tuple[str, str, dict[str, Any], str, str]]:
    """(method, path, body, account, field) of requests whose text the central keeps or shows."""
    def commit(**goods: object) -> dict[str, Any]:
        return {"carnet_id": "4711", "transaction_code": EXPORT, "type": "exportation",
                "goods": {"declared_goods": "1-20", **goods}}

    return [
        ("POST", "/v1/holds", {"carnet_id": "4711", "transaction_code": EXPORT, "step": 2, "reason": value},
         "officer.ch", "body.reason"),
        ("POST", "/v1/holds", {"carnet_id": "4711", "transaction_code": EXPORT, "step": 2, "reason": "seals",
                               "customs_reference": value}, "officer.ch", "body.customs_reference"),
        ("POST", "/v1/rejections", {"carnet_id": "4711", "transaction_code": EXPORT, "reason": value},
         "officer.ch", "body.reason"),
        ("POST", "/v1/transactions/1/cancel", {"cancellation_code": "CANCELBBBBBB", "reason": value},
         "officer.ch", "body.reason"),
        ("POST", "/v1/audit/queue-decisions", {"local_ref": "GVA-1", "decision": "void", "reason": value},
         "controller.ch", "body.reason"),
        ("POST", "/v1/shifts", {"note": value}, "controller.ch", "body.note"),
        ("POST", "/v1/shifts/1/handover", {"note": value}, "controller.ch", "body.note"),
        ("POST", "/v1/accounts", {"account_id": "new.officer", "display_name": value, "role": "officer",
                                  "office_id": "gva-airport"}, "admin", "body.display_name"),
        ("PATCH", "/v1/accounts/officer.ch", {"display_name": value}, "admin", "body.display_name"),
        ("PATCH", "/v1/accounts/officer.ch", {"email": value}, "admin", "body.email"),
        ("POST", "/v1/accounts/officer.ch/disable", {"reason": value}, "admin", "body.reason"),
        ("POST", "/v1/workstations", {"name": value, "office_id": "gva-airport"}, "admin", "body.name"),
        ("POST", "/v1/predeclarations/1/reject", {"reason": value}, "officer.ch", "body.reason"),
        ("POST", "/v1/predeclarations", {"kind": "pre_notification", "office_id": "gva-airport",
                                         "arrival_at": "2026-06-16T10:00:00Z", "submitted_by": value},
         "admin", "body.submitted_by"),
        ("POST", "/v1/transactions", commit(holder_remarks=value), "officer.ch", "body.goods.holder_remarks"),
        ("POST", "/v1/transactions", {**commit(), "customs": {"customs_remarks": value}}, "officer.ch",
         "body.customs.customs_remarks"),
        ("POST", "/v1/transactions", commit(identification_marks={"3": value}), "officer.ch",
         "body.goods.identification_marks.3"),
        ("POST", f"/v1/carnets/{VEHICLE}/vehicle/seizures", {"seized_by": "authorities", "seized_on": "2026-06-01",
                                                             "authority": value}, "admin", "body.authority"),
        ("POST", "/v1/lookup", {"carnet": value, "transaction_code": EXPORT}, "officer.ch", "body.carnet"),
    ]


@pytest.mark.parametrize("kind", sorted(REFUSED))
def test_control_and_bidirectional_characters_are_refused_naming_the_field(api: Api, kind: str) -> None:
    value, named = REFUSED[kind]
    before = api.rows()
    for method, path, body, account, field in text_requests(value):
        detail = refused_field(api.send(method, path, body, account, key=f"text-{kind}"), field)
        assert named in detail, (path, detail)
    assert api.rows() == before


def test_a_reason_keeps_its_line_breaks_and_tabs_in_nfc_but_a_name_is_one_line(api: Api) -> None:
    reason = "Seals to check:\n\t- the blue one is torn\n\t- e\u0301tiquette de\u0301chire\u0301e"
    placed = api.send("POST", "/v1/holds", {"carnet_id": "4711", "transaction_code": EXPORT, "step": 2,
                                            "reason": reason})
    assert placed.status_code == 201, placed.text
    kept = "Seals to check:\n\t- the blue one is torn\n\t- étiquette déchirée"
    assert placed.json()["reason"] == kept
    with api.world.store.transaction() as db:
        [hold] = records.active_holds(db, "4711")
    assert hold.reason == kept
    for name in ("Training\tOfficer", "Training\nOfficer", "Training\r\nOfficer"):
        refused_field(api.send("PATCH", "/v1/accounts/officer.ch", {"display_name": name}, "admin"),
                      "body.display_name")
    renamed = api.send("PATCH", "/v1/accounts/officer.ch", {"display_name": "Zoe\u0308 Mu\u0308ller"}, "admin")
    assert renamed.status_code == 200, renamed.text
    assert renamed.json()["display_name"] == "Zoë Müller"


def test_an_idempotency_key_with_control_characters_is_refused(api: Api) -> None:
    body = {"carnet_id": "4711", "transaction_code": EXPORT, "type": "exportation", "goods": {"declared_goods": "1"}}
    before = api.rows()
    answer = api.http.post("/v1/transactions", json=body, headers=[
        ("Authorization", f"Bearer {api.world.tokens['officer.ch']}"), ("Idempotency-Key", "key\x1b[2J")])
    assert "U+001B" in refused_field(answer, "header.idempotency-key")
    assert api.rows() == before
