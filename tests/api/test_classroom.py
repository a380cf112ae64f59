"""The classroom on a training central (issue 20, docs/api.md "The classroom"): a trainer and three trainees through
the API. One does an exercise right, one wrong, one abandons it; the trainer's grid shows each, and what each did;
an exercise is reset for one trainee and for all; a pause refuses work until it is resumed; a trainee works on its
own code set only; a cut link answers like an unreachable central, and the desk's real offline queue sends what
waited once it is restored; the end-of-class report; a live central has no classroom."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from carnet_domain.payload import TransactionPayload
from carnet_domain.training.exercise import Exercise, Expect, Expectation
from carnet_domain.transaction_types import TransactionType as T
from central_client.errors import CentralUnreachable
from central_client.http import HttpCentral
from central_contract.training import ClassView, ExerciseState, TraineeExercise, TraineeWork
from offline_queue.items import ItemState
from offline_queue.store import QueueStore
from offline_queue.sync import Syncer
from reference_central.demo.seed import seed_demo
from reference_central.identity.passwords import CHEAP_PROFILE
from tests.api.helpers import assert_refused, history_of
from tests.central_world import Database, World, start_world
from tests.conftest import NOW
from tests.queue.helpers import request

EXPORT = Exercise(
    exercise_id="export", scenario="exportation", title="Exportation of a validated carnet",
    brief="A holder presents a validated carnet to export thirteen items.", outcome="Exportation of items 1-13.",
    points=("Every item the holder declared",), help="exportation",
    expectations=(Expectation(kind=Expect.RECORDED, type=T.EXPORTATION, goods="1-13",
                              why="Record exactly what the holder declared."),),
)
EXPIRED = Exercise(
    exercise_id="expired", scenario="expired", title="An expired carnet",
    brief="An expired carnet: the holder re-exports and asks to import.",
    outcome="Re-exportation recorded; importation refused, the carnet expired.",
    expectations=(Expectation(kind=Expect.RECORDED, type=T.REEXPORTATION, goods="1-5"),
                  Expectation(kind=Expect.REJECTION, type=T.IMPORTATION, mentions=("expired",))),
)
OFFLINE = Exercise(
    exercise_id="offline-validation", scenario="validation", title="Validation with the link down",
    brief="Validate the carnet while the desk is cut from the central.", outcome="Validation sent from the queue.",
    offline=True, expectations=(Expectation(kind=Expect.RECORDED, type=T.VALIDATION, offline=True),),
)
EXERCISES = (EXPORT, EXPIRED, OFFLINE)
TRAINEES = 3


@pytest.fixture
def classroom(demo_database: Database) -> Iterator[World]:
    """A training central with three trainees, their trainer and the exercises above."""
    w = start_world(demo_database.where, NOW, demo=True, key_file=demo_database.key_file, trainees=TRAINEES,
                    exercises=EXERCISES)
    yield w
    w.server.stop()
    w.store.close()


class Person:
    """One account of the classroom, asking over HTTP with its session."""

    def __init__(self, world: World, account_id: str) -> None:
        self.world = world
        self.http = httpx.Client(base_url=world.url, timeout=30,
                                 headers={"Authorization": f"Bearer {world.tokens[account_id]}"})

    def exercise(self, exercise_id: str) -> TraineeExercise:
        answer = self.http.get("/v1/training/exercises")
        assert answer.status_code == 200, answer.text
        found = [TraineeExercise.model_validate(e) for e in answer.json()]
        assert [e.exercise_id for e in found] == [e.exercise_id for e in EXERCISES]
        return next(e for e in found if e.exercise_id == exercise_id)

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


@pytest.fixture
def people(classroom: World) -> Iterator[tuple[Trainer, Person, Person, Person]]:
    trainer = Trainer(classroom, "trainer")
    trainees = [Person(classroom, f"trainee{n:02d}") for n in range(1, TRAINEES + 1)]
    yield trainer, trainees[0], trainees[1], trainees[2]
    for person in (trainer, *trainees):
        person.close()


def trainee_work_on(world: World, carnet_number: str) -> list[str]:
    """The types of the transactions a trainee made on the carnet (not the demo's history)."""
    with world.store.transaction() as db:
        row = db.execute("SELECT carnet_id FROM carnets WHERE number = ?", (carnet_number,)).fetchone()
    return [t.type.value for t in history_of(world, str(row[0])) if t.officer_id != "demo"]


def test_one_right_one_wrong_one_abandoned_as_the_trainer_sees_them(
    classroom: World, people: tuple[Trainer, Person, Person, Person]
) -> None:
    trainer, right, wrong, quits = people
    before = right.exercise("export")
    assert before.state is ExerciseState.NOT_STARTED
    assert (before.outcome, before.points, before.findings) == ("", [], [])  # nothing said before the end
    assert before.carnet_number == "CHDEMO260002T01"
    assert [c.transaction_type for c in before.codes] == ["exportation"]
    code = before.codes[0].transaction_code
    assert before.codes[0].payload == TransactionPayload("120102", code, training=True).encode()  # the QR's text

    assert right.lookup(before).status_code == 200
    assert right.exercise("export").state is ExerciseState.IN_PROGRESS  # the first lookup started it
    assert right.commit(before, T.EXPORTATION, "1-13").status_code == 201
    judged = right.acted("export", "finish")
    assert (judged.state, judged.findings) == (ExerciseState.CORRECT, [])
    assert judged.outcome == EXPORT.outcome
    assert judged.points == list(EXPORT.points)

    theirs = wrong.exercise("export")
    assert wrong.commit(theirs, T.EXPORTATION, "1-12").status_code == 201
    judged = wrong.acted("export", "finish")
    assert judged.state is ExerciseState.WRONG
    assert [(f.code, f.items, f.why) for f in judged.findings] == [
        ("missing_items", "13", "Record exactly what the holder declared.")]

    assert quits.acted("export", "start").state is ExerciseState.IN_PROGRESS
    judged = quits.acted("export", "abandon")
    assert judged.state is ExerciseState.ABANDONED
    assert [f.code for f in judged.findings] == ["not_recorded", "abandoned"]

    assert trainer.cells("export") == {1: ExerciseState.CORRECT, 2: ExerciseState.WRONG,
                                       3: ExerciseState.ABANDONED}
    assert trainer.cells("expired") == dict.fromkeys(range(1, 4), ExerciseState.NOT_STARTED)
    view = trainer.view()
    assert [(t.trainee, t.account_id, t.display_name) for t in view.trainees] == [
        (1, "trainee01", "Trainee 01"), (2, "trainee02", "Trainee 02"), (3, "trainee03", "Trainee 03")]
    assert [e.exercise_id for e in view.exercises] == ["export", "expired", "offline-validation"]

    work = trainer.work(2, "export")
    assert (work.trainee, work.account_id) == (2, "trainee02")
    assert [(d.kind, d.type, d.declared, d.cancelled, d.offline) for d in work.done] == [
        ("transaction", T.EXPORTATION, "1-12", False, False)]
    assert work.exercise.state is ExerciseState.WRONG
    assert trainer.work(3, "export").done == []

    # Finished: no more work on its carnet until it is reset.
    assert_refused(wrong.lookup(theirs), 409, "exercise_finished")
    assert_refused(wrong.act("export", "finish"), 409, "exercise_finished")


def test_an_exercise_reset_for_one_trainee_then_for_all(
    classroom: World, people: tuple[Trainer, Person, Person, Person]
) -> None:
    trainer, first, second, _ = people
    for person, declared in ((first, "1-13"), (second, "1-12")):
        assert person.commit(person.exercise("export"), T.EXPORTATION, declared).status_code == 201
        person.acted("export", "finish")

    again = second.acted("export", "reset")  # the trainee's own reset: that exercise alone, for itself alone
    assert (again.state, again.findings, again.started_at, again.finished_at) == (
        ExerciseState.NOT_STARTED, [], None, None)
    assert trainee_work_on(classroom, again.carnet_number) == []
    assert trainer.cells("export") == {1: ExerciseState.CORRECT, 2: ExerciseState.NOT_STARTED,
                                       3: ExerciseState.NOT_STARTED}
    assert second.commit(again, T.EXPORTATION, "1-13").status_code == 201  # the same code, usable again
    assert second.acted("export", "finish").state is ExerciseState.CORRECT

    view = trainer.control("reset", "export")  # for every trainee
    assert {c.state for c in view.cells if c.exercise_id == "export"} == {ExerciseState.NOT_STARTED}
    for person in (first, second):
        assert trainee_work_on(classroom, person.exercise("export").carnet_number) == []
    assert trainer.work(1, "export").done == []

    trainer.control("start", "expired", 3)
    assert trainer.cells("expired") == {1: ExerciseState.NOT_STARTED, 2: ExerciseState.NOT_STARTED,
                                        3: ExerciseState.IN_PROGRESS}


def test_a_pause_refuses_work_until_the_trainer_resumes(
    classroom: World, people: tuple[Trainer, Person, Person, Person]
) -> None:
    trainer, first, second, _ = people
    expired = first.exercise("expired")
    view = trainer.control("pause", "expired", 1)
    assert [(c.trainee, c.paused) for c in view.cells if c.exercise_id == "expired"] == [
        (1, True), (2, False), (3, False)]
    assert first.exercise("expired").paused is True
    assert_refused(first.lookup(expired), 409, "exercise_paused")
    assert_refused(first.act("expired", "start"), 409, "exercise_paused")
    assert second.lookup(second.exercise("expired")).status_code == 200  # the others work on

    trainer.control("resume", "expired", 1)
    assert first.lookup(expired).status_code == 200
    assert first.commit(expired, T.REEXPORTATION, "1-5").status_code == 201
    rejected = first.http.post("/v1/rejections", json={
        "carnet_id": first.lookup(expired, 1).json()["carnet"]["carnet_id"],
        "transaction_code": expired.codes[1].transaction_code, "reason": "The carnet expired: no importation"})
    assert rejected.status_code == 201, rejected.text
    assert first.acted("expired", "finish").state is ExerciseState.CORRECT


def test_a_trainee_works_on_its_own_code_set_only(
    classroom: World, people: tuple[Trainer, Person, Person, Person]
) -> None:
    trainer, first, second, _ = people
    theirs = second.exercise("export")
    refused = assert_refused(first.lookup(theirs), 403, "not_your_code_set")
    assert "2" in refused["detail"]
    demo = Person(classroom, "officer.ch")  # a demo account plays code set 0
    try:
        own = demo.exercise("export")
        assert own.carnet_number == "CHDEMO260002"
        assert_refused(first.lookup(own), 403, "not_your_code_set")
        assert demo.lookup(own).status_code == 200
        assert demo.exercise("export").state is ExerciseState.IN_PROGRESS
    finally:
        demo.close()
    assert trainer.cells("export") == dict.fromkeys(range(1, 4), ExerciseState.NOT_STARTED)  # nobody's but set 0's


def test_unknown_exercises_and_trainees_and_bounds(
    classroom: World, people: tuple[Trainer, Person, Person, Person]
) -> None:
    trainer, first, _, _ = people
    assert_refused(first.act("no-such-exercise", "start"), 404, "unknown_exercise")
    assert_refused(first.act("x" * 61, "start"), 422, "invalid_request")
    assert_refused(trainer.http.get("/v1/training/class/4/export"), 404, "unknown_trainee")
    assert_refused(trainer.http.get("/v1/training/class/51/export"), 422, "invalid_request")
    assert_refused(trainer.http.get("/v1/training/class/0/export"), 422, "invalid_request")
    assert_refused(first.act("a%00b", "finish"), 422, "invalid_request")  # a NUL is refused wherever it is
    for hostile in ("%F0%9F%92%A9", "..%5C..", "x'%20OR%201=1", "%E2%80%AE-1"):
        assert_refused(first.act(hostile, "finish"), 404, "unknown_exercise")
        assert_refused(trainer.http.get(f"/v1/training/class/1/{hostile}"), 404, "unknown_exercise")
    for number in ("abc", "1.5", "-1", "9" * 30):
        assert_refused(trainer.http.get(f"/v1/training/class/{number}/export"), 422, "invalid_request")
    assert_refused(trainer.http.get("/v1/training/class/1/nope"), 404, "unknown_exercise")
    assert_refused(trainer.http.post("/v1/training/class/control", json={"action": "start", "exercise_id": "export",
                                                                          "trainee": 9}), 404, "unknown_trainee")
    assert_refused(trainer.http.post("/v1/training/class/control", json={"action": "fly", "exercise_id": "export"}),
                   422, "invalid_request")
    assert_refused(trainer.http.post("/v1/training/class/link", json={"cut": True, "trainee": 99}),
                   422, "invalid_request")
    # The class is the trainer's: a trainee, an officer and an admin are refused it.
    for account in ("trainee01", "officer.ch", "admin"):
        person = Person(classroom, account)
        try:
            for answer in (person.http.get("/v1/training/class"), person.http.get("/v1/training/class/1/export"),
                           person.http.post("/v1/training/class/link", json={"cut": True}),
                           person.http.get("/v1/training/report")):
                assert_refused(answer, 403, "forbidden")
        finally:
            person.close()


async def test_a_cut_link_is_an_unreachable_central_and_the_queue_drains_once_restored(
    classroom: World, people: tuple[Trainer, Person, Person, Person], tmp_path: Path
) -> None:
    trainer, first, second, _ = people
    offline = first.exercise("offline-validation")
    carnet_id = first.lookup(offline).json()["carnet"]["carnet_id"]
    view = trainer.link(cut=True, trainee=1)
    assert [t.link_cut for t in view.trainees] == [True, False, False]
    assert_refused(first.http.get("/v1/me"), 503, "link_cut")
    assert_refused(first.http.get("/v1/health"), 503, "link_cut")  # the desk's probe too, with its session
    assert_refused(first.http.get("/v1/training/exercises"), 503, "link_cut")
    assert httpx.get(f"{classroom.url}/v1/health").status_code == 200  # the central itself is up
    assert second.http.get("/v1/me").status_code == 200

    desk = HttpCentral(classroom.url, classroom.tokens["trainee01"])
    queue = QueueStore.open(tmp_path / "queue.sqlite3", clock=classroom.clock)
    try:
        with pytest.raises(CentralUnreachable) as unreachable:
            await desk.lookup(offline.carnet_number, offline.codes[0].transaction_code)
        assert unreachable.value.maybe_received is False
        item = queue.add_commit(request(carnet_id, offline.codes[0].transaction_code, T.VALIDATION),
                                office_id="gva-airport", officer="trainee01")
        syncer = Syncer(queue, desk, signed_in=lambda: "trainee01")
        assert await syncer.probe() is False
        assert await syncer.drain() is False
        assert syncer.status.reachable is False
        assert queue.item(item.seq).state is ItemState.PENDING

        classroom.clock.advance(timedelta(minutes=3))  # the link comes back three minutes later
        trainer.link(cut=False)
        assert await syncer.probe() is True
        assert await syncer.drain() is True
        assert queue.item(item.seq).state is ItemState.SENT
    finally:
        queue.close()
        await desk.aclose()
    judged = first.acted("offline-validation", "finish")
    assert (judged.state, judged.findings) == (ExerciseState.CORRECT, [])
    assert [d.offline for d in trainer.work(1, "offline-validation").done] == [True]


def test_the_report_answers_a_pdf_and_a_spreadsheet(
    classroom: World, people: tuple[Trainer, Person, Person, Person]
) -> None:
    trainer, first, _, _ = people
    first.acted("export", "abandon")
    pdf = trainer.http.get("/v1/training/report", params={"format": "pdf"})
    assert pdf.status_code == 200, pdf.text
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    xlsx = trainer.http.get("/v1/training/report", params={"format": "xlsx"})
    assert xlsx.status_code == 200, xlsx.text
    assert xlsx.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert xlsx.content.startswith(b"PK")
    assert_refused(trainer.http.get("/v1/training/report", params={"format": "doc"}), 422, "invalid_request")


def test_a_live_central_has_no_classroom(world: World) -> None:
    with httpx.Client(base_url=world.url, timeout=30) as http:
        for account in ("officer.ch", "admin"):
            headers = {"Authorization": f"Bearer {world.tokens[account]}"}
            for method, path, body in (
                ("GET", "/v1/training/exercises", None), ("POST", "/v1/training/exercises/export/start", None),
                ("POST", "/v1/training/exercises/export/finish", None),
                ("POST", "/v1/training/exercises/export/abandon", None),
                ("POST", "/v1/training/exercises/export/reset", None), ("GET", "/v1/training/class", None),
                ("GET", "/v1/training/class/1/export", None),
                ("POST", "/v1/training/class/control", {"action": "start", "exercise_id": "export"}),
                ("POST", "/v1/training/class/link", {"cut": True}), ("GET", "/v1/training/report", None),
            ):
                assert_refused(http.request(method, path, json=body, headers=headers), 404, "not_found")


def test_no_account_is_given_the_trainer_role(world: World) -> None:
    with httpx.Client(base_url=world.url, timeout=30,
                      headers={"Authorization": f"Bearer {world.tokens['admin']}"}) as admin:
        made = admin.post("/v1/accounts", json={"account_id": "new.trainer", "display_name": "Trainer",
                                                "role": "trainer", "office_id": "gva-airport"})
        assert_refused(made, 422, "role_not_grantable")
        changed = admin.patch("/v1/accounts/officer.ch", json={"role": "trainer"})
        assert_refused(changed, 422, "role_not_grantable")
        imported = admin.post("/v1/imports/accounts", content=(
            b"account_id,display_name,badge,email,role,office_id\r\nbulk.trainer,Bulk,,,trainer,gva-airport\r\n"
        ),
            headers={"Content-Type": "text/csv"})
        assert_refused(imported, 422, "import_refused")
        assert "trainer exists only on a training central" in imported.text


def test_exercises_on_a_scenario_the_demo_does_not_seed_are_refused(tmp_path: Path) -> None:
    from reference_central.store import Store

    store = Store(tmp_path / "demo.sqlite3")
    try:
        wrong = EXPORT.model_copy(update={"scenario": "no-such-scenario"})
        with pytest.raises(ValueError, match="no-such-scenario"):
            seed_demo(store, NOW, 1, profile=CHEAP_PROFILE, exercises=(wrong,))
    finally:
        store.close()
