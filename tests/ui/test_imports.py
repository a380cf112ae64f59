"""Bulk creation at the desk against a real central, at 80×24: an Admin saves a template, has a file with a bad
row checked (the row and column are listed, nothing is created), imports the corrected file, imports accounts
whose one-time codes go to an owner-only file and never to the screen, and imports the same file again to
create nothing; a file of another kind is refused before it is sent."""

from __future__ import annotations

import csv
import stat
from pathlib import Path
from typing import Any

import openpyxl
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select

from carnet_domain.organisation import Role
from ecarnet_tui.app import EcarnetApp
from ecarnet_tui.navigation.navigator import entries_for
from ecarnet_tui.screens.admin.imports import ImportScreen
from ecarnet_tui.screens.common.places import Place
from ecarnet_tui.settings import Settings
from reference_central import records
from tests.central_world import World
from tests.ui.harness import message, on_step, open_place, screen_text, signed_in, workstation
from tests.ui.waiting import until

SIZE = (80, 24)


async def open_imports(pilot: Pilot[Any], app: EcarnetApp) -> ImportScreen:
    await signed_in(pilot, app)
    open_place(app, Place.IMPORTS)
    await on_step(pilot, app, ImportScreen)
    screen = app.screen
    assert isinstance(screen, ImportScreen)
    return screen


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as out:
        csv.writer(out).writerows(rows)
    return path


async def send(pilot: Pilot[Any], screen: ImportScreen, kind: str, path: Path, key: str) -> None:
    screen.query_one("#import-kind", Select).value = kind
    screen.query_one("#import-file", Input).value = str(path)
    await pilot.press(key)


async def test_an_admin_checks_imports_and_keeps_the_codes_apart(world: World, tmp_path: Path) -> None:
    exports = tmp_path / "exports"
    app = workstation(world, "admin", settings=Settings(exports_folder=str(exports)))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_imports(pilot, app)
        screen.query_one("#import-kind", Select).value = "offices"
        await pilot.press("ctrl+t")
        await until(pilot, lambda: "Saved" in message(app))
        saved = next(exports.glob("template-offices-*.xlsx"))
        assert "office_id" in [cell.value for cell in openpyxl.load_workbook(saved).worksheets[0][1]]

        header = ["region_id", "name", "country", "territory"]
        bad = write_csv(tmp_path / "regions.csv", [header, ["ch-vaud", "Vaud", "CH", "CH"],
                                                   ["ch-valais", "Valais", "Suisse", "CH"]])
        await send(pilot, screen, "regions", bad, "ctrl+k")
        report = screen.query_one("#import-report", DataTable)
        await until(pilot, lambda: report.row_count == 1)
        row, column, _problem = (str(cell) for cell in report.get_row_at(0))
        assert (row, column) == ("3", "country")
        assert "nothing was imported" in message(app) or "1 problem" in message(app)
        await pilot.press("ctrl+n")  # refused whole: not even the good row
        await until(pilot, lambda: "nothing was imported" in message(app))
        with world.store.transaction() as db:
            assert records.region(db, "ch-vaud") is None

        write_csv(bad, [header, ["ch-vaud", "Vaud", "CH", "CH"], ["ch-valais", "Valais", "CH", "CH"]])
        await pilot.press("ctrl+n")
        await until(pilot, lambda: "2 records created" in message(app))
        assert report.row_count == 0

        accounts = write_csv(tmp_path / "accounts.csv", [
            ["account_id", "display_name", "badge", "email", "role", "office_id"],
            ["a.vaud", "Anne Vaud", "", "a.vaud@douane.invalid", "officer", "gva-airport"],
            ["b.vaud", "Bruno Vaud", "", "b.vaud@douane.invalid", "officer", "bardonnex"]])
        await send(pilot, screen, "accounts", accounts, "ctrl+n")
        await until(pilot, lambda: "readable by you only" in message(app))
        codes_file = next(exports.glob("set-password-codes-*.csv"))
        assert stat.S_IMODE(codes_file.stat().st_mode) == 0o600
        codes = list(csv.DictReader(codes_file.open(encoding="utf-8")))
        assert [c["account_id"] for c in codes] == ["a.vaud", "b.vaud"]
        assert not any(c["set_password_code"] in screen_text(app) for c in codes)  # never on the screen

        await pilot.press("ctrl+n")  # the same file again: nothing more
        await until(pilot, lambda: "2 already there" in message(app) and "0 records created" in message(app))
        assert len(list(exports.glob("set-password-codes-*.csv"))) == 1

        screen.query_one("#import-file", Input).value = str(tmp_path / "accounts.pdf")
        await pilot.press("ctrl+k")
        await until(pilot, lambda: "not an .xlsx or .csv file" in message(app))


def test_only_an_admin_is_offered_bulk_creation() -> None:
    assert [Place.IMPORTS in {e.place for e in entries_for(role)} for role in Role] == [
        role is Role.ADMIN for role in Role]
