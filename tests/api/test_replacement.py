"""A replacement carnet's home steps against the real central (guide line 2790): home customs validate and
export the replacement, and re-import the original, "before the expiration of validity of the original
carnet". On the original's last valid day it is allowed, at the office's midnight it is refused, and an offline
commit made before that midnight still counts (rules are judged at the transaction's own time).

Genève Aéroport works in Europe/Zurich: in summer its midnight is 22:00 UTC.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from carnet_domain.carnet import OrderType
from carnet_domain.transaction_types import TransactionType as T
from central_client.http import HttpCentral
from central_contract.models import CommitRequest
from tests.api.helpers import fresh_code, history_of, refused
from tests.api.test_commit import commit, new_key, request
from tests.central_world import World, make_carnet

ORIGINAL_UNTIL = date(2026, 6, 30)
LAST_MINUTE = datetime(2026, 6, 30, 21, 59, tzinfo=UTC)
"""23:59 on 30 June in Genève: the original's last valid minute."""
AFTER_MIDNIGHT = datetime(2026, 6, 30, 22, 1, tzinfo=UTC)
"""00:01 on 1 July in Genève, still 30 June in UTC."""


def step(world: World, carnet_id: str, kind: T, declared: str = "1-20") -> CommitRequest:
    code = fresh_code()
    carnet = make_carnet(carnet_id, "X")  # only its ID is used by declare
    world.declare(carnet, kind, code, declared)
    return request(carnet, code, kind, declared)


async def pair(world: World, ch: HttpCentral) -> None:
    """The original, validated and exported at Genève in January, and its replacement, issued on 1 June."""
    original = world.add_carnet(make_carnet("7801", "CHORIG7801", valid_until=ORIGINAL_UNTIL, replaced_by="7802"))
    world.add_carnet(make_carnet("7802", "CHREPL7802", issue=date(2026, 6, 1), valid_until=date(2027, 5, 31),
                                 order_type=OrderType.REPLACEMENT, replaces="7801"))
    world.clock.set(datetime(2026, 1, 5, 9, tzinfo=UTC))
    await commit(world, ch, original, T.VALIDATION)
    await commit(world, ch, original, T.EXPORTATION, "1-20")


async def test_the_home_steps_of_a_replacement_by_the_originals_last_valid_day(
    world: World, close_clients: None,
) -> None:
    ch = world.client("officer.ch")
    await pair(world, ch)

    world.clock.set(LAST_MINUTE)
    validation = step(world, "7802", T.VALIDATION, "")
    seen = await ch.lookup("7802", validation.transaction_code)
    assert (seen.replaces_valid_until, seen.office_date) == (ORIGINAL_UNTIL, ORIGINAL_UNTIL)
    made = (await ch.commit(validation, new_key())).transaction
    assert made.local_date == ORIGINAL_UNTIL

    world.clock.set(AFTER_MIDNIGHT)
    exportation = step(world, "7802", T.EXPORTATION)
    late = await refused(ch.commit(exportation, new_key()), "replacement_after_original_expiry")
    assert late.detail == "2026-06-30"
    assert late.extra["refusals"] == [{"code": "replacement_after_original_expiry", "detail": "2026-06-30"}]
    reimport = step(world, "7801", T.REIMPORTATION)
    assert (await refused(ch.commit(reimport, new_key()), "replacement_after_original_expiry")).detail == \
        "2026-06-30"
    assert [t.type for t in history_of(world, "7802")] == [T.VALIDATION]

    # Made offline at 23:59 in Genève and sent after midnight: judged on the day it was made.
    for late_request in (exportation, reimport):
        offline = late_request.model_copy(update={"occurred_at": LAST_MINUTE})
        assert (await ch.commit(offline, new_key())).transaction.local_date == ORIGINAL_UNTIL
    assert [t.type for t in history_of(world, "7802")] == [T.VALIDATION, T.EXPORTATION]
    assert history_of(world, "7801")[-1].type is T.REIMPORTATION


async def test_an_original_without_a_replacement_is_still_re_imported_after_its_expiry(
    world: World, close_clients: None,
) -> None:
    ch = world.client("officer.ch")
    carnet = world.add_carnet(make_carnet("7803", "CHTA7803", valid_until=ORIGINAL_UNTIL))
    world.clock.set(datetime(2026, 1, 5, 9, tzinfo=UTC))
    await commit(world, ch, carnet, T.VALIDATION)
    await commit(world, ch, carnet, T.EXPORTATION, "1-20")
    world.clock.set(AFTER_MIDNIGHT)
    made = (await commit(world, ch, carnet, T.REIMPORTATION, "1-20")).transaction
    assert made.local_date == date(2026, 7, 1)
