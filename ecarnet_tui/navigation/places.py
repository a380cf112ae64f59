"""The screens of the desk's places, each imported the first time the officer opens it: the lists and their
details are not on the way to the first keystroke at step 1."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from ecarnet_tui.screens.common.places import Place

if TYPE_CHECKING:
    from textual.screen import Screen

    from ecarnet_tui.services.desk import DeskServices

SCREENS: dict[Place, tuple[str, str]] = {
    Place.HOLDS: ("ecarnet_tui.screens.desk.holds", "HoldsScreen"),
    Place.QUEUE: ("ecarnet_tui.screens.desk.queue", "QueueScreen"),
    Place.RECORD_LATER: ("ecarnet_tui.screens.desk.record_later", "RecordLaterScreen"),
    Place.PROCEDURE: ("ecarnet_tui.screens.desk.procedure", "ProcedureScreen"),
    Place.PREDECLARATIONS: ("ecarnet_tui.screens.desk.predeclarations", "PreDeclarationsScreen"),
    Place.PREDECLARATION: ("ecarnet_tui.screens.desk.predeclaration", "PreDeclarationScreen"),
    Place.TRANSITS: ("ecarnet_tui.screens.desk.transits", "TransitScreen"),
    Place.TRANSIT: ("ecarnet_tui.screens.desk.transit", "TransitDetailsScreen"),
    Place.VEHICLE_FILE: ("ecarnet_tui.screens.desk.vehicle_file", "VehicleFileScreen"),
    Place.SUPERVISOR: ("ecarnet_tui.screens.desk.supervisor", "SupervisorDeskScreen"),
    Place.LOGS: ("ecarnet_tui.screens.desk.logs.screen", "LogsScreen"),
    Place.STATISTICS: ("ecarnet_tui.screens.desk.statistics", "StatisticsScreen"),
    Place.ACCOUNTS: ("ecarnet_tui.screens.admin.accounts", "AccountsScreen"),
    Place.OFFICES: ("ecarnet_tui.screens.admin.offices", "OfficesScreen"),
    Place.REGIONS: ("ecarnet_tui.screens.admin.regions", "RegionsScreen"),
    Place.WORKSTATIONS: ("ecarnet_tui.screens.admin.workstations", "WorkstationsScreen"),
    Place.IMPORTS: ("ecarnet_tui.screens.admin.imports", "ImportScreen"),
    Place.LOG_TRANSACTION: ("ecarnet_tui.screens.desk.logs.transaction", "LogTransactionScreen"),
    Place.EXERCISES: ("ecarnet_tui.screens.training.exercises", "ExercisesScreen"),
    Place.DRILL_SCORE: ("ecarnet_tui.screens.training.drill_score", "DrillScoreScreen"),
    Place.CLASS: ("ecarnet_tui.screens.training.grid", "ClassGridScreen"),
    Place.TRAINEE_WORK: ("ecarnet_tui.screens.training.work", "TraineeWorkScreen"),
}
"""Where each place's screen is: module and class."""

WITH_SUBJECT = frozenset({Place.PROCEDURE, Place.PREDECLARATION, Place.TRANSIT, Place.LOG_TRANSACTION,
                          Place.DRILL_SCORE, Place.TRAINEE_WORK})
"""Places about one thing (a procedure, a pre-declaration, a transit, a transaction of the Logs), handed to the
screen as it is."""


def build_place(desk: DeskServices, place: Place, subject: object = None) -> Screen[Any] | None:
    """The screen of ``place`` about ``subject``, or ``None`` for a place that is not a screen of its own."""
    where = SCREENS.get(place)
    if where is None:
        return None
    screen_class = getattr(import_module(where[0]), where[1])
    if place is Place.RECORD_LATER:
        return screen_class(desk, *_carnet_and_code(subject))  # type: ignore[no-any-return]
    if place is Place.VEHICLE_FILE:
        return screen_class(desk, subject if isinstance(subject, str) else "")  # type: ignore[no-any-return]
    if place in WITH_SUBJECT:
        return screen_class(desk, subject)  # type: ignore[no-any-return]
    return screen_class(desk)  # type: ignore[no-any-return]


def _carnet_and_code(subject: object) -> tuple[str, str]:
    if isinstance(subject, tuple) and len(subject) == 2:
        return str(subject[0]), str(subject[1])
    return "", ""
