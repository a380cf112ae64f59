"""The workstation shell against a real central: sign-in, the training banner, the office's transactions."""

from __future__ import annotations

import threading
import uuid
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import DataTable, Static

from carnet_domain.transaction_types import TransactionType as T
from central_client.http import HttpCentral
from central_contract.models import CommitRequest
from ecarnet_tui.app import EcarnetApp
from ecarnet_tui.screens.common.places import Place
from ecarnet_tui.screens.wizard.check_carnet import CheckCarnetScreen
from ecarnet_tui.services.connection import Connection, connect_embedded
from ecarnet_tui.settings import Settings
from tests.central_world import World, make_carnet
from tests.ui.sign_in_harness import sign_in_as_trainee
from tests.ui.waiting import until


def _text(app: EcarnetApp, selector: str) -> str:
    return str(app.navigator.scan.query_one(selector, Static).render())


async def _validated(world: World, carnet_id: str, number: str) -> str:
    """A carnet validated by officer.ch through the API; returns the transaction's ID."""
    carnet = world.add_carnet(make_carnet(carnet_id, number))
    world.declare(carnet, T.VALIDATION, "BCDFGHJKLNPR")
    officer = world.client("officer.ch")
    committed = await officer.commit(
        CommitRequest(carnet_id=carnet_id, transaction_code="BCDFGHJKLNPR", type=T.VALIDATION), str(uuid.uuid4())
    )
    await officer.aclose()
    return committed.transaction.transaction_id


def _app_on(world: World) -> EcarnetApp:
    token = world.tokens["officer.ch"]
    return EcarnetApp(lambda _token: Connection(HttpCentral(world.url, token), world.url, embedded=False,
                                                signed_in=True))


async def test_signs_in_and_lists_what_the_central_recorded(world: World) -> None:
    transaction_id = await _validated(world, "4261", "X3NPAH0298")
    app = _app_on(world)
    async with app.run_test(size=(100, 30)) as pilot:
        table = app.navigator.scan.query_one("#last-transactions", DataTable)
        await until(pilot, lambda: table.row_count == 1)
        assert "Training Officer CH" in _text(app, "#who")
        assert "Genève" in _text(app, "#office") and app.desk.office_id == "gva-airport"
        assert not app.navigator.scan.query_one(".training-banner").display
        row = table.get_row(transaction_id)
        assert [str(cell) for cell in row[:4]] == ["4261", "X3NPAH0298", "Validation", "Committed"]
        assert str(row[5]) == "1-20"


async def test_embedded_demo_central_shows_the_training_banner(tmp_path: Path) -> None:
    app = EcarnetApp(lambda _token: connect_embedded(Settings(), tmp_path / "demo.sqlite3"))
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in_as_trainee(pilot, app, "officer.ch")
        assert app.navigator.scan.query_one(".training-banner").display
        assert "TRAINING" in _text(app, ".training-banner")
        assert app.desk.me is not None and app.desk.me.training
        table = app.navigator.scan.query_one("#last-transactions", DataTable)
        await until(pilot, lambda: table.row_count > 0)


async def test_text_from_the_central_is_shown_literally(world: World) -> None:
    await _validated(world, "77", "[b]N[/b]\x1b[2J")
    app = _app_on(world)
    async with app.run_test(size=(100, 30)) as pilot:
        table = app.navigator.scan.query_one("#last-transactions", DataTable)
        await until(pilot, lambda: table.row_count == 1)
        number = table.get_row_at(0)[1]
        assert str(number) == "[b]N[/b]\\x1b[2J"


async def test_unreachable_central_says_so(tmp_path: Path) -> None:
    url = "http://127.0.0.1:9"  # discard port: nothing listens
    app = EcarnetApp(lambda _token: Connection(HttpCentral(url, "t"), url, embedded=False, signed_in=True))
    async with app.run_test(size=(80, 24)) as pilot:
        status = app.navigator.scan.query_one("#connection", Static)
        await until(pilot, lambda: "cannot be reached" in str(status.render()))
        assert status.has_class("problem")


async def test_step_one_takes_typing_while_the_central_is_still_starting(world: World) -> None:
    """The embedded central starts in the background: what the officer types at once is looked up when it
    is ready."""
    carnet = world.add_carnet(make_carnet("5150", "CHST00005150"))
    world.declare(carnet, T.VALIDATION, "BCDFGHJKLNPR")
    ready = threading.Event()
    token = world.tokens["officer.ch"]

    def slow_start(_typed: str | None) -> Connection:
        assert ready.wait(timeout=30), "the test never let the central start"
        return Connection(HttpCentral(world.url, token), world.url, embedded=False, signed_in=True)

    app = EcarnetApp(slow_start)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"CHST00005150", "enter", *"BCDFGHJKLNPR", "enter")
        await until(pilot, lambda: "Waiting for the central" in _text(app, "#connection"))
        assert not app.desk.connected.is_set()
        ready.set()
        await until(pilot, lambda: isinstance(app.screen, CheckCarnetScreen))
        screen = app.screen
        assert isinstance(screen, CheckCarnetScreen)
        assert screen.draft.carnet.number == "CHST00005150"
        await pilot.pause()


async def test_every_screen_of_the_desk_says_training(tmp_path: Path) -> None:
    """On the embedded demo central the banner is on the holds list, the queue and the desk's screens too."""
    from ecarnet_tui.navigation.navigator import DESK_ENTRIES
    from offline_queue.store import QueueStore

    queue = QueueStore.open(tmp_path / "queue.sqlite3")
    settings = Settings(demo_account="controller.ch")
    app = EcarnetApp(lambda _token: connect_embedded(settings, tmp_path / "demo.sqlite3"), settings=settings,
                     queue=queue)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await sign_in_as_trainee(pilot, app, "controller.ch")
            places = [Place.HOLDS, Place.QUEUE, *(entry.place for entry in DESK_ENTRIES)]
            for place in places:
                screen = app.navigator.screen_for(Place(place))
                assert screen is not None
                await app.push_screen(screen)
                await _banner_shown(pilot, app, screen)
                await app.pop_screen()
    finally:
        queue.close()


async def _banner_shown(pilot: Pilot[None], app: EcarnetApp, screen: Screen[Any]) -> None:
    await until(pilot, lambda: app.screen is screen)
    banner = screen.query_one(".training-banner", Static)
    await until(pilot, lambda: bool(banner.display))
    assert "TRAINING" in str(banner.render())
