"""The accounts an Admin or a Regional manager manages (guide lines 2977-3060): search them, create one, change
its role or office, disable or enable it, reset its password or its authenticator. The central decides who may
do what; the screen offers what the signed-in role may give and says what the central answered."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import TYPE_CHECKING

from pydantic import BaseModel
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Input, Static

from carnet_domain.organisation import Account, AccountStatus, Office, Role
from central_client.errors import CentralError
from central_contract.identity import AccountChange
from central_contract.models import NewAccount
from ecarnet_tui.i18n import _
from ecarnet_tui.literal import literal
from ecarnet_tui.screens.common.table import TableScreen
from ecarnet_tui.screens.common.workstation import TrainingBanner
from ecarnet_tui.screens.dialogs.ask import AskDialog
from ecarnet_tui.screens.dialogs.confirm import ConfirmDialog
from ecarnet_tui.screens.dialogs.record_form import Answer, RecordFormDialog
from ecarnet_tui.texts.accounts import (
    account_details,
    account_row,
    accounts_help,
    change_form,
    code_lines,
    matches,
    new_account_form,
)
from ecarnet_tui.texts.problems import describe
from ecarnet_tui.widgets.key_bar import KeyBar
from ecarnet_tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from ecarnet_tui.services.desk import DeskServices


class AccountsScreen(TableScreen):
    """Every account the caller manages; typing in the search line keeps the rows that match every word."""

    TABLE_ID = "accounts"
    DETAILS = True
    AUTO_FOCUS = "#accounts-search"
    BINDINGS = [
        Binding("ctrl+n", "create", _("New"), id="account-new", priority=True),
        Binding("ctrl+e", "change", _("Change"), id="account-change", priority=True),
        Binding("ctrl+d", "disable_or_enable", _("Disable/enable"), id="account-disable", priority=True),
        Binding("ctrl+p", "reset_password", _("Password code"), id="account-password", priority=True),
        Binding("ctrl+t", "reset_mfa", _("Reset authenticator"), id="account-mfa", priority=True),
    ]

    def __init__(self, desk: DeskServices) -> None:
        super().__init__(desk)
        self.accounts: list[Account] = []
        self.typed: dict[str, str] = {}
        """What was typed in the last form, kept when the central refused it or the officer went back."""

    def help_text(self) -> tuple[str, list[str]]:
        return accounts_help()

    def heading(self) -> str:
        return _("Accounts — type to search; Ctrl+N new, Ctrl+E change, Ctrl+D disable or enable, Ctrl+P password "
                 "code, Ctrl+T authenticator")

    def columns(self) -> tuple[str, ...]:
        return _("Account"), _("Name"), _("Role"), _("Office"), _("State")

    def compose(self) -> ComposeResult:
        yield TitleBar(self.desk.link, self.desk.sync)
        yield TrainingBanner()
        yield Static(self.heading(), classes="heading", id="accounts-heading")
        yield Input(id="accounts-search", placeholder=_("search: name, ID, office, role, state…"), max_length=100)
        yield DataTable(id=self.TABLE_ID, cursor_type="row", zebra_stripes=True)
        yield Static("", id="accounts-details", classes="details")
        yield Static("", id="problem")
        yield KeyBar()

    WIDTHS = (13, 20, 16, 11, 8)
    """The columns fit 80 terminal columns; the line under the table shows the chosen account whole."""

    def on_mount(self) -> None:
        for label, width in zip(self.columns(), self.WIDTHS, strict=True):
            self.table.add_column(label, width=width)
        self.action_reload()

    @property
    def role(self) -> Role:
        me = self.desk.me
        return me.account.role if me is not None else Role.OFFICER

    # --- the list ------------------------------------------------------------------------------------------------

    @work(exclusive=True, group="accounts", exit_on_error=False)
    async def load(self, then: str = "") -> None:
        try:
            accounts = await self.desk.central.accounts()
        except CentralError as exc:
            self.say(describe(exc))
            return
        self.accounts = sorted(accounts, key=lambda a: (a.office_id, a.display_name.casefold(), a.account_id))
        self.show(self.query_one("#accounts-search", Input).value)
        self.say(then, problem=False)

    def show(self, search: str) -> None:
        table = self.table
        table.clear()
        shown = [a for a in self.accounts if matches(a, search)]
        for account in shown:
            table.add_row(*(literal(cell) for cell in account_row(account)), key=account.account_id)
        self.show_details(account_details(shown[0]) if shown else _("No account matches the search."))

    @on(Input.Changed, "#accounts-search")
    def searched(self, event: Input.Changed) -> None:
        self.show(event.value)

    @on(Input.Submitted, "#accounts-search")
    def to_the_table(self) -> None:
        self.table.focus()

    @on(DataTable.RowHighlighted, "#accounts")
    def highlighted(self, event: DataTable.RowHighlighted) -> None:
        account = self._account(event.row_key.value)
        self.show_details(account_details(account) if account is not None else "")

    def _account(self, key: str | None) -> Account | None:
        return next((a for a in self.accounts if a.account_id == key), None)

    def chosen(self) -> Account | None:
        """The account under the table's cursor; says so when there is none."""
        table = self.table
        if table.row_count == 0:
            self.say(_("No account is chosen: search for one, then pick it in the table."))
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self._account(key)

    # --- the actions -----------------------------------------------------------------------------------------------

    def _offices(self) -> list[Office]:
        me = self.desk.me
        return list(me.offices) if me is not None else []

    def action_create(self) -> None:
        form = new_account_form(self.role, self._offices(), self.desk.office_id)

        def answered(answer: Answer | None) -> None:
            if answer is None:
                return
            self.typed, request = answer
            if isinstance(request, NewAccount):
                self.say(_("Creating the account…"), problem=False)
                self.create(request)

        self.app.push_screen(RecordFormDialog(form, self.typed), answered)

    @work(exclusive=True, group="account-change", exit_on_error=False)
    async def create(self, request: NewAccount) -> None:
        try:
            created = await self.desk.central.create_account(request)
        except CentralError as exc:
            self.say(describe(exc))
            return
        self.typed = {}
        self.query_one("#accounts-search", Input).value = created.account.account_id  # the new one, in view
        self.load(_("Account {account} created.").format(account=created.account.account_id))
        if created.set_password is not None:
            self.app.push_screen(ConfirmDialog(
                _("How {account} signs in the first time").format(account=created.account.account_id),
                code_lines(created.set_password), _("Y or N closes: the code is not shown again.")))

    def action_change(self) -> None:
        account = self.chosen()
        if account is None:
            return
        form = change_form(self.role, self._offices(), account)

        def answered(answer: Answer | None) -> None:
            if answer is None:
                return
            _typed, request = answer
            if isinstance(request, AccountChange):
                if not request.model_dump(exclude_none=True):
                    self.say(_("Nothing was changed."), problem=False)
                    return
                self.say(_("Changing the account…"), problem=False)
                self.change(account.account_id, request)

        self.app.push_screen(RecordFormDialog(form, {}), answered)

    @work(exclusive=True, group="account-change", exit_on_error=False)
    async def change(self, account_id: str, request: AccountChange) -> None:
        await self._ask(self.desk.central.change_account(account_id, request),
                        _("Account {account} changed.").format(account=account_id))

    def action_disable_or_enable(self) -> None:
        account = self.chosen()
        if account is None:
            return
        if account.status is AccountStatus.DISABLED:
            def enable(yes: bool | None) -> None:
                if yes:
                    self.run(self.desk.central.enable_account(account.account_id),
                             _("Account {account} enabled.").format(account=account.account_id))

            self.app.push_screen(ConfirmDialog(_("Enable account {account}?").format(account=account.account_id),
                                               [account_details(account)], _("Y: enable it   N: leave it")), enable)
            return

        def disable(reason: str | None) -> None:
            if reason:
                self.run(self.desk.central.disable_account(account.account_id, reason),
                         _("Account {account} disabled: its sessions are ended.").format(account=account.account_id))

        self.app.push_screen(AskDialog(
            _("Disable account {account}? Its sessions end; it keeps its history.").format(
                account=account.account_id), _("why, for the audit trail")), disable)

    def action_reset_password(self) -> None:
        account = self.chosen()
        if account is None:
            return

        def reset(yes: bool | None) -> None:
            if yes:
                self.password_code(account.account_id)

        self.app.push_screen(ConfirmDialog(
            _("Give {account} a one-time code to choose a new password?").format(account=account.account_id),
            [account_details(account)], _("Y: make the code   N: go back")), reset)

    @work(exclusive=True, group="account-change", exit_on_error=False)
    async def password_code(self, account_id: str) -> None:
        try:
            code = await self.desk.central.reset_password(account_id)
        except CentralError as exc:
            self.say(describe(exc))
            return
        self.say(_("A one-time code was made for {account}.").format(account=account_id), problem=False)
        self.app.push_screen(ConfirmDialog(
            _("How {account} chooses a new password").format(account=account_id), code_lines(code),
            _("Y or N closes: the code is not shown again.")))

    def action_reset_mfa(self) -> None:
        account = self.chosen()
        if account is None:
            return

        def reset(yes: bool | None) -> None:
            if yes:
                self.run(self.desk.central.reset_mfa(account.account_id),
                         _("{account} enrols a new authenticator at the next sign-in.").format(
                             account=account.account_id))

        self.app.push_screen(ConfirmDialog(
            _("Reset the authenticator of {account}?").format(account=account.account_id),
            [account_details(account)], _("Y: reset it   N: go back")), reset)

    def run(self, call: Awaitable[BaseModel], done: str) -> None:
        self.say(_("Asking the central…"), problem=False)
        self.ask(call, done)

    @work(exclusive=True, group="account-change", exit_on_error=False)
    async def ask(self, call: Awaitable[BaseModel], done: str) -> None:
        await self._ask(call, done)

    async def _ask(self, call: Awaitable[BaseModel], done: str) -> None:
        """The central's answer to ``call``: the list again with ``done`` said, or what the central refused."""
        try:
            await call
        except CentralError as exc:
            self.say(describe(exc))
            return
        self.load(done)
