"""Every transaction type through all five steps of the wizard, by keyboard at 80×24, like an officer.

Each test builds the carnet's past through the real HTTP API (so the type is allowed), then scans the holder's
code, checks the type at step 2, changes at step 3 what the officer may change for that type, fills in step 4,
commits, and reads back from the central's SQLite store what was recorded. The receipt must show the recorded
verification code, and New transaction must bring back an empty step 1 listing the new transaction.
"""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, OptionList, Select, Static

from carnet_domain.carnet import Carnet
from carnet_domain.transaction import GoodsDeclaration, Transaction
from carnet_domain.transaction_types import TransactionType as T
from central_contract.models import CommitRequest, EuStep
from ecarnet_tui.app import EcarnetApp
from ecarnet_tui.screens.dialogs.mark import MarkDialog
from ecarnet_tui.screens.wizard.check_carnet import CheckCarnetScreen
from ecarnet_tui.screens.wizard.check_goods import CheckGoodsScreen
from ecarnet_tui.screens.wizard.commit import CommitScreen
from ecarnet_tui.screens.wizard.receipt import ReceiptScreen
from ecarnet_tui.screens.wizard.scan import ScanScreen
from ecarnet_tui.texts.labels import type_name
from ecarnet_tui.widgets.goods_table import GoodsTable
from tests.api.helpers import fresh_code, history_of
from tests.central_world import World, make_carnet
from tests.ui.harness import choose_office, message, on_step, retype, scan, signed_in, workstation
from tests.ui.waiting import until

SIZE = (80, 24)
VALID_UNTIL = date(2026, 12, 31)
"""What :func:`make_carnet` gives every carnet; the clock stands at 2026-06-15."""

_serial = itertools.count(1)


# --- the carnet's past, through the API ------------------------------------------------------------------


def new_carnet(world: World, home: str = "CH") -> Carnet:
    n = next(_serial)
    return world.add_carnet(make_carnet(str(60 + n), f"{home}-W{n:04d}", home=home))


async def prior(
    world: World, account: str, carnet: Carnet, kind: T, declared: str = "", *, eu_step: EuStep | None = None,
) -> Transaction:
    """A holder's declaration of ``kind`` committed by ``account`` through the API, at the account's office."""
    code = fresh_code()
    world.declare(carnet, kind, code, declared)
    body = CommitRequest(
        carnet_id=carnet.carnet_id, transaction_code=code, type=kind, eu_step=eu_step,
        goods=GoodsDeclaration(declared_goods=declared),
    )
    return (await world.client(account).commit(body, str(uuid.uuid4()))).transaction


async def exported_eu_carnet(world: World) -> Carnet:
    """A carnet of home EU, validated and exported (Export and Exit at once) at Paris CDG: ready to enter CH."""
    carnet = new_carnet(world, home="EU")
    await prior(world, "officer.fr", carnet, T.VALIDATION)
    await prior(world, "officer.fr", carnet, T.EXPORTATION, "1-20", eu_step=EuStep.EXIT)
    return carnet


# --- what the officer does --------------------------------------------------------------------------------


def shown(app: EcarnetApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def on_screen(app: EcarnetApp, selector: str) -> str:
    """What the officer actually sees of a widget: its lines as drawn, cropped to its size."""
    widget = app.screen.query_one(selector)
    lines = widget.render_lines(Region(0, 0, *widget.outer_size))
    return "\n".join(line.text for line in lines)


def field(app: EcarnetApp, selector: str) -> Input:
    return app.screen.query_one(selector, Input)


async def to_step_3(
    pilot: Pilot[Any], app: EcarnetApp, office_id: str, carnet_ref: str, code: str, kind: T,
) -> None:
    """Sign in, choose the office, scan; check step 2 shows the type and no stop; go on to step 3."""
    await signed_in(pilot, app)
    await choose_office(pilot, app, office_id)
    await scan(pilot, app, carnet_ref, code)
    await on_step(pilot, app, CheckCarnetScreen)
    assert type_name(kind).upper() in on_screen(app, "#step-bar"), "the officer must see the type (guide 1880)"
    assert "2 Check carnet" in on_screen(app, "#step-bar")
    assert not app.screen.query_one("#stop").display, shown(app, "#stop")
    await pilot.press("ctrl+n")
    await on_step(pilot, app, CheckGoodsScreen)
    assert type_name(kind).upper() in on_screen(app, "#step-bar")


async def update_range(pilot: Pilot[Any], app: EcarnetApp, selector: str, text: str, totals: str) -> None:
    """Type an item range, apply it with ctrl+u (the footer's Update) and wait for the ``totals`` line to change."""
    before = shown(app, totals)
    await retype(pilot, app, selector, text)
    await pilot.press("ctrl+u")
    await until(pilot, lambda: shown(app, totals) != before)
    assert field(app, selector).value == text, "ctrl+u must apply the range, not delete it"
    assert message(app) == ""


async def mark(pilot: Pilot[Any], app: EcarnetApp, item_no: int, text: str, *, keep: bool = True) -> None:
    """With the goods table focused on ``item_no``: Enter opens the marks dialog, type, Enter keeps / Esc."""
    step = app.screen
    assert isinstance(step, CheckGoodsScreen)
    table = step.query_one("#goods", GoodsTable)
    assert app.focused is table and table.item_at_cursor() == item_no
    before = step.draft.marks.get(item_no, "")
    await pilot.press("enter")
    await on_step(pilot, app, MarkDialog)
    assert f"item {item_no}:" in str(app.screen.query_one("Label").render())
    await pilot.press(*(["home", "ctrl+k"] if before else []), *text, "enter" if keep else "escape")
    await on_step(pilot, app, CheckGoodsScreen)
    expected = text if keep else before
    assert step.draft.marks.get(item_no, "") == expected
    row = table.row_text(table.cursor_row)
    assert row.split()[0] == str(item_no)
    assert row.rstrip().endswith(expected) and (keep or text not in row)


async def mark_found(pilot: Pilot[Any], app: EcarnetApp, needle: str, item_no: int, text: str) -> None:
    """ctrl+f, type a filter, Enter to the table (first match) and mark that item; the filter stays."""
    await pilot.press("ctrl+f")
    await until(pilot, lambda: app.focused is field(app, "#filter"))
    await pilot.press(*needle, "enter")
    table = app.screen.query_one("#goods", GoodsTable)
    await until(pilot, lambda: app.focused is table and table.item_at_cursor() == item_no)
    await mark(pilot, app, item_no, text)


async def choose(pilot: Pilot[Any], app: EcarnetApp, selector: str, moves: list[str], value: str) -> None:
    """Open a Select with Enter, move with the arrows, Enter to choose."""
    select = app.screen.query_one(selector, Select)
    select.focus()
    await until(pilot, lambda: app.focused is select)
    await pilot.press("enter")
    await until(pilot, lambda: select.expanded)
    await pilot.press(*moves, "enter")
    await until(pilot, lambda: not select.expanded and select.value == value)


async def commit_to_receipt(
    pilot: Pilot[Any], app: EcarnetApp, world: World, carnet: Carnet, count: int,
) -> Transaction:
    """ctrl+n at step 4; the receipt shows the verification code the central recorded; returns that record."""
    step = app.screen
    assert isinstance(step, CommitScreen)
    kind = type_name(step.draft.kind).upper()
    assert kind in on_screen(app, "#step-bar")
    await pilot.press("ctrl+n")
    await on_step(pilot, app, ReceiptScreen)
    assert kind in on_screen(app, "#step-bar") and "5 Receipt" in on_screen(app, "#step-bar")
    history = history_of(world, carnet)
    assert len(history) == count, history
    recorded = history[-1]
    assert shown(app, "#verification-code") == recorded.verification_code
    assert type_name(recorded.type) in shown(app, "#receipt-summary")
    return recorded


async def new_transaction(pilot: Pilot[Any], app: EcarnetApp, recorded: Transaction) -> None:
    """ctrl+n on the receipt: step 1 again, empty, and the office's last transactions list the new one."""
    await pilot.press("ctrl+n")
    await on_step(pilot, app, ScanScreen)
    assert app.navigator.scan.query_one("#carnet", Input).value == ""
    assert app.navigator.scan.query_one("#code", Input).value == ""
    assert app.focused is app.navigator.scan.query_one("#carnet", Input)
    table = app.navigator.scan.query_one("#last-transactions", DataTable)
    await until(pilot, lambda: recorded.transaction_id in table.rows)
    row = [str(cell) for cell in table.get_row(recorded.transaction_id)]
    assert row[:3] == [recorded.carnet_id, recorded.carnet_number, type_name(recorded.type)]
    assert row[3] == "Committed"
    assert row[5] == recorded.goods.declared_goods


@dataclass(frozen=True)
class Officer:
    account: str
    office_id: str


CH_GVA = Officer("officer.ch", "gva-airport")
CH_BARDONNEX = Officer("officer.ch", "bardonnex")


def by(recorded: Transaction, officer: Officer) -> None:
    assert recorded.office_id == officer.office_id
    assert recorded.officer_id == officer.account
    assert recorded.committed


# --- the seven types ---------------------------------------------------------------------------------------


async def test_validation(world: World, close_clients: None) -> None:
    carnet = new_carnet(world)
    code = fresh_code()
    world.declare(carnet, T.VALIDATION, code, "", identification_marks={2: "SN-2"}, means_of_transport="van")
    app = workstation(world)
    async with app.run_test(size=SIZE) as pilot:
        await to_step_3(pilot, app, CH_GVA.office_id, carnet.number, code, T.VALIDATION)
        # Validation covers the whole general list: the range is shown but cannot be changed.
        assert field(app, "#declared_goods").disabled
        assert field(app, "#declared_goods").value == "1-20"
        assert "20 items, 20 pieces, CHF\u00a02,000.00" in shown(app, "#declared-totals")
        assert not app.screen.query("#means_of_transport")
        table = app.screen.query_one("#goods", GoodsTable)
        table.focus()
        await until(pilot, lambda: app.focused is table)
        await pilot.press("down", "down")
        await mark(pilot, app, 3, "S77")
        await pilot.press("down")
        await mark(pilot, app, 4, "zz", keep=False)
        await pilot.press("ctrl+n")
        await on_step(pilot, app, CommitScreen)
        assert not app.screen.query("#final-date") and not app.screen.query("#eu-step")
        assert app.screen.query_one("#goods-examined", Select).value == "no"
        await choose(pilot, app, "#goods-examined", ["down"], "yes")
        await retype(pilot, app, "#customs_reference", "G1")
        await retype(pilot, app, "#customs_remarks", "s 3")
        recorded = await commit_to_receipt(pilot, app, world, carnet, 1)
        assert recorded.type is T.VALIDATION
        assert recorded.goods.declared_goods == "1-20"
        assert recorded.goods.identification_marks == {2: "SN-2", 3: "S77"}
        assert recorded.goods.means_of_transport == ""  # not a field of a Validation
        assert recorded.customs.goods_examined is True
        assert recorded.customs.final_date is None
        assert recorded.customs.customs_reference == "G1"
        assert recorded.customs.customs_remarks == "s 3"
        assert recorded.transaction_code == code
        by(recorded, CH_GVA)
        await new_transaction(pilot, app, recorded)


async def test_exportation(world: World, close_clients: None) -> None:
    carnet = new_carnet(world)
    await prior(world, "officer.ch", carnet, T.VALIDATION)
    code = fresh_code()
    world.declare(carnet, T.EXPORTATION, code, "1-20", means_of_transport="truck GE 123",
                  packaging_details="3 cases", holder_remarks="fragile")
    app = workstation(world)
    async with app.run_test(size=SIZE) as pilot:
        await to_step_3(pilot, app, CH_GVA.office_id, carnet.carnet_id, code, T.EXPORTATION)
        assert field(app, "#declared_goods").value == "1-20"
        await update_range(pilot, app, "#declared_goods", "1-12, 15", "#declared-totals")
        assert "13 items, 13 pieces, CHF\u00a01,300.00" in shown(app, "#declared-totals")
        await mark_found(pilot, app, "15", 15, "N15")
        assert field(app, "#means_of_transport").value == "truck GE 123"
        await retype(pilot, app, "#means_of_transport", "van")
        await pilot.press("ctrl+n")
        await on_step(pilot, app, CommitScreen)
        assert not app.screen.query("#eu-step"), "Switzerland exports in one step"
        assert not app.screen.query("#goods-examined")
        await retype(pilot, app, "#final-date", "2026-11-30")
        await retype(pilot, app, "#customs_reference", "E1")
        await retype(pilot, app, "#customs_remarks", "part")
        recorded = await commit_to_receipt(pilot, app, world, carnet, 2)
        assert recorded.type is T.EXPORTATION
        assert recorded.goods.declared_goods == "1-12,15"
        assert recorded.goods.identification_marks == {15: "N15"}
        assert recorded.goods.means_of_transport == "van"
        assert recorded.goods.packaging_details == "3 cases"
        assert recorded.goods.holder_remarks == "fragile"
        assert recorded.customs.final_date == date(2026, 11, 30)
        assert recorded.customs.customs_reference == "E1"
        assert recorded.customs.customs_remarks == "part"
        assert recorded.customs.goods_examined is None
        assert "Final date: 30/11/2026" in shown(app, "#receipt-summary")
        by(recorded, CH_GVA)
        await new_transaction(pilot, app, recorded)


@pytest.mark.parametrize(
    ("typed", "final"),
    [("", VALID_UNTIL), ("30.09.2026", date(2026, 9, 30))],
    ids=["blank-final-date-is-validity", "typed-final-date"],
)
async def test_importation(world: World, close_clients: None, typed: str, final: date) -> None:
    carnet = await exported_eu_carnet(world)
    code = fresh_code()
    world.declare(carnet, T.IMPORTATION, code, "1-20", place_of_use="Palexpo, Geneva",
                  means_of_transport="truck F-123", identification_marks={1: "LOGO"})
    app = workstation(world)
    async with app.run_test(size=SIZE) as pilot:
        await to_step_3(pilot, app, CH_BARDONNEX.office_id, carnet.carnet_id, code, T.IMPORTATION)
        await update_range(pilot, app, "#declared_goods", "1-10", "#declared-totals")
        assert "10 items, 10 pieces, CHF\u00a01,000.00" in shown(app, "#declared-totals")
        assert field(app, "#place_of_use").value == "Palexpo, Geneva"
        await retype(pilot, app, "#means_of_transport", "van")
        await pilot.press("ctrl+n")
        await on_step(pilot, app, CommitScreen)
        assert field(app, "#final-date").placeholder == "blank = the carnet's validity, 31/12/2026"
        if typed:
            await retype(pilot, app, "#final-date", typed)
        await retype(pilot, app, "#customs_reference", "I7")
        await retype(pilot, app, "#customs_remarks", "ta")
        recorded = await commit_to_receipt(pilot, app, world, carnet, 4)
        assert recorded.type is T.IMPORTATION
        assert recorded.territory == "CH"
        assert recorded.goods.declared_goods == "1-10"
        assert recorded.goods.identification_marks == {1: "LOGO"}
        assert recorded.goods.place_of_use == "Palexpo, Geneva"
        assert recorded.goods.means_of_transport == "van"
        assert recorded.customs.final_date == final
        assert recorded.customs.customs_reference == "I7"
        assert recorded.customs.customs_remarks == "ta"
        assert f"Final date: {final:%d/%m/%Y}" in shown(app, "#receipt-summary")
        by(recorded, CH_BARDONNEX)
        await new_transaction(pilot, app, recorded)


async def test_reexportation(world: World, close_clients: None) -> None:
    carnet = await exported_eu_carnet(world)
    await prior(world, "officer.ch", carnet, T.IMPORTATION, "1-20")
    code = fresh_code()
    world.declare(carnet, T.REEXPORTATION, code, "1-20", means_of_transport="truck F-123")
    app = workstation(world)
    async with app.run_test(size=SIZE) as pilot:
        await to_step_3(pilot, app, CH_GVA.office_id, carnet.carnet_id, code, T.REEXPORTATION)
        await update_range(pilot, app, "#declared_goods", "1-17", "#declared-totals")
        assert "17 items" in shown(app, "#declared-totals")
        await update_range(pilot, app, "#diverted_goods", "18-20", "#diverted_goods-totals")
        assert "3 items, 3 pieces, CHF\u00a0300.00" in shown(app, "#diverted_goods-totals")
        await pilot.press("ctrl+n")
        await on_step(pilot, app, CommitScreen)
        assert "Not re-exported / re-imported: 18-20" in shown(app, "#declared-summary")
        assert not app.screen.query("#final-date")
        await retype(pilot, app, "#action_goods_produced", "paid")
        await retype(pilot, app, "#action_goods_not_produced", "gone")
        await retype(pilot, app, "#customs_reference", "X3")
        await retype(pilot, app, "#customs_remarks", "3 stay")
        recorded = await commit_to_receipt(pilot, app, world, carnet, 5)
        assert recorded.type is T.REEXPORTATION
        assert recorded.goods.declared_goods == "1-17"
        assert recorded.goods.diverted_goods == "18-20"
        assert recorded.goods.processed_abroad == ""
        assert recorded.goods.means_of_transport == "truck F-123"
        assert recorded.customs.action_goods_produced == "paid"
        assert recorded.customs.action_goods_not_produced == "gone"
        assert recorded.customs.customs_reference == "X3"
        assert recorded.customs.customs_remarks == "3 stay"
        assert recorded.confirmed_warnings == ()
        assert "Not re-exported / re-imported: 18-20" in shown(app, "#receipt-summary")
        by(recorded, CH_GVA)
        await new_transaction(pilot, app, recorded)


async def test_reimportation(world: World, close_clients: None) -> None:
    carnet = new_carnet(world)
    await prior(world, "officer.ch", carnet, T.VALIDATION)
    await prior(world, "officer.ch", carnet, T.EXPORTATION, "1-20")
    code = fresh_code()
    world.declare(carnet, T.REIMPORTATION, code, "1-20", packaging_details="pallets")
    app = workstation(world)
    async with app.run_test(size=SIZE) as pilot:
        await to_step_3(pilot, app, CH_BARDONNEX.office_id, carnet.carnet_id, code, T.REIMPORTATION)
        await update_range(pilot, app, "#declared_goods", "1-16", "#declared-totals")
        # Enter in a range field applies it too.
        before = shown(app, "#diverted_goods-totals")
        await retype(pilot, app, "#diverted_goods", "17-20")
        await pilot.press("enter")
        await until(pilot, lambda: shown(app, "#diverted_goods-totals") != before)
        assert "4 items" in shown(app, "#diverted_goods-totals")
        await update_range(pilot, app, "#processed_abroad", "3", "#processed_abroad-totals")
        assert "1 item, 1 piece, CHF\u00a0100.00" in shown(app, "#processed_abroad-totals")
        await pilot.press("ctrl+n")
        await on_step(pilot, app, CommitScreen)
        assert not app.screen.query("#final-date")
        assert not app.screen.query("#action_goods_produced")
        await retype(pilot, app, "#customs_reference", "M9")
        await retype(pilot, app, "#customs_remarks", "fixed")
        recorded = await commit_to_receipt(pilot, app, world, carnet, 3)
        assert recorded.type is T.REIMPORTATION
        assert recorded.goods.declared_goods == "1-16"
        assert recorded.goods.diverted_goods == "17-20"
        assert recorded.goods.processed_abroad == "3"
        assert recorded.goods.packaging_details == "pallets"
        assert recorded.customs.customs_reference == "M9"
        assert recorded.customs.customs_remarks == "fixed"
        assert recorded.customs.final_date is None
        by(recorded, CH_BARDONNEX)
        await new_transaction(pilot, app, recorded)


async def test_transit_open(world: World, close_clients: None) -> None:
    carnet = await exported_eu_carnet(world)
    code = fresh_code()
    world.declare(carnet, T.TRANSIT_OPEN, code, "1-20", place_of_use="Basel", means_of_transport="truck F-1")
    app = workstation(world)
    async with app.run_test(size=SIZE) as pilot:
        await to_step_3(pilot, app, CH_GVA.office_id, carnet.carnet_id, code, T.TRANSIT_OPEN)
        await mark_found(pilot, app, "7", 7, "C7")
        await retype(pilot, app, "#means_of_transport", "rail")
        await pilot.press("ctrl+n")
        await on_step(pilot, app, CommitScreen)
        await retype(pilot, app, "#final-date", "15/07/2026")
        await retype(pilot, app, "#customs_seals", "G1, G2")
        await retype(pilot, app, "#customs_reference", "T1")
        await retype(pilot, app, "#customs_remarks", "ok")
        recorded = await commit_to_receipt(pilot, app, world, carnet, 4)
        assert recorded.type is T.TRANSIT_OPEN
        assert recorded.goods.declared_goods == "1-20"
        assert recorded.goods.identification_marks == {7: "C7"}
        assert recorded.goods.place_of_use == "Basel"
        assert recorded.goods.means_of_transport == "rail"
        assert recorded.customs.final_date == date(2026, 7, 15)
        assert recorded.customs.customs_seals == "G1, G2"
        assert recorded.customs.customs_reference == "T1"
        assert recorded.customs.customs_remarks == "ok"
        by(recorded, CH_GVA)
        await new_transaction(pilot, app, recorded)


async def test_transit_close(world: World, close_clients: None) -> None:
    carnet = await exported_eu_carnet(world)
    await prior(world, "officer.ch", carnet, T.TRANSIT_OPEN, "1-8")
    code = fresh_code()
    world.declare(carnet, T.TRANSIT_CLOSE, code, "1-10", means_of_transport="truck F-1")
    app = workstation(world)
    async with app.run_test(size=SIZE) as pilot:
        await to_step_3(pilot, app, CH_BARDONNEX.office_id, carnet.carnet_id, code, T.TRANSIT_CLOSE)
        assert "10 items" in shown(app, "#declared-totals")
        # The holder declared more than went into transit: the officer corrects it to what was opened.
        await update_range(pilot, app, "#declared_goods", "1-8", "#declared-totals")
        assert "8 items, 8 pieces, CHF\u00a0800.00" in shown(app, "#declared-totals")
        await pilot.press("ctrl+n")
        await on_step(pilot, app, CommitScreen)
        assert not app.screen.query("#final-date") and not app.screen.query("#customs_seals")
        await retype(pilot, app, "#customs_reference", "T2")
        await retype(pilot, app, "#customs_remarks", "intact")
        recorded = await commit_to_receipt(pilot, app, world, carnet, 5)
        assert recorded.type is T.TRANSIT_CLOSE
        assert recorded.goods.declared_goods == "1-8"
        assert recorded.goods.means_of_transport == "truck F-1"
        assert recorded.customs.customs_reference == "T2"
        assert recorded.customs.customs_remarks == "intact"
        assert recorded.confirmed_warnings == ()
        by(recorded, CH_BARDONNEX)
        await new_transaction(pilot, app, recorded)


# --- the EU's two steps ------------------------------------------------------------------------------------


async def test_eu_export_at_one_office_then_exit_at_another(world: World, close_clients: None) -> None:
    cdg, orly = Officer("officer.fr", "cdg"), Officer("officer.fr", "orly")
    carnet = new_carnet(world, home="EU")
    await prior(world, "officer.fr", carnet, T.VALIDATION)
    code = fresh_code()
    world.declare(carnet, T.EXPORTATION, code, "1-20", means_of_transport="AF 1234")
    app = workstation(world, "officer.fr")
    async with app.run_test(size=SIZE) as pilot:
        # Export (pre-exportation) at Charles de Gaulle.
        await to_step_3(pilot, app, cdg.office_id, carnet.carnet_id, code, T.EXPORTATION)
        await update_range(pilot, app, "#declared_goods", "1-5", "#declared-totals")
        await pilot.press("ctrl+n")
        await on_step(pilot, app, CommitScreen)
        eu_step = app.screen.query_one("#eu-step", Select)
        assert eu_step.value == EuStep.EXIT.value
        assert eu_step.query_one("SelectOverlay", OptionList).option_count == 2
        await choose(pilot, app, "#eu-step", ["up"], EuStep.EXPORT.value)
        await retype(pilot, app, "#final-date", "2026-10-31")
        await retype(pilot, app, "#customs_reference", "C1")
        await retype(pilot, app, "#customs_remarks", "pre")
        recorded = await commit_to_receipt(pilot, app, world, carnet, 2)
        assert recorded.type is T.PRE_EXPORTATION
        assert recorded.goods.declared_goods == "1-5"
        assert recorded.goods.means_of_transport == "AF 1234"
        assert recorded.customs.final_date == date(2026, 10, 31)
        assert recorded.customs.customs_reference == "C1"
        assert recorded.customs.customs_remarks == "pre"
        assert recorded.territory == "EU"
        by(recorded, cdg)
        await new_transaction(pilot, app, recorded)

        # Exit with the same code at Orly: Export is no longer offered, and step 3 starts from what the Export
        # recorded (1-5, and its final date), not from the holder's declaration (1-20).
        await to_step_3(pilot, app, orly.office_id, carnet.carnet_id, code, T.EXPORTATION)
        assert app.screen.query_one("#declared_goods", Input).value == "1-5"
        await until(pilot, lambda: "Declared: 5 items, 5 pieces" in shown(app, "#declared-totals"))
        await pilot.press("ctrl+n")
        await on_step(pilot, app, CommitScreen)
        eu_step = app.screen.query_one("#eu-step", Select)
        assert eu_step.value == EuStep.EXIT.value
        assert eu_step.query_one("SelectOverlay", OptionList).option_count == 1
        assert app.screen.query_one("#final-date", Input).value == "2026-10-31"
        await retype(pilot, app, "#customs_reference", "O1")
        await retype(pilot, app, "#customs_remarks", "AF")
        exit_ = await commit_to_receipt(pilot, app, world, carnet, 3)
        assert exit_.type is T.EXPORTATION
        assert exit_.transaction_code == code
        assert exit_.goods.declared_goods == "1-5"
        assert exit_.customs.final_date == date(2026, 10, 31)
        assert exit_.customs.customs_reference == "O1"
        assert exit_.customs.customs_remarks == "AF"
        by(exit_, orly)
        assert [t.type for t in history_of(world, carnet)] == [T.VALIDATION, T.PRE_EXPORTATION, T.EXPORTATION]
        assert "Pre-exportation recorded with it" not in shown(app, "#receipt-summary")
        await new_transaction(pilot, app, exit_)
