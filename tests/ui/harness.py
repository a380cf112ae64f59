"""Driving the workstation in Pilot tests, against a real central on loopback."""

from __future__ import annotations

import time
from dataclasses import replace
from typing import Any

from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, Static

from carnet_domain.transaction_types import TransactionType
from central_client.http import HttpCentral
from ecarnet_tui.app import EcarnetApp
from ecarnet_tui.screens.common.places import Place
from ecarnet_tui.screens.common.workstation import WorkstationScreen
from ecarnet_tui.services.connection import Connection
from ecarnet_tui.services.verifiers import CHEAP_COST, Verifiers
from ecarnet_tui.settings import Settings
from offline_queue.store import QueueStore
from reference_central.demo.identity import DEMO_WORKSTATION_KEY
from tests.central_world import World, make_carnet
from tests.ui.waiting import until


def settings_for(world: World) -> Settings:
    """The settings of a workstation set for ``world``'s kind of central (``central_kind``): training on a demo
    central, live otherwise."""
    return Settings(central_kind="training" if world.server.central.training else "live")


def workstation(
    world: World, account: str = "officer.ch", *, training: bool = False, settings: Settings | None = None,
    queue: QueueStore | None = None, thin_link: bool = False,
) -> EcarnetApp:
    """The app connected to ``world``'s central and signed in as ``account`` (a session opened for the test: the
    tests that are not about signing in start signed in) at the registered training workstation, ``training``
    marking it embedded, on the central's clock, with ``queue`` as its offline queue if given; ``settings`` are
    those of a workstation set for ``world``'s kind of central unless given."""
    token = world.tokens[account]
    return EcarnetApp(
        lambda _typed: Connection(HttpCentral(world.url, token, workstation_key=DEMO_WORKSTATION_KEY), world.url,
                                  embedded=training, signed_in=True),
        settings=settings or settings_for(world), queue=queue, clock=world.clock, verifiers=Verifiers(CHEAP_COST),
        thin_link=thin_link)


async def signed_in(pilot: Pilot[Any], app: EcarnetApp) -> None:
    await until(pilot, lambda: app.desk.connected.is_set() and app.desk.me is not None)


async def choose_office(pilot: Pilot[Any], app: EcarnetApp, office_id: str) -> None:
    """Work at ``office_id`` as if chosen at sign-in (a test that starts signed in moves there directly): the central
    binds the session to it, as the sign-in screen has it do, then the desk works there."""
    session = app.desk.session
    assert session is not None
    app.desk.session = replace(session, me=await app.desk.central.work_at(office_id))
    app.navigator.scan.work_at(office_id)
    await until(pilot, lambda: app.desk.office_id == office_id)


async def scan(pilot: Pilot[Any], app: EcarnetApp, carnet: str, code: str) -> None:
    """Type the carnet and the code at step 1 as an officer does, then Enter."""
    app.navigator.scan.query_one("#carnet", Input).focus()
    await pilot.pause()
    await pilot.press(*carnet, "enter")
    await until(pilot, lambda: app.focused is app.navigator.scan.query_one("#code", Input))
    await pilot.press(*code, "enter")


async def on_step(pilot: Pilot[Any], app: EcarnetApp, screen: type[Screen[Any]], timeout: float = 15.0) -> None:
    """Wait until ``screen`` is on top; on a timeout say what the officer sees instead."""
    deadline = time.monotonic() + timeout
    while not isinstance(app.screen, screen):
        if time.monotonic() > deadline:
            raise AssertionError(f"still on {type(app.screen).__name__}: {message(app)!r}")
        await pilot.pause(0.02)


def message(app: EcarnetApp) -> str:
    """The message line the officer sees on the current step (step 1's is the status line)."""
    if app.screen is app.navigator.scan:
        return str(app.navigator.scan.query_one("#connection", Static).render())
    return str(app.screen.query_one("#problem", Static).render())


async def retype(pilot: Pilot[Any], app: EcarnetApp, selector: str, text: str) -> None:
    """Go to the field of the current step, wipe what is there and type ``text`` key by key."""
    box = app.screen.query_one(selector, Input)
    box.focus()
    await until(pilot, lambda: app.focused is box)
    await pilot.press(*(["home", "ctrl+k"] if box.value else []), *text)
    await until(pilot, lambda: box.value == text)


async def validated_to_receipt(pilot: Pilot[Any], app: EcarnetApp, world: World, carnet_id: str) -> str:
    """Sign in, commit a Validation of a new 20-item carnet through the five steps and stop on the receipt;
    returns the verification code the central recorded."""
    from ecarnet_tui.screens.wizard.check_carnet import CheckCarnetScreen
    from ecarnet_tui.screens.wizard.check_goods import CheckGoodsScreen
    from ecarnet_tui.screens.wizard.commit import CommitScreen
    from ecarnet_tui.screens.wizard.receipt import ReceiptScreen
    from tests.api.helpers import fresh_code, history_of

    carnet = world.add_carnet(make_carnet(carnet_id, f"CHPR0000{carnet_id}"))
    code = fresh_code()
    world.declare(carnet, TransactionType.VALIDATION, code)
    await signed_in(pilot, app)
    await scan(pilot, app, carnet.number, code)
    for screen in (CheckCarnetScreen, CheckGoodsScreen, CommitScreen):
        await on_step(pilot, app, screen)
        await pilot.press("ctrl+n")
    await on_step(pilot, app, ReceiptScreen)
    await pilot.pause()
    return history_of(world, carnet)[-1].verification_code


def screen_text(app: EcarnetApp) -> str:
    """Every character the terminal shows for the current screen (control sequences left out)."""
    import io

    from rich.console import Console

    console = Console(width=app.size.width, height=app.size.height, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", record=True, legacy_windows=False, safe_box=False)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text(styles=False)


def open_place(app: EcarnetApp, place: Place, subject: object = None) -> None:
    """Ask the navigator for ``place``, as a screen does (the screen it opens is on top once it is built)."""
    app.post_message(WorkstationScreen.Open(place, subject))
