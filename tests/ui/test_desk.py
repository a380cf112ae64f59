"""The desk around the wizard: the home list (pages, cancel from it), paper-twin prompts, help on F1."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from carnet_domain.transaction import GoodsDeclaration, TransactionState
from carnet_domain.transaction_types import TransactionType as T
from central_contract.models import CommitRequest
from ecarnet_tui.app import EcarnetApp
from ecarnet_tui.screens.dialogs.ask import AskDialog
from ecarnet_tui.screens.dialogs.findings import FindingsDialog
from ecarnet_tui.screens.dialogs.help import HelpDialog
from ecarnet_tui.screens.wizard.check_carnet import CheckCarnetScreen
from ecarnet_tui.screens.wizard.check_goods import CheckGoodsScreen
from ecarnet_tui.screens.wizard.commit import CommitScreen
from ecarnet_tui.screens.wizard.receipt import ReceiptScreen
from ecarnet_tui.screens.wizard.scan import ScanScreen
from reference_central.demo.seed import demo_codes
from tests.api.helpers import fresh_code, history_of
from tests.central_world import World, make_carnet
from tests.ui.harness import message, on_step, scan, screen_text, signed_in, workstation
from tests.ui.waiting import until


async def validated_carnets(world: World, count: int) -> list[str]:
    """``count`` carnets validated through the API at Genève Aéroport, oldest first; their numbers."""
    officer = world.client("officer.ch")
    numbers = []
    for n in range(count):
        carnet = world.add_carnet(make_carnet(str(6000 + n), f"CHPG{6000 + n}"))
        code = fresh_code()
        world.declare(carnet, T.VALIDATION, code, cancellation_code="CANCELBBBBBB")
        await officer.commit(CommitRequest(carnet_id=carnet.carnet_id, transaction_code=code,
                                           type=T.VALIDATION, goods=GoodsDeclaration()), fresh_code())
        numbers.append(carnet.number)
    await officer.aclose()
    return numbers


def heading(app: EcarnetApp) -> str:
    return str(app.navigator.scan.query_one("#transactions-heading", Static).render())


async def test_the_home_list_pages_ten_at_a_time(world: World) -> None:
    numbers = await validated_carnets(world, 12)
    app = workstation(world)
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in(pilot, app)
        table = app.navigator.scan.query_one("#last-transactions", DataTable)
        await until(pilot, lambda: "1 - 10 of 12" in heading(app))
        assert table.row_count == 10
        assert str(table.get_row_at(0)[1]) == numbers[-1]
        await pilot.press("f8")
        await until(pilot, lambda: "11 - 12 of 12" in heading(app))
        assert [str(table.get_row_at(i)[1]) for i in range(table.row_count)] == [numbers[1], numbers[0]]
        await pilot.press("f8")
        await pilot.pause()
        assert "11 - 12 of 12" in heading(app)
        await pilot.press("f7")
        await until(pilot, lambda: "1 - 10 of 12" in heading(app))


async def test_cancel_from_the_home_list_with_the_holders_code(world: World) -> None:
    [number] = await validated_carnets(world, 1)
    app = workstation(world)
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in(pilot, app)
        table = app.navigator.scan.query_one("#last-transactions", DataTable)
        await until(pilot, lambda: table.row_count == 1)
        table.focus()
        await pilot.press("enter")
        await on_step(pilot, app, AskDialog)
        await pilot.press(*"WRONGBBBBBBB", "enter")
        await on_step(pilot, app, ScanScreen)
        await until(pilot, lambda: "does not match" in message(app))
        assert history_of(world, "6000")[0].state is TransactionState.COMMITTED

        table.focus()
        await pilot.press("enter")
        await on_step(pilot, app, AskDialog)
        await pilot.press(*"cancelbbbbbb", "enter")
        await until(pilot, lambda: "is cancelled" in message(app))
        await until(pilot, lambda: str(table.get_row_at(0)[3]) == "Cancelled")
        assert str(table.get_row_at(0)[1]) == number
        assert "Cancelled" in screen_text(app)  # at 80 columns, not beyond the right edge
    assert history_of(world, "6000")[0].state is TransactionState.CANCELLED


async def _through_step_two(pilot: Pilot[Any], app: EcarnetApp, carnet: str, code: str) -> None:
    await scan(pilot, app, carnet, code)
    await on_step(pilot, app, CheckCarnetScreen)
    await pilot.press("ctrl+n")


async def test_paper_twin_prompts_before_step_three(demo_world: World) -> None:
    codes = {c.scenario: c for c in demo_codes(demo_world.store) if c.trainee == 0}
    app = workstation(demo_world, training=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in(pilot, app)
        stamp = codes["paper-twin-cloned"]
        await _through_step_two(pilot, app, stamp.carnet_id, stamp.transaction_code)
        await on_step(pilot, app, FindingsDialog)
        shown = " ".join(str(s.render()) for s in app.screen.query(Static).results(Static))
        assert "Stamp the green cover of paper carnet CHDEMO260015" in shown
        await pilot.press("n")
        await on_step(pilot, app, CheckCarnetScreen)
        assert "paper carnet's check first" in message(app)
        await pilot.press("ctrl+n")
        await on_step(pilot, app, FindingsDialog)
        await pilot.press("y")
        await on_step(pilot, app, CheckGoodsScreen)

        await pilot.press("escape", "escape")
        await on_step(pilot, app, ScanScreen)
        await pilot.press("ctrl+l")
        paper = codes["paper-departure"]
        await _through_step_two(pilot, app, paper.carnet_id, paper.transaction_code)
        await on_step(pilot, app, FindingsDialog)
        shown = " ".join(str(s.render()) for s in app.screen.query(Static).results(Static))
        assert "check the validation stamp on paper carnet TR/2026/000123" in shown
        await pilot.press("y")
        await on_step(pilot, app, CheckGoodsScreen)
        await pilot.press("ctrl+n")
        await on_step(pilot, app, CommitScreen)
        await pilot.press("ctrl+n")
        await on_step(pilot, app, ReceiptScreen)
    # A carnet from a paper country counts as validated: its importation is recorded without a Validation.
    assert [t.type for t in history_of(demo_world, paper.carnet_id)] == [T.IMPORTATION]


async def test_help_on_f1_at_every_step(world: World) -> None:
    carnet = world.add_carnet(make_carnet("6100", "CHHLP6100", home="EU"))
    fr = world.client("officer.fr")
    for kind, declared in ((T.VALIDATION, ""), (T.EXPORTATION, "1-20")):
        code = fresh_code()
        world.declare(carnet, kind, code, declared)
        await fr.commit(CommitRequest(carnet_id="6100", transaction_code=code, type=kind,
                                      goods=GoodsDeclaration(declared_goods=declared)), fresh_code())
    await fr.aclose()
    code = fresh_code()
    world.declare(carnet, T.IMPORTATION, code, "1-20")
    expected: dict[type[Screen[Any]], str] = {
        ScanScreen: "Scan the holder's transaction QR",
        CheckCarnetScreen: "An expired carnet allows only Re-exportation and Re-importation.",
        CheckGoodsScreen: "press Ctrl+U",
        CommitScreen: "left blank it is the carnet's validity",
    }
    app = workstation(world)
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in(pilot, app)
        for screen, text in expected.items():
            if screen is CheckCarnetScreen:
                await scan(pilot, app, carnet.number, code)
            elif screen is not ScanScreen:
                await pilot.press("ctrl+n")
            await on_step(pilot, app, screen)
            await pilot.press("f1")
            await on_step(pilot, app, HelpDialog)
            shown = " ".join(str(s.render()) for s in app.screen.query(Static).results(Static))
            assert text in shown
            await pilot.press("escape")
            await on_step(pilot, app, screen)
        assert app.screen.query_one("#final-date", Input).value == ""
