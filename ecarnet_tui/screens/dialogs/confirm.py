"""A question the officer answers with Y or N before something that cannot be taken back, such as releasing a hold."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, Static

from ecarnet_tui.i18n import _
from ecarnet_tui.literal import literal
from ecarnet_tui.screens.dialogs.dialog import Dialog


class ConfirmDialog(Dialog[bool]):
    """``True`` for Y, ``False`` for N or Escape. ``lines`` are shown literally (they may hold a holder's or an
    officer's words)."""

    BINDINGS = [
        Binding("y", "answer(True)", _("Yes"), id="confirm-yes"),
        Binding("n,escape", "answer(False)", _("No"), id="confirm-no"),
    ]

    def __init__(self, question: str, lines: list[str], answer: str) -> None:
        super().__init__(classes="warning")
        self.question = question
        self.lines = lines
        self.answer = answer

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(literal(self.question), classes="heading")
            for line in self.lines:
                yield Static(literal(line))
            yield Label(self.answer, id="confirm-answer")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
