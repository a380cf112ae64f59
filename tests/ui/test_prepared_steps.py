"""The next step is composed off-stage while the officer reads the current one; what it shows is still the
draft as it is when it appears, and a step never shown leaves nothing behind."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Static
from textual.widgets._collapsible import CollapsibleTitle

from carnet_domain.transaction import GoodsDeclaration
from carnet_domain.transaction_types import TransactionType as T
from central_contract.models import CommitRequest
from ecarnet_tui.app import EcarnetApp
from ecarnet_tui.screens.common.step import StepScreen
from ecarnet_tui.screens.wizard.check_carnet import CheckCarnetScreen
from ecarnet_tui.screens.wizard.check_goods import CheckGoodsScreen
from ecarnet_tui.screens.wizard.commit import CommitScreen
from ecarnet_tui.screens.wizard.receipt import ReceiptScreen
from ecarnet_tui.widgets.goods_table import GoodsTable
from tests.api.helpers import fresh_code, history_of
from tests.central_world import World, make_carnet
from tests.ui.harness import on_step, retype, scan, signed_in, workstation
from tests.ui.waiting import until

SIZE = (80, 24)


async def _validated(world: World, carnet_id: str) -> str:
    """A Swiss carnet validated at Genève Aéroport, with an Exportation of items 1-20 declared; its code."""
    carnet = world.add_carnet(make_carnet(carnet_id, f"CHPREP{carnet_id}"))
    validation, exportation = fresh_code(), fresh_code()
    world.declare(carnet, T.VALIDATION, validation)
    officer = world.client("officer.ch")
    await officer.commit(CommitRequest(carnet_id=carnet_id, transaction_code=validation, type=T.VALIDATION,
                                       goods=GoodsDeclaration()), fresh_code())
    await officer.aclose()
    world.declare(carnet, T.EXPORTATION, exportation, "1-20")
    return exportation


def _prepared(step: Screen[Any]) -> Screen[Any] | None:
    assert isinstance(step, StepScreen)
    app = step.app
    assert isinstance(app, EcarnetApp)
    return app.navigator.prepared_for(step)


def _showing(app: EcarnetApp) -> Screen[Any]:
    return app.screen


def _offstage(app: EcarnetApp) -> list[Screen[Any]]:
    """Screens registered with the app but on no stack (prepared steps); Textual keeps no public list."""
    return [s for s in list(app._registry) if isinstance(s, Screen) and s not in app.screen_stack
            and s is not app.navigator.scan]


async def _at_step2(pilot: Pilot[Any], app: EcarnetApp, carnet_id: str, code: str) -> CheckCarnetScreen:
    """Signed in, the carnet scanned, step 2 on screen."""
    await signed_in(pilot, app)
    await scan(pilot, app, carnet_id, code)
    await on_step(pilot, app, CheckCarnetScreen)
    step2 = app.screen
    assert isinstance(step2, CheckCarnetScreen)
    return step2


async def test_the_prepared_step_is_the_one_shown_and_shows_the_goods_as_corrected(world: World) -> None:
    code = await _validated(world, "8801")
    app = workstation(world)
    async with app.run_test(size=SIZE) as pilot:
        step2 = await _at_step2(pilot, app, "8801", code)
        await until(pilot, lambda: (p := _prepared(step2)) is not None and p.is_mounted)
        step3 = _prepared(step2)
        assert isinstance(step3, CheckGoodsScreen)
        await pilot.press("ctrl+n")
        await on_step(pilot, app, CheckGoodsScreen)
        assert app.screen is step3  # composed before the key, not after

        await until(pilot, lambda: (p := _prepared(step3)) is not None and p.is_mounted)
        step4 = _prepared(step3)
        assert isinstance(step4, CommitScreen)
        # The commit step was composed while the holder's 1-20 stood; the officer corrects it now.
        await retype(pilot, app, "#declared_goods", "1-5")
        await pilot.press("ctrl+n")
        await on_step(pilot, app, CommitScreen)
        assert _showing(app) is step4
        assert "Declared goods: 1-5" in str(step4.query_one("#declared-summary", Static).render())

        await retype(pilot, app, "#customs_reference", "GVA-PREP-1")
        await pilot.press("ctrl+n")
        await on_step(pilot, app, ReceiptScreen)
        recorded = history_of(world, "8801")[-1]
        assert (recorded.type, recorded.goods.declared_goods) == (T.EXPORTATION, "1-5")
        assert str(app.screen.query_one("#verification-code", Static).render()) == recorded.verification_code


async def test_going_back_removes_the_step_prepared_ahead(world: World) -> None:
    code = await _validated(world, "8802")
    app = workstation(world)
    async with app.run_test(size=SIZE) as pilot:
        step2 = await _at_step2(pilot, app, "8802", code)
        await until(pilot, lambda: _prepared(step2) is not None and len(_offstage(app)) == 1)
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is app.navigator.scan)
        await until(pilot, lambda: not _offstage(app))

        # Scanned again, the carnet comes up with a fresh step 2 and a fresh step 3 behind it.
        await pilot.press("ctrl+l")  # step 1 kept what was typed; the officer clears it
        await scan(pilot, app, "8802", code)
        await on_step(pilot, app, CheckCarnetScreen)
        assert app.screen is not step2
        again = app.screen
        assert isinstance(again, CheckCarnetScreen)
        await until(pilot, lambda: _prepared(again) is not None and len(_offstage(app)) == 1)


async def test_the_general_list_is_made_when_the_officer_opens_it(world: World) -> None:
    code = await _validated(world, "8803")
    app = workstation(world)
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot, app)
        await scan(pilot, app, "8803", code)
        await on_step(pilot, app, CheckCarnetScreen)
        assert not app.screen.query("#general-list-table")
        title = app.screen.query_one("#general-list").query_one(CollapsibleTitle)
        title.focus()
        await until(pilot, lambda: app.focused is title)
        await pilot.press("enter")
        await until(pilot, lambda: bool(app.screen.query("#general-list-table")))
        table = app.screen.query_one("#general-list-table", GoodsTable)
        await until(pilot, lambda: table.row_count == 20)
        assert "Item 20" in table.row_text(19)
        await pilot.press("enter")  # closed and opened again: the same table, not a second one
        await pilot.press("enter")
        await until(pilot, lambda: len(app.screen.query("#general-list-table")) == 1)


async def test_step_two_is_composed_while_the_officer_types_and_filled_when_the_central_answers(
    world: World,
) -> None:
    code = await _validated(world, "8804")
    app = workstation(world)
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot, app)
        await until(pilot, lambda: (s := app.navigator.prepared_for(app.navigator.scan)) is not None and s.is_mounted)
        ahead = app.navigator.prepared_for(app.navigator.scan)
        assert isinstance(ahead, CheckCarnetScreen)
        assert str(ahead.query_one("#carnet-fields", Static).render()) == ""  # nothing known yet
        # What the preparation relies on of Textual's internals: the screen off-stage is mounted, styled and laid out
        # at the terminal's size before it is pushed, and is pushed without restyling every widget again.
        fields = ahead.query_one("#carnet-fields", Static)
        await until(pilot, lambda: ahead.size.width == SIZE[0] and fields.size.width > 0)
        assert ahead not in app.screen_stack and ahead.styled_offstage
        await scan(pilot, app, "8804", code)
        await on_step(pilot, app, CheckCarnetScreen)
        assert _showing(app) is ahead
        assert isinstance(ahead, CheckCarnetScreen)
        assert not ahead.styled_offstage  # its first appearance skipped the restyle
        fields = str(ahead.query_one("#carnet-fields", Static).render())
        assert "Carnet number: CHPREP8804" in fields
        assert "EXPORTATION" in str(ahead.query_one("#step-bar", Static).render())
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is app.navigator.scan)
        # Back at step 1, a fresh step 2 is composed for the next carnet.
        nav = app.navigator
        await until(pilot, lambda: (s := nav.prepared_for(nav.scan)) is not None and s is not ahead and s.is_mounted)
