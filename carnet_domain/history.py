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

WITHHELD_IN_HISTORY = ("officer_id", "officer_name", "verification_code")
"""What a lookup's history leaves out: who committed each earlier transaction, and its receipt's verification code.
The officer checking a carnet needs neither, and the holder's receipts are not for every office that scans the
carnet; the office's own records (its transactions, the Logs) keep them."""


def withheld(history: Sequence[Transaction]) -> list[Transaction]:
    """``history`` as a lookup answers it: without :data:`WITHHELD_IN_HISTORY`."""
    return [t.model_copy(update=dict.fromkeys(WITHHELD_IN_HISTORY, "")) for t in history]


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
