"""What the queue's tests share: the desk they stand at, a commit request, the journal read back."""

from __future__ import annotations

from datetime import UTC, datetime

from carnet_domain.transaction import GoodsDeclaration
from carnet_domain.transaction_types import TransactionType as T
from central_contract.models import CommitRequest
from offline_queue.store import QueueStore

NOW = datetime(2026, 6, 15, 10, 0, tzinfo=UTC)
OFFICE = "gva-airport"
OFFICER = "officer.ch"
CODE = "BCDFGHJKLNPR"


def request(carnet_id: str = "120001", code: str = CODE, kind: T = T.VALIDATION, declared: str = "",
            occurred_at: datetime | None = None) -> CommitRequest:
    return CommitRequest(carnet_id=carnet_id, transaction_code=code, type=kind,
                         goods=GoodsDeclaration(declared_goods=declared), occurred_at=occurred_at)


def actions(store: QueueStore) -> list[tuple[str, str, str, str]]:
    """The journal, oldest first, without the times."""
    return [(e.who, e.action, e.subject, e.detail) for e in reversed(store.journal())]
