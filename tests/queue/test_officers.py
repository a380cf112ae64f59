"""The officers the queue remembers (what lets them sign in here offline) and their offline grants, on real SQLite
files: a grant stays while a commit still to send or to review names it, a forgotten officer's verifier is gone from
the file, and every sign-in is journaled, an offline one marked as such. (Sending under grants, against the real
central: ``test_offline_grants.py``.)"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from carnet_domain.organisation import Territory
from central_contract.identity import OfflineGrant
from central_contract.models import CommitResponse
from offline_queue.items import ItemState
from offline_queue.officers import Grant
from offline_queue.store import QueueStore
from reference_central.clock import SettableClock
from tests.api.helpers import fresh_code
from tests.queue.helpers import NOW, OFFICE, OFFICER, actions, me_of, officer_record, request
from tests.queue.test_store import clock, queue
from tests.unit.domain_factories import tx

__all__ = ["clock", "queue"]  # the fixtures: the queue file and clock of the store's tests

CONTROLLER = "controller.ch"


def grant(n: int, issued: timedelta = timedelta(0)) -> Grant:
    return Grant(grant_id=f"grant-{n}", secret=f"secret-of-grant-{n}-" + "x" * 20, issued_at=NOW + issued,
                 offline_until=NOW + issued + timedelta(days=7))


def grant_ids(queue: QueueStore, *ids: str) -> list[str]:
    """Which of ``ids`` the queue still holds a grant for."""
    return [grant_id for grant_id in ids if queue.grant(grant_id) is not None]


def sent(queue: QueueStore, seq: int) -> None:
    queue.mark_sent(seq, CommitResponse(transaction=tx(queue.item(seq).request.type, "CH", NOW.date()),
                                        warnings_confirmed=[]))


def test_an_officer_signed_in_online_is_remembered_with_the_grant_issued_there(
    tmp_path: Path, queue: QueueStore, clock: SettableClock
) -> None:
    territories = [me_of(OFFICER).territory, Territory(code="FR", name="France")]
    officer = officer_record(me_of(OFFICER), grant(1), territories=territories)
    queue.remember_officer(officer)
    clock.advance(timedelta(minutes=5))
    controller = officer_record(me_of(CONTROLLER), None, signed_in_at=NOW + timedelta(minutes=5))
    queue.remember_officer(controller)  # at a workstation that is not registered: no grant

    assert queue.officer(OFFICER) == officer
    assert queue.officer(CONTROLLER) == controller
    assert queue.officer("officer.fr") is None
    assert queue.officers() == [controller, officer]  # the last signed in first
    assert queue.grant("grant-1") == grant(1)
    assert queue.grant("") is None and queue.grant("grant-9") is None
    kept = queue.officer(OFFICER)
    assert kept is not None and kept.me == me_of(OFFICER) and kept.territories == territories
    assert kept.verifier.startswith("$argon2id$")
    until = (NOW + timedelta(days=7)).isoformat()
    assert actions(queue) == [
        (OFFICER, "signed in", OFFICER, f"online, may sign in offline here until {until}"),
        (CONTROLLER, "signed in", CONTROLLER, "online, this workstation is not registered: no offline grant"),
    ]
    assert grant(1).secret not in " ".join(e.detail for e in queue.journal())

    queue.close()  # all of it survives a restart
    again = QueueStore.open(tmp_path / "queue.sqlite3", clock=clock)
    try:
        assert again.officers() == [controller, officer]
    finally:
        again.close()


def test_a_grant_is_kept_while_a_commit_to_send_or_to_review_names_it(queue: QueueStore, clock: SettableClock) -> None:
    queue.remember_officer(officer_record(me_of(OFFICER), grant(1)))
    waiting = queue.add_commit(request(), office_id=OFFICE, officer=OFFICER, grant_id="grant-1")
    refused = queue.add_commit(request("120002", fresh_code()), office_id=OFFICE, officer=OFFICER, grant_id="grant-1")
    queue.mark_refused(refused.seq, "carnet_on_hold", "This carnet is on hold.")

    # The officer signs in online again: the new grant takes the old one's place, which the commits still need.
    clock.advance(timedelta(hours=1))
    queue.remember_officer(officer_record(me_of(OFFICER), grant(2, timedelta(hours=1)), signed_in_at=clock()))
    later = queue.officer(OFFICER)
    assert later is not None and later.grant == grant(2, timedelta(hours=1))
    assert grant_ids(queue, "grant-1", "grant-2") == ["grant-1", "grant-2"]

    sent(queue, waiting.seq)
    queue.remember_officer(officer_record(me_of(CONTROLLER), grant(3)))
    assert grant_ids(queue, "grant-1", "grant-2") == ["grant-1", "grant-2"]  # the refused one may be resubmitted

    queue.void(refused.seq, who=CONTROLLER, reason="holder gave up")
    clock.advance(timedelta(hours=1))
    queue.remember_officer(officer_record(me_of(OFFICER), grant(4, timedelta(hours=2)), signed_in_at=clock()))
    assert grant_ids(queue, "grant-1", "grant-2", "grant-3", "grant-4") == ["grant-3", "grant-4"]


def test_forgetting_an_officer_keeps_only_the_grants_their_waiting_commits_need(
    queue: QueueStore, clock: SettableClock
) -> None:
    queue.remember_officer(officer_record(me_of(OFFICER), grant(1)))
    waiting = queue.add_commit(request(), office_id=OFFICE, officer=OFFICER, grant_id="grant-1")
    clock.advance(timedelta(hours=1))
    queue.remember_officer(officer_record(me_of(OFFICER), grant(2, timedelta(hours=1)), signed_in_at=clock()))
    refused = queue.add_commit(request("120002", fresh_code()), office_id=OFFICE, officer=OFFICER, grant_id="grant-2")
    queue.mark_refused(refused.seq, "carnet_on_hold", "This carnet is on hold.")
    clock.advance(timedelta(hours=1))
    queue.remember_officer(officer_record(me_of(OFFICER), grant(3, timedelta(hours=2)), signed_in_at=clock()))
    queue.remember_officer(officer_record(me_of(CONTROLLER), grant(4)))

    assert queue.forget_officer(OFFICER, who=CONTROLLER, reason="account disabled at the central") is True

    assert queue.officer(OFFICER) is None
    assert [o.account_id for o in queue.officers()] == [CONTROLLER]
    assert grant_ids(queue, "grant-1", "grant-2", "grant-3", "grant-4") == ["grant-1", "grant-2", "grant-4"]
    assert queue.item(waiting.seq).grant_id == "grant-1"  # still sent under its officer's grant
    assert actions(queue)[-1] == (CONTROLLER, "officer forgotten", OFFICER, "account disabled at the central")

    journal = queue.journal()
    assert queue.forget_officer(OFFICER, who=CONTROLLER, reason="again") is False
    assert queue.journal() == journal


def test_a_forgotten_officers_verifier_and_grant_are_gone_from_the_file(tmp_path: Path, queue: QueueStore) -> None:
    officer = officer_record(me_of(OFFICER), grant(1), password="the officer's own passphrase")
    queue.remember_officer(officer)
    files = [tmp_path / "queue.sqlite3", tmp_path / "queue.sqlite3-wal"]
    assert any(officer.verifier.encode() in f.read_bytes() for f in files)

    queue.forget_officer(OFFICER, who="sync", reason="account disabled at the central")

    for made in files:
        content = made.read_bytes() if made.exists() else b""
        assert officer.verifier.encode() not in content, made
        assert grant(1).secret.encode() not in content, made
        assert b"Training Officer CH" not in content, made


def test_sign_ins_and_outs_are_journaled_an_offline_one_marked_as_such(queue: QueueStore) -> None:
    queue.note_sign_in(OFFICER, offline=True)
    queue.note_sign_out(OFFICER)
    queue.note_sign_in(CONTROLLER, offline=False)
    assert actions(queue) == [
        (OFFICER, "signed in", OFFICER, "offline, the password checked at this desk"),
        (OFFICER, "signed out", OFFICER, ""),
        (CONTROLLER, "signed in", CONTROLLER, "online"),
    ]


def test_a_commit_keeps_its_grant_and_a_supervisors_correction_is_sent_under_it(
    tmp_path: Path, queue: QueueStore
) -> None:
    made = queue.add_commit(request("999999"), office_id=OFFICE, officer=OFFICER, grant_id="grant-1")
    online = queue.add_commit(request("120002", fresh_code()), office_id=OFFICE, officer=OFFICER)
    assert (made.grant_id, online.grant_id) == ("grant-1", "")
    queue.mark_refused(made.seq, "unknown_carnet", "No carnet has this number or ID.")

    corrected = queue.resubmit(made.seq, request("120001"), who=CONTROLLER, reason="Carnet ID mistyped")

    assert (corrected.officer, corrected.grant_id, corrected.state) == (OFFICER, "grant-1", ItemState.PENDING)
    queue.close()
    again = QueueStore.open(tmp_path / "queue.sqlite3", clock=SettableClock(NOW))
    try:
        assert again.item(corrected.seq).grant_id == "grant-1"
        assert again.item(online.seq).grant_id == ""
    finally:
        again.close()


def test_a_grant_as_the_central_issued_it_covers_the_commits_made_in_its_time() -> None:
    issued = OfflineGrant(grant_id="g-7", grant="s3cret", issued_at=NOW, offline_until=NOW + timedelta(days=7))
    kept = Grant.issued(issued)
    assert kept == Grant("g-7", "s3cret", NOW, NOW + timedelta(days=7))
    assert kept.covers(NOW) and kept.covers(NOW + timedelta(days=7))
    assert not kept.covers(NOW - timedelta(seconds=1))
    assert not kept.covers(NOW + timedelta(days=7, seconds=1))
