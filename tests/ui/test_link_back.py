"""Nothing stale once the link is back or the queue changes: step 1's outage message gives way, a desk started offline
signs in for real and lists the office's last transactions, and the title bar's counts follow a supervisor's decision
at once."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Static

from carnet_domain.transaction_types import TransactionType as T
from ecarnet_tui.screens.desk.queue import QueueScreen
from ecarnet_tui.screens.dialogs.ask import AskDialog
from offline_queue.items import ItemState
from offline_queue.store import QueueStore
from tests.central_world import World
from tests.queue.helpers import request
from tests.ui.harness import message, scan, signed_in
from tests.ui.sign_in_harness import (
    granted,
    office_at_sign_in,
    on_sign_in,
    sign_in_as,
    type_credentials,
    unsigned_desk,
)
from tests.ui.switchable_link import SwitchableLink
from tests.ui.test_offline import SIZE, _desk, _exported, link
from tests.ui.waiting import until

__all__ = ["link"]


def title(app: object) -> str:
    return str(app.screen.query_one("#title-bar", Static).render())  # type: ignore[attr-defined]


async def test_a_desk_started_offline_lists_the_transactions_once_the_link_is_back(
    world: World, link: SwitchableLink, tmp_path: Path
) -> None:
    carnet, code = await _exported(world, "9331")
    officer = world.client("officer.ch")  # an importation at Genève Aéroport, the desk's office
    await officer.commit(request(carnet.carnet_id, code, T.IMPORTATION, "1-5"), "import-9331")
    queue = QueueStore.open(tmp_path / "queue.sqlite3", clock=world.clock)
    await granted(world, queue, "officer.ch")  # signed in online here once: the desk remembers the officer
    await link.down()
    app = unsigned_desk(world, url=link.url, queue=queue)
    async with app.run_test(size=SIZE) as pilot:
        await type_credentials(pilot, app, "officer.ch")  # the password alone, checked at the desk
        await office_at_sign_in(pilot, app)
        await until(pilot, lambda: app.desk.signed_in_offline and "working offline" in message(app))
        table = app.navigator.scan.query_one("#last-transactions", DataTable)
        assert table.row_count == 0
        await link.up()
        await pilot.press("ctrl+r")
        screen = await on_sign_in(pilot, app)  # the central answers: the officer signs in online
        assert "sign in to work online" in str(screen.query_one("#problem", Static).render())
        await sign_in_as(pilot, app, world, "officer.ch")
        await until(pilot, lambda: table.row_count > 0, timeout=30)
        assert not app.desk.signed_in_offline
        assert message(app).startswith("Connected to")
        assert carnet.carnet_id in [str(table.get_row_at(n)[0]) for n in range(table.row_count)]
    queue.close()
    await officer.aclose()


async def test_step_1s_outage_message_goes_when_the_link_is_back(
    world: World, link: SwitchableLink, tmp_path: Path
) -> None:
    carnet, code = await _exported(world, "9332")
    queue = QueueStore.open(tmp_path / "queue.sqlite3", clock=world.clock)
    app = _desk(world, link, queue)
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot, app)
        await link.down()
        await scan(pilot, app, carnet.carnet_id, code)
        await until(pilot, lambda: "cannot be reached" in message(app) and "Ctrl+E" in message(app))
        await until(pilot, lambda: "OFFLINE" in title(app), timeout=30)
        await link.up()
        await pilot.press("ctrl+r")
        await until(pilot, lambda: message(app).startswith("Connected to"), timeout=30)
        assert "online" in title(app)
    queue.close()


async def test_the_title_bar_stops_counting_an_item_once_it_is_voided(
    world: World, link: SwitchableLink, tmp_path: Path
) -> None:
    carnet, code = await _exported(world, "9333")
    queue = QueueStore.open(tmp_path / "queue.sqlite3", clock=world.clock)
    item = queue.add_commit(request(carnet.carnet_id, code, T.IMPORTATION, "1-99"), office_id="gva-airport",
                            officer="officer.ch", grant_id=await granted(world, queue, "officer.ch"))
    app = _desk(world, link, queue, "controller.ch")
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot, app)
        await until(pilot, lambda: queue.item(item.seq).state is ItemState.NEEDS_REVIEW, timeout=30)
        await until(pilot, lambda: "1 to review" in title(app))
        await pilot.press("ctrl+y")
        await until(pilot, lambda: isinstance(app.screen, QueueScreen))
        table = app.screen.query_one("#queue-items", DataTable)
        await until(pilot, lambda: table.row_count == 1)
        await pilot.press("ctrl+d")
        await until(pilot, lambda: isinstance(app.screen, AskDialog))
        await pilot.press(*"Holder came back with a new declaration", "enter")
        await until(pilot, lambda: queue.item(item.seq).state is ItemState.VOIDED)
        await until(pilot, lambda: "to review" not in title(app), timeout=5)  # no Ctrl+R needed
    queue.close()
