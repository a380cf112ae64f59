"""The app's side of who works at the desk: a ready session (an integration account), the sign-in screen's result,
the draft offered back, signing out and switching, the idle lock, the session the central ended, an account the
central disabled. Mixed into :class:`ecarnet_tui.app.EcarnetApp`."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from textual import events, on, work
from textual.app import App

from central_client.errors import CentralError, CentralRefused, CentralUnreachable
from ecarnet_tui.i18n import _
from ecarnet_tui.messages import CentralProblem, SessionEnded, SignedIn
from ecarnet_tui.screens.dialogs.confirm import ConfirmDialog
from ecarnet_tui.screens.identity.lock import LockScreen
from ecarnet_tui.screens.identity.sign_in import SignInScreen
from ecarnet_tui.services.central_kind import WrongCentral, check_central_kind
from ecarnet_tui.services.identity import DeskSession
from ecarnet_tui.texts.problems import describe

if TYPE_CHECKING:
    from ecarnet_tui.navigation.identity import IdentityFlow
    from ecarnet_tui.navigation.navigator import Navigator
    from ecarnet_tui.services.desk import DeskServices
    from ecarnet_tui.services.identity import ParkedDraft


class SignInHandlers(App[None]):
    desk: DeskServices
    navigator: Navigator
    identity: IdentityFlow

    def connected_text(self) -> str:
        raise NotImplementedError

    @work(exclusive=True, group="sign-in", exit_on_error=False)
    async def _sign_in(self) -> None:
        """A desk handed a ready session (an integration account's token): the account, as the central has it."""
        desk = self.desk
        try:
            if desk.connection is not None:
                await check_central_kind(desk.connection, desk.settings)
            me = await desk.central.me()
            territories = await desk.central.territories()
        except WrongCentral as exc:
            self.post_message(CentralProblem(str(exc)))
            return
        except CentralUnreachable as exc:
            self.post_message(CentralProblem(describe(exc), link=True))
            return
        except CentralError as exc:
            self.post_message(CentralProblem(describe(exc)))
            return
        desk.territories = {t.code: t for t in territories}
        self.post_message(SignedIn(me))

    def on_signed_in(self, message: SignedIn) -> None:
        desk = self.desk
        desk.session = DeskSession(me=message.me, signed_in_at=desk.clock())
        if desk.office_id not in {o.office_id for o in message.me.offices}:
            desk.office_id = message.me.office.office_id
        self._at_work()

    @on(SignInScreen.Done)
    def _signed_in_here(self, message: SignInScreen.Done) -> None:
        """An officer signed in at the sign-in screen (online, or offline against this workstation's verifier)."""
        self.identity.signed_in(message)
        scan = self.navigator.scan
        if message.session.offline:
            scan.show_connection(
                _("The central cannot be reached: working offline as {name}. Commits wait in the queue.").format(
                    name=message.session.name), problem=True, link=True)
        elif self.screen is scan:
            scan.show_connection(self.connected_text())
        self._at_work()
        parked = self.identity.parked_for_me()
        if parked is not None:
            self._offer_parked(parked)

    def _at_work(self) -> None:
        desk, scan = self.desk, self.navigator.scan
        desk.connected.set()
        scan.signed_in()
        self.navigator.prepare_step2()
        if desk.drill is not None and not desk.drill.opened:  # ecarnet --drill: the drill starts once signed in
            desk.drill.opened = True
            self.navigator.exercises()

    def _offer_parked(self, parked: ParkedDraft) -> None:
        """The officer left a transaction when signing out: offered back, to that officer only."""
        def answered(resume: bool | None) -> None:
            self.desk.parked.pop(parked.owner, None)
            if resume:
                self.navigator.resume_at(parked.lookup, parked.state, parked.step, parked.office_id,
                                         _("Your transaction, as you left it."))

        carnet = parked.lookup.carnet
        self.push_screen(ConfirmDialog(
            _("Go on with carnet {number}?").format(number=carnet.number),
            [_("You signed out at step {step} of this transaction; everything you typed is kept.").format(
                step=parked.step)],
            _("Y: go on where you stopped   N: leave it (the holder's code stays usable)")), answered)

    # --- signing out, switching, the idle lock, the session the central ended --------------------------------

    async def on_event(self, event: events.Event) -> None:
        """Every key and click: the desk is not idle (the idle lock waits)."""
        if isinstance(event, events.Key | events.MouseDown):
            self.identity.touched()
        await super().on_event(event)

    def action_sign_out(self) -> None:
        self._leave(switch=False)

    def action_switch_officer(self) -> None:
        self._leave(switch=True)

    @on(LockScreen.OtherOfficer)
    def _other_officer(self, message: LockScreen.OtherOfficer) -> None:
        self._leave(switch=True, note=message.note)

    def _leave(self, *, switch: bool, note: str = "") -> None:
        if self.desk.session is None or self.identity.signing_in:
            return
        online = not self.desk.signed_in_offline
        told = self.identity.leave(switch=switch)
        if online:
            self._end_session()
        self.identity.ask(note=" ".join(t for t in (note, told) if t))

    @work(group="sign-out", exit_on_error=False)
    async def _end_session(self) -> None:
        """The session ends at the central too (offline, it ends by itself: idle)."""
        with contextlib.suppress(CentralError):
            await self.desk.central.sign_out()

    def _session_ended_at_central(self, _refusal: CentralRefused) -> None:
        """Heard by the central client, from whatever worker made the request: handled on the app's loop."""
        self.post_message(SessionEnded())

    def on_session_ended(self, _message: SessionEnded) -> None:
        self.identity.session_ended()

    def _account_disabled(self, account_id: str) -> None:
        """The central says an account was disabled: this workstation no longer signs it in offline."""
        queue = self.desk.queue
        if queue is not None:
            queue.forget_officer(account_id, who="central", reason="account disabled")
