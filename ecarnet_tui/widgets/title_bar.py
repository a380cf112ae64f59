"""The title line at the top of every screen, drawn as one piece of text.

Textual's Header is four widgets with a clock space and an icon; composing it cost a noticeable share of a
step's time on an old PC. This line shows the same title; a click on it opens the command palette.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Static


class TitleBar(Static):
    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
        text-align: center;
    }
    """

    def __init__(self) -> None:
        super().__init__(id="title-bar", markup=False)

    def on_mount(self) -> None:
        self.update(self.app.title)

    def on_click(self, event: events.Click) -> None:
        self.app.action_command_palette()
