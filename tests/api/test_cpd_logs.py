"""A CPD in the Logs: its discharge from the passages of its vehicle (each importation an entry into the
territory, each re-exportation an exit from it; cancelled transactions do not count), and, while undischarged
after its validity, the last day to notify the guaranteeing association (art. 26) with ``due`` in the 30 days
before it and ``lapsed`` after it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from carnet_domain.carnet import Carnet, CarnetKind, Vehicle, VehicleUse
from carnet_domain.cpd.discharge import WARNING_DAYS, notification_deadline
from carnet_domain.reconciliation import ReconciliationStatus
from carnet_domain.transaction import GoodsDeclaration, Transaction, TransactionState
from carnet_domain.transaction_types import TransactionType as T
from central_contract.models import CarnetLog, CommitRequest, NotificationWarning
from tests.api.helpers import AFTER, CANCEL, CH, DE, ISSUED, Journey, fresh_code, utc
from tests.central_world import make_carnet

VALID = date(2021, 12, 31)
EXPIRED = date(2021, 6, 7)
DEADLINE = date(2022, 6, 7)
"""Art. 26: one year from the day after :data:`EXPIRED`, that year's last day."""
VALID_CPD, DISCHARGED, UNDISCHARGED, EXIT_CANCELLED = "901", "902", "903", "904"


def cpd(journey: Journey, carnet_id: str, valid_until: date) -> Carnet:
    """A Swiss private car's CPD, issued with the guide's cases, valid in every other territory."""
    vehicle = Vehicle(vehicle_type="Passenger car", registration_country="CH", registration_number="GE 12345",
                      make="Volvo V90", chassis_vin="YV1PW10C0K1234567", value=Decimal("40000"))
    carnet = make_carnet(carnet_id, f"CHCPD00000{carnet_id}", items=0, issue=ISSUED, valid_until=valid_until,
                         kind=CarnetKind.CPD, vehicle=vehicle, vehicle_use=VehicleUse.PRIVATE,
                         total_value=Decimal("40000.00"))
    return journey.world.add_carnet(carnet)


async def commit(journey: Journey, carnet: Carnet, at: datetime, account: str, kind: T) -> Transaction:
    journey.world.clock.set(at)
    code = fresh_code()
    declared = "1"
    journey.world.declare(carnet, kind, code, declared)
    request = CommitRequest(carnet_id=carnet.carnet_id, transaction_code=code, type=kind,
                            goods=GoodsDeclaration(declared_goods=declared))
    made = (await journey.officer(account).commit(request, f"{carnet.carnet_id}-{code}")).transaction
    assert made.type is kind and made.occurred_at == at
    return made


async def into_the_eu(journey: Journey, carnet: Carnet, *, leaves: bool) -> Transaction | None:
    """Exported at Genève Aéroport on 2 June 2021 (no Validation: a vehicle carnet is used as issued), imported
    at München; re-exported on 4 June if it ``leaves``."""
    await commit(journey, carnet, utc(2, 14, 40), CH, T.EXPORTATION)
    await commit(journey, carnet, utc(2, 18, 5), DE, T.IMPORTATION)
    return await commit(journey, carnet, utc(4, 9), DE, T.REEXPORTATION) if leaves else None


async def build_cpds(journey: Journey) -> None:
    """Four CPDs; the clock is left at :data:`AFTER`."""
    await into_the_eu(journey, cpd(journey, VALID_CPD, VALID), leaves=False)
    await into_the_eu(journey, cpd(journey, DISCHARGED, EXPIRED), leaves=True)
    await into_the_eu(journey, cpd(journey, UNDISCHARGED, EXPIRED), leaves=False)
    left = await into_the_eu(journey, cpd(journey, EXIT_CANCELLED, EXPIRED), leaves=True)
    assert left is not None
    cancelled = await journey.officer(DE).cancel(left.transaction_id, CANCEL)
    assert cancelled.state is TransactionState.CANCELLED
    journey.world.clock.set(AFTER)


async def logs(journey: Journey, status: ReconciliationStatus | None = None) -> dict[str, CarnetLog]:
    page = await journey.world.client("controller.ch").carnet_logs(status)
    return {log.carnet_id: log for log in page.items}


async def test_a_cpds_discharge_and_its_notification_deadline(journey: Journey) -> None:
    await build_cpds(journey)
    seen = await logs(journey)
    assert {cid: (log.kind, log.status.value) for cid, log in seen.items()} == {
        VALID_CPD: (CarnetKind.CPD, "n/a"), DISCHARGED: (CarnetKind.CPD, "discharged"),
        UNDISCHARGED: (CarnetKind.CPD, "to_check"), EXIT_CANCELLED: (CarnetKind.CPD, "to_check")}
    # Only an undischarged CPD past its validity has a deadline; far from it, no warning yet.
    assert {cid: (log.notification_deadline, log.notification_warning) for cid, log in seen.items()} == {
        VALID_CPD: (None, None), DISCHARGED: (None, None),
        UNDISCHARGED: (DEADLINE, None), EXIT_CANCELLED: (DEADLINE, None)}
    assert DEADLINE == notification_deadline(EXPIRED) == EXPIRED.replace(year=EXPIRED.year + 1)
    assert seen[UNDISCHARGED].outstanding == seen[VALID_CPD].outstanding == {"admitted:EU": "1"}
    assert seen[DISCHARGED].outstanding == {}

    discharged = await logs(journey, ReconciliationStatus.DISCHARGED)
    assert list(discharged) == [DISCHARGED]
    assert set(await logs(journey, ReconciliationStatus.TO_CHECK)) == {UNDISCHARGED, EXIT_CANCELLED}
    assert set(await logs(journey, ReconciliationStatus.TERMINATED)) == set()

    # Within the 30 days before the deadline (Geneva time), the deadline itself included: due.
    noon = timedelta(hours=10)
    for day in (DEADLINE - timedelta(days=WARNING_DAYS), DEADLINE):
        journey.world.clock.set(datetime(day.year, day.month, day.day, tzinfo=UTC) + noon)
        assert (await logs(journey))[UNDISCHARGED].notification_warning is NotificationWarning.DUE
    before = DEADLINE - timedelta(days=WARNING_DAYS + 1)
    journey.world.clock.set(datetime(before.year, before.month, before.day, tzinfo=UTC) + noon)
    assert (await logs(journey))[UNDISCHARGED].notification_warning is None
    # The day after, the claim on the association has lapsed; the discharged CPD is still discharged.
    after = DEADLINE + timedelta(days=1)
    journey.world.clock.set(datetime(after.year, after.month, after.day, tzinfo=UTC) + noon)
    late = await logs(journey)
    assert (late[UNDISCHARGED].notification_deadline, late[UNDISCHARGED].notification_warning) == (
        DEADLINE, NotificationWarning.LAPSED)
    assert late[DISCHARGED].status is ReconciliationStatus.DISCHARGED
    assert late[DISCHARGED].notification_warning is None


async def test_status_discharged_filters_the_raw_api(journey: Journey) -> None:
    await build_cpds(journey)
    response = await journey.controller.get("/v1/logs/carnets", params={"status": "discharged"})
    assert response.status_code == 200, response.text
    [row] = response.json()["items"]
    assert (row["carnet_id"], row["status"], row["notification_deadline"], row["notification_warning"]) == (
        DISCHARGED, "discharged", None, None)
    rows = (await journey.controller.get("/v1/logs/carnets", params={"status": "to_check"})).json()["items"]
    assert {(r["carnet_id"], r["notification_deadline"], r["notification_warning"]) for r in rows} == {
        (UNDISCHARGED, DEADLINE.isoformat(), None), (EXIT_CANCELLED, DEADLINE.isoformat(), None)}
