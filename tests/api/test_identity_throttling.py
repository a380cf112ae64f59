"""Failed sign-ins are throttled: an account name (existing or not, answered alike) is locked after five failures
for fifteen minutes; a client address is only slowed down. The counts are in the database, so that every process
of the central sees them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import httpx
import pytest

from reference_central.demo.identity import DEMO_PASSWORD
from reference_central.identity.passwords import CHEAP_PROFILE
from reference_central.identity.policy import IdentityPolicy
from reference_central.server import BackgroundCentral
from reference_central.service import Central
from reference_central.store import Store
from tests.api.helpers import assert_refused
from tests.api.identity_helpers import audit, client, complete, demo_code, signed_in, start, step_of
from tests.central_world import World

WRONG = "not the password at all"


def retry_after(response: httpx.Response) -> int:
    """The ``Retry-After`` of a throttled answer: whole seconds, more than none, also in the body."""
    error = assert_refused(response, 429, "too_many_attempts")
    header = response.headers["retry-after"]
    assert header.isdigit(), header
    assert int(header) > 0
    assert error["retry_after"] == int(header)
    return int(header)


@pytest.fixture
def clients(id_world: World) -> Iterator[dict[str, httpx.Client]]:
    """Clients from several loopback addresses: one per throttled party, so that no test's address is slowed by
    another's failures."""
    opened = {name: client(id_world, f"127.0.0.{n}") for n, name in enumerate(("real", "ghost", "post", "other"), 2)}
    yield opened
    for c in opened.values():
        c.close()


def test_five_failures_lock_a_name_existing_or_not_with_the_same_answers(
    id_world: World, clients: dict[str, httpx.Client]
) -> None:
    real, ghost = clients["real"], clients["ghost"]
    for attempt in range(5):  # the fifth failure locks
        answers = start(real, "officer.ch", WRONG), start(ghost, "officer.zz", WRONG)
        for answer in answers:
            assert_refused(answer, 401, "sign_in_failed")
        assert answers[0].content == answers[1].content, attempt
    # Locked: even the right password is refused, and a name no account has is answered the same way.
    locked = start(real, "officer.ch", DEMO_PASSWORD), start(ghost, "officer.zz", DEMO_PASSWORD)
    assert [retry_after(a) for a in locked] == [15 * 60, 15 * 60]
    assert locked[0].content == locked[1].content
    headers = [{k: v for k, v in a.headers.items() if k != "x-request-id"} for a in locked]  # each request's own name
    assert headers[0] == headers[1]

    id_world.clock.advance(timedelta(minutes=14, seconds=30))
    later = start(real, "officer.ch", DEMO_PASSWORD), start(ghost, "officer.zz", DEMO_PASSWORD)
    assert [retry_after(a) for a in later] == [30, 30]
    assert later[0].content == later[1].content
    # The lock lifts after fifteen minutes.
    id_world.clock.advance(timedelta(seconds=30))
    signed_in(id_world, real, "officer.ch")
    assert_refused(start(ghost, "officer.zz", DEMO_PASSWORD), 401, "sign_in_failed")


def test_the_lock_holds_the_account_whatever_name_it_is_typed_as(
    id_world: World, clients: dict[str, httpx.Client]
) -> None:
    real = clients["real"]
    for typed in ("officer.ch", "OFFICER.CH", "officer.ch@training.invalid", " officer.ch ", "Officer.Ch"):
        assert_refused(start(real, typed, WRONG), 401, "sign_in_failed")
    assert retry_after(start(real, "officer.ch", DEMO_PASSWORD)) == 15 * 60
    # Typed by its e-mail address, the locked account's password is not even checked: it fails as a wrong one
    # does (a 429 would tell whose address this is), and that failure does not lift the lock.
    id_world.clock.advance(timedelta(minutes=1))
    assert_refused(start(real, "officer.ch@training.invalid", DEMO_PASSWORD), 401, "sign_in_failed")
    assert retry_after(start(real, "officer.ch", DEMO_PASSWORD)) == 14 * 60
    for _ in range(3):
        assert_refused(start(real, "officer.ch@training.invalid", DEMO_PASSWORD), 401, "sign_in_failed")
    # The address's own count then locks it too, as any name.
    assert retry_after(start(real, "officer.ch@training.invalid", DEMO_PASSWORD)) == 15 * 60
    id_world.clock.advance(timedelta(minutes=15))
    signed_in(id_world, real, "officer.ch")


def test_wrong_codes_count_towards_the_lock(id_world: World, clients: dict[str, httpx.Client]) -> None:
    real = clients["real"]
    first = step_of(start(real, "officer.ch", DEMO_PASSWORD)).challenge
    for wrong in ("000000", "111111", "222222"):  # the third drops the challenge
        assert_refused(complete(real, first, wrong), 401, "sign_in_failed")
    second = step_of(start(real, "officer.ch", DEMO_PASSWORD)).challenge
    assert_refused(complete(real, second, "333333"), 401, "sign_in_failed")
    assert_refused(complete(real, second, "444444"), 401, "sign_in_failed")  # the fifth failure locks
    retry_after(complete(real, second, demo_code(id_world, "officer.ch")))
    retry_after(start(real, "officer.ch", DEMO_PASSWORD))


def test_an_address_is_slowed_down_never_locked(id_world: World, clients: dict[str, httpx.Client]) -> None:
    post, other = clients["post"], clients["other"]
    for n in range(10):  # ten different names, none failing often enough to be locked itself
        assert_refused(start(post, f"typo.{n}", WRONG), 401, "sign_in_failed")
    waits = []
    for n in range(7):
        wait = retry_after(start(post, "officer.ch", DEMO_PASSWORD))
        waits.append(wait)
        assert wait <= 60
        # Another address is not slowed at all.
        assert_refused(start(other, f"elsewhere.{n}", WRONG), 401, "sign_in_failed")
        id_world.clock.advance(timedelta(seconds=wait - 1))
        assert retry_after(start(post, "officer.ch", DEMO_PASSWORD)) == 1
        id_world.clock.advance(timedelta(seconds=1))
        # Once the wait is over a colleague behind the same address signs in; a typo makes the next wait longer.
        if n == 3:
            signed_in(id_world, post, "manager.ch")
        assert_refused(start(post, f"again.{n}", WRONG), 401, "sign_in_failed")
    assert waits == [2, 4, 8, 16, 32, 60, 60]
    # The count is of the window: a quarter of an hour after the first failure the address starts afresh.
    id_world.clock.advance(timedelta(minutes=15))
    signed_in(id_world, post, "officer.ch")


def test_a_second_process_over_the_same_database_sees_the_lock(
    id_world: World, clients: dict[str, httpx.Client]
) -> None:
    store = Store(id_world.store.url.render_as_string(hide_password=False), key_file=id_world.store.key_file)
    second = BackgroundCentral(Central(store, id_world.clock, profile=CHEAP_PROFILE, policy=IdentityPolicy()))
    second.start()
    try:
        with httpx.Client(base_url=second.url, timeout=10.0) as other:
            for _ in range(5):
                assert_refused(start(clients["real"], "officer.ch", WRONG), 401, "sign_in_failed")
            assert retry_after(start(other, "officer.ch", DEMO_PASSWORD)) == 15 * 60
            # ...and a lock taken through the second is seen by the first.
            for _ in range(5):
                assert_refused(start(other, "controller.ch", WRONG), 401, "sign_in_failed")
            assert retry_after(start(clients["ghost"], "controller.ch", DEMO_PASSWORD)) == 15 * 60
    finally:
        second.stop()
        store.close()


def test_failures_and_the_lock_are_lines_of_the_audit_trail(
    id_world: World, clients: dict[str, httpx.Client]
) -> None:
    for _ in range(5):
        start(clients["real"], "officer.ch", WRONG)
        start(clients["ghost"], "officer.zz", WRONG)
    controller = audit(clients["other"], id_world.tokens["controller.ch"], account_id="officer.ch")
    assert [x.action.value for x in controller] == ["sign_in_failed"] * 5 + ["locked_out"]
    assert {x.reason for x in controller[:5]} == {"wrong password from 127.0.0.2"}
    assert controller[-1].reason == "15 min"
    # A name no account has is a line of no region: the admin reads it, a controller does not.
    everything = audit(clients["other"], id_world.tokens["controller.ch"])
    assert "officer.zz" not in {x.account_id for x in everything}
    ghost = [x for x in audit(clients["other"], id_world.tokens["admin"]) if x.account_id == "officer.zz"]
    assert [x.action.value for x in ghost] == ["sign_in_failed"] * 5 + ["locked_out"]
    assert {(x.region_id, x.reason) for x in ghost[:5]} == {("", "unknown account from 127.0.0.3")}
