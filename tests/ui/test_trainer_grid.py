"""The trainer's grid at 80×24 on a real classroom central: three trainees act through the API (one right, one
wrong, one abandons) and the grid shows the three states within one refresh, each as a glyph and a letter; Enter on
a cell shows what the trainee did; the report saved as XLSX holds the three; a trainee's link is cut and restored;
a reset for every trainee asks first; the grid stops asking when it is left."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from textual.widgets import DataTable, OptionList, Static

from central_client.errors import CentralUnreachable
from central_contract.training import ExerciseState
from ecarnet_tui.app import EcarnetApp
from ecarnet_tui.screens.dialogs.confirm import ConfirmDialog
from ecarnet_tui.screens.dialogs.desk_menu import DeskMenu
from ecarnet_tui.screens.training.grid import ClassGridScreen
from ecarnet_tui.screens.training.work import TraineeWorkScreen
from ecarnet_tui.settings import Settings
from tests.ui.classroom_harness import EXERCISES, classroom, commit_code, exercise_of
from tests.ui.harness import on_step, screen_text, signed_in, workstation
from tests.ui.waiting import until

SIZE = (80, 24)
COLUMN = 1 + [e.exercise_id for e in EXERCISES].index("importation")


def cell(app: EcarnetApp, trainee: int, exercise_id: str = "importation") -> str:
    grid = app.screen.query_one("#class-grid", DataTable)
    return str(grid.get_cell(str(trainee), exercise_id))


def problem(app: EcarnetApp) -> str:
    return str(app.screen.query_one("#problem", Static).render())


async def test_the_trainer_sees_the_class_work_controls_it_and_saves_the_report(tmp_path: Path) -> None:
    exports = tmp_path / "exports"
    settings = Settings(central_kind="training", class_refresh_seconds=0.3, exports_folder=str(exports))
    with classroom(tmp_path) as world:
        app = workstation(world, "trainer", settings=settings)
        async with app.run_test(size=SIZE) as pilot:
            await signed_in(pilot, app)
            await pilot.press("ctrl+d")
            await on_step(pilot, app, DeskMenu)
            options = app.screen.query_one("#desk-entries", OptionList)
            entries = [options.get_option_at_index(i).id for i in range(options.option_count)]
            assert entries[-1] == "class"
            options.highlighted = len(entries) - 1
            await pilot.press("enter")
            await on_step(pilot, app, ClassGridScreen)
            grid_screen = app.screen
            assert isinstance(grid_screen, ClassGridScreen)
            await until(pilot, lambda: app.screen.query_one("#class-grid", DataTable).row_count == 3)
            assert cell(app, 1) == cell(app, 2) == cell(app, 3) == "·N"
            shown = screen_text(app)
            assert "·N not started" in shown and "✓C correct" in shown and "‖P paused" in shown  # the legend

            one, two, three = (world.client(f"trainee0{n}") for n in (1, 2, 3))
            await commit_code(one, await exercise_of(one, "importation"))
            await one.finish_exercise("importation")
            await commit_code(two, await exercise_of(two, "importation"), declared="1-4")
            await two.finish_exercise("importation")
            await three.start_exercise("importation")
            await three.abandon_exercise("importation")
            await until(pilot, lambda: (cell(app, 1), cell(app, 2), cell(app, 3)) == ("✓C", "✗W", "–A"), timeout=5)

            grid = app.screen.query_one("#class-grid", DataTable)
            grid.move_cursor(row=1, column=COLUMN)
            await until(pilot, lambda: "Trainee 02: wrong" in str(app.screen.query_one("#class-cell",
                                                                                      Static).render()))
            await pilot.press("enter")
            await on_step(pilot, app, TraineeWorkScreen)
            text = str(app.screen.query_one("#work-text", Static).render())
            assert "Importation recorded, declared 1-4" in text
            assert "Verdict: wrong." in text and "items 5" in text
            assert not grid_screen.refreshing  # while the grid is out of sight
            await pilot.press("escape")
            await on_step(pilot, app, ClassGridScreen)
            await until(pilot, lambda: grid_screen.refreshing)

            await pilot.press("f8")
            await until(pilot, lambda: "Report saved" in problem(app))
            [saved] = list(exports.iterdir())
            assert saved.name.startswith("training-class-report-") and saved.suffix == ".xlsx"
            book = openpyxl.load_workbook(io.BytesIO(saved.read_bytes()))
            summary = book.worksheets[0]
            headings = [c.value for c in summary[2]]
            column = headings.index("Import a film crew's equipment")
            rows = {row[1].value: row[column].value for row in summary.iter_rows(min_row=3)}
            assert rows == {"trainee01": "correct", "trainee02": "wrong", "trainee03": "abandoned"}

            grid.move_cursor(row=0, column=COLUMN)
            await pilot.press("f6")
            await until(pilot, lambda: "✂" in str(grid.get_cell("1", "trainee")))
            with pytest.raises(CentralUnreachable):
                await one.exercises()
            await pilot.press("f6")
            await until(pilot, lambda: "✂" not in str(grid.get_cell("1", "trainee")))
            assert len(await one.exercises()) == len(EXERCISES)

            await pilot.press("ctrl+a", "f5")  # a reset for every trainee asks first
            await on_step(pilot, app, ConfirmDialog)
            assert "every trainee" in screen_text(app)
            await pilot.press("y")
            await on_step(pilot, app, ClassGridScreen)
            await until(pilot, lambda: (cell(app, 1), cell(app, 2), cell(app, 3)) == ("·N", "·N", "·N"))
            assert (await exercise_of(two, "importation")).state is ExerciseState.NOT_STARTED

            await pilot.press("escape")
            await until(pilot, lambda: app.screen is app.navigator.scan)
            assert grid_screen.timer is None and not grid_screen.refreshing


async def test_the_class_is_offered_to_the_trainer_alone(tmp_path: Path) -> None:
    with classroom(tmp_path, trainees=1) as world:
        app = workstation(world, "trainee01", settings=Settings(central_kind="training"))
        async with app.run_test(size=SIZE) as pilot:
            await signed_in(pilot, app)
            await pilot.press("ctrl+d")
            await on_step(pilot, app, DeskMenu)
            options = app.screen.query_one("#desk-entries", OptionList)
            assert "class" not in [options.get_option_at_index(i).id for i in range(options.option_count)]
