"""Waiting on a condition in Pilot tests, never on a fixed sleep."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot


async def until(pilot: Pilot[Any], condition: Callable[[], bool], timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"the condition was not met in time; on screen:\n{_shown(pilot)}")
        await pilot.pause(0.02)


def _shown(pilot: Pilot[Any]) -> str:
    """What the terminal showed when a wait gave up, and which widget had the focus: the failure says where it stood."""
    from tests.ui.harness import screen_text  # the harness imports the app; waiting is imported by it

    app = pilot.app
    try:
        return f"{type(app.screen).__name__}, focus on {app.focused!r}\n{screen_text(app)}"  # type: ignore[arg-type]
    except Exception as exc:  # a failure report must not fail itself
        return f"{type(app.screen).__name__} (not drawn: {exc})"
