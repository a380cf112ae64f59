"""Where a carnet's goods are, from its committed transactions.

Each item has a balance per place: exported from home (until re-imported or diverted to home use abroad),
admitted into a foreign territory (until re-exported from it or diverted to home use there), and in
transit through a territory (until the transit is closed there). Balances count, so a carnet that makes
several trips is followed trip by trip.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from carnet_domain.items import ItemRanges
from carnet_domain.transaction import Transaction
from carnet_domain.transaction_types import TransactionType as T


@dataclass
class GoodsBalance:
    exported: Counter[int] = field(default_factory=Counter)
    admitted: dict[str, Counter[int]] = field(default_factory=dict)
    in_transit: dict[str, Counter[int]] = field(default_factory=dict)

    def admitted_in(self, territory: str) -> ItemRanges:
        return _positive(self.admitted.get(territory, Counter()))

    def in_transit_in(self, territory: str) -> ItemRanges:
        return _positive(self.in_transit.get(territory, Counter()))

    def exported_items(self) -> ItemRanges:
        return _positive(self.exported)

    def outstanding(self) -> dict[str, ItemRanges]:
        """Every place where some item still waits to be cleared; the home side is keyed ``"exported"``."""
        found: dict[str, ItemRanges] = {}
        if self.exported_items():
            found["exported"] = self.exported_items()
        for territory in sorted(self.admitted):
            if items := self.admitted_in(territory):
                found[f"admitted:{territory}"] = items
        for territory in sorted(self.in_transit):
            if items := self.in_transit_in(territory):
                found[f"transit:{territory}"] = items
        return found


def _positive(counter: Counter[int]) -> ItemRanges:
    return ItemRanges.of(item for item, count in counter.items() if count > 0)


def _take(counter: Counter[int], items: Iterable[int]) -> None:
    for item in items:
        if counter[item] > 0:
            counter[item] -= 1


def balance_of(transactions: Iterable[Transaction]) -> GoodsBalance:
    """The balance after every committed transaction, taken in the order they occurred."""
    balance = GoodsBalance()
    for tx in sorted((t for t in transactions if t.committed), key=lambda t: t.occurred_at):
        declared, diverted = tx.declared, tx.diverted
        admitted = balance.admitted.setdefault(tx.territory, Counter())
        if tx.type is T.EXPORTATION:
            balance.exported.update(declared)
        elif tx.type is T.REIMPORTATION:
            _take(balance.exported, declared.union(diverted))
        elif tx.type is T.IMPORTATION:
            admitted.update(declared)
        elif tx.type is T.REEXPORTATION:
            _take(admitted, declared.union(diverted))
            _take(balance.exported, diverted)
        elif tx.type is T.TRANSIT_OPEN:
            balance.in_transit.setdefault(tx.territory, Counter()).update(declared)
        elif tx.type is T.TRANSIT_CLOSE:
            _take(balance.in_transit.setdefault(tx.territory, Counter()), declared)
    return balance
