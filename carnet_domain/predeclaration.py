"""Pre-notifications and pre-declarations sent by a holder before the goods arrive (guide lines 2699-2729).

A *pre-notification* tells customs that a carnet is coming and when; its carnet details are optional. A
*pre-declaration that allows automatic transaction* sends the carnet and a prepared declaration (its
transaction code) in advance, so that the officer can commit without stopping the goods. The officer
acknowledges (the appointment is confirmed), rejects with a reason (the goods must stop for inspection) or,
for an automatic one, commits: the wizard starts on its carnet and code, and the pre-declaration counts as
committed once a transaction with that code is.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum

from pydantic import Field, field_validator

from carnet_domain.carnet import CarnetKind, Model
from carnet_domain.refusals import Refusal
from carnet_domain.refusals import RefusalCode as R
from carnet_domain.transaction import TEXT, Transaction
from carnet_domain.transaction_types import TransactionType as T


class PreDeclarationKind(StrEnum):
    PRE_NOTIFICATION = "pre_notification"
    """Expected arrival, carnet details optional: acknowledge or reject only."""
    AUTOMATIC = "automatic_transaction"
    """A pre-declaration that allows automatic transaction: the carnet and a prepared declaration."""


class PreDeclarationState(StrEnum):
    PENDING = "pending"
    ACKNOWLEDGED = "acknowledged"
    """The appointment is confirmed; an automatic pre-declaration may still be committed."""
    REJECTED = "rejected"
    """The goods must stop at the office for inspection; the reason says why."""
    COMMITTED = "committed"
    """A transaction with the pre-declaration's carnet and code was committed."""


class PreDeclarationAction(StrEnum):
    ACKNOWLEDGE = "acknowledge"
    REJECT = "reject"
    COMMIT = "commit"


class TransportMode(StrEnum):
    CARGO = "cargo"
    HAND_CARRY = "hand_carry"


class MeansOfTransport(StrEnum):
    AIR = "air"
    SEA = "sea"
    ROAD = "road"
    RAIL = "rail"


OPEN_STATES = frozenset({PreDeclarationState.PENDING, PreDeclarationState.ACKNOWLEDGED})
"""States in which the goods are still expected; rejected and committed ones are closed."""


def _utc(value: datetime | None) -> datetime | None:
    if value is not None and (value.tzinfo is None or value.utcoffset() is None):
        raise ValueError("times must carry a time zone (UTC)")
    return value


class Attachment(Model):
    """A document sent with the pre-declaration (an invoice, a packing list); its content is optional."""

    name: str = Field(min_length=1, max_length=200)
    size: int = Field(ge=0)
    """In bytes."""
    media_type: str = Field(default="application/octet-stream", max_length=100)
    content: str | None = Field(default=None, max_length=150_000)
    """The document itself, base64-encoded, when the holder's app sent it."""


class PreDeclaration(Model):
    """A pre-notification or pre-declaration addressed to one office. Times are UTC."""

    predeclaration_id: str
    kind: PreDeclarationKind
    office_id: str
    office_name: str
    arrival_at: datetime
    """When the holder expects to arrive at the office."""
    carnet_id: str | None = None
    carnet_number: str | None = None
    carnet_kind: CarnetKind | None = None
    transaction_type: T | None = None
    transaction_code: str | None = None
    """The prepared declaration's code (a pre-declaration that allows automatic transaction)."""
    transport_mode: TransportMode | None = None
    means_of_transport: MeansOfTransport | None = None
    identification: str = Field(default="", max_length=100)
    """Flight number, ship's name or vehicle plate."""
    submitted_by: str = Field(default="", max_length=200)
    """The holder or representative who sent it."""
    submitted_at: datetime
    attachments: tuple[Attachment, ...] = Field(default=(), max_length=20)
    state: PreDeclarationState = PreDeclarationState.PENDING
    reason: str = Field(default="", max_length=TEXT)
    """Why it was rejected."""
    decided_by: str | None = None
    decided_by_name: str | None = None
    decided_at: datetime | None = None
    transaction_id: str | None = None
    """The transaction that committed it."""
    training: bool = False

    _aware = field_validator("arrival_at", "submitted_at", "decided_at")(_utc)

    @property
    def automatic(self) -> bool:
        """Whether it can be committed: it allows automatic transaction and names a carnet and a code."""
        return (
            self.kind is PreDeclarationKind.AUTOMATIC
            and bool(self.carnet_id)
            and bool(self.transaction_code)
            and self.transaction_type is not None
        )

    @property
    def open(self) -> bool:
        return self.state in OPEN_STATES


class PreDeclarationRefused(Exception):
    """An action the pre-declaration's kind or state does not allow."""

    def __init__(self, refusal: Refusal) -> None:
        super().__init__(f"{refusal.code.value}: {refusal.detail}")
        self.refusal = refusal


def allowed_actions(pre: PreDeclaration) -> frozenset[PreDeclarationAction]:
    """Acknowledge and Reject while pending; Commit while open, for an automatic one with carnet and code."""
    actions: set[PreDeclarationAction] = set()
    if pre.state is PreDeclarationState.PENDING:
        actions |= {PreDeclarationAction.ACKNOWLEDGE, PreDeclarationAction.REJECT}
    if pre.open and pre.automatic:
        actions.add(PreDeclarationAction.COMMIT)
    return frozenset(actions)


def refusal_of(pre: PreDeclaration, action: PreDeclarationAction) -> Refusal | None:
    """Why ``action`` is not allowed on ``pre`` now, or ``None`` if it is."""
    if action in allowed_actions(pre):
        return None
    if action is PreDeclarationAction.COMMIT and not pre.automatic:
        return Refusal(R.PREDECLARATION_NOT_AUTOMATIC, pre.kind.value)
    return Refusal(R.PREDECLARATION_DECIDED, pre.state.value)


def _check(pre: PreDeclaration, action: PreDeclarationAction) -> None:
    if (refusal := refusal_of(pre, action)) is not None:
        raise PreDeclarationRefused(refusal)


def acknowledge(pre: PreDeclaration, by: str, by_name: str, at: datetime) -> PreDeclaration:
    """The appointment is confirmed; the holder is told."""
    _check(pre, PreDeclarationAction.ACKNOWLEDGE)
    return pre.model_copy(update={"state": PreDeclarationState.ACKNOWLEDGED, "decided_by": by,
                                  "decided_by_name": by_name, "decided_at": _utc(at)})


def reject(pre: PreDeclaration, reason: str, by: str, by_name: str, at: datetime) -> PreDeclaration:
    """Not accepted: the goods must stop at the office for inspection; the holder is told why."""
    _check(pre, PreDeclarationAction.REJECT)
    reason = reason.strip()
    if not reason or len(reason) > TEXT:
        raise PreDeclarationRefused(Refusal(R.INVALID_REQUEST, f"reason: 1 to {TEXT} characters"))
    return pre.model_copy(update={"state": PreDeclarationState.REJECTED, "reason": reason, "decided_by": by,
                                  "decided_by_name": by_name, "decided_at": _utc(at)})


def commit_target(pre: PreDeclaration) -> tuple[str, str]:
    """The carnet ID and transaction code a commit starts from; refused unless Commit is allowed."""
    _check(pre, PreDeclarationAction.COMMIT)
    assert pre.carnet_id is not None
    assert pre.transaction_code is not None
    return pre.carnet_id, pre.transaction_code


def fulfilling(pre: PreDeclaration, history: Sequence[Transaction]) -> Transaction | None:
    """The committed transaction that spent the pre-declaration's code, if one did.

    In a two-step territory a Pre-exportation alone does not complete a declared Exportation: the Exit does.
    """
    if not pre.automatic:
        return None
    spent = [t for t in history if t.committed and t.carnet_id == pre.carnet_id
             and t.transaction_code == pre.transaction_code]
    if pre.transaction_type is T.EXPORTATION:
        spent = [t for t in spent if t.type is not T.PRE_EXPORTATION]
    return spent[-1] if spent else None


def settled(pre: PreDeclaration, history: Sequence[Transaction]) -> PreDeclaration:
    """``pre`` as it stands given the carnet's ``history``: committed once its transaction is (unless it was
    rejected: the goods then stopped for inspection, and what was transacted is no longer its doing)."""
    tx = fulfilling(pre, history) if pre.open else None
    if tx is None:
        return pre
    return pre.model_copy(update={"state": PreDeclarationState.COMMITTED, "decided_by": tx.officer_id,
                                  "decided_by_name": tx.officer_name, "decided_at": tx.recorded_at,
                                  "transaction_id": tx.transaction_id})
