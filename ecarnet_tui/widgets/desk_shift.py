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
    """An audit line's action as the trail shows it: every action the central writes has its words."""
    names = {
        AuditAction.HOLD: _("Hold"),
        AuditAction.RELEASE: _("Release"),
        AuditAction.CANCELLATION: _("Cancellation"),
        AuditAction.REJECTION: _("Rejection"),
        AuditAction.QUEUE_DECISION: _("Queue decision"),
        AuditAction.VEHICLE_RECORD: _("Vehicle record"),
        AuditAction.SIGN_IN: _("Signed in"),
        AuditAction.SIGN_IN_FAILED: _("Sign-in failed"),
        AuditAction.LOCKED_OUT: _("Locked out"),
        AuditAction.SIGN_OUT: _("Signed out"),
        AuditAction.SESSION_REVOKED: _("Session ended by an administrator"),
        AuditAction.MFA_ENROLLED: _("Authenticator enrolled"),
        AuditAction.MFA_RESET: _("Authenticator reset"),
        AuditAction.PASSWORD_CHANGED: _("Password changed"),
        AuditAction.PASSWORD_RESET: _("Password code made"),
        AuditAction.ACCOUNT_CREATED: _("Account created"),
        AuditAction.ACCOUNT_CHANGED: _("Account changed"),
        AuditAction.ACCOUNT_DISABLED: _("Account disabled"),
        AuditAction.ACCOUNT_ENABLED: _("Account enabled"),
        AuditAction.ACCOUNT_DELETED: _("Account deleted"),
        AuditAction.TOKEN_ISSUED: _("Token issued"),
        AuditAction.WORKSTATION_REGISTERED: _("Workstation registered"),
        AuditAction.WORKSTATION_REVOKED: _("Workstation revoked"),
        AuditAction.OFFICE_CHANGED: _("Office chosen"),
        AuditAction.OFFLINE_COMMIT: _("Offline commit"),
        AuditAction.OFFICE_CREATED: _("Office created"),
        AuditAction.OFFICE_EDITED: _("Office changed"),
        AuditAction.OFFICE_DEACTIVATED: _("Office deactivated"),
        AuditAction.OFFICE_ACTIVATED: _("Office activated"),
        AuditAction.OFFICE_DELETED: _("Office deleted"),
        AuditAction.REGION_CREATED: _("Region created"),
        AuditAction.REGION_EDITED: _("Region changed"),
        AuditAction.REGION_DELETED: _("Region deleted"),
        AuditAction.BULK_IMPORT: _("Bulk import"),
    }
    return names.get(action, action.value)


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
