"""What the desk keeps to start while the central is unreachable: the last sign-in."""

from __future__ import annotations

from pydantic import TypeAdapter, ValidationError

from carnet_domain.organisation import Territory
from central_contract.models import Me
from offline_queue.store import QueueStore

TERRITORIES = TypeAdapter(list[Territory])


def remember_session(queue: QueueStore | None, me: Me, territories: list[Territory]) -> None:
    """Keep the account and the territories the central sent, for a start while it is unreachable."""
    if queue is not None:
        queue.keep_session("me", me.model_dump_json())
        queue.keep_session("territories", TERRITORIES.dump_json(territories).decode())


def remembered_session(queue: QueueStore | None) -> tuple[Me, list[Territory]] | None:
    if queue is None or not (me := queue.session("me")):
        return None
    try:
        return Me.model_validate_json(me), TERRITORIES.validate_json(queue.session("territories") or "[]")
    except ValidationError:
        return None
