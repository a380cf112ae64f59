"""Committing through the real HTTP API: idempotency, single-use codes, cancellation, validity and warnings.

Every test runs against the reference central on 127.0.0.1 (an ephemeral port, a real SQLite file) and
reads back what the central recorded, through the API and through the store.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import threading
import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx

from carnet_domain.carnet import Carnet
from carnet_domain.refusals import WarningCode
from carnet_domain.transaction import CustomsEntries, GoodsDeclaration, Transaction, TransactionState
from carnet_domain.transaction_types import TransactionType as T
from central_client.errors import CentralRefused
from central_client.http import HttpCentral
from central_contract.models import CommitRequest, CommitResponse
from tests.api.helpers import fresh_code, history_of, refused
from tests.central_world import World, make_carnet

NOW = datetime(2026, 6, 15, 10, 0, tzinfo=UTC)
CANCEL = "CANCEL" + "B" * 6
"""The cancellation code :meth:`World.declare` gives every declaration."""

_carnet_serial = itertools.count(1)



def new_key() -> str:
    return str(uuid.uuid4())


def new_carnet(world: World, **extra: Any) -> Carnet:
    n = next(_carnet_serial)
    return world.add_carnet(make_carnet(str(7000 + n), f"CH-T{n:04d}", **extra))


def request(
    carnet: Carnet, code: str, kind: T, declared: str = "", *, office_id: str | None = None,
    occurred_at: datetime | None = None, confirmed: Sequence[WarningCode] = (),
    customs: CustomsEntries | None = None,
) -> CommitRequest:
    return CommitRequest(
        carnet_id=carnet.carnet_id, transaction_code=code, type=kind, office_id=office_id,
        goods=GoodsDeclaration(declared_goods=declared), customs=customs or CustomsEntries(),
        occurred_at=occurred_at, confirmed_warnings=list(confirmed),
    )


async def commit(
    world: World, client: HttpCentral, carnet: Carnet, kind: T, declared: str = "", *,
    code: str | None = None, key: str | None = None, **options: Any,
) -> CommitResponse:
    """Declare ``kind`` (unless ``code`` is an existing declaration) and commit it."""
    if code is None:
        code = fresh_code()
        world.declare(carnet, kind, code, declared)
    return await client.commit(request(carnet, code, kind, declared, **options), key or new_key())






def idempotency_rows(world: World, key: str) -> int:
    """How many accounts the central keeps ``key`` for."""
    with world.store.transaction() as db:
        return sum(1 for row in db.execute("SELECT key FROM idempotency") if row["key"].split("\n", 1)[-1] == key)


async def validated(world: World, client: HttpCentral, carnet: Carnet) -> Transaction:
    """The carnet validated by ``client`` at its own office."""
    return (await commit(world, client, carnet, T.VALIDATION)).transaction


async def exported(world: World, client: HttpCentral, carnet: Carnet, declared: str = "1-20") -> Transaction:
    await validated(world, client, carnet)
    return (await commit(world, client, carnet, T.EXPORTATION, declared)).transaction


# --- idempotency ---------------------------------------------------------------------------------------


async def test_same_key_and_body_twice_records_one_transaction(world: World, close_clients: None) -> None:
    ch = world.client("officer.ch")
    carnet = new_carnet(world)
    await validated(world, ch, carnet)
    code = fresh_code()
    world.declare(carnet, T.EXPORTATION, code, "1-20")
    body = request(carnet, code, T.EXPORTATION, "1-20")
    key = new_key()

    first = await ch.commit(body, key)
    world.clock.advance(timedelta(minutes=30))  # the retry arrives later: it must not be re-evaluated
    second = await ch.commit(body, key)

    assert second == first
    assert second.transaction.transaction_id == first.transaction.transaction_id
    assert second.transaction.verification_code == first.transaction.verification_code
    assert second.transaction.recorded_at == NOW
    # The same request written differently (field order, defaults, an unnormalised item range) is the same body.
    reordered = json.dumps({
        "type": "exportation", "goods": {"declared_goods": "1-5, 6-20"}, "confirmed_warnings": [],
        "transaction_code": code, "eu_step": None, "carnet_id": carnet.carnet_id,
    })
    async with httpx.AsyncClient(
        base_url=world.url, headers={"Authorization": f"Bearer {world.tokens['officer.ch']}"}
    ) as raw:
        response = await raw.post(
            "/v1/transactions", content=reordered,
            headers={"Content-Type": "application/json", "Idempotency-Key": key},
        )
    assert response.status_code == 201, response.text
    assert CommitResponse.model_validate_json(response.content) == first

    page = await ch.last_transactions()
    mine = [t for t in page.items if t.transaction_code == code]
    assert [t.transaction_id for t in mine] == [first.transaction.transaction_id]
    assert page.total == 2  # the validation and this one exportation
    exports = [t for t in history_of(world, carnet) if t.transaction_code == code]
    assert len(exports) == 1
    assert exports[0].verification_code == first.transaction.verification_code
    assert exports[0].state is TransactionState.COMMITTED
    assert idempotency_rows(world, key) == 1


async def test_same_key_from_two_concurrent_clients_records_one_transaction(
    world: World, close_clients: None
) -> None:
    carnet = new_carnet(world)
    await validated(world, world.client("officer.ch"), carnet)
    one, two = world.client("officer.ch"), world.client("officer.ch")
    for _ in range(5):
        code = fresh_code()
        world.declare(carnet, T.EXPORTATION, code, "1-20")
        body, key = request(carnet, code, T.EXPORTATION, "1-20"), new_key()

        a, b = await asyncio.gather(one.commit(body, key), two.commit(body, key))

        assert a == b
        recorded = [t for t in history_of(world, carnet) if t.transaction_code == code]
        assert [t.transaction_id for t in recorded] == [a.transaction.transaction_id]
        assert recorded[0].verification_code == a.transaction.verification_code
        assert idempotency_rows(world, key) == 1
    assert (await one.last_transactions(limit=100)).total == 6


async def race(
    world: World, body: CommitRequest, key: str, barrier: threading.Barrier
) -> CommitResponse | BaseException:
    """One workstation thread's commit, started at the same moment as the other's."""
    client = HttpCentral(world.url, world.tokens["officer.ch"])
    try:
        await client.me()  # the connection is open before the race starts
        barrier.wait(timeout=10)
        return await client.commit(body, key)
    except Exception as exc:  # reported to the main thread, not lost in this one
        return exc
    finally:
        await client.aclose()


def test_same_key_from_two_threads_with_their_own_event_loops(world: World) -> None:
    carnet = new_carnet(world)

    async def validate() -> None:
        client = HttpCentral(world.url, world.tokens["officer.ch"])
        try:
            await validated(world, client, carnet)
        finally:
            await client.aclose()

    asyncio.run(validate())
    for _ in range(3):
        code = fresh_code()
        world.declare(carnet, T.EXPORTATION, code, "1-20")
        body, key = request(carnet, code, T.EXPORTATION, "1-20"), new_key()
        barrier = threading.Barrier(2)
        results: list[CommitResponse | BaseException | None] = [None, None]

        def run(slot: int, body: CommitRequest = body, key: str = key, barrier: threading.Barrier = barrier,
                results: list[CommitResponse | BaseException | None] = results) -> None:
            results[slot] = asyncio.run(race(world, body, key, barrier))

        threads = [threading.Thread(target=run, args=(slot,)) for slot in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)

        first, second = results
        assert isinstance(first, CommitResponse), first
        assert isinstance(second, CommitResponse), second
        assert first == second
        recorded = [t for t in history_of(world, carnet) if t.transaction_code == code]
        assert [t.transaction_id for t in recorded] == [first.transaction.transaction_id]
        assert idempotency_rows(world, key) == 1


async def test_two_keys_for_one_code_at_once_only_one_commits(world: World, close_clients: None) -> None:
    carnet = new_carnet(world)
    await validated(world, world.client("officer.ch"), carnet)
    one, two = world.client("officer.ch"), world.client("officer.ch")
    for _ in range(5):
        code = fresh_code()
        world.declare(carnet, T.EXPORTATION, code, "1-20")
        body = request(carnet, code, T.EXPORTATION, "1-20")

        outcomes = await asyncio.gather(
            one.commit(body, new_key()), two.commit(body, new_key()), return_exceptions=True
        )

        won = [o for o in outcomes if isinstance(o, CommitResponse)]
        lost = [o for o in outcomes if isinstance(o, CentralRefused)]
        assert len(won) == 1, outcomes
        assert len(lost) == 1, outcomes
        assert lost[0].code == "code_used"
        assert lost[0].status == 409
        assert lost[0].detail == won[0].transaction.transaction_id
        recorded = [t for t in history_of(world, carnet) if t.transaction_code == code]
        assert [t.transaction_id for t in recorded] == [won[0].transaction.transaction_id]


async def test_same_key_with_another_body_is_refused(world: World, close_clients: None) -> None:
    ch = world.client("officer.ch")
    carnet = new_carnet(world)
    await validated(world, ch, carnet)
    code = fresh_code()
    world.declare(carnet, T.EXPORTATION, code, "1-20")
    key = new_key()
    first = await ch.commit(request(carnet, code, T.EXPORTATION, "1-20"), key)

    reused = await refused(ch.commit(request(carnet, code, T.EXPORTATION, "1-10"), key), "idempotency_key_reused")
    assert reused.status == 409
    assert reused.permanent
    other_code = fresh_code()
    world.declare(carnet, T.EXPORTATION, other_code, "1-20")
    await refused(ch.commit(request(carnet, other_code, T.EXPORTATION, "1-20"), key), "idempotency_key_reused")
    # Another account sending the very same body under the key is not given the first account's answer: its
    # request is its own, judged on its merits (the code is spent).
    admin = world.client("admin")
    await refused(admin.commit(request(carnet, code, T.EXPORTATION, "1-20"), key), "code_used")

    recorded = [t for t in history_of(world, carnet) if t.type is T.EXPORTATION]
    assert [t.transaction_id for t in recorded] == [first.transaction.transaction_id]
    assert recorded[0].goods.declared_goods == "1-20"
    assert idempotency_rows(world, key) == 1


async def test_missing_idempotency_key_is_refused(world: World, close_clients: None) -> None:
    ch = world.client("officer.ch")
    carnet = new_carnet(world)
    await validated(world, ch, carnet)
    code = fresh_code()
    world.declare(carnet, T.EXPORTATION, code, "1-20")
    body = request(carnet, code, T.EXPORTATION, "1-20")

    missing = await refused(ch.commit(body, ""), "idempotency_key_missing")
    assert missing.status == 400
    async with httpx.AsyncClient(
        base_url=world.url, headers={"Authorization": f"Bearer {world.tokens['officer.ch']}"}
    ) as raw:
        response = await raw.post(
            "/v1/transactions", content=body.model_dump_json(), headers={"Content-Type": "application/json"}
        )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "idempotency_key_missing"
    assert error["permanent"] is True

    assert [t.type for t in history_of(world, carnet)] == [T.VALIDATION]
    assert (await ch.lookup(carnet.number, code)).declaration.transaction_code == code  # still unused


# --- single use, cancellation and redo -----------------------------------------------------------------


async def test_code_is_single_use_until_cancelled(world: World, close_clients: None) -> None:
    ch = world.client("officer.ch")
    carnet = new_carnet(world)
    await validated(world, ch, carnet)
    code = fresh_code()
    world.declare(carnet, T.EXPORTATION, code, "1-20")
    first = (await commit(world, ch, carnet, T.EXPORTATION, "1-20", code=code)).transaction

    used = await refused(commit(world, ch, carnet, T.EXPORTATION, "1-20", code=code), "code_used")
    assert used.status == 409
    assert used.permanent
    assert used.detail == first.transaction_id
    looked = await refused(ch.lookup(carnet.number, code), "code_used")
    assert looked.detail == first.transaction_id
    assert [t.transaction_id for t in history_of(world, carnet) if t.transaction_code == code] == [first.transaction_id]

    wrong = await refused(ch.cancel(first.transaction_id, "WRONGBBBBBBB"), "wrong_cancellation_code")
    assert wrong.status == 403
    assert [t.state for t in history_of(world, carnet) if t.transaction_code == code] == [TransactionState.COMMITTED]

    # Only the customs of the territory it was made in cancel it, whatever the role.
    for elsewhere in (world.client("officer.fr"), world.client("admin", "cdg")):
        other = await refused(elsewhere.cancel(first.transaction_id, CANCEL), "other_territory")
        assert other.status == 403
    world.clock.advance(timedelta(minutes=3))
    cancelled = await ch.cancel(first.transaction_id, f" {CANCEL.lower()} ")
    assert cancelled.state is TransactionState.CANCELLED
    assert cancelled.cancelled_by == "officer.ch"
    assert cancelled.cancelled_at == NOW + timedelta(minutes=3)
    again = await refused(ch.cancel(first.transaction_id, CANCEL), "already_cancelled")
    assert again.status == 409
    [after_cancel] = [t for t in history_of(world, carnet) if t.transaction_code == code]
    assert after_cancel.state is TransactionState.CANCELLED
    assert after_cancel.cancelled_at == NOW + timedelta(minutes=3)
    assert after_cancel.verification_code == first.verification_code

    lookup = await ch.lookup(carnet.number, code)  # the code works again
    assert [(t.transaction_id, t.state) for t in lookup.history if t.transaction_code == code] == [
        (first.transaction_id, TransactionState.CANCELLED)
    ]
    redo = (await commit(world, ch, carnet, T.EXPORTATION, "1-15", code=code)).transaction
    assert redo.transaction_id != first.transaction_id
    assert redo.verification_code != first.verification_code
    assert [(t.transaction_id, t.state, t.goods.declared_goods)
            for t in history_of(world, carnet) if t.transaction_code == code] == [
        (first.transaction_id, TransactionState.CANCELLED, "1-20"),
        (redo.transaction_id, TransactionState.COMMITTED, "1-15"),
    ]
    page = await ch.last_transactions()
    assert [t.transaction_id for t in page.items[:2]] == [redo.transaction_id, first.transaction_id]
    used_again = await refused(commit(world, ch, carnet, T.EXPORTATION, "1-20", code=code), "code_used")
    assert used_again.detail == redo.transaction_id


async def test_cancel_unknown_transaction(world: World, close_clients: None) -> None:
    await refused(world.client("officer.ch").cancel("999999", CANCEL), "unknown_transaction")


# --- the rules through the API ---------------------------------------------------------------------------


async def test_only_a_validation_before_the_carnet_is_validated(world: World, close_clients: None) -> None:
    ch, fr = world.client("officer.ch"), world.client("officer.fr")
    carnet = new_carnet(world)
    export_code = fresh_code()
    world.declare(carnet, T.EXPORTATION, export_code, "1-20")
    assert (await ch.lookup(carnet.number, export_code)).validated is False

    not_yet = await refused(commit(world, ch, carnet, T.EXPORTATION, "1-20", code=export_code), "not_validated")
    assert not_yet.permanent
    refusals = not_yet.extra["refusals"]
    assert isinstance(refusals, list)
    assert {"code": "not_validated", "detail": ""} in refusals
    await refused(commit(world, fr, carnet, T.IMPORTATION, "1-20"), "not_validated")
    assert history_of(world, carnet) == []

    validation = (await commit(world, ch, carnet, T.VALIDATION)).transaction
    assert validation.goods.declared_goods == "1-20"  # a validation covers the whole general list
    assert (await ch.lookup(carnet.number, export_code)).validated is True
    await refused(commit(world, ch, carnet, T.VALIDATION), "already_validated")
    export = (await commit(world, ch, carnet, T.EXPORTATION, "1-20", code=export_code)).transaction
    assert [(t.transaction_id, t.type) for t in history_of(world, carnet)] == [
        (validation.transaction_id, T.VALIDATION), (export.transaction_id, T.EXPORTATION)
    ]


async def test_expired_carnet_refuses_importation_but_accepts_reexportation(
    world: World, close_clients: None
) -> None:
    ch, fr = world.client("officer.ch"), world.client("officer.fr")
    carnet = new_carnet(world, valid_until=date(2026, 6, 20))
    await exported(world, ch, carnet)
    await commit(world, fr, carnet, T.IMPORTATION, "1-10")
    world.clock.set(datetime(2026, 6, 22, 10, 0, tzinfo=UTC))

    late_import = fresh_code()
    world.declare(carnet, T.IMPORTATION, late_import, "11-20")
    assert (await fr.lookup(carnet.number, late_import)).expired is True
    expired = await refused(
        commit(world, fr, carnet, T.IMPORTATION, "11-20", code=late_import), "carnet_expired"
    )
    assert expired.detail == "2026-06-20"
    assert expired.permanent
    reexport = (await commit(world, fr, carnet, T.REEXPORTATION, "1-10")).transaction
    assert reexport.local_date == date(2026, 6, 22)

    recorded = history_of(world, carnet)
    assert [t.type for t in recorded] == [T.VALIDATION, T.EXPORTATION, T.IMPORTATION, T.REEXPORTATION]
    assert all(t.transaction_code != late_import for t in recorded)
    assert recorded[-1].transaction_id == reexport.transaction_id


async def test_offline_commit_made_before_expiry_is_accepted_after_it(world: World, close_clients: None) -> None:
    ch, fr = world.client("officer.ch"), world.client("officer.fr")
    carnet = new_carnet(world, valid_until=date(2026, 6, 20))
    await exported(world, ch, carnet)
    arrived = datetime(2026, 6, 22, 8, 0, tzinfo=UTC)
    world.clock.set(arrived)

    # 23:30 in Paris on the last day of validity, sent two days later
    offline = datetime(2026, 6, 20, 21, 30, tzinfo=UTC)
    made = (await commit(world, fr, carnet, T.IMPORTATION, "1-10", occurred_at=offline)).transaction
    assert made.local_date == date(2026, 6, 20)
    # 00:30 in Paris the next day: already expired there although it is still 20 June in UTC
    too_late = datetime(2026, 6, 20, 22, 30, tzinfo=UTC)
    await refused(commit(world, fr, carnet, T.IMPORTATION, "11-20", occurred_at=too_late), "carnet_expired")

    [recorded] = [t for t in history_of(world, carnet) if t.type is T.IMPORTATION]
    assert recorded.transaction_id == made.transaction_id
    assert recorded.local_date == date(2026, 6, 20)
    assert recorded.occurred_at == offline
    assert recorded.recorded_at == arrived
    assert recorded.customs.final_date == date(2026, 6, 20)


async def test_commit_time_too_far_from_the_central_clock(world: World, close_clients: None) -> None:
    ch = world.client("officer.ch")
    carnet = new_carnet(world)
    await refused(
        commit(world, ch, carnet, T.VALIDATION, occurred_at=NOW + timedelta(minutes=5, seconds=1)), "clock_skew"
    )
    await refused(commit(world, ch, carnet, T.VALIDATION, occurred_at=NOW - timedelta(days=14, seconds=1)),
                  "clock_skew")
    assert history_of(world, carnet) == []

    code = fresh_code()
    world.declare(carnet, T.VALIDATION, code)
    body = request(carnet, code, T.VALIDATION, occurred_at=NOW + timedelta(hours=1))
    async with httpx.AsyncClient(
        base_url=world.url, headers={"Authorization": f"Bearer {world.tokens['officer.ch']}"}
    ) as raw:
        response = await raw.post(
            "/v1/transactions", content=body.model_dump_json(),
            headers={"Content-Type": "application/json", "Idempotency-Key": new_key()},
        )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "clock_skew"
    assert error["permanent"] is True
    assert error["message"]
    assert error["detail"] == (NOW + timedelta(hours=1)).isoformat()

    # Within the limits both ways, the officer's own time is what the central records.
    early = NOW - timedelta(days=13, hours=23)
    validation = (await commit(world, ch, carnet, T.VALIDATION, code=code, occurred_at=early)).transaction
    ahead = NOW + timedelta(minutes=4, seconds=59)
    export = (await commit(world, ch, carnet, T.EXPORTATION, "1-20", occurred_at=ahead)).transaction
    assert [(t.transaction_id, t.occurred_at, t.recorded_at) for t in history_of(world, carnet)] == [
        (validation.transaction_id, early, NOW), (export.transaction_id, ahead, NOW)
    ]


async def test_reexporting_items_not_imported_needs_confirmation(world: World, close_clients: None) -> None:
    ch, fr = world.client("officer.ch"), world.client("officer.fr")
    carnet = new_carnet(world)
    await exported(world, ch, carnet)
    await commit(world, fr, carnet, T.IMPORTATION, "1-10")
    code = fresh_code()
    world.declare(carnet, T.REEXPORTATION, code, "1-15")
    key = new_key()

    warned = await refused(commit(world, fr, carnet, T.REEXPORTATION, "1-15", code=code, key=key),
                           "warnings_not_confirmed")
    assert warned.status == 409
    assert warned.permanent
    assert warned.extra["warnings"] == [{"code": "items_not_imported_here", "items": "11-15"}]
    assert [t.type for t in history_of(world, carnet)] == [T.VALIDATION, T.EXPORTATION, T.IMPORTATION]
    async with httpx.AsyncClient(
        base_url=world.url, headers={"Authorization": f"Bearer {world.tokens['officer.fr']}"}
    ) as raw:
        response = await raw.post(
            "/v1/transactions", content=request(carnet, code, T.REEXPORTATION, "1-15").model_dump_json(),
            headers={"Content-Type": "application/json", "Idempotency-Key": new_key()},
        )
    assert response.status_code == 409
    # Sending it again unchanged cannot help: an offline queue must put it before a person.
    assert response.json()["error"]["permanent"] is True

    # The refused attempt was not kept under its key: confirming under the same key goes through.
    done = await commit(world, fr, carnet, T.REEXPORTATION, "1-15", code=code, key=key,
                        confirmed=[WarningCode.ITEMS_NOT_IMPORTED_HERE])
    assert done.warnings_confirmed == [WarningCode.ITEMS_NOT_IMPORTED_HERE]
    recorded = history_of(world, carnet)[-1]
    assert recorded.transaction_id == done.transaction.transaction_id
    assert recorded.type is T.REEXPORTATION
    assert recorded.goods.declared_goods == "1-15"
    assert recorded.territory == "EU"
    assert recorded.confirmed_warnings == (WarningCode.ITEMS_NOT_IMPORTED_HERE,)


async def test_importation_with_a_blank_final_date_records_the_validity(
    world: World, close_clients: None
) -> None:
    ch, fr = world.client("officer.ch"), world.client("officer.fr")
    carnet = new_carnet(world, valid_until=date(2026, 11, 30))
    await exported(world, ch, carnet)

    blank = (await commit(world, fr, carnet, T.IMPORTATION, "1-5")).transaction
    assert blank.customs.final_date == date(2026, 11, 30)
    given = (await commit(world, fr, carnet, T.IMPORTATION, "6-10",
                          customs=CustomsEntries(final_date=date(2026, 9, 1)))).transaction
    assert given.customs.final_date == date(2026, 9, 1)
    await refused(commit(world, fr, carnet, T.IMPORTATION, "11-20",
                         customs=CustomsEntries(final_date=date(2026, 12, 1))), "final_date_invalid")
    await refused(commit(world, fr, carnet, T.IMPORTATION, "11-20",
                         customs=CustomsEntries(final_date=date(2026, 6, 14))), "final_date_invalid")

    imports = {t.transaction_id: t.customs.final_date for t in history_of(world, carnet) if t.type is T.IMPORTATION}
    assert imports == {blank.transaction_id: date(2026, 11, 30), given.transaction_id: date(2026, 9, 1)}
    page = await fr.last_transactions()
    assert {t.transaction_id: t.customs.final_date for t in page.items} == imports
    # An exportation's blank final date stays blank.
    assert next(t for t in history_of(world, carnet) if t.type is T.EXPORTATION).customs.final_date is None
