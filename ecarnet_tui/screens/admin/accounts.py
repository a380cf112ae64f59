"""The accounts an Admin or a Regional manager manages (guide lines 2977-3060): search them, create one, change
its role or office, disable or enable it, reset its password or its authenticator. The screen offers the roles
the signed-in role may give; the central decides."""

from __future__ import annotations

from textual import work
from textual.binding import Binding

from carnet_domain.organisation import Account, AccountStatus
from central_client.errors import CentralError
from central_contract.identity import AccountChange, CreatedAccount, SetPasswordCode
from central_contract.models import NewAccount
from ecarnet_tui.i18n import _
from ecarnet_tui.screens.admin.admin_list import AdminListScreen
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
    session_lines,
)
from ecarnet_tui.texts.problems import describe


class AccountsScreen(AdminListScreen[Account]):
    """Every account the caller manages; typing in the search line keeps the rows that match every word."""

    TABLE_ID = "accounts"
    WIDTHS = (13, 20, 16, 11, 8)
    BINDINGS = [
        Binding("ctrl+n", "create", _("New"), id="account-new", priority=True),
        Binding("ctrl+e", "change", _("Change"), id="account-change", priority=True),
        Binding("ctrl+d", "disable_or_enable", _("Disable/enable"), id="account-disable", priority=True),
        Binding("ctrl+p", "reset_password", _("Password code"), id="account-password", priority=True),
        Binding("ctrl+t", "reset_mfa", _("Reset authenticator"), id="account-mfa", priority=True),
        Binding("ctrl+s", "sessions", _("Sessions"), id="account-sessions", priority=True),
        Binding("delete", "delete", _("Delete"), id="account-delete"),
    ]

    def nothing_matches(self) -> str:
        return _("No account matches the search.")

    def nothing_chosen(self) -> str:
        return _("No account is chosen: search for one, then pick it in the table.")

    def help_text(self) -> tuple[str, list[str]]:
        return accounts_help()

    def heading(self) -> str:
        return _("Accounts — type to search; Ctrl+N new, Ctrl+E change, Ctrl+D disable or enable, Ctrl+P password "
                 "code, Ctrl+T authenticator, Ctrl+S sessions")

    def columns(self) -> tuple[str, ...]:
        return _("Account"), _("Name"), _("Role"), _("Office"), _("State")

    async def fetch(self) -> list[Account]:
        accounts = await self.desk.central.accounts()
        return sorted(accounts, key=lambda a: (a.office_id, a.display_name.casefold(), a.account_id))

    def key(self, item: Account) -> str:
        return item.account_id

    def row(self, item: Account) -> tuple[str, ...]:
        return account_row(item)

    def details(self, item: Account) -> str:
        return account_details(item)

    def matches(self, item: Account, search: str) -> bool:
        return matches(item, search)

    def show_code(self, heading: str, code: SetPasswordCode) -> None:
        """A one-time code, shown once."""
        self.app.push_screen(ConfirmDialog(heading, code_lines(code), _("Y or N closes: the code is not shown again.")))

    def action_create(self) -> None:
        def answered(answer: Answer | None) -> None:
            if answer is None:
                return
            self.typed, request = answer
            if isinstance(request, NewAccount):
                self.run(self.desk.central.create_account(request),
                         _("Account {account} created.").format(account=request.account_id),
                         then_show=request.account_id, after=created)

        def created(answer: CreatedAccount) -> None:
            if answer.set_password is not None:
                self.show_code(_("How {account} signs in the first time").format(account=answer.account.account_id),
                               answer.set_password)

        form = new_account_form(self.role, self.offices(), self.desk.office_id)
        self.app.push_screen(RecordFormDialog(form, self.typed), answered)

    def action_change(self) -> None:
        account = self.chosen()
        if account is None:
            return

        def answered(answer: Answer | None) -> None:
            request = answer[1] if answer is not None else None
            if not isinstance(request, AccountChange):
                return
            if not request.model_dump(exclude_none=True):
                self.say(_("Nothing was changed."), problem=False)
                return
            self.run(self.desk.central.change_account(account.account_id, request),
                     _("Account {account} changed.").format(account=account.account_id))

        self.app.push_screen(RecordFormDialog(change_form(self.role, self.offices(), account), {}), answered)

    def action_disable_or_enable(self) -> None:
        account = self.chosen()
        if account is None:
            return
        name = account.account_id
        if account.status is AccountStatus.DISABLED:
            self.confirm_then_run(_("Enable account {account}?").format(account=name), [account_details(account)],
                                  _("Y: enable it   N: leave it"), lambda: self.desk.central.enable_account(name),
                                  _("Account {account} enabled.").format(account=name))
            return

        def disable(reason: str | None) -> None:
            if reason:
                self.run(self.desk.central.disable_account(name, reason),
                         _("Account {account} disabled: its sessions are ended.").format(account=name))

        self.app.push_screen(AskDialog(
            _("Disable account {account}? Its sessions end; it keeps its history.").format(account=name),
            _("why, for the audit trail")), disable)

    def action_reset_password(self) -> None:
        account = self.chosen()
        if account is None:
            return
        name = account.account_id

        self.confirm_then_run(
            _("Give {account} a one-time code to choose a new password?").format(account=name),
            [account_details(account)], _("Y: make the code   N: go back"),
            lambda: self.desk.central.reset_password(name),
            _("A one-time code was made for {account}.").format(account=name),
            after=lambda code: self.show_code(_("How {account} chooses a new password").format(account=name), code))

    def action_reset_mfa(self) -> None:
        account = self.chosen()
        if account is None:
            return
        name = account.account_id

        self.confirm_then_run(
            _("Reset the authenticator of {account}?").format(account=name), [account_details(account)],
            _("Y: reset it   N: go back"), lambda: self.desk.central.reset_mfa(name),
            _("{account} enrols a new authenticator at the next sign-in.").format(account=name))

    def action_delete(self) -> None:
        account = self.chosen()
        if account is None:
            return
        name = account.account_id

        self.confirm_then_run(
            _("Delete account {account}? Only an account never used can be deleted; disable the others.").format(
                account=name), [account_details(account)], _("Y: delete it   N: keep it"),
            lambda: self.desk.central.delete_account(name), _("Account {account} deleted.").format(account=name))

    def action_sessions(self) -> None:
        account = self.chosen()
        if account is not None:
            self.show_sessions(account.account_id)

    @work(exclusive=True, group="account-sessions", exit_on_error=False)
    async def show_sessions(self, account_id: str) -> None:
        try:
            sessions = await self.desk.central.sessions(account_id)
        except CentralError as exc:
            self.say(describe(exc))
            return
        if not sessions:
            self.say(_("{account} has no open session.").format(account=account_id), problem=False)
            return

        self.confirm_then_run(
            _("Open sessions of {account}").format(account=account_id), session_lines(sessions),
            _("Y: end them all   N: go back"), lambda: self.end_sessions([s.session_id for s in sessions]),
            _("The sessions of {account} are ended.").format(account=account_id))

    async def end_sessions(self, session_ids: list[str]) -> None:
        for session_id in session_ids:
            await self.desk.central.revoke_session(session_id)
