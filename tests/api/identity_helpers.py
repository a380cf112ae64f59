"""Signing in through the central's real routes, as a workstation does: the password (or a set-password code), then
the authenticator's code computed with pyotp at the central's clock (the demo accounts' published secrets, or the
secret an enrolment gave), and reading back what the central recorded (sessions, credentials, the audit trail)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import httpx
import pyotp

from central_contract.identity import CreatedAccount, SessionIssued, SignInStep
from central_contract.models import AuditEntry
from reference_central.demo.identity import DEMO_PASSWORD, demo_totp_secret
from reference_central.identity import records as ids
from tests.central_world import World, open_session

STEP = timedelta(seconds=30)
"""One TOTP step."""
STRONG = "quiet harbour lantern 42"
"""A password every rule accepts (for any account name used in these tests)."""
OTHER_STRONG = "seven amber kites over Lyon"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def now_signed_in(world: World, account_id: str) -> dict[str, str]:
    """The headers of a session of ``account_id`` opened at the central's clock, for a test whose clock has moved
    past the idle end of the sessions the world opened (the actor is not what the test is about)."""
    return bearer(open_session(world.store, account_id, world.clock()))


def client(world: World, address: str = "127.0.0.1") -> httpx.Client:
    """A client of the world's central whose requests come from ``address`` (any of 127.0.0.0/8): the central
    counts failures per client address."""
    return httpx.Client(base_url=world.url, timeout=10.0,
                        transport=httpx.HTTPTransport(local_address=address))


def code_at(secret: str, moment: datetime, steps: int = 0) -> str:
    """The authenticator's code ``steps`` steps away from ``moment``."""
    return pyotp.TOTP(secret).at(moment + steps * STEP)


def demo_code(world: World, account_id: str, steps: int = 0) -> str:
    """A demo account's authenticator code at the central's clock."""
    return code_at(demo_totp_secret(account_id), world.clock(), steps)


def last_step(world: World, account_id: str) -> int:
    with world.store.transaction() as db:
        return ids.credentials(db, account_id).totp_last_step


def next_fresh_step(world: World, account_id: str) -> None:
    """Wait (move the central's clock) for a code the account has not used yet, as a person waits for the next
    code when the current one was just typed."""
    while int(world.clock().timestamp()) // 30 <= last_step(world, account_id):
        world.clock.advance(STEP)


def start(http: httpx.Client, account: str, password: str, workstation: str | None = None) -> httpx.Response:
    headers = {"X-Ecarnet-Workstation": workstation} if workstation else {}
    return http.post("/v1/sign-in", json={"account": account, "password": password}, headers=headers)


def complete(
    http: httpx.Client, challenge: str, code: str, new_password: str = "", workstation: str | None = None,
) -> httpx.Response:
    headers = {"X-Ecarnet-Workstation": workstation} if workstation else {}
    body: dict[str, str] = {"challenge": challenge, "code": code}
    if new_password:
        body["new_password"] = new_password
    return http.post("/v1/sign-in/complete", json=body, headers=headers)


def step_of(response: httpx.Response) -> SignInStep:
    assert response.status_code == 200, response.text
    return SignInStep.model_validate_json(response.content)


def session_of(response: httpx.Response) -> SessionIssued:
    assert response.status_code == 200, response.text
    return SessionIssued.model_validate_json(response.content)


def signed_in(
    world: World, http: httpx.Client, account_id: str, *, password: str = DEMO_PASSWORD,
    workstation: str | None = None, secret: str | None = None,
) -> SessionIssued:
    """An enrolled account signed in through both routes (a demo account's published secret unless ``secret``)."""
    next_fresh_step(world, account_id)
    challenge = step_of(start(http, account_id, password, workstation)).challenge
    code = code_at(secret or demo_totp_secret(account_id), world.clock())
    return session_of(complete(http, challenge, code, workstation=workstation))


@dataclass
class FirstSignIn:
    """A new person's first sign-in: the session, and the authenticator it enrolled."""

    session: SessionIssued
    secret: str


def first_sign_in(
    world: World, http: httpx.Client, account_id: str, code: str, new_password: str = STRONG,
    workstation: str | None = None,
) -> FirstSignIn:
    """Sign in with a set-password code: choose ``new_password`` and enrol an authenticator."""
    step = step_of(start(http, account_id, code, workstation))
    assert step.enrolment is not None, step
    session = session_of(complete(http, step.challenge, code_at(step.enrolment.secret, world.clock()),
                                  new_password, workstation))
    return FirstSignIn(session, step.enrolment.secret)


def person(
    http: httpx.Client, by_token: str, account_id: str, role: str = "officer", office_id: str = "gva-airport",
    **extra: str,
) -> CreatedAccount:
    """A person's account created through the API by ``by_token``'s account."""
    body = {"account_id": account_id, "display_name": f"Person {account_id}", "role": role, "office_id": office_id,
            "email": f"{account_id}@customs.invalid", **extra}
    response = http.post("/v1/accounts", json=body, headers=bearer(by_token))
    assert response.status_code == 201, response.text
    return CreatedAccount.model_validate_json(response.content)


def audit(http: httpx.Client, token: str | dict[str, str], **params: Any) -> list[AuditEntry]:
    """The audit trail as ``token`` (or these headers) reads it."""
    headers = bearer(token) if isinstance(token, str) else token
    response = http.get("/v1/audit", params=params, headers=headers)
    assert response.status_code == 200, response.text
    return [AuditEntry.model_validate(line) for line in response.json()]


def session_row(world: World, session_id: str) -> ids.Session | None:
    with world.store.transaction() as db:
        return ids.session(db, session_id)


def credentials(world: World, account_id: str) -> ids.Credentials:
    with world.store.transaction() as db:
        return ids.credentials(db, account_id)


def error(response: httpx.Response) -> dict[str, Any]:
    body = response.json()
    assert set(body) == {"error"}, body
    found: dict[str, Any] = body["error"]
    return found
