"""A vehicle's exit while the central is unreachable: the vehicle file kept from the last lookup is judged as of
the day the exit is made, not the day it was looked up, as the central will judge the queued commit."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from textual.widgets import Static

from carnet_domain.transaction_types import TransactionType as T
from central_client.http import HttpCentral
from ecarnet_tui.app import EcarnetApp
from ecarnet_tui.screens.wizard.check_carnet import CheckCarnetScreen
from ecarnet_tui.screens.wizard.check_vehicle import CheckVehicleScreen
from ecarnet_tui.services.connection import Connection
from offline_queue.store import QueueStore
from tests.central_world import World
from tests.ui.harness import choose_office, on_step, scan, settings_for, signed_in
from tests.ui.switchable_link import SwitchableLink
from tests.ui.test_vehicle_passages import EXIT_IN_GRACE, code_of, text
from tests.ui.waiting import until

SIZE = (100, 40)


@pytest.fixture
async def link(demo_world: World) -> AsyncIterator[SwitchableLink]:
    line = SwitchableLink(demo_world.url)
    await line.up()
    yield line
    await line.down()


async def test_an_offline_exit_is_judged_on_the_day_it_is_made(
    demo_world: World, link: SwitchableLink, tmp_path: Path
) -> None:
    queue = QueueStore.open(tmp_path / "queue.sqlite3", clock=demo_world.clock)
    token = demo_world.tokens["officer.ch"]
    app = EcarnetApp(lambda _typed: Connection(HttpCentral(link.url, token), link.url, embedded=False, signed_in=True),
                     queue=queue, clock=demo_world.clock, settings=settings_for(demo_world))
    code = code_of(demo_world, EXIT_IN_GRACE, T.REEXPORTATION)
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot, app)
        await choose_office(pilot, app, "bardonnex")
        await scan(pilot, app, EXIT_IN_GRACE, code)  # looked up on D+10: kept here with its vehicle file
        await on_step(pilot, app, CheckCarnetScreen)
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is app.navigator.scan)
        await pilot.press("ctrl+l")
        await link.down()

        demo_world.clock.advance(timedelta(days=6))  # the vehicle leaves on D+16, with the link down
        await scan(pilot, app, EXIT_IN_GRACE, code)
        await on_step(pilot, app, CheckCarnetScreen)
        assert "Offline" in str(app.navigator.scan.query_one("#connection", Static).render())
        await pilot.press("ctrl+n")
        await on_step(pilot, app, CheckVehicleScreen)
        step3 = app.screen
        assert isinstance(step3, CheckVehicleScreen)
        assert "Late exit: 16 days after the final date" in text(app, "#passage")
        assert not step3.query_one("#row-delay-explanation").display
        assert step3.draft.office_date == demo_world.clock().date()
