"""Resetting one exercise for one code set: everything done on its carnet goes (transactions, holds, rejections,
vehicle records, the declarations and the pre-declarations that name it), and the demo seeds that code set's copy of
the scenario again at the current moment, in the caller's unit of work."""

from __future__ import annotations

from datetime import datetime

from carnet_domain.training.exercise import Exercise
from reference_central import carnet_summaries, records
from reference_central.database import Db
from reference_central.demo.carnets import Scenario
from reference_central.demo.seed import reseed_scenario, seeded_scenarios
from reference_central.store import Store
from reference_central.training import records as classroom
from reference_central.training.code_sets import carnet_in_set

CARNET_TABLES = ("transactions", "holds", "rejections", "vehicle_records", "declarations", "predeclarations")
"""Every table whose rows name a carnet and that a scenario's seed writes to or a trainee's work adds to."""


def scenarios_now(now: datetime) -> dict[str, Scenario]:
    """The demo scenarios as seeded at the moment ``now`` (each on its office's date), by key."""
    return {s.key: s for s in seeded_scenarios(now)}


def reset_exercise(store: Store, db: Db, exercise: Exercise, code_set: int, now: datetime,
                   scenarios: dict[str, Scenario]) -> None:
    """The exercise as new for code set ``code_set`` (its pause, the trainer's, stays as it is)."""
    carnet_id = carnet_in_set(exercise.scenario, code_set)
    records.lock_carnet(db, carnet_id)
    for transaction in records.history(db, carnet_id):
        if transaction.committed:
            carnet_summaries.count(db, transaction, -1)  # the office's counts, as a cancellation would
    for table in CARNET_TABLES:
        db.execute(f"DELETE FROM {table} WHERE carnet_id = ?", (carnet_id,))  # noqa: S608 - fixed names
    reseed_scenario(store, db, scenarios[exercise.scenario], code_set, now)
    carnet_summaries.changed(db, carnet_id)
    progress = classroom.progress(db, code_set, exercise.exercise_id)
    classroom.put_progress(db, classroom.Progress(code_set, exercise.exercise_id, paused=progress.paused))
