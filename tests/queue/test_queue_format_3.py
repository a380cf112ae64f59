"""A queue written before officers signed in (format 2) is taken forward to format 3: the commits waiting in it keep
everything and are still sent exactly once, each while its officer is signed in (they carry no grant); the file stays
readable by its owner only. ``fixtures/queue-format-2.sqlite3`` was written by the previous release: officer.ch's
validation of carnet 120001 waiting, officer.ch's commit on 120002 refused (carnet on hold), controller.ch's validation
of 120003 waiting, and the session remembered by that release."""

from __future__ import annotations

import shutil
import sqlite3
from collections import Counter
from pathlib import Path

from carnet_domain.transaction_types import TransactionType as T
from offline_queue.items import ItemState
from offline_queue.schema import VERSION
from offline_queue.status import QueueCounts
from offline_queue.store import QueueStore
from offline_queue.sync import Syncer
from reference_central.clock import SettableClock
from tests.central_world import World, make_carnet
from tests.queue.helpers import NOW, OFFICE, me_of, officer_record
from tests.queue.test_exactly_once import central_transactions

FIXTURE = Path(__file__).with_name("fixtures") / "queue-format-2.sqlite3"
WAITING = {"120001": ("BCDFGHJKLNPR", "officer.ch"), "120003": ("DFGHJKLNPRST", "controller.ch")}


def format_2_queue(tmp_path: Path) -> Path:
    path = tmp_path / "desk" / "queue.sqlite3"
    path.parent.mkdir()
    shutil.copyfile(FIXTURE, path)
    path.chmod(0o600)
    return path


def test_a_format_2_queue_is_taken_forward_with_everything_in_it_and_stays_private(tmp_path: Path) -> None:
    path = format_2_queue(tmp_path)
    store = QueueStore.open(path, clock=SettableClock(NOW))
    try:
        assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == VERSION == 3
        first, refused, second = sorted(store.items(), key=lambda i: i.seq)
        assert [(i.state, i.officer, i.request.carnet_id, i.grant_id) for i in (first, refused, second)] == [
            (ItemState.PENDING, "officer.ch", "120001", ""), (ItemState.NEEDS_REVIEW, "officer.ch", "120002", ""),
            (ItemState.PENDING, "controller.ch", "120003", "")]
        assert (refused.refusal_code, refused.refusal_detail, refused.refusal_extra) == (
            "carnet_on_hold", "seals broken", {"hold_id": "H-1"})
        assert store.officers() == []
        # The new tables work on it, and the secrets they hold stay in a file only its owner reads.
        store.remember_officer(officer_record(me_of("officer.ch"), None))
        assert [o.account_id for o in store.officers()] == ["officer.ch"]
        for made in (path, path.with_name(path.name + "-wal")):
            assert made.stat().st_mode & 0o777 == 0o600, made
    finally:
        store.close()
    assert path.stat().st_mode & 0o777 == 0o600
    with sqlite3.connect(path) as db:  # the previous release's remembered session is not kept
        assert db.execute("SELECT count(*) FROM meta WHERE key LIKE 'session.%'").fetchone()[0] == 0


async def test_the_commits_of_a_format_2_queue_are_sent_once_each_while_their_officer_is_signed_in(
    tmp_path: Path, world: World, close_clients: None
) -> None:
    for n, (carnet_id, (code, _)) in enumerate(WAITING.items()):
        world.declare(world.add_carnet(make_carnet(carnet_id, f"CH-F{n:04d}")), T.VALIDATION, code)
    store = QueueStore.open(format_2_queue(tmp_path), clock=world.clock)
    signed_in = "officer.ch"
    central = world.client(signed_in)
    syncer = Syncer(store, central, signed_in=lambda: signed_in)
    try:
        assert await syncer.drain() is False  # controller.ch's commit waits for controller.ch
        assert syncer.status.waiting_for == "controller.ch"
        assert store.counts() == QueueCounts(pending=1, needs_review=1, sent=1)

        signed_in = "controller.ch"
        central.use_token(world.tokens[signed_in])
        assert await syncer.drain() is True
        assert await syncer.drain() is True  # nothing is sent twice
        assert store.counts() == QueueCounts(needs_review=1, sent=2)
    finally:
        store.close()

    recorded = central_transactions(world, list(WAITING))
    assert Counter(tx.carnet_id for tx in recorded) == dict.fromkeys(WAITING, 1)
    assert {tx.carnet_id: (tx.transaction_code, tx.officer_id) for tx in recorded} == WAITING
    assert all(tx.office_id == OFFICE and tx.occurred_at == NOW for tx in recorded)
