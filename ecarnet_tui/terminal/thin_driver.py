"""The thin-link display's driver: Textual's own terminal driver, whose output goes through the frame differ so that
the terminal receives only the cells that changed.

Textual hands its driver one string per frame (``Driver.write``, a public interface): that is the only place this
touches. The terminal's size is read at each write, so that a resize makes the next frame clear the terminal and
draw everything. ``repaint`` does the same on demand, after another program wrote on the terminal: the app reaches
the driver for it (F12) through ``App._driver``, Textual having no public accessor, and the emulator test
(``tests/terminal/test_thin_link_screen.py``) pins that F12 repaints."""

from __future__ import annotations

import shutil
import threading
from typing import TYPE_CHECKING, Any

from textual.drivers.linux_driver import LinuxDriver

from ecarnet_tui.terminal.frame_diff import FrameDiffer

if TYPE_CHECKING:
    from textual.app import App


def _terminal_size() -> tuple[int, int]:
    """Columns and lines, read as Textual reads them (``COLUMNS`` and ``LINES`` first, then the terminal)."""
    columns, lines = shutil.get_terminal_size()
    return columns or 80, lines or 25


class ThinLinkDriver(LinuxDriver):
    def __init__(self, app: App[Any], *, debug: bool = False, mouse: bool = True,
                 size: tuple[int, int] | None = None) -> None:
        super().__init__(app, debug=debug, mouse=mouse, size=size)
        self._differ = FrameDiffer(*_terminal_size())
        self._lock = threading.Lock()

    def write(self, data: str) -> None:
        with self._lock:
            size = _terminal_size()
            if size != self._differ.size:
                self._differ.resize(*size)
            sent = self._differ.feed(data)
        if sent:
            super().write(sent)

    def repaint(self) -> None:
        """Clear the terminal and draw the whole screen again."""
        with self._lock:
            sent = self._differ.repaint()
        super().write(sent)
        self.flush()
