"""Offices and regions over HTTP (issue 19): the guide's office fields, editing, deactivating, activating and
deleting offices and regions by role and region (guide lines 1758-1760, 2977-3240), what a deactivated office
still does and no longer does, and what each change writes in the audit trail. Every call goes to the real central
on loopback; what it recorded is read back from its database."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from carnet_domain.carnet import Carnet
from carnet_domain.organisation import Account, Office, OfficeType, Role
from carnet_domain.transaction_types import TransactionType as T
from central_contract.models import AuditEntry
from reference_central import records
from tests.api.helpers import assert_refused, fresh_code
from tests.central_world import World, make_carnet, open_session

Body = dict[str, Any]
GUIDE_OFFICE: Body = {
    "office_id": "gva-cargo", "name": "Genève Fret", "region_id": "ch-geneve", "timezone": "Europe/Zurich",
    "types": ["land_port", "airport", "airport"], "address": "Route de l'Aéroport 21\nCase postale 14",
    "postcode": "1215", "city": "Genève 15 Aéroport", "phone": "+41 22 747 00 00", "email": "fret@douane.invalid",
    "opening_hours": "Mon-Fri 07:00-19:00\nSat 08:00-12:00", "latitude": 46.2381, "longitude": 6.1090,
}


@pytest.fixture
def http(world: World) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=world.url, timeout=10.0) as client:
        yield client


def auth(world: World, account_id: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {world.tokens[account_id]}"}


def manager_of_paris(world: World) -> dict[str, str]:
    """A regional manager of Île-de-France (another region than the offices of Genève)."""
    with world.store.transaction() as db:
        records.put_account(db, Account(account_id="manager.fr", display_name="Regional Manager FR",
                                        role=Role.REGIONAL_MANAGER, office_id="cdg", region_id="fr-idf"))
    return {"Authorization": f"Bearer {open_session(world.store, 'manager.fr', world.clock())}"}


def stored_office(world: World, office_id: str) -> Office | None:
    with world.store.transaction() as db:
        return records.office(db, office_id)


def audit_lines(world: World, action: str) -> list[tuple[str, str, str, str, str]]:
    """(account, office, region, subject, reason) of each audit line of ``action``, oldest first."""
    with world.store.transaction() as db:
        rows = db.execute("SELECT doc FROM audit WHERE action = ? ORDER BY seq", (action,)).fetchall()
    entries = [AuditEntry.model_validate_json(row["doc"]) for row in rows]
    return [(e.account_id, e.office_id, e.region_id, e.subject, e.reason) for e in entries]


def carnet(world: World, n: int) -> Carnet:
    return world.add_carnet(make_carnet(f"55{n:03d}", f"CHOF{n:05d}"))


def commit(world: World, http: httpx.Client, caller: dict[str, str], of: Carnet, kind: T = T.VALIDATION,
           goods: str = "") -> httpx.Response:
    code = fresh_code()
    world.declare(of, kind, code, goods)
    return http.post("/v1/transactions", json={"carnet_id": of.carnet_id, "transaction_code": code,
                                               "type": kind.value, "goods": {"declared_goods": goods}},
                     headers={**caller, "Idempotency-Key": str(uuid.uuid4())})


# --- the guide's fields ----------------------------------------------------------------------------------------


def test_an_office_is_created_with_the_guides_fields_and_read_back(world: World, http: httpx.Client) -> None:
    made = http.post("/v1/offices", json=GUIDE_OFFICE, headers=auth(world, "manager.ch"))
    assert made.status_code == 201, made.text
    expected = Office(
        office_id="gva-cargo", name="Genève Fret", region_id="ch-geneve", territory="CH", timezone="Europe/Zurich",
        types=(OfficeType.AIRPORT, OfficeType.LAND_PORT), address="Route de l'Aéroport 21\nCase postale 14",
        postcode="1215", city="Genève 15 Aéroport", phone="+41 22 747 00 00", email="fret@douane.invalid",
        opening_hours="Mon-Fri 07:00-19:00\nSat 08:00-12:00", latitude=46.2381, longitude=6.109)
    assert Office.model_validate_json(made.content) == expected
    assert stored_office(world, "gva-cargo") == expected
    listed = {o["office_id"]: o for o in http.get("/v1/offices", headers=auth(world, "officer.ch")).json()}
    assert Office.model_validate(listed["gva-cargo"]) == expected
    assert audit_lines(world, "office_created") == [("manager.ch", "gva-cargo", "ch-geneve", "gva-cargo", "")]
    # An office made before these fields existed reads with them empty.
    old = stored_office(world, "bardonnex")
    assert old is not None
    assert (old.types, old.address, old.latitude, old.longitude) == ((), "", None, None)


def test_an_office_may_be_created_deactivated(world: World, http: httpx.Client) -> None:
    made = http.post("/v1/offices", json={**GUIDE_OFFICE, "active": False}, headers=auth(world, "admin"))
    assert made.status_code == 201, made.text
    assert made.json()["active"] is False
    assert audit_lines(world, "office_created")[0][4] == "created deactivated"


# --- editing, by role and region -------------------------------------------------------------------------------

EDIT: Body = {"name": "Bardonnex autoroute", "types": ["land_port"], "phone": "+41 58 469 00 00",
              "opening_hours": "24/7", "latitude": 46.1432, "longitude": 6.1104}


@pytest.mark.parametrize(("caller", "status", "code"), [
    ("officer.ch", 403, "forbidden"), ("controller.ch", 403, "forbidden"), ("manager.ch", 200, ""),
    ("manager.fr", 403, "office_not_in_region"), ("admin", 200, ""),
])
def test_an_office_is_edited_by_its_regions_manager_and_admins_only(
    world: World, http: httpx.Client, caller: str, status: int, code: str,
) -> None:
    headers = manager_of_paris(world) if caller == "manager.fr" else auth(world, caller)
    before = stored_office(world, "bardonnex")
    answer = http.patch("/v1/offices/bardonnex", json=EDIT, headers=headers)
    if code:
        assert_refused(answer, status, code)
        assert stored_office(world, "bardonnex") == before
        assert audit_lines(world, "office_edited") == []
        return
    assert answer.status_code == 200, answer.text
    assert before is not None
    expected = before.model_copy(update={**EDIT, "types": (OfficeType.LAND_PORT,)})
    assert Office.model_validate_json(answer.content) == expected
    assert stored_office(world, "bardonnex") == expected
    assert audit_lines(world, "office_edited") == [
        (caller, "bardonnex", "ch-geneve", "bardonnex",
         "changed: latitude, longitude, name, opening_hours, phone, types")]
    # The same edit again changes nothing and writes no line.
    assert http.patch("/v1/offices/bardonnex", json=EDIT, headers=headers).status_code == 200
    assert len(audit_lines(world, "office_edited")) == 1


def test_coordinates_are_removed_together(world: World, http: httpx.Client) -> None:
    admin = auth(world, "admin")
    assert http.patch("/v1/offices/bardonnex", json={"latitude": 46.1, "longitude": 6.1}, headers=admin).is_success
    cleared = http.patch("/v1/offices/bardonnex", json={"latitude": None, "longitude": None}, headers=admin)
    assert cleared.status_code == 200, cleared.text
    assert (cleared.json()["latitude"], cleared.json()["longitude"]) == (None, None)
    assert_refused(http.patch("/v1/offices/bardonnex", json={"latitude": 46.1}, headers=admin), 422,
                   "invalid_request")


def test_an_office_moves_region_only_within_what_the_caller_may(world: World, http: httpx.Client) -> None:
    manager, admin = auth(world, "manager.ch"), auth(world, "admin")
    assert_refused(http.patch("/v1/offices/bardonnex", json={"region_id": "fr-idf"}, headers=manager), 403,
                   "office_not_in_region")
    assert_refused(http.patch("/v1/offices/bardonnex", json={"region_id": "xx-nowhere"}, headers=admin), 404,
                   "unknown_region")
    # The admin moves it: its customs territory follows the region.
    moved = http.patch("/v1/offices/bardonnex", json={"region_id": "fr-idf", "timezone": "Europe/Paris"},
                       headers=admin)
    assert moved.status_code == 200, moved.text
    assert (moved.json()["region_id"], moved.json()["territory"], moved.json()["timezone"]) == (
        "fr-idf", "EU", "Europe/Paris")
    assert audit_lines(world, "office_edited")[-1][2:] == (
        "fr-idf", "bardonnex", "changed: region_id, timezone (region ch-geneve -> fr-idf)")
    # Now outside the Swiss manager's region, inside the French one's.
    assert_refused(http.patch("/v1/offices/bardonnex", json={"name": "X"}, headers=manager), 403,
                   "office_not_in_region")
    assert http.patch("/v1/offices/bardonnex", json={"name": "Bardonnex"},
                      headers=manager_of_paris(world)).status_code == 200
    # An office people work at does not move away from their region.
    refused = assert_refused(http.patch("/v1/offices/gva-airport", json={"region_id": "ch-basel"}, headers=admin),
                             409, "office_in_use")
    assert refused["detail"].startswith("a move to another region leaves behind: ")
    assert "accounts" in refused["detail"]
    gva = stored_office(world, "gva-airport")
    assert gva is not None and gva.region_id == "ch-geneve"


# --- deactivation and activation -------------------------------------------------------------------------------


def test_a_deactivated_office_keeps_its_history_and_takes_no_new_work(world: World, http: httpx.Client) -> None:
    officer, controller, admin = auth(world, "officer.ch"), auth(world, "controller.ch"), auth(world, "admin")
    old = carnet(world, 1)
    made = commit(world, http, officer, old)
    assert made.status_code == 201, made.text
    done = made.json()["transaction"]["transaction_id"]

    off = http.post("/v1/offices/gva-airport/deactivate", json={"reason": "Terminal closed"}, headers=admin)
    assert off.status_code == 200, off.text
    assert off.json()["active"] is False
    assert audit_lines(world, "office_deactivated") == [
        ("admin", "gva-airport", "ch-geneve", "gva-airport", "Terminal closed")]

    # New work at it, named or as the session's office, is refused with what to do.
    refused = assert_refused(commit(world, http, officer, carnet(world, 2)), 409, "office_inactive")
    assert refused["detail"] == "gva-airport"
    assert "activate it again" in refused["message"]
    fresh, code = carnet(world, 3), fresh_code()
    world.declare(fresh, T.VALIDATION, code)
    assert_refused(http.post("/v1/lookup", json={"carnet": fresh.number, "transaction_code": code}, headers=officer),
                   409, "office_inactive")
    assert_refused(http.post("/v1/lookup", json={"carnet": fresh.number, "transaction_code": code,
                                                 "office_id": "gva-airport"}, headers=officer), 409, "office_inactive")
    assert_refused(http.post("/v1/holds", json={"carnet_id": fresh.carnet_id, "transaction_code": code, "step": 3,
                                                "reason": "Seal broken"}, headers=officer), 409, "office_inactive")
    assert_refused(http.put("/v1/session/office", json={"office_id": "gva-airport"},
                            headers=auth(world, "manager.ch")), 409, "office_inactive")
    with world.store.transaction() as db:
        assert len(records.history(db, fresh.carnet_id)) == 0

    # Its history is still read: the office's last transactions, the Logs.
    page = http.get("/v1/transactions", params={"office_id": "gva-airport"}, headers=officer)
    assert page.status_code == 200, page.text
    assert [t["transaction_id"] for t in page.json()["items"]] == [done]
    logs = http.get("/v1/logs/transactions", params={"carnet": old.number}, headers=controller)
    assert logs.status_code == 200, logs.text
    assert done in logs.text
    # Its people still sign in: /v1/me offers the region's active offices to move to.
    me = http.get("/v1/me", headers=officer)
    assert me.status_code == 200, me.text
    assert {o["office_id"] for o in me.json()["offices"]} == {"bardonnex"}

    # Activated again, it takes work again.
    on = http.post("/v1/offices/gva-airport/activate", headers=admin)
    assert on.status_code == 200 and on.json()["active"] is True
    assert commit(world, http, officer, carnet(world, 4)).status_code == 201
    assert [line[0] for line in audit_lines(world, "office_activated")] == ["admin"]


def test_me_still_answers_when_every_office_of_the_region_is_deactivated(world: World, http: httpx.Client) -> None:
    admin = auth(world, "admin")
    for office in ("gva-airport", "bardonnex"):
        assert http.post(f"/v1/offices/{office}/deactivate", headers=admin).status_code == 200
    me = http.get("/v1/me", headers=auth(world, "officer.ch"))
    assert me.status_code == 200, me.text
    assert (me.json()["office"]["office_id"], me.json()["office"]["active"], me.json()["offices"]) == (
        "gva-airport", False, [])


def test_an_office_with_carnets_on_hold_is_not_deactivated(world: World, http: httpx.Client) -> None:
    officer = auth(world, "officer.ch")
    held, code = carnet(world, 5), fresh_code()
    assert commit(world, http, officer, held).status_code == 201
    world.declare(held, T.EXPORTATION, code, "1-5")
    placed = http.post("/v1/holds", json={"carnet_id": held.carnet_id, "transaction_code": code, "step": 3,
                                          "reason": "Seal broken"}, headers=officer)
    assert placed.status_code == 201, placed.text
    refused = assert_refused(http.post("/v1/offices/gva-airport/deactivate", headers=auth(world, "manager.ch")),
                             409, "office_in_use")
    assert refused["detail"] == "release its holds before deactivating it: 1 active holds"
    office = stored_office(world, "gva-airport")
    assert office is not None and office.active
    assert http.post(f"/v1/holds/{placed.json()['hold_id']}/release", headers=officer).status_code == 200
    assert http.post("/v1/offices/gva-airport/deactivate", headers=auth(world, "manager.ch")).status_code == 200


@pytest.mark.parametrize("route", ["deactivate", "activate"])
def test_deactivating_and_activating_follow_the_role_and_the_region(
    world: World, http: httpx.Client, route: str,
) -> None:
    if route == "activate":
        assert http.post("/v1/offices/bardonnex/deactivate", headers=auth(world, "admin")).status_code == 200
    path = f"/v1/offices/bardonnex/{route}"
    for caller in ("officer.ch", "controller.ch"):
        assert_refused(http.post(path, headers=auth(world, caller)), 403, "forbidden")
    assert_refused(http.post(path, headers=manager_of_paris(world)), 403, "office_not_in_region")
    assert_refused(http.post("/v1/offices/atlantis/" + route, headers=auth(world, "admin")), 404, "unknown_office")
    answer = http.post(path, headers=auth(world, "manager.ch"))
    assert answer.status_code == 200, answer.text
    assert answer.json()["active"] is (route == "activate")


# --- deleting --------------------------------------------------------------------------------------------------


def test_only_an_office_nothing_names_is_deleted(world: World, http: httpx.Client) -> None:
    manager, officer = auth(world, "manager.ch"), auth(world, "officer.ch")
    assert commit(world, http, officer, carnet(world, 6)).status_code == 201
    refused = assert_refused(http.delete("/v1/offices/gva-airport", headers=manager), 409, "office_in_use")
    assert refused["detail"] == "it has: 1 transactions, 4 accounts, 1 workstations"
    assert stored_office(world, "gva-airport") is not None

    assert http.post("/v1/offices", json=GUIDE_OFFICE, headers=manager).status_code == 201
    for caller in ("officer.ch", "controller.ch"):
        assert_refused(http.delete("/v1/offices/gva-cargo", headers=auth(world, caller)), 403, "forbidden")
    assert_refused(http.delete("/v1/offices/gva-cargo", headers=manager_of_paris(world)), 403,
                   "office_not_in_region")
    gone = http.delete("/v1/offices/gva-cargo", headers=manager)
    assert gone.status_code == 204, gone.text
    assert gone.content == b""
    assert stored_office(world, "gva-cargo") is None
    assert audit_lines(world, "office_deleted") == [
        ("manager.ch", "gva-cargo", "ch-geneve", "gva-cargo", "deleted Genève Fret")]
    assert_refused(http.delete("/v1/offices/gva-cargo", headers=manager), 404, "unknown_office")


def test_an_office_with_only_a_workstation_is_not_deleted(world: World, http: httpx.Client) -> None:
    admin = auth(world, "admin")
    registered = http.post("/v1/workstations", json={"name": "Desk 1", "office_id": "bardonnex"}, headers=admin)
    assert registered.status_code == 201, registered.text
    refused = assert_refused(http.delete("/v1/offices/bardonnex", headers=admin), 409, "office_in_use")
    assert refused["detail"] == "it has: 1 workstations"


# --- regions ---------------------------------------------------------------------------------------------------


def test_the_regions_are_the_callers_or_all_for_an_admin(world: World, http: httpx.Client) -> None:
    for caller in ("officer.ch", "controller.ch", "manager.ch"):
        answer = http.get("/v1/regions", headers=auth(world, caller))
        assert answer.status_code == 200, answer.text
        assert [r["region_id"] for r in answer.json()] == ["ch-geneve"]
    every = http.get("/v1/regions", headers=auth(world, "admin")).json()
    with world.store.transaction() as db:
        assert [r["region_id"] for r in every] == [r.region_id for r in records.regions(db)]
    assert len(every) == 8


def test_only_an_admin_edits_a_region(world: World, http: httpx.Client) -> None:
    for caller in ("officer.ch", "controller.ch", "manager.ch"):
        assert_refused(http.patch("/v1/regions/ch-geneve", json={"name": "Genf"}, headers=auth(world, caller)),
                       403, "forbidden")
    edited = http.patch("/v1/regions/ch-geneve", json={"name": "Genève et environs"}, headers=auth(world, "admin"))
    assert edited.status_code == 200, edited.text
    assert edited.json() == {"region_id": "ch-geneve", "name": "Genève et environs", "country": "CH",
                             "territory": "CH", "active": True}
    assert audit_lines(world, "region_edited") == [("admin", "", "ch-geneve", "ch-geneve", "changed: name")]
    assert_refused(http.patch("/v1/regions/xx-nowhere", json={"name": "X"}, headers=auth(world, "admin")), 404,
                   "unknown_region")
    for bad in ({"country": "che"}, {"country": None}, {"territory": "EU"}, {"name": ""}):
        assert_refused(http.patch("/v1/regions/ch-geneve", json=bad, headers=auth(world, "admin")), 422,
                       "invalid_request")


def test_only_an_empty_region_is_deleted(world: World, http: httpx.Client) -> None:
    admin = auth(world, "admin")
    refused = assert_refused(http.delete("/v1/regions/ch-geneve", headers=admin), 409, "region_in_use")
    assert refused["detail"] == "it has: 2 offices, 4 accounts"
    made = http.post("/v1/regions", json={"region_id": "ch-vaud", "name": "Vaud", "country": "CH", "territory": "CH"},
                     headers=admin)
    assert made.status_code == 201, made.text
    assert http.post("/v1/offices", json={**GUIDE_OFFICE, "region_id": "ch-vaud"}, headers=admin).status_code == 201
    assert_refused(http.delete("/v1/regions/ch-vaud", headers=admin), 409, "region_in_use")
    assert http.delete("/v1/offices/gva-cargo", headers=admin).status_code == 204
    assert_refused(http.delete("/v1/regions/ch-vaud", headers=auth(world, "manager.ch")), 403, "forbidden")
    assert http.delete("/v1/regions/ch-vaud", headers=admin).status_code == 204
    with world.store.transaction() as db:
        assert records.region(db, "ch-vaud") is None
    assert [line[2:4] for line in audit_lines(world, "region_deleted")] == [("ch-vaud", "ch-vaud")]
    assert_refused(http.delete("/v1/regions/ch-vaud", headers=admin), 404, "unknown_region")


# --- hostile values --------------------------------------------------------------------------------------------

HOSTILE: list[tuple[str, Body, str]] = [
    ("huge name", {"name": "N" * 121}, "body.name"),
    ("huge address", {"address": "A" * 301}, "body.address"),
    ("huge opening hours", {"opening_hours": "h" * 501}, "body.opening_hours"),
    ("NUL in the name", {"name": "Bardonnex\x00"}, "body.name"),
    ("line break in the city", {"city": "Genève\nCornavin"}, "body.city"),
    ("bidi override in the city", {"city": "Gen\u202eève"}, "body.city"),
    ("C1 control in the postcode", {"postcode": "12\x8515"}, "body.postcode"),
    ("latitude 91", {"latitude": 91, "longitude": 6.1}, "body.latitude"),
    ("longitude -180.5", {"latitude": 46.1, "longitude": -180.5}, "body.longitude"),
    ("latitude alone", {"latitude": 46.1}, "body"),
    ("a phone in words", {"phone": "call the desk"}, "body.phone"),
    ("an e-mail without domain", {"email": "fret@"}, "body.email"),
    ("an unknown type", {"types": ["spaceport"]}, "body.types.0"),
    ("a null name", {"name": None}, "body"),
    ("an unknown field", {"active": False}, "body.active"),
    ("an empty time zone", {"timezone": ""}, "body.timezone"),
]


@pytest.mark.parametrize(("body", "field"), [(b, f) for _, b, f in HOSTILE], ids=[n for n, _, _ in HOSTILE])
def test_hostile_edits_are_refused_with_the_field_named(
    world: World, http: httpx.Client, body: Body, field: str,
) -> None:
    before = stored_office(world, "bardonnex")
    refused = assert_refused(http.patch("/v1/offices/bardonnex", json=body, headers=auth(world, "admin")), 422,
                             "invalid_request")
    fields = {f["field"]: f["problem"] for f in refused["fields"]}
    assert field in fields, refused
    assert all(fields.values())
    assert stored_office(world, "bardonnex") == before


@pytest.mark.parametrize("body", [b'{"latitude": NaN, "longitude": 6.1}', b'{"latitude": 46, "longitude": Infinity}'],
                         ids=["NaN", "Infinity"])
def test_coordinates_that_are_no_numbers_are_refused(world: World, http: httpx.Client, body: bytes) -> None:
    answer = http.patch("/v1/offices/bardonnex", content=body,
                        headers={**auth(world, "admin"), "Content-Type": "application/json"})
    assert answer.status_code in (400, 422), answer.text
    assert answer.json()["error"]["code"] in ("malformed_json", "invalid_request")
    office = stored_office(world, "bardonnex")
    assert office is not None and office.latitude is None


@pytest.mark.parametrize("zone", ["Europe", "Mars/Olympus_Mons", "../../etc/passwd", "zone.tab", "Europe/Zurich "])
@pytest.mark.parametrize("how", ["create", "edit"])
def test_an_unknown_time_zone_is_refused_never_a_failure(
    world: World, http: httpx.Client, zone: str, how: str,
) -> None:
    admin = auth(world, "admin")
    answer = http.post("/v1/offices", json={**GUIDE_OFFICE, "timezone": zone}, headers=admin) if how == "create" \
        else http.patch("/v1/offices/bardonnex", json={"timezone": zone}, headers=admin)
    refused = assert_refused(answer, 422, "invalid_request")
    assert refused["detail"] == f"unknown time zone {zone!r}: give an IANA name such as Europe/Zurich"
    assert stored_office(world, "gva-cargo") is None
    bardonnex = stored_office(world, "bardonnex")
    assert bardonnex is not None and bardonnex.timezone == "Europe/Zurich"
