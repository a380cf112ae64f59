"""The statistics screen against a real central, at 80×24: a Regional manager reads the chart of the months and the
tables per type, office, month and carnets to check by keyboard, and saves them as one XLSX workbook read back with
openpyxl; in training the workbook says so; the months are named in the officer's language."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import openpyxl
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from carnet_domain.transaction_types import TransactionType as T
from ecarnet_tui.app import EcarnetApp
from ecarnet_tui.i18n import use_language
from ecarnet_tui.screens.common.places import Place
from ecarnet_tui.screens.desk.statistics import StatisticsScreen
from ecarnet_tui.settings import Settings
from ecarnet_tui.widgets.month_chart import month_chart
from tests.api.helpers import fresh_code
from tests.api.test_commit import commit, new_carnet
from tests.central_world import World, make_carnet
from tests.ui.harness import message, on_step, open_place, screen_text, signed_in, workstation
from tests.ui.test_logs import saved_file
from tests.ui.waiting import until

SIZE = (80, 24)
NOW = datetime(2026, 6, 15, 10, 0, tzinfo=UTC)


async def committed(world: World) -> None:
    """Two validations in February and one in June at Genève Aéroport, and an exportation never re-imported of a
    carnet valid until 1 June (to check on 15 June)."""
    ch = world.client("officer.ch")
    world.clock.set(datetime(2026, 2, 10, 9, 0, tzinfo=UTC))
    await commit(world, ch, new_carnet(world), T.VALIDATION)
    expiring = world.add_carnet(make_carnet("9701", "CHTA00009701", valid_until=date(2026, 6, 1)))
    await commit(world, ch, expiring, T.VALIDATION)
    code = fresh_code()
    world.declare(expiring, T.EXPORTATION, code, "1-20")
    world.clock.set(datetime(2026, 5, 20, 9, 0, tzinfo=UTC))
    await commit(world, ch, expiring, T.EXPORTATION, "1-20", code=code)
    world.clock.set(datetime(2026, 6, 10, 9, 0, tzinfo=UTC))
    await commit(world, ch, new_carnet(world), T.VALIDATION)
    world.clock.set(NOW)


def cells(screen: StatisticsScreen) -> list[list[str]]:
    grid = screen.query_one("#statistics-table", DataTable)
    return [[str(value) for value in grid.get_row(row.key)] for row in grid.ordered_rows]


async def open_statistics(pilot: Pilot[Any], app: EcarnetApp) -> StatisticsScreen:
    await signed_in(pilot, app)
    open_place(app, Place.STATISTICS)
    await on_step(pilot, app, StatisticsScreen)
    screen = app.screen
    assert isinstance(screen, StatisticsScreen)
    await until(pilot, lambda: screen.stats is not None and bool(cells(screen)))
    return screen


async def test_a_manager_reads_the_chart_and_tables_and_exports_them(world: World, close_clients: None,
                                                                     tmp_path: Path) -> None:
    await committed(world)
    app = workstation(world, "manager.ch", settings=Settings(receipts_folder=str(tmp_path / "receipts")))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_statistics(pilot, app)
        shown = screen_text(app)
        # The chart is on screen: February's column twice as high as June's, the months named under them.
        assert "Committed transactions per month (most: 2 in February 2026)" in shown
        lines = shown.splitlines()
        top = next(n for n, line in enumerate(lines) if "Committed transactions per month" in line) + 1
        assert lines[top].split() == ["████"] and lines[top + 2].split() == ["████"] * 3  # Feb; Feb, May, Jun
        assert lines[top + 4].split()[:2] == ["Jul", "Aug"] and lines[top + 4].split()[-1] == "Jun"
        assert "0 active holds · 1 carnet to check (2,000.00 CHF)" in shown
        assert cells(screen) == [["Validation", "3"], ["Exportation", "1"]]
        await pilot.press("f3")
        await until(pilot, lambda: cells(screen)[0][0] == "Bardonnex")
        assert cells(screen) == [["Bardonnex", "bardonnex", "0"], ["Genève Aéroport", "gva-airport", "4"]]
        await pilot.press("f4")
        await until(pilot, lambda: len(cells(screen)) == 12)
        months = {row[0]: row[1:] for row in cells(screen)}
        assert months["February 2026"] == ["2", "2", "0"] and months["May 2026"] == ["1", "0", "1"]
        assert months["June 2026"] == ["1", "1", "0"] and months["July 2025"] == ["0", "0", "0"]
        await pilot.press("f5")
        await until(pilot, lambda: cells(screen) == [["CHF", "1", "2,000.00"]])
        assert "To check" in str(screen.query_one("#statistics-heading", Static).render())

        await pilot.press("f6")
        await until(pilot, lambda: ".xlsx" in message(app))
        saved = saved_file(app, ".xlsx")
        assert saved.parent == (tmp_path / "exports").resolve() and saved.name.startswith("statistics-")
        book = openpyxl.load_workbook(saved)
        assert book.sheetnames == ["Per type", "Per office", "Per month", "To check"]
        assert list(book["Per type"].values) == [("Transaction type", "Committed transactions"), ("Validation", 3),
                                                 ("Exportation", 1)]
        by_month = list(book["Per month"].values)
        assert by_month[0] == ("Month", "Total", "Validation", "Exportation")
        assert ("February 2026", 2, 2, 0) in by_month and len(by_month) == 13
        assert list(book["To check"].values) == [("Currency", "Carnets to check", "Total value"), ("CHF", 1, 2000)]
        assert list(book["Per office"].values)[2] == ("Genève Aéroport", "gva-airport", 4)


async def test_a_training_workbook_says_so(world: World, close_clients: None, tmp_path: Path) -> None:
    await committed(world)
    app = workstation(world, "controller.ch", training=True,
                      settings=Settings(receipts_folder=str(tmp_path / "receipts")))
    async with app.run_test(size=SIZE) as pilot:
        await open_statistics(pilot, app)
        await pilot.press("f6")
        await until(pilot, lambda: ".xlsx" in message(app))
        saved = saved_file(app, ".xlsx")
        assert saved.name.startswith("training-statistics-")
        book = openpyxl.load_workbook(saved)
        assert all(name.startswith("TRAINING") for name in book.sheetnames)
        assert list(book.worksheets[0].values)[1][0] == "TRAINING – NOT VALID"


async def test_an_officer_is_told_the_statistics_are_not_for_them(world: World, close_clients: None) -> None:
    app = workstation(world, "officer.ch")
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot, app)
        open_place(app, Place.STATISTICS)
        await on_step(pilot, app, StatisticsScreen)
        await until(pilot, lambda: "Controllers, Regional managers and Admins" in message(app))


def test_the_months_are_named_in_the_officers_language() -> None:
    use_language("fr")
    try:
        chart = month_chart([("2026-01", 0), ("2026-02", 8), ("2026-03", 4)])
    finally:
        use_language("en")
    lines = chart.splitlines()
    assert lines[0] == "Transactions enregistrées par mois (maximum\u00a0: 8 en février 2026)"
    assert lines[-1].split() == ["janv.", "févr.", "mars"]
    assert lines[1].split() == ["████"] and lines[3].split() == ["████", "████"]
