"""What the workstation shows about the link and the queue: plain values, cheap to import at start-up."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta


@dataclass(frozen=True)
class QueueCounts:
    pending: int = 0
    needs_review: int = 0
    sent: int = 0

    @property
    def waiting(self) -> int:
        return self.pending + self.needs_review


@dataclass(frozen=True)
class SyncStatus:
    """What the workstation shows about the link and the queue."""

    reachable: bool | None = None
    """``None`` until the first contact is tried."""
    counts: QueueCounts = field(default_factory=QueueCounts)
    problem: str = ""
    """The last reason the central could not be reached or refused the account, for the status line."""
    blocked: bool = False
    """The central refuses this account: sending waits until the officer signs in again."""
    waiting_for: str = ""
    """The account whose sign-in the next commit waits for (made without an offline grant by an officer who is not
    signed in now); ``""`` when sending waits for nobody."""
    clock_skew: timedelta | None = None
    """The desk clock minus the central's, when it is more than the tolerance off."""
    retry_in: float = 0.0
