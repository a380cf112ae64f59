"""Nothing the officer must read is cut at 80×24: the receipt's cancellation row, a dialog's question with its date,
the step-4 hints (in the desk's date style) and the re-exportation's two action fields."""

from __future__ import annotations

import re

from textual.widgets import DataTable

from carnet_domain.transaction_types import TransactionType as T
from ecarnet_tui.screens.dialogs.ask import AskDialog
from ecarnet_tui.screens.dialogs.token import TokenDialog
from ecarnet_tui.screens.wizard.check_carnet import CheckCarnetScreen
from ecarnet_tui.screens.wizard.check_goods import CheckGoodsScreen
from ecarnet_tui.screens.wizard.commit import CommitScreen
from tests.api.helpers import fresh_code
from tests.central_world import World
from tests.ui.harness import on_step, scan, screen_text, signed_in, validated_to_receipt, workstation
from tests.ui.test_wizard_cases import _eu_carnet, _travelled
from tests.ui.waiting import until

SIZE = (80, 24)


def dialog_text(app: object) -> str:
    """What the box of the dialog on top shows, cut out of the screen (the step beneath shows around it)."""
    from textual.containers import Vertical

    box = app.screen.query_one(Vertical)  # type: ignore[attr-defined]
    lines = screen_text(app).splitlines()  # type: ignore[arg-type]
    region = box.region
    return "\n".join(line[region.x:region.right] for line in lines[region.y:region.bottom])


def flat(text: str) -> str:
    """The screen's text as one line, box borders and runs of spaces removed: a sentence wrapped over lines reads
    whole."""
    return re.sub(r"\s+", " ", re.sub(r"[▀▄█▌▐▔▁▎▊▏│┃─━]", " ", text))


async def test_the_receipts_cancellation_row_and_the_cancel_dialog_read_whole(world: World) -> None:
    app = workstation(world)
    async with app.run_test(size=SIZE) as pilot:
        await validated_to_receipt(pilot, app, world, "9361")
        shown = flat(screen_text(app))
        assert "If the holder disagrees, type the holder's cancellation code, then Enter:" in shown
        await pilot.press("ctrl+n")
        await until(pilot, lambda: app.screen is app.navigator.scan)
        table = app.navigator.scan.query_one("#last-transactions", DataTable)
        await until(pilot, lambda: table.row_count == 1)
        table.focus()
        await pilot.press("enter")
        await on_step(pilot, app, AskDialog)
        await until(pilot, lambda: "Cancel the" in screen_text(app))
        shown = flat(dialog_text(app))
        assert re.search(r"Cancel the Validation of carnet CHPR00009361 \(\d\d/\d\d/\d{4} \d\d:\d\d\)\? Type the "
                         r"holder's cancellation code\.", shown), shown


async def test_the_token_dialog_reads_whole(world: World) -> None:
    dialog = TokenDialog("This machine has no keyring to keep your token: type it for this session (it is not saved).")
    app = workstation(world)
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot, app)
        app.push_screen(dialog)
        await until(pilot, lambda: app.screen is dialog and "keyring" in screen_text(app))
        assert "type it for this session (it is not saved)." in flat(dialog_text(app))


async def test_step_4_hints_use_the_desks_dates_and_say_what_each_field_is_for(world: World) -> None:
    carnet = await _travelled(world, _eu_carnet("9362"), imported="1-20")
    code = fresh_code()
    world.declare(carnet, T.REEXPORTATION, code, "1-20")
    importation = await _travelled(world, _eu_carnet("9363"))
    import_code = fresh_code()
    world.declare(importation, T.IMPORTATION, import_code, "1-3")
    app = workstation(world)
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot, app)
        await scan(pilot, app, carnet.carnet_id, code)
        for step in (CheckCarnetScreen, CheckGoodsScreen):
            await on_step(pilot, app, step)
            await pilot.press("ctrl+n")
        await on_step(pilot, app, CommitScreen)
        shown = flat(screen_text(app))
        assert "for goods shown but staying, if any" in shown and "for goods not shown, not coming back" in shown
        await pilot.press("escape", "escape", "escape")
        await until(pilot, lambda: app.screen is app.navigator.scan)
        await pilot.press("ctrl+l")
        await scan(pilot, app, importation.carnet_id, import_code)
        for step in (CheckCarnetScreen, CheckGoodsScreen):
            await on_step(pilot, app, step)
            await pilot.press("ctrl+n")
        await on_step(pilot, app, CommitScreen)
        shown = flat(screen_text(app))
        assert "blank = the carnet's validity, 31/12/2026" in shown
        assert "2026-12-31" not in shown
