"""The supervisor desk's shift: who opened it and when, and the cancellations and rejections made at the office
since, with their reasons."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from central_contract.models import AuditAction, AuditEntry, Shift
from ecarnet_tui.formats import local_time
from ecarnet_tui.i18n import _
from ecarnet_tui.literal import literal
from ecarnet_tui.texts.labels import decision_name, type_name


def action_name(action: AuditAction) -> str:
    return {
        AuditAction.HOLD: _("Hold"),
        AuditAction.RELEASE: _("Release"),
        AuditAction.CANCELLATION: _("Cancellation"),
        AuditAction.REJECTION: _("Rejection"),
        AuditAction.QUEUE_DECISION: _("Queue decision"),
        AuditAction.VEHICLE_RECORD: _("Vehicle record"),
    }[action]


def audit_cells(entry: AuditEntry) -> tuple[str, ...]:
    """Time, account, action, carnet, transaction type, office and reason of an audit line."""
    what = action_name(entry.action)
    if entry.decision is not None:
        what = _("{action} ({decision})").format(action=what, decision=decision_name(entry.decision))
    return (local_time(entry.at), entry.account_name, what, entry.carnet_number or entry.carnet_id or "—",
            type_name(entry.transaction_type) if entry.transaction_type else "—", entry.office_name,
            entry.reason or _("(no reason given)"))


class DeskShift(Vertical):
    """The office's open shift (if any) and what was cancelled or rejected during it."""

    def __init__(self) -> None:
        super().__init__(id="desk-shift")
        self.shift: Shift | None = None
        self.loaded = False
        self.entries: list[AuditEntry] = []

    def compose(self) -> ComposeResult:
        yield Static("", classes="heading", id="desk-shift-heading")
        yield DataTable(id="desk-shift-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns(
            _("Time"), _("By"), _("Action"), _("Carnet"), _("Transaction type"), _("Customs office"), _("Reason"),
        )

    def show(self, shift: Shift | None, entries: list[AuditEntry]) -> None:
        """The open shift (``None``: none is open) and the audit lines since it opened (cancellations and rejections
        are listed)."""
        self.shift, self.loaded = shift, True
        self.entries = [e for e in entries if e.action in (AuditAction.CANCELLATION, AuditAction.REJECTION)]
        heading = self.query_one("#desk-shift-heading", Static)
        if shift is None:
            heading.update(_("No shift is open at this office. Ctrl+B opens one."))
        else:
            heading.update(literal(_("Shift {id} opened by {who} at {when} — cancellations and rejections since; "
                                     "Ctrl+F hands it over").format(
                id=shift.shift_id, who=shift.opened_by_name, when=local_time(shift.opened_at))))
        table = self.query_one(DataTable)
        table.clear()
        for entry in self.entries:
            table.add_row(*(literal(cell) for cell in audit_cells(entry)), key=entry.entry_id)
