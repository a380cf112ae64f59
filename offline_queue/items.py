"""What the queue holds, as the workstation and the supervisor see it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from central_contract.models import CommitRequest, CommitResponse


class ItemState(StrEnum):
    PENDING = "pending"
    """Made at the desk, not yet accepted by the central."""
    SENT = "sent"
    """Accepted: the central's transaction is in ``response``; the provisional receipt is final."""
    NEEDS_REVIEW = "needs_review"
    """Refused by the central; a supervisor decides."""
    RESUBMITTED = "resubmitted"
    """Replaced by a corrected item, which carries on in its place."""
    HELD = "held"
    """Turned into a hold at the central by a supervisor."""
    VOIDED = "voided"
    """Given up by a supervisor, with a reason."""


@dataclass(frozen=True)
class QueuedCommit:
    seq: int
    local_ref: str
    """Printed on the provisional receipt; the holder and the supervisor quote it."""
    idempotency_key: str
    office_id: str
    officer: str
    made_at: datetime
    request: CommitRequest
    recorded_without_carnet: bool
    """Recorded by the guide's fallback (no carnet data at hand): nothing was checked at the desk."""
    resolved: bool
    """For an item recorded without the carnet: the central has named the carnet (its ID is in ``request``)."""
    unchecked: tuple[str, ...]
    """What could not be checked offline, in the workstation's words (codes, see ``UNCHECKED``)."""
    state: ItemState
    attempts: int
    last_problem: str
    response: CommitResponse | None
    refusal_code: str
    refusal_message: str
    refusal_detail: str
    """The refusal's detail as the central gave it (a date, a hold's reason, an item range...)."""
    refusal_extra: dict[str, object]
    """The refusal's data beyond its message, e.g. the findings (``warnings``) a commit must confirm."""
    decided_by: str
    decision: str
    final_seen: bool
    grant_id: str = ""
    """The offline grant of ``officer`` the commit was made under (sent under it later, whoever is signed in then);
    ``""``: none, the commit waits until ``officer`` signs in."""

    @property
    def findings_to_confirm(self) -> tuple[str, ...]:
        """The codes of the findings the central asked to confirm (a ``warnings_not_confirmed`` refusal)."""
        raw = self.refusal_extra.get("warnings", [])
        found = raw if isinstance(raw, list) else []
        return tuple(str(w["code"]) for w in found if isinstance(w, dict) and "code" in w)


@dataclass(frozen=True)
class JournalEntry:
    at: datetime
    who: str
    action: str
    subject: str
    detail: str


@dataclass(frozen=True)
class EarlierUse:
    """A transaction code this desk already used: why the same code is refused at step 1."""

    local_ref: str
    """The provisional receipt's reference, when the commit went through the queue; ``""`` for one made online."""
    state: ItemState
    """``SENT`` once the central accepted it; otherwise where it waits in the queue."""
    at: datetime
    transaction_id: str = ""
    verification_code: str = ""
    """The final receipt's verification code, once the central accepted it."""
