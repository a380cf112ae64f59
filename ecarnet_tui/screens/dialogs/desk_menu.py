"""Ctrl+D at step 1: the desk's other work, as far as the officer's role allows it (lines 1748-1762):
pre-declarations, transit monitoring, a vehicle's file, the supervisor's desk, the controller's logs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from carnet_domain.organisation import Role
from ecarnet_tui.i18n import _
from ecarnet_tui.screens.dialogs.dialog import Dialog


@dataclass(frozen=True)
class DeskEntry:
    """A line of the desk's menu: the place it opens, its title, and which roles may open it."""

    place: str
    title: Callable[[], str]
    allowed: Callable[[Role], bool]


class DeskMenu(Dialog[str | None]):
    """Returns the place of the entry chosen, or ``None``."""

    BINDINGS = [Binding("escape", "cancel", _("Back"), id="desk-back")]

    def __init__(self, entries: list[DeskEntry]) -> None:
        super().__init__()
        self.entries = entries

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(_("The desk"), classes="heading")
            yield OptionList(*[Option(entry.title(), id=entry.place) for entry in self.entries], id="desk-entries")

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option_id)

    def action_cancel(self) -> None:
        self.dismiss(None)
