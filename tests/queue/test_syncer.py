"""The syncer against the real reference central: it sorts refusals of a commit from refusals of the account,
notices a desk clock that is off, and stops when it is cancelled."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from pathlib import Path

from carnet_domain.transaction_types import TransactionType as T
from central_client.http import HttpCentral
from central_contract.models import CommitRequest
from offline_queue.items import ItemState
from offline_queue.status import QueueCounts, SyncStatus
from offline_queue.store import QueueStore
from offline_queue.sync import Syncer
from reference_central.clock import SettableClock
from tests.api.helpers import fresh_code, history_of
from tests.central_world import World, make_carnet
from tests.queue.helpers import NOW, OFFICE, OFFICER, actions, request


def queue_at(tmp_path: Path, clock: SettableClock) -> QueueStore:
    return QueueStore.open(tmp_path / "workstation" / "queue.sqlite3", clock=clock)


def declared_validation(world: World, n: int) -> CommitRequest:
    carnet = world.add_carnet(make_carnet(str(8100 + n), f"CH-Q{n:04d}"))
    code = fresh_code()
    world.declare(carnet, T.VALIDATION, code)
    return request(carnet.carnet_id, code)


async def test_a_permanent_refusal_goes_to_review_and_later_items_still_go(
    tmp_path: Path, world: World, close_clients: None
) -> None:
    store = queue_at(tmp_path, world.clock)
    good = declared_validation(world, 1)
    known = world.add_carnet(make_carnet("8199", "CH-Q0199"))
    unknown = store.add_commit(request("404404", fresh_code()), office_id=OFFICE, officer=OFFICER)
    first = store.add_commit(good, office_id=OFFICE, officer=OFFICER)
    wrong_code = store.add_commit(request(known.carnet_id, fresh_code()), office_id=OFFICE, officer=OFFICER)
    last = store.add_commit(declared_validation(world, 2), office_id=OFFICE, officer=OFFICER)
    heard: list[SyncStatus] = []
    syncer = Syncer(store, world.client(OFFICER), on_change=heard.append, signed_in=lambda: OFFICER)

    assert await syncer.drain() is True

    assert store.counts() == QueueCounts(needs_review=2, sent=2)
    refused = store.item(unknown.seq)
    assert refused.state is ItemState.NEEDS_REVIEW
    assert refused.refusal_code == "unknown_carnet"
    assert (refused.refusal_message, refused.refusal_detail) == ("No carnet has this number or ID.", "404404")
    assert store.item(wrong_code.seq).refusal_code == "wrong_transaction_code"
    assert store.item(wrong_code.seq).refusal_message.startswith("This transaction code does not belong")
    for item in (first, last):
        sent = store.item(item.seq)
        assert sent.state is ItemState.SENT and sent.response is not None
        assert sent.response.transaction.carnet_id == item.request.carnet_id
        assert sent.response.transaction.occurred_at == NOW
        assert [t.transaction_id for t in history_of(world, item.request.carnet_id)] == [
            sent.response.transaction.transaction_id]
    assert history_of(world, known) == []
    assert [(a, s) for _, a, s, _ in actions(store) if a != "queued"] == [
        ("refused", unknown.local_ref), ("sent", first.local_ref), ("refused", wrong_code.local_ref),
        ("sent", last.local_ref)]
    assert syncer.status.reachable is True and syncer.status.blocked is False
    assert heard[-1].counts == QueueCounts(needs_review=2, sent=2)

    # The supervisor corrects the unknown carnet; the correction goes out at the next drain.
    corrected = declared_validation(world, 3)
    new = store.resubmit(unknown.seq, corrected, who="supervisor.ch", reason="Carnet ID mistyped")
    assert await syncer.drain() is True
    assert store.item(new.seq).state is ItemState.SENT
    assert store.counts() == QueueCounts(needs_review=1, sent=3)
    store.close()


async def test_an_account_refusal_blocks_sending_and_leaves_every_item_pending(
    tmp_path: Path, world: World, close_clients: None
) -> None:
    store = queue_at(tmp_path, world.clock)
    made = [store.add_commit(declared_validation(world, n), office_id=OFFICE, officer=OFFICER) for n in range(3)]
    journal = store.journal()
    bad = HttpCentral(world.url, "ect_training_not-a-token")
    try:
        syncer = Syncer(store, bad, signed_in=lambda: OFFICER)
        assert await syncer.drain() is False
    finally:
        await bad.aclose()

    assert syncer.status.blocked is True
    assert syncer.status.reachable is True
    assert syncer.status.problem.startswith("unauthenticated: ")
    assert store.counts() == QueueCounts(pending=3)
    for item in made:
        kept = store.item(item.seq)
        assert kept.state is ItemState.PENDING and kept.attempts == 0 and kept.refusal_code == ""
        assert kept.idempotency_key == item.idempotency_key
        assert history_of(world, item.request.carnet_id) == []
    assert store.journal() == journal

    syncer.central = world.client(OFFICER)  # signed in again
    assert await syncer.drain() is True
    assert syncer.status.blocked is False
    assert store.counts() == QueueCounts(sent=3)
    store.close()


async def test_probe_reports_a_desk_clock_ten_minutes_off(tmp_path: Path, world: World, close_clients: None) -> None:
    offset = timedelta(minutes=10)

    def desk() -> datetime:
        return world.clock() + offset

    store = QueueStore.open(tmp_path / "queue.sqlite3", clock=desk)
    syncer = Syncer(store, world.client(OFFICER))
    assert await syncer.probe() is True
    assert syncer.status.reachable is True
    assert syncer.status.clock_skew == timedelta(minutes=10)

    offset = timedelta(minutes=-10)
    assert await syncer.probe() is True
    assert syncer.status.clock_skew == timedelta(minutes=-10)

    offset = timedelta(minutes=1)  # within tolerance: nothing to report
    assert await syncer.probe() is True
    assert syncer.status.clock_skew is None

    offset = timedelta(0)  # the central's clock moves, the desk's stays: the health time is the central's
    world.clock.advance(timedelta(minutes=10))
    store.clock = lambda: NOW
    assert await syncer.probe() is True
    assert syncer.status.clock_skew == timedelta(minutes=-10)
    store.close()


async def test_a_running_syncer_stops_when_cancelled_even_just_after_a_wake(world: World, tmp_path: Path) -> None:
    """Quitting right after a commit was queued: the syncer's cancel is not lost in its wait."""
    queue = QueueStore.open(tmp_path / "queue.sqlite3", clock=world.clock)
    central = world.client("officer.ch")
    syncer = Syncer(queue, central, signed_in=lambda: OFFICER)
    task = asyncio.create_task(syncer.run())
    await asyncio.sleep(0.3)
    syncer.wake()
    task.cancel()
    done, _ = await asyncio.wait({task}, timeout=2)
    assert task in done and task.cancelled()
    await central.aclose()
    queue.close()
