"""Sessions end: after 30 minutes without a request, 12 hours after they opened whatever happens, at sign-out,
when revoked, and (the others) when the account changes its own password. The clock moves; nobody sleeps."""

from __future__ import annotations

from datetime import timedelta

import httpx

from central_contract.identity import SessionView
from reference_central.demo.identity import DEMO_PASSWORD
from tests.api.helpers import assert_refused
from tests.api.identity_helpers import (
    OTHER_STRONG,
    audit,
    bearer,
    person,
    session_row,
    signed_in,
    start,
)
from tests.central_world import World, open_session


def me(api: httpx.Client, token: str) -> httpx.Response:
    return api.get("/v1/me", headers=bearer(token))


def test_a_session_ends_after_thirty_minutes_without_a_request(id_world: World, api: httpx.Client) -> None:
    token = signed_in(id_world, api, "officer.ch").token
    for _ in range(3):
        id_world.clock.advance(timedelta(minutes=29, seconds=59))
        assert me(api, token).status_code == 200
    id_world.clock.advance(timedelta(minutes=30))
    error = assert_refused(me(api, token), 401, "session_expired")
    assert error["detail"] == "idle"
    # It stays ended: going back in time or asking again does not revive it.
    id_world.clock.advance(timedelta(minutes=-20))
    assert assert_refused(me(api, token), 401, "session_expired")["detail"] == "idle"


def test_a_session_ends_twelve_hours_after_it_opened_whatever_its_activity(
    id_world: World, api: httpx.Client
) -> None:
    session = signed_in(id_world, api, "officer.ch")
    opened = id_world.clock()
    while id_world.clock() + timedelta(minutes=20) < opened + timedelta(hours=12):
        id_world.clock.advance(timedelta(minutes=20))
        assert me(api, session.token).status_code == 200, id_world.clock()
    id_world.clock.set(session.expires_at - timedelta(seconds=1))
    assert me(api, session.token).status_code == 200
    id_world.clock.set(session.expires_at)
    assert assert_refused(me(api, session.token), 401, "session_expired")["detail"] == "expired"


def test_sign_out_ends_the_session(id_world: World, api: httpx.Client) -> None:
    session = signed_in(id_world, api, "officer.ch")
    other = signed_in(id_world, api, "officer.ch")
    out = api.post("/v1/sign-out", headers=bearer(session.token))
    assert out.status_code == 204, out.text
    for response in (me(api, session.token), api.get("/v1/sessions", headers=bearer(session.token)),
                     api.post("/v1/sign-out", headers=bearer(session.token))):
        assert assert_refused(response, 401, "session_expired")["detail"] == "signed out"
    assert me(api, other.token).status_code == 200  # only that session
    row = session_row(id_world, session.session_id)
    assert row is not None
    assert (row.ended_at, row.ended_why) == (id_world.clock(), "signed out")
    lines = audit(api, id_world.tokens["controller.ch"], account_id="officer.ch")
    assert (lines[-1].action.value, lines[-1].subject) == ("sign_out", session.session_id)


def test_sessions_lists_ones_own_open_sessions(id_world: World, api: httpx.Client) -> None:
    first = signed_in(id_world, api, "officer.ch")
    second = signed_in(id_world, api, "officer.ch")
    signed_in(id_world, api, "officer.de")
    listed = api.get("/v1/sessions", headers=bearer(first.token))
    assert listed.status_code == 200, listed.text
    sessions = [SessionView.model_validate(s) for s in listed.json()]
    assert {s.account_id for s in sessions} == {"officer.ch"}
    assert {first.session_id, second.session_id} <= {s.session_id for s in sessions}
    assert all(s.kind == "session" for s in sessions)
    assert "token" not in listed.text
    assert first.token not in listed.text
    # An ended one is no longer listed.
    api.post("/v1/sign-out", headers=bearer(second.token))
    again = api.get("/v1/sessions", headers=bearer(first.token)).json()
    assert second.session_id not in {s["session_id"] for s in again}
    # Another account's sessions are not one's own to list.
    assert_refused(api.get("/v1/sessions", params={"account_id": "officer.de"}, headers=bearer(first.token)),
                   403, "forbidden")


def test_who_may_revoke_another_accounts_session(id_world: World, api: httpx.Client) -> None:
    admin = id_world.tokens["admin"]
    person(api, admin, "manager.fr", "regional_manager", "cdg")
    manager_fr = open_session(id_world.store, "manager.fr", id_world.clock())
    target = signed_in(id_world, api, "officer.ch")
    revoke = f"/v1/sessions/{target.session_id}/revoke"

    assert_refused(api.post(revoke, headers=bearer(id_world.tokens["officer.de"])), 404, "unknown_session")
    assert_refused(api.post(revoke, headers=bearer(id_world.tokens["controller.ch"])), 404, "unknown_session")
    assert_refused(api.post(revoke, headers=bearer(manager_fr)), 403, "forbidden")
    assert_refused(api.get("/v1/sessions", params={"account_id": "officer.ch"}, headers=bearer(manager_fr)),
                   403, "forbidden")
    assert me(api, target.token).status_code == 200

    manager = id_world.tokens["manager.ch"]
    listed = api.get("/v1/sessions", params={"account_id": "officer.ch"}, headers=bearer(manager))
    assert target.session_id in {s["session_id"] for s in listed.json()}
    assert api.post(revoke, headers=bearer(manager)).status_code == 204
    assert assert_refused(me(api, target.token), 401, "session_expired")["detail"] == "revoked by manager.ch"
    lines = audit(api, id_world.tokens["controller.ch"], account_id="officer.ch")
    assert (lines[-1].action.value, lines[-1].subject) == ("session_revoked", f"{target.session_id} by manager.ch")
    assert_refused(api.post("/v1/sessions/no-such-session/revoke", headers=bearer(manager)), 404, "unknown_session")

    # One's own session may be revoked by oneself (another device left signed in).
    mine = signed_in(id_world, api, "officer.ch")
    elsewhere = signed_in(id_world, api, "officer.ch")
    assert api.post(f"/v1/sessions/{elsewhere.session_id}/revoke", headers=bearer(mine.token)).status_code == 204
    assert_refused(me(api, elsewhere.token), 401, "session_expired")
    assert me(api, mine.token).status_code == 200


def test_changing_ones_password_ends_the_other_sessions_not_this_one(id_world: World, api: httpx.Client) -> None:
    here = signed_in(id_world, api, "officer.ch")
    there = signed_in(id_world, api, "officer.ch")
    change = "/v1/password"
    assert_refused(api.post(change, json={"current_password": "wrong wrong wrong", "new_password": OTHER_STRONG},
                            headers=bearer(here.token)), 401, "sign_in_failed")
    assert_refused(api.post(change, json={"current_password": DEMO_PASSWORD, "new_password": "officer.ch rules"},
                            headers=bearer(here.token)), 422, "weak_password")
    assert me(api, there.token).status_code == 200  # nothing changed yet
    done = api.post(change, json={"current_password": DEMO_PASSWORD, "new_password": OTHER_STRONG},
                    headers=bearer(here.token))
    assert done.status_code == 204, done.text
    assert me(api, here.token).status_code == 200
    assert assert_refused(me(api, there.token), 401, "session_expired")["detail"] == "password changed"
    assert_refused(start(api, "officer.ch", DEMO_PASSWORD), 401, "sign_in_failed")
    signed_in(id_world, api, "officer.ch", password=OTHER_STRONG)
    lines = audit(api, id_world.tokens["controller.ch"], account_id="officer.ch")
    assert "password_changed" in [x.action.value for x in lines]
