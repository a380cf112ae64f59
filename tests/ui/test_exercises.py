"""The trainee's Exercise screen (F2 on a training central) at 80×24, against a real classroom central: the
exercises and their states; a brief, carnet and codes shown literally; start, the exercise done through the desk's
own five steps, finish and the verdict; a wrong one with each mistake in words and the help page to revise; retry
after a reset; the trainer's pause and a finished exercise refused in clear words. F2 on a live central does
nothing."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Label, Static

from carnet_domain.training.judging import FINDING_TEXT, Finding
from carnet_domain.transaction_types import TransactionType as T
from central_contract.training import ClassAction, ExerciseState
from ecarnet_tui.app import EcarnetApp
from ecarnet_tui.screens.dialogs.confirm import ConfirmDialog
from ecarnet_tui.screens.dialogs.findings import FindingsDialog
from ecarnet_tui.screens.dialogs.help import HelpDialog
from ecarnet_tui.screens.training.exercises import ExercisesScreen
from ecarnet_tui.screens.wizard.check_carnet import CheckCarnetScreen
from ecarnet_tui.screens.wizard.check_goods import CheckGoodsScreen
from ecarnet_tui.screens.wizard.commit import CommitScreen
from ecarnet_tui.screens.wizard.receipt import ReceiptScreen
from ecarnet_tui.settings import Settings
from ecarnet_tui.texts.findings import finding_texts, finding_words
from tests.central_world import World
from tests.ui.classroom_harness import EXERCISES, classroom, commit_code, exercise_of
from tests.ui.harness import message, on_step, scan, screen_text, signed_in, workstation
from tests.ui.waiting import until

SIZE = (80, 24)
CLASSROOM = Settings(central_kind="training")


def details(app: EcarnetApp) -> str:
    return str(app.screen.query_one("#exercise-text", Static).render())


def problem(app: EcarnetApp) -> str:
    return str(app.screen.query_one("#problem", Static).render())


async def open_exercises(pilot: object, app: EcarnetApp) -> ExercisesScreen:
    await pilot.press("f2")  # type: ignore[attr-defined]
    await on_step(pilot, app, ExercisesScreen)  # type: ignore[arg-type]
    screen = app.screen
    assert isinstance(screen, ExercisesScreen)
    await until(pilot, lambda: screen.query_one("#exercises", DataTable).row_count == len(EXERCISES))  # type: ignore[arg-type]
    return screen


async def choose(pilot: object, app: EcarnetApp, exercise_id: str) -> None:
    table = app.screen.query_one("#exercises", DataTable)
    table.move_cursor(row=table.get_row_index(exercise_id))
    screen = app.screen
    assert isinstance(screen, ExercisesScreen)
    title = next(e.title for e in screen.exercises if e.exercise_id == exercise_id)
    await until(pilot, lambda: details(app).startswith(title))  # type: ignore[arg-type]


def test_the_desk_translates_every_finding() -> None:
    assert set(finding_texts()) == set(FINDING_TEXT)
    words = finding_words(Finding(code="missing_items", type=T.IMPORTATION, items="5", why="Item 5 [b]stays[/b]."))
    assert words == "Your Importation leaves out goods the holder declared: items 5. Item 5 [b]stays[/b]."


async def test_a_trainee_starts_does_and_finishes_an_exercise_at_the_desk(tmp_path: Path) -> None:
    with classroom(tmp_path) as world:
        app = workstation(world, "trainee01", settings=CLASSROOM)
        async with app.run_test(size=SIZE) as pilot:
            await signed_in(pilot, app)
            screen = await open_exercises(pilot, app)
            table = screen.query_one("#exercises", DataTable)
            assert "·N not started" in " ".join(str(c) for c in table.get_row_at(0))
            await choose(pilot, app, "importation")
            exercise = await exercise_of(world.client("trainee01"), "importation")
            code = exercise.codes[0]
            shown = details(app)
            assert "[not markup]" in shown  # the brief, literally
            assert exercise.carnet_number in shown and code.transaction_code in shown and code.payload in shown
            assert "Verdict" not in shown, "no verdict before the exercise is judged"

            await pilot.press("f3")
            await until(pilot, lambda: "▸I in progress" in str(table.get_row_at(table.cursor_row)[0]))
            await pilot.press("escape")
            await until(pilot, lambda: app.screen is app.navigator.scan)
            await scan(pilot, app, exercise.carnet_number, code.transaction_code)  # as the trainee types them
            for step in (CheckCarnetScreen, CheckGoodsScreen, CommitScreen):
                await on_step(pilot, app, step)
                await pilot.press("ctrl+n")
                if step is CommitScreen and isinstance(app.screen, FindingsDialog):
                    await pilot.press("y")
            await on_step(pilot, app, ReceiptScreen)

            screen = await open_exercises(pilot, app)
            await choose(pilot, app, "importation")
            await pilot.press("f4")
            await until(pilot, lambda: "Verdict: correct." in details(app))
            assert "Expected: importation recorded for items 1-5." in details(app)
            assert "Declares items 1-5." in details(app)
            assert "✓C correct" in screen_text(app)


async def test_a_wrong_verdict_names_each_mistake_and_the_page_to_revise_then_a_retry(tmp_path: Path) -> None:
    with classroom(tmp_path) as world:
        trainee = world.client("trainee02")
        await commit_code(trainee, await exercise_of(trainee, "reexportation"), declared="1-3")
        app = workstation(world, "trainee02", settings=CLASSROOM)
        async with app.run_test(size=SIZE) as pilot:
            await signed_in(pilot, app)
            await open_exercises(pilot, app)
            await choose(pilot, app, "reexportation")
            await pilot.press("f4")
            await until(pilot, lambda: "Verdict: wrong." in details(app))
            said = details(app)
            assert "Your Re-exportation leaves out goods the holder declared: items 4." in said
            assert "Revise the help page «Step 3 — Check goods» (F7 opens it)." in said
            await pilot.press("f7")
            await on_step(pilot, app, HelpDialog)
            assert str(app.screen.query_one(Label).render()) == "Step 3 — Check goods"
            await pilot.press("escape")
            await on_step(pilot, app, ExercisesScreen)

            await pilot.press("f6")  # retry: asks first
            await on_step(pilot, app, ConfirmDialog)
            await pilot.press("y")
            await on_step(pilot, app, ExercisesScreen)
            await until(pilot, lambda: "Verdict" not in details(app) and "not started" in details(app))
        again = await exercise_of(trainee, "reexportation")
        assert again.state is ExerciseState.NOT_STARTED and not again.findings
        await commit_code(trainee, again)  # the carnet is as it was: the right answer is judged correct
        assert (await trainee.finish_exercise("reexportation")).state is ExerciseState.CORRECT


async def test_a_paused_and_a_finished_exercise_are_refused_in_clear_words(tmp_path: Path) -> None:
    with classroom(tmp_path) as world:
        await world.client("trainer").control_class(ClassAction.PAUSE, "exportation", 3)
        trainee = world.client("trainee03")
        await commit_code(trainee, await exercise_of(trainee, "importation"))
        await trainee.finish_exercise("importation")
        exportation = await exercise_of(trainee, "exportation")
        app = workstation(world, "trainee03", settings=CLASSROOM)
        async with app.run_test(size=SIZE) as pilot:
            await signed_in(pilot, app)
            await open_exercises(pilot, app)
            await choose(pilot, app, "exportation")
            assert "‖P paused" in screen_text(app)
            assert "The trainer paused this exercise: wait until it is resumed." in details(app)
            await pilot.press("escape")
            await until(pilot, lambda: app.screen is app.navigator.scan)
            await scan(pilot, app, exportation.carnet_number, exportation.codes[0].transaction_code)
            await until(pilot, lambda: "The trainer paused this exercise" in message(app))

            importation = await exercise_of(trainee, "importation")
            await pilot.press("ctrl+l")
            await scan(pilot, app, importation.carnet_number, importation.codes[0].transaction_code)
            await until(pilot, lambda: "This exercise is finished" in message(app))


async def test_f2_opens_nothing_on_a_live_central(world: World) -> None:
    app = workstation(world)
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot, app)
        await pilot.press("f2")
        await pilot.pause()
        assert app.screen is app.navigator.scan
        assert not app.desk.training
