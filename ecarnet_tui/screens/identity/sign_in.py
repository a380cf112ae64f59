"""Who works at this desk now (guide lines 1726-1736): the account and its password, then the authenticator's code
(added to the authenticator at the first sign-in: a QR drawn here and its secret as text, for SSH), a new password
when one must be chosen, and the office among those the account may work at. On a training central the demo
accounts, their password and their authenticators' current codes are listed, so trainees learn the real gesture.
While the central cannot be reached, an officer who signed in online here lately signs in with the password alone.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import ContentSwitcher, DataTable, Input, OptionList, Static
from textual.widgets.option_list import Option

from central_client.errors import CentralError, CentralRefused, CentralUnreachable
from central_contract.identity import SignInNeed
from ecarnet_tui.i18n import _
from ecarnet_tui.literal import literal, printable
from ecarnet_tui.screens.common.workstation import TrainingBanner, WorkstationScreen
from ecarnet_tui.services.central_kind import WrongCentral, check_central_kind
from ecarnet_tui.services.sign_in import OfflineSignInRefused, offline_sign_in, remember_sign_in
from ecarnet_tui.texts.identity import password_rule_text, sign_in_help
from ecarnet_tui.texts.labels import role_name
from ecarnet_tui.texts.problems import describe
from ecarnet_tui.widgets.form import FormRow, SecretRow
from ecarnet_tui.widgets.key_bar import KeyBar
from ecarnet_tui.widgets.qr import QRCode
from ecarnet_tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from carnet_domain.organisation import Territory
    from central_contract.identity import SignInStep, TrainingAccount
    from ecarnet_tui.services.desk import DeskServices
    from ecarnet_tui.services.identity import DeskSession

MIN_LENGTH = 12
"""The central's shortest password, checked here too so that a typo costs no round trip."""


class SignInScreen(WorkstationScreen):
    """The sign-in, in stages: credentials, new password, code, recovery codes, office."""

    BINDINGS = [
        Binding("escape", "start_over", _("Back"), id="sign-in-back", tooltip=_("Type the password again")),
        Binding("enter", "go_on", show=False),
    ]

    @dataclass
    class Done(Message):
        """``session`` works at ``office_id`` from now on."""

        session: DeskSession
        territories: list[Territory]
        office_id: str

    def __init__(self, desk: DeskServices, *, account: str = "", note: str = "", problem: bool = False) -> None:
        """``account``: the account to offer (the officer whose session ended); ``note``: why the sign-in is
        asked (shown first, as a problem if ``problem``)."""
        super().__init__(desk)
        self._account = account
        self._note = note
        self._note_is_problem = problem
        self._password = ""
        self._step: SignInStep | None = None
        self._session: DeskSession | None = None
        self._territories: list[Territory] = []
        self._codes_timer: Timer | None = None

    # --- composing ----------------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield TitleBar(self.desk.link, self.desk.sync)
        yield TrainingBanner()
        with ContentSwitcher(initial="stage-credentials", id="stages"):
            with Vertical(id="stage-credentials"):
                yield Static(_("Sign in"), classes="heading")
                yield FormRow(_("Account or e-mail"), "account", value=self._account, max_length=200)
                yield SecretRow(_("Password"), "password")
            with Vertical(id="stage-new-password"):
                yield Static(_("Choose your password: at least 12 characters (a few words make a good one), not "
                               "your account's name."), classes="heading")
                yield SecretRow(_("New password"), "new-password")
                yield SecretRow(_("The same again"), "new-password-again")
            with Horizontal(id="stage-enrol"):
                yield QRCode(id="enrol-qr", error="l")
                with Vertical(id="enrol-text"):
                    yield Static(_("Add the central to your authenticator app: scan the QR, or type this secret "
                                   "in it:"), id="enrol-intro")
                    yield Static("", id="enrol-secret")
                    yield Static(_("Then type the 6-digit code it shows:"))
                    yield Input(id="enrol-code", max_length=12, placeholder=_("6 digits"))
            with Vertical(id="stage-code"):
                yield Static("", id="code-who", classes="heading")
                yield FormRow(_("Authenticator code"), "totp", placeholder=_("6 digits, or a recovery code"),
                              max_length=40)
            with Vertical(id="stage-recovery"):
                yield Static(_("Your recovery codes: each opens one sign-in without the authenticator (a lost "
                               "phone). Write them down now and keep them safe; they are not shown again."),
                             classes="heading")
                yield Static("", id="recovery-codes")
                yield Static(_("Enter: go on."))
            with Vertical(id="stage-office"):
                yield Static("", id="office-who", classes="heading")
                yield OptionList(id="office-choice")
                yield Static(_("Enter: start work at this office."))
        yield Static(literal(self._note), id="problem")
        with Vertical(id="demo-accounts-box"):
            yield Static("", id="demo-password")
            yield DataTable(id="demo-accounts", cursor_type="row", zebra_stripes=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#demo-accounts-box").display = self.desk.training
        enrol_qr = self.query_one("#enrol-qr", QRCode)
        enrol_qr.ascii_only = self.desk.ascii_only
        enrol_qr.display = not self.desk.ascii_only
        self.query_one("#password" if self._account else "#account", Input).focus()
        if self.desk.training:
            table = self.query_one("#demo-accounts", DataTable)
            table.add_columns(_("Account"), _("Role"), _("Code now"))
            self.load_training_accounts()
        if self._note:
            self.say(self._note, problem=self._note_is_problem)

    def help_text(self) -> tuple[str, list[str]]:
        return sign_in_help()

    def _stage(self, name: str, focus: str = "") -> None:
        self.query_one("#stages", ContentSwitcher).current = f"stage-{name}"
        if focus:
            self.query_one(f"#{focus}").focus()
        else:
            self.set_focus(None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Enter goes on by itself only where no field takes it: after reading the recovery codes."""
        if action == "go_on":
            return self.query_one("#stages", ContentSwitcher).current == "stage-recovery"
        return True

    def action_go_on(self) -> None:
        self._choose_office()

    # --- the demo accounts (training) -------------------------------------------------------------------------

    @work(exclusive=True, group="training-accounts", exit_on_error=False)
    async def load_training_accounts(self) -> None:
        try:
            accounts = await self.desk.central.training_accounts()
        except CentralError:
            return  # the sign-in itself says what is wrong with the link
        self._show_training(accounts)

    def _show_training(self, accounts: list[TrainingAccount]) -> None:
        passwords = {a.password for a in accounts}
        if len(passwords) == 1:
            self.query_one("#demo-password", Static).update(literal(_(
                "Training: every demo account's password is «{password}»; its authenticator's code now is below."
            ).format(password=passwords.pop())))
        table = self.query_one("#demo-accounts", DataTable)
        table.clear()
        for account in accounts:
            table.add_row(printable(account.account_id), role_name(account.role), account.totp_code,
                          key=account.account_id)
        left = min((a.totp_seconds_left for a in accounts), default=30)
        if self._codes_timer is not None:
            self._codes_timer.stop()
        self._codes_timer = self.set_timer(max(1, left) + 0.5, self.load_training_accounts)

    @on(DataTable.RowSelected, "#demo-accounts")
    def _demo_chosen(self, event: DataTable.RowSelected) -> None:
        """Enter on a demo account fills the account field (the trainee still types the password and code)."""
        self.query_one("#account", Input).value = str(event.row_key.value)
        self._stage("credentials", "password")

    # --- the first factor --------------------------------------------------------------------------------------

    @on(Input.Submitted, "#account")
    def _account_typed(self) -> None:
        self.query_one("#password", Input).focus()

    @on(Input.Submitted, "#password")
    def _password_typed(self) -> None:
        account = self.query_one("#account", Input).value.strip()
        password = self.query_one("#password", Input).value
        if not account:
            self.say(_("Type your account or your e-mail address."))
            self.query_one("#account", Input).focus()
            return
        if not password:
            self.say(_("Type your password."))
            return
        self._password = password
        self.say(_("Signing in…"), problem=False)
        self.first_factor(account, password)

    @work(exclusive=True, group="sign-in", exit_on_error=False)
    async def first_factor(self, account: str, password: str) -> None:
        desk = self.desk
        try:
            if desk.connection is not None:  # a central of the other kind is refused before signing in
                await check_central_kind(desk.connection, desk.settings)
            step = await desk.central.sign_in(account, password)
        except WrongCentral as exc:
            self.query_one("#password", Input).value = ""
            self.say(str(exc))
            return
        except CentralUnreachable:
            await self._offline(account, password)
            return
        except CentralRefused as exc:
            self._refused(exc)
            return
        self._step = step
        self._next_need()

    async def _offline(self, account: str, password: str) -> None:
        desk = self.desk
        self.say(_("The central cannot be reached: checking the password at this workstation…"), problem=False)
        try:
            session, territories = await asyncio.to_thread(
                offline_sign_in, desk.queue, account, password, desk.verifiers, desk.clock(),
                desk.settings.offline_sign_in_days)
        except OfflineSignInRefused as exc:
            self.query_one("#password", Input).value = ""
            self.say(str(exc))
            return
        self._session, self._territories = session, territories
        self._choose_office()

    def _refused(self, exc: CentralRefused) -> None:
        if exc.code == "too_many_attempts":
            seconds = str(exc.extra.get("retry_after", ""))  # whole seconds, as in the Retry-After header
            wait = max(1, int(seconds)) if seconds.isdigit() else 60
            self.say(_("Too many failed sign-ins: try again in {minutes} min.").format(minutes=-(-wait // 60)))
        elif exc.code == "weak_password":
            self.say(password_rule_text(str(exc.extra.get("rule", ""))))
            self._stage("new-password", "new-password")
            return
        else:
            self.say(describe(exc))
        if exc.code in ("sign_in_failed", "challenge_expired") and self._step is None:
            self.query_one("#password", Input).value = ""
        if exc.code == "challenge_expired":
            self.action_start_over()

    # --- what the central still needs ---------------------------------------------------------------------

    def _next_need(self) -> None:
        step = self._step
        assert step is not None
        self.say("", problem=False)
        needs = set(step.needs)
        if SignInNeed.NEW_PASSWORD in needs and not self.query_one("#new-password", Input).value:
            self._stage("new-password", "new-password")
        elif SignInNeed.TOTP_ENROLMENT in needs and step.enrolment is not None:
            self.query_one("#enrol-qr", QRCode).payload = step.enrolment.uri
            secret = step.enrolment.secret
            self.query_one("#enrol-secret", Static).update(
                literal(" ".join(secret[i:i + 4] for i in range(0, len(secret), 4))))
            self._stage("enrol", "enrol-code")
        elif SignInNeed.TOTP in needs:
            self.query_one("#code-who", Static).update(literal(_("The code your authenticator app shows now for "
                                                                 "{account}:").format(
                account=self.query_one("#account", Input).value.strip())))
            self._stage("code", "totp")
        else:
            self.complete("")

    @on(Input.Submitted, "#new-password")
    def _new_typed(self) -> None:
        self.query_one("#new-password-again", Input).focus()

    @on(Input.Submitted, "#new-password-again")
    def _new_again_typed(self) -> None:
        first = self.query_one("#new-password", Input).value
        again = self.query_one("#new-password-again", Input).value
        if len(first) < MIN_LENGTH:
            self.say(password_rule_text("too_short"))
            self.query_one("#new-password", Input).focus()
            return
        if first != again:
            self.say(_("The two passwords differ: type the new one twice."))
            self.query_one("#new-password-again", Input).value = ""
            return
        step = self._step
        if step is not None and ({SignInNeed.TOTP, SignInNeed.TOTP_ENROLMENT} & set(step.needs)):
            self._next_need()
        else:
            self.complete("")

    @on(Input.Submitted, "#totp")
    @on(Input.Submitted, "#enrol-code")
    def _code_typed(self, event: Input.Submitted) -> None:
        code = event.value.strip()
        if not code:
            self.say(_("Type the code your authenticator app shows."))
            return
        event.input.value = ""
        self.say(_("Checking the code…"), problem=False)
        self.complete(code)

    @work(exclusive=True, group="sign-in", exit_on_error=False)
    async def complete(self, code: str) -> None:
        desk, step = self.desk, self._step
        assert step is not None
        new_password = self.query_one("#new-password", Input).value if SignInNeed.NEW_PASSWORD in step.needs else ""
        try:
            issued = await desk.central.complete_sign_in(step.challenge, code, new_password)
            territories = await desk.central.territories()
        except CentralRefused as exc:
            self._refused(exc)
            return
        except CentralError as exc:
            self.say(describe(exc))
            return
        password = new_password or self._password
        self._password = ""
        self._session = await asyncio.to_thread(
            remember_sign_in, desk.queue, issued, password, territories, desk.verifiers, desk.clock())
        self._territories = territories
        if issued.recovery_codes:
            self.query_one("#recovery-codes", Static).update(literal("   ".join(issued.recovery_codes)))
            self.say("", problem=False)
            self._stage("recovery")
            return
        self._choose_office()

    # --- the office ----------------------------------------------------------------------------------------

    def _choose_office(self) -> None:
        session = self._session
        assert session is not None
        # Offline, the commits go later under the grant of the last sign-in here, which covers its office only.
        offices = [session.me.office] if session.offline else session.me.offices or [session.me.office]
        wanted = self.desk.settings.office or self.desk.office_id
        first = next((o for o in offices if o.office_id == wanted), session.me.office)
        if len(offices) == 1:
            self._done(first.office_id)
            return
        choice = self.query_one("#office-choice", OptionList)
        choice.clear_options()
        choice.add_options([Option(printable(o.name), id=o.office_id) for o in offices])
        choice.highlighted = next(n for n, o in enumerate(offices) if o.office_id == first.office_id)
        self.query_one("#office-who", Static).update(literal(_("{name}: the office you work at now").format(
            name=session.name)))
        self.say(_("Signed in offline: commits wait in the queue until the central answers.") if session.offline
                 else "", problem=False)
        self._stage("office", "office-choice")

    @on(OptionList.OptionSelected, "#office-choice")
    def _office_chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self._done(event.option.id)

    def _done(self, office_id: str) -> None:
        session = self._session
        assert session is not None
        if not session.offline and office_id != session.me.office.office_id:
            self.say(_("Starting work at this office…"), problem=False)
            self.move_to(office_id)
            return
        if self._codes_timer is not None:
            self._codes_timer.stop()
        self.post_message(self.Done(session, self._territories, office_id))

    @work(exclusive=True, group="sign-in", exit_on_error=False)
    async def move_to(self, office_id: str) -> None:
        """The central binds the session to the office chosen: every request of it acts there."""
        session = self._session
        assert session is not None
        try:
            me = await self.desk.central.work_at(office_id)
        except CentralError as exc:
            self.say(describe(exc))
            return
        self._session = replace(session, me=me)
        self._done(me.office.office_id)

    def action_start_over(self) -> None:
        """Escape: back to the account and password (a new challenge is asked for)."""
        self._step = None
        self._password = ""
        for box in ("#password", "#new-password", "#new-password-again", "#totp", "#enrol-code"):
            self.query_one(box, Input).value = ""
        self._stage("credentials", "password" if self.query_one("#account", Input).value else "account")
