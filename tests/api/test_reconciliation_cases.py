"""The guide's four worked reconciliation cases (carnets 883-886), computed by the central from transactions
committed through the HTTP API at the times the clock is set to, and read back by a controller.

Every carnet is Swiss (home territory CH, Box P includes the EU), lists 20 items and was issued on
2 June 2021. The Swiss officer works at Genève Aéroport (Europe/Zurich), the German one at München
(Europe/Berlin); commits carry no ``occurred_at``, so each happens at the central's clock.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import httpx
import pytest

from carnet_domain.carnet import Carnet
from carnet_domain.transaction import GoodsDeclaration, Transaction, TransactionState
from carnet_domain.transaction_types import TransactionType as T
from central_client.http import HttpCentral
from central_contract.models import CommitRequest, ReconciliationView
from tests.api.helpers import fresh_code, history_of
from tests.central_world import World, make_carnet

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

OFFICE = {CH: ("gva-airport", "CH"), DE: ("muc", "EU")}
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
        self.world.declare(carnet, step.kind, code, step.declared)
        request = CommitRequest(
            carnet_id=carnet.carnet_id, transaction_code=code, type=step.kind,
            goods=GoodsDeclaration(declared_goods=step.declared),
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

    async def status(self, ref: str, at: datetime) -> ReconciliationView:
        self.world.clock.set(at)
        response = await self.controller.get(f"/v1/logs/carnets/{ref}/reconciliation")
        assert response.status_code == 200, response.text
        return ReconciliationView.model_validate_json(response.content)


@pytest.fixture
async def journey(world: World, close_clients: None) -> AsyncIterator[Journey]:
    headers = {"Authorization": f"Bearer {world.tokens['controller.ch']}"}
    async with httpx.AsyncClient(base_url=world.url, headers=headers, timeout=10.0) as controller:
        yield Journey(world, controller)




@pytest.mark.parametrize("case", CASES, ids=[c.carnet_id for c in CASES])
async def test_worked_case(journey: Journey, case: Case) -> None:
    await journey.run(case)

    # What the central recorded is exactly the committed steps, in order, at their times.
    history = history_of(journey.world, case.carnet_id)
    assert [(t.type, t.occurred_at, t.territory) for t in history] == [
        (s.kind, s.at, OFFICE[s.account][1]) for s in case.steps
    ]
    assert all(t.state is TransactionState.COMMITTED for t in history)

    # While the carnet is valid, valid until included, there is nothing to reconcile yet.
    for moment in (case.steps[-1].at, case.last_valid_moment):
        during = await journey.status(case.carnet_id, moment)
        assert during.status == "n/a", moment
        assert during.outstanding == case.outstanding

    after = await journey.status(case.carnet_id, AFTER)
    assert after == ReconciliationView(
        carnet_id=case.carnet_id, carnet_number=case.number, valid_until=case.valid_until,
        status=case.status, outstanding=case.outstanding,
    )
    # The log is found by carnet number as well as by ID.
    assert await journey.status(case.number, AFTER) == after


async def test_all_four_cases_in_one_central(journey: Journey) -> None:
    """The cases do not disturb each other: each carnet's status comes from its own transactions."""
    steps = sorted(((step, case) for case in CASES for step in case.steps), key=lambda pair: pair[0].at)
    carnets = {case.carnet_id: journey.carnet(case) for case in CASES}
    for step, case in steps:
        await journey.commit(carnets[case.carnet_id], step)
    statuses = {case.carnet_id: await journey.status(case.carnet_id, AFTER) for case in CASES}
    assert {cid: (view.status, view.outstanding) for cid, view in statuses.items()} == {
        "883": ("to_check", {"exported": "1-20", "admitted:EU": "1-20"}),
        "884": ("to_check", {"exported": "11-20", "admitted:EU": "11-20"}),
        "885": ("terminated", {}),
        "886": ("terminated", {}),
    }
    with journey.world.store.transaction() as db:
        total = int(db.execute("SELECT COUNT(*) FROM transactions").fetchone()[0])
    assert total == sum(len(case.steps) for case in CASES)


async def test_883_becomes_to_check_at_midnight_in_geneva(journey: Journey) -> None:
    """Valid until 3 June is inclusive, in the controller's office's time zone (Europe/Zurich, UTC+2)."""
    case = BY_ID["883"]
    carnet = journey.carnet(case)
    validation, export, importation = case.steps

    await journey.commit(carnet, validation)
    assert (await journey.status("883", validation.at)).outstanding == {}
    await journey.commit(carnet, export)
    assert (await journey.status("883", export.at)).outstanding == {"exported": "1-20"}
    await journey.commit(carnet, importation)

    last_minute = await journey.status("883", utc(3, 21, 59))
    assert (last_minute.status, last_minute.outstanding) == ("n/a", {"exported": "1-20", "admitted:EU": "1-20"})
    midnight = await journey.status("883", utc(3, 22, 0))
    assert (midnight.status, midnight.outstanding) == ("to_check", {"exported": "1-20", "admitted:EU": "1-20"})


async def test_884_partial_return_leaves_11_to_20_outstanding_at_each_step(journey: Journey) -> None:
    case = BY_ID["884"]
    carnet = journey.carnet(case)
    expected_after_each = [
        {},
        {"exported": "1-20"},
        {"exported": "1-20", "admitted:EU": "1-20"},
        {"exported": "1-20", "admitted:EU": "11-20"},
        {"exported": "11-20", "admitted:EU": "11-20"},
    ]
    for step, expected in zip(case.steps, expected_after_each, strict=True):
        await journey.commit(carnet, step)
        view = await journey.status(case.carnet_id, step.at)
        assert (view.status, view.outstanding) == ("n/a", expected), step
    final = await journey.status(case.carnet_id, AFTER)
    assert (final.status, final.outstanding) == ("to_check", {"exported": "11-20", "admitted:EU": "11-20"})


async def test_cancelling_886s_reimportation_turns_it_to_check(journey: Journey) -> None:
    """The status is computed from committed transactions: a cancelled one no longer counts."""
    case = BY_ID["886"]
    carnet = journey.carnet(case)
    made = [await journey.commit(carnet, step) for step in case.steps]
    assert (await journey.status("886", AFTER)).status == "terminated"

    reimportation = made[-1]
    assert reimportation.type is T.REIMPORTATION
    cancelled = await journey.officer(CH).cancel(reimportation.transaction_id, CANCEL)
    assert cancelled.state is TransactionState.CANCELLED
    assert [t.state for t in history_of(journey.world, "886")][-1] is TransactionState.CANCELLED

    view = await journey.status("886", AFTER)
    assert (view.status, view.outstanding) == ("to_check", {"exported": "7-10"})


async def test_a_reexportation_after_expiry_still_counts(journey: Journey) -> None:
    """Re-exportation and re-importation are allowed after validity: 883 can still be cleared."""
    case = BY_ID["883"]
    carnet = await journey.run(case)
    assert (await journey.status("883", utc(5, 9))).status == "to_check"
    await journey.commit(carnet, Step(utc(5, 10), DE, T.REEXPORTATION, "1-20"))
    assert (await journey.status("883", utc(5, 11))).outstanding == {"exported": "1-20"}
    await journey.commit(carnet, Step(utc(5, 16), CH, T.REIMPORTATION, "1-20"))
    view = await journey.status("883", AFTER)
    assert (view.status, view.outstanding) == ("terminated", {})
