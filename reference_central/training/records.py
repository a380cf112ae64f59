"""Reading and writing the classroom's tables (migration 0006): the exercises in catalogue order, each code set's
progress on each exercise, and each trainee's link."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from carnet_domain.training.exercise import Exercise
from carnet_domain.training.judging import Finding
from central_contract.training import ExerciseState
from reference_central.database import Db, Row, replace
from reference_central.schema import stamp


@dataclass
class Progress:
    """One code set's progress on one exercise."""

    code_set: int
    exercise_id: str
    state: ExerciseState = ExerciseState.NOT_STARTED
    paused: bool = False
    started_at: datetime | None = None
    finished_at: datetime | None = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def finished(self) -> bool:
        return self.state in (ExerciseState.CORRECT, ExerciseState.WRONG, ExerciseState.ABANDONED)


def put_exercises(db: Db, exercises: Sequence[Exercise]) -> None:
    db.execute("DELETE FROM exercises")
    for position, exercise in enumerate(exercises):
        replace(db, "exercises", (exercise.exercise_id, position, exercise.scenario, exercise.model_dump_json()))


def exercises(db: Db) -> list[Exercise]:
    """Every exercise, in catalogue order."""
    rows = db.execute("SELECT doc FROM exercises ORDER BY position")
    return [Exercise.model_validate_json(str(row["doc"])) for row in rows]


def exercise(db: Db, exercise_id: str) -> Exercise | None:
    row = db.execute("SELECT doc FROM exercises WHERE exercise_id = ?", (exercise_id,)).fetchone()
    return None if row is None else Exercise.model_validate_json(str(row["doc"]))


def exercises_on(db: Db, scenario: str) -> list[Exercise]:
    """The exercises played on ``scenario``'s carnet, in catalogue order."""
    rows = db.execute("SELECT doc FROM exercises WHERE scenario = ? ORDER BY position", (scenario,))
    return [Exercise.model_validate_json(str(row["doc"])) for row in rows]


def put_progress(db: Db, p: Progress) -> None:
    findings = json.dumps([f.model_dump(mode="json", exclude_defaults=True) for f in p.findings])
    replace(db, "exercise_progress", (
        p.code_set, p.exercise_id, p.state.value, int(p.paused),
        stamp(p.started_at) if p.started_at else None, stamp(p.finished_at) if p.finished_at else None, findings,
    ))


def _progress(row: Row) -> Progress:
    return Progress(
        code_set=int(row["code_set"]), exercise_id=str(row["exercise_id"]), state=ExerciseState(row["state"]),
        paused=bool(row["paused"]), started_at=_moment(row["started_at"]), finished_at=_moment(row["finished_at"]),
        findings=[Finding.model_validate(f) for f in json.loads(str(row["findings"]))],
    )


def _moment(text: object) -> datetime | None:
    return None if text is None else datetime.fromisoformat(str(text).replace("Z", "+00:00"))


PROGRESS = "SELECT code_set, exercise_id, state, paused, started_at, finished_at, findings FROM exercise_progress"


def progress(db: Db, code_set: int, exercise_id: str) -> Progress:
    """The code set's progress on the exercise (not started when nothing was recorded yet)."""
    row = db.execute(PROGRESS + " WHERE code_set = ? AND exercise_id = ?", (code_set, exercise_id)).fetchone()
    return Progress(code_set, exercise_id) if row is None else _progress(row)


def all_progress(db: Db) -> dict[tuple[int, str], Progress]:
    return {(p.code_set, p.exercise_id): p for p in map(_progress, db.execute(PROGRESS))}


def lock_progress(db: Db, code_set: int, exercise_id: str) -> None:
    """Hold the code set's progress on the exercise until the unit of work ends (one change at a time)."""
    db.lock_name(f"exercise {code_set} {exercise_id}")


def put_link(db: Db, code_set: int, cut: bool) -> None:
    replace(db, "trainee_links", (code_set, int(cut)))


def link_cut(db: Db, code_set: int) -> bool:
    row = db.execute("SELECT cut FROM trainee_links WHERE code_set = ?", (code_set,)).fetchone()
    return row is not None and bool(row[0])


def cut_links(db: Db) -> set[int]:
    return {int(row[0]) for row in db.execute("SELECT code_set FROM trainee_links WHERE cut = 1")}
