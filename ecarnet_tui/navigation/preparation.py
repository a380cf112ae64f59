"""Composing a screen off-stage before it is shown: the next step while the officer reads the current one.

Composing a step costs an old PC about as much as the officer's whole latency budget; done while the officer reads
the current step, the next one appears at once. Textual has no public way to compose and lay out a screen that is
not on top, so this module is the one place that uses its private methods; each use is pinned by
``tests/ui/test_prepared_steps.py`` (the prepared screen is mounted and laid out at the terminal's size before it is
pushed, and appears without being composed again).
"""

from __future__ import annotations

import asyncio
from typing import Any

from textual.app import App
from textual.screen import Screen

from ecarnet_tui.screens.common.workstation import WorkstationScreen


def prepare(app: App[Any], screen: Screen[Any]) -> None:
    """Compose and mount ``screen`` off-stage now, so that pushing it later only draws it. A prepared screen that is
    never pushed must be removed (:meth:`Screen.remove`) by whoever prepared it."""
    app._load_screen_css(screen)
    if isinstance(screen, WorkstationScreen):
        screen.styled_offstage = True
    _, mounted = app._get_screen(screen)

    async def lay_out() -> None:
        """Arrange it at the terminal's size while unseen. A first arrangement gives the widgets their sizes; those
        may add scroll bars that need another one (Textual only arranges the screen on top)."""
        await mounted
        for _ in range(3):
            if not screen.is_attached or screen in app.screen_stack:
                return
            screen._refresh_layout(app.size)
            screen._layout_required = False
            await asyncio.sleep(0.02)  # the widgets handle their resize events
            if not screen._layout_required:
                return

    app.run_worker(lay_out(), group="prepare", exit_on_error=False)
