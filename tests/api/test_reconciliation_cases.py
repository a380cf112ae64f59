"""The guide's four worked reconciliation cases (carnets 883-886), computed by the central from transactions
committed through the HTTP API at the times the clock is set to, and read back by a controller.

Every carnet is Swiss (home territory CH, Box P includes the EU), lists 20 items and was issued on
2 June 2021. The Swiss officer works at Genève Aéroport (Europe/Zurich), the German one at München
(Europe/Berlin); commits carry no ``occurred_at``, so each happens at the central's clock.
"""

from __future__ import annotations

import pytest

from carnet_domain.transaction import TransactionState
from carnet_domain.transaction_types import TransactionType as T
from central_contract.models import ReconciliationView
from tests.api.helpers import (
    AFTER,
    BY_ID,
    CANCEL,
    CASES,
    CH,
    DE,
    OFFICE,
    Case,
    Journey,
    Step,
    history_of,
    utc,
)


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
    await journey.run_all()
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
