"""Helpers the API tests share: fresh codes, refusals in the central's format, what the store recorded, and
the guide's four worked reconciliation cases (carnets 883-886) committed through the API.

Every case carnet is Swiss (home territory CH, Box P includes the EU), lists 20 items and was issued on
2 June 2021. The Swiss officer works at Genève Aéroport (Europe/Zurich), the German one at München
(Europe/Berlin); commits carry no ``occurred_at``, so each happens at the central's clock.
"""

from __future__ import annotations

import itertools
from collections.abc import Awaitable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import httpx
import pytest

from carnet_domain.carnet import Carnet
from carnet_domain.payload import CODE_ALPHABET, CODE_LENGTH
from carnet_domain.refusals import RefusalCode, info
from carnet_domain.transaction import GoodsDeclaration, Transaction
from carnet_domain.transaction_types import TransactionType as T
from central_client.errors import CentralRefused
from central_client.http import HttpCentral
from central_contract.models import CommitRequest, ReconciliationView
from reference_central import records
from tests.central_world import World, make_carnet

_serial = itertools.count(1)


def code_number(n: int) -> str:
    """The ``n``-th transaction code: 12 characters of the code alphabet."""
    chars: list[str] = []
    for _ in range(CODE_LENGTH):
        n, digit = divmod(n, len(CODE_ALPHABET))
        chars.append(CODE_ALPHABET[digit])
    return "".join(reversed(chars))


def fresh_code() -> str:
    """A transaction code never used before in this test process."""
    return code_number(next(_serial))


async def refused(call: Awaitable[object], code: str) -> CentralRefused:
    """The client's refusal from ``call``, which must carry ``code``."""
    with pytest.raises(CentralRefused) as caught:
        await call
    assert caught.value.code == code, str(caught.value)
    return caught.value


def assert_refused(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    """A raw refusal in the central's format: status, code, message and permanence as the catalogue says."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}, body
    error: dict[str, Any] = body["error"]
    assert error["code"] == code, error
    expected = info(RefusalCode(code))
    assert expected.status == status
    assert error["message"] == expected.message
    assert error["permanent"] is expected.permanent
    assert isinstance(error["detail"], str)
    return error


def history_of(world: World, carnet: Carnet | str) -> list[Transaction]:
    """The carnet's transactions as the central's store holds them, in the order recorded."""
    with world.store.transaction() as db:
        return records.history(db, carnet if isinstance(carnet, str) else carnet.carnet_id)


# --- The guide's worked reconciliation cases -----------------------------------------------------------

ISSUED = date(2021, 6, 2)
CH, DE = "officer.ch", "officer.de"
CANCEL = "CANCEL" + "B" * 6
"""The cancellation code :meth:`World.declare` gives every declaration."""
AFTER = datetime(2021, 6, 10, 9, 0, tzinfo=UTC)
"""When the controller reads the statuses: after every carnet's validity."""


def utc(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2021, 6, day, hour, minute, tzinfo=UTC)


@dataclass(frozen=True)
class Step:
    at: datetime
    account: str
    kind: T
    declared: str = ""
    diverted: str = ""
    """Goods declared as not re-exported / re-imported (box F.b)."""


@dataclass(frozen=True)
class Case:
    carnet_id: str
    number: str
    valid_until: date
    steps: tuple[Step, ...]
    status: str
    outstanding: dict[str, str]
    last_valid_moment: datetime
    """23:59 in Geneva on the last day of validity, in UTC."""


def _start(items: str) -> tuple[Step, ...]:
    """Validation and exportation at the Swiss office on 2 June 2021 at 14:34 UTC, then importation in DE."""
    return (
        Step(utc(2, 14, 34), CH, T.VALIDATION),
        Step(utc(2, 14, 40), CH, T.EXPORTATION, items),
        Step(utc(2, 18, 5), DE, T.IMPORTATION, items),
    )


CASES = (
    Case("883", "CHTA00000133", date(2021, 6, 3), _start("1-20"), "to_check",
         {"exported": "1-20", "admitted:EU": "1-20"}, utc(3, 21, 59)),
    Case("884", "CHTA00000134", date(2021, 6, 7), (
        *_start("1-20"),
        Step(utc(4, 9), DE, T.REEXPORTATION, "1-10"),
        Step(utc(4, 15), CH, T.REIMPORTATION, "1-10"),
    ), "to_check", {"exported": "11-20", "admitted:EU": "11-20"}, utc(7, 21, 59)),
    Case("885", "CHTA00000135", date(2021, 6, 8), (
        *_start("1-20"),
        Step(utc(4, 9), DE, T.REEXPORTATION, "1-10"),
        Step(utc(5, 8), DE, T.REEXPORTATION, "11-20"),
        Step(utc(5, 15), CH, T.REIMPORTATION, "1-10"),
        Step(utc(6, 10), CH, T.REIMPORTATION, "11-20"),
    ), "terminated", {}, utc(8, 21, 59)),
    Case("886", "CHTA00000136", date(2021, 6, 7), (
        *_start("7-10"),
        Step(utc(4, 9), DE, T.REEXPORTATION, "7-10"),
        Step(utc(4, 15), CH, T.REIMPORTATION, "7-10"),
    ), "terminated", {}, utc(7, 21, 59)),
)
BY_ID = {case.carnet_id: case for case in CASES}

OFFICE = {CH: ("gva-airport", "CH"), DE: ("muc", "EU"), "officer.fr": ("cdg", "EU")}
ALL_ITEMS = "1-20"
"""What a Validation of a 20-item carnet declares: the whole general list."""





@dataclass
class Journey:
    """Commits a case's steps through the API, each at its own moment of the central's clock."""

    world: World
    controller: httpx.AsyncClient
    officers: dict[str, HttpCentral] = field(default_factory=dict)

    def officer(self, account: str) -> HttpCentral:
        if account not in self.officers:
            self.officers[account] = self.world.client(account)
        return self.officers[account]

    def carnet(self, case: Case) -> Carnet:
        return self.world.add_carnet(
            make_carnet(case.carnet_id, case.number, items=20, issue=ISSUED, valid_until=case.valid_until)
        )

    async def commit(self, carnet: Carnet, step: Step) -> Transaction:
        self.world.clock.set(step.at)
        code = fresh_code()
        self.world.declare(carnet, step.kind, code, step.declared, diverted_goods=step.diverted)
        request = CommitRequest(
            carnet_id=carnet.carnet_id, transaction_code=code, type=step.kind,
            goods=GoodsDeclaration(declared_goods=step.declared, diverted_goods=step.diverted),
        )
        made = (await self.officer(step.account).commit(request, f"{carnet.carnet_id}-{code}")).transaction
        office_id, territory = OFFICE[step.account]
        assert made.type is step.kind
        assert (made.office_id, made.territory, made.officer_id) == (office_id, territory, step.account)
        assert made.occurred_at == made.recorded_at == step.at
        assert made.goods.declared_goods == (ALL_ITEMS if step.kind is T.VALIDATION else step.declared)
        return made

    async def run(self, case: Case) -> Carnet:
        carnet = self.carnet(case)
        for step in case.steps:
            await self.commit(carnet, step)
        return carnet

    async def run_all(self, cases: tuple[Case, ...] = CASES) -> dict[str, Carnet]:
        """Every case's steps in one central, in the order of their times; returns the carnets by ID."""
        carnets = {case.carnet_id: self.carnet(case) for case in cases}
        for step, case in sorted(((s, c) for c in cases for s in c.steps), key=lambda pair: pair[0].at):
            await self.commit(carnets[case.carnet_id], step)
        return carnets

    async def status(self, ref: str, at: datetime) -> ReconciliationView:
        self.world.clock.set(at)
        response = await self.controller.get(f"/v1/logs/carnets/{ref}/reconciliation")
        assert response.status_code == 200, response.text
        return ReconciliationView.model_validate_json(response.content)
