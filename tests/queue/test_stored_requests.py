"""A commit queued before the central bounded its values (docs/api.md, "Values") may hold text it now refuses: a tab
or an escape pasted into the customs reference. The queue still opens, and the commit is read with that text cleaned
as the desk cleans it now, so that it is sent, not refused and left for a supervisor."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from carnet_domain.transaction import CustomsEntries
from central_contract.models import CommitRequest
from offline_queue.store import QueueStore
from reference_central.clock import SettableClock
from tests.queue.helpers import NOW, OFFICE, OFFICER, request


def test_a_commit_queued_with_text_now_refused_is_read_back_cleaned(tmp_path: Path) -> None:
    path = tmp_path / "queue.sqlite3"
    store = QueueStore.open(path, clock=SettableClock(NOW))
    made = store.add_commit(request(), office_id=OFFICE, officer=OFFICER)
    store.close()
    kept = json.loads(made.request.model_dump_json())
    kept["customs"] = {"customs_reference": "GVA\t2026/0042\x1b[0m", "customs_remarks": "seal\ttorn\r\nsee \u202ephoto"}
    kept["goods"]["identification_marks"] = {"3": "SN\x0042"}
    with sqlite3.connect(path) as db:
        db.execute("UPDATE outbox SET request = ? WHERE seq = ?", (json.dumps(kept), made.seq))
    db.close()

    again = QueueStore.open(path, clock=SettableClock(NOW))
    try:
        item = again.item(made.seq)
        assert item.idempotency_key == made.idempotency_key
        assert item.request.customs == CustomsEntries(customs_reference="GVA 2026/0042[0m",
                                                      customs_remarks="seal\ttorn\nsee photo")
        assert item.request.goods.identification_marks == {3: "SN42"}
        CommitRequest.model_validate_json(item.request.model_dump_json())  # what is sent is what the central takes
    finally:
        again.close()
