"""Who works at the desk, over time: the sign-in screen when nobody does, the officer's draft kept when they sign
out or switch, the idle lock, and the sign-in asked again when the central ends the session (the screens under it
are kept, so nothing typed is lost)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ecarnet_tui.i18n import _
from ecarnet_tui.screens.identity.lock import LockScreen
from ecarnet_tui.screens.identity.sign_in import SignInScreen

if TYPE_CHECKING:
    from textual.app import App

    from ecarnet_tui.navigation.navigator import Navigator
    from ecarnet_tui.services.desk import DeskServices
    from ecarnet_tui.services.identity import ParkedDraft

IDLE_CHECK = 5.0
"""Seconds between checks of how long the desk has been idle."""


class IdentityFlow:
    def __init__(
        self, app: App[Any], desk: DeskServices, navigator: Navigator,
        idle_clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.app = app
        self.desk = desk
        self.navigator = navigator
        self.idle_clock = idle_clock
        """Monotonic seconds: how long nobody touched the keys (not the desk's clock, which tests move by days)."""
        self.last_input = idle_clock()

    # --- signing in ------------------------------------------------------------------------------------------

    @property
    def signing_in(self) -> bool:
        return any(isinstance(s, SignInScreen) for s in self.app.screen_stack)

    @property
    def locked(self) -> bool:
        return any(isinstance(s, LockScreen) for s in self.app.screen_stack)

    def ask(self, *, note: str = "", account: str = "", problem: bool = False) -> None:
        """Show the sign-in screen on top of whatever is there (once); ``note`` says why, as a problem if
        ``problem``."""
        if not self.signing_in:
            offered = account or (self.desk.settings.demo_account if self.desk.training else "")
            self.app.push_screen(SignInScreen(self.desk, account=offered, note=note, problem=problem))

    def signed_in(self, done: SignInScreen.Done) -> None:
        """``done.session`` works at the desk now. If another officer's session had ended under the sign-in screen,
        that officer's draft is kept for them; an officer finds the draft they left."""
        desk = self.desk
        previous = desk.session
        while self.signing_in or self.locked:
            self.app.pop_screen()
        if previous is not None and previous.account_id != done.session.account_id:
            self.navigator.park(previous.account_id)
        if done.session.offline:
            desk.central.use_token(None)
        desk.session = done.session
        desk.office_id = done.office_id
        desk.territories = {t.code: t for t in done.territories}
        if desk.queue is not None and done.session.offline:  # an online one was journaled as it was remembered
            desk.queue.note_sign_in(done.session.account_id, offline=True)
        self.last_input = self.idle_clock()
        desk.wake_syncer()  # what this officer queued earlier may go now

    def parked_for_me(self) -> ParkedDraft | None:
        session = self.desk.session
        return self.desk.parked.get(session.account_id) if session is not None else None

    # --- signing out, switching ------------------------------------------------------------------------------

    def leave(self, *, switch: bool) -> str:
        """The officer signed in leaves: their draft is kept for them, the desk goes back to step 1 and nobody is
        signed in; returns what the sign-in screen says."""
        desk = self.desk
        session = desk.session
        if session is None:
            return ""
        while self.locked:
            self.app.pop_screen()
        parked = self.navigator.park(session.account_id)
        desk.session = None
        desk.connected.clear()
        if desk.queue is not None:
            desk.queue.note_sign_out(session.account_id)
        kept = _(" {name}'s transaction at step {step} is kept for them.").format(
            name=session.name, step=parked.step) if parked is not None else ""
        if switch:
            return _("{name} signed out. The next officer signs in.").format(name=session.name) + kept
        return _("{name} signed out.").format(name=session.name) + kept

    # --- the session the central ended -----------------------------------------------------------------------

    def session_ended(self) -> None:
        """The central ended the session (idle, expired, revoked): sign in again on top of what is on screen."""
        session = self.desk.session
        if session is None or self.signing_in:
            return
        self.ask(account=session.account_id, note=_(
            "Your session has ended: sign in again to go on where you were. Nothing you typed is lost."))

    # --- the idle lock --------------------------------------------------------------------------------------

    def touched(self) -> None:
        self.last_input = self.idle_clock()

    def check_idle(self) -> None:
        minutes = self.desk.settings.lock_after_minutes
        session = self.desk.session
        if not minutes or session is None or not session.verifier or self.locked or self.signing_in:
            return
        if self.idle_clock() - self.last_input >= minutes * 60:
            self.lock()

    def lock(self) -> None:
        session = self.desk.session
        if session is not None and session.verifier and not self.locked:
            self.app.push_screen(LockScreen(session, self.desk.verifiers), lambda _unlocked: self.touched())
