"""What officers and supervisors record on a vehicle carnet's file, against the real central: the extension
(within three months, beyond only if exceptional, once, by a Controller or higher) recognised at the commit;
seizures by the authorities that push back D, and at the suit of private persons that do not; terminations
and regularisations that discharge an entry; the notification of a non-discharge; each refused by the
conventions' rules with ``cpd_rule``, and each with its line in the audit trail."""

from __future__ import annotations

from datetime import date

from carnet_domain.cpd.decision import CpdReason
from carnet_domain.cpd.discharge import DischargeStatus
from carnet_domain.cpd.exit_timing import SeizedBy
from carnet_domain.cpd.terminations import CertificateOfLocation, OfficialAuthority, TerminationKind
from carnet_domain.organisation import Role
from carnet_domain.reconciliation import ReconciliationStatus
from carnet_domain.transaction_types import TransactionType as T
from central_contract.models import AuditAction
from central_contract.vehicles import (
    ExitView,
    NotificationRequest,
    RegularisationRequest,
    ReleaseRequest,
    SeizureRequest,
    TerminationRequest,
)
from tests.api.helpers import refused
from tests.api.vehicle_world import (
    BARDONNEX,
    DOVER,
    GUARANTOR,
    OFFICER,
    SHORT,
    Road,
    decision,
    extension,
    july,
    june,
    only_exit,
    reasons,
)

# --- The extension of validity -----------------------------------------------------------------------------


async def test_an_extension_within_three_months_is_recognised_at_the_commit(road: Road) -> None:
    car = road.private("140001", valid_until=SHORT)
    unextended = road.private("140002", valid_until=SHORT)
    road.on(june(15))
    file = await road.guarantor.record_extension(car.number, extension(date(2026, 9, 30)))
    assert file.valid_until == date(2026, 9, 30)
    assert file.extension is not None
    record = file.extension
    assert (record.recorded_by, record.recorded_by_name, record.office_id) == (GUARANTOR, "Controller GB", DOVER)
    assert record.extension.requested_by == car.guaranteed_by  # left blank: the guaranteeing association

    # After the original expiry the extended carnet enters; its blank D is the extended validity.
    entry = await road.enter(car, july(10))
    assert entry.customs.final_date == date(2026, 9, 30)
    assert [p.final_date for p in (await road.file(car)).passages] == [date(2026, 9, 30)]
    await road.refused_passage(unextended, T.IMPORTATION, july(10), "carnet_expired")
    log = await road.log(car)
    assert (log.valid_until, log.status) == (date(2026, 9, 30), ReconciliationStatus.NOT_APPLICABLE)

    trail = await road.guarantor.audit()
    [line] = [e for e in trail if e.action is AuditAction.VEHICLE_RECORD]
    assert (line.account_id, line.carnet_number, line.subject, line.reason) == (
        GUARANTOR, car.number, record.record_id, "extension until 2026-09-30")


async def test_a_d_set_to_the_validity_follows_the_extension(road: Road) -> None:
    """Entered with D = the carnet's last day; extended before it: an exit after the first expiry but within
    the extension is in time (re-exportation is due within the validity, which the extension prolongs). A D
    set earlier stays where it was."""
    car = road.private("140004", valid_until=SHORT)
    other = road.private("140005", valid_until=SHORT)
    await road.enter(car, june(15))  # blank D: the validity, 30 June
    await road.enter(other, june(15), final_date=june(25))
    road.on(june(16))
    for carnet in (car, other):
        await road.guarantor.record_extension(carnet.number, extension(date(2026, 9, 30)))
    await road.leave(car, july(20))
    await road.leave(other, july(20))
    timely = only_exit(await road.file(car))
    assert (timely.final_date, timely.days_late, timely.timing) == (date(2026, 9, 30), 0, CpdReason.EXIT_TIMELY)
    late = only_exit(await road.file(other))
    assert (late.final_date, late.days_late, late.timing) == (june(25), 25, CpdReason.EXIT_LATE)
    assert (await road.file(car)).valid_until_before_extension == SHORT


async def test_an_extension_beyond_three_months_needs_to_be_exceptional(road: Road) -> None:
    car = road.private("140003", valid_until=SHORT)
    road.on(june(15))
    refusal = await refused(road.guarantor.record_extension(car.number, extension(date(2026, 10, 31))),
                            "cpd_rule")
    assert reasons(refusal) == ["extension_over_three_months"]
    found = decision(refusal, "extension_over_three_months")
    assert (found["citation"], found["figures"]["normal_limit"], found["figures"]["absolute_limit"]) == (
        "1954 Annex 3, 2(d)", "2026-09-30", "2027-06-30")
    assert (await road.file(car)).extension is None
    file = await road.guarantor.record_extension(car.number, extension(date(2026, 10, 31), exceptional=True))
    assert file.valid_until == date(2026, 10, 31)
    # Never beyond one year, exceptional or not; and only once.
    other = road.private("140004", valid_until=SHORT)
    road.on(june(15))
    over = await refused(road.guarantor.record_extension(other.number, extension(date(2027, 7, 1),
                                                                                   exceptional=True)), "cpd_rule")
    assert reasons(over) == ["extension_over_one_year"]
    again = await refused(road.guarantor.record_extension(car.number, extension(date(2026, 9, 30))), "cpd_rule")
    assert reasons(again) == ["extension_already_extended"]
    assert decision(again, "extension_already_extended")["figures"]["granted_until"] == "2026-10-31"


async def test_who_may_extend_and_when(road: Road) -> None:
    car = road.private("140005", valid_until=SHORT)
    road.on(june(15))
    forbidden = await refused(road.officer.record_extension(car.number, extension(date(2026, 9, 30))), "forbidden")
    assert forbidden.detail == "supervision"
    for manager in ("manager.ch", "admin"):
        assert (await road.client(manager).vehicle_file(car.number, BARDONNEX)).extension is None
    future = await refused(road.guarantor.record_extension(car.number, extension(date(2026, 9, 30),
                                                                                   granted_on=june(20))),
                           "invalid_request")
    assert "granted_on 2026-06-20" in future.detail and "2026-06-15" in future.detail
    wrong = await refused(road.guarantor.record_extension(car.number, extension(date(2026, 9, 30), country="CH")),
                          "cpd_rule")
    assert reasons(wrong) == ["extension_wrong_country"]


# --- Seizures ------------------------------------------------------------------------------------------------


async def seized_and_left(road: Road, carnet_id: str, by: SeizedBy) -> tuple[str, ExitView]:
    """Entered on 15 June with D = 20 June, seized from 18 to 22 June, left on 24 June."""
    car = road.private(carnet_id)
    await road.enter(car, june(15), final_date=june(20))
    road.on(june(18))
    seized = await road.officer.record_seizure(car.number, SeizureRequest(
        seized_by=by, seized_on=june(18), authority="Police cantonale, Genève", reference="PCG-2026-77"), BARDONNEX)
    [record] = seized.seizures
    road.on(june(22))
    released = await road.officer.release_seizure(car.number, record.record_id, ReleaseRequest(
        released_on=june(22)), BARDONNEX)
    assert released.seizures[0].seizure.released_on == june(22)
    assert released.seizures[0].released_by == OFFICER
    await road.leave(car, june(24))
    return record.record_id, only_exit(await road.file(car))


async def test_a_seizure_by_the_authorities_adds_its_days_to_d(road: Road) -> None:
    _, view = await seized_and_left(road, "140010", SeizedBy.AUTHORITIES)
    assert (view.final_date, view.extended_final_date, view.days_late, view.timing) == (
        june(20), june(25), 0, CpdReason.EXIT_TIMELY)


async def test_a_seizure_at_the_suit_of_private_persons_adds_nothing(road: Road) -> None:
    _, view = await seized_and_left(road, "140011", SeizedBy.PRIVATE_SUIT)
    assert (view.extended_final_date, view.days_late, view.timing) == (
        june(20), 4, CpdReason.EXIT_LATE_UNEXPLAINED)


async def test_a_record_sent_again_with_its_idempotency_key_is_recorded_once(road: Road) -> None:
    """An answer lost on a slow link: the workstation sends the same record with the same key, and the
    central records it once; the key with another record is refused."""
    car = road.private("140013")
    await road.enter(car, june(15))
    seizure = SeizureRequest(seized_by=SeizedBy.AUTHORITIES, seized_on=june(15), authority="Police, Genève")
    first = await road.officer.record_seizure(car.number, seizure, BARDONNEX, "key-140013-1")
    again = await road.officer.record_seizure(car.number, seizure, BARDONNEX, "key-140013-1")
    assert len(first.seizures) == len(again.seizures) == 1
    assert again.seizures[0].record_id == first.seizures[0].record_id
    other = seizure.model_copy(update={"authority": "Gendarmerie, Annemasse"})
    await refused(road.officer.record_seizure(car.number, other, BARDONNEX, "key-140013-1"), "idempotency_key_reused")
    without_key = await road.officer.record_seizure(car.number, seizure, BARDONNEX)
    assert len(without_key.seizures) == 2  # no key, no protection: each request records


async def test_a_release_once_not_before_the_seizure_and_of_a_known_seizure(road: Road) -> None:
    record_id, _ = await seized_and_left(road, "140012", SeizedBy.AUTHORITIES)
    car_number = "GBCPD140012"
    twice = await refused(road.officer.release_seizure(car_number, record_id, ReleaseRequest(released_on=june(23))),
                          "cpd_rule")
    assert "already released on 2026-06-22" in twice.detail and twice.extra["decisions"] == []
    road.on(june(26))
    gone = await refused(road.officer.record_seizure(car_number, SeizureRequest(seized_by=SeizedBy.AUTHORITIES,
                                                                                seized_on=june(25))),
                         "other_territory")  # it left Switzerland on 24 June
    assert "not in CH on 2026-06-25" in gone.detail
    seized = await road.officer.record_seizure(car_number, SeizureRequest(seized_by=SeizedBy.AUTHORITIES,
                                                                          seized_on=june(24)))
    fresh = seized.seizures[-1].record_id
    early = await refused(road.officer.release_seizure(car_number, fresh, ReleaseRequest(released_on=june(23))),
                          "invalid_request")
    assert "before the seizure on 2026-06-24" in early.detail
    unknown = await refused(road.officer.release_seizure(car_number, "999", ReleaseRequest(released_on=june(26))),
                            "unknown_record")
    assert unknown.status == 404 and "999" in unknown.detail
    future = await refused(road.officer.record_seizure(car_number, SeizureRequest(
        seized_by=SeizedBy.AUTHORITIES, seized_on=june(27))), "invalid_request")
    assert "seized_on 2026-06-27" in future.detail


# --- Terminations and regularisations ------------------------------------------------------------------------


async def test_a_destroyed_vehicle_discharges_its_entry(road: Road) -> None:
    car = road.private("140020", valid_until=SHORT)
    entry = await road.enter(car, june(15))
    road.on(june(16))
    request = TerminationRequest(entry_id=entry.transaction_id, kind=TerminationKind.DESTROYED_UNDER_SUPERVISION,
                                 on=june(16), authority="Bardonnex customs", reference="BDX-DEST-1")
    refusal = await refused(road.officer.record_termination(car.number, request, BARDONNEX), "cpd_rule")
    assert reasons(refusal) == ["accident_not_authenticated"] and refusal.detail == "accident_not_authenticated"
    assert decision(refusal, "accident_not_authenticated")["citation"] == "1954 art. 13.1"

    file = await road.officer.record_termination(
        car.number, request.model_copy(update={"accident_authenticated": True}), BARDONNEX)
    [record] = file.terminations
    assert (record.termination.recorded_by, record.recorded_by, file.open_entries) == (
        "Training Officer CH", OFFICER, [])
    # Settled: no exit is possible any more, a new entry is.
    await road.refused_passage(car, T.REEXPORTATION, june(17))
    again = await refused(road.officer.record_termination(
        car.number, request.model_copy(update={"accident_authenticated": True}), BARDONNEX), "cpd_rule")
    assert reasons(again) == ["entry_not_open"]

    road.on(july(5))
    log = await road.log(car)
    assert (log.status, log.outstanding) == (ReconciliationStatus.DISCHARGED, {})
    assert (await road.file(car)).status is DischargeStatus.DISCHARGED


async def test_a_loss_during_a_seizure_names_the_seizure(road: Road) -> None:
    truck = road.commercial("140021")
    entry = await road.enter(truck, june(15))
    seized = await road.officer.record_seizure(truck.number, SeizureRequest(
        seized_by=SeizedBy.AUTHORITIES, seized_on=june(15)), BARDONNEX)
    request = TerminationRequest(entry_id=entry.transaction_id, kind=TerminationKind.LOST_DURING_SEIZURE,
                                 on=june(15), evidence="Stolen from the customs yard")
    missing = await refused(road.officer.record_termination(truck.number, request, BARDONNEX), "cpd_rule")
    assert reasons(missing) == ["seizure_loss_not_by_authorities"]
    unknown = request.model_copy(update={"seizure_id": "999"})
    await refused(road.officer.record_termination(truck.number, unknown, BARDONNEX), "unknown_record")
    named = request.model_copy(update={"seizure_id": seized.seizures[0].record_id})
    file = await road.officer.record_termination(truck.number, named, BARDONNEX)
    assert file.terminations[0].termination.seizure == seized.seizures[0].seizure


async def test_an_entry_into_another_territory_is_settled_there(road: Road) -> None:
    car = road.private("140022")
    road.on(june(15))
    request = road.request(car, T.IMPORTATION, office_id=None)
    munich = road.world.client("officer.de")
    entry = await road.commit(munich, request)  # at München: into the EU
    assert entry.territory == "EU"
    ended = TerminationRequest(entry_id=entry.transaction_id, kind=TerminationKind.DUTIES_PAID, on=june(15),
                               accident_authenticated=True)
    for swiss in (road.officer, road.client("admin")):  # whatever the role: an admin at Bardonnex is Swiss customs
        other = await refused(swiss.record_termination(car.number, ended, BARDONNEX), "other_territory")
        assert "another customs territory (EU)" in other.detail
    file = await munich.record_termination(car.number, ended)
    assert file.open_entries == [] and file.terminations[0].office_id == "muc"


def certificate(country: str, authority: OfficialAuthority = OfficialAuthority.CUSTOMS) -> CertificateOfLocation:
    return CertificateOfLocation(authority_kind=authority, authority_name="Bureau de douane de Lyon",
                                 country=country, place="Lyon", presented_on=july(2), issued_on=july(3))


async def test_a_certificate_of_location_regularises_an_entry(road: Road) -> None:
    car = road.private("140030", valid_until=SHORT)
    entry = await road.enter(car, june(15))
    road.on(july(5))
    assert (await road.log(car)).status is ReconciliationStatus.TO_CHECK
    request = RegularisationRequest(entry_id=entry.transaction_id, certificate=certificate("FR"))
    by_officer = await refused(road.officer.record_regularisation(car.number, request, BARDONNEX), "cpd_rule")
    assert reasons(by_officer) == ["regularisation_not_controller"]
    assert decision(by_officer, "regularisation_not_controller")["figures"]["role"] == Role.OFFICER.value
    for country in ("CH", "LI"):  # Liechtenstein is inside the Swiss customs territory
        swiss = RegularisationRequest(entry_id=entry.transaction_id, certificate=certificate(country))
        inside = await refused(road.controller.record_regularisation(car.number, swiss, BARDONNEX), "cpd_rule")
        assert reasons(inside) == ["certificate_inside_territory"]

    file = await road.controller.record_regularisation(car.number, request, BARDONNEX)
    [record] = file.regularisations
    assert (record.regularisation.recorded_on, record.regularisation.recorded_by_role) == (july(5),
                                                                                           Role.CONTROLLER)
    assert (file.status, file.open_entries, file.notification_deadline) == (DischargeStatus.DISCHARGED, [], None)
    log = await road.log(car)
    assert (log.status, log.notification_deadline) == (ReconciliationStatus.DISCHARGED, None)
    trail = await road.controller.audit(office_id=BARDONNEX)
    assert [e.reason for e in trail if e.action is AuditAction.VEHICLE_RECORD] == ["regularisation"]


# --- The notification of a non-discharge ---------------------------------------------------------------------


async def test_the_notification_of_a_non_discharge_once_after_expiry(road: Road) -> None:
    car = road.private("140040", valid_until=SHORT)
    await road.enter(car, june(15))
    road.on(june(20))
    early = await refused(road.controller.record_notification(car.number, NotificationRequest(notified_on=june(20))),
                          "cpd_rule")
    assert reasons(early) == ["discharge_not_applicable"]
    road.on(july(10))
    before = await road.file(car)
    assert (before.status, before.notification_deadline) == (DischargeStatus.TO_CHECK, date(2027, 6, 30))
    request = NotificationRequest(notified_on=july(10), reference="RAC/2026/417")
    await refused(road.officer.record_notification(car.number, request, BARDONNEX), "forbidden")
    file = await road.controller.record_notification(car.number, request, BARDONNEX)
    assert file.notification is not None
    assert (file.notification.notified_on, file.notification.reference) == (july(10), "RAC/2026/417")
    assert file.status is DischargeStatus.TO_CHECK
    twice = await refused(road.controller.record_notification(car.number, request, BARDONNEX), "cpd_rule")
    assert "already notified on 2026-07-10" in twice.detail
    log = await road.log(car)
    assert (log.status, log.notification_deadline, log.notification_warning) == (
        ReconciliationStatus.TO_CHECK, date(2027, 6, 30), None)
