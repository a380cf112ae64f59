"""Where a commit goes: to the central now, or into the offline queue with what could not be checked.

The desk's rule, kept apart from the screen so that it can be read and tested alone:

- a carnet checked against a lookup kept from earlier, while the link is known to be down, goes to the queue at once
  (no wait for a connection that will not come);
- otherwise the commit is sent; if the central cannot be reached, it goes to the queue (when the desk has one), with
  what could not be checked: holds and history since the kept lookup, or — for a commit that may have reached the
  central — the answer that was lost, or — for one that never left — what happened since the lookup.
"""

from __future__ import annotations

from datetime import datetime
from enum import Enum

from central_client.errors import CentralUnreachable

UNCHECKED_CACHED = ("holds", "history")
"""What a check against a cached lookup cannot see: holds and transactions made elsewhere since."""
UNCHECKED_ANSWER = ("answer",)
"""An online commit whose answer was lost: the central may or may not have recorded it yet."""
UNCHECKED_UNREACHED = ("unreached",)
"""An online commit that could not reach the central at all: checked at lookup, not since."""


class Route(Enum):
    QUEUE = "queue"
    """Into the offline queue now, without trying the central."""
    SEND = "send"
    """To the central; into the queue only if it cannot be reached."""


def route(*, has_queue: bool, offline_since: datetime | None, reachable: bool | None) -> Route:
    """Where a commit goes first."""
    if has_queue and offline_since is not None and reachable is not True:
        return Route.QUEUE
    return Route.SEND


def unchecked_after(failure: CentralUnreachable | None, offline_since: datetime | None) -> tuple[str, ...]:
    """What the provisional receipt says could not be checked, for a commit the queue keeps after ``failure``
    (``None``: queued without trying)."""
    if offline_since is not None or failure is None:
        return UNCHECKED_CACHED
    return UNCHECKED_ANSWER if failure.maybe_received else UNCHECKED_UNREACHED
