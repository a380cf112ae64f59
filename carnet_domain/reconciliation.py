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
from carnet_domain.transaction_types import TransactionType as T


class ReconciliationStatus(StrEnum):
    NOT_APPLICABLE = "n/a"
    TERMINATED = "terminated"
    TO_CHECK = "to_check"
    DISCHARGED = "discharged"
    """A CPD's: every entry ended by an exit (:mod:`carnet_domain.cpd.discharge`); never an ATA carnet's."""


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


def cleared_goods(transaction: Transaction) -> ItemRanges:
    """What the Logs call *cleared goods* (line 2847): the declared goods combined with the goods definitively
    imported, boxes F.a and F.b of a re-exportation voucher (on a re-importation, those not re-imported)."""
    return transaction.declared.union(transaction.diverted)


def final_date_for_reexportation(transaction: Transaction) -> date | None:
    """The final date for re-exportation: set at importation (for a transit, the date to produce the goods)."""
    kind = transaction.type
    return transaction.customs.final_date if kind in (T.IMPORTATION, T.TRANSIT_OPEN) else None


def final_date_for_reimportation(transaction: Transaction) -> date | None:
    """The final date for duty-free re-importation: set at exportation."""
    kind = transaction.type
    return transaction.customs.final_date if kind in (T.EXPORTATION, T.PRE_EXPORTATION) else None
