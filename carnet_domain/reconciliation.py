"""Reconciliation of a carnet after its validity (guide lines 2843-2973).

N/A while the carnet is valid. Afterwards *Terminated* when every exported item was re-imported or declared
diverted to home use, and every item admitted into a territory was re-exported from it or declared
diverted there ("cleared goods", line 2847); items never exported do not count (case 886). Otherwise *To
check*: a controller must look for a potential claim.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from carnet_domain.carnet import Carnet
from carnet_domain.goods_balance import balance_of
from carnet_domain.items import ItemRanges
from carnet_domain.transaction import Transaction


class ReconciliationStatus(StrEnum):
    NOT_APPLICABLE = "n/a"
    TERMINATED = "terminated"
    TO_CHECK = "to_check"


@dataclass(frozen=True, slots=True)
class Reconciliation:
    status: ReconciliationStatus
    outstanding: dict[str, ItemRanges]
    """Where items still wait to be cleared, e.g. ``{"admitted:EU": 11-20, "exported": 11-20}``."""


def reconcile(carnet: Carnet, transactions: Iterable[Transaction], today: date) -> Reconciliation:
    outstanding = balance_of(transactions).outstanding()
    if not carnet.is_expired_on(today):
        return Reconciliation(ReconciliationStatus.NOT_APPLICABLE, outstanding)
    status = ReconciliationStatus.TO_CHECK if outstanding else ReconciliationStatus.TERMINATED
    return Reconciliation(status, outstanding)
