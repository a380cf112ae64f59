"""The supervisor desk's audit trail: holds, releases, cancellations, rejections and queue decisions of the
region, for one account or for everyone (Enter in the account field)."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Input, Static

from central_contract.models import AuditEntry
from ecarnet_tui.i18n import _
from ecarnet_tui.literal import literal
from ecarnet_tui.widgets.desk_shift import audit_cells
from ecarnet_tui.widgets.form import FormRow


class DeskAudit(Vertical):
    """The audit trail, newest first."""

    def __init__(self) -> None:
        super().__init__(id="desk-audit")
        self.entries: list[AuditEntry] = []

    def compose(self) -> ComposeResult:
        yield FormRow(_("Account (blank: everyone)"), "audit-account", placeholder=_("e.g. officer.ch, then Enter"))
        yield Static("", classes="heading", id="desk-audit-heading")
        yield DataTable(id="desk-audit-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        # Typing on the tab or its list comes here (see the desk): what is in the field stays and is added to.
        field = self.query_one("#audit-account", Input)
        field.select_on_focus = False
        self.query_one(DataTable).add_columns(
            _("Time"), _("Account"), _("Action"), _("Carnet"), _("Transaction type"), _("Customs office"),
            _("Reason"),
        )

    @dataclass
    class AccountChosen(Message):
        """Enter in the account field: the trail of ``account`` ("": everyone's) is wanted."""

        account: str

    @on(Input.Submitted, "#audit-account")
    def account_chosen(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.AccountChosen(self.account))

    @property
    def account(self) -> str:
        return self.query_one("#audit-account", Input).value.strip()

    def show(self, entries: list[AuditEntry], account: str) -> None:
        """The trail of ``account`` (or of the region), newest first."""
        self.entries = list(reversed(entries))
        heading = _("Audit trail of {account}, newest first").format(account=account) if account else \
            _("Audit trail of the region, newest first")
        self.query_one("#desk-audit-heading", Static).update(literal(heading))
        table = self.query_one(DataTable)
        table.clear()
        for entry in self.entries:
            table.add_row(*(literal(cell) for cell in audit_cells(entry)), key=entry.entry_id)
