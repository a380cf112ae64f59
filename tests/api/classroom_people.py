"""The people of a classroom on a training central (docs/api.md, "The classroom"), each asking over HTTP with its
own session: a trainee (or a demo account, playing code set 0) and the trainer."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from carnet_domain.transaction_types import TransactionType as T
from central_contract.training import ClassView, ExerciseState, TraineeExercise, TraineeWork
from tests.central_world import World


class Person:
    """One account of the classroom, asking over HTTP with its session."""

    def __init__(self, world: World, account_id: str) -> None:
        self.world = world
        self.http = httpx.Client(base_url=world.url, timeout=30,
                                 headers={"Authorization": f"Bearer {world.tokens[account_id]}"})

    def exercises(self) -> list[TraineeExercise]:
        """The caller's code set's exercises, in catalogue order."""
        answer = self.http.get("/v1/training/exercises")
        assert answer.status_code == 200, answer.text
        return [TraineeExercise.model_validate(e) for e in answer.json()]

    def exercise(self, exercise_id: str) -> TraineeExercise:
        return next(e for e in self.exercises() if e.exercise_id == exercise_id)

    def act(self, exercise_id: str, action: str) -> httpx.Response:
        return self.http.post(f"/v1/training/exercises/{exercise_id}/{action}")

    def acted(self, exercise_id: str, action: str) -> TraineeExercise:
        answer = self.act(exercise_id, action)
        assert answer.status_code == 200, answer.text
        return TraineeExercise.model_validate_json(answer.content)

    def lookup(self, exercise: TraineeExercise, n: int = 0) -> httpx.Response:
        return self.http.post("/v1/lookup", json={"carnet": exercise.carnet_number,
                                                  "transaction_code": exercise.codes[n].transaction_code})

    def commit(self, exercise: TraineeExercise, kind: T, declared: str, n: int = 0, **goods: str) -> httpx.Response:
        found = self.lookup(exercise, n)  # as the desk does: the carnet's ID comes with the lookup
        assert found.status_code == 200, found.text
        return self.http.post("/v1/transactions", headers={"Idempotency-Key": str(uuid.uuid4())}, json={
            "carnet_id": found.json()["carnet"]["carnet_id"], "transaction_code": exercise.codes[n].transaction_code,
            "type": kind.value, "goods": {"declared_goods": declared, **goods}})

    def close(self) -> None:
        self.http.close()


class Trainer(Person):
    def view(self) -> ClassView:
        answer = self.http.get("/v1/training/class")
        assert answer.status_code == 200, answer.text
        return ClassView.model_validate_json(answer.content)

    def cells(self, exercise_id: str) -> dict[int, ExerciseState]:
        return {c.trainee: c.state for c in self.view().cells if c.exercise_id == exercise_id}

    def work(self, trainee: int, exercise_id: str) -> TraineeWork:
        answer = self.http.get(f"/v1/training/class/{trainee}/{exercise_id}")
        assert answer.status_code == 200, answer.text
        return TraineeWork.model_validate_json(answer.content)

    def control(self, action: str, exercise_id: str, trainee: int | None = None) -> ClassView:
        body: dict[str, Any] = {"action": action, "exercise_id": exercise_id}
        if trainee is not None:
            body["trainee"] = trainee
        answer = self.http.post("/v1/training/class/control", json=body)
        assert answer.status_code == 200, answer.text
        return ClassView.model_validate_json(answer.content)

    def link(self, cut: bool, trainee: int | None = None) -> ClassView:
        body: dict[str, Any] = {"cut": cut} | ({"trainee": trainee} if trainee is not None else {})
        answer = self.http.post("/v1/training/class/link", json=body)
        assert answer.status_code == 200, answer.text
        return ClassView.model_validate_json(answer.content)
