"""The central failing on one queued commit (``500 internal_error``) time after time: at the fifth failure in a row
the item waits for review, with why, and the commits behind it go through; any other answer to the item between
two failures starts the count again. The failures are the central's own, on 127.0.0.1 (:mod:`buggy_central`)."""

from __future__ import annotations

from pathlib import Path

from carnet_domain.transaction_types import TransactionType as T
from central_contract.models import CommitRequest
from offline_queue.items import ItemState
from offline_queue.status import QueueCounts
from offline_queue.store import QueueStore
from offline_queue.sync import FAILURES_BEFORE_REVIEW, Syncer
from tests.api.helpers import fresh_code, history_of
from tests.central_world import World, make_carnet
from tests.queue.buggy_central import BuggyCentral, buggy
from tests.queue.helpers import OFFICE, OFFICER, actions, request

__all__ = ["buggy"]


def validation(world: World, carnet_id: str) -> CommitRequest:
    carnet = world.add_carnet(make_carnet(carnet_id, f"CH-B{carnet_id}"))
    code = fresh_code()
    world.declare(carnet, T.VALIDATION, code)
    return request(carnet.carnet_id, code)


def queued(world: World, store: QueueStore, *carnet_ids: str) -> list[int]:
    return [store.add_commit(validation(world, c), office_id=OFFICE, officer=OFFICER).seq for c in carnet_ids]


async def test_an_item_the_central_fails_on_five_times_goes_to_review_and_the_others_go(
    tmp_path: Path, buggy: tuple[World, BuggyCentral]
) -> None:
    world, central = buggy
    central.broken = {"8302"}
    store = QueueStore.open(tmp_path / "queue.sqlite3", clock=world.clock)
    first, failing, third, fourth = queued(world, store, "8301", "8302", "8303", "8304")
    syncer = Syncer(store, world.client(OFFICER), signed_in=lambda: OFFICER)

    for attempt in range(1, FAILURES_BEFORE_REVIEW):  # tried again and again, ahead of the later commits
        assert await syncer.drain() is False
        item = store.item(failing)
        assert (item.state, item.attempts) == (ItemState.PENDING, attempt)
        assert item.last_problem.startswith("internal_error")
        assert store.item(third).state is ItemState.PENDING
    assert await syncer.drain() is True

    assert FAILURES_BEFORE_REVIEW == 5
    review = store.item(failing)
    assert (review.state, review.attempts, review.refusal_code) == (ItemState.NEEDS_REVIEW, 5, "internal_error")
    assert review.refusal_detail == ("the central failed on this item 5 times in a row: incident INC-0001, INC-0002, "
                                     "INC-0003, INC-0004, INC-0005")
    assert (review.refusal_extra["failures"], review.refusal_extra["incidents"]) == (
        5, ["INC-0001", "INC-0002", "INC-0003", "INC-0004", "INC-0005"])
    assert history_of(world, "8302") == []
    for seq in (first, third, fourth):
        sent = store.item(seq)
        assert sent.state is ItemState.SENT and sent.response is not None
        assert [t.transaction_id for t in history_of(world, sent.request.carnet_id)] == [
            sent.response.transaction.transaction_id]
    assert store.counts() == QueueCounts(pending=0, needs_review=1, sent=3)
    refused = [(who, detail) for who, action, subject, detail in actions(store)
               if action == "refused" and subject == review.local_ref]
    assert refused == [("sync", "internal_error: The central failed; try again. (" + review.refusal_detail + ")")]
    store.close()


async def test_another_answer_between_failures_starts_the_count_again(
    tmp_path: Path, buggy: tuple[World, BuggyCentral]
) -> None:
    """Four failures, then another answer to the item (the central unavailable for a moment: retryable, but not
    a failure), then four failures more: still sent again. The fifth in a row moves it to review. A failure
    without an incident number counts all the same."""
    world, central = buggy
    central.broken, central.numbered = {"8312"}, False
    store = QueueStore.open(tmp_path / "queue.sqlite3", clock=world.clock)
    [failing] = queued(world, store, "8312")
    syncer = Syncer(store, world.client(OFFICER), signed_in=lambda: OFFICER)
    for _ in range(FAILURES_BEFORE_REVIEW - 1):
        assert await syncer.drain() is False
    central.unavailable = {"8312"}
    assert await syncer.drain() is False
    assert store.item(failing).last_problem.startswith("unavailable")
    central.unavailable = set()
    for _ in range(FAILURES_BEFORE_REVIEW - 1):
        assert await syncer.drain() is False
    assert store.item(failing).state is ItemState.PENDING
    assert await syncer.drain() is True
    review = store.item(failing)
    assert (review.state, review.attempts) == (ItemState.NEEDS_REVIEW, 2 * FAILURES_BEFORE_REVIEW)
    assert review.refusal_detail == "the central failed on this item 5 times in a row: no incident given"
    assert (review.refusal_extra["failures"], review.refusal_extra["incidents"]) == (5, [])

    # Resubmitted once the central is repaired, the commit goes.
    central.broken.clear()
    again = store.resubmit(failing, review.request, who="controller.ch", reason="The central's bug is repaired")
    assert await syncer.drain() is True
    assert store.item(again.seq).state is ItemState.SENT
    assert len(history_of(world, "8312")) == 1
    store.close()


async def test_a_failure_then_a_success_does_not_count_and_each_item_counts_its_own(
    tmp_path: Path, buggy: tuple[World, BuggyCentral]
) -> None:
    """The first item fails four times and then goes; the second then fails: its count starts at one."""
    world, central = buggy
    central.broken = {"8321", "8322"}
    store = QueueStore.open(tmp_path / "queue.sqlite3", clock=world.clock)
    first, second = queued(world, store, "8321", "8322")
    syncer = Syncer(store, world.client(OFFICER), signed_in=lambda: OFFICER)
    for _ in range(FAILURES_BEFORE_REVIEW - 1):
        assert await syncer.drain() is False
    central.broken.discard("8321")
    for _ in range(FAILURES_BEFORE_REVIEW - 1):
        assert await syncer.drain() is False
    assert (store.item(first).state, store.item(second).state) == (ItemState.SENT, ItemState.PENDING)
    assert await syncer.drain() is True
    assert store.item(second).state is ItemState.NEEDS_REVIEW
    store.close()
