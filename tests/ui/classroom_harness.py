"""A classroom on a real training central for the desk's tests: exercises built on demo scenarios of Genève
Aéroport (where the trainees work), a central seeded with trainees and its trainer, and trainees doing an
exercise through the API as a desk does (look up the code their sheet shows, commit what the holder declared, or
something else)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from carnet_domain.training.exercise import Exercise, Expect, Expectation
from carnet_domain.transaction import GoodsDeclaration
from carnet_domain.transaction_types import TransactionType as T
from central_client.http import HttpCentral
from central_contract.models import CommitRequest
from central_contract.training import TraineeExercise
from tests.central_world import World, start_world
from tests.conftest import NOW


def _recorded(exercise_id: str, kind: T, goods: str, title: str, help_page: str, *, diverted: str = "",
              why: str = "") -> Exercise:
    return Exercise(
        exercise_id=exercise_id, scenario=exercise_id, title=title, help=help_page,
        brief=f"The holder shows the {kind.value} QR at Genève Aéroport. [not markup]",
        outcome=f"{kind.value} recorded for items {goods}.", points=(f"Declares items {goods}.",),
        expectations=(Expectation(kind=Expect.RECORDED, type=kind, goods=goods, diverted=diverted, why=why),))


EXERCISES: tuple[Exercise, ...] = (
    _recorded("validation", T.VALIDATION, "1-13", "Validate a new carnet", "check-goods",
              why="A Validation covers the whole general list."),
    _recorded("exportation", T.EXPORTATION, "1-13", "Export a validated carnet", "commit"),
    _recorded("importation", T.IMPORTATION, "1-5", "Import a film crew's equipment", "check-goods"),
    _recorded("reexportation", T.REEXPORTATION, "1-4", "Re-export all but one item", "check-goods", diverted="5"),
    _recorded("reimportation", T.REIMPORTATION, "1-4", "Re-import the goods", "check-goods"),
    _recorded("transit-close", T.TRANSIT_CLOSE, "1-3", "Close a transit", "transits"),
)
"""Six exercises on Genève Aéroport's scenarios: enough for a drill of five."""


@contextmanager
def classroom(folder: Path, trainees: int = 3, exercises: tuple[Exercise, ...] = EXERCISES) -> Iterator[World]:
    """A training central with ``trainees`` trainees, their trainer and ``exercises``, clock at :data:`NOW`."""
    world = start_world(folder / "classroom.sqlite3", NOW, demo=True, trainees=trainees, exercises=exercises)
    try:
        yield world
    finally:
        world.server.stop()
        world.store.close()


async def exercise_of(client: HttpCentral, exercise_id: str) -> TraineeExercise:
    return next(e for e in await client.exercises() if e.exercise_id == exercise_id)


async def commit_code(client: HttpCentral, exercise: TraineeExercise, declared: str | None = None) -> None:
    """Look up the exercise's first code and commit it as the holder declared it, or declaring ``declared``."""
    code = exercise.codes[0]
    lookup = await client.lookup(exercise.carnet_number, code.transaction_code)
    goods = GoodsDeclaration.model_validate(lookup.declaration.model_dump(include=set(GoodsDeclaration.model_fields)))
    if declared is not None:
        goods = goods.model_copy(update={"declared_goods": declared})
    request = CommitRequest(carnet_id=lookup.carnet.carnet_id, transaction_code=code.transaction_code,
                            type=lookup.declaration.type, goods=goods)
    try:
        await client.commit(request, f"test-{exercise.exercise_id}-{uuid.uuid4()}")
    except Exception as exc:  # warnings to confirm: confirm them, as an officer who read them does
        from central_client.errors import CentralRefused

        if not isinstance(exc, CentralRefused) or exc.code != "warnings_not_confirmed":
            raise
        warnings = exc.extra.get("warnings", [])
        codes = [w["code"] if isinstance(w, dict) else str(w) for w in warnings] if isinstance(warnings, list) else []
        await client.commit(request.model_copy(update={"confirmed_warnings": codes}),
                            f"test-{exercise.exercise_id}-{uuid.uuid4()}")
