"""A workstation set for a live central refuses a training central, and one set for training refuses a live one
(``central_kind``), before anyone signs in: the sign-in screen says which central it found and what to set, typing a
password there signs nobody in, and the offline queue is not sent to it."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Static

from ecarnet_tui.app import EcarnetApp
from ecarnet_tui.screens.identity.sign_in import SignInScreen
from ecarnet_tui.settings import Settings
from offline_queue.store import QueueStore
from reference_central.identity import records as ids
from tests.central_world import World
from tests.ui.harness import message, signed_in, workstation
from tests.ui.sign_in_harness import on_sign_in, sign_in_as, type_credentials, unsigned_desk
from tests.ui.waiting import until

SIZE = (80, 24)


def problem(app: EcarnetApp) -> str:
    return str(app.screen.query_one("#problem", Static).render())


def sessions_of(world: World, account: str) -> int:
    with world.store.transaction() as db:
        return len(ids.live_sessions(db, account, world.clock()))


async def test_a_live_workstation_refuses_a_training_central(demo_world: World, tmp_path: Path) -> None:
    queue = QueueStore.open(tmp_path / "queue.sqlite3", clock=demo_world.clock)
    app = unsigned_desk(demo_world, queue=queue, settings=Settings())  # central_kind "live": a configured one's default
    before = sessions_of(demo_world, "officer.ch")
    async with app.run_test(size=SIZE) as pilot:
        screen = await on_sign_in(pilot, app)
        await until(pilot, lambda: "training central" in problem(app))
        said = problem(app)
        assert "127.0.0.1 is a training central" in said and 'central_kind = "training"' in said
        assert "problem" in screen.query_one("#problem", Static).classes
        assert app.desk.syncer is None, "no queue is sent to a central of the other kind"
        await type_credentials(pilot, app, "officer.ch")
        await pilot.pause()
        await until(pilot, lambda: not app.screen.workers)
        assert isinstance(app.screen, SignInScreen) and app.desk.session is None
        assert "training central" in problem(app)
        assert screen.query_one("#stages").current == "stage-credentials"  # type: ignore[attr-defined]
    assert sessions_of(demo_world, "officer.ch") == before, "the central was not even asked to sign in"


async def test_a_training_workstation_refuses_a_live_central(world: World) -> None:
    app = unsigned_desk(world, settings=Settings(central_kind="training"))
    async with app.run_test(size=SIZE) as pilot:
        await on_sign_in(pilot, app)
        await until(pilot, lambda: "live central" in problem(app))
        assert 'central_kind = "live"' in problem(app)
        assert not app.screen.query_one("#demo-accounts-box").display, "a live central lists no demo accounts"
        await type_credentials(pilot, app, "officer.ch")
        await until(pilot, lambda: not app.screen.workers)
        assert app.desk.session is None and "live central" in problem(app)


async def test_a_training_workstation_signs_in_at_a_training_central(demo_world: World, tmp_path: Path) -> None:
    queue = QueueStore.open(tmp_path / "queue.sqlite3", clock=demo_world.clock)
    app = unsigned_desk(demo_world, settings=Settings(central_kind="training"), queue=queue)
    async with app.run_test(size=SIZE) as pilot:
        screen = await on_sign_in(pilot, app)
        table = screen.query_one("#demo-accounts", DataTable)
        await until(pilot, lambda: table.row_count > 0)  # the classroom's accounts and their codes, as in the demo
        await sign_in_as(pilot, app, demo_world, "officer.ch")
        assert app.desk.training and app.desk.syncer is not None


async def test_an_unattended_desk_set_for_training_refuses_a_live_central(world: World) -> None:
    app = workstation(world, settings=Settings(central_kind="training"))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: "live central" in message(app))
        assert app.desk.me is None


async def test_an_unattended_live_desk_works_on_a_live_central(world: World) -> None:
    app = workstation(world)
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot, app)
        assert not app.desk.training
