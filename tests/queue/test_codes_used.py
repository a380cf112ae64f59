"""What the queue remembers of the transaction codes this desk used, so that step 1 refuses a second use while the
central cannot be asked (and while it does not know yet); and a queue of the previous format taken forward."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from carnet_domain.transaction_types import TransactionType as T
from central_contract.models import CommitResponse
from offline_queue.items import ItemState
from offline_queue.schema import VERSION
from offline_queue.store import QueueStore
from reference_central.clock import SettableClock
from tests.central_world import make_carnet
from tests.queue.helpers import CODE, NOW, OFFICE, OFFICER, request
from tests.queue.test_store import lookup
from tests.unit.domain_factories import tx

OTHER_CODE = "CDFGHJKLNPRS"
FIXTURES = Path(__file__).with_name("fixtures")


@pytest.fixture
def queue(tmp_path: Path) -> Iterator[QueueStore]:
    store = QueueStore.open(tmp_path / "queue.sqlite3", clock=SettableClock(NOW))
    yield store
    store.close()


def accepted(carnet_id: str, code: str, kind: T = T.IMPORTATION) -> CommitResponse:
    made = tx(kind, "CH", NOW.date(), "1-2", code=code, of=make_carnet(carnet_id, f"CH/2026/{carnet_id}"))
    return CommitResponse(transaction=made, warnings_confirmed=[])


def test_a_commit_waiting_in_the_queue_is_found_by_carnet_id_or_by_the_number_seen_at_lookup(queue: QueueStore) -> None:
    queue.remember(lookup("120001", "CHTEST0001", CODE), OFFICE)
    item = queue.add_commit(request("120001", CODE), office_id=OFFICE, officer=OFFICER)
    for typed in ("120001", "chtest0001", " CHTEST0001 "):
        use = queue.earlier_use(typed, CODE.lower(), with_central=True)
        assert use is not None and (use.local_ref, use.state) == (item.local_ref, ItemState.PENDING), typed
    assert queue.earlier_use("120001", OTHER_CODE) is None
    assert queue.earlier_use("120002", CODE) is None


def test_an_accepted_commit_counts_only_while_the_central_cannot_be_asked(queue: QueueStore) -> None:
    item = queue.add_commit(request("120001", CODE), office_id=OFFICE, officer=OFFICER)
    response = accepted("120001", CODE)
    queue.mark_sent(item.seq, response)
    assert queue.earlier_use("120001", CODE, with_central=True) is None  # the central knows, and it decides
    use = queue.earlier_use("120001", CODE)
    assert use is not None
    assert (use.state, use.local_ref, use.verification_code) == (
        ItemState.SENT, item.local_ref, response.transaction.verification_code)
    # Also by the number the central sent back, never looked up here.
    assert queue.earlier_use(response.transaction.carnet_number, CODE) is not None


def test_a_cancellation_frees_the_code_and_so_does_the_central_looking_it_up_as_unused(queue: QueueStore) -> None:
    first, second = accepted("120001", CODE), accepted("120003", OTHER_CODE)
    queue.record_use(first)
    queue.record_use(second)
    queue.note_cancelled(first.transaction.transaction_id, who=OFFICER)
    assert queue.earlier_use("120001", CODE) is None
    assert (OFFICER, "code freed") in [(e.who, e.action) for e in queue.journal()]
    queue.code_free_at_central("120003", OTHER_CODE.lower())
    assert queue.earlier_use("120003", OTHER_CODE) is None


def test_a_voided_commit_frees_the_code_and_a_refused_or_held_one_does_not(queue: QueueStore) -> None:
    voided = queue.add_commit(request("120001", CODE), office_id=OFFICE, officer=OFFICER)
    queue.mark_refused(voided.seq, "carnet_on_hold", "held")
    use = queue.earlier_use("120001", CODE, with_central=True)
    assert use is not None and use.state is ItemState.NEEDS_REVIEW
    queue.void(voided.seq, who="controller.ch", reason="holder came back with a new code")
    assert queue.earlier_use("120001", CODE) is None
    held = queue.add_commit(request("120002", CODE), office_id=OFFICE, officer=OFFICER)
    queue.mark_refused(held.seq, "carnet_on_hold", "held")
    queue.mark_held(held.seq, who="controller.ch", reason="seals")
    use = queue.earlier_use("120002", CODE)
    assert use is not None and use.state is ItemState.HELD


def test_an_eu_export_leaves_its_code_for_the_exit(queue: QueueStore) -> None:
    queue.record_use(accepted("120001", CODE, T.PRE_EXPORTATION))
    assert queue.earlier_use("120001", CODE) is None


def test_a_queue_of_the_previous_format_is_taken_forward_with_everything_in_it(tmp_path: Path) -> None:
    """``fixtures/queue-format-1.sqlite3`` was written by the previous release: one commit waiting, one refused."""
    path = tmp_path / "queue.sqlite3"
    shutil.copyfile(FIXTURES / "queue-format-1.sqlite3", path)
    store = QueueStore.open(path, clock=SettableClock(NOW))
    waiting, refused = sorted(store.items(), key=lambda i: i.seq)
    assert (waiting.state, waiting.request.carnet_id, waiting.request.goods.declared_goods) == (
        ItemState.PENDING, "120001", "1-5")
    assert (refused.state, refused.refusal_code, refused.refusal_detail, refused.refusal_extra) == (
        ItemState.NEEDS_REVIEW, "code_used", "", {})
    assert store.earlier_use("120001", CODE, with_central=True) is not None  # the new queries work on it
    store.mark_sent(waiting.seq, accepted("120001", CODE))
    assert store.earlier_use("120001", CODE) is not None
    store.close()
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == VERSION
