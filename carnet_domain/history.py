"""What history an office sees (Global Transition Plan, line 459).

Customs of temporary admission or transit see every transaction made before the carnet first arrived in
their territory and every transaction in their own territory; of what happened elsewhere afterwards they
see only the final re-importation. The carnet's home customs, who validated it and will discharge it, see
its whole history.
"""

from __future__ import annotations

from collections.abc import Sequence

from carnet_domain.transaction import Transaction
from carnet_domain.transaction_types import TransactionType


def visible_history(history: Sequence[Transaction], territory: str, home_territory: str) -> list[Transaction]:
    ordered = sorted(history, key=lambda t: t.occurred_at)
    own = [t for t in ordered if t.territory == territory]
    if territory == home_territory or not own:
        return ordered
    arrival = own[0].occurred_at
    later_elsewhere = [t for t in ordered if t.territory != territory and t.occurred_at > arrival]
    final_reimport = [
        t for t in later_elsewhere if t.type is TransactionType.REIMPORTATION and t.committed
    ][-1:]
    return [
        t
        for t in ordered
        if t.territory == territory or t.occurred_at <= arrival or t in final_reimport
    ]
