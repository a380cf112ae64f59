"""An exercise: a demo scenario with a brief for the trainee, the outcome a trainer expects, and what the
central checks to judge it (:mod:`carnet_domain.training.judging`).

Exercises are data: a trainer writes them in TOML (``reference_central/demo/exercises/``), each naming the demo
scenario whose carnet it is played on.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from carnet_domain.carnet import Model
from carnet_domain.transaction_types import TransactionType


class Expect(StrEnum):
    """What one expectation of an exercise asks of the trainee's work on its carnet."""

    RECORDED = "recorded"
    """A transaction of ``type`` is recorded and not cancelled; its declared (and diverted) goods as given."""
    NOT_RECORDED = "not_recorded"
    """No transaction of ``type`` is recorded (cancelled ones do not count)."""
    HOLD = "hold"
    """A hold is placed (``type``: on that transaction's code), its reason naming one of ``mentions``."""
    RELEASED = "released"
    """Every hold on the carnet is released by the end."""
    NOT_RELEASED = "not_released"
    """A hold stays in place (the goods are not to go before it is cleared)."""
    REJECTION = "rejection"
    """The ``type`` code is rejected, the reason naming one of ``mentions``."""
    CANCELLED = "cancelled"
    """A transaction of ``type`` was recorded and then cancelled."""
    VEHICLE_RECORD = "vehicle_record"
    """A vehicle record of kind ``record`` (seizure, extension, termination, regularisation, notification)."""


class VehicleRecordKind(StrEnum):
    SEIZURE = "seizure"
    EXTENSION = "extension"
    TERMINATION = "termination"
    REGULARISATION = "regularisation"
    NOTIFICATION = "notification"


class Expectation(Model):
    kind: Expect
    type: TransactionType | None = None
    goods: str = Field(default="", max_length=200)
    """For ``recorded``: the items the transaction must declare, exactly (``""``: not checked)."""
    diverted: str = Field(default="", max_length=200)
    """For ``recorded``: the items it must record as not re-exported or re-imported (``""``: not checked)."""
    mentions: tuple[str, ...] = ()
    """Words (any one, case-insensitive) the hold's or rejection's reason, or the transaction's remarks and
    explanations, must contain."""
    explained: bool = False
    """For ``recorded``: ``mentions`` must be in the transaction's delay explanation (a vehicle's late exit), where
    the exit's timing reads it, not in the remarks."""
    offline: bool | None = None
    """For ``recorded``: the transaction was (True) or was not (False) made while the desk was offline."""
    record: VehicleRecordKind | None = None
    why: str = Field(default="", max_length=500)
    """What the trainer explains when the expectation is not met, in the trainer's words."""


class Exercise(Model):
    exercise_id: str = Field(min_length=1, max_length=60, pattern=r"^[a-z0-9][a-z0-9-]*$")
    scenario: str = Field(min_length=1, max_length=60)
    """The demo scenario (its key) whose carnet the exercise is played on, in the trainee's own code set."""
    title: str = Field(min_length=1, max_length=120)
    brief: str = Field(min_length=1, max_length=2000)
    """What arrives at the desk, as the trainee reads it before starting."""
    outcome: str = Field(min_length=1, max_length=1000)
    """The expected outcome in plain words, shown with the verdict."""
    points: tuple[str, ...] = ()
    """What the trainer wants to see done, shown with the verdict."""
    help: str = Field(default="", max_length=60)
    """The F1 help page to revise after a mistake."""
    offline: bool = False
    """Taught with the desk cut from the central (the trainer cuts the link)."""
    played_by: str = Field(default="", max_length=60)
    """The demo account that plays it, when a trainee cannot: another region's office, or a controller's power
    (the trainer demonstrates it on the base code set). Empty: every trainee plays it."""
    expectations: tuple[Expectation, ...] = Field(min_length=1)
    strict: bool = True
    """Anything recorded on the carnet that no expectation calls for (a transaction, a hold, a rejection) is a
    mistake."""
    source: str = Field(default="", max_length=500)
    """The file the exercise was read from."""
