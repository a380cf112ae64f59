"""The supervisor desk's part of the offline queue: the commits the central refused after an outage, waiting
for a decision, and the queue's counts."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from ecarnet_tui.formats import local_time
from ecarnet_tui.i18n import _
from ecarnet_tui.literal import literal
from ecarnet_tui.texts.labels import type_name
from ecarnet_tui.texts.problems import refusal_reason
from offline_queue.items import QueuedCommit
from offline_queue.status import QueueCounts


class DeskQueue(Vertical):
    """Needs-review items of this workstation's queue, oldest first."""

    def __init__(self) -> None:
        super().__init__(id="desk-queue")
        self.items: list[QueuedCommit] = []

    def compose(self) -> ComposeResult:
        yield Static("", classes="heading", id="desk-queue-heading")
        yield DataTable(id="desk-queue-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns(
            _("Reference"), _("Made"), _("Officer"), _("Type"), _("Carnet"), _("Goods"), _("Refused because"),
        )

    def show(self, items: list[QueuedCommit], counts: QueueCounts | None) -> None:
        """The refused commits waiting for a decision (oldest first) and the queue's counts (``None``: this
        workstation has no queue)."""
        self.items = sorted(items, key=lambda i: i.seq)
        heading = self.query_one("#desk-queue-heading", Static)
        if counts is None:
            heading.update(_("This workstation has no offline queue."))
        else:
            heading.update(_("Offline queue: {pending} waiting, {review} to review, {sent} accepted — "
                             "Ctrl+S resubmits, Ctrl+O holds, Ctrl+D voids").format(
                pending=counts.pending, review=counts.needs_review, sent=counts.sent))
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for item in self.items:
            table.add_row(*(literal(cell) for cell in (
                item.local_ref, local_time(item.made_at), item.officer, type_name(item.request.type),
                item.request.carnet_id, item.request.goods.declared_goods, refusal_reason(item),
            )), key=str(item.seq))
        if self.items:
            table.move_cursor(row=min(row, len(self.items) - 1))

    def chosen(self) -> QueuedCommit | None:
        table = self.query_one(DataTable)
        if not self.items or table.cursor_row >= len(self.items):
            return None
        return self.items[table.cursor_row]
