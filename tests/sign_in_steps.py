"""Signing in through the central's real routes, as a workstation does: the password, then the second factor (the
authenticator's code, computed with pyotp from the secret the person added to the app)."""

from __future__ import annotations

from datetime import datetime

import httpx
import pyotp

from central_contract.identity import SessionIssued, SignInNeed, SignInStep, TrainingAccount

WORKSTATION_HEADER = "X-Ecarnet-Workstation"


def _headers(workstation_key: str | None) -> dict[str, str]:
    return {WORKSTATION_HEADER: workstation_key} if workstation_key else {}


def first_factor(
    http: httpx.Client, account: str, password: str, workstation_key: str | None = None,
) -> SignInStep:
    response = http.post("/v1/sign-in", json={"account": account, "password": password},
                         headers=_headers(workstation_key))
    assert response.status_code == 200, response.text
    return SignInStep.model_validate_json(response.content)


def complete(
    http: httpx.Client, step: SignInStep, code: str, new_password: str = "", workstation_key: str | None = None,
) -> httpx.Response:
    body = {"challenge": step.challenge, "code": code}
    if new_password:
        body["new_password"] = new_password
    return http.post("/v1/sign-in/complete", json=body, headers=_headers(workstation_key))


def code_at(secret: str, moment: datetime) -> str:
    """The authenticator app's code at ``moment``."""
    return pyotp.TOTP(secret).at(moment)


def sign_in(
    http: httpx.Client, account: str, password: str, *, secret: str, at: datetime,
    workstation_key: str | None = None, new_password: str = "",
) -> tuple[SignInStep, SessionIssued]:
    """Password then code (enrolling ``secret``'s app when the central asks to): the step and the session."""
    step = first_factor(http, account, password, workstation_key)
    if SignInNeed.TOTP_ENROLMENT in step.needs:
        assert step.enrolment is not None
        secret = step.enrolment.secret
    response = complete(http, step, code_at(secret, at), new_password, workstation_key)
    assert response.status_code == 200, response.text
    return step, SessionIssued.model_validate_json(response.content)


def training_account(http: httpx.Client, account_id: str) -> TrainingAccount:
    """A demo account's published password and current code, as the training sign-in screen shows them."""
    response = http.get("/v1/training/accounts")
    assert response.status_code == 200, response.text
    found = [TrainingAccount.model_validate(a) for a in response.json() if a["account_id"] == account_id]
    assert found, f"{account_id} is not a published demo account"
    return found[0]


def demo_session(http: httpx.Client, account_id: str, workstation_key: str | None = None) -> SessionIssued:
    """A demo account signed in on a training central with its published password and current code."""
    published = training_account(http, account_id)
    step = first_factor(http, account_id, published.password, workstation_key)
    assert step.needs == [SignInNeed.TOTP], step.needs
    response = complete(http, step, published.totp_code, workstation_key=workstation_key)
    assert response.status_code == 200, response.text
    return SessionIssued.model_validate_json(response.content)
