"""The offline queue: commits waiting for the central, those it accepted, and those it refused, which a
supervisor resubmits (corrected), turns into a hold, or voids with a reason."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from carnet_domain.organisation import Role
from carnet_domain.refusals import WarningCode
from central_client.errors import CentralError
from central_contract.models import HoldRequest
from ecarnet_tui.i18n import _
from ecarnet_tui.labels import type_name
from ecarnet_tui.literal import literal
from ecarnet_tui.problems import describe
from ecarnet_tui.screens.home import local_time
from ecarnet_tui.screens.reason_dialog import ReasonDialog
from ecarnet_tui.screens.workstation_screen import WorkstationScreen
from ecarnet_tui.widgets.key_bar import KeyBar
from ecarnet_tui.widgets.title_bar import TitleBar
from offline_queue.items import ItemState, QueuedCommit

REVIEWERS = frozenset({Role.CONTROLLER, Role.REGIONAL_MANAGER, Role.ADMIN})
"""Who decides on commits the central refused after an outage: the shift's supervisors. The guide has no
offline mode, so its role table has no row for this."""


def state_name(state: ItemState) -> str:
    return {
        ItemState.PENDING: _("Waiting"),
        ItemState.SENT: _("Accepted"),
        ItemState.NEEDS_REVIEW: _("To review"),
        ItemState.RESUBMITTED: _("Resubmitted"),
        ItemState.HELD: _("Held"),
        ItemState.VOIDED: _("Voided"),
    }[state]


def outcome(item: QueuedCommit) -> str:
    """What became of the item, in a line."""
    if item.response is not None:
        return _("verification code {code}").format(code=item.response.transaction.verification_code)
    if item.state is ItemState.NEEDS_REVIEW:
        return item.refusal_message
    if item.decision:
        return _("{who}: {decision}").format(who=item.decided_by, decision=item.decision)
    return item.last_problem


class QueueScreen(WorkstationScreen):
    """Everything this workstation queued, newest first; a supervisor decides on refused items."""

    BINDINGS = [
        Binding("escape", "back", _("Back"), id="queue-back"),
        Binding("ctrl+s", "resubmit", _("Resubmit"), id="queue-resubmit", tooltip=_("Correct and send again")),
        Binding("ctrl+o", "hold", _("Hold"), id="queue-hold", priority=True,
                tooltip=_("Put the carnet on hold at the central instead")),
        Binding("ctrl+d", "void", _("Void"), id="queue-void", tooltip=_("Give the commit up, with a reason")),
        Binding("ctrl+e", "purge", _("Purge cache"), id="queue-purge",
                tooltip=_("Forget the holder data kept for offline checks")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.items: list[QueuedCommit] = []

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(_("Offline queue of this workstation — newest first"), classes="heading")
        yield DataTable(id="queue-items", cursor_type="row", zebra_stripes=True)
        yield Static("", id="problem")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#queue-items", DataTable).add_columns(
            _("Reference"), _("Made"), _("Type"), _("Carnet"), _("Goods"), _("State"), _("Outcome"),
        )
        self.workstation.link_signal.subscribe(self, lambda _status: self.reload())
        self.reload()

    def on_unmount(self) -> None:
        self.workstation.link_signal.unsubscribe(self)

    def reload(self) -> None:
        queue = self.workstation.queue
        self.items = queue.items() if queue is not None else []
        table = self.query_one("#queue-items", DataTable)
        row = table.cursor_row
        table.clear()
        for item in self.items:
            table.add_row(
                literal(item.local_ref), literal(local_time(item.made_at)), literal(type_name(item.request.type)),
                literal(item.request.carnet_id), literal(item.request.goods.declared_goods),
                literal(state_name(item.state)), literal(outcome(item)), key=str(item.seq),
            )
        if self.items:
            table.move_cursor(row=min(row, len(self.items) - 1))
        table.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Decisions are a supervisor's (controller, manager); officers see the queue."""
        if action in ("resubmit", "hold", "void", "purge"):
            me = self.workstation.me
            return me is not None and me.account.role in REVIEWERS
        return True

    def action_back(self) -> None:
        self.app.pop_screen()

    def _chosen(self) -> QueuedCommit | None:
        table = self.query_one("#queue-items", DataTable)
        if not self.items or table.cursor_row >= len(self.items):
            return None
        item = self.items[table.cursor_row]
        if item.state is not ItemState.NEEDS_REVIEW:
            self.say(_("Only items the central refused are reviewed; {ref} is {state}.").format(
                ref=item.local_ref, state=state_name(item.state)))
            return None
        return item

    def _who(self) -> str:
        me = self.workstation.me
        return me.account.account_id if me is not None else ""

    def _ask(self, question: str, then: Callable[[str], Any], value: str = "") -> None:
        def answered(text: str | None) -> None:
            if text:
                then(text)

        self.app.push_screen(ReasonDialog(question, value=value), answered)

    def action_resubmit(self) -> None:
        item = self._chosen()
        if item is None:
            return

        def with_goods(goods: str) -> None:
            self._ask(_("Why is {ref} sent again?").format(ref=item.local_ref),
                      lambda reason: self._resubmit(item, goods, reason))

        self._ask(_("Declared goods to send for {ref} (correct them if needed):").format(ref=item.local_ref),
                  with_goods, value=item.request.goods.declared_goods)

    def _resubmit(self, item: QueuedCommit, goods: str, reason: str) -> None:
        queue = self.workstation.queue
        assert queue is not None
        confirmed = [w for w in WarningCode if w.value in item.refusal_message] \
            if item.refusal_code == "warnings_not_confirmed" else list(item.request.confirmed_warnings)
        corrected = item.request.model_copy(update={
            "goods": item.request.goods.model_copy(update={"declared_goods": goods.strip()}),
            "confirmed_warnings": confirmed,
        })
        new = queue.resubmit(item.seq, corrected, who=self._who(), reason=reason)
        if self.workstation.syncer is not None:
            self.workstation.syncer.wake()
        self.say(_("{ref} is sent again as {new}.").format(ref=item.local_ref, new=new.local_ref), problem=False)
        self.reload()

    def action_hold(self) -> None:
        item = self._chosen()
        if item is not None:
            self._ask(_("Why is the carnet of {ref} put on hold?").format(ref=item.local_ref),
                      lambda reason: self.hold(item, reason))

    @work(exclusive=True, group="queue-hold", exit_on_error=False)
    async def hold(self, item: QueuedCommit, reason: str) -> None:
        app = self.workstation
        assert app.queue is not None
        request = HoldRequest(carnet_id=item.request.carnet_id, transaction_code=item.request.transaction_code,
                              office_id=item.office_id, step=4, reason=reason, draft={})
        try:
            await app.central.hold(request)
        except CentralError as exc:
            self.say(describe(exc))
            return
        app.queue.mark_held(item.seq, who=self._who(), reason=reason)
        self.say(_("The carnet of {ref} is on hold at the central.").format(ref=item.local_ref), problem=False)
        self.reload()

    def action_void(self) -> None:
        item = self._chosen()
        if item is not None:
            self._ask(_("Why is {ref} voided? (It will never be sent.)").format(ref=item.local_ref),
                      lambda reason: self._void(item, reason))

    def _void(self, item: QueuedCommit, reason: str) -> None:
        queue = self.workstation.queue
        assert queue is not None
        queue.void(item.seq, who=self._who(), reason=reason)
        self.say(_("{ref} is voided.").format(ref=item.local_ref), problem=False)
        self.reload()

    def action_purge(self) -> None:
        queue = self.workstation.queue
        if queue is not None:
            count = queue.purge_cache(who=self._who())
            self.say(_("Holder data of {count} cached carnet(s) forgotten.").format(count=count), problem=False)
