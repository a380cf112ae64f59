"""Writing the demo into a store: organisation, accounts and their published credentials, and one set of carnets
per trainee.

Codes are derived from the trainee, the carnet and the declaration, so a reset gives the same codes and
printed QR sheets stay usable from one training day to the next.

The demo is seeded at a moment, not on a date: each scenario's dates are relative to the date at the office it
is processed at, that moment converted to the office's time zone, because that is the date the central judges
its transactions on. At 00:30 in Genève (23:30 UTC) Genève's scenarios are seeded on Genève's new day, New
York's on New York's evening before.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import partial
from zoneinfo import ZoneInfo

from carnet_domain.carnet import Carnet
from carnet_domain.cpd.exit_timing import Seizure
from carnet_domain.cpd.records import ExtensionRecord, Recorded, SeizureRecord
from carnet_domain.organisation import Office
from carnet_domain.payload import CODE_ALPHABET, CODE_LENGTH, TransactionPayload
from carnet_domain.training.exercise import Exercise
from carnet_domain.transaction import CustomsEntries, Declaration, GoodsDeclaration, Hold, Transaction
from reference_central import records, vehicle_records
from reference_central.database import Db, replace
from reference_central.database_kind import KIND_META, TRAINING, refuse_live
from reference_central.demo.carnets import Scenario, scenarios
from reference_central.demo.identity import seed_identity
from reference_central.demo.organisation import ACCOUNTS, OFFICES, REGIONS, TERRITORIES, classroom_accounts
from reference_central.demo.predeclarations import seed_predeclarations
from reference_central.demo.vehicles import OnFile
from reference_central.identity.passwords import DEFAULT_PROFILE, Argon2Profile
from reference_central.identity.secret_box import box_of
from reference_central.store import Store
from reference_central.training import records as classroom
from reference_central.training.code_sets import MAX_TRAINEES

__all__ = ["MAX_TRAINEES", "DemoCode", "demo_codes", "scenario_codes", "seed_demo", "seeded_scenarios"]
VERIFICATION_MARK = "TR"
"""How a demo verification code ends ("training"): characters of CODE_ALPHABET, so a receipt's QR carries it."""
TRAINEES_META = "demo_trainees"


@dataclass(frozen=True)
class DemoCode:
    trainee: int
    scenario: str
    label: str
    office_id: str
    carnet_id: str
    carnet_number: str
    kind: str
    transaction_type: str
    transaction_code: str
    cancellation_code: str
    payload: str


def _code(*parts: object) -> str:
    rng = random.Random(":".join(str(p) for p in ("ecarnet-demo", *parts)))  # noqa: S311 - training codes
    return "".join(rng.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _for_trainee(carnet: Carnet, trainee: int) -> Carnet:
    if trainee == 0:
        return carnet
    def shift(cid: str | None) -> str | None:
        return None if cid is None else str(int(cid) + 100 * trainee)

    return carnet.model_copy(
        update={
            "carnet_id": shift(carnet.carnet_id),
            "number": f"{carnet.number}T{trainee:02d}",
            "replaces": shift(carnet.replaces),
            "replaced_by": shift(carnet.replaced_by),
            "trailer_carnet_id": shift(carnet.trailer_carnet_id),
        }
    )


def _moment(today: date, days_ago: int, office: Office, hour: int) -> datetime:
    local = datetime.combine(today - timedelta(days=days_ago), time(hour, 0), ZoneInfo(office.timezone))
    return local.astimezone(UTC)


def office_dates(now: datetime) -> dict[str, date]:
    """The date at each demo office at the moment ``now`` (which must say its time zone)."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("the moment the demo is seeded at needs a time zone")
    return {office.office_id: now.astimezone(ZoneInfo(office.timezone)).date() for office in OFFICES}


def seeded_scenarios(now: datetime) -> list[Scenario]:
    """Every demo scenario, each built on the date of the office it is processed at, at the moment ``now``."""
    days = office_dates(now)
    built = {day: scenarios(day) for day in sorted(set(days.values()))}
    first = built[min(built)]
    return [built[days[scenario.office_id]][n] for n, scenario in enumerate(first)]


def seed_demo(store: Store, now: datetime, trainees: int = 0, *, profile: Argon2Profile = DEFAULT_PROFILE,
              scenarios: bool = True, exercises: Sequence[Exercise] = ()) -> None:
    """Replace everything in ``store`` by the demo seeded at the moment ``now``, each office's scenarios on
    that office's date, the demo accounts signing in with their published password and authenticator (hashed with
    ``profile``); without ``scenarios``, the organisation and accounts only (no carnet). With ``trainees``, the
    classroom's trainee accounts (each playing its code set) and its trainer; ``exercises``, the classroom's, each
    code set's progress on them not started and every trainee's link up. A live database is refused
    (:class:`LiveDatabase`) and left as it was."""
    if not 0 <= trainees <= MAX_TRAINEES:
        raise ValueError(f"between 0 and {MAX_TRAINEES} trainees")
    refuse_live(store)
    days = office_dates(now)
    seeded = seeded_scenarios(now) if scenarios else []
    _check_exercises(exercises, [s.key for s in seeded])
    offices = {o.office_id: o for o in OFFICES}
    with store.transaction() as db:
        store.wipe()
        for territory in TERRITORIES:
            records.put_territory(db, territory)
        for region in REGIONS:
            records.put_region(db, region)
        for office in OFFICES:
            records.put_office(db, office)
        accounts = (*ACCOUNTS, *classroom_accounts(trainees))
        for account in accounts:
            records.put_account(db, account)
        seed_identity(db, now, profile, box_of(store), accounts)
        for trainee in range(trainees + 1 if scenarios else 0):
            for scenario in seeded:
                _seed_scenario(store, db, scenario, trainee, days[scenario.office_id], offices)
            # Pre-declarations and pre-notifications (issue 7)
            seed_predeclarations(store, db, days, offices,
                                 {s.key: (s, _for_trainee(s.carnet, trainee)) for s in seeded},
                                 partial(_code, "tx", trainee))
        _seed_classroom(db, trainees, exercises)
        replace(db, "meta", (TRAINEES_META, str(trainees)))
        replace(db, "meta", ("training", "1"))
        replace(db, "meta", (KIND_META, TRAINING))


def _check_exercises(exercises: Sequence[Exercise], keys: list[str]) -> None:
    """Every exercise is played on a seeded scenario, and has an ID of its own."""
    ids = [e.exercise_id for e in exercises]
    if len(set(ids)) != len(ids):
        raise ValueError(f"two exercises have one ID: {sorted({i for i in ids if ids.count(i) > 1})}")
    unknown = sorted({e.scenario for e in exercises} - set(keys))
    if exercises and unknown:
        raise ValueError(f"exercises on scenarios the demo does not seed: {unknown}")


def _seed_classroom(db: Db, trainees: int, exercises: Sequence[Exercise]) -> None:
    """The classroom's exercises, each code set's progress on them (not started), every trainee's link up."""
    classroom.put_exercises(db, exercises)
    for code_set in range(trainees + 1):
        for exercise in exercises:
            classroom.put_progress(db, classroom.Progress(code_set, exercise.exercise_id))
    for trainee in range(1, trainees + 1):
        classroom.put_link(db, trainee, cut=False)


def scenario_codes(trainee: int, scenario: Scenario) -> list[str]:
    """The transaction codes of ``scenario``'s declarations in code set ``trainee`` (not those of its history)."""
    return [_code("tx", trainee, scenario.key, n) for n in range(len(scenario.declarations))]


def reseed_scenario(store: Store, db: Db, scenario: Scenario, trainee: int, now: datetime) -> None:
    """Code set ``trainee``'s copy of ``scenario`` seeded again at the moment ``now`` (on its office's date), with
    the pre-declarations that name its carnet: what the caller's unit of work removed before (a classroom's reset
    of one exercise, :mod:`reference_central.training.reset`)."""
    days = office_dates(now)
    offices = {o.office_id: o for o in OFFICES}
    _seed_scenario(store, db, scenario, trainee, days[scenario.office_id], offices)
    seed_predeclarations(store, db, days, offices, {scenario.key: (scenario, _for_trainee(scenario.carnet, trainee))},
                         partial(_code, "tx", trainee), only=scenario.key)


def _seed_scenario(
    store: Store, db: Db, scenario: Scenario, trainee: int, today: date,
    offices: dict[str, Office],
) -> None:
    """One trainee's copy of ``scenario``, its dates relative to ``today``, the date at its office."""
    carnet = _for_trainee(scenario.carnet, trainee)
    records.put_carnet(db, carnet)
    codes = []
    for n, (kind, goods) in enumerate(scenario.declarations):
        code = _code("tx", trainee, scenario.key, n)
        codes.append(code)
        declaration = Declaration(carnet_id=carnet.carnet_id, transaction_code=code, type=kind, training=True,
                                  **goods.model_dump())
        records.put_declaration(db, declaration, _code("cancel", trainee, scenario.key, n), trainee)
    for n, past in enumerate(scenario.history):
        office = offices[past.office_id]
        when = _moment(today, past.days_ago, office, 9 + n % 8)
        code = _code("past", trainee, scenario.key, n)
        goods = GoodsDeclaration(declared_goods=past.declared, diverted_goods=past.diverted)
        final = today + timedelta(days=past.final_in_days) if past.final_in_days is not None else None
        if final is not None:
            final = min(final, carnet.valid_until)
        records.put_declaration(
            db, Declaration(carnet_id=carnet.carnet_id, transaction_code=code, type=past.kind, training=True,
                            **goods.model_dump()),
            _code("past-cancel", trainee, scenario.key, n), trainee,
        )
        records.put_transaction(db, Transaction(
            transaction_id=str(store.next_number("transaction")), carnet_id=carnet.carnet_id,
            carnet_number=carnet.number, type=past.kind, transaction_code=code, occurred_at=when,
            recorded_at=when, local_date=when.astimezone(ZoneInfo(office.timezone)).date(),
            office_id=office.office_id, office_name=office.name, territory=office.territory,
            officer_id="demo", officer_name="Demo Officer", goods=goods,
            customs=CustomsEntries(final_date=final, goods_examined=False),
            verification_code=_code("verify", trainee, scenario.key, n) + VERIFICATION_MARK, training=True,
        ))
    if scenario.hold is not None:
        spec = scenario.hold
        office = offices[spec.office_id]
        kind, goods = scenario.declarations[spec.declaration]
        records.put_hold(db, Hold(
            hold_id=str(store.next_number("hold")), carnet_id=carnet.carnet_id, carnet_number=carnet.number,
            territory=office.territory, office_id=office.office_id, office_name=office.name,
            transaction_code=codes[spec.declaration], transaction_type=kind, step=spec.step, reason=spec.reason,
            held_by="demo", held_by_name="Demo Officer", held_since=_moment(today, spec.days_ago, office, 8),
            draft={"goods": goods.model_dump(mode="json")},
        ))
    for on_file in scenario.vehicle_records:
        vehicle_records.put(db, carnet.carnet_id, _on_file(store, on_file, today, offices[on_file.office_id]))


def _on_file(store: Store, spec: OnFile, today: date, office: Office) -> Recorded:
    """A seizure or an extension as the central records it, its release (if any) recorded with it."""
    record_id = str(store.next_number("vehicle_record"))
    when = _moment(today, spec.days_ago, office, 10)
    if isinstance(spec.record, Seizure):
        return SeizureRecord(record_id=record_id, recorded_by="demo", recorded_by_name=spec.recorded_by_name,
                             recorded_at=when, office_id=office.office_id, seizure=spec.record,
                             released_by="demo" if spec.record.released_on is not None else "")
    return ExtensionRecord(record_id=record_id, recorded_by="demo", recorded_by_name=spec.recorded_by_name,
                           recorded_at=when, office_id=office.office_id, extension=spec.record)


def demo_codes(store: Store) -> list[DemoCode]:
    """Every open demo declaration with its codes, for trainers (``ecarnet-central demo-codes``)."""
    by_id = {s.carnet.carnet_id: s for s in seeded_scenarios(datetime.now(UTC))}  # their codes, not their dates
    codes: list[DemoCode] = []
    with store.transaction() as db:
        carnets = {c.carnet_id: c for c in records.carnets(db)}
        for declaration, cancellation, trainee in records.declarations(db):
            base_id = str(int(declaration.carnet_id) - 100 * trainee)
            scenario = by_id.get(base_id)
            if scenario is None or declaration.transaction_code not in {
                _code("tx", trainee, scenario.key, n) for n in range(len(scenario.declarations))
            }:
                continue
            carnet = carnets[declaration.carnet_id]
            codes.append(DemoCode(
                trainee=trainee, scenario=scenario.key, label=scenario.label, office_id=scenario.office_id,
                carnet_id=carnet.carnet_id, carnet_number=carnet.number, kind=carnet.kind.value,
                transaction_type=declaration.type.value, transaction_code=declaration.transaction_code,
                cancellation_code=cancellation,
                payload=TransactionPayload(carnet.carnet_id, declaration.transaction_code, training=True).encode(),
            ))
    return codes
