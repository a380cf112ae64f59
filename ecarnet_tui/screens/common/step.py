"""What every wizard step after the scan shares: the progress line, the carnet's identity, keys, messages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Static

from carnet_domain.transaction_types import TxField
from central_client.errors import CentralError
from central_contract.models import HoldRequest, RejectRequest
from ecarnet_tui.formats import format_day
from ecarnet_tui.i18n import _
from ecarnet_tui.literal import literal
from ecarnet_tui.screens.common.workstation import TrainingBanner, WorkstationScreen
from ecarnet_tui.screens.dialogs.ask import AskDialog
from ecarnet_tui.services.draft import Draft
from ecarnet_tui.texts.problems import describe
from ecarnet_tui.widgets.key_bar import KeyBar
from ecarnet_tui.widgets.steps import StepBar
from ecarnet_tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from ecarnet_tui.services.desk import DeskServices

HOLD = Binding("ctrl+o", "hold", _("Hold"), id="hold", priority=True,
               tooltip=_("Put the carnet on hold with a reason; an officer of this office resumes it later"))
"""Ctrl+O on every step; a screen that gives Ctrl+O a second meaning lists it again beside that one."""


class StepScreen(WorkstationScreen):
    """A step of the wizard over one :class:`Draft`. Ctrl+N posts :class:`Next` once the step is done; the
    navigator shows the next step (composed off-stage while the officer read this one)."""

    STEP: ClassVar[int] = 2
    AUTO_FOCUS = "Input"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", _("Back"), id="back", tooltip=_("The previous step; nothing typed is lost")),
        Binding("ctrl+n", "next", _("Next"), id="next", tooltip=_("The next step")),
        HOLD,
        Binding("ctrl+t", "reject", _("Reject"), id="reject", priority=True,
                tooltip=_("Reject the declaration with a reason; the holder's voucher stays usable")),
    ]

    @dataclass
    class Next(Message):
        """``step`` is done: on to the next step of its draft."""

        step: StepScreen

        @property
        def draft(self) -> Draft:
            return self.step.draft

    @dataclass
    class Redo(Message):
        """The holder's cancellation of what ``step`` committed went through: back to step 3 to correct the
        draft and commit again."""

        step: StepScreen

    def __init__(self, draft: Draft | None, desk: DeskServices) -> None:
        """``draft`` is ``None`` for a screen composed ahead of its lookup (see :meth:`load`)."""
        super().__init__(desk)
        self._draft = draft
        self._announcement = ""

    @property
    def draft(self) -> Draft:
        assert self._draft is not None, "a step composed ahead has no draft before load()"
        return self._draft

    @property
    def has_draft(self) -> bool:
        return self._draft is not None

    def load(self, draft: Draft) -> None:
        """Give a step composed ahead its draft; it shows it now, or when it is mounted."""
        self._draft = draft
        if self.is_mounted:
            self.show_draft()

    def show_draft(self) -> None:
        """Fill what was composed ahead (the step bar's type, the carnet line); steps add their own parts."""
        self.query_one(StepBar).set_kind(self.draft.kind, self.draft.is_vehicle)
        self.query_one(".carnet-line", Static).update(self.carnet_line())

    def carnet_line(self) -> Text:
        carnet = self.draft.valid_carnet  # a vehicle carnet's validity as extended
        return literal(_("Carnet ID {id} · number {number} · valid until {until}").format(
            id=carnet.carnet_id, number=carnet.number, until=format_day(carnet.valid_until)))

    def help_text(self) -> tuple[str, list[str]]:
        from ecarnet_tui.texts.step_help import help_for

        draft = self._draft
        return help_for(self.STEP, draft.kind if draft else None, vehicle=draft.is_vehicle if draft else False)

    def compose_top(self) -> ComposeResult:
        yield TitleBar(self.desk.link, self.desk.sync)
        yield TrainingBanner()
        draft = self._draft
        yield StepBar(self.STEP, draft.kind if draft else None, draft.is_vehicle if draft else False)
        yield Static(self.carnet_line() if self._draft is not None else "", classes="carnet-line")

    def compose_bottom(self) -> ComposeResult:
        yield Static("", id="problem")
        yield KeyBar()

    def announce(self, text: str) -> None:
        """Something the officer should read when this step appears (e.g. that a hold was released)."""
        self._announcement = text
        if self.is_current:
            self.say(text, problem=False)

    def on_screen_resume(self) -> None:
        if self._announcement:
            self.say(self._announcement, problem=False)
            self._announcement = ""

    @property
    def ready_for_next(self) -> bool:
        """Whether the next step may be composed ahead now (step 2 of a carnet that stops there may not)."""
        return True

    def action_next(self) -> None:  # pragma: no cover - every step overrides it
        raise NotImplementedError

    # --- pausing: hold and reject (guide lines 2730-2765) ----------------------------------------------------

    def action_hold(self) -> None:
        def reason_given(reason: str | None) -> None:
            if reason:
                self.say(_("Putting the carnet on hold…"), problem=False)
                self.place_hold(reason)

        self.app.push_screen(AskDialog(_("Why is this carnet put on hold?"), value=self.hold_reason()),
                             reason_given)

    def hold_reason(self) -> str:
        """The reason Ctrl+O offers, for the officer to confirm or change; blank on most steps."""
        return ""

    @work(exclusive=True, group="pause", exit_on_error=False)
    async def place_hold(self, reason: str) -> None:
        draft = self.draft
        request = HoldRequest(
            carnet_id=draft.carnet.carnet_id, transaction_code=draft.lookup.declaration.transaction_code,
            office_id=draft.office_id, step=min(self.STEP, 4), reason=reason,
            customs_reference=draft.text.get(TxField.CUSTOMS_REFERENCE, ""), draft=draft.snapshot(),
        )
        try:
            await self.desk.central.hold(request)
        except CentralError as exc:
            self.say(describe(exc))
            return
        self.post_message(self.Finished(
            _("Carnet {number} is on hold. Any officer of this office can resume it.").format(
                number=draft.carnet.number)))

    def action_reject(self) -> None:
        def reason_given(reason: str | None) -> None:
            if reason:
                self.say(_("Rejecting the declaration…"), problem=False)
                self.reject(reason)

        self.app.push_screen(AskDialog(_("Why is this declaration rejected?")), reason_given)

    @work(exclusive=True, group="pause", exit_on_error=False)
    async def reject(self, reason: str) -> None:
        draft = self.draft
        request = RejectRequest(
            carnet_id=draft.carnet.carnet_id, transaction_code=draft.lookup.declaration.transaction_code,
            office_id=draft.office_id, reason=reason,
        )
        try:
            await self.desk.central.reject(request)
        except CentralError as exc:
            self.say(describe(exc))
            return
        self.post_message(self.Finished(
            _("Declaration rejected. The holder's voucher stays usable; the reason is shown to later officers.")))
