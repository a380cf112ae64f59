"""A transaction code this desk already used is refused at step 1, offline and online, with the earlier receipt's
reference: a commit kept in the offline queue, or one the central accepted from here, is never made twice."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Select, Static

from carnet_domain.transaction_types import TransactionType as T
from ecarnet_tui.screens.desk.record_later import RecordLaterScreen
from ecarnet_tui.screens.wizard.check_carnet import CheckCarnetScreen
from ecarnet_tui.screens.wizard.receipt import ReceiptScreen
from offline_queue.items import ItemState
from offline_queue.store import QueueStore
from tests.api.helpers import history_of
from tests.central_world import World
from tests.ui.harness import on_step, retype, scan, signed_in
from tests.ui.switchable_link import SwitchableLink
from tests.ui.test_offline import SIZE, _desk, _exported, _looked_up_then_offline, _through_offline_wizard, link
from tests.ui.waiting import until

__all__ = ["link"]


def _step1_message(app: object) -> str:
    return str(app.navigator.scan.query_one("#connection", Static).render())  # type: ignore[attr-defined]


async def test_a_code_committed_offline_and_made_final_is_refused_offline_again(
    world: World, link: SwitchableLink, tmp_path: Path
) -> None:
    carnet, code = await _exported(world, "9311")
    queue = QueueStore.open(tmp_path / "queue.sqlite3", clock=world.clock)
    app = _desk(world, link, queue)
    async with app.run_test(size=SIZE) as pilot:
        await _looked_up_then_offline(pilot, app, link, carnet, code)
        await _through_offline_wizard(pilot, app, carnet, code)
        [item] = queue.items()

        # While the link is still down, the same code again: it waits in the queue, so it is not taken twice.
        await pilot.press("ctrl+n")
        await until(pilot, lambda: app.screen is app.navigator.scan)
        await scan(pilot, app, carnet.carnet_id, code)
        await until(pilot, lambda: item.local_ref in _step1_message(app))
        assert "waits in the offline queue" in _step1_message(app)
        assert app.screen is app.navigator.scan and len(queue.items()) == 1

        # The link comes back and the provisional receipt becomes final.
        await link.up()
        await pilot.press("ctrl+r")
        await until(pilot, lambda: queue.item(item.seq).state is ItemState.SENT, timeout=30)
        verification = history_of(world, carnet.carnet_id)[-1].verification_code

        # Offline again, the same carnet (by its number this time) and code: refused at step 1, with the receipt.
        await link.down()
        await pilot.press("ctrl+l")
        await scan(pilot, app, carnet.number, code)
        await until(pilot, lambda: verification in _step1_message(app))
        assert item.local_ref in _step1_message(app)
        assert app.screen is app.navigator.scan
        assert len(queue.items()) == 1  # nothing more was queued
    assert len([t for t in history_of(world, carnet.carnet_id) if t.type is T.IMPORTATION]) == 1
    queue.close()


async def test_a_code_committed_online_is_refused_offline_and_freed_by_its_cancellation(
    world: World, link: SwitchableLink, tmp_path: Path
) -> None:
    carnet, code = await _exported(world, "9312")
    queue = QueueStore.open(tmp_path / "queue.sqlite3", clock=world.clock)
    app = _desk(world, link, queue)
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot, app)
        await scan(pilot, app, carnet.carnet_id, code)
        await on_step(pilot, app, CheckCarnetScreen)
        for _ in range(3):
            await pilot.press("ctrl+n")
            await pilot.pause()
        await on_step(pilot, app, ReceiptScreen)
        verification = history_of(world, carnet.carnet_id)[-1].verification_code
        await pilot.press("ctrl+n")
        await until(pilot, lambda: app.screen is app.navigator.scan)

        await link.down()
        await scan(pilot, app, carnet.carnet_id, code)
        await until(pilot, lambda: verification in _step1_message(app))
        assert app.screen is app.navigator.scan and queue.items() == []

        # Online, the holder's cancellation frees the code: offline, the desk then takes it again.
        await link.up()
        await until(pilot, lambda: app.navigator.scan.page is not None and app.navigator.scan.page.total >= 1)
        await pilot.press("ctrl+l")
        scan_screen = app.navigator.scan
        await until(pilot, lambda: scan_screen.page is not None
                    and scan_screen.page.items[0].carnet_id == carnet.carnet_id)
        table = app.navigator.scan.query_one("#last-transactions")
        table.focus()
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, type(app.screen)) and app.screen is not app.navigator.scan)
        await pilot.press(*"CANCELBBBBBB", "enter")
        await until(pilot, lambda: "is cancelled" in _step1_message(app))
        await link.down()
        await pilot.press("ctrl+l")
        await scan(pilot, app, carnet.carnet_id, code)
        await on_step(pilot, app, CheckCarnetScreen)
        assert "Offline" in _step1_message(app)
    queue.close()


async def test_a_code_recorded_for_later_cannot_be_recorded_twice(
    world: World, link: SwitchableLink, tmp_path: Path
) -> None:
    carnet, code = await _exported(world, "9313")
    queue = QueueStore.open(tmp_path / "queue.sqlite3", clock=world.clock)
    app = _desk(world, link, queue)
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot, app)
        await link.down()
        for attempt in range(2):
            await pilot.press("ctrl+l")
            await scan(pilot, app, carnet.number, code)
            if attempt == 1:  # step 1 already knows: it says so instead of offering Ctrl+E
                await until(pilot, lambda: "waits in the offline queue" in _step1_message(app))
                break
            await until(pilot, lambda: "Ctrl+E" in _step1_message(app))
            await pilot.press("ctrl+e")
            await until(pilot, lambda: isinstance(app.screen, RecordLaterScreen))
            app.screen.query_one("#later-type", Select).value = T.IMPORTATION.value
            await retype(pilot, app, "#later-goods", "1-3")
            await pilot.press("ctrl+n")
            await until(pilot, lambda: app.screen is app.navigator.scan)
        # Typed straight into Record for later, it is refused there too.
        await pilot.press("ctrl+e")
        await until(pilot, lambda: isinstance(app.screen, RecordLaterScreen))
        later = app.screen
        assert later.query_one("#later-code", Input).value == code
        later.query_one("#later-type", Select).value = T.IMPORTATION.value
        await retype(pilot, app, "#later-goods", "1-3")
        await pilot.press("ctrl+n")
        await until(pilot, lambda: "waits in the offline queue" in str(later.query_one("#problem", Static).render()))
        assert len(queue.items()) == 1
    queue.close()
