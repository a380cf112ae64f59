"""Handing a shift over says what it is doing at each stage, and the report's PDF library is loaded in a thread,
never on the event loop (loading it takes a second or more on an old PC, during which the desk would not answer)."""

from __future__ import annotations

import importlib.abc
import sys
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import ModuleType

import pytest
from textual.widgets import Static, TabbedContent

from ecarnet_tui.screens.desk.supervisor import SHIFT
from ecarnet_tui.settings import Settings
from tests.central_world import World
from tests.ui.harness import workstation
from tests.ui.test_supervisor_desk import answer, open_desk, shown
from tests.ui.waiting import until

WATCHED = "ecarnet_tui.printing.handover_pdf"


class ImportWatch(importlib.abc.MetaPathFinder):
    """Notes the thread that imports :data:`WATCHED`; finds nothing itself."""

    def __init__(self) -> None:
        self.threads: list[str] = []

    def find_spec(self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None) -> None:
        if fullname == WATCHED:
            self.threads.append(threading.current_thread().name)


@pytest.fixture
def watch() -> Iterator[ImportWatch]:
    finder = ImportWatch()
    kept = sys.modules.pop(WATCHED, None)
    sys.meta_path.insert(0, finder)
    yield finder
    sys.meta_path.remove(finder)
    if kept is not None:
        sys.modules[WATCHED] = kept


async def test_the_hand_over_report_is_made_off_the_event_loop(
    world: World, tmp_path: Path, watch: ImportWatch
) -> None:
    app = workstation(world, "controller.ch", settings=Settings(receipts_folder=str(tmp_path / "reports")))
    async with app.run_test(size=(80, 24)) as pilot:
        desk = await open_desk(pilot, app)
        desk.query_one(TabbedContent).active = SHIFT
        await until(pilot, lambda: "No shift is open" in shown(app, "#desk-shift-heading"))
        await pilot.press("ctrl+b")
        await until(pilot, lambda: "Ctrl+F hands it over" in shown(app, "#desk-shift-heading"))
        said: list[str] = []
        line = desk.query_one("#problem", Static)
        app.set_interval(0.01, lambda: said.append(str(line.render())))
        await pilot.press("ctrl+f")
        await answer(pilot, app, "Nothing to report")
        await until(pilot, lambda: desk.report_path is not None, timeout=30)
        assert "Report saved" in shown(app)
    assert watch.threads and threading.main_thread().name not in watch.threads, watch.threads
    assert any("Handing the shift over" in text for text in said)
