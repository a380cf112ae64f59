"""Signing in through the real routes under the default policy: the password (or a set-password code), then the
authenticator's code (or a recovery code), enrolment at the first sign-in, and choosing a new password. Codes are
computed with pyotp at the central's clock, which the tests move instead of sleeping."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from central_contract.models import AuditAction, Me
from reference_central.demo.identity import DEMO_PASSWORD, demo_totp_secret
from tests.api.helpers import assert_refused
from tests.api.identity_helpers import (
    OTHER_STRONG,
    STRONG,
    bearer,
    code_at,
    complete,
    credentials,
    demo_code,
    first_sign_in,
    person,
    session_of,
    signed_in,
    start,
    step_of,
)
from tests.central_world import World


def test_password_and_code_open_a_session_usable_on_me(id_world: World, api: httpx.Client) -> None:
    step = step_of(start(api, "officer.ch", DEMO_PASSWORD))
    assert [n.value for n in step.needs] == ["totp"]
    assert step.enrolment is None
    assert step.expires_at == id_world.clock() + timedelta(minutes=5)
    session = session_of(complete(api, step.challenge, demo_code(id_world, "officer.ch")))
    assert session.idle_minutes == 30
    assert session.expires_at == id_world.clock() + timedelta(hours=12)
    assert session.recovery_codes == []
    assert session.offline is None  # no workstation: no offline grant
    me = api.get("/v1/me", headers=bearer(session.token))
    assert me.status_code == 200, me.text
    assert Me.model_validate_json(me.content) == session.me
    assert session.me.account.account_id == "officer.ch"


def test_sign_in_by_e_mail_address(id_world: World, api: httpx.Client) -> None:
    session = signed_in(id_world, api, "Officer.CH@training.invalid", secret=demo_totp_secret("officer.ch"))
    assert session.me.account.account_id == "officer.ch"


def test_wrong_password_unknown_account_and_integration_account_are_answered_alike(
    id_world: World, api: httpx.Client
) -> None:
    person(api, id_world.tokens["admin"], "gateway.ge", kind="integration")
    answers = [start(api, "officer.ch", "not the password at all"), start(api, "nobody.here", DEMO_PASSWORD),
               start(api, "gateway.ge", DEMO_PASSWORD), start(api, "officer.ch@training.invalid", "wrong wrong")]
    for answer in answers:
        assert_refused(answer, 401, "sign_in_failed")
        assert "retry-after" not in answer.headers
    assert len({a.content for a in answers}) == 1, [a.text for a in answers]


def test_a_wrong_code_is_refused_and_the_right_one_then_accepted(id_world: World, api: httpx.Client) -> None:
    step = step_of(start(api, "officer.ch", DEMO_PASSWORD))
    right = demo_code(id_world, "officer.ch")
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    assert_refused(complete(api, step.challenge, wrong), 401, "sign_in_failed")
    assert_refused(complete(api, step.challenge, "12345a"), 401, "sign_in_failed")
    session_of(complete(api, step.challenge, f" {right[:3]} {right[3:]} "))  # as an app shows it, spaces aside


def test_a_code_is_accepted_once(id_world: World, api: httpx.Client) -> None:
    code = demo_code(id_world, "officer.ch")
    session_of(complete(api, step_of(start(api, "officer.ch", DEMO_PASSWORD)).challenge, code))
    again = step_of(start(api, "officer.ch", DEMO_PASSWORD))
    assert_refused(complete(api, again.challenge, code), 401, "sign_in_failed")
    # The next step's code is a new code.
    id_world.clock.advance(timedelta(seconds=30))
    session_of(complete(api, again.challenge, demo_code(id_world, "officer.ch")))


@pytest.mark.parametrize(("steps", "accepted"), [(-1, True), (1, True), (-2, False), (2, False)])
def test_a_code_one_step_off_is_accepted_two_steps_off_refused(
    id_world: World, api: httpx.Client, steps: int, accepted: bool
) -> None:
    step = step_of(start(api, "officer.ch", DEMO_PASSWORD))
    answer = complete(api, step.challenge, demo_code(id_world, "officer.ch", steps))
    if accepted:
        session_of(answer)
    else:
        assert_refused(answer, 401, "sign_in_failed")


def test_a_recovery_code_opens_one_sign_in(id_world: World, api: httpx.Client) -> None:
    created = person(api, id_world.tokens["manager.ch"], "new.officer")
    assert created.set_password is not None
    first = first_sign_in(id_world, api, "new.officer", created.set_password.code)
    codes = first.session.recovery_codes
    assert len(codes) == 8
    assert len(set(codes)) == 8
    stored = credentials(id_world, "new.officer")
    assert all(code not in str(stored.recovery) for code in codes)  # kept hashed

    step = step_of(start(api, "new.officer", STRONG))
    session_of(complete(api, step.challenge, codes[3].lower()))
    step = step_of(start(api, "new.officer", STRONG))
    assert_refused(complete(api, step.challenge, codes[3]), 401, "sign_in_failed")
    session_of(complete(api, step.challenge, codes[4]))
    assert len(credentials(id_world, "new.officer").recovery) == 6


def test_the_challenge_expires_after_five_minutes(id_world: World, api: httpx.Client) -> None:
    late = step_of(start(api, "officer.ch", DEMO_PASSWORD))
    id_world.clock.advance(timedelta(minutes=5, seconds=1))
    assert_refused(complete(api, late.challenge, demo_code(id_world, "officer.ch")), 401, "challenge_expired")

    in_time = step_of(start(api, "officer.ch", DEMO_PASSWORD))
    id_world.clock.advance(timedelta(minutes=4, seconds=59))
    session_of(complete(api, in_time.challenge, demo_code(id_world, "officer.ch")))


def test_three_wrong_codes_drop_the_challenge(id_world: World, api: httpx.Client) -> None:
    step = step_of(start(api, "officer.ch", DEMO_PASSWORD))
    for wrong in ("000000", "111111", "222222"):
        assert_refused(complete(api, step.challenge, wrong), 401, "sign_in_failed")
    assert_refused(complete(api, step.challenge, demo_code(id_world, "officer.ch")), 401, "challenge_expired")
    # The password is asked again, and then the right code opens the session.
    again = step_of(start(api, "officer.ch", DEMO_PASSWORD))
    session_of(complete(api, again.challenge, demo_code(id_world, "officer.ch")))


def test_a_disabled_account_with_the_right_password_is_told_so(id_world: World, api: httpx.Client) -> None:
    disabled = api.post("/v1/accounts/officer.ch/disable", json={"reason": "left the service"},
                        headers=bearer(id_world.tokens["manager.ch"]))
    assert disabled.status_code == 200, disabled.text
    assert_refused(start(api, "officer.ch", DEMO_PASSWORD), 403, "account_disabled")
    # Without the right password it is an ordinary failure: nothing is told about the account.
    assert_refused(start(api, "officer.ch", "not the password at all"), 401, "sign_in_failed")


def test_an_account_without_an_authenticator_enrols_at_sign_in(id_world: World, api: httpx.Client) -> None:
    reset = api.post("/v1/accounts/officer.ch/mfa-reset", headers=bearer(id_world.tokens["manager.ch"]))
    assert reset.status_code == 200, reset.text
    step = step_of(start(api, "officer.ch", DEMO_PASSWORD))
    assert [n.value for n in step.needs] == ["totp_enrolment"]
    assert step.enrolment is not None
    secret = step.enrolment.secret
    assert len(secret) >= 16
    assert step.enrolment.uri.startswith("otpauth://totp/")
    assert f"secret={secret}" in step.enrolment.uri
    assert "issuer=eCarnet" in step.enrolment.uri
    # The old authenticator's code does not enrol the new one.
    assert_refused(complete(api, step.challenge, demo_code(id_world, "officer.ch")), 401, "sign_in_failed")
    session = session_of(complete(api, step.challenge, code_at(secret, id_world.clock())))
    assert len(session.recovery_codes) == 8
    stored = credentials(id_world, "officer.ch")
    assert stored.enrolled
    assert secret not in stored.totp_sealed  # sealed under the key file, not in clear

    # Enrolled: the next sign-in asks for the code of the new authenticator; no recovery codes again.
    id_world.clock.advance(timedelta(seconds=30))
    later = signed_in(id_world, api, "officer.ch", secret=secret)
    assert later.recovery_codes == []


def test_a_set_password_code_signs_in_once_to_choose_a_password(id_world: World, api: httpx.Client) -> None:
    created = person(api, id_world.tokens["manager.ch"], "new.officer", email="jane.doe@customs.invalid")
    assert created.set_password is not None
    code = created.set_password.code
    assert len(code.replace("-", "")) == 16
    # Dashes, spaces and letter case do not matter when it is typed.
    step = step_of(start(api, "new.officer", f" {code.lower().replace('-', ' ')} "))
    assert [n.value for n in step.needs] == ["new_password", "totp_enrolment"]
    assert step.password_min_length == 12
    assert step.enrolment is not None
    totp = code_at(step.enrolment.secret, id_world.clock())
    for weak, why in (("short pass", "at least 12 characters"),
                      ("my new.officer pass", "account's name or e-mail"),
                      ("jane.doe is my name", "account's name or e-mail"),
                      ("password1234", "tried first"),
                      ("", "at least 12 characters")):
        error = assert_refused(complete(api, step.challenge, totp, weak), 422, "weak_password")
        assert why in error["detail"], (weak, error)
    # The challenge is still good: the strong password is accepted with the same code.
    session = session_of(complete(api, step.challenge, totp, STRONG))
    assert session.me.account.account_id == "new.officer"
    stored = credentials(id_world, "new.officer")
    assert (stored.setup_code_hash, stored.setup_code_expires, stored.must_change) == ("", None, False)

    assert_refused(start(api, "new.officer", code), 401, "sign_in_failed")
    assert [n.value for n in step_of(start(api, "new.officer", STRONG)).needs] == ["totp"]


def test_a_set_password_code_expires_after_five_days(id_world: World, api: httpx.Client) -> None:
    late = person(api, id_world.tokens["manager.ch"], "late.officer").set_password
    in_time = person(api, id_world.tokens["manager.ch"], "prompt.officer").set_password
    assert late is not None
    assert in_time is not None
    id_world.clock.advance(timedelta(days=4, hours=23, minutes=59))
    assert [n.value for n in step_of(start(api, "prompt.officer", in_time.code)).needs] == [
        "new_password", "totp_enrolment"]
    id_world.clock.advance(timedelta(minutes=2))
    assert_refused(start(api, "late.officer", late.code), 401, "sign_in_failed")


def test_after_a_password_reset_the_code_needs_a_new_password_and_the_authenticator(
    id_world: World, api: httpx.Client
) -> None:
    reset = api.post("/v1/accounts/officer.ch/password-reset", headers=bearer(id_world.tokens["manager.ch"]))
    assert reset.status_code == 200, reset.text
    code = reset.json()["code"]
    assert_refused(start(api, "officer.ch", DEMO_PASSWORD), 401, "sign_in_failed")
    step = step_of(start(api, "officer.ch", code))
    assert [n.value for n in step.needs] == ["new_password", "totp"]  # still enrolled: the same authenticator
    assert_refused(complete(api, step.challenge, demo_code(id_world, "officer.ch")), 422, "weak_password")
    session_of(complete(api, step.challenge, demo_code(id_world, "officer.ch"), OTHER_STRONG))
    assert credentials(id_world, "officer.ch").must_change is False
    signed_in(id_world, api, "officer.ch", password=OTHER_STRONG)


def test_a_sign_in_and_its_enrolment_are_lines_of_the_audit_trail(id_world: World, api: httpx.Client) -> None:
    created = person(api, id_world.tokens["manager.ch"], "new.officer")
    assert created.set_password is not None
    session = first_sign_in(id_world, api, "new.officer", created.set_password.code).session
    lines = api.get("/v1/audit", params={"account_id": "new.officer"},
                    headers=bearer(id_world.tokens["controller.ch"])).json()
    assert [(x["action"], x["subject"]) for x in lines] == [
        (AuditAction.ACCOUNT_CREATED.value, "by manager.ch"), (AuditAction.MFA_ENROLLED.value, ""),
        (AuditAction.PASSWORD_CHANGED.value, ""), (AuditAction.SIGN_IN.value, session.session_id)]
    assert lines[-1]["reason"] == "from 127.0.0.1"
