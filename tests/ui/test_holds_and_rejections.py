"""Pausing a transaction: hold with a reason, release by another officer of the office who resumes with
everything typed, and rejection of a declaration (guide lines 2730-2765)."""

from __future__ import annotations

import httpx
from textual.widgets import DataTable, Input, Static

from carnet_domain.transaction import GoodsDeclaration
from carnet_domain.transaction_types import TransactionType as T
from central_contract.models import CommitRequest
from ecarnet_tui.screens.desk.holds import HoldsScreen
from ecarnet_tui.screens.dialogs.ask import AskDialog
from ecarnet_tui.screens.dialogs.confirm import ConfirmDialog
from ecarnet_tui.screens.wizard.check_carnet import CheckCarnetScreen
from ecarnet_tui.screens.wizard.check_goods import CheckGoodsScreen
from ecarnet_tui.screens.wizard.commit import CommitScreen
from ecarnet_tui.screens.wizard.receipt import ReceiptScreen
from ecarnet_tui.screens.wizard.scan import ScanScreen
from reference_central import records
from tests.api.helpers import fresh_code, history_of
from tests.central_world import World, make_carnet, open_session
from tests.ui.harness import message, on_step, retype, scan, signed_in, workstation
from tests.ui.waiting import until


def second_officer(world: World, account_id: str = "officer2.ch") -> str:
    """Another officer at Genève Aéroport, created by the admin through the API; returns the account."""
    admin = {"Authorization": f"Bearer {world.tokens['admin']}"}
    with httpx.Client(base_url=world.url, headers=admin) as http:
        created = http.post("/v1/accounts", json={"account_id": account_id, "display_name": "Second Officer",
                                                   "role": "officer", "office_id": "gva-airport"})
        assert created.status_code == 201, created.text
    world.tokens[account_id] = open_session(world.store, account_id, world.clock())
    return account_id


async def imported_carnet(world: World, carnet_id: str) -> tuple[str, str]:
    """An EU carnet validated and exported at Paris, ready for importation in Switzerland; returns its
    number and the holder's importation code."""
    carnet = world.add_carnet(make_carnet(carnet_id, f"FRHD{carnet_id}", home="EU"))
    fr = world.client("officer.fr")
    for kind, declared in ((T.VALIDATION, ""), (T.EXPORTATION, "1-20")):
        code = fresh_code()
        world.declare(carnet, kind, code, declared)
        await fr.commit(CommitRequest(carnet_id=carnet_id, transaction_code=code, type=kind,
                                      goods=GoodsDeclaration(declared_goods=declared)), fresh_code())
    await fr.aclose()
    code = fresh_code()
    world.declare(carnet, T.IMPORTATION, code, "1-20", means_of_transport="Air")
    return carnet.number, code


async def test_hold_at_step_three_then_release_by_another_officer_who_resumes(world: World) -> None:
    number, code = await imported_carnet(world, "9101")
    first = workstation(world, "officer.ch")
    async with first.run_test(size=(80, 24)) as pilot:
        await signed_in(pilot, first)
        await scan(pilot, first, number, code)
        await on_step(pilot, first, CheckCarnetScreen)
        await pilot.press("ctrl+n")
        await on_step(pilot, first, CheckGoodsScreen)
        await retype(pilot, first, "#declared_goods", "1-12")
        await retype(pilot, first, "#means_of_transport", "Truck GE 4471")
        await pilot.press("ctrl+o")
        await on_step(pilot, first, AskDialog)
        await pilot.press("enter")
        assert "A reason is needed" in str(first.screen.query_one("#reason-hint", Static).render())
        await pilot.press(*"Seals to check", "enter")
        await on_step(pilot, first, ScanScreen)
        await until(pilot, lambda: "is on hold" in message(first))

    with world.store.transaction() as db:
        [hold] = records.active_holds(db, "9101")
    assert (hold.step, hold.reason, hold.office_id, hold.held_by) == (3, "Seals to check", "gva-airport", "officer.ch")
    assert history_of(world, "9101")[-1].type is T.EXPORTATION

    second = workstation(world, second_officer(world))
    async with second.run_test(size=(80, 24)) as pilot:
        await signed_in(pilot, second)
        await scan(pilot, second, number, code)
        await on_step(pilot, second, CheckCarnetScreen)
        stop = str(second.screen.query_one("#stop", Static).render())
        assert "on hold" in stop
        assert "Ctrl+O" in stop
        await pilot.press("ctrl+n")
        assert isinstance(second.screen, CheckCarnetScreen)
        # At 80x24 the hold's reason is at the top of step 2, and the key bar names Ctrl+O for what it does.
        holds = second.screen.query_one("#holds", Static)
        assert "Seals to check" in str(holds.render()) and holds.region.bottom <= 24 - 3
        bar = str(second.screen.query_one("#key-bar", Static).render())
        assert "Release hold" in bar and " Hold " not in bar
        # One key press releases nothing: the officer reads who held it and why, and answers.
        await pilot.press("ctrl+o")
        await on_step(pilot, second, ConfirmDialog)
        asked = " ".join(str(s.render()) for s in second.screen.query(Static))
        assert "Seals to check" in asked and "step 3" in asked and "Genève" in asked
        await pilot.press("n")
        await on_step(pilot, second, CheckCarnetScreen)
        assert "stays on hold" in message(second)
        with world.store.transaction() as db:
            assert [h.hold_id for h in records.active_holds(db, "9101")] == [hold.hold_id]
        await pilot.press("ctrl+o")
        await on_step(pilot, second, ConfirmDialog)
        await pilot.press("y")
        await on_step(pilot, second, CheckGoodsScreen)
        await until(pilot, lambda: "Hold released" in message(second))
        assert "Seals to check" in message(second) and "step 3" in message(second)
        assert second.screen.query_one("#declared_goods", Input).value == "1-12"
        assert second.screen.query_one("#means_of_transport", Input).value == "Truck GE 4471"
        await until(pilot, lambda: "12 items" in str(second.screen.query_one("#declared-totals", Static).render()))
        await pilot.press("ctrl+n")
        await on_step(pilot, second, CommitScreen)
        await pilot.press("ctrl+n")
        await on_step(pilot, second, ReceiptScreen)

    recorded = history_of(world, "9101")[-1]
    assert (recorded.type, recorded.goods.declared_goods, recorded.goods.means_of_transport) == (
        T.IMPORTATION, "1-12", "Truck GE 4471")
    assert recorded.officer_id == "officer2.ch"
    with world.store.transaction() as db:
        released = records.hold(db, hold.hold_id)
    assert released is not None
    assert released.released_by == "officer2.ch"
    assert released.released_at is not None


async def test_the_on_hold_list_releases_and_resumes_at_step_four(world: World) -> None:
    number, code = await imported_carnet(world, "9102")
    app = workstation(world, "officer.ch")
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in(pilot, app)
        await scan(pilot, app, number, code)
        await on_step(pilot, app, CheckCarnetScreen)
        await pilot.press("ctrl+n")
        await on_step(pilot, app, CheckGoodsScreen)
        await pilot.press("ctrl+n")
        await on_step(pilot, app, CommitScreen)
        await retype(pilot, app, "#customs_reference", "GVA-881")
        await pilot.press("ctrl+o")
        await on_step(pilot, app, AskDialog)
        await pilot.press(*"Wait for the broker", "enter")
        await on_step(pilot, app, ScanScreen)

        await pilot.press("ctrl+o")
        await on_step(pilot, app, HoldsScreen)
        table = app.screen.query_one("#holds", DataTable)
        await until(pilot, lambda: table.row_count == 1)
        assert str(table.get_row_at(0)[0]) == number
        assert str(table.get_row_at(0)[-1]) == "Wait for the broker"
        details = str(app.screen.query_one("#holds-details", Static).render())
        assert number in details and "Wait for the broker" in details and "step 4" in details
        await pilot.press("enter")
        await on_step(pilot, app, ConfirmDialog)
        await pilot.press("y")
        await on_step(pilot, app, CommitScreen)
        await until(pilot, lambda: "Hold released" in message(app))
        assert app.screen.query_one("#customs_reference", Input).value == "GVA-881"
        await pilot.press("ctrl+n")
        await on_step(pilot, app, ReceiptScreen)

    recorded = history_of(world, "9102")[-1]
    assert (recorded.type, recorded.customs.customs_reference) == (T.IMPORTATION, "GVA-881")
    with world.store.transaction() as db:
        assert records.active_holds(db, "9102") == []


async def test_reject_keeps_the_voucher_usable_and_tells_later_officers(world: World) -> None:
    number, code = await imported_carnet(world, "9103")
    app = workstation(world, "officer.ch")
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in(pilot, app)
        await scan(pilot, app, number, code)
        await on_step(pilot, app, CheckCarnetScreen)
        await pilot.press("ctrl+t")
        await on_step(pilot, app, AskDialog)
        await pilot.press(*"Goods not presented", "enter")
        await on_step(pilot, app, ScanScreen)
        await until(pilot, lambda: "rejected" in message(app))

        # The voucher stays usable: the same code looks up again, and the reason is shown.
        await scan(pilot, app, number, code)
        await on_step(pilot, app, CheckCarnetScreen)
        rejections = [line for s in app.screen.query(".rejection").results(Static)
                      for line in str(s.render()).splitlines()]
        assert len(rejections) == 1
        assert "Goods not presented" in rejections[0]

    with world.store.transaction() as db:
        [rejection] = records.rejections(db, "9103", "CH")
    assert (rejection.reason, rejection.rejected_by, rejection.transaction_code) == (
        "Goods not presented", "officer.ch", code)
    assert history_of(world, "9103")[-1].type is T.EXPORTATION
