"""Officers sharing one desk: signing out ends the session at the central; switching officer keeps the transaction
in progress for the officer who typed it, offered back to that officer only; the idle lock hides the screen and only
the same officer's password opens it."""

from __future__ import annotations

import httpx
from textual.widgets import Input, Static

from carnet_domain.transaction_types import TransactionType as T
from ecarnet_tui.screens.dialogs.confirm import ConfirmDialog
from ecarnet_tui.screens.identity.lock import LockScreen
from ecarnet_tui.screens.identity.sign_in import SignInScreen
from ecarnet_tui.screens.wizard.check_carnet import CheckCarnetScreen
from ecarnet_tui.screens.wizard.check_goods import CheckGoodsScreen
from ecarnet_tui.screens.wizard.scan import ScanScreen
from ecarnet_tui.settings import Settings
from reference_central.demo.identity import DEMO_PASSWORD
from tests.api.helpers import fresh_code
from tests.central_world import World, make_carnet
from tests.ui.harness import on_step, retype, scan
from tests.ui.sign_in_harness import IdleClock, on_sign_in, sign_in_as, unsigned_desk
from tests.ui.test_holds_and_rejections import imported_carnet
from tests.ui.waiting import until

SIZE = (80, 24)


def _declared(world: World, carnet_id: str) -> tuple[str, str]:
    carnet = world.add_carnet(make_carnet(carnet_id, f"CHSW{carnet_id}"))
    code = fresh_code()
    world.declare(carnet, T.VALIDATION, code)
    return carnet.carnet_id, code


async def test_sign_out_ends_the_session_at_the_central(world: World) -> None:
    app = unsigned_desk(world)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_as(pilot, app, world, "officer.ch")
        token = app.desk.central._http.headers["Authorization"]  # type: ignore[attr-defined]
        assert "F9" in str(app.navigator.scan.query_one("#key-bar", Static).render()).upper()
        await pilot.press("f9")
        screen = await on_sign_in(pilot, app)
        assert app.desk.session is None and app.desk.me is None
        assert "signed out" in str(screen.query_one("#problem", Static).render())
        await until(pilot, lambda: httpx.get(f"{world.url}/v1/me", headers={"Authorization": token}).status_code
                    == 401)
        refused = httpx.get(f"{world.url}/v1/me", headers={"Authorization": token}).json()["error"]
        assert refused["code"] == "session_expired" and refused["detail"] == "signed out"


async def test_switching_officer_keeps_the_draft_for_the_officer_who_typed_it(world: World) -> None:
    carnet_id, code = await imported_carnet(world, "7101")
    app = unsigned_desk(world)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_as(pilot, app, world, "officer.ch")
        await scan(pilot, app, carnet_id, code)
        await on_step(pilot, app, CheckCarnetScreen)
        await pilot.press("ctrl+n")
        await on_step(pilot, app, CheckGoodsScreen)
        await retype(pilot, app, "#declared_goods", "1-5")
        await pilot.press("ctrl+w")  # another officer comes to the desk
        screen = await on_sign_in(pilot, app)
        note = str(screen.query_one("#problem", Static).render())
        assert "kept for them" in note and "step 3" in note
        await sign_in_as(pilot, app, world, "controller.ch")
        await pilot.pause(0.3)
        assert isinstance(app.screen, ScanScreen), "the draft is not offered to another officer"
        assert "officer.ch" in app.desk.parked
        await pilot.press("f9")
        await sign_in_as(pilot, app, world, "officer.ch")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await on_step(pilot, app, CheckGoodsScreen)
        assert app.screen.query_one("#declared_goods", Input).value == "1-5"
        assert app.desk.parked == {}


async def test_the_idle_lock_hides_the_desk_and_only_its_officer_opens_it(world: World) -> None:
    idle = IdleClock()
    carnet_id, code = _declared(world, "7102")
    app = unsigned_desk(world, idle_clock=idle, settings=Settings(lock_after_minutes=5))
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_as(pilot, app, world, "officer.ch")
        await scan(pilot, app, carnet_id, code)
        await on_step(pilot, app, CheckCarnetScreen)
        idle.now += 4 * 60
        app.identity.check_idle()
        assert not isinstance(app.screen, LockScreen)
        idle.now += 61
        app.identity.check_idle()
        await until(pilot, lambda: isinstance(app.screen, LockScreen))
        shown = "\n".join(s.text for s in app.screen._compositor.render_strips())
        assert carnet_id not in shown, "what was on screen is hidden"
        await pilot.press(*"not my password", "enter")
        await until(pilot, lambda: "Wrong password" in str(app.screen.query_one("#problem", Static).render()))
        await pilot.press(*DEMO_PASSWORD, "enter")
        await on_step(pilot, app, CheckCarnetScreen)
        assert app.desk.session is not None and app.desk.session.account_id == "officer.ch"
        # Locked again, another officer signs in instead: the draft is kept for officer.ch.
        idle.now += 5 * 60 + 1
        app.identity.check_idle()
        await until(pilot, lambda: isinstance(app.screen, LockScreen))
        await pilot.press("ctrl+w")
        await on_sign_in(pilot, app)
        assert "officer.ch" in app.desk.parked
        await sign_in_as(pilot, app, world, "controller.ch")
        assert not isinstance(app.screen, (LockScreen, SignInScreen))
