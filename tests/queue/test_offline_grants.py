"""Commits made while the central was unreachable reach it under the officer who made them, never under whoever is
signed in when they are sent: the real sign-in routes issue offline grants at a registered workstation, the queue
keeps them, and the syncer sends each commit under its own officer's grant, through a link that comes back (and
loses an answer on the way), to the reference central on loopback, which records each one once."""

from __future__ import annotations

import asyncio
import itertools
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from carnet_domain.transaction_types import TransactionType as T
from central_client.http import HttpCentral
from central_contract.identity import NewWorkstation, RegisteredWorkstation
from offline_queue.items import ItemState, QueuedCommit
from offline_queue.status import QueueCounts
from offline_queue.store import QueueStore
from offline_queue.sync import IDLE_CHECK, Syncer, wait_or_wake
from reference_central.demo.organisation import ACCOUNTS
from tests.api.helpers import fresh_code
from tests.central_world import World, make_carnet
from tests.queue.fault_proxy import Fault, FaultProxy
from tests.queue.helpers import OFFICE, actions, request, sign_in_at, signed_in_here
from tests.queue.test_exactly_once import central_keys, central_transactions, drain_until_sent

OFFICER, CONTROLLER, MANAGER = "officer.ch", "controller.ch", "manager.ch"
"""Two officers of gva-airport who commit offline, and a third account of its region."""
HOUR = timedelta(hours=1)

_serial = itertools.count(1)


@pytest.fixture
def station(world: World) -> RegisteredWorkstation:
    """This desk, registered at gva-airport at the server's console."""
    return world.server.central.register_workstation(None, NewWorkstation(name="Desk 3", office_id=OFFICE))


@pytest.fixture
def queue(tmp_path: Path, world: World) -> Iterator[QueueStore]:
    store = QueueStore.open(tmp_path / "desk" / "queue.sqlite3", clock=world.clock)
    yield store
    store.close()


@pytest.fixture
def proxy(world: World) -> Iterator[FaultProxy]:
    """The desk's link to the central."""
    link = FaultProxy(world.url, delay=2.0)
    link.start()
    yield link
    link.stop()


@pytest.fixture
async def desk(world: World, proxy: FaultProxy) -> AsyncIterator[HttpCentral]:
    """The desk's client, through the link, asking as nobody until a test says who is signed in."""
    client = HttpCentral(proxy.url, timeout=httpx.Timeout(1.0))
    yield client
    await client.aclose()


def offline_commit(world: World, queue: QueueStore, officer: str, *, without_carnet: bool = False) -> QueuedCommit:
    """A validation ``officer`` makes at this desk while the central is unreachable, under the grant issued to them
    here (none if the queue has none); ``without_carnet``: recorded by the carnet's number alone."""
    n = next(_serial)
    carnet = world.add_carnet(make_carnet(str(8400 + n), f"CH-G{n:04d}"))
    code = fresh_code()
    world.declare(carnet, T.VALIDATION, code)
    known = queue.officer(officer)
    grant_id = known.grant.grant_id if known is not None and known.grant is not None else ""
    typed = carnet.number if without_carnet else carnet.carnet_id
    return queue.add_commit(request(typed, code), office_id=OFFICE, officer=officer, without_carnet=without_carnet,
                            grant_id=grant_id)


def recorded_once_under_its_officer(world: World, queue: QueueStore, items: list[QueuedCommit]) -> None:
    """Each item sent; the central holds one transaction for it, under the officer who made it, bound to its key."""
    final = [queue.item(item.seq) for item in items]
    assert [i.state for i in final] == [ItemState.SENT] * len(items), [i.last_problem for i in final]
    carnet_ids = [i.request.carnet_id for i in final]
    at_central = central_transactions(world, carnet_ids)
    assert Counter(tx.carnet_id for tx in at_central) == dict.fromkeys(carnet_ids, 1)
    by_carnet = {tx.carnet_id: tx for tx in at_central}
    keys = central_keys(world)
    for item in final:
        recorded = by_carnet[item.request.carnet_id]
        assert item.response is not None and item.response.transaction.transaction_id == recorded.transaction_id
        assert (recorded.officer_id, recorded.office_id) == (item.officer, OFFICE)
        assert recorded.occurred_at == item.made_at
        assert keys[(item.officer, item.idempotency_key)] == recorded.transaction_id  # the key is the officer's


@pytest.mark.parametrize("at_desk", [MANAGER, ""], ids=["a third account signed in", "nobody signed in"])
async def test_commits_made_offline_by_two_officers_are_recorded_each_under_its_own_officer(
    at_desk: str, world: World, station: RegisteredWorkstation, queue: QueueStore, proxy: FaultProxy,
    desk: HttpCentral, close_clients: None,
) -> None:
    await signed_in_here(world, queue, station.key, OFFICER)
    await signed_in_here(world, queue, station.key, CONTROLLER)
    proxy.set(Fault.DOWN)  # the link goes; both go on working at this desk
    world.clock.advance(HOUR)
    items = [offline_commit(world, queue, OFFICER), offline_commit(world, queue, CONTROLLER),
             offline_commit(world, queue, OFFICER), offline_commit(world, queue, CONTROLLER, without_carnet=True)]
    assert [i.grant_id for i in items] == [queue.officer(i.officer).grant.grant_id for i in items]  # type: ignore[union-attr]
    world.clock.advance(HOUR)
    if at_desk:
        _, issued = await sign_in_at(world, station.key, at_desk)
        desk.use_token(issued.token)
    syncer = Syncer(queue, desk, workstation_key=station.key, signed_in=lambda: at_desk)

    assert await syncer.drain() is False
    assert syncer.status.reachable is False and queue.counts() == QueueCounts(pending=4)
    proxy.set(Fault.CUT)  # the link is back, but the first answer is lost on the way
    assert await syncer.drain() is False
    proxy.set(Fault.NONE)
    assert await drain_until_sent(syncer) == 1
    await proxy.wait_settled()

    recorded_once_under_its_officer(world, queue, items)
    assert syncer.status.waiting_for == "" and syncer.status.blocked is False
    typed, found = items[3].request.carnet_id, queue.item(items[3].seq)  # looked up under the grant, by its number
    assert typed.startswith("CH-G") and found.resolved and found.request.carnet_id == str(8400 + int(typed[4:]))


async def test_a_commit_without_a_grant_waits_for_its_officer_and_goes_when_they_sign_in(
    world: World, station: RegisteredWorkstation, queue: QueueStore, desk: HttpCentral, close_clients: None,
) -> None:
    await signed_in_here(world, queue, station.key, OFFICER)
    world.clock.advance(HOUR)
    first = offline_commit(world, queue, OFFICER)
    waiting = offline_commit(world, queue, CONTROLLER)  # never signed in online here: no grant
    after = offline_commit(world, queue, OFFICER)
    assert waiting.grant_id == ""
    at_desk = ""
    idle, slept = asyncio.Event(), list[float]()

    async def sleep(seconds: float, wake: asyncio.Event) -> None:  # the syncer's own wait, seen by the test
        slept.append(seconds)
        idle.set()
        await wait_or_wake(seconds, wake)

    syncer = Syncer(queue, desk, workstation_key=station.key, signed_in=lambda: at_desk, sleep=sleep)

    assert await syncer.drain() is False
    assert syncer.status.waiting_for == CONTROLLER
    assert queue.item(first.seq).state is ItemState.SENT
    untouched = queue.item(waiting.seq)
    assert (untouched.state, untouched.attempts, untouched.last_problem) == (ItemState.PENDING, 0, "")
    assert queue.item(after.seq).state is ItemState.PENDING  # the commits go in the order they were made
    assert central_transactions(world, [waiting.request.carnet_id, after.request.carnet_id]) == []

    _, session = await sign_in_at(world, station.key, MANAGER)  # someone else signs in: it still waits
    desk.use_token(session.token)
    at_desk = MANAGER
    journal = queue.journal()
    assert await syncer.drain() is False
    assert syncer.status.waiting_for == CONTROLLER and queue.journal() == journal

    running = asyncio.create_task(syncer.run())
    try:
        async with asyncio.timeout(10):
            await idle.wait()  # nothing to try until someone signs in: the syncer waits (IDLE_CHECK, a minute)
        assert syncer.status.waiting_for == CONTROLLER and queue.counts().pending == 2
        assert slept == [IDLE_CHECK]  # not a failure to back off from
        world.clock.advance(timedelta(minutes=1))
        _, session = await sign_in_at(world, station.key, CONTROLLER)
        desk.use_token(session.token)
        at_desk = CONTROLLER
        syncer.wake()
        await until(lambda: queue.counts() == QueueCounts(sent=3), timeout=IDLE_CHECK / 6)
    finally:
        running.cancel()
        await asyncio.gather(running, return_exceptions=True)

    recorded_once_under_its_officer(world, queue, [first, waiting, after])
    assert syncer.status.waiting_for == ""


async def disabled_between_two_commits(world: World, queue: QueueStore, key: str) -> list[QueuedCommit]:
    """officer.ch commits offline, is disabled at the central (the desk, offline, cannot know), commits again; then
    controller.ch commits: the three commits, in that order."""
    await signed_in_here(world, queue, key, OFFICER)
    await signed_in_here(world, queue, key, CONTROLLER)
    world.clock.advance(HOUR)
    before = offline_commit(world, queue, OFFICER)
    world.clock.advance(HOUR)
    manager = next(a for a in ACCOUNTS if a.account_id == MANAGER)
    world.server.central.disable_account(manager, OFFICER, "left the service")
    world.clock.advance(HOUR)
    return [before, offline_commit(world, queue, OFFICER), offline_commit(world, queue, CONTROLLER)]


async def test_a_commit_made_after_the_account_was_disabled_goes_to_review_and_the_next_still_goes(
    world: World, station: RegisteredWorkstation, queue: QueueStore, desk: HttpCentral, close_clients: None,
) -> None:
    before, after, other = await disabled_between_two_commits(world, queue, station.key)
    syncer = Syncer(queue, desk, workstation_key=station.key)

    assert await syncer.drain() is True

    recorded_once_under_its_officer(world, queue, [before, other])
    refused = queue.item(after.seq)
    assert (refused.state, refused.refusal_code) == (ItemState.NEEDS_REVIEW, "offline_grant_refused")
    assert refused.refusal_detail.startswith("made after the")
    assert central_transactions(world, [after.request.carnet_id]) == []
    assert queue.grant(after.grant_id) is not None  # kept for the supervisor's decision


async def test_the_desk_forgets_an_officer_whose_commit_was_refused_because_the_account_was_disabled(
    world: World, station: RegisteredWorkstation, queue: QueueStore, desk: HttpCentral, close_clients: None,
) -> None:
    before, after, other = await disabled_between_two_commits(world, queue, station.key)
    disabled: list[str] = []

    def forget(account_id: str) -> None:  # what the desk does
        disabled.append(account_id)
        queue.forget_officer(account_id, who="sync", reason="the central says the account is disabled")

    syncer = Syncer(queue, desk, workstation_key=station.key, on_account_disabled=forget)
    assert await syncer.drain() is True

    refused = queue.item(after.seq)
    assert refused.refusal_extra.get("account_disabled") is True, refused.refusal_detail
    assert refused.refusal_detail.startswith("made after the account was disabled")
    assert disabled == [OFFICER]
    assert queue.officer(OFFICER) is None and queue.officer(CONTROLLER) is not None
    assert queue.grant(after.grant_id) is not None  # kept for the supervisor's decision
    assert ("sync", "officer forgotten", OFFICER, "the central says the account is disabled") in actions(queue)
    recorded_once_under_its_officer(world, queue, [before, other])


async def test_after_the_workstation_is_revoked_its_commits_go_to_review_and_those_made_before_are_accepted(
    world: World, station: RegisteredWorkstation, queue: QueueStore, desk: HttpCentral, close_clients: None,
) -> None:
    await signed_in_here(world, queue, station.key, OFFICER)
    await signed_in_here(world, queue, station.key, CONTROLLER)
    world.clock.advance(HOUR)
    made_before = [offline_commit(world, queue, OFFICER), offline_commit(world, queue, CONTROLLER)]
    world.clock.advance(HOUR)
    world.server.central.revoke_workstation(None, station.workstation.workstation_id)  # reported stolen
    world.clock.advance(HOUR)
    made_after = [offline_commit(world, queue, OFFICER), offline_commit(world, queue, CONTROLLER)]
    disabled: list[str] = []
    syncer = Syncer(queue, desk, workstation_key=station.key, on_account_disabled=disabled.append)

    assert await syncer.drain() is True

    recorded_once_under_its_officer(world, queue, made_before)
    for item in made_after:
        refused = queue.item(item.seq)
        assert (refused.state, refused.refusal_code) == (ItemState.NEEDS_REVIEW, "offline_grant_refused")
        assert "was revoked" in refused.refusal_detail  # the workstation, and the grants issued there
    assert central_transactions(world, [i.request.carnet_id for i in made_after]) == []
    assert disabled == []
    assert queue.counts() == QueueCounts(needs_review=2, sent=2)


async def test_a_session_that_ended_blocks_sending_and_blames_no_commit(
    world: World, station: RegisteredWorkstation, queue: QueueStore, close_clients: None,
) -> None:
    client, issued = await sign_in_at(world, station.key, OFFICER)
    made = [offline_commit(world, queue, OFFICER) for _ in range(2)]  # made online, answers lost: no grant kept
    await HttpCentral(world.url, issued.token).sign_out()  # the session ends (another window, a manager...)
    journal = queue.journal()
    syncer = Syncer(queue, client, workstation_key=station.key, signed_in=lambda: OFFICER)

    assert await syncer.drain() is False

    assert syncer.status.blocked is True and syncer.status.problem.startswith("session_expired: ")
    for item in made:
        kept = queue.item(item.seq)
        assert (kept.state, kept.attempts, kept.refusal_code) == (ItemState.PENDING, 0, "")
    assert queue.journal() == journal
    world.clock.advance(timedelta(minutes=1))
    again, _ = await sign_in_at(world, station.key, OFFICER)
    syncer.central = again
    assert await syncer.drain() is True
    recorded_once_under_its_officer(world, queue, made)


async def until(condition: object, timeout: float = 10.0) -> None:
    """Wait until ``condition()`` holds, checking often; fail after ``timeout`` seconds."""
    assert callable(condition)
    async with asyncio.timeout(timeout):
        while not condition():
            await asyncio.sleep(0.01)


async def test_without_the_workstations_key_a_commit_made_under_a_grant_waits_for_its_officer(
    world: World, station: RegisteredWorkstation, queue: QueueStore, desk: HttpCentral, close_clients: None,
) -> None:
    await signed_in_here(world, queue, station.key, OFFICER)
    world.clock.advance(HOUR)
    made = offline_commit(world, queue, OFFICER)
    assert made.grant_id
    syncer = Syncer(queue, desk, signed_in=lambda: "")  # the key is not configured at this desk (any more)

    assert await syncer.drain() is False

    assert syncer.status.waiting_for == OFFICER and queue.item(made.seq).attempts == 0
