"""Builders of real domain records for the unit tests: transactions, holds and territories."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time, timedelta

from carnet_domain.carnet import Carnet
from carnet_domain.organisation import Territory
from carnet_domain.transaction import CustomsEntries, GoodsDeclaration, Hold, Transaction, TransactionState
from carnet_domain.transaction_types import TransactionType
from tests.central_world import make_carnet

CH = Territory(code="CH", name="Switzerland")
EU = Territory(code="EU", name="European Union", two_step_export=True)
GB = Territory(code="GB", name="United Kingdom")
NO = Territory(code="NO", name="Norway")
RE = Territory(code="RE", name="France (Réunion)")

ISSUE = date(2026, 1, 1)
VALID_UNTIL = date(2026, 12, 31)
CODE = "BCDFGHJKLNPR"
"""A transaction code: 12 characters of the code alphabet."""
OTHER_CODE = "STVX23456789"

_ids = itertools.count(1)


def carnet(
    *, home: str = "CH", issue: date = ISSUE, valid_until: date = VALID_UNTIL, **extra: object
) -> Carnet:
    """A 20-item ATA carnet of home territory CH, valid 2026-01-01 to 2026-12-31 in every other territory."""
    return make_carnet(
        "120001", "CH/2026/0001", home=home, items=20, issue=issue, valid_until=valid_until, **extra
    )


def code_for(n: int) -> str:
    """A distinct transaction code for each ``n`` (0 <= n < 24**2)."""
    alphabet = "BCDFGHJKLNPRSTVX23456789"
    return "BCDFGHJKLN" + alphabet[n // 24] + alphabet[n % 24]


def _own_code(number: int) -> str:
    """The ``number``-th transaction's code: never :data:`CODE`, which the tests' declarations carry (the
    251st would otherwise spend it, whichever test it falls in)."""
    generated = code_for(number % 576)
    return generated if generated != CODE else code_for((number + 1) % 576)


def tx(
    kind: TransactionType,
    territory: str,
    on: date,
    declared: str = "",
    *,
    diverted: str = "",
    code: str | None = None,
    cancelled: bool = False,
    final_date: date | None = None,
    minute: int = 0,
    of: Carnet | None = None,
) -> Transaction:
    """A transaction that occurred at 10:00 UTC (plus ``minute``) on ``on`` at an office of ``territory``."""
    number = next(_ids)
    occurred = datetime.combine(on, time(10, 0), tzinfo=UTC) + timedelta(minutes=minute)
    the_carnet = of or carnet()
    return Transaction(
        transaction_id=f"T{number}",
        carnet_id=the_carnet.carnet_id,
        carnet_number=the_carnet.number,
        type=kind,
        transaction_code=code if code is not None else _own_code(number),
        occurred_at=occurred,
        recorded_at=occurred,
        local_date=on,
        office_id=f"office-{territory.lower()}",
        office_name=f"Office {territory}",
        territory=territory,
        officer_id="officer",
        officer_name="Officer",
        goods=GoodsDeclaration(declared_goods=declared, diverted_goods=diverted),
        customs=CustomsEntries(final_date=final_date),
        verification_code="VVVVVV",
        state=TransactionState.CANCELLED if cancelled else TransactionState.COMMITTED,
        cancelled_at=occurred + timedelta(minutes=5) if cancelled else None,
    )


def hold(territory: str, *, released: bool = False, reason: str = "Seals broken") -> Hold:
    since = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
    return Hold(
        hold_id=f"H{next(_ids)}",
        carnet_id="120001",
        carnet_number="CH/2026/0001",
        territory=territory,
        office_id=f"office-{territory.lower()}",
        office_name=f"Office {territory}",
        transaction_code=CODE,
        transaction_type=TransactionType.IMPORTATION,
        step=3,
        reason=reason,
        held_by="officer",
        held_by_name="Officer",
        held_since=since,
        released_by="officer" if released else None,
        released_at=since + timedelta(hours=2) if released else None,
    )
