"""What every wizard step after the scan shares: the progress line, the carnet's identity, keys, messages."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from ecarnet_tui.i18n import _
from ecarnet_tui.literal import literal
from ecarnet_tui.widgets.steps import StepBar
from ecarnet_tui.wizard.draft import Draft

if TYPE_CHECKING:
    from ecarnet_tui.app import EcarnetApp


class StepScreen(Screen[None]):
    """A step of the wizard over one :class:`Draft`."""

    STEP: ClassVar[int] = 2
    AUTO_FOCUS = "Input"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", _("Back"), id="back", tooltip=_("The previous step; nothing typed is lost")),
        Binding("ctrl+n", "next", _("Next"), id="next", tooltip=_("The next step")),
    ]

    def __init__(self, draft: Draft) -> None:
        super().__init__()
        self.draft = draft

    @property
    def workstation(self) -> EcarnetApp:
        return cast("EcarnetApp", self.app)

    def compose_top(self) -> ComposeResult:
        yield Header()
        yield Static(_("TRAINING — demo carnets, no real data"), classes="training-banner")
        yield StepBar(self.STEP, self.draft.kind)
        carnet = self.draft.carnet
        yield Static(
            literal(
                _("Carnet ID {id} · number {number} · valid until {until}").format(
                    id=carnet.carnet_id, number=carnet.number, until=carnet.valid_until.strftime("%d/%m/%Y")
                )
            ),
            classes="carnet-line",
        )

    def compose_bottom(self) -> ComposeResult:
        yield Static("", id="problem")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(".training-banner").display = self.workstation.training

    def say(self, text: str, *, problem: bool = True) -> None:
        """Show a message under the step (literally); an empty text clears it."""
        line = self.query_one("#problem", Static)
        line.update(literal(text))
        line.set_class(problem and bool(text), "problem")
        line.set_class(not problem and bool(text), "info")

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_next(self) -> None:  # pragma: no cover - every step overrides it
        raise NotImplementedError
