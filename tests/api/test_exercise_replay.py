"""Every exercise of the shipped catalogue can really be done on the central: its scripted correct run
(tests/test_exercise_catalogue.py) is replayed through the real central's HTTP API, as the desk would send it,
and the central's judge finds it correct with no findings.

Each exercise plays on its own code set (trainee N plays the catalogue's N-th exercise, on a fresh carnet), as a
trainee account at Genève Aéroport or, where the scenario's office is in Genève's region, at that office. The
exercises a trainee account cannot do (:data:`DEMO_ACCOUNT`) are played by the demo account their brief names, on
code set 0."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest

from carnet_domain.training.exercise import VehicleRecordKind
from carnet_domain.training.judging import Done, DoneKind
from carnet_domain.transaction_types import TransactionType as T
from central_contract.training import ExerciseState, TraineeExercise
from reference_central.demo.carnets import scenarios
from reference_central.demo.exercise_files import load_catalogue
from reference_central.demo.seed import demo_codes
from tests.api.classroom_people import Person
from tests.api.helpers import assert_refused
from tests.central_world import Database, World, start_world
from tests.conftest import NOW
from tests.test_exercise_catalogue import RUNS

CATALOGUE = load_catalogue()
CATALOGUE_BY_ID = {e.exercise_id: e for e in CATALOGUE}
SCENARIO_OFFICE = {s.key: s.office_id for s in scenarios(NOW.date())}
DEMO_ACCOUNT = {
    "eu-export-exit": "officer.fr",  # at Paris CDG, then Orly: the trainees' region is Genève's
    "last-valid-day": "officer.us",  # at New York JFK
    "cpd-brisbane-exit": "officer.au",  # at the Port of Brisbane
    "cpd-undischarged": "controller.ch",  # a regularisation needs a controller; the trainees are officers
    "cpd-extension": "controller.fr",  # by the customs of the guarantor's country (DE, the EU), a controller
}
"""The exercises no trainee account can do, with the demo account that does them (code set 0)."""
EU_EXIT_OFFICE = "orly"
"""Where the EU two-step exercise's goods leave the EU (its brief)."""
OFFLINE_LAG = timedelta(minutes=5)
"""How long an offline commit waited in the desk's queue before the link came back."""


@pytest.fixture(scope="module")
def world(module_database: Database) -> Iterator[World]:
    """A training central with a trainee for each exercise of the shipped catalogue."""
    w = start_world(module_database.where, NOW, demo=True, key_file=module_database.key_file,
                    trainees=len(CATALOGUE), exercises=CATALOGUE)
    yield w
    w.server.stop()
    w.store.close()


class Desk(Person):
    """An account doing an exercise's scripted run as the desk sends it."""

    def __init__(self, world: World, account_id: str, exercise: TraineeExercise) -> None:
        super().__init__(world, account_id)
        self.ex = exercise
        self.code_set = int(account_id.removeprefix("trainee")) if account_id.startswith("trainee") else 0
        self.pre_exported = False

    def at(self, office_id: str) -> None:
        moved = self.http.put("/v1/session/office", json={"office_id": office_id})
        assert moved.status_code == 200, moved.text

    def code(self, kind: T) -> str:
        wanted = T.EXPORTATION if kind is T.PRE_EXPORTATION else kind  # the EU's Export step uses that code
        return next(c.transaction_code for c in self.ex.codes if c.transaction_type == wanted.value)

    def carnet(self, code: str) -> dict[str, Any]:
        """The carnet as the lookup with the holder's code finds it (the desk's step 1)."""
        found = self.http.post("/v1/lookup", json={"carnet": self.ex.carnet_number, "transaction_code": code})
        assert found.status_code == 200, found.text
        carnet: dict[str, Any] = found.json()["carnet"]
        return carnet

    def carnet_id(self, code: str) -> str:
        return str(self.carnet(code)["carnet_id"])

    def cancellation_code(self, code: str) -> str:
        """What the holder reads on the QR sheet beside the transaction code."""
        return next(c.cancellation_code for c in demo_codes(self.world.store)
                    if c.trainee == self.code_set and c.transaction_code == code)

    def post(self, path: str, body: dict[str, Any], status: int = 201) -> dict[str, Any]:
        answer = self.http.post(path, json=body, headers={"Idempotency-Key": str(uuid.uuid4())})
        assert answer.status_code == status, f"{path}: {answer.text}"
        found: dict[str, Any] = answer.json()
        return found

    def do(self, step: Done) -> None:
        if step.kind is DoneKind.TRANSACTION:
            self.transaction(step)
        elif step.kind is DoneKind.HOLD:
            self.hold(step)
        elif step.kind is DoneKind.REJECTION:
            assert step.type is not None
            code = self.code(step.type)
            self.post("/v1/rejections", {"carnet_id": self.carnet_id(code), "transaction_code": code,
                                         "reason": step.text})
        else:
            assert step.record is not None
            self.vehicle_record(step.record)

    def transaction(self, step: Done) -> None:
        assert step.type is not None
        code = self.code(step.type)
        if step.type is T.EXPORTATION and self.pre_exported:
            self.at(EU_EXIT_OFFICE)  # the Exit, where the goods leave the EU
        carnet = self.carnet(code)
        body: dict[str, Any] = {"carnet_id": carnet["carnet_id"], "transaction_code": code, "type": step.type.value,
                                "goods": {"declared_goods": step.declared, "diverted_goods": step.diverted}}
        if step.type is T.PRE_EXPORTATION:
            body |= {"type": T.EXPORTATION.value, "eu_step": "export"}
            self.pre_exported = True
        elif step.type is T.EXPORTATION and self.pre_exported:
            body["eu_step"] = "exit"
        remarks = step.text.removesuffix(step.explanation).strip()
        if step.explanation:
            body["customs"] = {"delay_explanation": step.explanation}  # a vehicle's late exit: the delay explained
        if remarks:
            body["goods"]["holder_remarks"] = remarks
        if step.offline:
            body["occurred_at"] = (self.world.clock() - OFFLINE_LAG).isoformat()
        made = self.post("/v1/transactions", body)
        if step.cancelled:
            transaction_id = made["transaction"]["transaction_id"]
            self.post(f"/v1/transactions/{transaction_id}/cancel",
                      {"cancellation_code": self.cancellation_code(code)}, status=200)

    def hold(self, step: Done) -> None:
        assert step.type is not None
        code = self.code(step.type)
        carnet_id = self.carnet_id(code)
        holds = self.http.get("/v1/holds", params={"territory_wide": True}).json()
        seeded = [h for h in holds if h["carnet_id"] == carnet_id and h["reason"] == step.text]
        if seeded:  # the on-hold scenario's hold, already there
            hold = seeded[0]
        else:
            hold = self.post("/v1/holds", {"carnet_id": carnet_id, "transaction_code": code, "step": 3,
                                           "reason": step.text})
        if step.released:
            self.post(f"/v1/holds/{hold['hold_id']}/release", {}, status=200)

    def vehicle_record(self, kind: VehicleRecordKind) -> None:
        number = self.ex.carnet_number
        file = self.http.get(f"/v1/carnets/{number}/vehicle")
        assert file.status_code == 200, file.text
        vehicle = file.json()
        today = date.fromisoformat(vehicle["office_date"])
        if kind is VehicleRecordKind.TERMINATION:
            self.post(f"/v1/carnets/{number}/vehicle/terminations", {
                "entry_id": vehicle["open_entries"][0], "kind": "destroyed_under_supervision",
                "on": today.isoformat(), "authority": "Gendarmerie vaudoise", "accident_authenticated": True})
        elif kind is VehicleRecordKind.REGULARISATION:
            self.post(f"/v1/carnets/{number}/vehicle/regularisations", {
                "entry_id": vehicle["open_entries"][0], "certificate": {
                    "authority_kind": "police", "authority_name": "Gendarmerie nationale", "country": "FR",
                    "place": "Annemasse", "presented_on": (today - timedelta(days=70)).isoformat(),
                    "issued_on": (today - timedelta(days=60)).isoformat()}})
        elif kind is VehicleRecordKind.EXTENSION:
            expiry = date.fromisoformat(vehicle["valid_until"])
            until = expiry + timedelta(days=90)
            self.post(f"/v1/carnets/{number}/vehicle/extension", {
                "requested_on": (today - timedelta(days=3)).isoformat(), "requested_until": until.isoformat(),
                "granted_until": until.isoformat(), "authority": "Hauptzollamt München", "country": "DE",
                "granted_on": today.isoformat()})
        elif kind is VehicleRecordKind.SEIZURE:
            self.post(f"/v1/carnets/{number}/vehicle/seizures", {
                "seized_by": "authorities", "seized_on": today.isoformat(), "authority": "Police cantonale"})
        else:
            self.post(f"/v1/carnets/{number}/vehicle/notification", {"notified_on": today.isoformat()})


def play(world: World, account: str, exercise_id: str, run: list[Done]) -> TraineeExercise:
    """``run`` done by ``account`` on a fresh carnet of the exercise's (started, or reset then started), then
    judged."""
    person = Person(world, account)
    try:
        if person.exercise(exercise_id).state is not ExerciseState.NOT_STARTED:
            person.acted(exercise_id, "reset")
        started = person.acted(exercise_id, "start")
    finally:
        person.close()
    assert started.state is ExerciseState.IN_PROGRESS
    desk = Desk(world, account, started)
    try:
        office = SCENARIO_OFFICE[CATALOGUE_BY_ID[exercise_id].scenario]
        if account.startswith("trainee") and office != "gva-airport":
            desk.at(office)  # Bardonnex is in the trainees' region
        for step in run:
            desk.do(step)
        return desk.acted(exercise_id, "finish")
    finally:
        desk.close()


def player(n: int) -> str:
    """Who plays the catalogue's ``n``-th exercise: its trainee, or the demo account that can."""
    return DEMO_ACCOUNT.get(CATALOGUE[n].exercise_id, f"trainee{n + 1:02d}")


EXERCISE_IDS = [e.exercise_id for e in CATALOGUE]


@pytest.mark.parametrize("n", range(len(CATALOGUE)), ids=EXERCISE_IDS)
def test_the_scripted_correct_run_is_done_on_the_central_and_judged_correct(world: World, n: int) -> None:
    exercise_id = CATALOGUE[n].exercise_id
    judged = play(world, player(n), exercise_id, RUNS[exercise_id].correct)
    assert (judged.state, judged.findings) == (ExerciseState.CORRECT, [])


@pytest.mark.parametrize("n", range(len(CATALOGUE)), ids=EXERCISE_IDS)
def test_each_scripted_wrong_run_done_on_the_central_is_judged_wrong_for_its_reasons(world: World, n: int) -> None:
    exercise_id = CATALOGUE[n].exercise_id
    for run, codes in RUNS[exercise_id].wrong:
        judged = play(world, player(n), exercise_id, run)
        assert judged.state is ExerciseState.WRONG
        assert tuple(f.code for f in judged.findings) == codes


def test_the_exercises_a_demo_account_plays_are_not_given_to_trainees(world: World) -> None:
    """A trainee account is an officer of Genève's region: it cannot work at CDG, JFK or Brisbane, nor record a
    controller's regularisation or an EU controller's extension. Those exercises say who plays them, and only
    that account's code set lists them."""
    assert {e.exercise_id: e.played_by for e in CATALOGUE if e.played_by} == DEMO_ACCOUNT
    trainee = Person(world, "trainee01")
    try:
        listed = [e.exercise_id for e in trainee.exercises()]
        assert listed == [e.exercise_id for e in CATALOGUE if not e.played_by]
        for exercise_id in DEMO_ACCOUNT:
            assert_refused(trainee.act(exercise_id, "start"), 404, "unknown_exercise")
    finally:
        trainee.close()
    for exercise_id, account in DEMO_ACCOUNT.items():
        demo = Person(world, account)
        try:
            assert exercise_id in [e.exercise_id for e in demo.exercises()]
        finally:
            demo.close()
