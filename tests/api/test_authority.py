"""Where an account may act is the central's decision (issue 17's findings, each tried from outside): a session
works at one office, chosen at sign-in or moved within the region; a hold is released only at the office that
placed it, whatever the role; a transaction is cancelled only in its own territory; what is recorded on a vehicle
belongs to the territory it concerns, and the guaranteeing association's country alone extends its validity, with
its audit line in the trail of the territory where the vehicle is."""

from __future__ import annotations

from datetime import date

import httpx
import pytest

from carnet_domain.cpd.exit_timing import SeizedBy
from carnet_domain.cpd.terminations import TerminationKind
from carnet_domain.transaction_types import TransactionType as T
from central_contract.models import AuditAction
from central_contract.vehicles import ReleaseRequest, SeizureRequest, TerminationRequest
from tests.api.helpers import refused
from tests.api.shift_world import commit, hold
from tests.api.vehicle_world import SHORT, Road, extension, june
from tests.central_world import World, make_carnet

GVA, BARDONNEX = "gva-airport", "bardonnex"
SEPTEMBER_30 = date(2026, 9, 30)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def error(response: httpx.Response) -> str:
    return str(response.json()["error"]["code"])


async def test_a_session_acts_at_its_office_only_and_moves_within_its_region(world: World,
                                                                             close_clients: None) -> None:
    """Found: an officer of Bardonnex released a hold placed at Genève Aéroport by adding ?office_id=gva-airport."""
    carnet = world.add_carnet(make_carnet("170001", "CHAU170001", home="EU"))
    placed = await hold(world, world.client("officer.ch"), carnet, "Seal broken")  # at Genève Aéroport
    bardonnex = world.token("officer.ch", BARDONNEX)
    with httpx.Client(base_url=world.url, headers=bearer(bardonnex)) as http:
        named = http.post(f"/v1/holds/{placed}/release", params={"office_id": GVA})
        assert (named.status_code, error(named)) == (403, "office_not_in_session")
        unnamed = http.post(f"/v1/holds/{placed}/release")
        assert error(unnamed) == "hold_other_office"
        looked = http.post("/v1/lookup", json={"carnet": carnet.number, "transaction_code": "X" * 12,
                                               "office_id": GVA})
        assert error(looked) == "office_not_in_session"

        moved = http.put("/v1/session/office", json={"office_id": GVA})
        assert moved.status_code == 200, moved.text
        assert moved.json()["office"]["office_id"] == GVA
        assert http.get("/v1/me").json()["office"]["office_id"] == GVA
        released = http.post(f"/v1/holds/{placed}/release")  # now a colleague of the holding office
        assert released.status_code == 200, released.text

        for elsewhere, code in (("basel-rhein", "office_not_in_region"), ("cdg", "office_not_in_region"),
                                ("nowhere", "unknown_office")):
            refused_move = http.put("/v1/session/office", json={"office_id": elsewhere})
            assert error(refused_move) == code
        assert http.get("/v1/me").json()["office"]["office_id"] == GVA

    admin = bearer(world.tokens["admin"])
    trail = httpx.get(f"{world.url}/v1/audit", headers=admin).json()
    [line] = [e for e in trail if e["action"] == AuditAction.OFFICE_CHANGED.value]
    assert (line["account_id"], line["reason"]) == ("officer.ch", f"{BARDONNEX} -> {GVA}")


async def test_an_admin_releases_only_at_the_holding_office_and_cancels_only_in_its_territory(
    world: World, close_clients: None,
) -> None:
    """Found: an admin released any hold and cancelled in any territory (guide line 2732)."""
    carnet = world.add_carnet(make_carnet("170002", "CHAU170002", home="EU"))
    placed = await hold(world, world.client("officer.ch", BARDONNEX), carnet, "Seal broken")
    with httpx.Client(base_url=world.url, headers=bearer(world.tokens["admin"])) as admin:  # at Genève Aéroport
        assert error(admin.post(f"/v1/holds/{placed}/release")) == "hold_other_office"
        french = world.add_carnet(make_carnet("170003", "FRAU170003", home="EU"))
        validated = await commit(world, world.client("officer.fr"), french, T.VALIDATION)
        cancelled = admin.post(f"/v1/transactions/{validated.transaction_id}/cancel",
                               json={"cancellation_code": "CANCEL" + "B" * 6})
        assert (cancelled.status_code, error(cancelled)) == (403, "other_territory")
    with httpx.Client(base_url=world.url, headers=bearer(world.token("admin", BARDONNEX))) as admin_here:
        assert admin_here.post(f"/v1/holds/{placed}/release").status_code == 200


async def test_a_seizure_is_recorded_by_the_territory_the_vehicle_is_in(road: Road) -> None:
    """Found: an officer at Dover recorded a seizure and its release on a vehicle inside Switzerland, moving its D."""
    car = road.private("170010")
    await road.enter(car, june(10))
    road.on(june(12))
    dover = road.world.client("officer.gb")
    seized = SeizureRequest(seized_by=SeizedBy.AUTHORITIES, seized_on=june(11))
    other = await refused(dover.record_seizure(car.number, seized), "other_territory")
    assert "not in GB on 2026-06-11" in other.detail
    before_entry = await refused(road.officer.record_seizure(car.number, SeizureRequest(
        seized_by=SeizedBy.AUTHORITIES, seized_on=june(9))), "other_territory")
    assert "not in CH on 2026-06-09" in before_entry.detail
    file = await road.officer.record_seizure(car.number, seized)
    record = file.seizures[-1].record_id
    await refused(dover.release_seizure(car.number, record, ReleaseRequest(released_on=june(12))), "other_territory")
    assert (await road.file(car)).seizures[-1].seizure.released_on is None


async def test_the_guaranteeing_country_extends_and_the_territory_it_concerns_sees_it(road: Road) -> None:
    """Found: a French controller recorded an extension on a vehicle admitted into Switzerland, turning its logs
    from "to check" to "n/a" with nothing in the Swiss trail. The RAC's car is British: only UK customs extend it;
    the line is in the Swiss trail too, as the car is in Switzerland."""
    car = road.private("170020", valid_until=SHORT)
    await road.enter(car, june(10))
    road.on(june(12))
    french = road.world.client("controller.fr")
    other = await refused(french.record_extension(car.number, extension(SEPTEMBER_30)),
                          "other_territory")
    assert "only the customs of GB" in other.detail
    swiss = await refused(road.controller.record_extension(car.number, extension(SEPTEMBER_30)),
                          "other_territory")
    assert "only the customs of GB" in swiss.detail
    file = await road.guarantor.record_extension(car.number, extension(SEPTEMBER_30))
    record = file.extension
    assert record is not None
    swiss_trail = await road.controller.audit()
    [line] = [e for e in swiss_trail if e.action is AuditAction.VEHICLE_RECORD and e.subject == record.record_id]
    assert (line.office_id, line.territories) == ("dover", ["CH"])
    french_trail = await french.audit()
    assert record.record_id not in {e.subject for e in french_trail if e.action is AuditAction.VEHICLE_RECORD}


@pytest.mark.parametrize("role_account", ["officer.ch", "admin"])
async def test_a_termination_of_another_territorys_entry_is_refused_whatever_the_role(
    road: Road, role_account: str,
) -> None:
    car = road.private(f"17003{len(role_account)}")
    road.on(june(15))
    munich = road.world.client("officer.de")
    entry = await road.commit(munich, road.request(car, T.IMPORTATION, office_id=None))
    ended = TerminationRequest(entry_id=entry.transaction_id, kind=TerminationKind.DUTIES_PAID, on=june(15),
                               accident_authenticated=True)
    await refused(road.client(role_account).record_termination(car.number, ended), "other_territory")
