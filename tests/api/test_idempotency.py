"""Idempotency keys belong to the account that sends them and are kept 30 days: the same key from two accounts is
two requests, a key within 30 days still answers its request, an older one is pruned and then makes a new request;
a key kept before keys were scoped still answers its own request. Through the real API, and the store's file."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from pathlib import Path

from carnet_domain.carnet import Carnet
from carnet_domain.cpd.exit_timing import SeizedBy
from carnet_domain.transaction_types import TransactionType as T
from central_contract.models import CommitRequest, CommitResponse
from central_contract.vehicles import SeizureRequest
from reference_central import idempotency
from reference_central.idempotency import KEEP, PRUNE_BATCH
from reference_central.operations.base import MAX_OFFLINE_AGE
from reference_central.store import Store
from tests.api.helpers import fresh_code, history_of, refused
from tests.api.test_commit import NOW, idempotency_rows, new_carnet, new_key, request
from tests.api.vehicle_world import BARDONNEX, CONTROLLER, OFFICER, Road, june
from tests.central_world import World


def validation(world: World) -> tuple[Carnet, CommitRequest]:
    """A new carnet and the request that validates it."""
    carnet = new_carnet(world)
    code = fresh_code()
    world.declare(carnet, T.VALIDATION, code)
    return carnet, request(carnet, code, T.VALIDATION)


async def test_one_key_from_two_accounts_is_two_requests(world: World, close_clients: None) -> None:
    key = new_key()
    sent: dict[str, tuple[CommitRequest, CommitResponse]] = {}
    for account in ("officer.ch", "controller.ch"):
        carnet, body = validation(world)
        answer = await world.client(account).commit(body, key)
        assert (answer.transaction.officer_id, answer.transaction.carnet_id) == (account, carnet.carnet_id)
        sent[account] = (body, answer)
    first, second = (answer for _, answer in sent.values())
    assert first.transaction.transaction_id != second.transaction.transaction_id
    for account, (body, answer) in sent.items():  # each account's key answers its own request, and only it
        assert await world.client(account).commit(body, key) == answer
    assert idempotency_rows(world, key) == 2


async def test_one_key_from_two_accounts_records_twice_on_a_vehicle(road: Road) -> None:
    car = road.private("160001")
    await road.enter(car, june(15))
    key = new_key()
    seizure = SeizureRequest(seized_by=SeizedBy.AUTHORITIES, seized_on=june(15), authority="Police cantonale")
    for account in (OFFICER, CONTROLLER):
        file = await road.client(account).record_seizure(car.number, seizure, BARDONNEX, key)
    assert sorted(s.recorded_by for s in file.seizures) == sorted([OFFICER, CONTROLLER])
    again = await road.officer.record_seizure(car.number, seizure, BARDONNEX, key)  # a retry: nothing recorded
    assert again == file


async def test_a_key_is_kept_thirty_days_then_pruned(world: World, close_clients: None) -> None:
    assert KEEP >= MAX_OFFLINE_AGE  # a queued commit is refused before its key is forgotten
    ch, controller = world.client("officer.ch"), world.client("controller.ch")
    key, other_key = new_key(), new_key()
    carnet, body = validation(world)
    first = await ch.commit(body, key)
    _, elsewhere = validation(world)
    await controller.commit(elsewhere, other_key)

    # Within 30 days the key still answers its request, and is refused for another.
    world.clock.advance(KEEP - timedelta(minutes=1))
    assert await ch.commit(body, key) == first
    export = fresh_code()
    world.declare(carnet, T.EXPORTATION, export, "1-20")
    await refused(ch.commit(request(carnet, export, T.EXPORTATION, "1-20"), key), "idempotency_key_reused")

    # After 30 days it is forgotten: the same key makes a new request, and keeping it prunes the expired keys.
    world.clock.advance(timedelta(minutes=2))
    second = await ch.commit(request(carnet, export, T.EXPORTATION, "1-20"), key)
    assert second.transaction.transaction_id != first.transaction.transaction_id
    assert [t.type for t in history_of(world, carnet)] == [T.VALIDATION, T.EXPORTATION]
    assert idempotency_rows(world, key) == 1 and idempotency_rows(world, other_key) == 0
    assert await ch.commit(request(carnet, export, T.EXPORTATION, "1-20"), key) == second


async def test_a_key_kept_before_keys_were_scoped_still_answers_its_request(world: World, close_clients: None) -> None:
    """A central's file from before keys were scoped holds them bare: the account's retry is answered as then,
    another account's use of the key is a request of its own."""
    key = new_key()
    carnet, body = validation(world)
    officer = world.client("officer.ch")
    first = await officer.commit(body, key)
    with world.store.transaction() as db:
        assert db.execute("UPDATE idempotency SET key = ?", (key,)).rowcount == 1
    assert await officer.commit(body, key) == first
    assert len(history_of(world, carnet)) == 1
    _, theirs = validation(world)
    assert (await world.client("controller.ch").commit(theirs, key)).transaction.officer_id == "controller.ch"


def test_pruning_takes_a_bounded_batch_of_the_oldest_along_their_index(tmp_path: Path) -> None:
    store = Store(tmp_path / "central.sqlite3")
    old = NOW - KEEP - timedelta(days=1)
    digest = hashlib.sha256(b"a request").hexdigest()
    with store.transaction() as db:
        for n in range(PRUNE_BATCH + 50):
            idempotency.keep(db, "officer.ch", f"old-{n}", digest, old + timedelta(seconds=n), status=201)
        idempotency.keep(db, "officer.ch", "recent", digest, NOW - KEEP + timedelta(days=1), status=201)
        plan = " ".join(str(row[-1]) for row in db.execute(
            "EXPLAIN QUERY PLAN SELECT key FROM idempotency WHERE created_at < ? ORDER BY created_at LIMIT 1",
            (NOW.isoformat(),)))
    assert "idempotency_age" in plan

    def kept() -> list[str]:
        with store.transaction() as db:
            return [str(r["key"]).partition("\n")[2] for r in db.execute("SELECT key FROM idempotency")]

    with store.transaction() as db:
        idempotency.keep(db, "officer.ch", "new-1", digest, NOW, status=201)
    left = kept()
    assert len(left) == 50 + 2 and "old-0" not in left and f"old-{PRUNE_BATCH + 49}" in left
    with store.transaction() as db:
        idempotency.keep(db, "officer.ch", "new-2", digest, NOW, status=201)
    assert sorted(kept()) == ["new-1", "new-2", "recent"]
    store.close()
