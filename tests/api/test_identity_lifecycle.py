"""Accounts over their life, through the real routes: created with a set-password code, changed, disabled and
enabled, their password or authenticator reset; what a regional manager may not do; the last admin; the audit
trail of it all. And impersonation: nobody obtains a working credential for another person's account."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from carnet_domain.organisation import Role
from reference_central.demo.identity import DEMO_PASSWORD
from reference_central.identity import records as ids
from reference_central.identity.schema import IDENTITY_TABLES
from reference_central.identity.setup_codes import normal_setup_code
from tests.api.helpers import assert_refused
from tests.api.identity_helpers import (
    audit,
    bearer,
    code_at,
    complete,
    credentials,
    first_sign_in,
    person,
    signed_in,
    start,
    step_of,
)
from tests.central_world import World, open_session

TOKEN_BODY = {"route_groups": ["transactions"]}


def me(api: httpx.Client, token: str) -> httpx.Response:
    return api.get("/v1/me", headers=bearer(token))


def test_a_person_is_created_with_a_code_shown_once_and_kept_hashed(id_world: World, api: httpx.Client) -> None:
    created = person(api, id_world.tokens["manager.ch"], "new.officer", office_id="bardonnex")
    assert created.set_password is not None
    code = created.set_password.code
    assert created.set_password.expires_at == id_world.clock() + timedelta(days=5)
    with id_world.store.transaction() as db:
        row = dict(db.execute("SELECT * FROM credentials WHERE account_id = 'new.officer'").fetchone())
        everything = "\n".join(str(tuple(r)) for table in (*IDENTITY_TABLES, "accounts", "audit")
                               for r in db.execute(f"SELECT * FROM {table}"))
    assert row["setup_code_hash"] == ids.digest(normal_setup_code(code))
    assert row["password_hash"] == ""
    assert row["must_change"] == 1
    assert code not in everything
    assert normal_setup_code(code) not in everything
    # No route shows it again.
    listed = api.get("/v1/accounts", headers=bearer(id_world.tokens["manager.ch"]))
    assert "new.officer" in listed.text
    assert normal_setup_code(code) not in listed.text.replace("-", "").upper()


def test_a_new_role_or_office_ends_the_sessions_a_new_name_does_not(id_world: World, api: httpx.Client) -> None:
    manager = bearer(id_world.tokens["manager.ch"])
    session = signed_in(id_world, api, "officer.ch")
    renamed = api.patch("/v1/accounts/officer.ch", json={"display_name": "Officer Renamed", "badge": "CH-9"},
                        headers=manager)
    assert renamed.status_code == 200, renamed.text
    assert me(api, session.token).json()["account"]["display_name"] == "Officer Renamed"

    moved = api.patch("/v1/accounts/officer.ch", json={"office_id": "bardonnex"}, headers=manager)
    assert moved.status_code == 200, moved.text
    assert moved.json()["office_id"] == "bardonnex"
    assert assert_refused(me(api, session.token), 401, "session_expired")["detail"] == "role or office changed"

    session = signed_in(id_world, api, "officer.ch")
    assert me(api, session.token).json()["office"]["office_id"] == "bardonnex"
    promoted = api.patch("/v1/accounts/officer.ch", json={"role": "controller"}, headers=manager)
    assert promoted.status_code == 200, promoted.text
    assert_refused(me(api, session.token), 401, "session_expired")
    assert signed_in(id_world, api, "officer.ch").me.account.role is Role.CONTROLLER
    reasons = [x.reason for x in audit(api, id_world.tokens["controller.ch"], account_id="officer.ch")
               if x.action.value == "account_changed"]
    assert reasons == ["badge: CH-9, display_name: Officer Renamed", "office_id: bardonnex, region_id: ch-geneve",
                       "role: controller"]


def test_disabling_ends_sessions_and_integration_tokens_enabling_lets_in_again(
    id_world: World, api: httpx.Client
) -> None:
    manager = bearer(id_world.tokens["manager.ch"])
    session = signed_in(id_world, api, "officer.ch")
    person(api, id_world.tokens["manager.ch"], "gateway.ge", kind="integration")
    token = api.post("/v1/accounts/gateway.ge/tokens", json=TOKEN_BODY, headers=manager).json()["token"]
    assert api.get("/v1/transactions", headers=bearer(token)).status_code == 200

    for account_id in ("officer.ch", "gateway.ge"):
        done = api.post(f"/v1/accounts/{account_id}/disable", json={"reason": "left"}, headers=manager)
        assert done.status_code == 200, done.text
        assert (done.json()["status"], done.json()["disabled_at"]) == ("disabled", "2026-06-15T10:00:00Z")
    assert assert_refused(me(api, session.token), 401, "session_expired")["detail"] == "account disabled"
    assert_refused(api.get("/v1/transactions", headers=bearer(token)), 401, "session_expired")
    assert_refused(start(api, "officer.ch", DEMO_PASSWORD), 403, "account_disabled")
    assert_refused(api.post("/v1/accounts/gateway.ge/tokens", json=TOKEN_BODY, headers=manager),
                   403, "account_disabled")
    # A disable without a body is a disable without a reason.
    assert api.post("/v1/accounts/controller.ch/disable", headers=manager).status_code == 200

    enabled = api.post("/v1/accounts/officer.ch/enable", headers=manager)
    assert enabled.status_code == 200, enabled.text
    assert enabled.json()["status"] == "active"
    assert_refused(me(api, session.token), 401, "session_expired")  # the old session stays ended
    id_world.clock.advance(timedelta(seconds=30))
    assert me(api, signed_in(id_world, api, "officer.ch").token).status_code == 200
    lines = audit(api, id_world.tokens["admin"], account_id="officer.ch")
    assert [(x.action.value, x.reason, x.subject) for x in lines if x.action.value.startswith("account_")] == [
        ("account_disabled", "left", "by manager.ch"), ("account_enabled", "", "by manager.ch")]


def test_a_password_reset_stops_the_old_password_and_ends_the_sessions(id_world: World, api: httpx.Client) -> None:
    session = signed_in(id_world, api, "officer.ch")
    reset = api.post("/v1/accounts/officer.ch/password-reset", headers=bearer(id_world.tokens["manager.ch"]))
    assert reset.status_code == 200, reset.text
    assert reset.json()["expires_at"] == "2026-06-20T10:00:00Z"
    assert assert_refused(me(api, session.token), 401, "session_expired")["detail"] == "password reset"
    assert_refused(start(api, "officer.ch", DEMO_PASSWORD), 401, "sign_in_failed")
    assert credentials(id_world, "officer.ch").password_hash == ""
    lines = audit(api, id_world.tokens["controller.ch"], account_id="officer.ch")
    assert [(x.action.value, x.subject) for x in lines][-2:] == [("password_reset", "by manager.ch"),
                                                                ("sign_in_failed", "")]
    # An integration account has no password to reset.
    person(api, id_world.tokens["manager.ch"], "gateway.ge", kind="integration")
    assert_refused(api.post("/v1/accounts/gateway.ge/password-reset", headers=bearer(id_world.tokens["manager.ch"])),
                   422, "invalid_request")


def test_an_mfa_reset_ends_the_sessions_and_asks_for_enrolment(id_world: World, api: httpx.Client) -> None:
    session = signed_in(id_world, api, "officer.ch")
    reset = api.post("/v1/accounts/officer.ch/mfa-reset", headers=bearer(id_world.tokens["admin"]))
    assert reset.status_code == 200, reset.text
    assert assert_refused(me(api, session.token), 401, "session_expired")["detail"] == "second factor reset"
    stored = credentials(id_world, "officer.ch")
    assert (stored.totp_sealed, stored.recovery) == ("", [])
    step = step_of(start(api, "officer.ch", DEMO_PASSWORD))
    assert [n.value for n in step.needs] == ["totp_enrolment"]
    lines = audit(api, id_world.tokens["controller.ch"], account_id="officer.ch")
    assert (lines[-1].action.value, lines[-1].subject) == ("mfa_reset", "by admin")


def test_a_regional_manager_manages_only_the_accounts_below_admin_of_its_region(
    id_world: World, api: httpx.Client
) -> None:
    manager = bearer(id_world.tokens["manager.ch"])
    for path, body in (("", {"display_name": "X"}), ("/disable", {}), ("/enable", None), ("/password-reset", None),
                       ("/mfa-reset", None)):
        for target, detail in (("admin", "create_admin_account"), ("officer.fr", "the account is in another region")):
            response = api.request("PATCH" if not path else "POST", f"/v1/accounts/{target}{path}", json=body,
                                   headers=manager)
            assert assert_refused(response, 403, "forbidden")["detail"] == detail, (path, target)
    assert_refused(api.get("/v1/sessions", params={"account_id": "officer.fr"}, headers=manager), 403, "forbidden")
    assert_refused(api.post("/v1/accounts/nobody/disable", headers=manager), 404, "unknown_account")
    # Nor may it move one of its officers to another region.
    assert_refused(api.patch("/v1/accounts/officer.ch", json={"office_id": "cdg"}, headers=manager),
                   403, "office_not_in_region")
    # Officers and controllers manage no account at all.
    for who in ("officer.ch", "controller.ch"):
        assert_refused(api.post("/v1/accounts/officer.ch/disable", headers=bearer(id_world.tokens[who])),
                       403, "forbidden")
    assert signed_in(id_world, api, "officer.fr").me.account.status.value == "active"
    assert signed_in(id_world, api, "admin").me.account.display_name == "Training Admin"


def test_a_role_may_be_given_only_by_who_may_create_it(id_world: World, api: httpx.Client) -> None:
    manager = bearer(id_world.tokens["manager.ch"])
    refused = api.patch("/v1/accounts/officer.ch", json={"role": "admin"}, headers=manager)
    assert assert_refused(refused, 403, "forbidden")["detail"] == "create_admin_account"
    assert signed_in(id_world, api, "officer.ch").me.account.role is Role.OFFICER
    made = api.patch("/v1/accounts/officer.ch", json={"role": "regional_manager"}, headers=manager)
    assert made.status_code == 200, made.text


def test_the_last_active_admin_is_neither_disabled_nor_demoted(id_world: World, api: httpx.Client) -> None:
    admin = bearer(id_world.tokens["admin"])
    error = assert_refused(api.post("/v1/accounts/admin/disable", headers=admin), 403, "forbidden")
    assert error["detail"] == "the last active admin cannot be disabled"
    error = assert_refused(api.patch("/v1/accounts/admin", json={"role": "officer"}, headers=admin), 403, "forbidden")
    assert error["detail"] == "the last active admin keeps the admin role"
    assert me(api, id_world.tokens["admin"]).status_code == 200

    second = person(api, id_world.tokens["admin"], "admin.two", "admin")
    assert second.set_password is not None
    # Another admin makes it possible; the second one is now the last.
    assert api.post("/v1/accounts/admin/disable", headers=admin).status_code == 200
    two = open_session(id_world.store, "admin.two", id_world.clock())
    assert_refused(api.post("/v1/accounts/admin.two/disable", headers=bearer(two)), 403, "forbidden")
    assert api.post("/v1/accounts/admin/enable", headers=bearer(two)).status_code == 200
    assert api.patch("/v1/accounts/admin.two", json={"role": "officer"}, headers=bearer(two)).status_code == 200


def test_every_identity_action_is_a_line_of_the_audit_trail(id_world: World, api: httpx.Client) -> None:
    manager = bearer(id_world.tokens["manager.ch"])
    created = person(api, id_world.tokens["manager.ch"], "new.officer")
    assert created.set_password is not None
    session = first_sign_in(id_world, api, "new.officer", created.set_password.code).session
    api.post("/v1/sign-out", headers=bearer(session.token))
    for _ in range(5):
        start(api, "new.officer", "wrong wrong wrong")
    id_world.clock.advance(timedelta(minutes=15))
    api.patch("/v1/accounts/new.officer", json={"badge": "CH-77"}, headers=manager)
    api.post("/v1/accounts/new.officer/password-reset", headers=manager)
    api.post("/v1/accounts/new.officer/mfa-reset", headers=manager)
    api.post("/v1/accounts/new.officer/disable", json={"reason": "moved away"}, headers=manager)
    api.post("/v1/accounts/new.officer/enable", headers=manager)
    lines = audit(api, id_world.tokens["controller.ch"], account_id="new.officer")
    assert [x.action.value for x in lines] == [
        "account_created", "mfa_enrolled", "password_changed", "sign_in", "sign_out", *["sign_in_failed"] * 5,
        "locked_out", "account_changed", "password_reset", "mfa_reset", "account_disabled", "account_enabled"]
    assert {x.region_id for x in lines} == {"ch-geneve"}
    assert {x.office_id for x in lines} == {"gva-airport"}
    assert all(x.reason == "wrong password from 127.0.0.1" for x in lines if x.action.value == "sign_in_failed")
    # Regional managers read their region's lines too; officers do not read the trail.
    assert len(audit(api, id_world.tokens["manager.ch"], account_id="new.officer")) == len(lines)
    assert_refused(api.get("/v1/audit", headers=bearer(id_world.tokens["officer.ch"])), 403, "forbidden")


# --- impersonation ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("by", ["manager.ch", "admin"])
def test_nobody_obtains_a_token_for_a_person(id_world: World, api: httpx.Client, by: str) -> None:
    """Whatever the person's role, a token is refused: only integration accounts get tokens."""
    caller = bearer(id_world.tokens[by])
    for target in ("officer.ch", "controller.ch", "manager.ch", "admin"):
        response = api.post(f"/v1/accounts/{target}/tokens", json=TOKEN_BODY, headers=caller)
        if by == "manager.ch" and target == "admin":
            assert_refused(response, 403, "forbidden")  # not even one it may manage
        else:
            assert_refused(response, 409, "not_an_integration_account")
    with id_world.store.transaction() as db:
        assert db.execute("SELECT COUNT(*) FROM sessions WHERE kind = 'integration'").fetchone()[0] == 0


def test_a_manager_who_resets_a_persons_password_and_mfa_can_sign_in_as_them_and_it_shows(
    id_world: World, api: httpx.Client
) -> None:
    """By design (the guide's password reset): the code goes to whoever resets. A reset alone does not let the
    manager in (the person's authenticator is still asked for); a reset of the second factor too does, and then
    the person's own password and authenticator no longer work, and the trail says who reset both."""
    manager = bearer(id_world.tokens["manager.ch"])
    code = api.post("/v1/accounts/officer.ch/password-reset", headers=manager).json()["code"]
    step = step_of(start(api, "officer.ch", code))
    assert [n.value for n in step.needs] == ["new_password", "totp"]
    assert_refused(complete(api, step.challenge, "123456", "the manager's choice 1"), 401, "sign_in_failed")

    assert api.post("/v1/accounts/officer.ch/mfa-reset", headers=manager).status_code == 200
    step = step_of(start(api, "officer.ch", code))
    assert step.enrolment is not None
    as_them = complete(api, step.challenge, code_at(step.enrolment.secret, id_world.clock()),
                       "the manager's choice 1")
    assert as_them.status_code == 200, as_them.text
    # The officer notices: the password and the authenticator are no longer theirs.
    assert_refused(start(api, "officer.ch", DEMO_PASSWORD), 401, "sign_in_failed")
    lines = audit(api, id_world.tokens["controller.ch"], account_id="officer.ch")
    assert [(x.action.value, x.subject) for x in lines][-7:] == [
        ("password_reset", "by manager.ch"), ("sign_in_failed", ""), ("mfa_reset", "by manager.ch"),
        ("mfa_enrolled", ""), ("password_changed", ""), ("sign_in", as_them.json()["session_id"]),
        ("sign_in_failed", "")]


# --- deleting an account never used (guide lines 875, 3052) -----------------------------------------------


def test_only_an_account_never_used_is_deleted(id_world: World, api: httpx.Client) -> None:
    """A mistake made at creation (changed, its password code reset) is deleted; an account that signed in, or
    that someone tried to sign in as, keeps its history: it is disabled instead."""
    manager = bearer(id_world.tokens["manager.ch"])
    person(api, id_world.tokens["manager.ch"], "typo.officer")
    api.patch("/v1/accounts/typo.officer", json={"badge": "CH-78"}, headers=manager)
    api.post("/v1/accounts/typo.officer/password-reset", headers=manager)
    deleted = api.delete("/v1/accounts/typo.officer", headers=manager)
    assert deleted.status_code == 204, deleted.text
    with id_world.store.transaction() as db:
        for table in ("accounts", "credentials", "challenges"):
            assert db.execute(f"SELECT COUNT(*) FROM {table} WHERE account_id = 'typo.officer'").fetchone()[0] == 0
    assert "typo.officer" not in api.get("/v1/accounts", headers=manager).text
    lines = [x for x in audit(api, id_world.tokens["controller.ch"]) if x.account_id == "typo.officer"]
    assert [x.action.value for x in lines] == ["account_created", "account_changed", "password_reset",
                                               "account_deleted"]  # the region's trail keeps what happened to it
    assert_refused(api.delete("/v1/accounts/typo.officer", headers=manager), 404, "unknown_account")

    created = person(api, id_world.tokens["manager.ch"], "used.officer")
    assert created.set_password is not None
    first_sign_in(id_world, api, "used.officer", created.set_password.code)
    error = assert_refused(api.delete("/v1/accounts/used.officer", headers=manager), 409, "account_in_use")
    assert "sessions" in error["detail"]

    person(api, id_world.tokens["manager.ch"], "tried.officer")
    start(api, "tried.officer", "a guess")  # someone tried to sign in as it: that is its history too
    error = assert_refused(api.delete("/v1/accounts/tried.officer", headers=manager), 409, "account_in_use")
    assert "audit lines" in error["detail"]

    person(api, id_world.tokens["admin"], "far.officer", office_id="cdg")  # another region's
    assert_refused(api.delete("/v1/accounts/far.officer", headers=manager), 403, "forbidden")
    assert_refused(api.delete("/v1/accounts/officer.ch", headers=bearer(id_world.tokens["officer.ch"])), 403,
                   "forbidden")
    assert_refused(api.delete("/v1/accounts/manager.ch", headers=manager), 403, "forbidden")  # not itself
