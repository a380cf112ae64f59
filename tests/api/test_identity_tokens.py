"""Integration accounts' tokens: limited to route groups and offices, expiring after their days, listed with the
account's sessions, revocable; never given to a person, never covering identity or accounts."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest

from central_contract.identity import IssuedToken
from reference_central.demo.identity import DEMO_PASSWORD
from tests.api.helpers import assert_refused
from tests.api.identity_helpers import bearer, person, start
from tests.central_world import World

GATEWAY = "gateway.ge"


@pytest.fixture
def gateway(id_world: World, api: httpx.Client) -> str:
    """An integration account (officer's role) at gva-airport, in the manager's region."""
    created = person(api, id_world.tokens["manager.ch"], GATEWAY, kind="integration")
    assert created.set_password is None
    return GATEWAY


def issue(id_world: World, api: httpx.Client, **body: Any) -> IssuedToken:
    response = api.post(f"/v1/accounts/{GATEWAY}/tokens", json=body, headers=bearer(id_world.tokens["manager.ch"]))
    assert response.status_code == 201, response.text
    return IssuedToken.model_validate_json(response.content)


def test_a_token_acts_only_on_its_route_groups(id_world: World, api: httpx.Client, gateway: str) -> None:
    token = bearer(issue(id_world, api, route_groups=["holds", "monitoring"]).token)
    for allowed in ("/v1/holds", "/v1/transits"):
        assert api.get(allowed, headers=token).status_code == 200, allowed
    for method, path in (("GET", "/v1/transactions"), ("GET", "/v1/me"), ("GET", "/v1/sessions"),
                         ("GET", "/v1/accounts"), ("POST", "/v1/sign-out"), ("GET", "/v1/logs/carnets")):
        error = assert_refused(api.request(method, path, headers=token), 403, "token_scope")
        assert error["detail"] in {"transactions", "accounts", "identity", "logs"}, (path, error)
    # The token still works: a refusal of scope ends nothing.
    assert api.get("/v1/holds", headers=token).status_code == 200


def test_a_token_acts_only_for_its_offices(id_world: World, api: httpx.Client, gateway: str) -> None:
    own = bearer(issue(id_world, api, route_groups=["transactions"]).token)
    assert api.get("/v1/transactions", headers=own).status_code == 200  # its account's office by default
    assert api.get("/v1/transactions", params={"office_id": "gva-airport"}, headers=own).status_code == 200
    assert assert_refused(api.get("/v1/transactions", params={"office_id": "bardonnex"}, headers=own),
                          403, "token_scope")["detail"] == "bardonnex"

    elsewhere = issue(id_world, api, route_groups=["transactions"], offices=["bardonnex"])
    assert elsewhere.offices == ["bardonnex"]
    other = bearer(elsewhere.token)
    assert api.get("/v1/transactions", params={"office_id": "bardonnex"}, headers=other).status_code == 200
    assert_refused(api.get("/v1/transactions", headers=other), 403, "token_scope")
    # An office outside the account's region is not given at all.
    response = api.post(f"/v1/accounts/{GATEWAY}/tokens", json={"route_groups": ["transactions"], "offices": ["cdg"]},
                        headers=bearer(id_world.tokens["manager.ch"]))
    assert_refused(response, 403, "office_not_in_region")


def test_a_token_expires_after_its_days(id_world: World, api: httpx.Client, gateway: str) -> None:
    issued = issue(id_world, api, route_groups=["holds"], days=2)
    assert issued.expires_at == id_world.clock() + timedelta(days=2)
    token = bearer(issued.token)
    id_world.clock.advance(timedelta(days=1, hours=23, minutes=59))  # no idle end for a token
    assert api.get("/v1/holds", headers=token).status_code == 200
    id_world.clock.advance(timedelta(minutes=1))
    assert assert_refused(api.get("/v1/holds", headers=token), 401, "session_expired")["detail"] == "expired"


def test_tokens_are_listed_with_the_accounts_sessions_and_revocable(
    id_world: World, api: httpx.Client, gateway: str
) -> None:
    manager = bearer(id_world.tokens["manager.ch"])
    first = issue(id_world, api, route_groups=["holds"])
    second = issue(id_world, api, route_groups=["transactions", "holds"], offices=["bardonnex", "gva-airport"])
    listed = api.get("/v1/sessions", params={"account_id": GATEWAY}, headers=manager)
    assert listed.status_code == 200, listed.text
    views = {s["session_id"]: s for s in listed.json()}
    assert set(views) == {first.session_id, second.session_id}
    assert views[second.session_id]["kind"] == "integration"
    assert views[second.session_id]["route_groups"] == ["holds", "transactions"]
    assert views[second.session_id]["offices"] == ["bardonnex", "gva-airport"]
    assert first.token not in listed.text

    assert api.post(f"/v1/sessions/{first.session_id}/revoke", headers=manager).status_code == 204
    assert_refused(api.get("/v1/holds", headers=bearer(first.token)), 401, "session_expired")
    assert api.get("/v1/holds", headers=bearer(second.token)).status_code == 200
    again = api.get("/v1/sessions", params={"account_id": GATEWAY}, headers=manager).json()
    assert [s["session_id"] for s in again] == [second.session_id]
    # Only the hash is kept.
    with id_world.store.transaction() as db:
        rows = "\n".join(str(tuple(r)) for r in db.execute("SELECT * FROM sessions"))
    assert first.token not in rows
    assert second.token not in rows


@pytest.mark.parametrize("body", [
    {"route_groups": ["holds", "payroll"]}, {"route_groups": ["identity"]}, {"route_groups": ["accounts"]},
    {"route_groups": []}, {"route_groups": ["holds"], "days": 0}, {"route_groups": ["holds"], "days": 731},
    {}, {"route_groups": ["holds"], "expires": "never"},
], ids=["unknown", "identity", "accounts", "none", "zero-days", "too-many-days", "empty", "unknown-field"])
def test_a_bad_token_request_is_refused(
    id_world: World, api: httpx.Client, gateway: str, body: dict[str, Any]
) -> None:
    response = api.post(f"/v1/accounts/{GATEWAY}/tokens", json=body, headers=bearer(id_world.tokens["manager.ch"]))
    assert_refused(response, 422, "invalid_request")
    with id_world.store.transaction() as db:
        assert db.execute("SELECT COUNT(*) FROM sessions WHERE kind = 'integration'").fetchone()[0] == 0


def test_an_integration_account_never_signs_in(id_world: World, api: httpx.Client, gateway: str) -> None:
    assert_refused(start(api, GATEWAY, DEMO_PASSWORD), 401, "sign_in_failed")
    assert_refused(start(api, f"{GATEWAY}@customs.invalid", ""), 422, "invalid_request")
