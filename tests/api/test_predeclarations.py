"""Pre-notifications and pre-declarations over HTTP (guide lines 2699-2729): every endpoint with each role's
token, and an officer of another region; Acknowledge, Reject and Commit, what they refuse, and the
pre-declaration that turns committed once its transaction is. Calls go to the real central on loopback; what
it recorded is read back from its SQLite file."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from carnet_domain.carnet import Carnet
from carnet_domain.predeclaration import PreDeclaration, PreDeclarationState
from carnet_domain.transaction_types import TransactionType as T
from reference_central import predeclaration_records
from tests.api.helpers import assert_refused, fresh_code
from tests.central_world import World, make_carnet

NOW = datetime(2026, 6, 15, 10, 0, tzinfo=UTC)
CH_ACCOUNTS = ("officer.ch", "controller.ch", "manager.ch", "admin")
"""One account per role, all at Genève Aéroport (region ch-geneve)."""
FOREIGN = "officer.fr"
"""An officer of another region (Paris CDG, fr-idf)."""
GUIDE_COLUMNS = {"carnet_id", "carnet_number", "arrival_at", "carnet_kind", "transaction_type", "transport_mode",
                 "means_of_transport", "identification", "office_id", "office_name"}

Body = dict[str, Any]


@pytest.fixture
def http(world: World) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=world.url, timeout=10.0) as client:
        yield client


def auth(world: World, account_id: str, office_id: str | None = None) -> dict[str, str]:
    """``account_id``'s session: the one signed in at its own office, or one that works at ``office_id``."""
    return {"Authorization": f"Bearer {world.token(account_id, office_id)}"}


def carnet_with_export(world: World, carnet_id: str) -> tuple[Carnet, str]:
    """A Swiss carnet with an Exportation declared behind a new code (not yet validated)."""
    carnet = world.add_carnet(make_carnet(carnet_id, f"CHPD{carnet_id}"))
    code = fresh_code()
    world.declare(carnet, T.EXPORTATION, code, "1-20", means_of_transport="Air")
    return carnet, code


def notification(office_id: str = "gva-airport", hours: int = 6, **extra: object) -> Body:
    body: Body = {"kind": "pre_notification", "office_id": office_id,
                  "arrival_at": (NOW + timedelta(hours=hours)).isoformat(), "transport_mode": "hand_carry",
                  "means_of_transport": "air", "identification": "LX1234", "submitted_by": "Léman Events SA",
                  "attachments": [{"name": "packing-list.pdf", "size": 48213, "media_type": "application/pdf"}]}
    body.update(extra)
    return body


def automatic(carnet: Carnet, code: str, office_id: str = "gva-airport", **extra: object) -> Body:
    fields: Body = {"kind": "automatic_transaction", "carnet": carnet.number, "transaction_code": code, **extra}
    return notification(office_id, **fields)


def create(world: World, http: httpx.Client, body: Body) -> Body:
    """``body`` sent by the admin from a session working at the office it is addressed to."""
    response = http.post("/v1/predeclarations", json=body, headers=auth(world, "admin", str(body["office_id"])))
    assert response.status_code == 201, response.text
    created: Body = response.json()
    return created


def stored(world: World, predeclaration_id: str) -> PreDeclaration:
    with world.store.transaction() as db:
        found = predeclaration_records.one(db, predeclaration_id)
    assert found is not None
    return found


def count(world: World) -> int:
    with world.store.transaction() as db:
        return int(db.execute("SELECT COUNT(*) FROM predeclarations").fetchone()[0])


# --- creation: what the holder's app sends, an admin on the reference central ---------------------------


def test_only_an_admin_creates_and_the_central_records_it(world: World, http: httpx.Client) -> None:
    for account in (*CH_ACCOUNTS[:3], FOREIGN):
        response = http.post("/v1/predeclarations", json=notification(), headers=auth(world, account))
        assert_refused(response, 403, "forbidden")
    assert count(world) == 0
    assert_refused(http.post("/v1/predeclarations", json=notification()), 401, "unauthenticated")

    created = create(world, http, notification())
    record = stored(world, created["predeclaration_id"])
    assert PreDeclaration.model_validate(created) == record
    assert (record.state, record.carnet_id, record.office_name, record.arrival_at) == (
        PreDeclarationState.PENDING, None, "Genève Aéroport", NOW + timedelta(hours=6))
    assert [a.name for a in record.attachments] == ["packing-list.pdf"]


def test_creation_checks_the_carnet_and_its_declaration(world: World, http: httpx.Client) -> None:
    carnet, code = carnet_with_export(world, "7701")
    admin = auth(world, "admin")
    cases = [
        ({"kind": "automatic_transaction", "carnet": carnet.number}, 422, "invalid_request"),
        ({"transaction_code": code}, 422, "invalid_request"),
        (automatic(carnet, fresh_code()), 404, "wrong_transaction_code"),
        ({**automatic(carnet, code), "carnet": "CHNOSUCH0001"}, 404, "unknown_carnet"),
        (automatic(carnet, code, transaction_type="importation"), 409, "type_mismatch"),
        (notification(arrival_at="2026-06-15T16:00:00"), 422, "invalid_request"),
        (notification(colour="red"), 422, "invalid_request"),
        (notification(office_id="nowhere"), 404, "unknown_office"),
    ]
    for extra, status, error in cases:
        body = {**notification(), **extra}
        assert_refused(http.post("/v1/predeclarations", json=body, headers=admin), status, error)
    assert count(world) == 0

    created = create(world, http, automatic(carnet, code.lower()))
    assert (created["carnet_id"], created["carnet_kind"], created["transaction_type"], created["transaction_code"]) == (
        "7701", "ATA", "exportation", code)


# --- the list and the details, role by role ---------------------------------------------------------------


def test_the_list_shows_the_region_guide_columns_latest_arrival_first(world: World, http: httpx.Client) -> None:
    carnet, code = carnet_with_export(world, "7702")
    gva = create(world, http, automatic(carnet, code))
    gva_later = create(world, http, notification(hours=30))
    bardonnex = create(world, http, notification("bardonnex", 3))
    cdg = create(world, http, notification("cdg", 2))
    ch_ids = [gva_later["predeclaration_id"], gva["predeclaration_id"], bardonnex["predeclaration_id"]]

    for account in CH_ACCOUNTS[:3]:
        response = http.get("/v1/predeclarations", headers=auth(world, account))
        assert response.status_code == 200, (account, response.text)
        assert [row["predeclaration_id"] for row in response.json()] == ch_ids, account
    everything = http.get("/v1/predeclarations", headers=auth(world, "admin")).json()
    assert {row["predeclaration_id"] for row in everything} == {*ch_ids, cdg["predeclaration_id"]}
    french = http.get("/v1/predeclarations", headers=auth(world, FOREIGN)).json()
    assert [row["predeclaration_id"] for row in french] == [cdg["predeclaration_id"]]

    one_office = http.get("/v1/predeclarations", params={"office_id": "gva-airport"},
                          headers=auth(world, "officer.ch")).json()
    assert [row["predeclaration_id"] for row in one_office] == ch_ids[:2]
    row = one_office[1]
    assert set(row) >= GUIDE_COLUMNS
    assert (row["carnet_id"], row["carnet_number"], row["carnet_kind"], row["transaction_type"], row["transport_mode"],
            row["means_of_transport"], row["identification"], row["office_name"], row["kind"], row["state"]) == (
        "7702", "CHPD7702", "ATA", "exportation", "hand_carry", "air", "LX1234", "Genève Aéroport",
        "automatic_transaction", "pending")
    assert "transaction_code" not in row
    assert "attachments" not in row
    refused = http.get("/v1/predeclarations", params={"office_id": "gva-airport"}, headers=auth(world, FOREIGN))
    assert_refused(refused, 403, "office_not_in_region")
    assert_refused(http.get("/v1/predeclarations"), 401, "unauthenticated")


def test_details_with_attachments_for_the_region_only(world: World, http: httpx.Client) -> None:
    created = create(world, http, notification(attachments=[
        {"name": "invoice.pdf", "size": 120, "media_type": "application/pdf", "content": "JVBERi0xLjQK"}]))
    path = f"/v1/predeclarations/{created['predeclaration_id']}"
    for account in CH_ACCOUNTS:
        response = http.get(path, headers=auth(world, account))
        assert response.status_code == 200, (account, response.text)
        assert response.json()["attachments"] == [
            {"name": "invoice.pdf", "size": 120, "media_type": "application/pdf", "content": "JVBERi0xLjQK"}]
    assert_refused(http.get(path, headers=auth(world, FOREIGN)), 403, "office_not_in_region")
    assert_refused(http.get("/v1/predeclarations/999", headers=auth(world, "officer.ch")), 404,
                   "unknown_predeclaration")


# --- acknowledge, reject and commit, role by role ---------------------------------------------------------


def test_every_role_of_the_region_acknowledges_once(world: World, http: httpx.Client) -> None:
    for account in CH_ACCOUNTS:
        pre_id = create(world, http, notification())["predeclaration_id"]
        path = f"/v1/predeclarations/{pre_id}/acknowledge"
        assert_refused(http.post(path, headers=auth(world, FOREIGN)), 403, "office_not_in_region")
        assert stored(world, pre_id).state is PreDeclarationState.PENDING
        response = http.post(path, headers=auth(world, account))
        assert response.status_code == 200, (account, response.text)
        record = stored(world, pre_id)
        assert (record.state, record.decided_by, record.decided_at) == (
            PreDeclarationState.ACKNOWLEDGED, account, NOW)
        assert_refused(http.post(path, headers=auth(world, account)), 409, "predeclaration_decided")
        reject = http.post(f"/v1/predeclarations/{pre_id}/reject", json={"reason": "Late"},
                           headers=auth(world, account))
        assert_refused(reject, 409, "predeclaration_decided")
        assert stored(world, pre_id) == record
    assert_refused(http.post("/v1/predeclarations/999/acknowledge", headers=auth(world, "officer.ch")), 404,
                   "unknown_predeclaration")


def test_every_role_of_the_region_rejects_with_a_reason(world: World, http: httpx.Client) -> None:
    for account in CH_ACCOUNTS:
        pre_id = create(world, http, notification())["predeclaration_id"]
        path = f"/v1/predeclarations/{pre_id}/reject"
        headers = auth(world, account)
        for body in ({}, {"reason": ""}, {"reason": "   "}, {"reason": "x" * 501}, {"reason": "ok", "x": 1}):
            assert_refused(http.post(path, json=body, headers=headers), 422, "invalid_request")
        assert_refused(http.post(path, json={"reason": "No"}, headers=auth(world, FOREIGN)), 403,
                       "office_not_in_region")
        assert stored(world, pre_id).state is PreDeclarationState.PENDING
        response = http.post(path, json={"reason": " Goods to be inspected "}, headers=headers)
        assert response.status_code == 200, (account, response.text)
        record = stored(world, pre_id)
        assert (record.state, record.reason, record.decided_by) == (
            PreDeclarationState.REJECTED, "Goods to be inspected", account)
        assert_refused(http.post(path, json={"reason": "Again"}, headers=headers), 409, "predeclaration_decided")
        assert_refused(http.post(f"/v1/predeclarations/{pre_id}/acknowledge", headers=headers), 409,
                       "predeclaration_decided")


def test_every_role_of_the_region_starts_a_commit_of_an_automatic_one(world: World, http: httpx.Client) -> None:
    carnet, code = carnet_with_export(world, "7703")
    for account in CH_ACCOUNTS:
        pre_id = create(world, http, automatic(carnet, code))["predeclaration_id"]
        path = f"/v1/predeclarations/{pre_id}/commit"
        assert_refused(http.post(path, headers=auth(world, FOREIGN)), 403, "office_not_in_region")
        response = http.post(path, headers=auth(world, account))
        assert response.status_code == 200, (account, response.text)
        assert response.json() == {"predeclaration_id": pre_id, "carnet_id": "7703", "carnet_number": "CHPD7703",
                                   "transaction_code": code, "transaction_type": "exportation"}
        assert stored(world, pre_id).state is PreDeclarationState.PENDING  # committed only with its transaction


def test_a_pre_notification_or_a_rejected_one_is_never_committed(world: World, http: httpx.Client) -> None:
    carnet, code = carnet_with_export(world, "7704")
    officer = auth(world, "officer.ch")
    told = create(world, http, notification(carnet=carnet.number))["predeclaration_id"]
    assert_refused(http.post(f"/v1/predeclarations/{told}/commit", headers=officer), 409,
                   "predeclaration_not_automatic")
    rejected = create(world, http, automatic(carnet, code))["predeclaration_id"]
    http.post(f"/v1/predeclarations/{rejected}/reject", json={"reason": "Inspection"}, headers=officer)
    assert_refused(http.post(f"/v1/predeclarations/{rejected}/commit", headers=officer), 409,
                   "predeclaration_decided")


def test_only_the_office_it_is_addressed_to_acts_on_it(world: World, http: httpx.Client) -> None:
    pre_id = create(world, http, notification("bardonnex"))["predeclaration_id"]
    officer = auth(world, "officer.ch")
    assert http.get(f"/v1/predeclarations/{pre_id}", headers=officer).status_code == 200
    for action, body in (("acknowledge", None), ("reject", {"reason": "No"}), ("commit", None)):
        response = http.post(f"/v1/predeclarations/{pre_id}/{action}", json=body, headers=officer)
        assert_refused(response, 403, "predeclaration_other_office")
    assert stored(world, pre_id).state is PreDeclarationState.PENDING
    # Naming the office does not make a session signed in at Genève Aéroport work at Bardonnex.
    named = http.post(f"/v1/predeclarations/{pre_id}/acknowledge", params={"office_id": "bardonnex"}, headers=officer)
    assert assert_refused(named, 403, "office_not_in_session")["detail"] == "bardonnex"
    assert stored(world, pre_id).state is PreDeclarationState.PENDING
    response = http.post(f"/v1/predeclarations/{pre_id}/acknowledge", headers=auth(world, "officer.ch", "bardonnex"))
    assert response.status_code == 200, response.text
    assert stored(world, pre_id).state is PreDeclarationState.ACKNOWLEDGED


def test_it_is_committed_once_its_transaction_is(world: World, http: httpx.Client) -> None:
    carnet, code = carnet_with_export(world, "7705")
    officer = auth(world, "officer.ch")
    validation = fresh_code()
    world.declare(carnet, T.VALIDATION, validation)
    pre_id = create(world, http, automatic(carnet, code))["predeclaration_id"]
    path = f"/v1/predeclarations/{pre_id}"
    assert http.post(f"{path}/acknowledge", headers=officer).status_code == 200
    started = http.post(f"{path}/commit", headers=officer)
    assert started.status_code == 200, started.text  # an acknowledged one may still be committed

    for kind, the_code, goods in ((T.VALIDATION, validation, ""), (T.EXPORTATION, code, "1-20")):
        body = {"carnet_id": carnet.carnet_id, "transaction_code": the_code, "type": kind.value,
                "goods": {"declared_goods": goods}}
        done = http.post("/v1/transactions", json=body, headers={**officer, "Idempotency-Key": str(uuid.uuid4())})
        assert done.status_code == 201, done.text
    transaction = done.json()["transaction"]

    details = http.get(path, headers=officer).json()
    assert (details["state"], details["decided_by"], details["transaction_id"]) == (
        "committed", "officer.ch", transaction["transaction_id"])
    assert http.get("/v1/predeclarations", headers=officer).json() == []
    closed = http.get("/v1/predeclarations", params={"include_closed": True}, headers=officer).json()
    assert [(row["predeclaration_id"], row["state"]) for row in closed] == [(pre_id, "committed")]
    assert_refused(http.post(f"{path}/commit", headers=officer), 409, "predeclaration_decided")
    assert_refused(http.post(f"{path}/reject", json={"reason": "Late"}, headers=officer), 409,
                   "predeclaration_decided")
