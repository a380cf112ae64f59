"""The flows of the desk as the navigator drives them: what each screen says it is done with (the messages that go
up) and what the central holds after. Screens know neither the app nor each other: a step posts ``Next``, a list
names a place with ``Open``, a transaction over posts ``Finished``, a released hold ``Resume``."""

from __future__ import annotations

from pathlib import Path

from textual.message import Message
from textual.widgets import DataTable, OptionList, Static

from carnet_domain.transaction_types import TransactionType as T
from ecarnet_tui.screens.common.places import Place
from ecarnet_tui.screens.common.step import StepScreen
from ecarnet_tui.screens.common.workstation import WorkstationScreen
from ecarnet_tui.screens.desk.holds import HoldsScreen
from ecarnet_tui.screens.desk.predeclaration import PreDeclarationScreen
from ecarnet_tui.screens.desk.predeclarations import PreDeclarationsScreen
from ecarnet_tui.screens.desk.transit import TransitDetailsScreen
from ecarnet_tui.screens.desk.transits import TransitScreen
from ecarnet_tui.screens.dialogs.ask import AskDialog
from ecarnet_tui.screens.dialogs.confirm import ConfirmDialog
from ecarnet_tui.screens.dialogs.desk_menu import DeskMenu
from ecarnet_tui.screens.wizard.check_carnet import CheckCarnetScreen
from ecarnet_tui.screens.wizard.check_goods import CheckGoodsScreen
from ecarnet_tui.screens.wizard.commit import CommitScreen
from ecarnet_tui.screens.wizard.receipt import ReceiptScreen
from offline_queue.items import ItemState
from offline_queue.store import QueueStore
from tests.api.helpers import history_of
from tests.central_world import World
from tests.ui.harness import message, on_step, retype, scan, signed_in, workstation
from tests.ui.switchable_link import SwitchableLink
from tests.ui.test_holds_and_rejections import imported_carnet
from tests.ui.test_offline import SIZE, _desk, _exported, _looked_up_then_offline, _through_offline_wizard, link
from tests.ui.test_vehicle_passages import code_of, through_commit, to_step3
from tests.ui.waiting import until

__all__ = ["link"]

FLOW = (WorkstationScreen.Begin, StepScreen.Next, WorkstationScreen.Finished, WorkstationScreen.Resume,
        WorkstationScreen.Open, StepScreen.Redo)


def flow(seen: list[Message]) -> list[str]:
    """The navigation messages, in order, with what they carry that matters (each once: the hook sees a message at
    the screen that posts it and again at the app it bubbles to)."""
    told = []
    unique = list({id(m): m for m in seen}.values())
    for m in unique:
        if isinstance(m, StepScreen.Next):
            told.append(f"Next from {type(m.step).__name__}")
        elif isinstance(m, WorkstationScreen.Open):
            told.append(f"Open {m.place.value}")
        elif isinstance(m, FLOW):
            told.append(type(m).__name__)
    return told


async def test_an_ata_importation_from_the_scan_to_the_receipt(world: World) -> None:
    number, code = await imported_carnet(world, "9381")
    seen: list[Message] = []
    app = workstation(world)
    async with app.run_test(size=SIZE, message_hook=seen.append) as pilot:
        await signed_in(pilot, app)
        await scan(pilot, app, number, code)
        for step in (CheckCarnetScreen, CheckGoodsScreen, CommitScreen):
            await on_step(pilot, app, step)
            await pilot.press("ctrl+n")
        await on_step(pilot, app, ReceiptScreen)
        await pilot.press("ctrl+n")
        await until(pilot, lambda: app.screen is app.navigator.scan)
    assert flow(seen) == ["Begin", "Next from CheckCarnetScreen", "Next from CheckGoodsScreen",
                          "Next from CommitScreen", "Finished"]
    recorded = history_of(world, "9381")[-1]
    assert (recorded.type, recorded.office_id, recorded.goods.declared_goods) == (T.IMPORTATION, "gva-airport", "1-20")


async def test_a_vehicle_enters_through_check_vehicle(demo_world: World) -> None:
    seen: list[Message] = []
    app = workstation(demo_world, training=True)
    async with app.run_test(size=(100, 40), message_hook=seen.append) as pilot:
        await to_step3(pilot, app, "120020", code_of(demo_world, "120020", T.IMPORTATION))
        await through_commit(pilot, app)
    assert flow(seen) == ["Begin", "Next from CheckCarnetScreen", "Next from CheckVehicleScreen",
                          "Next from CommitScreen"]
    assert history_of(demo_world, "120020")[-1].type is T.IMPORTATION


async def test_a_hold_ends_the_transaction_and_its_release_resumes_it(world: World) -> None:
    number, code = await imported_carnet(world, "9382")
    seen: list[Message] = []
    app = workstation(world)
    async with app.run_test(size=SIZE, message_hook=seen.append) as pilot:
        await signed_in(pilot, app)
        await scan(pilot, app, number, code)
        await on_step(pilot, app, CheckCarnetScreen)
        await pilot.press("ctrl+n")
        await on_step(pilot, app, CheckGoodsScreen)
        await retype(pilot, app, "#declared_goods", "1-7")
        await pilot.press("ctrl+o")
        await on_step(pilot, app, AskDialog)
        await pilot.press(*"Broker to call", "enter")
        await until(pilot, lambda: app.screen is app.navigator.scan and "is on hold" in message(app))
        await pilot.press("ctrl+o")
        await on_step(pilot, app, HoldsScreen)
        table = app.screen.query_one("#holds", DataTable)
        await until(pilot, lambda: table.row_count == 1)
        await pilot.press("enter")
        await on_step(pilot, app, ConfirmDialog)
        await pilot.press("y")
        await on_step(pilot, app, CheckGoodsScreen)  # where the hold stopped, with what was typed
        assert app.screen.query_one("#declared_goods").value == "1-7"  # type: ignore[attr-defined]
    assert flow(seen) == ["Begin", "Next from CheckCarnetScreen", "Finished", "Open holds", "Resume"]


async def test_the_desks_lists_open_their_details_through_the_navigator(demo_world: World) -> None:
    seen: list[Message] = []
    app = workstation(demo_world, "controller.ch", training=True)
    async with app.run_test(size=SIZE, message_hook=seen.append) as pilot:
        await signed_in(pilot, app)
        for place, screen, table_id, details in (
            (Place.PREDECLARATIONS, PreDeclarationsScreen, "#predeclarations", PreDeclarationScreen),
            (Place.TRANSITS, TransitScreen, "#transits", TransitDetailsScreen),
        ):
            await pilot.press("ctrl+d")
            await on_step(pilot, app, DeskMenu)
            menu = app.screen.query_one(OptionList)
            menu.highlighted = next(i for i in range(menu.option_count)
                                    if menu.get_option_at_index(i).id == place.value)
            await pilot.press("enter")
            await on_step(pilot, app, screen)
            table = app.screen.query_one(table_id, DataTable)
            await until(pilot, lambda: table.row_count > 0)  # noqa: B023
            table.focus()
            await pilot.press("enter")
            await on_step(pilot, app, details)
            assert app.screen.query(Static)
            await pilot.press("escape")
            await on_step(pilot, app, screen)
            await pilot.press("escape")
            await until(pilot, lambda: app.screen is app.navigator.scan)
    # The desk's menu is a dialog: it answers the navigator with the place chosen (dismiss), no message.
    assert flow(seen) == ["Open desk", "Open predeclaration", "Open desk", "Open transit"]


async def test_a_queued_commit_settles_on_its_receipt(world: World, link: SwitchableLink, tmp_path: Path) -> None:
    carnet, code = await _exported(world, "9383")
    queue = QueueStore.open(tmp_path / "queue.sqlite3", clock=world.clock)
    seen: list[Message] = []
    app = _desk(world, link, queue)
    async with app.run_test(size=SIZE, message_hook=seen.append) as pilot:
        await _looked_up_then_offline(pilot, app, link, carnet, code)
        await _through_offline_wizard(pilot, app, carnet, code)
        receipt = app.screen
        [item] = queue.items()
        await link.up()
        await pilot.press("ctrl+r")
        await until(pilot, lambda: queue.item(item.seq).state is ItemState.SENT, timeout=30)
        recorded = history_of(world, carnet.carnet_id)[-1]
        await until(pilot, lambda: recorded.verification_code in str(receipt.query_one("#verification-code",
                                                                                       Static).render()))
        assert "final" in message(app)
    assert flow(seen)[-3:] == ["Next from CheckCarnetScreen", "Next from CheckGoodsScreen", "Next from CommitScreen"]
    assert recorded.type is T.IMPORTATION
    queue.close()
