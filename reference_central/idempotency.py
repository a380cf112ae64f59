"""Idempotency keys: what the central answered to a request sent with an ``Idempotency-Key``, kept so that the
same request sent again (an answer lost on the link, a queue sending again) is answered without being done twice.

A key belongs to the account that sent it: the same key from another account is another request, neither given
the first account's answer nor refused as reused. A commit sent under an officer's offline grant is the
officer's. Keys are kept :data:`KEEP` (30 days), longer than an offline commit can wait to be accepted
(``MAX_OFFLINE_AGE``, 14 days): a queued commit sent again after its key is gone carries the time it was made and
is refused ``clock_skew``, never made twice. Older keys are pruned a bounded batch at a time, in the unit of work
that keeps a new key, along the index on ``created_at``.

The table's ``key`` column holds the account and the key, ``<account_id>\\n<key>`` (a header cannot hold a line
break). Keys kept before they were scoped to the account are bare; one of them still answers the request it was
kept for, which only the same account could send (the request's hash covers the account).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from carnet_domain.refusals import RefusalCode as R
from reference_central.database import Db, replace
from reference_central.errors import CentralError

KEEP = timedelta(days=30)
"""How long a key is kept after the request it answered."""
PRUNE_BATCH = 200
"""At most this many expired keys are removed with each new one: pruning outpaces new keys, and never takes long."""


@dataclass(frozen=True, slots=True)
class Kept:
    """The answer kept for a key: its HTTP status and body (empty when the route answers with what is now)."""

    status: int
    response: str


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def _scoped(account_id: str, key: str) -> str:
    return f"{account_id}\n{key}"


def replay(db: Db, account_id: str, key: str, request_hash: str, now: datetime) -> Kept | None:
    """The answer kept for ``account_id``'s ``key`` within :data:`KEEP` of ``now``, if the key was kept for this
    request (``request_hash``); ``None`` if it was not kept (or has expired). The key kept for another request of
    the account is refused ``idempotency_key_reused``. The key is held until the unit of work ends: the same
    request sent twice at once to two server processes is done by one, and the other gives its answer."""
    db.lock_name(f"idempotency\n{_scoped(account_id, key)}")
    rows = db.execute(
        "SELECT key, request_hash, status, response FROM idempotency WHERE key IN (?, ?) AND created_at >= ?",
        (_scoped(account_id, key), key, _stamp(now - KEEP)),
    ).fetchall()
    for row in rows:
        if row["request_hash"] == request_hash:
            return Kept(int(row["status"]), str(row["response"]))
    if any(row["key"] != key for row in rows):  # the account's own key, kept for another request
        raise CentralError(R.IDEMPOTENCY_KEY_REUSED, key)
    return None


def keep(
    db: Db, account_id: str, key: str, request_hash: str, now: datetime, *, status: int,
    response: str = "",
) -> None:
    """Keep the answer to ``account_id``'s ``key`` (in the caller's unit of work), pruning expired keys first."""
    prune(db, now)
    replace(db, "idempotency", (_scoped(account_id, key), request_hash, status, response, _stamp(now)))


def prune(db: Db, now: datetime, batch: int = PRUNE_BATCH) -> int:
    """Remove up to ``batch`` of the oldest keys kept more than :data:`KEEP` before ``now``; how many went."""
    cursor = db.execute(
        "DELETE FROM idempotency WHERE key IN "
        "(SELECT key FROM idempotency WHERE created_at < ? ORDER BY created_at LIMIT ?)",
        (_stamp(now - KEEP), batch),
    )
    return cursor.rowcount
