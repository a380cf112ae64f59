"""What a training central checks before a trainee's work on a carnet (docs/api.md, "The classroom"): the carnet
is of the caller's own code set (a trainee's), its exercise is neither paused nor finished, and the first work on it
starts the exercise. And a trainee whose link the trainer cut is refused everything, as if the central could not
be reached."""

from __future__ import annotations

from datetime import datetime

from carnet_domain.organisation import Account
from carnet_domain.refusals import RefusalCode as R
from central_contract.training import ExerciseState
from reference_central.database import Db
from reference_central.errors import CentralError
from reference_central.training import records
from reference_central.training.code_sets import carnet_code_set, code_set_of, scenario_of
from reference_central.training.records import Progress


def classroom_work(db: Db, account: Account, carnet_id: str, now: datetime, *, work: bool = True) -> None:
    """Refuse ``account``'s request on the carnet ``carnet_id`` if the classroom's rules forbid it; ``work``: the
    request is work on the carnet (a lookup, a commit, a hold...), which is checked against its exercise and starts
    it, rather than a reading of it (its vehicle file), which is only checked for its code set."""
    code_set = carnet_code_set(db, carnet_id)
    if code_set is None:
        return  # not a demo carnet
    mine = code_set_of(account.account_id)
    if mine and code_set != mine:
        raise CentralError(R.NOT_YOUR_CODE_SET, f"the carnet is of code set {code_set}; yours is {mine}")
    if not work:
        return
    progress = _worked_on(db, code_set, carnet_id)
    if progress is None:
        return
    if progress.paused:
        raise CentralError(R.EXERCISE_PAUSED, progress.exercise_id)
    if progress.state is ExerciseState.NOT_STARTED:
        progress.state, progress.started_at = ExerciseState.IN_PROGRESS, now
        records.put_progress(db, progress)


def _worked_on(db: Db, code_set: int, carnet_id: str) -> Progress | None:
    """The exercise the work on the carnet belongs to: the one in progress on it, else the first not started; none
    when no exercise is played on it; ``exercise_finished`` when every one played on it is finished."""
    scenario = scenario_of(carnet_id, code_set)
    exercises = records.exercises_on(db, scenario) if scenario is not None else []
    if not exercises:
        return None
    for exercise in exercises:
        records.lock_progress(db, code_set, exercise.exercise_id)
    progresses = [records.progress(db, code_set, e.exercise_id) for e in exercises]
    for state in (ExerciseState.IN_PROGRESS, ExerciseState.NOT_STARTED):
        found = next((p for p in progresses if p.state is state), None)
        if found is not None:
            return found
    raise CentralError(R.EXERCISE_FINISHED, ", ".join(p.exercise_id for p in progresses))


def refuse_cut_link(db: Db, account: Account) -> None:
    """``503 link_cut`` for a trainee whose link the trainer cut."""
    code_set = code_set_of(account.account_id)
    if code_set and records.link_cut(db, code_set):
        raise CentralError(R.LINK_CUT, account.account_id)
