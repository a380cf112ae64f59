"""Findings the officer must confirm before going on: warnings before a commit, paper-twin checks."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, Static

from ecarnet_tui.i18n import _
from ecarnet_tui.literal import literal
from ecarnet_tui.screens.dialogs.dialog import Dialog


class FindingsDialog(Dialog[bool]):
    """``True`` when the officer confirms (Y), ``False`` when they go back (N or Escape)."""

    BINDINGS = [
        Binding("y", "answer(True)", _("Confirm and commit"), id="confirm"),
        Binding("n,escape", "answer(False)", _("Back"), id="decline"),
    ]

    def __init__(self, findings: list[str], heading: str = "", answer: str = "") -> None:
        super().__init__(classes="warning")
        self.findings = findings
        self.heading = heading or _("Check before committing:")
        self.answer = answer or _("Y: confirm and commit   N: go back")

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.heading, classes="heading")
            for finding in self.findings:
                yield Static(literal(f"• {finding}"))
            yield Label(self.answer)

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
