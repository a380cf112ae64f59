"""The classroom's API (a training central only): a trainee's exercises and verdicts, the trainer's grid of
trainees by exercises, the trainer's controls, and the end-of-class report. docs/api.md, "The classroom"."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, Field

from carnet_domain.training.judging import Done, Finding
from central_contract.strict import Strict


class ExerciseState(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    CORRECT = "correct"
    WRONG = "wrong"
    ABANDONED = "abandoned"


class ExerciseCode(BaseModel):
    """A code the holder of the exercise's carnet shows, from the trainee's own code set."""

    transaction_type: str
    transaction_code: str
    payload: str
    """The transaction QR's text, as the printed sheet carries it."""


class TraineeExercise(BaseModel):
    """One exercise as a trainee (or the trainer, for one trainee) sees it. The expected outcome, the points and
    the verdict are given once the exercise is finished or abandoned, never before."""

    exercise_id: str
    title: str
    brief: str
    help: str = ""
    offline: bool = False
    played_by: str = ""
    """The demo account that plays it for the trainer to demonstrate (another region's office, a controller's
    power); a trainee account is never given such an exercise."""
    carnet_number: str
    codes: list[ExerciseCode]
    state: ExerciseState
    paused: bool = False
    started_at: datetime | None = None
    finished_at: datetime | None = None
    outcome: str = ""
    points: list[str] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    """The verdict's reasons; empty for a correct verdict (and before one)."""


class TraineeWork(BaseModel):
    """What the trainer opens from a cell of the grid: the exercise, and everything the trainee did on it."""

    trainee: int
    account_id: str
    exercise: TraineeExercise
    done: list[Done]


class ClassTrainee(BaseModel):
    trainee: int
    account_id: str
    display_name: str
    link_cut: bool = False


class ClassExercise(BaseModel):
    exercise_id: str
    title: str


class ClassCell(BaseModel):
    trainee: int
    exercise_id: str
    state: ExerciseState
    paused: bool = False


class ClassView(BaseModel):
    """The trainer's grid: every trainee by every exercise."""

    trainees: list[ClassTrainee]
    exercises: list[ClassExercise]
    cells: list[ClassCell]
    as_of: datetime


class ClassAction(StrEnum):
    START = "start"
    PAUSE = "pause"
    RESUME = "resume"
    RESET = "reset"


class ClassControl(Strict):
    """``POST /v1/training/class/control``: one action on one exercise for one trainee, or for all (``trainee``
    left out)."""

    action: ClassAction
    exercise_id: str = Field(min_length=1, max_length=60)
    trainee: int | None = Field(default=None, ge=1, le=50)


class LinkControl(Strict):
    """``POST /v1/training/class/link``: cut (or restore) one trainee's link to the classroom central, or every
    trainee's (``trainee`` left out)."""

    cut: bool
    trainee: int | None = Field(default=None, ge=1, le=50)
