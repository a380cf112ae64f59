"""The title line at the top of every screen, drawn as one piece of text: the title, the link to the central
and the offline queue (``eCarnet · OFFLINE · 3 waiting``).

Textual's Header is four widgets with a clock space and an icon; composing it cost a noticeable share of a
step's time on an old PC. A click on the line opens the command palette.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Static

from ecarnet_tui.services.listeners import Listeners
from ecarnet_tui.texts.link import link_text
from offline_queue.status import SyncStatus


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

    def __init__(self, link: Listeners[SyncStatus] | None = None, status: SyncStatus | None = None) -> None:
        """``link``: where the desk publishes its link and queue; ``status``: how they are now."""
        super().__init__(id="title-bar", markup=False)
        self._link = link
        self._status = status

    def on_mount(self) -> None:
        if self._link is not None:
            self._link.subscribe(self, self.show)
        self.show(self._status)

    def on_unmount(self) -> None:
        if self._link is not None:
            self._link.unsubscribe(self)

    def show(self, status: SyncStatus | None) -> None:
        self._status = status
        text = link_text(status) if status is not None else ""
        self.update(f"{self.app.title} · {text}" if text else self.app.title)

    def on_click(self, event: events.Click) -> None:
        self.app.action_command_palette()
