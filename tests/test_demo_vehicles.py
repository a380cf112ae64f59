"""The demo vehicle carnets (CPD) lead each trainee to the outcome the trainer teaches.

A real store is seeded with the demo; each scenario's history and vehicle file are read back and judged with
the domain's rules, as of the demo's ``today`` at Bardonnex (a leap day, and the day the tests run).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from carnet_domain.carnet import Carnet, CarnetKind, VehicleUse
from carnet_domain.cpd.convention import Convention, convention_of
from carnet_domain.cpd.decision import CpdReason, Decision, Verdict
from carnet_domain.cpd.discharge import DischargeStatus, notification_deadline, reconcile_cpd
from carnet_domain.cpd.exit_timing import SeizedBy, exit_timing
from carnet_domain.cpd.passages import Passage, PassageKind, check_entry, check_exit, open_entry
from carnet_domain.cpd.periods import DAY, period_end
from carnet_domain.cpd.records import VehicleRecords, exits_judged
from carnet_domain.cpd.terminations import (
    CertificateOfLocation,
    OfficialAuthority,
    Regularisation,
    Termination,
    TerminationKind,
    check_regularisation,
    check_termination,
)
from carnet_domain.cpd.trailers import check_trailer, cover_of
from carnet_domain.cpd.validity import Extension, check_extension, check_validity_period, valid_until_of
from carnet_domain.cpd.vehicle import vin_letters_invalid
from carnet_domain.organisation import Role
from carnet_domain.rules import assess
from carnet_domain.transaction import CustomsEntries, Transaction
from carnet_domain.transaction_types import TransactionType as T
from reference_central import records, vehicle_records
from reference_central.demo.carnets import Scenario, scenarios
from reference_central.demo.seed import demo_codes, seed_demo
from reference_central.demo.vehicles import SEMI_TRAILER_CARNET_ID, TRACTOR_CARNET_ID, vehicle_scenarios
from reference_central.identity.passwords import CHEAP_PROFILE
from reference_central.operations.logs import carnet_log
from reference_central.store import Store

R = CpdReason
TRAINEES = 2
LEAP_DAY = date(2028, 2, 29)
BARDONNEX = ZoneInfo("Europe/Zurich")


@dataclass
class Demo:
    store: Store
    today: date

    @property
    def scenarios(self) -> dict[str, Scenario]:
        return {s.key: s for s in vehicle_scenarios(self.today)}

    def carnet_id(self, key: str, trainee: int = 0) -> str:
        return str(int(self.scenarios[key].carnet.carnet_id) + 100 * trainee)

    def carnet(self, key: str, trainee: int = 0) -> Carnet:
        with self.store.transaction() as db:
            carnet = records.carnet(db, self.carnet_id(key, trainee))
        assert carnet is not None
        return carnet

    def history(self, key: str, trainee: int = 0) -> list[Transaction]:
        with self.store.transaction() as db:
            return records.history(db, self.carnet_id(key, trainee))

    def records(self, key: str, trainee: int = 0) -> VehicleRecords:
        with self.store.transaction() as db:
            return vehicle_records.of_carnet(db, self.carnet_id(key, trainee))

    def passages(self, key: str, trainee: int = 0) -> list[Passage]:
        return passages(self.history(key, trainee))

    def ago(self, days: int) -> date:
        return self.today - timedelta(days=days)


def passages(history: list[Transaction]) -> list[Passage]:
    """As the central reads a CPD's history: each committed Importation an entry with its D, each committed
    Re-exportation an exit, on the office's date."""
    kinds = {T.IMPORTATION: PassageKind.ENTRY, T.REEXPORTATION: PassageKind.EXIT}
    return [
        Passage(passage_id=tx.transaction_id, kind=kinds[tx.type], territory=tx.territory, on=tx.local_date,
                final_date=tx.customs.final_date if tx.type is T.IMPORTATION else None, office=tx.office_name)
        for tx in history if tx.committed and tx.type in kinds
    ]


@pytest.fixture(scope="module", params=["leap-day", "now"])
def demo(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    """Seeded at noon on a leap day at Bardonnex, or now; ``today`` is the date at Bardonnex then."""
    now = datetime.combine(LEAP_DAY, time(12), BARDONNEX) if request.param == "leap-day" else datetime.now(UTC)
    store = Store(tmp_path_factory.mktemp("demo") / "central.sqlite3")
    seed_demo(store, now, trainees=TRAINEES, profile=CHEAP_PROFILE)
    yield Demo(store, now.astimezone(BARDONNEX).date())
    store.close()


def reasons(decisions: tuple[Decision, ...]) -> list[CpdReason]:
    return [d.reason for d in decisions]


def the_entry(demo: Demo, key: str) -> Passage:
    entry = open_entry(demo.passages(key), "CH")
    assert entry is not None, f"{key}: the vehicle is not inside Switzerland"
    return entry


def timing_today(demo: Demo, key: str, explanation: str = "") -> Decision:
    """How timely an exit from Switzerland today would be, the seizures on file counted."""
    carnet, entry, file = demo.carnet(key), the_entry(demo, key), demo.records(key)
    assert entry.final_date is not None
    seizures = [s for s in file.seizures_of() if s.seized_on >= entry.on]
    return exit_timing(convention_of(carnet), entry.final_date, demo.today, explanation=explanation,
                       seizures=seizures)


# --- Every vehicle scenario ---------------------------------------------------------------------------------


def test_the_vehicle_scenarios_are_labelled_cpd_carnets_at_bardonnex(demo: Demo) -> None:
    found = vehicle_scenarios(demo.today)
    ids = [int(s.carnet.carnet_id) for s in found]
    assert ids == list(range(120019, 120019 + len(found))) and ids[-1] <= 120040
    assert [s.key for s in scenarios(demo.today)][-len(found):] == [s.key for s in found]
    for scenario in found:
        carnet = scenario.carnet
        assert scenario.label.startswith("CPD: ") and scenario.office_id == "bardonnex" and scenario.notes
        assert carnet.kind is CarnetKind.CPD and carnet.vehicle is not None
        assert check_validity_period(carnet).verdict is Verdict.OK
        vins = [carnet.vehicle.chassis_vin] + ([carnet.trailer.chassis_vin] if carnet.trailer else [])
        for vin in vins:
            assert len(vin) == 17 and vin.isalnum() and not vin_letters_invalid(vin), vin
        assert carnet.holder.address and carnet.guaranteed_by.country in {"GB", "DE", "NL", "AT", "IT"}


def test_the_history_is_what_the_central_would_have_recorded(demo: Demo) -> None:
    for key in demo.scenarios:
        carnet, history, file = demo.carnet(key), demo.history(key), demo.records(key)
        assert T.VALIDATION not in {tx.type for tx in history}, key  # a vehicle carnet is used as issued
        assert history[0].type in (T.PRE_EXPORTATION, T.EXPORTATION), key
        assert history[0].territory == carnet.home_territory, key
        assert all(tx.goods.declared_goods == "1" for tx in history)
        assert [tx.local_date for tx in history] == sorted(tx.local_date for tx in history)
        assert all(carnet.issue_date <= tx.local_date <= demo.today for tx in history)
        valid_until = valid_until_of(carnet, file.granted)
        for entry in (p for p in passages(history) if p.kind is PassageKind.ENTRY):
            assert entry.final_date is not None, key
            assert entry.on <= entry.final_date <= valid_until, key


def test_each_first_declaration_passes_the_centrals_carnet_rules(demo: Demo) -> None:
    """Usable with no Validation, covered, not expired (an extension counts), its vehicle admitted before an exit."""
    codes = {(c.carnet_id, c.transaction_type): c for c in demo_codes(demo.store) if c.trainee == 0}
    for key, scenario in demo.scenarios.items():
        if not scenario.declarations:
            assert demo.carnet_id(key) not in {carnet_id for carnet_id, _ in codes}
            continue
        carnet, code = demo.carnet(key), codes[demo.carnet_id(key), scenario.declarations[0][0].value]
        assert code.kind == "CPD" and code.office_id == "bardonnex"
        granted = demo.records(key).granted
        if granted is not None:
            carnet = carnet.model_copy(update={"valid_until": granted.granted_until})
        with demo.store.transaction() as db:
            found = records.declaration(db, carnet.carnet_id, code.transaction_code)
            territory = records.territory(db, "CH")
        assert found is not None and territory is not None
        declaration = found[0]
        result = assess(carnet=carnet, declaration=declaration, kind=declaration.type, goods=declaration,
                        customs=CustomsEntries(), history=demo.history(key), holds=[], territory=territory,
                        on=demo.today)
        assert (result.refusals, result.warnings) == ((), ()), key


# --- The paths -----------------------------------------------------------------------------------------------


def test_1_an_exit_before_d_is_timely(demo: Demo) -> None:
    carnet, entry = demo.carnet("cpd-exit-timely"), the_entry(demo, "cpd-exit-timely")
    assert carnet.vehicle_use is VehicleUse.PRIVATE
    assert (entry.on, entry.final_date) == (demo.ago(20), demo.today + timedelta(days=30))
    assert check_exit(carnet, demo.passages("cpd-exit-timely"), territory="CH", on=demo.today).reason \
        is R.EXIT_ACCEPTED
    assert timing_today(demo, "cpd-exit-timely").reason is R.EXIT_TIMELY
    assert [kind for kind, _ in demo.scenarios["cpd-exit-timely"].declarations] == [T.REEXPORTATION]


def test_2_a_second_entry_then_its_exit(demo: Demo) -> None:
    key = "cpd-two-passages"
    carnet, before, file = demo.carnet(key), demo.passages(key), demo.records(key)
    assert carnet.vehicle_use is VehicleUse.COMMERCIAL and not carnet.single_journey
    assert [p.kind for p in before] == [PassageKind.ENTRY, PassageKind.EXIT]
    assert [(p.on, p.office) for p in before] == [(demo.ago(30), "Bardonnex"), (demo.ago(25), "Bardonnex")]
    assert reasons(tuple(j.decision for j in exits_judged(carnet, before, file, {}))) == [R.EXIT_TIMELY]
    assert [kind for kind, _ in demo.scenarios[key].declarations] == [T.IMPORTATION, T.REEXPORTATION]

    d = demo.today + timedelta(days=10)
    assert reasons(check_entry(carnet, before, territory="CH", on=demo.today, final_date=d)) == [R.ENTRY_ACCEPTED]
    again = [*before, Passage(passage_id="new-entry", kind=PassageKind.ENTRY, territory="CH", on=demo.today,
                              final_date=d)]
    assert check_exit(carnet, again, territory="CH", on=demo.today).reason is R.EXIT_ACCEPTED
    out = [*again, Passage(passage_id="new-exit", kind=PassageKind.EXIT, territory="CH", on=demo.today)]
    assert reasons(tuple(j.decision for j in exits_judged(carnet, out, file, {}))) == [R.EXIT_TIMELY] * 2


def test_3_a_single_journey_carnet_cannot_enter_again(demo: Demo) -> None:
    key = "cpd-single-journey"
    carnet, before = demo.carnet(key), demo.passages(key)
    assert carnet.single_journey and carnet.vehicle_use is VehicleUse.PRIVATE
    assert [(p.kind, p.on, p.office) for p in before] == [
        (PassageKind.ENTRY, demo.ago(15), "Bardonnex"), (PassageKind.EXIT, demo.ago(8), "Basel Rheinhafen")]
    found = check_entry(carnet, before, territory="CH", on=demo.today, single_journey=carnet.single_journey)
    assert reasons(found) == [R.ENTRY_SINGLE_JOURNEY_USED] and found[0].refused
    assert found[0].figures["first_entry_on"] == demo.ago(15)
    assert reasons(check_entry(carnet, before, territory="CH", on=demo.today)) == [R.ENTRY_ACCEPTED]
    assert [kind for kind, _ in demo.scenarios[key].declarations] == [T.IMPORTATION]


def test_4_an_exit_within_the_grace_needs_the_explanation(demo: Demo) -> None:
    entry = the_entry(demo, "cpd-exit-grace")
    assert (entry.on, entry.final_date) == (demo.ago(40), demo.ago(10))
    unexplained = timing_today(demo, "cpd-exit-grace")
    assert unexplained.reason is R.EXIT_LATE_UNEXPLAINED and unexplained.verdict is Verdict.FLAG
    assert unexplained.figures["days_late"] == 10
    explained = timing_today(demo, "cpd-exit-grace", "Held up by a hospital stay in Genève")
    assert explained.reason is R.EXIT_LATE_EXPLAINED and not explained.refused
    assert explained.verdict is not Verdict.FLAG


def test_5_an_exit_after_the_grace_is_late_and_flagged(demo: Demo) -> None:
    carnet, entry = demo.carnet("cpd-exit-late"), the_entry(demo, "cpd-exit-late")
    assert carnet.vehicle_use is VehicleUse.COMMERCIAL and entry.final_date == demo.ago(20)
    for explanation in ("", "The driver was ill"):
        late = timing_today(demo, "cpd-exit-late", explanation)
        assert late.reason is R.EXIT_LATE and late.verdict is Verdict.FLAG and late.figures["days_late"] == 20
    assert check_exit(carnet, demo.passages("cpd-exit-late"), territory="CH", on=demo.today).reason \
        is R.EXIT_ACCEPTED


def test_6_a_seizure_by_the_authorities_keeps_the_exit_timely(demo: Demo) -> None:
    key = "cpd-seized"
    carnet, entry, file = demo.carnet(key), the_entry(demo, key), demo.records(key)
    assert (entry.on, entry.final_date) == (demo.ago(60), demo.ago(5))
    [record] = file.seizures
    seizure = record.seizure
    assert (seizure.seized_by, seizure.seized_on, seizure.released_on) == (SeizedBy.AUTHORITIES, demo.ago(30),
                                                                           demo.ago(20))
    assert "Genève" in seizure.authority and record.released_by and record.office_id == "bardonnex"
    timely = timing_today(demo, key)
    assert timely.reason is R.EXIT_TIMELY
    assert (timely.figures["suspended_days"], timely.figures["extended_final_date"]) == (
        11, demo.today + timedelta(days=6))
    assert exit_timing(convention_of(carnet), demo.ago(5), demo.today).reason is R.EXIT_LATE_UNEXPLAINED
    out = [*demo.passages(key), Passage(passage_id="exit", kind=PassageKind.EXIT, territory="CH", on=demo.today)]
    assert reasons(tuple(j.decision for j in exits_judged(carnet, out, file, {}))) == [R.EXIT_TIMELY]


def test_7_a_wrecked_vehicle_is_ended_by_a_termination(demo: Demo) -> None:
    key = "cpd-damaged"
    carnet, before, entry = demo.carnet(key), demo.passages(key), the_entry(demo, key)
    assert demo.scenarios[key].declarations == () and entry.on == demo.ago(10)
    convention = convention_of(carnet)

    def destroyed(authenticated: bool) -> Termination:
        return Termination(entry_id=entry.passage_id, kind=TerminationKind.DESTROYED_UNDER_SUPERVISION,
                           on=demo.today, recorded_by="officer.ch", authority="Bardonnex",
                           accident_authenticated=authenticated)

    assert reasons(check_termination(convention, destroyed(True), before)) == [R.TERMINATED_DESTROYED]
    refused = check_termination(convention, destroyed(False), before)
    assert reasons(refused) == [R.ACCIDENT_NOT_AUTHENTICATED] and refused[0].refused
    after_expiry = carnet.valid_until + DAY
    assert reconcile_cpd(carnet, before, today=after_expiry).status is DischargeStatus.TO_CHECK
    settled = reconcile_cpd(carnet, before, today=after_expiry, terminations=[destroyed(True)])
    assert settled.status is DischargeStatus.DISCHARGED


def test_8_an_undischarged_carnet_is_to_check_until_regularised(demo: Demo) -> None:
    key = "cpd-undischarged"
    carnet, before, history = demo.carnet(key), demo.passages(key), demo.history(key)
    assert carnet.valid_until == demo.ago(40) and demo.scenarios[key].declarations == ()
    [entry] = before
    assert (entry.kind, entry.on) == (PassageKind.ENTRY, demo.ago(100))
    result = reconcile_cpd(carnet, before, today=demo.today)
    assert result.status is DischargeStatus.TO_CHECK and result.outstanding == (entry,)
    assert result.notification is not None and result.notification.reason is R.NOTIFICATION_OPEN
    deadline = notification_deadline(carnet.valid_until)
    assert result.notification.figures["deadline"] == deadline > demo.today
    log = carnet_log(carnet, history, demo.today)
    assert (log.status.value, log.notification_deadline) == ("to_check", deadline)

    certificate = CertificateOfLocation(
        authority_kind=OfficialAuthority.POLICE, authority_name="Gendarmerie nationale, Annemasse", country="FR",
        place="Annemasse", presented_on=demo.ago(70), issued_on=demo.ago(69), reference="GN-74-0412")
    regularisation = Regularisation(entry_id=entry.passage_id, certificate=certificate,
                                    recorded_by="controller.ch", recorded_by_role=Role.CONTROLLER,
                                    recorded_on=demo.today)
    assert reasons(check_regularisation(convention_of(carnet), regularisation, before)) == [R.REGULARISED]
    regularised = reconcile_cpd(carnet, before, today=demo.today, regularisations=[regularisation])
    assert regularised.status is DischargeStatus.DISCHARGED


def extension(carnet: Carnet, authority: str, country: str, requested_on: date) -> Extension:
    """Asked by the guaranteeing association and granted on the day, for three months after expiry."""
    limit = period_end(carnet.valid_until + DAY, months=3)
    return Extension(requested_by=carnet.guaranteed_by, requested_on=requested_on, requested_until=limit,
                     granted_until=limit, authority=authority, country=country, granted_on=requested_on)


def test_9_an_extension_within_three_months_is_granted(demo: Demo) -> None:
    key = "cpd-extension"
    carnet = demo.carnet(key)
    assert carnet.valid_until == demo.today + timedelta(days=5) and demo.scenarios[key].declarations == ()
    assert (carnet.guaranteed_by.name, carnet.guaranteed_by.country) == ("ADAC e.V.", "DE")
    assert demo.records(key) == VehicleRecords() and the_entry(demo, key).final_date == carnet.valid_until
    granted = check_extension(carnet, extension(carnet, "Hauptzollamt München", "DE", demo.today))
    assert reasons(granted) == [R.EXTENSION_GRANTED]
    wrong = check_extension(carnet, extension(carnet, "Zollstelle Bardonnex", "CH", demo.today))
    assert R.EXTENSION_WRONG_COUNTRY in reasons(wrong) and any(d.refused for d in wrong)


def test_10_an_extended_carnet_enters_but_is_not_extended_again(demo: Demo) -> None:
    key = "cpd-extended"
    carnet, file, before = demo.carnet(key), demo.records(key), demo.passages(key)
    granted = file.granted
    assert granted is not None and file.extension is not None and file.extension.office_id == "dover"
    assert carnet.valid_until == demo.ago(20) < demo.today < granted.granted_until
    assert reasons(check_extension(carnet, granted)) == [R.EXTENSION_GRANTED]  # the first one was in order
    assert before == [] and [kind for kind, _ in demo.scenarios[key].declarations] == [T.IMPORTATION]
    assert reasons(check_entry(carnet, before, territory="CH", on=demo.today, extension=granted)) == [
        R.ENTRY_ACCEPTED]
    unextended = check_entry(carnet, before, territory="CH", on=demo.today)
    assert unextended[0].reason is R.ENTRY_AFTER_EXPIRY and unextended[0].refused
    again = extension(carnet.model_copy(update={"valid_until": granted.granted_until}),
                      "HM Revenue & Customs, Dover", "GB", demo.today)
    second = check_extension(carnet, again, [granted])
    assert reasons(second)[0] is R.EXTENSION_ALREADY_EXTENDED and second[0].refused


def test_11_trailers_on_their_own_carnet_or_on_the_cars(demo: Demo) -> None:
    with demo.store.transaction() as db:
        tractor = records.carnet(db, TRACTOR_CARNET_ID)
    semi = demo.carnet("cpd-semi-trailer")
    assert tractor is not None and tractor.trailer_carnet_id == SEMI_TRAILER_CARNET_ID == semi.carnet_id
    assert semi.vehicle is not None and semi.vehicle.vehicle_type == "Semi-trailer"
    assert semi.vehicle_use is tractor.vehicle_use is VehicleUse.COMMERCIAL
    assert (semi.holder, semi.guaranteed_by, semi.valid_until) == (tractor.holder, tractor.guaranteed_by,
                                                                   tractor.valid_until)
    cover = cover_of(tractor)
    assert cover is not None
    assert check_trailer(Convention.COMMERCIAL_1956, cover).reason is R.TRAILER_ON_OWN_CARNET

    car = demo.carnet("cpd-caravan")
    assert car.trailer is not None and car.vehicle is not None and car.vehicle_use is VehicleUse.PRIVATE
    assert car.total_value == car.vehicle.value + car.trailer.value
    cover = cover_of(car)
    assert cover is not None and cover.on_this_carnet == car.trailer
    assert check_trailer(convention_of(car), cover).reason is R.TRAILER_ON_SAME_CARNET
    for key in ("cpd-semi-trailer", "cpd-caravan"):
        assert reasons(check_entry(demo.carnet(key), demo.passages(key), territory="CH", on=demo.today)) == [
            R.ENTRY_ACCEPTED]


# --- Trainees -----------------------------------------------------------------------------------------------


def test_each_trainee_has_shifted_carnets_and_their_own_vehicle_files(demo: Demo) -> None:
    record_ids: set[str] = set()
    for trainee in range(TRAINEES + 1):
        with demo.store.transaction() as db:
            tractor = records.carnet(db, str(int(TRACTOR_CARNET_ID) + 100 * trainee))
        assert tractor is not None
        assert tractor.trailer_carnet_id == str(int(SEMI_TRAILER_CARNET_ID) + 100 * trainee)
        assert demo.carnet("cpd-semi-trailer", trainee).carnet_id == tractor.trailer_carnet_id
        for key in demo.scenarios:
            carnet, own = demo.carnet(key, trainee), demo.carnet(key)
            assert carnet.carnet_id == demo.carnet_id(key, trainee)
            assert carnet.number == (own.number if trainee == 0 else f"{own.number}T{trainee:02d}")
            assert [p.model_copy(update={"passage_id": ""}) for p in demo.passages(key, trainee)] == [
                p.model_copy(update={"passage_id": ""}) for p in demo.passages(key)]
            file = demo.records(key, trainee)
            ids = [r.record_id for r in (*file.seizures, *([file.extension] if file.extension else []))]
            assert not record_ids & set(ids)
            record_ids |= set(ids)
            assert file.granted == demo.records(key).granted
            assert file.seizures_of() == demo.records(key).seizures_of()
    assert len(record_ids) == 2 * (TRAINEES + 1)  # the seizure and the extension of every trainee
    codes = [c for c in demo_codes(demo.store) if c.scenario in demo.scenarios]
    expected = sum(len(s.declarations) for s in demo.scenarios.values())
    assert len(codes) == expected * (TRAINEES + 1)
    assert all(120019 <= int(c.carnet_id) - 100 * c.trainee <= 120040 for c in codes)
