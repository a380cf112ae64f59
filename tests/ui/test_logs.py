"""The Logs screen against a real central: a controller reads the guide's reconciliation statuses, opens a
carnet's transactions and exports the lists and the carnet's transactions; an officer is told the logs are
not for them."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import openpyxl
import pytest
from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from ecarnet_tui.app import EcarnetApp
from ecarnet_tui.screens.common.places import Place
from ecarnet_tui.screens.desk.logs.filters import FilterDialog
from ecarnet_tui.screens.desk.logs.screen import LogsScreen
from ecarnet_tui.settings import Settings
from reference_central import records
from tests.api.helpers import Journey, history_of
from tests.api.logs_world import ONLY_EU, STATUSES, build_logs
from tests.api.test_cpd_logs import DEADLINE, DISCHARGED, EXIT_CANCELLED, UNDISCHARGED, VALID_CPD, build_cpds
from tests.central_world import World
from tests.ui.harness import message, on_step, open_place, signed_in, workstation
from tests.ui.waiting import until

SHOWN = {"to_check": "To check", "terminated": "Terminated", "n/a": "N/A"}


@pytest.fixture
async def logs_world(world: World, close_clients: None) -> World:
    headers = {"Authorization": f"Bearer {world.tokens['controller.ch']}"}
    async with httpx.AsyncClient(base_url=world.url, headers=headers, timeout=10.0) as controller:
        await build_logs(Journey(world, controller))
    return world


async def open_logs(pilot: Pilot[Any], app: EcarnetApp) -> LogsScreen:
    await signed_in(pilot, app)
    open_place(app, Place.LOGS)
    await on_step(pilot, app, LogsScreen)
    screen = app.screen
    assert isinstance(screen, LogsScreen)
    await until(pilot, lambda: bool(screen.query("#log-carnets")))
    return screen


def column(table: DataTable[Any], index: int) -> dict[str, str]:
    """Row key -> the text of one column."""
    return {str(row.key.value): str(table.get_row(row.key)[index]) for row in table.ordered_rows}


async def filter_status(pilot: Pilot[Any], app: EcarnetApp, moves: int) -> None:
    """F4, then the status ``moves`` places after "Every one" (To check, Terminated, Discharged, N/A), then F4."""
    await pilot.press("f4")
    await on_step(pilot, app, FilterDialog)
    await until(pilot, lambda: app.focused is app.screen.query_one("#filter-status"))
    await pilot.press("enter", *["down"] * moves, "enter", "f4")
    await on_step(pilot, app, LogsScreen)


def saved_file(app: EcarnetApp, suffix: str) -> Path:
    """The file the message line names."""
    found = re.search(r"Saved (\S+" + re.escape(suffix) + ")", message(app))
    assert found, message(app)
    return Path(found.group(1))


async def test_a_controller_reads_statuses_opens_a_carnet_and_exports(logs_world: World, tmp_path: Path) -> None:
    world = logs_world
    app = workstation(world, "controller.ch", settings=Settings(receipts_folder=str(tmp_path / "receipts")))
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_logs(pilot, app)
        carnets = screen.query_one("#log-carnets", DataTable)
        await until(pilot, lambda: carnets.row_count == len(STATUSES) - 1)
        assert column(carnets, 0) == {cid: SHOWN[s] for cid, s in STATUSES.items() if cid != ONLY_EU}
        assert column(carnets, 2)["884"] == "CHTA00000134"
        assert column(carnets, 7)["884"] == "2,000.00"  # amounts as step 2 shows them
        assert "6 of 6" in str(screen.query_one("#logs-heading", Static).render())

        # F4 filters by status: To check.
        await filter_status(pilot, app, 1)
        await until(pilot, lambda: carnets.row_count == 2)
        assert set(column(carnets, 0)) == {"883", "884"} and set(column(carnets, 0).values()) == {"To check"}

        # The list as XLSX and CSV, in the exports folder next to the receipts.
        await pilot.press("f6")
        await until(pilot, lambda: ".xlsx" in message(app))
        xlsx = saved_file(app, ".xlsx")
        assert xlsx.parent == (tmp_path / "exports").resolve()
        sheet = openpyxl.load_workbook(xlsx).active
        assert sheet is not None
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0][:3] == ("Reconciliation", "Carnet ID", "Carnet number")
        assert sorted((row[1], row[0]) for row in rows[1:]) == [("883", "To check"), ("884", "To check")]
        assert "(2 rows)" in message(app)
        await pilot.press("f7")
        await until(pilot, lambda: ".csv" in message(app))
        text = saved_file(app, ".csv").read_bytes().decode("utf-8-sig")
        assert sorted(row[1] for row in list(csv.reader(io.StringIO(text)))[1:]) == ["883", "884"]

        # Enter on 884 shows its transactions, newest first, and what is still to clear.
        carnets.move_cursor(row=carnets.get_row_index("884"))
        await pilot.press("enter")
        transactions = screen.query_one("#log-transactions", DataTable)
        await until(pilot, lambda: transactions.display and transactions.row_count == 5)
        history = history_of(world, "884")
        assert [str(row.key.value) for row in transactions.ordered_rows] == [
            tx.transaction_id for tx in reversed(history)]
        assert list(column(transactions, 2).values()) == [
            "Re-importation", "Re-exportation", "Importation", "Exportation", "Validation"]
        assert list(column(transactions, 4).values()) == ["1-10", "1-10", "1-20", "1-20", "1-20"]
        heading = str(screen.query_one("#logs-heading", Static).render())
        assert "CHTA00000134" in heading and "To check" in heading
        assert "11-20" in str(screen.query_one("#log-detail", Static).render())

        # The carnet's transactions as a ZIP: a PDF and an XML each.
        await pilot.press("f8")
        await until(pilot, lambda: ".zip" in message(app), timeout=30)
        assert "5 transactions" in message(app)
        with zipfile.ZipFile(saved_file(app, ".zip")) as archive:
            names = archive.namelist()
        assert len([n for n in names if n.endswith(".pdf")]) == len([n for n in names if n.endswith(".xml")]) == 5

        # Escape goes back to the carnets, then leaves the logs.
        await pilot.press("escape")
        await until(pilot, lambda: carnets.display and not transactions.display)
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, LogsScreen))


async def test_an_officer_cannot_open_the_logs(logs_world: World) -> None:
    app = workstation(logs_world, "officer.ch")
    async with app.run_test(size=(100, 24)) as pilot:
        screen = await open_logs(pilot, app)
        await until(pilot, lambda: "Controllers and Admins" in message(app))
        assert screen.query_one("#log-carnets", DataTable).row_count == 0
        assert "problem" in screen.query_one("#problem", Static).classes
        await pilot.press("f6", "f8", "ctrl+r")
        await pilot.pause()
        assert "Controllers and Admins" in message(app)
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, LogsScreen))


async def test_a_cpds_discharge_and_notification_deadline_on_screen(world: World, close_clients: None) -> None:
    headers = {"Authorization": f"Bearer {world.tokens['controller.ch']}"}
    async with httpx.AsyncClient(base_url=world.url, headers=headers, timeout=10.0) as controller:
        await build_cpds(Journey(world, controller))
    world.clock.set(datetime(DEADLINE.year, DEADLINE.month, DEADLINE.day, 10, tzinfo=UTC))
    app = workstation(world, "controller.ch")
    async with app.run_test(size=(160, 30)) as pilot:
        screen = await open_logs(pilot, app)
        carnets = screen.query_one("#log-carnets", DataTable)
        await until(pilot, lambda: carnets.row_count == 4)
        headings = [str(c.label) for c in carnets.columns.values()]
        assert headings[0] == "Reconciliation"
        assert headings[-3:] == ["Notify association by", "Notification", "Late exits"]
        deadline = headings.index("Notify association by")
        # A year on, the CPD valid until 31/12/2021 has expired too, its deadline still far off.
        assert column(carnets, 0) == {VALID_CPD: "To check", DISCHARGED: "Discharged", UNDISCHARGED: "To check",
                                      EXIT_CANCELLED: "To check"}
        assert column(carnets, deadline) == {VALID_CPD: "31/12/2022", DISCHARGED: "",
                                             UNDISCHARGED: "07/06/2022", EXIT_CANCELLED: "07/06/2022"}
        assert column(carnets, deadline + 1) == {VALID_CPD: "", DISCHARGED: "", UNDISCHARGED: "due",
                                                 EXIT_CANCELLED: "due"}
        due = carnets.get_row(UNDISCHARGED)[deadline + 1]
        assert isinstance(due, Text) and due.style == "bold"
        assert carnets.get_row(DISCHARGED)[0].style == ""

        # F4 filters the discharged CPDs (after To check and Terminated).
        await filter_status(pilot, app, 3)
        await until(pilot, lambda: carnets.row_count == 1)
        assert column(carnets, 0) == {DISCHARGED: "Discharged"}


async def test_a_zip_names_the_vouchers_whose_code_no_qr_can_hold(logs_world: World, tmp_path: Path) -> None:
    world = logs_world
    reexportation = history_of(world, "884")[-2]
    bad = reexportation.model_copy(update={"verification_code": reexportation.verification_code[:10] + "DM"})
    with world.store.transaction() as db:
        records.replace_transaction(db, bad)
    app = workstation(world, "controller.ch", settings=Settings(receipts_folder=str(tmp_path / "receipts")))
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_logs(pilot, app)
        carnets = screen.query_one("#log-carnets", DataTable)
        await until(pilot, lambda: carnets.row_count == len(STATUSES) - 1)
        carnets.move_cursor(row=carnets.get_row_index("884"))
        await pilot.press("f8")
        await until(pilot, lambda: ".zip" in message(app), timeout=30)
        said = message(app)
        assert "5 transactions" in said
        when = bad.occurred_at.astimezone().strftime("%d/%m/%Y %H:%M")  # the desk's local time
        assert f"No QR on the voucher of Re-exportation {when} (transaction {bad.transaction_id}) of carnet " \
               "CHTA00000134" in said
        assert "type the code" in said
        assert "problem" in screen.query_one("#problem", Static).classes  # the officer has something to do
        with zipfile.ZipFile(saved_file(app, ".zip")) as archive:
            assert len([n for n in archive.namelist() if n.endswith(".pdf")]) == 5


async def test_a_zip_that_cannot_be_made_says_so(logs_world: World, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    damaged = tmp_path / "fonts"
    damaged.mkdir()
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSansMono-Bold.ttf"):
        (damaged / name).write_bytes(b"not a font")  # a damaged installation: the files are there, unreadable
    monkeypatch.setenv("ECARNET_FONT_DIR", str(damaged))
    app = workstation(logs_world, "controller.ch", settings=Settings(receipts_folder=str(tmp_path / "receipts")))
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_logs(pilot, app)
        carnets = screen.query_one("#log-carnets", DataTable)
        await until(pilot, lambda: carnets.row_count == len(STATUSES) - 1)
        carnets.move_cursor(row=carnets.get_row_index("884"))
        await pilot.press("f8")
        await until(pilot, lambda: "Preparing" not in message(app), timeout=30)
        said = message(app)
        assert said.startswith("The carnet's transactions could not be exported") and "TrueType" in said
        assert "nothing was saved" in said
        assert not (tmp_path / "exports").exists() or not list((tmp_path / "exports").iterdir())


async def test_goods_that_stay_abroad_are_said_as_on_the_receipt(logs_world: World) -> None:
    app = workstation(logs_world, "controller.ch")
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_logs(pilot, app)
        carnets = screen.query_one("#log-carnets", DataTable)
        await until(pilot, lambda: carnets.row_count == len(STATUSES) - 1)
        carnets.move_cursor(row=carnets.get_row_index("888"))
        await pilot.press("enter")
        transactions = screen.query_one("#log-transactions", DataTable)
        await until(pilot, lambda: transactions.display and transactions.row_count == 4)
        assert list(column(transactions, 4).values()) == [
            "declared 1-15; not re-exported: 16-20", "1-20", "1-20", "1-20"]


async def test_an_export_that_cannot_be_saved_says_what_to_do(logs_world: World, tmp_path: Path) -> None:
    taken = tmp_path / "exports"
    taken.write_text("a file where the folder should be")
    app = workstation(logs_world, "controller.ch", settings=Settings(exports_folder=str(taken)))
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_logs(pilot, app)
        carnets = screen.query_one("#log-carnets", DataTable)
        await until(pilot, lambda: carnets.row_count == len(STATUSES) - 1)
        await pilot.press("f7")
        await until(pilot, lambda: "Exporting" not in message(app))
        said = message(app)
        assert said.startswith("The export could not be saved") and str(taken) in said
        assert "exports_folder in the settings" in said
        carnets.move_cursor(row=carnets.get_row_index("884"))
        await pilot.press("f8")
        await until(pilot, lambda: "Preparing" not in message(app), timeout=30)
        await app.workers.wait_for_complete()
        assert message(app).startswith("The export could not be saved") and str(taken) in message(app)
        assert taken.read_text() == "a file where the folder should be"
