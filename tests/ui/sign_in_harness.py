"""Driving the sign-in as an officer does: a desk nobody is signed in at, the account, the password, the
authenticator's code (computed from the demo account's published secret at the central's clock), the office."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pyotp
from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from central_client.http import HttpCentral
from ecarnet_tui.app import EcarnetApp
from ecarnet_tui.screens.identity.sign_in import SignInScreen
from ecarnet_tui.services.connection import Connection
from ecarnet_tui.services.verifiers import CHEAP_COST, Verifiers
from ecarnet_tui.settings import Settings
from offline_queue.store import QueueStore
from reference_central.demo.identity import DEMO_PASSWORD, DEMO_WORKSTATION_KEY, demo_totp_secret
from tests.central_world import World
from tests.ui.waiting import until


class IdleClock:
    """Monotonic seconds a test moves: how long nobody touched the keys."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def unsigned_desk(
    world: World, *, url: str | None = None, key: str | None = DEMO_WORKSTATION_KEY, queue: QueueStore | None = None,
    settings: Settings | None = None, idle_clock: Callable[[], float] | None = None, training: bool = False,
) -> EcarnetApp:
    """A desk at ``world``'s central (through ``url``, a link the test can cut) where nobody is signed in yet, as the
    registered training workstation (``key``) unless told otherwise."""
    target = url or world.url
    extra: dict[str, Any] = {"idle_clock": idle_clock} if idle_clock is not None else {}
    return EcarnetApp(
        lambda _typed: Connection(HttpCentral(target, workstation_key=key), target, embedded=training),
        settings=settings or Settings(), queue=queue, clock=world.clock, verifiers=Verifiers(CHEAP_COST), **extra)


def totp_now(world: World, account: str) -> str:
    """The demo account's authenticator code at the central's clock, a step after the last one used (a code is good
    once: the central refuses it the second time)."""
    world.clock.advance(timedelta(seconds=31))
    return str(pyotp.TOTP(demo_totp_secret(account)).at(world.clock()))


async def on_sign_in(pilot: Pilot[Any], app: EcarnetApp) -> SignInScreen:
    await until(pilot, lambda: isinstance(app.screen, SignInScreen))
    screen = app.screen
    assert isinstance(screen, SignInScreen)
    return screen


async def type_credentials(pilot: Pilot[Any], app: EcarnetApp, account: str, password: str = DEMO_PASSWORD) -> None:
    screen = await on_sign_in(pilot, app)
    box = screen.query_one("#account", Input)
    box.value = ""
    box.focus()
    await until(pilot, lambda: app.focused is box)
    await pilot.press(*account, "enter")
    await until(pilot, lambda: app.focused is screen.query_one("#password", Input))
    await pilot.press(*password, "enter")


async def sign_in_as(
    pilot: Pilot[Any], app: EcarnetApp, world: World, account: str, *, password: str = DEMO_PASSWORD,
    office: str | None = None,
) -> None:
    """Sign in at the sign-in screen as a demo account (password, then its code), at ``office`` if the account may
    work at several; returns once the desk works as that account."""
    await type_credentials(pilot, app, account, password)
    screen = await on_sign_in(pilot, app)
    totp = screen.query_one("#totp", Input)
    await until(pilot, lambda: app.focused is totp)
    await pilot.press(*totp_now(world, account), "enter")
    await until(pilot, lambda: not isinstance(app.screen, SignInScreen) or app.focused is
                screen.query_one("#office-choice", OptionList))
    if isinstance(app.screen, SignInScreen):
        choice = screen.query_one("#office-choice", OptionList)
        if office is not None:
            choice.highlighted = next(n for n in range(choice.option_count)
                                      if choice.get_option_at_index(n).id == office)
        await pilot.press("enter")
    await until(pilot, lambda: app.desk.session is not None and app.desk.session.account_id == account
                and not isinstance(app.screen, SignInScreen))
