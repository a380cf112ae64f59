"""The classroom's authorisation matrix, on a training central (the only kind that has one; a live central answers
``not_found`` to each of its routes: tests/security/test_authority_matrix.py). Callers: the trainer, a trainee, a demo
officer (code set 0), an admin, and no or a garbage credential. Every route of the classroom has a row, and each
call meets a fresh state: every code set's progress on the exercise back to not started, every link up."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from carnet_domain.training.exercise import Exercise, Expect, Expectation
from carnet_domain.transaction_types import TransactionType as T
from reference_central.training import records as classroom
from tests.central_world import World, start_world
from tests.conftest import NOW, PostgresDatabases, _database

OK, FORBIDDEN, UNAUTHENTICATED = "ok", "forbidden", "unauthenticated"
EXERCISE = Exercise(exercise_id="export", scenario="exportation", title="Exportation", brief="Export items 1-13.",
                    outcome="Exportation of items 1-13.",
                    expectations=(Expectation(kind=Expect.RECORDED, type=T.EXPORTATION, goods="1-13"),))
CALLERS = {"trainer": "trainer", "trainee": "trainee01", "officer": "officer.ch", "admin": "admin"}
"""Each caller's account: a demo officer and the admin play code set 0 on a training central."""


@dataclass(frozen=True)
class Row:
    method: str
    path: str
    call: str
    body: object
    trainer: str
    trainee: str
    officer: str
    admin: str

    def expected(self, caller: str) -> str:
        return UNAUTHENTICATED if caller in ("none", "garbage") else str(getattr(self, caller))


def everyone(method: str, path: str, call: str) -> Row:
    """Any person's own exercises, whoever they are on a training central."""
    return Row(method, path, call, None, OK, OK, OK, OK)


def trainer(method: str, path: str, call: str, body: object = None) -> Row:
    """The class: the trainer's only (Permission.CLASSROOM)."""
    return Row(method, path, call, body, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN)


TABLE = (
    everyone("GET", "/v1/training/exercises", "/v1/training/exercises"),
    *(everyone("POST", f"/v1/training/exercises/{{exercise_id}}/{action}", f"/v1/training/exercises/export/{action}")
      for action in ("start", "finish", "abandon", "reset")),
    trainer("GET", "/v1/training/class", "/v1/training/class"),
    trainer("GET", "/v1/training/class/{trainee}/{exercise_id}", "/v1/training/class/1/export"),
    trainer("POST", "/v1/training/class/control", "/v1/training/class/control",
            {"action": "pause", "exercise_id": "export", "trainee": 1}),
    trainer("POST", "/v1/training/class/link", "/v1/training/class/link", {"cut": False}),
    trainer("GET", "/v1/training/report", "/v1/training/report"),
)


@pytest.fixture(scope="module")
def world(engine: str, tmp_path_factory: pytest.TempPathFactory,
          postgres_databases: PostgresDatabases) -> Iterator[World]:
    database = _database(engine, Path(tmp_path_factory.mktemp("classroom")), "classroom", postgres_databases)
    w = start_world(database.where, NOW, demo=True, key_file=database.key_file, trainees=1, exercises=(EXERCISE,))
    yield w
    w.server.stop()
    w.store.close()


def fresh(world: World) -> None:
    with world.store.transaction() as db:
        for code_set in (0, 1):
            classroom.put_progress(db, classroom.Progress(code_set, EXERCISE.exercise_id))
        classroom.put_link(db, 1, cut=False)


def outcome(answer: httpx.Response) -> str:
    assert answer.status_code < 500, answer.text
    return OK if answer.status_code < 400 else str(answer.json()["error"]["code"])


def test_every_classroom_route_has_a_row(world: World) -> None:
    spec = httpx.get(f"{world.url}/openapi.json").json()
    routes = {(m.upper(), path) for path, ops in spec["paths"].items() for m in ops if path.startswith("/v1/training/")}
    assert routes - {("GET", "/v1/training/accounts")} == {(r.method, r.path) for r in TABLE}


@pytest.mark.parametrize("row", TABLE, ids=[f"{r.method} {r.path}" for r in TABLE])
def test_each_caller_gets_what_the_classroom_table_says(world: World, row: Row) -> None:
    tokens: dict[str, str | None] = {name: world.tokens[account] for name, account in CALLERS.items()}
    tokens |= {"none": None, "garbage": "ecs_" + "x" * 40}
    found: dict[str, str] = {}
    with httpx.Client(base_url=world.url, timeout=30) as http:
        for caller, token in tokens.items():
            fresh(world)
            headers = {"Authorization": f"Bearer {token}"} if token else {}
            found[caller] = outcome(http.request(row.method, row.call, json=row.body, headers=headers))
    assert found == {caller: row.expected(caller) for caller in tokens}
