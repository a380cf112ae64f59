"""The shipped exercise catalogue judges right: for every exercise, a scripted correct run (what a trainee who
does it right leaves on the carnet) is found correct, and scripted wrong runs are found wrong for the reasons a
trainer expects. Each run only does what the scenario's holder has codes and items for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from carnet_domain.carnet import CarnetKind
from carnet_domain.items import ItemRanges
from carnet_domain.training.exercise import Exercise, VehicleRecordKind
from carnet_domain.training.judging import Done, DoneKind, describe, judge
from carnet_domain.transaction_types import TransactionType as T
from reference_central.demo.carnets import Scenario, scenarios
from reference_central.demo.exercise_files import load_catalogue
from reference_central.demo.organisation import OFFICES, TERRITORIES

SEEDED_HOLD = "Seal numbers do not match the general list"
"""The reason of the on-hold scenario's hold, which the central counts with what was done on that carnet."""


def tx(kind: T, declared: str, diverted: str = "", *, text: str = "", cancelled: bool = False,
       offline: bool = False, explanation: str = "") -> Done:
    """A transaction; ``explanation``: its delay explained (which the central counts with its remarks in ``text``)."""
    return Done(kind=DoneKind.TRANSACTION, type=kind, declared=declared, diverted=diverted,
                text="\n".join(t for t in (text, explanation) if t), explanation=explanation, cancelled=cancelled,
                offline=offline)


def hold(kind: T, reason: str, *, released: bool = False) -> Done:
    return Done(kind=DoneKind.HOLD, type=kind, text=reason, released=released)


def rejected(kind: T, reason: str) -> Done:
    return Done(kind=DoneKind.REJECTION, type=kind, text=reason)


def record(kind: VehicleRecordKind) -> Done:
    return Done(kind=DoneKind.VEHICLE_RECORD, record=kind)


V = VehicleRecordKind


@dataclass(frozen=True)
class Runs:
    correct: list[Done]
    wrong: list[tuple[list[Done], tuple[str, ...]]]
    """Each wrong run with the codes of the findings it must get, in order."""


RUNS: dict[str, Runs] = {
    "validation": Runs([tx(T.VALIDATION, "1-13")], [([], ("not_recorded",))]),
    "exportation": Runs([tx(T.EXPORTATION, "1-13")], [([tx(T.EXPORTATION, "1-12")], ("missing_items",))]),
    "importation": Runs([tx(T.IMPORTATION, "1-5")],
                        [([tx(T.IMPORTATION, "1-5", cancelled=True)], ("not_recorded",))]),
    "reexportation": Runs([tx(T.REEXPORTATION, "1-4", "5")],
                          [([tx(T.REEXPORTATION, "1-5")], ("undeclared_items", "diverted_missing"))]),
    "reimportation": Runs([tx(T.REIMPORTATION, "1-4")], [([tx(T.REIMPORTATION, "1-3")], ("missing_items",))]),
    "transit-open": Runs([tx(T.TRANSIT_OPEN, "1-3")], [([], ("not_recorded",))]),
    "transit-close": Runs([tx(T.TRANSIT_CLOSE, "1-3")],
                          [([hold(T.TRANSIT_CLOSE, "To check later")], ("not_recorded", "unexpected_hold"))]),
    "thousand-items": Runs([tx(T.EXPORTATION, "1-1000")], [([tx(T.EXPORTATION, "1-999")], ("missing_items",))]),
    "expired": Runs(
        [tx(T.REEXPORTATION, "1-5"), rejected(T.IMPORTATION, "The carnet expired last month: no importation.")],
        [([tx(T.REEXPORTATION, "1-5")], ("no_rejection",)),
         ([tx(T.REEXPORTATION, "1-5"), rejected(T.IMPORTATION, "Refused")], ("words_missing",)),
         ([rejected(T.IMPORTATION, "Expired")], ("not_recorded",))]),
    "on-hold": Runs([hold(T.IMPORTATION, SEEDED_HOLD)],
                    [([hold(T.IMPORTATION, SEEDED_HOLD, released=True), tx(T.IMPORTATION, "1-3")],
                      ("hold_released", "recorded_wrongly"))]),
    "replacement-original": Runs([tx(T.REIMPORTATION, "1-13")], [([], ("not_recorded",))]),
    "replacement-new": Runs([tx(T.VALIDATION, "1-13"), tx(T.EXPORTATION, "1-13")],
                            [([tx(T.VALIDATION, "1-13")], ("not_recorded",))]),
    "paper-twin-cloned": Runs([tx(T.VALIDATION, "1-3")],
                              [([rejected(T.VALIDATION, "A paper twin exists")],
                                ("not_recorded", "unexpected_rejection"))]),
    "paper-departure": Runs([tx(T.IMPORTATION, "1-3")],
                            [([rejected(T.IMPORTATION, "Not validated")], ("not_recorded", "unexpected_rejection"))]),
    "eu-export-exit": Runs([tx(T.PRE_EXPORTATION, "1-5"), tx(T.EXPORTATION, "1-5")],
                           [([tx(T.PRE_EXPORTATION, "1-5")], ("not_recorded",))]),
    "not-covered": Runs([rejected(T.IMPORTATION, "Switzerland is excluded from Box P")],
                        [([], ("no_rejection",)),
                         ([rejected(T.IMPORTATION, "Come back tomorrow")], ("words_missing",))]),
    "last-valid-day": Runs([tx(T.IMPORTATION, "1-3")], [([], ("not_recorded",))]),
    "cpd-private": Runs([tx(T.IMPORTATION, "1")],
                        [([hold(T.IMPORTATION, "VIN to check")], ("not_recorded", "unexpected_hold"))]),
    "cpd-commercial": Runs([tx(T.IMPORTATION, "1")], [([], ("not_recorded",))]),
    "cpd-semi-trailer": Runs([tx(T.IMPORTATION, "1")], [([], ("not_recorded",))]),
    "cpd-caravan": Runs([tx(T.IMPORTATION, "1")],
                        [([rejected(T.IMPORTATION, "The caravan needs its own carnet")],
                          ("not_recorded", "unexpected_rejection"))]),
    "cpd-two-passages": Runs([tx(T.IMPORTATION, "1"), tx(T.REEXPORTATION, "1")],
                             [([tx(T.IMPORTATION, "1")], ("not_recorded",))]),
    "cpd-single-journey": Runs([rejected(T.IMPORTATION, "Single journey carnet: already used")],
                               [([hold(T.IMPORTATION, "Single journey")], ("no_rejection", "unexpected_hold"))]),
    "cpd-exit-timely": Runs([tx(T.REEXPORTATION, "1")], [([], ("not_recorded",))]),
    "cpd-exit-grace": Runs([tx(T.REEXPORTATION, "1",
                               explanation="In hospital after a ski accident (letter of the HUG)")],
                           [([tx(T.REEXPORTATION, "1")], ("not_explained",)),
                            ([tx(T.REEXPORTATION, "1", text="In hospital after a ski accident")], ("not_explained",))]),
    "cpd-exit-late": Runs([tx(T.REEXPORTATION, "1")],
                          [([hold(T.REEXPORTATION, "Late exit")], ("not_recorded", "unexpected_hold"))]),
    "cpd-seized": Runs([tx(T.REEXPORTATION, "1")], [([], ("not_recorded",))]),
    "cpd-brisbane-exit": Runs([tx(T.REEXPORTATION, "1")], [([], ("not_recorded",))]),
    "cpd-damaged": Runs([record(V.TERMINATION)], [([record(V.SEIZURE)], ("no_vehicle_record",))]),
    "cpd-undischarged": Runs([record(V.REGULARISATION)], [([record(V.NOTIFICATION)], ("no_vehicle_record",))]),
    "cpd-extension": Runs([record(V.EXTENSION)], [([], ("no_vehicle_record",))]),
    "cpd-extended": Runs([tx(T.IMPORTATION, "1")],
                         [([rejected(T.IMPORTATION, "Carnet expired")], ("not_recorded", "unexpected_rejection"))]),
    "cancel-and-correct": Runs(
        [tx(T.IMPORTATION, "1-5", cancelled=True), tx(T.IMPORTATION, "1-2,4-5")],
        [([tx(T.IMPORTATION, "1-5")], ("not_cancelled", "undeclared_items")),
         ([tx(T.IMPORTATION, "1-5", cancelled=True)], ("not_recorded",))]),
    "reject-not-presented": Runs([rejected(T.EXPORTATION, "Goods not presented: still at the cargo terminal")],
                                 [([tx(T.EXPORTATION, "1-13")], ("no_rejection", "recorded_wrongly"))]),
    "hold-broken-seal": Runs(
        [hold(T.TRANSIT_CLOSE, "Seal 2 broken, case opened")],
        [([hold(T.TRANSIT_CLOSE, "To check later")], ("words_missing",)),
         ([hold(T.TRANSIT_CLOSE, "Broken seal", released=True), tx(T.TRANSIT_CLOSE, "1-3")],
          ("hold_released", "recorded_wrongly"))]),
    "on-hold-release": Runs([hold(T.IMPORTATION, SEEDED_HOLD, released=True), tx(T.IMPORTATION, "1-3")],
                            [([hold(T.IMPORTATION, SEEDED_HOLD)], ("hold_kept", "not_recorded"))]),
    "offline-reimportation": Runs([tx(T.REIMPORTATION, "1-4", offline=True)],
                                  [([tx(T.REIMPORTATION, "1-4")], ("not_offline",))]),
    "offline-cpd-entry": Runs([tx(T.IMPORTATION, "1", offline=True)], [([tx(T.IMPORTATION, "1")], ("not_offline",))]),
}

CATALOGUE = {e.exercise_id: e for e in load_catalogue()}
SCENARIOS = {s.key: s for s in scenarios(date.today())}


def test_every_exercise_of_the_catalogue_has_scripted_runs_and_no_run_is_left_over() -> None:
    assert set(RUNS) == set(CATALOGUE)
    assert all(runs.wrong for runs in RUNS.values())


@pytest.mark.parametrize("exercise_id", list(CATALOGUE))
def test_the_correct_run_is_correct(exercise_id: str) -> None:
    verdict = judge(CATALOGUE[exercise_id], RUNS[exercise_id].correct)
    assert verdict.correct, [describe(f) for f in verdict.findings]
    abandoned = judge(CATALOGUE[exercise_id], RUNS[exercise_id].correct, abandoned=True)
    assert [f.code for f in abandoned.findings] == ["abandoned"]


@pytest.mark.parametrize("exercise_id", list(CATALOGUE))
def test_each_wrong_run_is_wrong_for_its_reasons(exercise_id: str) -> None:
    exercise = CATALOGUE[exercise_id]
    for done, codes in RUNS[exercise_id].wrong:
        verdict = judge(exercise, done)
        assert not verdict.correct
        assert tuple(f.code for f in verdict.findings) == codes, [describe(f) for f in verdict.findings]


def _codes(scenario: Scenario) -> set[T]:
    """The types the holder has a code for: an Exportation's code also serves the EU's Export step."""
    codes = {kind for kind, _ in scenario.declarations}
    office = next(o for o in OFFICES if o.office_id == scenario.office_id)
    two_step = next(t for t in TERRITORIES if t.code == office.territory).two_step_export
    return codes | {T.PRE_EXPORTATION} if T.EXPORTATION in codes and two_step else codes


@pytest.mark.parametrize("exercise_id", list(CATALOGUE))
def test_each_run_does_only_what_the_scenario_allows(exercise_id: str) -> None:
    exercise: Exercise = CATALOGUE[exercise_id]
    scenario = SCENARIOS[exercise.scenario]
    runs = RUNS[exercise_id]
    for done in [runs.correct, *(wrong for wrong, _ in runs.wrong)]:
        for step in done:
            if step.kind is DoneKind.VEHICLE_RECORD:
                assert scenario.carnet.kind is CarnetKind.CPD
                continue
            assert step.type in _codes(scenario), f"{exercise_id}: no {step.type} code in {scenario.key}"
            for items in (step.declared, step.diverted):
                ItemRanges.parse(items, scenario.carnet.item_count)
            if step.kind is DoneKind.HOLD and scenario.hold is not None:
                assert step.text == scenario.hold.reason  # the seeded hold, as the scenario seeds it


def test_a_finding_says_what_was_wrong_with_the_items() -> None:
    verdict = judge(CATALOGUE["cancel-and-correct"], [tx(T.IMPORTATION, "1-5")])
    assert [describe(f) for f in verdict.findings] == [
        "No importation was cancelled. A committed transaction is corrected by cancelling it with the holder's "
        "code, then committing again.",
        "Your importation records goods the holder did not declare: items 3. The tripod (item 3) was not "
        "presented.",
    ]
