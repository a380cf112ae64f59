"""At 80×24 against a real central: a controller opens one transaction of the Logs (the goods declared and those
definitively imported apart, in the local time of the office that made it, outside text shown literally) and
prints its voucher; the Logs' filters by validity, carnet type and transaction type; the On hold list's columns."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from carnet_domain.transaction_types import TransactionType as T
from central_contract.models import HoldRequest
from ecarnet_tui.app import EcarnetApp
from ecarnet_tui.screens.desk.holds import HoldsScreen
from ecarnet_tui.screens.desk.logs.filters import FilterDialog
from ecarnet_tui.screens.desk.logs.screen import LogsScreen
from ecarnet_tui.screens.desk.logs.transaction import LogTransactionScreen
from ecarnet_tui.settings import Settings
from reference_central import records
from tests.api.helpers import history_of
from tests.api.logs_world import STATUSES
from tests.central_world import World
from tests.ui.harness import message, on_step, signed_in, workstation
from tests.ui.test_holds_and_rejections import imported_carnet
from tests.ui.test_logs import column, logs_world, open_logs
from tests.ui.waiting import until

__all__ = ["logs_world"]  # the fixture, used by name

HOSTILE = "[red]x[/red]\u202e\x1b[2J"
"""A holder's text with Rich markup, a bidi override and a terminal escape."""
SHOWN = "[red]x[/red]\\u202e\\x1b[2J"
"""How it is shown: every character visible, none interpreted."""


def text_of(screen: Any, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def open_transaction(pilot: Pilot[Any], app: EcarnetApp, carnet_id: str, kind: T) -> LogTransactionScreen:
    """From the Logs' carnets, Enter on ``carnet_id``, then Enter on its transaction of type ``kind``."""
    screen = await open_logs(pilot, app)
    carnets = screen.query_one("#log-carnets", DataTable)
    await until(pilot, lambda: carnets.row_count == len(STATUSES) - 1)
    carnets.move_cursor(row=carnets.get_row_index(carnet_id))
    await pilot.press("enter")
    transactions = screen.query_one("#log-transactions", DataTable)
    await until(pilot, lambda: transactions.display and transactions.row_count > 0)
    wanted = next(tx for tx in screen.transactions.items if tx.type is kind) if screen.transactions else None
    assert wanted is not None
    transactions.move_cursor(row=transactions.get_row_index(wanted.transaction_id))
    await pilot.press("enter")
    await on_step(pilot, app, LogTransactionScreen)
    details = app.screen
    assert isinstance(details, LogTransactionScreen)
    await until(pilot, lambda: details.transaction is not None)
    return details


async def test_a_transactions_details_and_its_voucher(logs_world: World, tmp_path: Path) -> None:
    world = logs_world
    reexportation = history_of(world, "888")[-1]
    assert reexportation.type is T.REEXPORTATION
    hostile = reexportation.model_copy(update={"goods": reexportation.goods.model_copy(
        update={"holder_remarks": HOSTILE}), "customs": reexportation.customs.model_copy(
        update={"customs_reference": "MUC [b]1[/b]"})})
    with world.store.transaction() as db:
        records.replace_transaction(db, hostile)
    folder = tmp_path / "receipts"
    app = workstation(world, "controller.ch", settings=Settings(receipts_folder=str(folder)))
    async with app.run_test(size=(80, 24)) as pilot:
        details = await open_transaction(pilot, app, "888", T.REEXPORTATION)
        assert "Re-exportation of carnet CHTA00000138" in text_of(details, "#log-transaction-heading")
        fields = text_of(details, "#log-transaction-fields")
        # At München (Europe/Berlin), 5 June 2021 09:00 UTC was 11:00, as the receipt there said.
        assert "05/06/2021 11:00 (UTC+02:00)" in fields
        assert "München Flughafen" in fields and reexportation.verification_code in fields
        assert f"Holder remarks: {SHOWN}" in fields and "MUC [b]1[/b]" in fields
        declared = text_of(details, "#log-declared")
        diverted = text_of(details, "#log-diverted")
        assert declared.splitlines()[0].startswith("1-15 (15 items")
        assert len(declared.splitlines()) == 1 + 15 + 1  # the ranges, each item, the totals
        assert diverted.splitlines()[0].startswith("16-20 (5 items")
        assert len(diverted.splitlines()) == 1 + 5 + 1
        assert diverted.splitlines()[1].startswith("16 · ")
        assert "not re-exported (box F.b)" in text_of(details, "#log-diverted-heading")

        await pilot.press("ctrl+p")
        await until(pilot, lambda: "Voucher saved to" in message(app), timeout=30)
        [saved] = folder.glob("*.pdf")
        assert saved.name == f"voucher-CHTA00000138-reexportation-{reexportation.transaction_id}.pdf"
        assert str(saved) in message(app) and "TRAINING" not in message(app)
        text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(saved.read_bytes())).pages)
        assert "CHTA00000138" in text and reexportation.verification_code in text
        assert "05/06/2021 11:00" in text and "TRAINING" not in text

        await pilot.press("escape")
        await on_step(pilot, app, LogsScreen)


async def test_a_training_voucher_says_so(demo_world: World, tmp_path: Path) -> None:
    folder = tmp_path / "receipts"
    app = workstation(demo_world, "controller.ch", training=True, settings=Settings(receipts_folder=str(folder)))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_logs(pilot, app)
        await pilot.press("f3")
        transactions = screen.query_one("#log-transactions", DataTable)
        await until(pilot, lambda: transactions.display and transactions.row_count > 0)
        await pilot.press("enter")
        await on_step(pilot, app, LogTransactionScreen)
        details = app.screen
        assert isinstance(details, LogTransactionScreen)
        await until(pilot, lambda: details.transaction is not None)
        await pilot.press("ctrl+p")
        await until(pilot, lambda: "Voucher saved to" in message(app), timeout=30)
        assert message(app).startswith("TRAINING voucher, not valid.")
        [saved] = folder.glob("*.pdf")
        assert saved.name.startswith("training-voucher-")
        text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(saved.read_bytes())).pages)
        assert "TRAINING" in text


async def choose(pilot: Pilot[Any], app: EcarnetApp, select_id: str, moves: list[str]) -> None:
    """In the filter dialog, Tab to ``select_id``, open it with Enter, move with the arrows, Enter."""
    dialog = app.screen
    assert isinstance(dialog, FilterDialog)
    target = dialog.query_one(f"#{select_id}")
    for _ in range(6):
        if app.focused is target:
            break
        await pilot.press("tab")
    assert app.focused is target
    await pilot.press("enter", *moves, "enter")
    await pilot.pause()


async def filtered(pilot: Pilot[Any], app: EcarnetApp, *choices: tuple[str, list[str]]) -> None:
    """F4, the choices, then F4 to show the list so filtered."""
    await pilot.press("f4")
    await on_step(pilot, app, FilterDialog)
    for select_id, moves in choices:
        await choose(pilot, app, select_id, moves)
    await pilot.press("f4")
    await on_step(pilot, app, LogsScreen)


async def test_the_logs_filters(logs_world: World) -> None:
    app = workstation(logs_world, "controller.ch")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_logs(pilot, app)
        carnets = screen.query_one("#log-carnets", DataTable)
        await until(pilot, lambda: carnets.row_count == len(STATUSES) - 1)

        await filtered(pilot, app, ("filter-validity", ["down"]))  # valid
        await until(pilot, lambda: set(column(carnets, 1)) == {"887", "888"})
        assert "valid" in text_of(screen, "#logs-heading")
        await filtered(pilot, app, ("filter-validity", ["down"]))  # expired
        await until(pilot, lambda: set(column(carnets, 1)) == {"883", "884", "885", "886"})
        await filtered(pilot, app, ("filter-kind", ["down", "down"]))  # CPD: none here
        await until(pilot, lambda: "matches the filters" in message(app))
        assert carnets.row_count == 0
        await filtered(pilot, app, ("filter-kind", ["up"]), ("filter-validity", ["up", "up"]))  # ATA, any validity
        await until(pilot, lambda: carnets.row_count == len(STATUSES) - 1)
        assert "ATA" in text_of(screen, "#logs-heading")

        await pilot.press("f3")
        transactions = screen.query_one("#log-transactions", DataTable)
        await until(pilot, lambda: transactions.display and transactions.row_count > 5)
        await filtered(pilot, app, ("filter-type", ["down"] * 5))  # Re-exportation
        await until(pilot, lambda: set(column(transactions, 2).values()) == {"Re-exportation"})
        assert sorted(column(transactions, 0).values()) == [
            "CHTA00000134", "CHTA00000135", "CHTA00000135", "CHTA00000136", "CHTA00000138"]
        assert "Re-exportation" in text_of(screen, "#logs-heading")
        await filtered(pilot, app, ("filter-validity", ["down"]))  # valid: 888's alone
        await until(pilot, lambda: list(column(transactions, 0).values()) == ["CHTA00000138"])
        # Escape leaves the filters as they were.
        await pilot.press("f4")
        await on_step(pilot, app, FilterDialog)
        await choose(pilot, app, "filter-type", ["up"])
        await pilot.press("escape")
        await on_step(pilot, app, LogsScreen)
        await pilot.pause()
        assert list(column(transactions, 0).values()) == ["CHTA00000138"]


@pytest.mark.parametrize("diverted", ["", "16-20"])
async def test_the_on_hold_list_has_the_guides_columns(world: World, diverted: str) -> None:
    number, code = await imported_carnet(world, "9105")
    hold = await world.client("officer.ch").hold(HoldRequest(
        carnet_id="9105", transaction_code=code, step=3, reason="Broker to call", customs_reference="GVA-881",
        draft={"ranges": {"declared_goods": "1-15", "diverted_goods": diverted}}))
    with world.store.transaction() as db:  # as another client might have written it
        records.put_hold(db, hold.model_copy(update={"customs_reference": HOSTILE}))
    app = workstation(world, "officer.ch")
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in(pilot, app)
        await pilot.press("ctrl+o")
        await on_step(pilot, app, HoldsScreen)
        table = app.screen.query_one("#holds", DataTable)
        await until(pilot, lambda: table.row_count == 1)
        headings = [str(c.label) for c in table.columns.values()]
        assert headings == ["Carnet", "Type", "Transaction type", "Cleared goods", "Customs territory",
                            "Customs reference number", "Held by", "Held since", "Step", "Reason"]
        row = [str(cell) for cell in table.get_row_at(0)]
        cleared = "declared 1-15; not re-exported: 16-20" if diverted else "1-15"
        assert row[:6] == [number, "ATA", "Importation", cleared, "Switzerland", SHOWN]
        assert row[-1] == "Broker to call"
