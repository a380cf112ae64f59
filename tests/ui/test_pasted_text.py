"""What the desk sends is text the central takes (docs/api.md, "Values"): a paste brings a tab, a terminal's escape
or a bidirectional override that no keyboard types, and a holder's declaration may carry them too. The desk cleans
them where they come in (the officer sees what will be sent) and before sending, so a hold, a reason or a commit is
never refused for them; a refused queued commit would wait for a supervisor."""

from __future__ import annotations

from textual import events
from textual.widgets import Input

from carnet_domain.transaction_types import TransactionType as T
from ecarnet_tui.screens.dialogs.ask import AskDialog
from ecarnet_tui.screens.wizard.check_carnet import CheckCarnetScreen
from ecarnet_tui.screens.wizard.check_goods import CheckGoodsScreen
from ecarnet_tui.screens.wizard.commit import CommitScreen
from ecarnet_tui.screens.wizard.receipt import ReceiptScreen
from ecarnet_tui.screens.wizard.scan import ScanScreen
from reference_central import records
from tests.api.helpers import fresh_code, history_of
from tests.central_world import World, make_carnet
from tests.ui.harness import message, on_step, scan, signed_in, workstation
from tests.ui.waiting import until

PASTED = "Seal\tbroken \x1b[31mred\x1b[0m\u202e label\x00"
CLEAN = "Seal broken [31mred[0m label"


async def test_a_pasted_hold_reason_is_cleaned_as_it_comes_and_the_hold_is_placed(world: World) -> None:
    carnet = world.add_carnet(make_carnet("9121", "CHPT00009121"))
    code = fresh_code()
    world.declare(carnet, T.VALIDATION, code)
    app = workstation(world, "officer.ch")
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in(pilot, app)
        await scan(pilot, app, carnet.number, code)
        await on_step(pilot, app, CheckCarnetScreen)
        await pilot.press("ctrl+o")
        await on_step(pilot, app, AskDialog)
        box = app.screen.query_one("#reason", Input)
        box.post_message(events.Paste(PASTED))
        await until(pilot, lambda: box.value == CLEAN)
        await pilot.press("enter")
        await on_step(pilot, app, ScanScreen)
        await until(pilot, lambda: "is on hold" in message(app))
    with world.store.transaction() as db:
        [hold] = records.active_holds(db, "9121")
    assert hold.reason == CLEAN


async def test_a_declaration_with_control_characters_is_committed_clean(world: World) -> None:
    """A holder's marks, and the customs reference pasted at step 4 (no longer than the central's 100 characters):
    the commit goes through, cleaned."""
    carnet = world.add_carnet(make_carnet("9122", "CHPT00009122"))
    code = fresh_code()
    world.declare(carnet, T.VALIDATION, code, identification_marks={3: "SN\x1b[5m 42\u202e", 4: "tab\there"})
    app = workstation(world, "officer.ch")
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in(pilot, app)
        await scan(pilot, app, carnet.number, code)
        for screen in (CheckCarnetScreen, CheckGoodsScreen):
            await on_step(pilot, app, screen)
            await pilot.press("ctrl+n")
        await on_step(pilot, app, CommitScreen)
        reference = app.screen.query_one("#customs_reference", Input)
        reference.focus()
        await until(pilot, lambda: app.focused is reference)
        reference.post_message(events.Paste("GVA/" + "7" * 97))
        await pilot.pause()
        assert reference.value == ""
        reference.post_message(events.Paste("GVA\t2026/0042\x1b[0m"))
        await until(pilot, lambda: reference.value == "GVA 2026/0042[0m")
        await pilot.press("ctrl+n")
        await on_step(pilot, app, ReceiptScreen)
    [validation] = history_of(world, carnet)
    assert validation.goods.identification_marks == {3: "SN[5m 42", 4: "tab\there"}
    assert validation.customs.customs_reference == "GVA 2026/0042[0m"
