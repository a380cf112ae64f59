"""Where a screen asks the navigator to take the officer: the desk's lists, their details and the dialogs that lead
to them. A screen names the place (and what to show there); the navigator builds the screen."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Place(StrEnum):
    HOLDS = "holds"
    """The carnets on hold at this office (step 1's Ctrl+O)."""
    QUEUE = "queue"
    """The offline queue (Ctrl+Y)."""
    RECORD_LATER = "record_later"
    """Record a transaction for later, the central being unreachable; subject: ``(carnet, code)``."""
    PROCEDURES = "procedures"
    """Choose a guided procedure (Ctrl+G)."""
    PROCEDURE = "procedure"
    """One guided procedure; subject: the :class:`~carnet_domain.procedures.Procedure`."""
    DESK = "desk"
    """The desk's menu (Ctrl+D), as far as the role allows."""
    PREDECLARATIONS = "predeclarations"
    PREDECLARATION = "predeclaration"
    """One pre-declaration; subject: its :class:`~carnet_domain.predeclaration.PreDeclaration`."""
    TRANSITS = "transits"
    TRANSIT = "transit"
    """One transit; subject: its :class:`~central_contract.models.TransitView`."""
    VEHICLE_FILE = "vehicles"
    """A vehicle carnet's file; subject: the carnet's number or ID (or nothing: the officer types it)."""
    SUPERVISOR = "supervisor"
    LOGS = "logs"
    STATISTICS = "statistics"
    """The statistics of the account's region (an Admin: of every office)."""
    ACCOUNTS = "accounts"
    """The accounts an Admin or a Regional manager manages."""
    OFFICES = "offices"
    """The customs offices an Admin or a Regional manager manages."""
    REGIONS = "regions"
    """The customs regions an Admin manages."""
    WORKSTATIONS = "workstations"
    """The registered workstations an Admin or a Regional manager manages."""
    IMPORTS = "imports"
    """An Admin's bulk creation of regions, offices and accounts."""
    EXERCISES = "exercises"
    """A trainee's exercises on a training central (F2), or the drill's."""
    DRILL_SCORE = "drill_score"
    """The drill's score; subject: the drill's exercises, as the central judged them."""
    CLASS = "class"
    """The trainer's grid of trainees by exercises."""
    TRAINEE_WORK = "trainee_work"
    """What a trainee did on an exercise; subject: ``(trainee, exercise_id)``."""
    LOG_TRANSACTION = "log_transaction"
    """One transaction of the Logs in full, to print its voucher; subject: its :class:`LogTransactionRef`."""


@dataclass(frozen=True, slots=True)
class LogTransactionRef:
    """Which transaction of the Logs to show: its carnet's ID and its own."""

    carnet_id: str
    transaction_id: str
