"""A worker that fails reaches the officer as a message, through one handler for every worker (the app's own and
every screen's), and its traceback goes to the workstation's log."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual import work
from textual.app import ComposeResult
from textual.widgets import Static

from ecarnet_tui.app import EcarnetApp
from ecarnet_tui.screens.common.workstation import WorkstationScreen
from ecarnet_tui.services.connection import Connection
from ecarnet_tui.services.log_file import keep_log
from tests.central_world import World
from tests.ui.harness import signed_in, workstation
from tests.ui.waiting import until


class BrokenExport(WorkstationScreen):
    """A screen whose worker fails the way an export did: an error nobody expected, raised inside the worker."""

    def compose(self) -> ComposeResult:
        yield Static("Preparing the carnet's transactions…", id="problem")

    def on_mount(self) -> None:
        self.export()

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def export(self) -> None:
        raise ValueError("a verification code is made of BCDFGHJKLNPRSTVX23456789")


@pytest.fixture
def log_folder(tmp_path: Path) -> Iterator[Path]:
    yield tmp_path
    for name in ("ecarnet", "reference_central"):
        logger = logging.getLogger(name)
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
            handler.close()


async def test_a_screen_worker_that_fails_says_so_on_its_message_line_and_in_the_log(
    world: World, log_folder: Path
) -> None:
    log = keep_log(log_folder)
    app = workstation(world)
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in(pilot, app)
        screen = BrokenExport(app.desk)
        await app.push_screen(screen)
        line = screen.query_one("#problem", Static)
        await until(pilot, lambda: "Something went wrong" in str(line.render()))
        shown = str(line.render())
        assert "ValueError: a verification code is made of" in shown
        assert "Preparing" not in shown
        assert "tell a supervisor" in shown
    written = log.read_text()
    assert "worker export (group export) failed" in written and "Traceback" in written
    assert log.stat().st_mode & 0o777 == 0o600


async def test_a_failure_of_the_apps_own_worker_reaches_step_1(world: World) -> None:
    def connector(_typed: str | None) -> Connection:
        raise RuntimeError("keyring backend crashed")

    app = EcarnetApp(connector, clock=world.clock)
    async with app.run_test(size=(80, 24)) as pilot:
        status = app.navigator.scan.query_one("#connection", Static)
        await until(pilot, lambda: "keyring backend crashed" in str(status.render()))
        assert "Connecting" not in str(status.render())
