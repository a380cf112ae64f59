"""The statistics (guide lines 2813-2821) through the real HTTP API: committed transactions per type, per office and
per month (the office's month, in its time zone), active holds and the carnets to check with their value, each within
the caller's scope; counted when transactions are committed and cancelled, and the same when made again from the
records."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import httpx

from carnet_domain.transaction_types import TransactionType as T
from central_contract.models import Statistics
from reference_central import carnet_summaries, records
from tests.api.helpers import assert_refused, fresh_code
from tests.api.test_commit import CANCEL, commit, new_carnet
from tests.central_world import World, make_carnet
from tests.unit.domain_factories import tx

NOW = datetime(2026, 6, 15, 10, 0, tzinfo=UTC)


def stats(world: World, account: str, **params: int) -> Statistics:
    response = httpx.get(f"{world.url}/v1/statistics", params=params,
                         headers={"Authorization": f"Bearer {world.token(account)}"})
    assert response.status_code == 200, response.text
    return Statistics.model_validate_json(response.content)


def months_of(got: Statistics) -> dict[str, dict[str, int]]:
    return {m.month: m.by_type for m in got.by_month if m.by_type}


async def test_counts_per_type_month_and_office_follow_commits_and_cancellations(world: World,
                                                                                close_clients: None) -> None:
    ch = world.client("officer.ch")
    carnet = new_carnet(world)
    # 23:30 UTC on 31 January is 00:30 on 1 February at Genève: February's, at the office.
    world.clock.set(datetime(2026, 1, 31, 23, 30, tzinfo=UTC))
    await commit(world, ch, carnet, T.VALIDATION)
    world.clock.set(datetime(2026, 1, 31, 22, 30, tzinfo=UTC))  # 23:30 at Genève: still January
    other = new_carnet(world)
    await commit(world, ch, other, T.VALIDATION)
    world.clock.set(datetime(2026, 6, 3, 8, 0, tzinfo=UTC))
    code = fresh_code()
    world.declare(carnet, T.EXPORTATION, code, "1-20")
    exported = (await commit(world, ch, carnet, T.EXPORTATION, "1-20", code=code)).transaction
    again = fresh_code()
    world.declare(other, T.EXPORTATION, again, "1-5")
    cancelled = (await commit(world, ch, other, T.EXPORTATION, "1-5", code=again)).transaction
    await ch.cancel(cancelled.transaction_id, CANCEL)
    world.clock.set(NOW)

    got = stats(world, "manager.ch")
    assert got.by_type == {"validation": 2, "exportation": 1}
    assert months_of(got) == {"2026-01": {"validation": 1}, "2026-02": {"validation": 1},
                              "2026-06": {"exportation": 1}}
    assert [m.month for m in got.by_month] == [f"2025-{m:02d}" for m in range(7, 13)] + [
        f"2026-{m:02d}" for m in range(1, 7)]
    assert {o.office_id: o.committed for o in got.by_office} == {"gva-airport": 3, "bardonnex": 0}
    assert got.as_of == date(2026, 6, 15)
    assert [m.month for m in stats(world, "manager.ch", months=3).by_month] == ["2026-04", "2026-05", "2026-06"]
    assert exported.office_id == "gva-airport"

    with world.store.transaction() as db:  # made again from the records: the same counts
        carnet_summaries.rebuild(db)
    rebuilt = stats(world, "manager.ch")
    assert (months_of(rebuilt), rebuilt.by_type, rebuilt.by_office) == (months_of(got), got.by_type, got.by_office)


async def test_each_role_counts_its_region_and_an_admin_everything(world: World, close_clients: None) -> None:
    ch = world.client("officer.ch")
    await commit(world, ch, new_carnet(world), T.VALIDATION)
    basel = make_carnet("9501", "CHTA00009501")
    world.add_carnet(basel)
    with world.store.transaction() as db:  # a transaction at Basel, in another region
        records.put_transaction(db, tx(T.VALIDATION, "CH", date(2026, 6, 1), of=basel).model_copy(
            update={"office_id": "basel-rhein", "office_name": "Basel Rheinhafen"}))

    for account in ("controller.ch", "manager.ch"):
        got = stats(world, account)
        assert got.scope == "ch-geneve"
        assert got.by_type == {"validation": 1}
        assert {o.office_id for o in got.by_office} == {"gva-airport", "bardonnex"}
        assert months_of(got) == {"2026-06": {"validation": 1}}
    everything = stats(world, "admin")
    assert everything.scope == "all"
    assert everything.by_type == {"validation": 2}
    assert {o.office_id: o.committed for o in everything.by_office if o.committed} == {
        "gva-airport": 1, "basel-rhein": 1}
    paris = stats(world, "controller.fr")
    assert (paris.by_type, months_of(paris)) == ({}, {})

    refused = httpx.get(f"{world.url}/v1/statistics", headers={"Authorization": f"Bearer {world.token()}"})
    assert_refused(refused, 403, "forbidden")
    too_long = httpx.get(f"{world.url}/v1/statistics", params={"months": 25},
                         headers={"Authorization": f"Bearer {world.token('admin')}"})
    assert too_long.status_code == 422


async def test_carnets_to_check_are_counted_with_their_value_per_currency(world: World,
                                                                         close_clients: None) -> None:
    ch = world.client("officer.ch")
    expiring = world.add_carnet(make_carnet("9601", "CHTA00009601", valid_until=date(2026, 6, 1)))
    world.clock.set(datetime(2026, 5, 10, 9, 0, tzinfo=UTC))
    await commit(world, ch, expiring, T.VALIDATION)
    code = fresh_code()
    world.declare(expiring, T.EXPORTATION, code, "1-20")
    await commit(world, ch, expiring, T.EXPORTATION, "1-20", code=code)  # never re-imported
    euros = world.add_carnet(make_carnet("9602", "CHTA00009602", valid_until=date(2026, 6, 1), items=3,
                                         currency="EUR"))
    await commit(world, ch, euros, T.VALIDATION)
    code = fresh_code()
    world.declare(euros, T.EXPORTATION, code, "1-3")
    await commit(world, ch, euros, T.EXPORTATION, "1-3", code=code)
    still_valid = new_carnet(world)  # valid until the end of the year: not to check yet
    await commit(world, ch, still_valid, T.VALIDATION)
    code = fresh_code()
    world.declare(still_valid, T.EXPORTATION, code, "1-20")
    await commit(world, ch, still_valid, T.EXPORTATION, "1-20", code=code)

    world.clock.set(datetime(2026, 5, 31, 12, 0, tzinfo=UTC))  # valid until 1 June, included
    assert stats(world, "controller.ch").to_check == []
    world.clock.set(NOW)
    got = stats(world, "controller.ch")
    assert [(t.currency, t.carnets, t.total_value) for t in got.to_check] == [
        ("CHF", 1, Decimal("2000.00")), ("EUR", 1, Decimal("300.00"))]
    assert [(t.currency, t.carnets) for t in stats(world, "admin").to_check] == [("CHF", 1), ("EUR", 1)]
    assert stats(world, "controller.fr").to_check == []
