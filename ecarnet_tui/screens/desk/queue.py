"""The offline queue: commits waiting for the central, those it accepted, and those it refused, which a
supervisor resubmits (corrected), turns into a hold, or voids with a reason."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from ecarnet_tui.formats import local_time
from ecarnet_tui.i18n import _
from ecarnet_tui.literal import literal
from ecarnet_tui.screens.common.queue_decisions import REVIEWERS, QueueDecisions, not_reviewable, state_name
from ecarnet_tui.screens.common.workstation import TrainingBanner, WorkstationScreen
from ecarnet_tui.texts.desk_help import queue_help
from ecarnet_tui.texts.labels import type_name
from ecarnet_tui.texts.problems import refusal_reason
from ecarnet_tui.widgets.key_bar import KeyBar
from ecarnet_tui.widgets.title_bar import TitleBar
from offline_queue.items import ItemState, QueuedCommit

if TYPE_CHECKING:
    from ecarnet_tui.services.desk import DeskServices


def outcome(item: QueuedCommit) -> str:
    """What became of the item, in a line."""
    if item.response is not None:
        return _("verification code {code}").format(code=item.response.transaction.verification_code)
    if item.state is ItemState.NEEDS_REVIEW:
        return refusal_reason(item)
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


    def help_text(self) -> tuple[str, list[str]]:
        return queue_help()
    def __init__(self, desk: DeskServices) -> None:
        super().__init__(desk)
        self.items: list[QueuedCommit] = []
        self.decisions = QueueDecisions(self, self.say, self.reload)

    def compose(self) -> ComposeResult:
        yield TitleBar(self.desk.link, self.desk.sync)
        yield TrainingBanner()
        yield Static(_("Offline queue of this workstation — newest first"), classes="heading")
        yield DataTable(id="queue-items", cursor_type="row", zebra_stripes=True)
        yield Static("", id="problem")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#queue-items", DataTable).add_columns(
            _("Reference"), _("Made"), _("Type"), _("Carnet"), _("Goods"), _("State"), _("Outcome"),
        )
        self.desk.link.subscribe(self, lambda _status: self.reload())
        self.reload()

    def on_unmount(self) -> None:
        self.desk.link.unsubscribe(self)

    def reload(self) -> None:
        queue = self.desk.queue
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
            me = self.desk.me
            return me is not None and me.account.role in REVIEWERS
        return True

    def action_back(self) -> None:
        self.dismiss()

    def _chosen(self) -> QueuedCommit | None:
        table = self.query_one("#queue-items", DataTable)
        if not self.items or table.cursor_row >= len(self.items):
            return None
        item = self.items[table.cursor_row]
        if (why := not_reviewable(item)) is not None:
            self.say(why)
            return None
        return item

    def _who(self) -> str:
        me = self.desk.me
        return me.account.account_id if me is not None else ""

    def action_resubmit(self) -> None:
        if (item := self._chosen()) is not None:
            self.decisions.resubmit(item)

    def action_hold(self) -> None:
        if (item := self._chosen()) is not None:
            self.decisions.hold(item)

    def action_void(self) -> None:
        if (item := self._chosen()) is not None:
            self.decisions.void(item)

    def action_purge(self) -> None:
        queue = self.desk.queue
        if queue is not None:
            count = queue.purge_cache(who=self._who())
            self.say(_("Holder data of {count} cached carnet(s) forgotten.").format(count=count), problem=False)
