"""The queue file, on real SQLite files: it refuses to start on anything it cannot use safely and leaves that
file as it found it; what it keeps survives a restart; a supervisor's decisions and the carnet cache are
journaled. (The syncer's own tests are in ``test_syncer.py``.)
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest

from carnet_domain.transaction import Declaration
from carnet_domain.transaction_types import TransactionType as T
from central_contract.models import CommitResponse, LookupResponse
from offline_queue.errors import QueueUnavailable
from offline_queue.items import ItemState, JournalEntry
from offline_queue.status import QueueCounts
from offline_queue.store import QueueStore
from reference_central.clock import SettableClock
from tests.api.helpers import fresh_code
from tests.central_world import make_carnet
from tests.queue.helpers import CODE, NOW, OFFICE, OFFICER, actions, request
from tests.unit.domain_factories import tx

ROOT = Path(__file__).resolve().parents[2]
AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def accepted(kind: T = T.VALIDATION) -> CommitResponse:
    return CommitResponse(transaction=tx(kind, "CH", NOW.date()), warnings_confirmed=[])


def lookup(carnet_id: str, number: str, code: str = CODE) -> LookupResponse:
    return LookupResponse(
        carnet=make_carnet(carnet_id, number), declaration=Declaration(carnet_id=carnet_id, transaction_code=code,
                                                                      type=T.VALIDATION),
        history=[], holds=[], rejections=[], validated=False, office_date=NOW.date(), expired=False,
    )


@pytest.fixture
def clock() -> SettableClock:
    return SettableClock(NOW)


@pytest.fixture
def queue(tmp_path: Path, clock: SettableClock) -> Iterator[QueueStore]:
    store = QueueStore.open(tmp_path / "queue.sqlite3", clock=clock)
    yield store
    store.close()


# --- opening safely: refused, named, explained, and left as it was ------------------------------------------


def refused_untouched(path: Path, *words: str) -> QueueUnavailable:
    """Opening ``path`` is refused, with a message naming it and saying what to do, the file is byte for byte
    what it was, and a second try is refused again: no empty queue was put in its place."""
    before = path.read_bytes() if path.is_file() else None
    with pytest.raises(QueueUnavailable) as caught:
        QueueStore.open(path, clock=SettableClock(NOW))
    refusal = caught.value
    assert str(path) in refusal.problem, refusal
    assert refusal.what_to_do.strip(), refusal
    assert str(refusal) == f"{refusal.problem} {refusal.what_to_do}"
    for word in words:
        assert word in str(refusal), refusal
    assert (path.read_bytes() if path.is_file() else None) == before, "the file was changed"
    with pytest.raises(QueueUnavailable):
        QueueStore.open(path, clock=SettableClock(NOW))
    assert (path.read_bytes() if path.is_file() else None) == before, "the file was changed on a second try"
    return refusal


def a_real_queue(path: Path, commits: int = 60) -> list[str]:
    """A queue file holding ``commits`` pending commits, closed cleanly; their idempotency keys."""
    store = QueueStore.open(path, clock=SettableClock(NOW))
    keys = [store.add_commit(request(str(120000 + n)), office_id=OFFICE, officer=OFFICER).idempotency_key
            for n in range(commits)]
    store.close()
    assert not path.with_name(path.name + "-wal").exists(), "a clean close leaves everything in the main file"
    return keys


def test_random_bytes_are_refused_as_damaged(tmp_path: Path) -> None:
    path = tmp_path / "queue.sqlite3"
    path.write_bytes(os.urandom(16384))
    refusal = refused_untouched(path, "damaged", "Nothing was changed")
    assert "empty queue" in refusal.what_to_do


@pytest.mark.parametrize("cut", ["header only", "half", "last page"])
def test_a_truncated_queue_is_refused_as_damaged(tmp_path: Path, cut: str) -> None:
    whole = tmp_path / "whole.sqlite3"
    a_real_queue(whole, commits=400)
    data = whole.read_bytes()
    keep = {"header only": 100, "half": len(data) // 2, "last page": len(data) - 4096}[cut]
    path = tmp_path / "queue.sqlite3"
    path.write_bytes(data[:keep])
    refused_untouched(path, "damaged", "supervisor")


HOLD_THE_QUEUE = """
import sys
from pathlib import Path
from offline_queue.store import QueueStore
store = QueueStore.open(Path(sys.argv[1]))
print("ready", flush=True)
sys.stdin.read()
store.close()
"""
"""Another workstation process: opens the queue and keeps it until its stdin closes."""

HOLD_A_WRITE_TRANSACTION = """
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")
print("ready", flush=True)
sys.stdin.read()
db.execute("ROLLBACK")
db.close()
"""
"""Another program (an SQLite shell, a backup tool) in the middle of a write, without ecarnet's lock."""


@contextmanager
def another_process(script: str, path: Path) -> Iterator[subprocess.Popen[str]]:
    process = subprocess.Popen([sys.executable, "-c", script, str(path)], cwd=ROOT, text=True,
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert process.stdin is not None and process.stdout is not None
    try:
        assert process.stdout.readline().strip() == "ready", "the other process did not start"
        yield process
    finally:
        process.stdin.close()
        process.wait(timeout=20)


def test_a_queue_in_use_by_another_workstation_process_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "queue.sqlite3"
    keys = a_real_queue(path, commits=3)
    with another_process(HOLD_THE_QUEUE, path):
        refusal = refused_untouched(path, "Another ecarnet is already using")
        assert "Close the other" in refusal.what_to_do
    store = QueueStore.open(path, clock=SettableClock(NOW))  # once it is closed there, it opens here
    assert [i.idempotency_key for i in reversed(store.items())] == keys
    store.close()


@pytest.mark.slow
def test_a_queue_another_program_is_writing_is_refused(tmp_path: Path) -> None:
    """No ecarnet lock, but an SQLite write transaction held elsewhere: refused after SQLite's 5 s wait."""
    path = tmp_path / "queue.sqlite3"
    a_real_queue(path, commits=3)
    with another_process(HOLD_A_WRITE_TRANSACTION, path):
        refusal = refused_untouched(path, "locked by another program")
        assert "Close any other" in refusal.what_to_do


@pytest.mark.skipif(AS_ROOT, reason="root writes in a read-only directory anyway")
def test_a_new_queue_in_an_unwritable_directory_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        refusal = refused_untouched(folder / "queue.sqlite3", "cannot be written")
        assert "may write there" in refusal.what_to_do
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


@pytest.mark.skipif(AS_ROOT, reason="root writes in a read-only directory anyway")
def test_an_existing_queue_in_a_directory_made_unwritable_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    a_real_queue(folder / "queue.sqlite3", commits=3)
    folder.chmod(0o500)
    try:
        refused_untouched(folder / "queue.sqlite3", "cannot be written")
    finally:
        folder.chmod(0o700)


def test_a_queue_whose_directory_cannot_be_made_is_refused(tmp_path: Path) -> None:
    """Where a directory should be there is a file (what root meets instead of a read-only directory)."""
    blocker = tmp_path / "data"
    blocker.write_bytes(b"not a directory")
    refusal = refused_untouched(blocker / "queue.sqlite3", "cannot be written")
    assert "may write there" in refusal.what_to_do
    assert blocker.read_bytes() == b"not a directory"


def test_a_queue_written_by_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "queue.sqlite3"
    a_real_queue(path, commits=3)
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA user_version = 99")
    db.close()
    refusal = refused_untouched(path, "newer ecarnet", "99")
    assert "do not delete the file" in refusal.what_to_do


def rollback_journal_file(path: Path, user_version: int) -> None:
    """An SQLite file in the default (rollback journal) mode, as another program or a future version may
    leave one."""
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE elsewhere (what TEXT)")
    db.execute("INSERT INTO elsewhere VALUES ('somebody else''s data')")
    db.execute(f"PRAGMA user_version = {user_version}")
    db.commit()
    db.close()


@pytest.mark.parametrize(("user_version", "words"), [(99, "newer ecarnet"), (0, "not an ecarnet queue")],
                         ids=["newer version", "another program's database"])
def test_a_refused_file_in_rollback_journal_mode_is_left_unchanged(
    tmp_path: Path, user_version: int, words: str
) -> None:
    path = tmp_path / "queue.sqlite3"
    rollback_journal_file(path, user_version)
    refused_untouched(path, words)


@contextmanager
def read_only(path: Path) -> Iterator[None]:
    """``path`` cannot be written, even by root (the immutable attribute), while the directory still can."""
    if not AS_ROOT:
        path.chmod(0o400)
        try:
            yield
        finally:
            path.chmod(0o600)
        return
    chattr = shutil.which("chattr")
    if chattr is None or subprocess.run([chattr, "+i", str(path)], capture_output=True).returncode != 0:
        pytest.skip("as root, a read-only file needs chattr +i, which this file system does not allow")
    try:
        yield
    finally:
        subprocess.run([chattr, "-i", str(path)], check=True)


def test_a_read_only_queue_file_is_refused_when_opened(tmp_path: Path) -> None:
    path = tmp_path / "queue.sqlite3"
    a_real_queue(path, commits=3)
    with read_only(path):
        refused_untouched(path, "cannot be written")


def test_a_queue_cut_to_zero_bytes_is_refused_like_any_other_cut(tmp_path: Path) -> None:
    """A queue truncated to nothing is as damaged as one cut in half: the workstation does not start on an empty
    queue in its place (a new queue is never an empty file: it is built aside and moved in whole)."""
    path = tmp_path / "queue.sqlite3"
    a_real_queue(path, commits=3)
    path.write_bytes(b"")
    refusal = refused_untouched(path, "empty (0 bytes)", "supervisor")
    assert "will not start with an empty queue" in refusal.what_to_do


def test_a_new_queue_is_made_whole_and_readable_by_its_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "queue.sqlite3"
    store = QueueStore.open(path)
    assert store.counts() == QueueCounts()
    assert len(store.workstation) == 4
    store.close()
    assert path.stat().st_mode & 0o777 == 0o600
    assert not path.with_name(path.name + ".new").exists()
    again = QueueStore.open(path)
    assert again.workstation == store.workstation  # the same queue, opened again
    again.close()


def test_a_new_queue_left_half_built_by_a_cut_start_is_built_again(tmp_path: Path) -> None:
    path = tmp_path / "queue.sqlite3"
    path.with_name(path.name + ".new").write_bytes(b"half")
    store = QueueStore.open(path)
    assert store.counts() == QueueCounts()
    store.close()


# --- the journal ----------------------------------------------------------------------------------------------


def test_the_journal_refuses_update_and_delete(tmp_path: Path, queue: QueueStore) -> None:
    queue.add_commit(request(), office_id=OFFICE, officer=OFFICER)
    queue.note("supervisor.ch", "looked", "", "at the queue")
    before = queue.journal()
    tool = sqlite3.connect(queue.path, isolation_level=None)
    try:
        for statement in ("UPDATE journal SET who = 'nobody'", "DELETE FROM journal",
                          "DELETE FROM journal WHERE action = 'queued'"):
            with pytest.raises(sqlite3.DatabaseError, match="append-only"):
                tool.execute(statement)
        assert tool.execute("SELECT count(*) FROM journal").fetchone()[0] == len(before)
    finally:
        tool.close()
    assert queue.journal() == before
    assert [e.action for e in reversed(before)] == ["queued", "looked"]


# --- the outbox -----------------------------------------------------------------------------------------------


def test_a_commit_is_kept_with_its_time_key_and_reference(queue: QueueStore, clock: SettableClock) -> None:
    item = queue.add_commit(request(), office_id=OFFICE, officer=OFFICER, unchecked=["holds"])
    assert item.state is ItemState.PENDING
    assert item.request.occurred_at == NOW  # the central will judge it as of the desk's time
    assert item.made_at == NOW
    assert item.local_ref == f"{queue.workstation}-000001"
    assert item.unchecked == ("holds",)
    assert queue.by_ref(item.local_ref.lower()) == item
    assert queue.counts() == QueueCounts(pending=1)
    earlier = NOW - timedelta(minutes=7)
    clock.advance(timedelta(minutes=1))
    kept = queue.add_commit(request(code=fresh_code(), occurred_at=earlier), office_id=OFFICE, officer=OFFICER)
    assert kept.request.occurred_at == earlier and kept.made_at == NOW + timedelta(minutes=1)
    assert item.idempotency_key != kept.idempotency_key
    assert actions(queue) == [
        (OFFICER, "queued", item.local_ref, "validation 120001 goods -"),
        (OFFICER, "queued", kept.local_ref, "validation 120001 goods -"),
    ]


def test_items_survive_close_and_reopen_with_the_same_keys(tmp_path: Path, clock: SettableClock) -> None:
    path = tmp_path / "queue.sqlite3"
    store = QueueStore.open(path, clock=clock)
    made = [store.add_commit(request(str(120000 + n)), office_id=OFFICE, officer=OFFICER) for n in range(3)]
    store.mark_refused(made[1].seq, "unknown_carnet", "No carnet has this number or ID.")
    workstation = store.workstation
    store.close()

    again = QueueStore.open(path, clock=clock)
    try:
        assert again.workstation == workstation
        assert [again.item(m.seq).idempotency_key for m in made] == [m.idempotency_key for m in made]
        assert again.item(made[0].seq) == made[0]
        assert again.item(made[2].seq).request == made[2].request
        assert again.item(made[1].seq).state is ItemState.NEEDS_REVIEW
        assert again.counts() == QueueCounts(pending=2, needs_review=1)
        pending = again.next_pending()
        assert pending is not None and pending.idempotency_key == made[0].idempotency_key
        new = again.add_commit(request("120009"), office_id=OFFICE, officer=OFFICER)
        assert new.seq == 4 and new.local_ref == f"{workstation}-000004"
    finally:
        again.close()


def test_next_pending_follows_the_order_the_commits_were_made(queue: QueueStore) -> None:
    made = [queue.add_commit(request(str(120000 + n), occurred_at=NOW - timedelta(minutes=n)),
                             office_id=OFFICE, officer=OFFICER) for n in range(5)]
    seen: list[str] = []
    while (item := queue.next_pending()) is not None:
        seen.append(item.local_ref)
        if len(seen) == 2:
            queue.mark_refused(item.seq, "code_used", "This transaction code has already been used.")
        else:
            queue.mark_sent(item.seq, accepted())
    assert seen == [m.local_ref for m in made]  # commit order, not occurred_at order
    assert queue.counts() == QueueCounts(needs_review=1, sent=4)
    assert [i.local_ref for i in queue.items(ItemState.SENT)] == [made[n].local_ref for n in (4, 3, 2, 0)]


def test_a_sent_item_keeps_the_centrals_answer(queue: QueueStore, clock: SettableClock) -> None:
    item = queue.add_commit(request(), office_id=OFFICE, officer=OFFICER)
    queue.note_attempt(item.seq, "the central did not answer in time (ReadTimeout)")
    assert queue.item(item.seq).attempts == 1
    assert queue.item(item.seq).last_problem.startswith("the central did not answer")
    response = accepted()
    clock.advance(timedelta(seconds=30))
    queue.mark_sent(item.seq, response)
    sent = queue.item(item.seq)
    assert sent.state is ItemState.SENT and sent.response == response and sent.attempts == 2
    assert sent.last_problem == ""
    assert queue.next_pending() is None
    assert queue.unseen_outcomes() == [sent]
    queue.mark_final_seen(item.seq)
    assert queue.unseen_outcomes() == []
    last = queue.journal()[0]
    assert last == JournalEntry(NOW + timedelta(seconds=30), "sync", "sent", item.local_ref,
                                f"transaction {response.transaction.transaction_id} "
                                f"verification {response.transaction.verification_code}")


def test_a_refused_item_waits_for_review_with_the_centrals_reason(queue: QueueStore) -> None:
    item = queue.add_commit(request(), office_id=OFFICE, officer=OFFICER)
    queue.mark_refused(item.seq, "wrong_transaction_code", "This transaction code does not belong to this carnet.")
    refused = queue.item(item.seq)
    assert refused.state is ItemState.NEEDS_REVIEW
    assert refused.refusal_code == "wrong_transaction_code"
    assert refused.refusal_message == "This transaction code does not belong to this carnet."
    assert queue.counts().waiting == 1
    assert actions(queue)[-1] == ("sync", "refused", item.local_ref,
                                  "wrong_transaction_code: This transaction code does not belong to this carnet.")


def refused_item(queue: QueueStore, clock: SettableClock) -> tuple[int, str]:
    item = queue.add_commit(request("999999"), office_id=OFFICE, officer=OFFICER)
    clock.advance(timedelta(hours=2))
    queue.mark_refused(item.seq, "unknown_carnet", "No carnet has this number or ID. (999999)")
    return item.seq, item.local_ref


def test_resubmit_sends_a_correction_under_a_new_key_at_the_original_time(
    queue: QueueStore, clock: SettableClock
) -> None:
    seq, ref = refused_item(queue, clock)
    old = queue.item(seq)
    other = queue.add_commit(request("120002", code=fresh_code()), office_id=OFFICE, officer=OFFICER)
    queue.mark_sent(other.seq, accepted())
    corrected = request("120001", occurred_at=NOW + timedelta(hours=5))  # its time is not the supervisor's
    new = queue.resubmit(seq, corrected, who="supervisor.ch", reason="Carnet ID mistyped: 120001")

    assert new.state is ItemState.PENDING
    assert new.idempotency_key != old.idempotency_key
    assert new.local_ref != ref and new.seq > other.seq
    assert new.request.carnet_id == "120001"
    assert new.request.occurred_at == NOW == old.request.occurred_at
    assert (new.office_id, new.officer, new.made_at) == (old.office_id, old.officer, old.made_at)
    replaced = queue.item(seq)
    assert replaced.state is ItemState.RESUBMITTED
    assert replaced.idempotency_key == old.idempotency_key  # the old key stays bound to the refused body
    assert (replaced.decided_by, replaced.decision) == ("supervisor.ch", "Carnet ID mistyped: 120001")
    assert queue.next_pending() == new
    assert actions(queue)[-1] == ("supervisor.ch", "resubmitted", ref,
                                  f"as {new.local_ref}: Carnet ID mistyped: 120001")


def test_mark_held_records_the_supervisors_decision(queue: QueueStore, clock: SettableClock) -> None:
    seq, ref = refused_item(queue, clock)
    queue.mark_held(seq, who="supervisor.ch", reason="Held at the central: seals to check")
    held = queue.item(seq)
    assert held.state is ItemState.HELD
    assert (held.decided_by, held.decision) == ("supervisor.ch", "Held at the central: seals to check")
    assert queue.counts() == QueueCounts()
    assert actions(queue)[-1] == ("supervisor.ch", "held", ref, "Held at the central: seals to check")


def test_void_needs_a_reason_and_an_item_waiting_for_review(queue: QueueStore, clock: SettableClock) -> None:
    seq, ref = refused_item(queue, clock)
    pending = queue.add_commit(request("120002", code=fresh_code()), office_id=OFFICE, officer=OFFICER)
    journal = queue.journal()
    for blank in ("", "   "):
        with pytest.raises(ValueError, match="reason"):
            queue.void(seq, who="supervisor.ch", reason=blank)
    with pytest.raises(ValueError, match="not waiting for review"):
        queue.void(pending.seq, who="supervisor.ch", reason="Duplicate")
    assert queue.journal() == journal
    assert queue.item(seq).state is ItemState.NEEDS_REVIEW and queue.item(pending.seq).state is ItemState.PENDING

    queue.void(seq, who="supervisor.ch", reason="Holder withdrew the carnet")
    voided = queue.item(seq)
    assert voided.state is ItemState.VOIDED and voided.decision == "Holder withdrew the carnet"
    assert actions(queue)[-1] == ("supervisor.ch", "voided", ref, "Holder withdrew the carnet")
    with pytest.raises(ValueError, match="voided, not waiting for review"):  # decided once only
        queue.void(seq, who="supervisor.ch", reason="Again")


def test_decisions_apply_only_to_items_waiting_for_review(queue: QueueStore, clock: SettableClock) -> None:
    pending = queue.add_commit(request(), office_id=OFFICE, officer=OFFICER)
    sent = queue.add_commit(request("120002", code=fresh_code()), office_id=OFFICE, officer=OFFICER)
    queue.mark_sent(sent.seq, accepted())
    journal = queue.journal()
    for item in (pending, sent):
        with pytest.raises(ValueError, match="not waiting for review"):
            queue.resubmit(item.seq, request("120003"), who="supervisor.ch", reason="Fix")
        with pytest.raises(ValueError, match="not waiting for review"):
            queue.mark_held(item.seq, who="supervisor.ch", reason="Hold")
    assert queue.journal() == journal
    assert queue.counts() == QueueCounts(pending=1, sent=1)  # nothing was inserted by a refused resubmit
    with pytest.raises(KeyError):
        queue.void(99, who="supervisor.ch", reason="No such item")


# --- the carnet cache -----------------------------------------------------------------------------------------


def test_recall_finds_a_carnet_by_id_or_number(queue: QueueStore) -> None:
    first = lookup("120001", "CH/2026/0001")
    queue.remember(first, OFFICE)
    day = timedelta(days=1)
    for key in ("120001", "CH/2026/0001", " ch/2026/0001 "):
        found = queue.recall(key, CODE.lower(), OFFICE, day)
        assert found is not None, key
        assert found == (first, NOW)
    assert queue.recall("120002", CODE, OFFICE, day) is None
    assert queue.recall("120001", "STVX23456789", OFFICE, day) is None  # another code: another declaration
    assert queue.recall("120001", CODE, "bsl-rail", day) is None  # fetched for another office
    assert queue.cached_count() == 1


def test_recall_forgets_what_is_older_than_max_age(queue: QueueStore, clock: SettableClock) -> None:
    queue.remember(lookup("120001", "CH/2026/0001"), OFFICE)
    clock.advance(timedelta(hours=24))
    assert queue.recall("120001", CODE, OFFICE, timedelta(hours=24)) is not None  # just max_age old
    clock.advance(timedelta(microseconds=1))
    assert queue.recall("120001", CODE, OFFICE, timedelta(hours=24)) is None
    assert queue.recall("120001", CODE, OFFICE, timedelta(days=7)) is not None
    refreshed = lookup("120001", "CH/2026/0001").model_copy(update={"validated": True})
    queue.remember(refreshed, OFFICE)  # a fresh lookup replaces the old one
    assert queue.recall("120001", CODE, OFFICE, timedelta(hours=1)) == (refreshed, clock())
    assert queue.cached_count() == 1


def test_purge_cache_forgets_old_or_all_holder_data_and_says_so(queue: QueueStore, clock: SettableClock) -> None:
    queue.remember(lookup("120001", "CH/2026/0001"), OFFICE)
    queue.remember(lookup("120002", "CH/2026/0002"), OFFICE)
    clock.advance(timedelta(days=10))
    queue.remember(lookup("120003", "CH/2026/0003"), OFFICE)
    assert queue.purge_cache(who="supervisor.ch", older_than=timedelta(days=7)) == 2
    assert queue.cached_count() == 1
    assert queue.recall("120003", CODE, OFFICE, timedelta(days=30)) is not None
    assert queue.recall("120001", CODE, OFFICE, timedelta(days=30)) is None
    assert queue.purge_cache(who="officer.ch") == 1
    assert queue.cached_count() == 0
    assert queue.purge_cache(who="officer.ch") == 0
    assert actions(queue) == [
        ("supervisor.ch", "cache purged", "", "2 carnet(s) older than 7 days, 0:00:00"),
        ("officer.ch", "cache purged", "", "1 carnet(s)"),
        ("officer.ch", "cache purged", "", "0 carnet(s)"),
    ]
