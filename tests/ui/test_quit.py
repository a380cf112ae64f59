"""Ctrl+Q asks first when commits still wait to reach the central; with nothing waiting it quits at once."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from carnet_domain.transaction_types import TransactionType as T
from ecarnet_tui.screens.dialogs.confirm import ConfirmDialog
from offline_queue.store import QueueStore
from tests.central_world import World
from tests.queue.helpers import request
from tests.ui.harness import signed_in
from tests.ui.switchable_link import SwitchableLink
from tests.ui.test_offline import SIZE, _desk, link
from tests.ui.waiting import until

__all__ = ["link"]


async def test_quitting_with_commits_waiting_asks_first(world: World, link: SwitchableLink, tmp_path: Path) -> None:
    queue = QueueStore.open(tmp_path / "queue.sqlite3", clock=world.clock)
    app = _desk(world, link, queue)
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot, app)
        await link.down()
        queue.add_commit(request("9341", "BCDFGHJKLNPR", T.IMPORTATION, "1-2"), office_id="gva-airport",
                         officer="officer.ch")
        await pilot.press("ctrl+q")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        asked = " ".join(str(s.render()) for s in app.screen.query(Static))
        assert "1 commit made offline has not reached the central yet" in asked
        await pilot.press("n")
        await until(pilot, lambda: app.screen is app.navigator.scan)
        assert app.is_running
        await pilot.press("ctrl+q")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await until(pilot, lambda: not app.is_running)
    assert queue.counts().pending == 1  # kept for the next start
    queue.close()


async def test_quitting_with_nothing_waiting_does_not_ask(world: World, link: SwitchableLink, tmp_path: Path) -> None:
    queue = QueueStore.open(tmp_path / "queue.sqlite3", clock=world.clock)
    app = _desk(world, link, queue)
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot, app)
        await pilot.press("ctrl+q")
        await until(pilot, lambda: not app.is_running)
    queue.close()
