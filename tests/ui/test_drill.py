"""The refresher drill (``ecarnet --drill [--seed N]``): five exercises picked at random, the same five for the same
seed, each reset first and played one after another on the Exercise screen, then the score: how many were right,
and for each mistake its findings and the F1 help page to revise. Only on the embedded demo central."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from textual.widgets import DataTable, Label, Static

from central_client.http import HttpCentral
from central_contract.training import ExerciseState
from ecarnet_tui.app import EcarnetApp
from ecarnet_tui.screens.dialogs.confirm import ConfirmDialog
from ecarnet_tui.screens.dialogs.help import HelpDialog
from ecarnet_tui.screens.training.drill_score import DrillScoreScreen
from ecarnet_tui.screens.training.exercises import ExercisesScreen
from ecarnet_tui.services.connection import Connection
from ecarnet_tui.services.drill import Drill, pick_exercises
from ecarnet_tui.services.verifiers import CHEAP_COST, Verifiers
from reference_central.demo.identity import DEMO_WORKSTATION_KEY
from tests.central_world import World
from tests.ui.classroom_harness import EXERCISES, classroom, commit_code, exercise_of
from tests.ui.harness import on_step
from tests.ui.waiting import until

SIZE = (80, 24)
IDS = [e.exercise_id for e in EXERCISES if not e.played_by and not e.offline]
"""What a drill picks from: the exercises the officer can play alone."""
SEED = next(seed for seed in range(100) if "importation" in pick_exercises(IDS, seed))
"""A seed whose drill holds the importation, which the test does right."""


def drill_desk(world: World, seed: int) -> EcarnetApp:
    """The embedded demo central's desk, signed in as officer.ch (code set 0), running a drill of ``seed``."""
    token = world.tokens["officer.ch"]
    return EcarnetApp(
        lambda _typed: Connection(HttpCentral(world.url, token, workstation_key=DEMO_WORKSTATION_KEY), world.url,
                                  embedded=True, signed_in=True),
        clock=world.clock, verifiers=Verifiers(CHEAP_COST), drill=Drill(seed))


def test_a_drill_leaves_out_what_the_officer_cannot_play_alone() -> None:
    from central_contract.training import ExerciseState, TraineeExercise

    def listed(exercise_id: str, **extra: object) -> TraineeExercise:
        return TraineeExercise.model_validate({"exercise_id": exercise_id, "title": exercise_id, "brief": "b",
                                               "carnet_number": "X", "codes": [],
                                               "state": ExerciseState.NOT_STARTED, **extra})

    offered = [listed("alone"), listed("cdg", played_by="officer.fr"), listed("offline", offline=True),
               listed("also")]
    assert Drill(7).pick(offered) in (["alone", "also"], ["also", "alone"])


def test_a_seed_picks_the_same_five() -> None:
    picked = pick_exercises(IDS, 42)
    assert picked == pick_exercises(IDS, 42) == pick_exercises(list(IDS), 42)
    assert len(picked) == len(set(picked)) == 5 and set(picked) <= set(IDS)
    assert any(pick_exercises(IDS, seed) != picked for seed in range(43, 53)), "another seed, another drill"


async def test_a_drill_resets_its_five_plays_them_and_scores_them(tmp_path: Path) -> None:
    with classroom(tmp_path, trainees=0) as world:
        officer = world.client("officer.ch")
        await commit_code(officer, await exercise_of(officer, "importation"))
        await officer.finish_exercise("importation")  # done before the drill: the drill resets it
        app = drill_desk(world, SEED)
        async with app.run_test(size=SIZE) as pilot:
            await on_step(pilot, app, ExercisesScreen)  # opened by itself once signed in
            screen = app.screen
            assert isinstance(screen, ExercisesScreen)
            await until(pilot, lambda: bool(screen.query("#exercises")))  # composed, not only pushed
            table = screen.query_one("#exercises", DataTable)
            await until(pilot, lambda: table.row_count == 5)
            assert [str(table.ordered_rows[n].key.value) for n in range(5)] == pick_exercises(IDS, SEED)
            assert all(e.state is ExerciseState.NOT_STARTED for e in screen.exercises)
            assert "1 of 5: " in str(table.get_row_at(0)[1])

            await commit_code(officer, await exercise_of(officer, "importation"))  # done right at the desk
            await pilot.press("ctrl+r")
            await until(pilot, lambda: any(e.state is ExerciseState.IN_PROGRESS for e in screen.exercises))
            for n, exercise_id in enumerate(pick_exercises(IDS, SEED)):
                table.move_cursor(row=n)
                await until(pilot, lambda eid=exercise_id: screen.chosen is not None  # type: ignore[misc]
                            and screen.chosen.exercise_id == eid)
                if exercise_id == "importation":
                    await pilot.press("f4")
                    await until(pilot, lambda: "Verdict: correct." in str(
                        screen.query_one("#exercise-text", Static).render()))
                else:
                    await pilot.press("f5")
                    await on_step(pilot, app, ConfirmDialog)
                    await pilot.press("y")
            await on_step(pilot, app, DrillScoreScreen)
            score = str(app.screen.query_one("#drill-score", Static).render())
            assert score.startswith("1 of 5 correct.") and f"--seed {SEED}" in score
            rows = app.screen.query_one("#drill-exercises", DataTable)
            abandoned = next(n for n, i in enumerate(pick_exercises(IDS, SEED)) if i != "importation")
            rows.move_cursor(row=abandoned)
            text = app.screen.query_one("#drill-text", Static)
            await until(pilot, lambda: "You abandoned the exercise before finishing it." in str(text.render()))
            assert "Revise: «" in str(text.render())
            await pilot.press("f7")
            await on_step(pilot, app, HelpDialog)
            chosen = EXERCISES[IDS.index(pick_exercises(IDS, SEED)[abandoned])]
            assert chosen.help and str(app.screen.query_one(Label).render()) in str(text.render())


def test_the_drill_runs_on_the_embedded_demo_only(tmp_path: Path) -> None:
    settings = tmp_path / "ecarnet.toml"
    settings.write_text('central_url = "https://central.example"\n', encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "ecarnet_tui.cli", "--config", str(settings), "--drill"],
                         capture_output=True, text=True, env={"PATH": "/usr/bin:/bin", "LANGUAGE": "en"})
    assert run.returncode == 2
    assert "The drill runs on the embedded demo central only" in run.stderr
    assert "https://central.example" in run.stderr
