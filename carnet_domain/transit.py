"""Transit monitoring: each Transit open is in progress, closed in due time, or expired (lines 2766-2787).

A Transit close matches the earliest open transit in the same customs territory that is not yet closed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from carnet_domain.carnet import Carnet
from carnet_domain.transaction import Transaction
from carnet_domain.transaction_types import TransactionType as T


class TransitState(StrEnum):
    IN_PROGRESS = "in_progress"
    CLOSED_IN_TIME = "closed_in_time"
    EXPIRED = "expired"


@dataclass(frozen=True, slots=True)
class Transit:
    opened: Transaction
    closed: Transaction | None
    due: date
    state: TransitState


def transits(carnet: Carnet, transactions: Iterable[Transaction], today: date) -> list[Transit]:
    """Every transit of the carnet, oldest first, with its state as of ``today`` (the office's date)."""
    ordered = sorted((t for t in transactions if t.committed), key=lambda t: t.occurred_at)
    open_ones: list[Transaction] = []
    closes: dict[str, Transaction] = {}
    for tx in ordered:
        if tx.type is T.TRANSIT_OPEN:
            open_ones.append(tx)
        elif tx.type is T.TRANSIT_CLOSE:
            match = next(
                (o for o in open_ones if o.territory == tx.territory and o.transaction_id not in closes),
                None,
            )
            if match is not None:
                closes[match.transaction_id] = tx
    result = []
    for opened in open_ones:
        due = opened.customs.final_date or carnet.valid_until
        closed = closes.get(opened.transaction_id)
        if closed is not None:
            state = TransitState.CLOSED_IN_TIME if closed.local_date <= due else TransitState.EXPIRED
        else:
            state = TransitState.EXPIRED if today > due else TransitState.IN_PROGRESS
        result.append(Transit(opened, closed, due, state))
    return result


def open_transit_in(carnet: Carnet, transactions: Iterable[Transaction], territory: str) -> Transaction | None:
    """The open transit that a Transit close in ``territory`` would close, if any."""
    for transit in transits(carnet, transactions, carnet.valid_until):
        if transit.closed is None and transit.opened.territory == territory:
            return transit.opened
    return None
