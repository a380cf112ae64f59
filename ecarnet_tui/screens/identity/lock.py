"""The idle lock: after a while without a key the screen is hidden (what was on it is kept underneath), and only the
same officer's password, checked against this desk's verifier, opens it again. Another officer signs in instead
(Ctrl+W): the draft in progress is kept for its owner."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from ecarnet_tui.i18n import _
from ecarnet_tui.literal import literal
from ecarnet_tui.services.identity import DeskSession
from ecarnet_tui.services.verifiers import Verifiers

TRIES = 5
"""Wrong passwords before the lock gives way to a full sign-in (the central's throttling then applies)."""


class LockScreen(ModalScreen[None]):
    """Covers every screen; dismissed when the officer who locked it types the password."""

    DEFAULT_CSS = """
    LockScreen {
        align: center middle;
        background: $background;
    }
    LockScreen > Vertical {
        width: 70;
        height: auto;
        border: heavy $primary;
        padding: 1 2;
    }
    LockScreen Input {
        margin: 1 0;
    }
    """
    BINDINGS = [
        Binding("ctrl+w", "other_officer", _("Another officer"), id="lock-other", priority=True,
                tooltip=_("Sign in as another officer; the draft in progress is kept for its owner")),
    ]

    @dataclass
    class OtherOfficer(Message):
        """Someone else signs in (or the officer who locked it tried too many wrong passwords)."""

        note: str = ""

    def __init__(self, session: DeskSession, verifiers: Verifiers) -> None:
        super().__init__()
        self.session = session
        self.verifiers = verifiers
        self._wrong = 0

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(literal(_("Locked: {name} ({account}).").format(
                name=self.session.name, account=self.session.account_id)), classes="heading")
            yield Static(_("Type your password to go on where you were; another officer presses Ctrl+W to sign in "
                           "instead."))
            yield Input(password=True, id="unlock", max_length=256)
            yield Static("", id="problem")

    def on_mount(self) -> None:
        self.query_one("#unlock", Input).focus()

    @on(Input.Submitted, "#unlock")
    def _typed(self, event: Input.Submitted) -> None:
        password = event.value
        event.input.value = ""
        if password:
            self.check(password)

    @work(exclusive=True, group="unlock", exit_on_error=False)
    async def check(self, password: str) -> None:
        if await asyncio.to_thread(self.verifiers.check, self.session.verifier, password):
            self.dismiss(None)
            return
        self._wrong += 1
        if self._wrong >= TRIES:
            self.post_message(self.OtherOfficer(_("Too many wrong passwords at the lock: sign in again.")))
            return
        self.query_one("#problem", Static).update(_("Wrong password. Try again, or Ctrl+W for another officer."))

    def action_other_officer(self) -> None:
        self.post_message(self.OtherOfficer())
