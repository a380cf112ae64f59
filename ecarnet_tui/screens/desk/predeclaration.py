"""One pre-notification or pre-declaration in full (guide lines 2717-2727), with what may be done with it:
Acknowledge and Reject while it is pending, and Commit for one that allows automatic transaction, which looks
its carnet and code up and opens the wizard at step 2. Only what is allowed is offered, and only at the office
it is addressed to."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from carnet_domain.predeclaration import PreDeclaration, PreDeclarationAction, PreDeclarationKind, allowed_actions
from central_client.errors import CentralError
from ecarnet_tui.formats import labelled, local_time
from ecarnet_tui.i18n import _
from ecarnet_tui.literal import literal_lines
from ecarnet_tui.screens.common.workstation import TrainingBanner, WorkstationScreen
from ecarnet_tui.screens.dialogs.ask import AskDialog
from ecarnet_tui.texts.desk_help import predeclaration_help
from ecarnet_tui.texts.labels import type_name
from ecarnet_tui.texts.predeclarations import NONE, kind_name, means_name, size_text, state_name, transport_mode_name
from ecarnet_tui.texts.problems import describe
from ecarnet_tui.widgets.key_bar import KeyBar
from ecarnet_tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from ecarnet_tui.services.desk import DeskServices

ACTIONS = {"acknowledge": PreDeclarationAction.ACKNOWLEDGE, "reject": PreDeclarationAction.REJECT,
           "commit": PreDeclarationAction.COMMIT}


def field_lines(pre: PreDeclaration) -> list[str]:
    """Every field, one line each."""
    lines = [
        (_("Kind"), kind_name(pre.kind)),
        (_("State"), state_name(pre.state)),
        (_("Carnet ID"), pre.carnet_id or NONE),
        (_("Carnet number"), pre.carnet_number or NONE),
        (_("Carnet type"), pre.carnet_kind.value if pre.carnet_kind else NONE),
        (_("Transaction type"), type_name(pre.transaction_type) if pre.transaction_type else NONE),
        (_("Expected arrival"), local_time(pre.arrival_at)),
        (_("Transport mode"), transport_mode_name(pre.transport_mode)),
        (_("Means of transport"), means_name(pre.means_of_transport)),
        (_("Identification"), pre.identification or NONE),
        (_("Customs office"), pre.office_name),
        (_("Sent by"), pre.submitted_by or NONE),
        (_("Sent on"), local_time(pre.submitted_at)),
    ]
    if pre.decided_at is not None:
        lines.append((_("Decided by"), f"{pre.decided_by_name or pre.decided_by} ({local_time(pre.decided_at)})"))
    if pre.reason:
        lines.append((_("Reason"), pre.reason))
    if pre.transaction_id:
        lines.append((_("Transaction"), pre.transaction_id))
    return [labelled(label, value) for label, value in lines]


def attachment_lines(pre: PreDeclaration) -> list[str]:
    if not pre.attachments:
        return [_("No attachment.")]
    return [f"• {a.name} ({size_text(a.size)}, {a.media_type})" for a in pre.attachments]


class PreDeclarationScreen(WorkstationScreen):
    """The details of one pre-declaration; its keys are the actions allowed on it at this office."""

    DEFAULT_CSS = """
    #predeclaration-fields, #predeclaration-attachments {
        padding: 0 1;
    }
    """
    BINDINGS = [
        Binding("escape", "back", _("Back"), id="predeclaration-back"),
        Binding("ctrl+a", "acknowledge", _("Acknowledge"), id="predeclaration-acknowledge", priority=True,
                tooltip=_("Confirm the appointment to the holder")),
        Binding("ctrl+t", "reject", _("Reject"), id="predeclaration-reject", priority=True,
                tooltip=_("The goods must stop for inspection: tell the holder why")),
        Binding("ctrl+n", "commit", _("Commit"), id="predeclaration-commit", priority=True,
                tooltip=_("Look the carnet up and commit its transaction")),
    ]


    def help_text(self) -> tuple[str, list[str]]:
        return predeclaration_help()
    def __init__(self, desk: DeskServices, predeclaration_id: str) -> None:
        super().__init__(desk)
        self.predeclaration_id = predeclaration_id
        self.pre: PreDeclaration | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar(self.desk.link, self.desk.sync)
        yield TrainingBanner()
        yield Static(_("Pre-declaration"), classes="heading", id="predeclaration-heading")
        with VerticalScroll(id="predeclaration-body"):
            yield Static("", id="predeclaration-fields")
            yield Static(_("Attachments"), classes="heading")
            yield Static("", id="predeclaration-attachments")
        yield Static("", id="problem")
        yield KeyBar()

    def on_mount(self) -> None:
        self.say(_("Loading…"), problem=False)
        self.load()

    @property
    def allowed(self) -> frozenset[PreDeclarationAction]:
        """What the officer may do with it here: nothing at another office than the one it is addressed to."""
        if self.pre is None or self.pre.office_id != self.desk.office_id:
            return frozenset()
        return allowed_actions(self.pre)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ACTIONS:
            return ACTIONS[action] in self.allowed
        return True

    def show(self, pre: PreDeclaration) -> None:
        self.pre = pre
        self.query_one("#predeclaration-heading", Static).update(
            _("{kind} — {office}").format(kind=kind_name(pre.kind), office=pre.office_name))
        self.query_one("#predeclaration-fields", Static).update(literal_lines(field_lines(pre)))
        self.query_one("#predeclaration-attachments", Static).update(literal_lines(attachment_lines(pre)))
        self.refresh_bindings()

    def action_back(self) -> None:
        self.dismiss()

    @work(exclusive=True, group="predeclaration", exit_on_error=False)
    async def load(self, then: str = "") -> None:
        try:
            pre = await self.desk.central.predeclaration(self.predeclaration_id)
        except CentralError as exc:
            self.say(describe(exc))
            return
        self.show(pre)
        if then:
            self.say(then)
        elif pre.office_id != self.desk.office_id:
            self.say(_("Addressed to {office}: only its officers act on it.").format(office=pre.office_name),
                     problem=False)
        else:
            self.say("", problem=False)

    def action_acknowledge(self) -> None:
        self.say(_("Acknowledging…"), problem=False)
        self.decide(PreDeclarationAction.ACKNOWLEDGE)

    def action_reject(self) -> None:
        pre = self.pre
        if pre is None:
            return

        def typed(reason: str | None) -> None:
            if reason:
                self.say(_("Rejecting…"), problem=False)
                self.decide(PreDeclarationAction.REJECT, reason)

        question = (_("Reject this pre-notification? Tell the holder why the goods must stop for inspection.")
                    if pre.kind is PreDeclarationKind.PRE_NOTIFICATION else
                    _("Reject this pre-declaration? Tell the holder why the goods must stop for inspection."))
        self.app.push_screen(AskDialog(question, _("the reason, sent to the holder")), typed)

    def action_commit(self) -> None:
        self.say(_("Looking up the carnet…"), problem=False)
        self.commit()

    @work(exclusive=True, group="predeclaration-action", exit_on_error=False)
    async def decide(self, action: PreDeclarationAction, reason: str = "") -> None:
        app = self.desk
        try:
            if action is PreDeclarationAction.REJECT:
                pre = await app.central.reject_predeclaration(self.predeclaration_id, reason, app.office_id)
                done = _("Rejected: the holder is told that the goods must stop for inspection.")
            else:
                pre = await app.central.acknowledge_predeclaration(self.predeclaration_id, app.office_id)
                done = _("Acknowledged: the holder is told that the appointment is confirmed.")
        except CentralError as exc:
            self.load(describe(exc))  # someone else may have decided meanwhile: show it as it is now
            return
        self.show(pre)
        self.say(done, problem=False)

    @work(exclusive=True, group="predeclaration-action", exit_on_error=False)
    async def commit(self) -> None:
        """Like a lookup at step 1 with the pre-declaration's carnet and code: the wizard opens at step 2."""
        app = self.desk
        try:
            start = await app.central.commit_predeclaration(self.predeclaration_id, app.office_id)
            found = await app.central.lookup(start.carnet_id, start.transaction_code, app.office_id)
        except CentralError as exc:
            self.load(describe(exc))
            return
        self.say("", problem=False)
        if app.queue is not None:
            app.queue.remember(found, app.office_id)
        self.post_message(self.Begin(app.start_draft(found)))
