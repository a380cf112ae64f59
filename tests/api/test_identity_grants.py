"""Offline grants: a commit made at a registered workstation while the central was unreachable, sent later with the
officer's grant and the workstation's key, is recorded under that officer with no session, if it was made while
the grant held: after its issue, before its end, before the account was disabled and before the workstation was
revoked."""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest

from carnet_domain.transaction_types import TransactionType as T
from central_contract.identity import OfflineGrant
from tests.api.helpers import assert_refused, fresh_code, history_of
from tests.api.identity_helpers import audit, bearer, now_signed_in, signed_in
from tests.central_world import World, make_carnet

_carnets = itertools.count(700)


@dataclass
class Desk:
    key: str
    station: str
    grant: OfflineGrant
    session_token: str


@pytest.fixture
def desk(id_world: World, api: httpx.Client) -> Desk:
    """officer.ch signed in at a registered workstation of gva-airport, then signed out: only the grant is left."""
    manager = bearer(id_world.tokens["manager.ch"])
    made = api.post("/v1/workstations", json={"name": "Desk 1", "office_id": "gva-airport"}, headers=manager)
    assert made.status_code == 201, made.text
    key, station = made.json()["key"], made.json()["workstation"]["workstation_id"]
    session = signed_in(id_world, api, "officer.ch", workstation=key)
    assert session.offline is not None
    assert api.post("/v1/sign-out", headers=bearer(session.token)).status_code == 204
    return Desk(key, station, session.offline, session.token)


def offline_commit(
    id_world: World, api: httpx.Client, grant: str, key: str | None, occurred: datetime | None, **headers: str,
) -> httpx.Response:
    """A validation of a new carnet, made offline at ``occurred`` and sent now."""
    n = next(_carnets)
    carnet = id_world.add_carnet(make_carnet(str(n), f"CHTA{n:08d}"))
    code = fresh_code()
    id_world.declare(carnet, T.VALIDATION, code)
    body: dict[str, Any] = {"carnet_id": carnet.carnet_id, "transaction_code": code, "type": "validation"}
    if occurred is not None:
        body["occurred_at"] = occurred.isoformat()
    sent = {"Authorization": f"Offline {grant}", "Idempotency-Key": str(uuid.uuid4()), **headers}
    if key is not None:
        sent["X-Ecarnet-Workstation"] = key
    return api.post("/v1/transactions", json=body, headers=sent)


def test_a_commit_made_under_the_grant_is_recorded_under_its_officer(
    id_world: World, api: httpx.Client, desk: Desk
) -> None:
    made_at = desk.grant.issued_at + timedelta(days=2)
    id_world.clock.set(made_at + timedelta(days=3))  # sent three days later, nobody signed in
    response = offline_commit(id_world, api, desk.grant.grant, desk.key, made_at)
    assert response.status_code == 201, response.text
    transaction = response.json()["transaction"]
    assert (transaction["officer_id"], transaction["office_id"]) == ("officer.ch", "gva-airport")
    assert transaction["occurred_at"] == made_at.isoformat().replace("+00:00", "Z")
    assert history_of(id_world, transaction["carnet_id"])[0].officer_id == "officer.ch"
    line = audit(api, now_signed_in(id_world, "controller.ch"), account_id="officer.ch")[-1]
    assert (line.action.value, line.subject) == ("offline_commit", transaction["transaction_id"])
    assert f"at workstation {desk.station}" in line.reason


def test_only_the_workstation_it_was_issued_to_sends_under_a_grant(
    id_world: World, api: httpx.Client, desk: Desk
) -> None:
    other = api.post("/v1/workstations", json={"name": "Desk 2", "office_id": "gva-airport"},
                     headers=bearer(id_world.tokens["manager.ch"])).json()["key"]
    made_at = id_world.clock() + timedelta(hours=1)
    id_world.clock.advance(timedelta(hours=2))
    for key in (other, "ecw_made_up", None, ""):
        error = assert_refused(offline_commit(id_world, api, desk.grant.grant, key, made_at), 403,
                               "offline_grant_refused")
        assert "account_disabled" not in error
    assert_refused(offline_commit(id_world, api, "ecg_made_up", desk.key, made_at), 403, "offline_grant_refused")
    # A grant is no session: it opens nothing else.
    for method, path in (("GET", "/v1/me"), ("GET", "/v1/transactions"), ("POST", "/v1/sign-out")):
        response = api.request(method, path, headers={"Authorization": f"Offline {desk.grant.grant}",
                                                     "X-Ecarnet-Workstation": desk.key})
        assert_refused(response, 403, "token_scope")
    # ...and the ended session it came with stays ended.
    assert_refused(api.get("/v1/me", headers=bearer(desk.session_token)), 401, "session_expired")


@pytest.mark.parametrize(("made", "accepted"), [
    (timedelta(minutes=-10), False), (timedelta(minutes=-4), True), (timedelta(days=7, minutes=4), True),
    (timedelta(days=7, minutes=10), False),
], ids=["before-issue", "just-before-issue", "just-after-end", "after-end"])
def test_a_commit_counts_only_when_made_within_the_grant(
    id_world: World, api: httpx.Client, desk: Desk, made: timedelta, accepted: bool
) -> None:
    """Within the grant's time, five minutes either side for the clocks."""
    id_world.clock.set(desk.grant.issued_at + timedelta(days=8))
    response = offline_commit(id_world, api, desk.grant.grant, desk.key, desk.grant.issued_at + made)
    if accepted:
        assert response.status_code == 201, response.text
    else:
        assert "outside the grant's time" in assert_refused(response, 403, "offline_grant_refused")["detail"]


def test_a_commit_under_a_grant_says_when_it_was_made(id_world: World, api: httpx.Client, desk: Desk) -> None:
    assert_refused(offline_commit(id_world, api, desk.grant.grant, desk.key, None), 403, "offline_grant_refused")


def test_a_grant_is_too_old_fourteen_days_after_its_end(id_world: World, api: httpx.Client, desk: Desk) -> None:
    made_at = desk.grant.offline_until - timedelta(hours=1)
    id_world.clock.set(desk.grant.offline_until + timedelta(days=14, seconds=1))
    error = assert_refused(offline_commit(id_world, api, desk.grant.grant, desk.key, made_at),
                           403, "offline_grant_refused")
    assert error["detail"] == "the grant is too old to send commits under"


def test_a_disabled_accounts_commits_count_only_when_made_before(
    id_world: World, api: httpx.Client, desk: Desk
) -> None:
    before = id_world.clock() + timedelta(hours=1)
    id_world.clock.advance(timedelta(hours=2))
    manager = now_signed_in(id_world, "manager.ch")
    assert api.post("/v1/accounts/officer.ch/disable", json={"reason": "left"}, headers=manager).status_code == 200
    after = id_world.clock() + timedelta(hours=1)
    id_world.clock.advance(timedelta(hours=2))

    assert offline_commit(id_world, api, desk.grant.grant, desk.key, before).status_code == 201
    refused = offline_commit(id_world, api, desk.grant.grant, desk.key, after)
    error = assert_refused(refused, 403, "offline_grant_refused")
    assert error["account_disabled"] is True  # the workstation deletes that officer's password verifier
    # Enabled again, the grant stays revoked for what was made after the disable: no verifier to delete now.
    assert api.post("/v1/accounts/officer.ch/enable", headers=now_signed_in(id_world, "manager.ch")).status_code \
        == 200
    error = assert_refused(offline_commit(id_world, api, desk.grant.grant, desk.key, after),
                           403, "offline_grant_refused")
    assert "account_disabled" not in error


def test_a_revoked_workstations_commits_count_only_when_made_before(
    id_world: World, api: httpx.Client, desk: Desk
) -> None:
    before = id_world.clock() + timedelta(hours=1)
    id_world.clock.advance(timedelta(hours=2))
    revoked = api.post(f"/v1/workstations/{desk.station}/revoke", headers=now_signed_in(id_world, "admin"))
    assert revoked.status_code == 200, revoked.text
    after = id_world.clock() + timedelta(minutes=1)
    id_world.clock.advance(timedelta(hours=1))

    # The lost desk's key still sends what was made before it was lost...
    assert offline_commit(id_world, api, desk.grant.grant, desk.key, before).status_code == 201
    # ...and nothing made after.
    error = assert_refused(offline_commit(id_world, api, desk.grant.grant, desk.key, after),
                           403, "offline_grant_refused")
    assert "revoked" in error["detail"]
    assert "account_disabled" not in error


def test_a_commit_sent_twice_under_a_grant_is_recorded_once(id_world: World, api: httpx.Client, desk: Desk) -> None:
    made_at = id_world.clock() + timedelta(minutes=30)
    id_world.clock.advance(timedelta(hours=1))
    carnet = id_world.add_carnet(make_carnet("699", "CHTA00000699"))
    code = fresh_code()
    id_world.declare(carnet, T.VALIDATION, code)
    body = {"carnet_id": "699", "transaction_code": code, "type": "validation", "occurred_at": made_at.isoformat()}
    headers = {"Authorization": f"Offline {desk.grant.grant}", "X-Ecarnet-Workstation": desk.key,
               "Idempotency-Key": "desk-1-0001"}
    first = api.post("/v1/transactions", json=body, headers=headers)
    again = api.post("/v1/transactions", json=body, headers=headers)
    assert first.status_code == again.status_code == 201, (first.text, again.text)
    assert first.json() == again.json()
    assert len(history_of(id_world, "699")) == 1
    lines = [x for x in audit(api, now_signed_in(id_world, "controller.ch"), account_id="officer.ch")
             if x.action.value == "offline_commit"]
    assert len(lines) == 1


def test_a_commit_under_a_grant_names_the_office_the_officer_worked_at(
    id_world: World, api: httpx.Client, desk: Desk
) -> None:
    """The grant's commits were made where its session worked (or at the workstation's office): Bardonnex, in the
    same region, is neither, and a commit naming it is refused as the session's office would refuse it."""
    made_at = desk.grant.issued_at + timedelta(hours=2)
    id_world.clock.set(made_at + timedelta(hours=1))
    n = next(_carnets)
    carnet = id_world.add_carnet(make_carnet(str(n), f"CHTA{n:08d}"))
    code = fresh_code()
    id_world.declare(carnet, T.VALIDATION, code)
    body = {"carnet_id": carnet.carnet_id, "transaction_code": code, "type": "validation", "office_id": "bardonnex",
            "occurred_at": made_at.isoformat()}
    sent = {"Authorization": f"Offline {desk.grant.grant}", "Idempotency-Key": str(uuid.uuid4()),
            "X-Ecarnet-Workstation": desk.key}
    assert_refused(api.post("/v1/transactions", json=body, headers=sent), 403, "office_not_in_session")
    assert history_of(id_world, carnet.carnet_id) == []
    body["office_id"] = "gva-airport"
    assert api.post("/v1/transactions", json=body, headers=sent).status_code == 201
