"""Driving the sign-in as an officer does: a desk nobody is signed in at, the account, the password, the
authenticator's code (computed from the demo account's published secret at the central's clock), the office."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pyotp
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, OptionList

from central_client.http import HttpCentral
from ecarnet_tui.app import EcarnetApp
from ecarnet_tui.screens.identity.sign_in import SignInScreen
from ecarnet_tui.services.connection import Connection
from ecarnet_tui.services.sign_in import remember_sign_in
from ecarnet_tui.services.verifiers import CHEAP_COST, Verifiers
from ecarnet_tui.settings import Settings
from ecarnet_tui.widgets.key_bar import KeyBar
from offline_queue.store import QueueStore
from reference_central.demo.identity import DEMO_PASSWORD, DEMO_WORKSTATION_KEY, demo_totp_secret
from tests.central_world import World
from tests.ui.harness import settings_for
from tests.ui.waiting import until

COMPOSED = ("#account", "#password", "#totp", "#enrol-code", "#office-choice", KeyBar)
"""What a sign-in screen shows once composed, its form rows' inputs included."""


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
    registered training workstation (``key``) unless told otherwise, set for ``world``'s kind of central unless
    ``settings`` say otherwise."""
    target = url or world.url
    extra: dict[str, Any] = {"idle_clock": idle_clock} if idle_clock is not None else {}
    return EcarnetApp(
        lambda _typed: Connection(HttpCentral(target, workstation_key=key), target, embedded=training),
        settings=settings or settings_for(world), queue=queue, clock=world.clock, verifiers=Verifiers(CHEAP_COST),
        **extra)


def totp_now(world: World, account: str) -> str:
    """The demo account's authenticator code at the central's clock, a step after the last one used (a code is good
    once: the central refuses it the second time)."""
    world.clock.advance(timedelta(seconds=31))
    return str(pyotp.TOTP(demo_totp_secret(account)).at(world.clock()))


async def on_sign_in(pilot: Pilot[Any], app: EcarnetApp) -> SignInScreen:
    # pushed is not yet mounted (its own focus comes last), nor are its rows: wait for both
    await until(pilot, lambda: isinstance(app.screen, SignInScreen) and app.screen.is_mounted
                and all(app.screen.query(selector) for selector in COMPOSED))
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
    await office_at_sign_in(pilot, app, office)
    await until(pilot, lambda: app.desk.session is not None and app.desk.session.account_id == account)


async def office_at_sign_in(pilot: Pilot[Any], app: EcarnetApp, office: str | None = None) -> None:
    """Once the code is accepted: Enter on ``office`` (else on the office offered first) when the account may work at
    several; returns once the desk has left the sign-in screen (at once when there is no office to choose, as offline,
    where the desk works at the office of the last sign-in here)."""

    def choosing() -> bool:
        screen = app.screen
        if not isinstance(screen, SignInScreen) or not screen.is_mounted:
            return False
        offered = screen.query("#office-choice")
        return bool(offered) and app.focused is offered.first()

    await until(pilot, lambda: not isinstance(app.screen, SignInScreen) or choosing())
    if isinstance(app.screen, SignInScreen):
        choice = app.screen.query_one("#office-choice", OptionList)
        if office is not None:
            choice.highlighted = next(n for n in range(choice.option_count)
                                      if choice.get_option_at_index(n).id == office)
        await pilot.press("enter")
    await until(pilot, lambda: not isinstance(app.screen, SignInScreen))


async def sign_in_as_trainee(pilot: Pilot[Any], app: EcarnetApp, account: str) -> None:
    """Sign in on a training central as a trainee does: the published password, then the code the training sign-in
    screen shows for ``account`` (the central runs on the real clock)."""
    await type_credentials(pilot, app, account)
    screen = await on_sign_in(pilot, app)
    totp = screen.query_one("#totp", Input)
    await until(pilot, lambda: app.focused is totp)
    table = screen.query_one("#demo-accounts", DataTable)
    await until(pilot, lambda: table.row_count > 0)
    await pilot.press(*str(table.get_row(account)[2]), "enter")
    await office_at_sign_in(pilot, app)
    await until(pilot, lambda: app.desk.me is not None and app.desk.me.account.account_id == account)


async def granted(world: World, queue: QueueStore, account: str) -> str:
    """``account`` signed in online at the training workstation, as a desk with ``queue`` does it: the queue keeps
    its verifier and the offline grant the central issued; returns the grant's ID, for commits made under it."""
    client = HttpCentral(world.url, workstation_key=DEMO_WORKSTATION_KEY)
    try:
        step = await client.sign_in(account, DEMO_PASSWORD)
        issued = await client.complete_sign_in(step.challenge, totp_now(world, account))
        territories = await client.territories()
    finally:
        await client.aclose()
    session = remember_sign_in(queue, issued, DEMO_PASSWORD, territories, Verifiers(CHEAP_COST), world.clock())
    assert session.grant is not None, "a registered workstation: the central issues a grant"
    return session.grant.grant_id
