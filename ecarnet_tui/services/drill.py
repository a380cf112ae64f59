"""The refresher drill (``ecarnet --drill``): five exercises of the embedded demo picked at random — the same five
for the same seed — each reset first, played one after another, then scored. Nothing here knows Textual."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from central_contract.training import ExerciseState, TraineeExercise

DRILL_SIZE = 5
JUDGED = (ExerciseState.CORRECT, ExerciseState.WRONG, ExerciseState.ABANDONED)


def pick_exercises(exercise_ids: Sequence[str], seed: int, count: int = DRILL_SIZE) -> list[str]:
    """``count`` of ``exercise_ids`` (all of them if fewer), in the order drawn: the same for the same seed and
    catalogue."""
    return random.Random(seed).sample(list(exercise_ids), min(count, len(exercise_ids)))  # noqa: S311 (a drill, not a secret)


def drillable(exercises: Sequence[TraineeExercise]) -> list[str]:
    """The exercises a drill picks from, in catalogue order."""
    return [e.exercise_id for e in exercises if not e.played_by and not e.offline]


def new_seed() -> int:
    """A seed for a drill started without one (shown with the score, so the same drill can be run again)."""
    return random.SystemRandom().randrange(1, 1_000_000)


@dataclass
class Drill:
    """One drill at this desk: its seed, the exercises it picked (once the central listed them) and whether they
    were reset."""

    seed: int
    picked: list[str] = field(default_factory=list)
    ready: bool = False
    """The exercises are picked and each was reset: the drill is under way."""
    opened: bool = False
    """The drill's screen was opened once the trainee signed in."""

    def pick(self, exercises: Sequence[TraineeExercise]) -> list[str]:
        """Five of the exercises the officer can play alone: not those another demo account plays, nor those
        taught with the link cut (only a trainer cuts it)."""
        self.picked = pick_exercises(drillable(exercises), self.seed)
        return self.picked

    def of(self, exercises: Sequence[TraineeExercise]) -> list[TraineeExercise]:
        """The drill's exercises among ``exercises``, in the drill's order."""
        by_id = {e.exercise_id: e for e in exercises}
        return [by_id[i] for i in self.picked if i in by_id]

    @staticmethod
    def done(exercises: Sequence[TraineeExercise]) -> bool:
        """Every exercise of the drill is finished or abandoned."""
        return bool(exercises) and all(e.state in JUDGED for e in exercises)

    @staticmethod
    def score(exercises: Sequence[TraineeExercise]) -> int:
        return sum(e.state is ExerciseState.CORRECT for e in exercises)
