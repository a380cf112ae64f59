"""A vehicle carnet's (CPD) file and the passage rules at the commit, against the real central: each committed
Importation an entry of the vehicle into the office's territory, each Re-exportation an exit; an entry while
inside, a second journey on a single-journey carnet and an exit without entry refused with ``cpd_rule`` and the
decisions; each exit judged against D with the art. 20 grace and the delay explanation, the unexplained and
late ones counted in the Logs."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, timedelta

import httpx
import pytest

from carnet_domain.cpd.convention import Convention
from carnet_domain.cpd.decision import CpdReason
from carnet_domain.cpd.discharge import DischargeStatus
from carnet_domain.cpd.passages import PassageKind
from carnet_domain.reconciliation import ReconciliationStatus
from carnet_domain.transaction_types import TransactionType as T
from central_contract.vehicles import VehicleFile
from reference_central import records
from tests.api.helpers import assert_refused, fresh_code, history_of, refused
from tests.api.vehicle_world import (
    BARDONNEX,
    CONTROLLER,
    OFFICER,
    Road,
    decision,
    july,
    june,
    only_exit,
    reasons,
)
from tests.central_world import World, make_carnet


@pytest.fixture
async def raw(world: World) -> AsyncIterator[httpx.AsyncClient]:
    headers = {"Authorization": f"Bearer {world.token(OFFICER, BARDONNEX)}"}
    async with httpx.AsyncClient(base_url=world.url, headers=headers, timeout=10.0) as client:
        yield client


async def test_an_entry_then_an_exit_through_the_commit(road: Road) -> None:
    car = road.private("130001")
    road.on(june(1))
    empty = await road.file(car)
    assert (empty.convention, empty.single_journey, empty.passages, empty.exits, empty.open_entries) == (
        Convention.PRIVATE_1954, False, [], [], [])
    assert (empty.guaranteed_by, empty.valid_until, empty.office_date) == (car.guaranteed_by, car.valid_until,
                                                                           june(1))

    entry = await road.enter(car, june(15), final_date=july(15))
    inside = await road.file(car)
    [passage] = inside.passages
    assert (passage.passage_id, passage.kind, passage.territory, passage.on, passage.final_date, passage.office) == (
        entry.transaction_id, PassageKind.ENTRY, "CH", june(15), july(15), "Bardonnex")
    assert inside.open_entries == [entry.transaction_id] and inside.exits == []
    assert inside.status is DischargeStatus.NOT_APPLICABLE and inside.notification_deadline is None

    # The lookup of the exit's declaration brings the same file, as of the office's date.
    road.on(june(20))
    code = fresh_code()
    road.world.declare(car, T.REEXPORTATION, code, "1")
    looked = await road.officer.lookup(car.number, code, BARDONNEX)
    assert looked.vehicle_file is not None and looked.vehicle_file.passages == inside.passages
    assert (looked.vehicle_file.office_date, looked.expired) == (june(20), False)

    left = await road.leave(car, june(20))
    out = await road.file(car)
    assert [(p.passage_id, p.kind, p.on, p.final_date) for p in out.passages] == [
        (entry.transaction_id, PassageKind.ENTRY, june(15), july(15)),
        (left.transaction_id, PassageKind.EXIT, june(20), None)]
    view = only_exit(out)
    assert (view.entry_id, view.exit_id, view.territory, view.entry_on, view.exit_on) == (
        entry.transaction_id, left.transaction_id, "CH", june(15), june(20))
    assert (view.final_date, view.extended_final_date, view.days_late, view.timing) == (
        july(15), july(15), 0, CpdReason.EXIT_TIMELY)
    assert out.open_entries == [] and out.status is DischargeStatus.NOT_APPLICABLE
    # The file reads the same by the carnet's ID and for a controller.
    assert await road.controller.vehicle_file(car.carnet_id, BARDONNEX) == out


async def test_a_blank_final_date_is_the_carnets_validity(road: Road) -> None:
    truck = road.commercial("130002")
    await road.enter(truck, june(15))
    file = await road.file(truck)
    assert file.convention is Convention.COMMERCIAL_1956
    assert [p.final_date for p in file.passages] == [truck.valid_until]


async def test_a_second_entry_while_inside_is_refused_and_writes_nothing(road: Road) -> None:
    car = road.private("130003")
    entry = await road.enter(car, june(15))
    before = len(history_of(road.world, car))
    refusal = await road.refused_passage(car, T.IMPORTATION, june(16))
    assert refusal.status == 409 and refusal.detail == "entry_already_inside"
    assert reasons(refusal) == ["entry_already_inside"]
    found = decision(refusal, "entry_already_inside")
    assert found["citation"] == "1954 art. 15"
    assert (found["figures"]["inside_since"], found["figures"]["territory"]) == ("2026-06-15", "CH")
    assert len(history_of(road.world, car)) == before
    assert (await road.file(car)).open_entries == [entry.transaction_id]


async def test_a_single_journey_carnet_enters_a_territory_once(road: Road) -> None:
    car = road.private("130004", single_journey=True)
    assert (await road.file(car)).single_journey is True
    await road.enter(car, june(15))
    await road.leave(car, june(18))
    refusal = await road.refused_passage(car, T.IMPORTATION, june(25))
    assert reasons(refusal) == ["entry_single_journey_used"]
    figures = decision(refusal, "entry_single_journey_used")["figures"]
    assert (figures["first_entry_on"], figures["first_exit_on"]) == ("2026-06-15", "2026-06-18")
    # An ordinary carnet comes back as often as needed.
    other = road.private("130005")
    await road.enter(other, june(15))
    await road.leave(other, june(18))
    await road.enter(other, june(25))
    assert len((await road.file(other)).passages) == 3


async def test_an_exit_needs_an_open_entry(road: Road) -> None:
    car = road.private("130006")
    refusal = await road.refused_passage(car, T.REEXPORTATION, june(15))
    assert reasons(refusal) == ["exit_without_entry"] and refusal.detail == "exit_without_entry"
    await road.enter(car, june(15))
    await road.leave(car, june(16))
    again = await road.refused_passage(car, T.REEXPORTATION, june(17))
    assert reasons(again) == ["exit_without_entry"]


async def test_a_final_date_beyond_the_validity_is_refused(road: Road) -> None:
    car = road.private("130007")
    # The ATA rule on final dates answers first; the CPD rule says the same for a vehicle.
    await road.refused_passage(car, T.IMPORTATION, june(15), "final_date_invalid", final_date=date(2027, 1, 5))


D = june(20)


@pytest.mark.parametrize(("after_d", "explanation", "timing", "late"), [
    (0, "", CpdReason.EXIT_TIMELY, 0),
    (14, "Ferry cancelled by the storm of 3 July", CpdReason.EXIT_LATE_EXPLAINED, 0),
    (14, "", CpdReason.EXIT_LATE_UNEXPLAINED, 1),
    (15, "Ferry cancelled by the storm of 3 July", CpdReason.EXIT_LATE, 1),
])
async def test_an_exits_timing_against_d(
    road: Road, after_d: int, explanation: str, timing: CpdReason, late: int
) -> None:
    car = road.private("130010")
    await road.enter(car, june(15), final_date=D)
    exit_on = D + timedelta(days=after_d)
    left = await road.leave(car, exit_on, explanation)
    assert left.customs.delay_explanation == explanation
    view = only_exit(await road.file(car))
    assert (view.exit_on, view.final_date, view.extended_final_date, view.days_late, view.timing) == (
        exit_on, D, D, after_d, timing)
    assert view.explanation == explanation
    log = await road.log(car)
    assert (log.late_exits, log.status) == (late, ReconciliationStatus.NOT_APPLICABLE)


async def test_late_exits_count_each_flagged_exit(road: Road) -> None:
    car = road.private("130011")
    await road.enter(car, june(15), final_date=june(16))
    await road.leave(car, july(1))  # D+15
    await road.enter(car, july(2), final_date=july(3))
    await road.leave(car, july(6))  # D+3, unexplained
    await road.enter(car, july(7), final_date=july(8))
    await road.leave(car, july(8))  # on D
    assert [e.timing for e in (await road.file(car)).exits] == [
        CpdReason.EXIT_LATE, CpdReason.EXIT_LATE_UNEXPLAINED, CpdReason.EXIT_TIMELY]
    assert (await road.log(car)).late_exits == 2


async def test_an_expired_carnet_still_leaves_and_reads_discharged(road: Road) -> None:
    car = road.private("130012", valid_until=june(30))
    await road.enter(car, june(15))
    await road.leave(car, july(3))  # after the validity: allowed, 3 days after D
    road.on(july(5))
    log = await road.log(car)
    assert (log.status, log.outstanding, log.late_exits) == (ReconciliationStatus.DISCHARGED, {}, 1)
    file = await road.file(car)
    assert (file.status, file.notification_deadline, only_exit(file).days_late) == (
        DischargeStatus.DISCHARGED, None, 3)


async def test_the_reconciliation_endpoint_reads_a_cpds_discharge(road: Road, world: World) -> None:
    inside = road.private("130013", valid_until=june(30))
    await road.enter(inside, june(15))
    headers = {"Authorization": f"Bearer {world.tokens[CONTROLLER]}"}
    road.on(july(5))
    async with httpx.AsyncClient(base_url=world.url, headers=headers) as http:
        response = await http.get(f"/v1/logs/carnets/{inside.number}/reconciliation")
    assert response.status_code == 200, response.text
    assert (response.json()["status"], response.json()["outstanding"]) == ("to_check", {"admitted:CH": "1"})


async def test_an_ata_carnet_has_no_vehicle_file(road: Road, raw: httpx.AsyncClient) -> None:
    ata = road.world.add_carnet(make_carnet("130020", "CHTA00130020"))
    await refused(road.officer.vehicle_file(ata.number), "not_a_vehicle_carnet")
    response = await raw.post(f"/v1/carnets/{ata.carnet_id}/vehicle/seizures",
                              json={"seized_by": "authorities", "seized_on": "2026-06-15"})
    assert "ATA" in assert_refused(response, 409, "not_a_vehicle_carnet")["message"]
    # The lookup of an ATA carnet carries no vehicle file.
    code = fresh_code()
    road.world.declare(ata, T.VALIDATION, code)
    assert (await road.officer.lookup(ata.number, code)).vehicle_file is None
    assert_refused(await raw.get("/v1/carnets/999999/vehicle"), 404, "unknown_carnet")


@pytest.mark.parametrize(("path", "body"), [
    ("seizures", {"seized_by": "pirates", "seized_on": "2026-06-15"}),
    ("seizures", {"seized_by": "authorities", "seized_on": "2026-06-15", "colour": "red"}),
    ("seizures", {"seized_by": "authorities"}),
    ("extension", {"requested_on": "2026-06-10", "requested_until": "2026-09-30", "granted_until": "2026-09-30",
                   "authority": "HMRC", "country": "gb", "granted_on": "2026-06-12"}),
    ("terminations", {"entry_id": "", "kind": "duties_paid", "on": "2026-06-15"}),
    ("regularisations", {"entry_id": "1", "certificate": {"authority_kind": "notary"}}),
    ("notification", {"notified_on": "someday"}),
    ("seizures/1/release", {}),
])
async def test_bad_input_is_422(road: Road, raw: httpx.AsyncClient, path: str, body: dict[str, object]) -> None:
    car = road.private("130021")
    error = assert_refused(await raw.post(f"/v1/carnets/{car.number}/vehicle/{path}", json=body), 422,
                           "invalid_request")
    assert error["fields"]


async def test_a_demo_vehicle_carnet_at_bardonnex(demo_world: World) -> None:
    """The demo's British car (120013) and German tractor unit (120014), looked up at Bardonnex."""
    client = demo_world.client(OFFICER, BARDONNEX)
    try:
        for carnet_id, convention in (("120013", Convention.PRIVATE_1954), ("120014", Convention.COMMERCIAL_1956)):
            with demo_world.store.transaction() as db:
                carnet = records.carnet(db, carnet_id)
            assert carnet is not None
            code = fresh_code()
            demo_world.declare(carnet, T.IMPORTATION, code, "1")
            looked = await client.lookup(carnet.number, code, BARDONNEX)
            file = looked.vehicle_file
            assert isinstance(file, VehicleFile)
            assert (file.carnet_id, file.convention, file.passages, file.status) == (
                carnet_id, convention, [], DischargeStatus.NOT_APPLICABLE)
    finally:
        await client.aclose()


async def test_a_vehicle_carnet_enters_with_no_validation_and_a_validation_is_refused(
    road: Road, raw: httpx.AsyncClient,
) -> None:
    """Neither convention has a validation step (1954 and 1956 art. 2 and 15): the vehicle enters and leaves
    on its valid carnet, and a Validation declared on it is refused, at home and abroad, writing nothing."""
    car = road.private("130030")
    assert history_of(road.world, car) == []
    road.on(june(15))
    entry_request = road.request(car, T.IMPORTATION)
    seen = await road.officer.lookup(car.number, entry_request.transaction_code, BARDONNEX)
    assert seen.validated and seen.history == []
    entry = await road.commit(road.officer, entry_request)
    out = await road.leave(car, june(20))
    assert [t.type for t in history_of(road.world, car)] == [T.IMPORTATION, T.REEXPORTATION]
    assert only_exit(await road.file(car)).exit_id == out.transaction_id != entry.transaction_id

    at_home = await refused(road.commit(road.world.client("officer.gb"),
                                        road.request(car, T.VALIDATION, office_id=None)),
                            "no_validation_for_vehicles")
    assert "art. 2 and 15" in at_home.message
    validation = road.request(car, T.VALIDATION)
    response = await raw.post("/v1/transactions", headers={"Idempotency-Key": fresh_code()},
                              json=validation.model_dump(mode="json"))
    error = assert_refused(response, 409, "no_validation_for_vehicles")
    assert {"code": "no_validation_for_vehicles", "detail": ""} in error["refusals"]
    assert [t.type for t in history_of(road.world, car)] == [T.IMPORTATION, T.REEXPORTATION]
