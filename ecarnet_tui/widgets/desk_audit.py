"""The supervisor desk's audit trail: holds, releases, cancellations, rejections and queue decisions of the
region, for one account or for everyone (Enter in the account field)."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Input, Static

from central_client.errors import CentralError
from central_contract.models import AuditEntry
from ecarnet_tui.i18n import _
from ecarnet_tui.literal import literal
from ecarnet_tui.texts.problems import describe
from ecarnet_tui.widgets.desk_shift import audit_cells
from ecarnet_tui.widgets.form import FormRow

if TYPE_CHECKING:
    from ecarnet_tui.app import EcarnetApp
    from ecarnet_tui.screens.common.workstation import WorkstationScreen


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

    @on(Input.Submitted, "#audit-account")
    def account_chosen(self) -> None:
        self.screen.run_worker(self.load(), group="desk-audit", exclusive=True, exit_on_error=False)

    async def load(self) -> None:
        app = cast("EcarnetApp", self.app)
        desk = cast("WorkstationScreen", self.screen)
        account = self.query_one("#audit-account", Input).value.strip()
        try:
            entries = await app.central.audit(account_id=account or None)
        except CentralError as exc:
            desk.say(describe(exc))
            return
        self.entries = list(reversed(entries))
        heading = _("Audit trail of {account}, newest first").format(account=account) if account else \
            _("Audit trail of the region, newest first")
        self.query_one("#desk-audit-heading", Static).update(literal(heading))
        table = self.query_one(DataTable)
        table.clear()
        for entry in self.entries:
            table.add_row(*(literal(cell) for cell in audit_cells(entry)), key=entry.entry_id)
        desk.say("", problem=False)
