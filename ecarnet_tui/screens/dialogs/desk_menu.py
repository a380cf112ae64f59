"""Ctrl+D at step 1: the desk's other work, as far as the officer's role allows it (lines 1748-1762):
pre-declarations, transit monitoring, a vehicle's file, the supervisor's desk, the controller's logs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from carnet_domain.organisation import Permission, Role, may, supervises
from ecarnet_tui.i18n import _
from ecarnet_tui.screens.dialogs.dialog import Dialog

if TYPE_CHECKING:
    from textual.screen import Screen


@dataclass(frozen=True)
class DeskEntry:
    key: str
    title: Callable[[], str]
    allowed: Callable[[Role], bool]
    screen: Callable[[], Screen[Any]]


def _predeclarations() -> Screen[Any]:
    from ecarnet_tui.screens.desk.predeclarations import PreDeclarationsScreen

    return PreDeclarationsScreen()


def _transits() -> Screen[Any]:
    from ecarnet_tui.screens.desk.transits import TransitScreen

    return TransitScreen()


def _supervisor_desk() -> Screen[Any]:
    from ecarnet_tui.screens.desk.supervisor import SupervisorDeskScreen

    return SupervisorDeskScreen()


def _vehicle_file() -> Screen[Any]:
    from ecarnet_tui.screens.desk.vehicle_file import VehicleFileScreen

    return VehicleFileScreen()


def _logs() -> Screen[Any]:
    from ecarnet_tui.screens.desk.logs.screen import LogsScreen

    return LogsScreen()


ENTRIES = (
    DeskEntry("predeclarations", lambda: _("Pre-declarations and pre-notifications"),
              lambda role: may(role, Permission.PROCESS_CARNET), _predeclarations),
    DeskEntry("transits", lambda: _("Transit monitoring"),
              lambda role: may(role, Permission.TRANSIT_MONITORING), _transits),
    DeskEntry("vehicles", lambda: _("Vehicle file (CPD): extension, seizure, termination"),
              lambda role: may(role, Permission.PROCESS_CARNET), _vehicle_file),
    DeskEntry("supervisor", lambda: _("Supervisor's desk: holds, queue, shift hand-over"),
              supervises, _supervisor_desk),  # who runs a shift: a controller or higher
    DeskEntry("logs", lambda: _("Logs: carnets, reconciliation, exports"),
              lambda role: may(role, Permission.LOGS), _logs),
)


def entries_for(role: Role) -> list[DeskEntry]:
    """What this role may open; the rest is not offered."""
    return [entry for entry in ENTRIES if entry.allowed(role)]


class DeskMenu(Dialog[str | None]):
    """Returns the key of the entry chosen, or ``None``."""

    BINDINGS = [Binding("escape", "cancel", _("Back"), id="desk-back")]

    def __init__(self, role: Role) -> None:
        super().__init__()
        self.entries = entries_for(role)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(_("The desk"), classes="heading")
            yield OptionList(*[Option(entry.title(), id=entry.key) for entry in self.entries], id="desk-entries")

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option_id)

    def action_cancel(self) -> None:
        self.dismiss(None)
