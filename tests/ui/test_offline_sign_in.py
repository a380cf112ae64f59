"""Identity while the link is down, and a session that ends mid-transaction: an officer who signed in online at this
workstation signs in offline with the password alone; two officers commit offline at one desk and the central
records each transaction under its own officer when the link returns, whoever is signed in then; a session that
expires at step 3 asks the officer to sign in again, and the commit goes through after."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from carnet_domain.carnet import Carnet
from ecarnet_tui.app import EcarnetApp
from ecarnet_tui.screens.wizard.check_carnet import CheckCarnetScreen
from ecarnet_tui.screens.wizard.check_goods import CheckGoodsScreen
from ecarnet_tui.screens.wizard.commit import CommitScreen
from ecarnet_tui.screens.wizard.receipt import ReceiptScreen
from offline_queue.items import ItemState
from offline_queue.store import QueueStore
from reference_central.identity.policy import IdentityPolicy
from tests.api.helpers import history_of
from tests.central_world import World, start_world
from tests.ui.harness import message, on_step, scan
from tests.ui.sign_in_harness import office_at_sign_in, on_sign_in, sign_in_as, type_credentials, unsigned_desk
from tests.ui.switchable_link import SwitchableLink
from tests.ui.test_offline import _exported, _through_offline_wizard, link
from tests.ui.waiting import until

SIZE = (80, 24)
__all__ = ["link"]  # the fixture: a link the test cuts and restores


async def _look_up_and_leave(pilot: Pilot[Any], app: EcarnetApp, carnet: Carnet, code: str) -> None:
    """Look the carnet up while online (the workstation keeps it for offline checks), then sign out."""
    await scan(pilot, app, carnet.carnet_id, code)
    await on_step(pilot, app, CheckCarnetScreen)
    await pilot.press("escape")
    await until(pilot, lambda: app.screen is app.navigator.scan)
    await pilot.press("ctrl+l", "f9")
    await on_sign_in(pilot, app)


async def test_an_officer_who_signed_in_here_signs_in_offline_with_the_password_alone(
    world: World, link: SwitchableLink, tmp_path: Path,
) -> None:
    queue = QueueStore.open(tmp_path / "queue.sqlite3", clock=world.clock)
    app = unsigned_desk(world, url=link.url, queue=queue)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_as(pilot, app, world, "officer.ch")
        await pilot.press("f9")
        await on_sign_in(pilot, app)
        await link.down()
        await type_credentials(pilot, app, "controller.ch")  # never signed in here
        screen = await on_sign_in(pilot, app)
        await until(pilot, lambda: "not possible" in str(screen.query_one("#problem", Static).render()))
        assert app.desk.session is None
        await type_credentials(pilot, app, "officer.ch", "a wrong password")
        await until(pilot, lambda: "password is wrong" in str(screen.query_one("#problem", Static).render()))
        await type_credentials(pilot, app, "officer.ch")
        await office_at_sign_in(pilot, app)
        assert app.desk.session is not None and app.desk.session.offline
        assert "working offline" in message(app)
        signed_in = [e.detail.split(",")[0] for e in queue.journal() if e.action == "signed in"]
        assert signed_in == ["offline", "online"], \
            "the desk's audit trail (newest first) has a line per sign-in, an offline one marked as such"
    queue.close()


async def test_two_officers_commit_offline_and_each_is_recorded_under_their_own_name(
    world: World, link: SwitchableLink, tmp_path: Path,
) -> None:
    first, first_code = await _exported(world, "9401")
    second, second_code = await _exported(world, "9402")
    queue = QueueStore.open(tmp_path / "queue.sqlite3", clock=world.clock)
    app = unsigned_desk(world, url=link.url, queue=queue)
    async with app.run_test(size=SIZE) as pilot:
        for account, carnet, code in (("controller.ch", second, second_code), ("officer.ch", first, first_code)):
            await sign_in_as(pilot, app, world, account)
            await _look_up_and_leave(pilot, app, carnet, code)
        await link.down()
        for account, carnet, code in (("officer.ch", first, first_code), ("controller.ch", second, second_code)):
            await type_credentials(pilot, app, account)
            await office_at_sign_in(pilot, app)
            assert app.desk.session is not None and app.desk.session.offline
            await _through_offline_wizard(pilot, app, carnet, code)
            await pilot.press("ctrl+n")
            await until(pilot, lambda: app.screen is app.navigator.scan)
            await pilot.press("f9")
            await on_sign_in(pilot, app)
        items = queue.items()
        assert sorted((i.officer, i.state) for i in items) == [("controller.ch", ItemState.PENDING),
                                                             ("officer.ch", ItemState.PENDING)]
        await link.up()  # nobody is signed in: each commit goes under its officer's offline grant
        app.desk.wake_syncer()
        await until(pilot, lambda: all(i.state is ItemState.SENT for i in queue.items()), timeout=30)
    recorded = {t.carnet_id: t.officer_id for c in (first, second) for t in history_of(world, c)
                if t.type.value == "importation"}
    assert recorded == {first.carnet_id: "officer.ch", second.carnet_id: "controller.ch"}
    queue.close()


@pytest.fixture
def expiring_world(tmp_path: Path) -> Any:
    """A central whose sessions end after 30 minutes without a request (the default policy)."""
    from tests.conftest import NOW

    w = start_world(tmp_path / "central.sqlite3", NOW, policy=IdentityPolicy())
    yield w
    w.server.stop()
    w.store.close()


async def test_a_session_that_expires_at_step_3_is_signed_in_again_and_the_commit_goes_through(
    expiring_world: World,
) -> None:
    world = expiring_world
    carnet, code = await _exported(world, "9403")
    app = unsigned_desk(world)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_as(pilot, app, world, "officer.ch")
        await scan(pilot, app, carnet.carnet_id, code)
        await on_step(pilot, app, CheckCarnetScreen)
        await pilot.press("ctrl+n")
        await on_step(pilot, app, CheckGoodsScreen)
        world.clock.advance(timedelta(minutes=31))  # the officer was called away
        await pilot.press("ctrl+n")
        await on_step(pilot, app, CommitScreen)
        await pilot.press("ctrl+n")
        screen = await on_sign_in(pilot, app)
        assert "session has ended" in str(screen.query_one("#problem", Static).render())
        await sign_in_as(pilot, app, world, "officer.ch")
        await on_step(pilot, app, CommitScreen)  # where it was, everything as typed
        await pilot.press("ctrl+n")
        await on_step(pilot, app, ReceiptScreen)
    assert [t.officer_id for t in history_of(world, carnet) if t.type.value == "importation"] == ["officer.ch"]
