"""A controller's long read (the logs, the statistics) never holds the desks up: it reads a snapshot on a connection
of its own, so a lookup and a commit go through while it is still reading, and it sees the state as it was when it
began. Measured under load by ``benchmarks.central_load``; here the read is held open on purpose."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from carnet_domain.transaction_types import TransactionType as T
from central_contract.models import CarnetLogPage
from reference_central.service import Central
from tests.api.helpers import fresh_code
from tests.central_world import Database, World, make_carnet, start_world
from tests.conftest import NOW


class HeldLogs(Central):
    """Its logs read opens its snapshot, then waits until the test lets it go on."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.reading = threading.Event()
        self.go_on = threading.Event()

    def carnet_logs(self, *args: Any, **kwargs: Any) -> CarnetLogPage:
        with self.store.reading():
            self.reading.set()
            assert self.go_on.wait(20)
            return super().carnet_logs(*args, **kwargs)


@pytest.fixture
def held(database: Database) -> Iterator[tuple[World, HeldLogs]]:
    world = start_world(database.where, NOW, central=HeldLogs, key_file=database.key_file)
    central = world.server.central
    assert isinstance(central, HeldLogs)
    yield world, central
    central.go_on.set()
    world.server.stop()
    world.store.close()


def test_a_desk_commits_while_a_controller_reads_the_logs(held: tuple[World, HeldLogs]) -> None:
    world, central = held
    carnet = world.add_carnet(make_carnet("171001", "CHTA00171001"))
    code = fresh_code()
    world.declare(carnet, T.VALIDATION, code)
    answers: list[httpx.Response] = []
    controller = {"Authorization": f"Bearer {world.tokens['controller.ch']}"}
    reader = threading.Thread(target=lambda: answers.append(
        httpx.get(f"{world.url}/v1/logs/carnets", headers=controller, timeout=30)))
    reader.start()
    assert central.reading.wait(10)
    officer = {"Authorization": f"Bearer {world.tokens['officer.ch']}"}
    with httpx.Client(base_url=world.url, headers=officer, timeout=5) as desk:  # no waiting for the read to end
        looked = desk.post("/v1/lookup", json={"carnet": carnet.number, "transaction_code": code})
        assert looked.status_code == 200, looked.text
        committed = desk.post("/v1/transactions", headers={"Idempotency-Key": str(uuid.uuid4())},
                              json={"carnet_id": carnet.carnet_id, "transaction_code": code, "type": "validation"})
        assert committed.status_code == 201, committed.text
    assert reader.is_alive()  # the logs read is still going on
    central.go_on.set()
    reader.join(10)
    [logs] = answers
    assert logs.status_code == 200
    assert carnet.carnet_id not in {row["carnet_id"] for row in logs.json()["items"]}  # its snapshot came first
    later = httpx.get(f"{world.url}/v1/logs/carnets", headers=controller, timeout=30)
    assert carnet.carnet_id in {row["carnet_id"] for row in later.json()["items"]}
