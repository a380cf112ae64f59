"""Which carnets an account may read about, and the one answer about any other: it does not exist.

The guide scopes what customs read of a carnet by where it passed (line 459: a territory sees a carnet's history
up to its own transactions) and the Logs by the caller's customs territory (lines 2843-2973). A carnet the
caller may not read is answered exactly as a carnet that does not exist (``404 unknown_carnet`` with the
reference as read), so that a sequential carnet ID tells nothing of the carnets behind it:

- **in the Logs** (the Logs' carnet details, transactions and reconciliation): a carnet with at least one
  transaction in the customs territory of the caller's office; an Admin, any carnet with a transaction;
- **its vehicle file**: a carnet the Logs of the office the request is made at would show (a transaction in its
  customs territory), a carnet whose guaranteeing association is in that territory (its customs extend the
  carnet's validity, art. 21, and see its whole history as home customs, line 459), or a carnet the request
  names with one of its transaction codes (what the holder shows at a lookup); an Admin, any carnet.
"""

from __future__ import annotations

from collections.abc import Callable

from carnet_domain.carnet import Carnet
from carnet_domain.organisation import Account, Office, region_bound
from carnet_domain.refusals import RefusalCode as R
from carnet_domain.transaction import Transaction
from reference_central import records
from reference_central.database import Db
from reference_central.errors import CentralError

Sees = Callable[[Carnet], bool]
"""Whether the caller may read about a carnet."""


def visible_carnet(db: Db, ref: str, sees: Sees) -> Carnet:
    """``ref`` read as everywhere (the exact carnet number first, then the ID; a number and an ID naming two
    carnets is ambiguous) among the carnets ``sees`` lets the caller read: any other is ``unknown_carnet``,
    and is never named as a candidate of an ambiguity."""
    ref = ref.strip().upper()
    by_number = records.carnet_by_number(db, ref)
    by_id = records.carnet(db, ref) if ref.isdigit() else None
    seen = [c for c in (by_number, by_id) if c is not None and sees(c)]
    if len(seen) == 2 and seen[0].carnet_id != seen[1].carnet_id:
        raise CentralError(R.AMBIGUOUS_CARNET, ref, {"candidates": [c.number for c in seen]})
    if not seen:
        raise CentralError(R.UNKNOWN_CARNET, ref)
    return seen[0]


def transacted_in(history: list[Transaction], territory: str) -> bool:
    """Whether any of the carnet's transactions (committed or cancelled) was made in ``territory``."""
    return any(tx.territory == territory for tx in history)


def in_logs(db: Db, account: Account, territory: str) -> Sees:
    """The carnets in the Logs of ``account`` working in ``territory``: those with a transaction there; an
    Admin's, those with a transaction anywhere."""
    bound = region_bound(account.role)

    def sees(carnet: Carnet) -> bool:
        history = records.history(db, carnet.carnet_id)
        return transacted_in(history, territory) if bound else bool(history)

    return sees


def reads_vehicle_file(db: Db, account: Account, office: Office, transaction_code: str | None) -> Sees:
    """The carnets whose vehicle file ``account`` may read at ``office``, the request naming ``transaction_code``
    (or none)."""
    if not region_bound(account.role):
        return lambda _carnet: True
    logs = in_logs(db, account, office.territory)
    territory = records.territory(db, office.territory)
    countries = territory.member_countries if territory is not None else (office.territory,)
    code = (transaction_code or "").strip().upper()

    def sees(carnet: Carnet) -> bool:
        guarantor = carnet.guaranteed_by.country if carnet.guaranteed_by is not None else ""
        return (logs(carnet) or guarantor in countries
                or bool(code and records.declaration(db, carnet.carnet_id, code) is not None))

    return sees
