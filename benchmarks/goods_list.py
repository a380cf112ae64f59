"""How fast step 3 answers on the demo's 1000-item carnet: filter keystrokes and "Update 1-1000".

Runs the real app headless on the embedded demo central. For each keystroke of several filter texts, and
for the Update of the declared range, it posts the key event, waits until the list shows the new result,
and renders the whole screen (``export_screenshot``, more than a terminal repaint redraws): the time from
posting the key to the end of that render is an upper bound of keystroke-to-repaint. Pilot's own
``press`` is not used for timing: it waits for the process to go idle, which adds tens of milliseconds.
Targets (issue 3): median keystroke-to-repaint ≤ 50 ms; Update 1-1000 ≤ 100 ms.

    .venv/bin/python -m benchmarks.goods_list [--rounds N]
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from textual import events
from textual.screen import Screen
from textual.widgets import Input

from ecarnet_tui.app import EcarnetApp
from ecarnet_tui.screens.wizard.check_carnet import CheckCarnetScreen
from ecarnet_tui.screens.wizard.check_goods import CheckGoodsScreen
from ecarnet_tui.services.connection import connect_embedded
from ecarnet_tui.settings import Settings
from ecarnet_tui.widgets.goods_table import GoodsTable
from reference_central.demo.seed import demo_codes
from reference_central.store import Store

FILTERS = ["serial lp-0004", "led par", "999", "LP-00012"]


async def _wait(pilot: object, condition: object, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise TimeoutError
        await pilot.pause(0.01)  # type: ignore[attr-defined]


def filter_is(screen: Screen[object], expected: str) -> bool:
    return screen.query_one("#goods", GoodsTable).shown_needle == expected


def rows_are(table: GoodsTable, count: int) -> bool:
    return table.row_count == count


async def timed_key(app: EcarnetApp, key: str, done: Callable[[], bool]) -> float:
    """Milliseconds from posting ``key`` until ``done()`` and a full render of the screen."""
    started = time.perf_counter()
    app.post_message(events.Key(key, key if len(key) == 1 else None))
    while not done():
        await asyncio.sleep(0)
    app.export_screenshot()
    return (time.perf_counter() - started) * 1000


async def measure(rounds: int) -> tuple[list[float], list[float]]:
    folder = Path(tempfile.mkdtemp())
    app = EcarnetApp(lambda _t: connect_embedded(Settings(), folder / "demo.sqlite3"))
    keystrokes: list[float] = []
    updates: list[float] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await _wait(pilot, app.desk.connected.is_set)
        code = next(c for c in demo_codes(Store(folder / "demo.sqlite3")) if c.scenario == "thousand-items")
        app.navigator.scan.query_one("#carnet", Input).value = code.carnet_id
        app.navigator.scan.query_one("#code", Input).value = code.transaction_code
        app.navigator.scan.query_one("#code", Input).focus()
        await pilot.press("enter")
        await _wait(pilot, lambda: isinstance(app.screen, CheckCarnetScreen))
        await pilot.press("ctrl+n")
        await _wait(pilot, lambda: isinstance(app.screen, CheckGoodsScreen))
        screen = app.screen
        for _ in range(rounds):
            filter_box = screen.query_one("#filter", Input)
            for text in FILTERS:
                filter_box.focus()
                filter_box.value = ""
                await pilot.pause()
                for char in text:
                    expected = filter_box.value + char
                    keystrokes.append(await timed_key(app, char, functools.partial(filter_is, screen, expected)))
            filter_box.value = ""
            declared = screen.query_one("#declared_goods", Input)
            declared.value = "1-10"
            await pilot.press("ctrl+u")
            await pilot.pause()
            declared.value = "1-1000"
            await pilot.pause()
            table = screen.query_one("#goods", GoodsTable)
            updates.append(await timed_key(app, "ctrl+u", functools.partial(rows_are, table, 1000)))
    return keystrokes, updates


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    keystrokes, updates = asyncio.run(measure(args.rounds))
    print(f"1000-item list, {len(keystrokes)} filter keystrokes, {len(updates)} updates")
    print(f"  keystroke-to-repaint  median {statistics.median(keystrokes):6.1f} ms  p95 {_p95(keystrokes):6.1f} ms"
          "  (target: median <= 50 ms)")
    print(f"  Update 1-1000         median {statistics.median(updates):6.1f} ms  p95 {_p95(updates):6.1f} ms"
          "  (target: <= 100 ms)")


if __name__ == "__main__":
    main()
