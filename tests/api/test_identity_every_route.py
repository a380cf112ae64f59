"""An ended, expired or disabled account's credential is refused on EVERY route, and so is a token or a grant
outside what it covers: the routes are read from the app itself, so that a route added later is covered too. The
refusal comes from authentication, before the body or the parameters are looked at (an empty ``{}`` body and
made-up path parameters are sent)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

import httpx
import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute

from reference_central.api import create_app
from reference_central.identity.authentication import INTEGRATION_GROUPS, OFFLINE_ROUTES
from reference_central.routes.dependencies import authenticated
from reference_central.service import Central
from reference_central.store import Store
from tests.api.helpers import assert_refused
from tests.api.identity_helpers import bearer, first_sign_in, person, signed_in
from tests.central_world import World

OPEN = {("GET", "/v1/health"), ("POST", "/v1/sign-in"), ("POST", "/v1/sign-in/complete"),
        ("GET", "/v1/training/accounts")}
"""The routes anyone may call (besides FastAPI's own /openapi.json and /docs, which are not API routes)."""
PARAMETERS = {"transaction_id": "1", "hold_id": "1", "carnet": "CHTA00000133", "shift_id": "1",
              "account_id": "officer.ch", "session_id": "00000000-0000-0000-0000-000000000000",
              "workstation_id": "ws-1", "predeclaration_id": "1", "record_id": "1", "office_id": "bardonnex",
              "region_id": "ch-geneve", "kind": "regions", "exercise_id": "export", "trainee": "1"}
"""A plausible value for each path parameter; a route with another parameter fails the test until it is added."""


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    tags: frozenset[str]
    has_body: bool

    @property
    def url(self) -> str:
        def value(match: re.Match[str]) -> str:
            name = match.group(1)
            assert name in PARAMETERS, f"no plausible value for {{{name}}} of {self.path}"
            return PARAMETERS[name]

        return re.sub(r"\{(\w+)(?::\w+)?\}", value, self.path)

    def call(self, api: httpx.Client, headers: dict[str, str]) -> httpx.Response:
        return api.request(self.method, self.url, headers=headers, json={} if self.has_body else None)


def api_routes(app: FastAPI) -> list[tuple[str, APIRoute]]:
    """Every API route of ``app`` with the path it is served at. FastAPI 0.137.2 and later keep an included router
    as one node of ``app.routes``, which ``iter_route_contexts`` walks; earlier versions copy its routes there."""
    try:
        from fastapi.routing import iter_route_contexts
    except ImportError:
        return [(r.path, r) for r in app.routes if isinstance(r, APIRoute)]
    return [(c.path or "", c.original_route) for c in iter_route_contexts(app.routes)
            if isinstance(c.original_route, APIRoute)]


def app_routes() -> list[Route]:
    store = Store(":memory:")
    try:
        app = create_app(Central(store))
        return [Route(method, path, frozenset(str(tag) for tag in r.tags or ()), r.body_field is not None)
                for path, r in api_routes(app) for method in sorted(r.methods or ())]
    finally:
        store.close()


ROUTES = app_routes()
GUARDED = [r for r in ROUTES if (r.method, r.path) not in OPEN]


def test_the_open_routes_are_exactly_the_ones_meant_to_be_open() -> None:
    """A route is guarded when the authentication itself is one of its dependencies (every route also depends on
    the central): that is how a refusal for its body or headers is first a refusal for its credential."""
    store = Store(":memory:")
    app = create_app(Central(store))
    unguarded = {(m, path) for path, r in api_routes(app) for m in r.methods or ()
                 if not any(d.call is authenticated for d in r.dependant.dependencies)}
    store.close()
    assert unguarded == OPEN
    assert len(GUARDED) >= 50


@dataclass
class Credentials:
    ended: dict[str, str]
    disabled: dict[str, str]
    holds_token: dict[str, str]
    other_token: dict[str, str]
    grant: dict[str, str]
    idle: dict[str, str]
    expired: dict[str, str]


@pytest.fixture
def creds(id_world: World, api: httpx.Client) -> Credentials:
    admin = id_world.tokens["admin"]
    ended = signed_in(id_world, api, "admin").token
    assert api.post("/v1/sign-out", headers=bearer(ended)).status_code == 204

    second = person(api, admin, "admin.two", "admin").set_password
    assert second is not None
    disabled = first_sign_in(id_world, api, "admin.two", second.code).session.token
    assert api.post("/v1/accounts/admin.two/disable", headers=bearer(admin)).status_code == 200

    person(api, admin, "gateway.all", "admin", kind="integration")
    tokens = [api.post("/v1/accounts/gateway.all/tokens", json={"route_groups": groups}, headers=bearer(admin))
              for groups in (["holds"], sorted(INTEGRATION_GROUPS - {"holds"}))]
    assert all(t.status_code == 201 for t in tokens), [t.text for t in tokens]

    made = api.post("/v1/workstations", json={"name": "Desk", "office_id": "gva-airport"}, headers=bearer(admin))
    key = made.json()["key"]
    grant = signed_in(id_world, api, "officer.ch", workstation=key).offline
    assert grant is not None

    idle = signed_in(id_world, api, "admin").token
    expired = signed_in(id_world, api, "controller.ch").token
    return Credentials(
        ended=bearer(ended), disabled=bearer(disabled), holds_token=bearer(tokens[0].json()["token"]),
        other_token=bearer(tokens[1].json()["token"]),
        grant={"Authorization": f"Offline {grant.grant}", "X-Ecarnet-Workstation": key},
        idle=bearer(idle), expired=bearer(expired),
    )


def refusals(api: httpx.Client, headers: dict[str, str], routes: list[Route]) -> dict[str, tuple[int, str, str]]:
    """Each route's answer to ``headers``: status, code and detail."""
    found: dict[str, tuple[int, str, str]] = {}
    for route in routes:
        response = route.call(api, headers)
        body = response.json() if response.headers.get("content-type", "").startswith("application/json") else {}
        error = body.get("error", {}) if isinstance(body, dict) else {}
        found[f"{route.method} {route.path}"] = (response.status_code, error.get("code", ""), error.get("detail", ""))
    return found


def only(found: dict[str, tuple[int, str, str]], expected: tuple[int, str, str]) -> None:
    wrong = {route: answer for route, answer in found.items() if answer != expected}
    assert not wrong, f"expected {expected} on every route; these answered otherwise: {wrong}"


def test_no_credential_is_unauthenticated_on_every_route(api: httpx.Client) -> None:
    only(refusals(api, {}, GUARDED), (401, "unauthenticated", ""))


def test_an_ended_session_is_refused_on_every_route(api: httpx.Client, creds: Credentials) -> None:
    only(refusals(api, creds.ended, GUARDED), (401, "session_expired", "signed out"))


def test_a_disabled_accounts_session_is_refused_on_every_route(api: httpx.Client, creds: Credentials) -> None:
    only(refusals(api, creds.disabled, GUARDED), (401, "session_expired", "account disabled"))


def test_an_integration_token_is_refused_outside_its_route_groups_on_every_route(
    api: httpx.Client, creds: Credentials
) -> None:
    covered: set[str] = set()
    for headers, groups in ((creds.holds_token, {"holds"}), (creds.other_token, INTEGRATION_GROUPS - {"holds"})):
        outside = [r for r in GUARDED if not r.tags & groups]
        covered |= {f"{r.method} {r.path}" for r in outside}
        for route, (status, code, _) in refusals(api, headers, outside).items():
            assert (status, code) == (403, "token_scope"), route
    assert covered == {f"{r.method} {r.path}" for r in GUARDED}  # every route refused to one of the two tokens
    # Identity and accounts are in no token's groups.
    assert {"identity", "accounts", "workstations"} <= {t for r in GUARDED for t in r.tags} - INTEGRATION_GROUPS


def test_an_offline_grant_is_refused_on_every_route_but_sending_commits(
    api: httpx.Client, creds: Credentials
) -> None:
    others = [r for r in GUARDED if (r.method, r.path) not in OFFLINE_ROUTES]
    only(refusals(api, creds.grant, others), (403, "token_scope", "an offline grant only sends commits"))
    for route in (r for r in GUARDED if (r.method, r.path) in OFFLINE_ROUTES):
        # Past authentication: the empty body is what is wrong now.
        assert_refused(route.call(api, creds.grant), 422, "invalid_request")


def test_an_idle_or_expired_session_is_refused_on_every_route(
    id_world: World, api: httpx.Client, creds: Credentials
) -> None:
    id_world.clock.advance(timedelta(minutes=30))
    only(refusals(api, creds.idle, GUARDED), (401, "session_expired", "idle"))
    # An expired session whose end nobody noticed yet (no request since): refused as expired, every time.
    id_world.clock.advance(timedelta(hours=12))
    only(refusals(api, creds.expired, GUARDED), (401, "session_expired", "expired"))
