"""Hostile values at the identity routes: huge passwords and bodies, control and bidirectional characters in the
account name, garbage in ``Authorization``, an ``Offline`` credential without its workstation. None is a 500;
each is refused with the central's own refusal: a name with control or bidirectional characters is invalid (422)
and never reaches the audit trail, which keeps any other name as data, never markup."""

from __future__ import annotations

import json

import httpx
import pytest

from reference_central.api import MAX_BODY
from reference_central.demo.identity import DEMO_PASSWORD
from tests.api.helpers import assert_refused
from tests.api.identity_helpers import audit, bearer, signed_in, start
from tests.central_world import World


def test_a_megabyte_body_is_refused_before_it_is_read(api: httpx.Client) -> None:
    body = json.dumps({"account": "officer.ch", "password": "x" * (1024 * 1024)})
    response = api.post("/v1/sign-in", content=body, headers={"Content-Type": "application/json"})
    assert_refused(response, 413, "body_too_large")
    # Sent in chunks with no announced length, the same.
    chunked = api.post("/v1/sign-in", content=iter([body[i:i + 65536].encode() for i in range(0, len(body), 65536)]),
                       headers={"Content-Type": "application/json"})
    assert_refused(chunked, 413, "body_too_large")
    assert len(body) > MAX_BODY


@pytest.mark.parametrize("field", ["password", "account"])
def test_an_overlong_password_or_name_is_invalid_not_hashed(api: httpx.Client, field: str) -> None:
    body = {"account": "officer.ch", "password": DEMO_PASSWORD, field: "p" * 2000}
    error = assert_refused(api.post("/v1/sign-in", json=body), 422, "invalid_request")
    assert field in error["detail"]


def test_a_new_password_past_the_limit_is_refused(id_world: World, api: httpx.Client) -> None:
    step = start(api, "officer.ch", DEMO_PASSWORD).json()
    response = api.post("/v1/sign-in/complete", json={"challenge": step["challenge"], "code": "000000",
                                                      "new_password": "w" * 5000})
    assert_refused(response, 422, "invalid_request")
    # The longest accepted passphrase is 256 characters: more is a clear refusal, not a crash.
    session = signed_in(id_world, api, "officer.ch")
    change = api.post("/v1/password", json={"current_password": DEMO_PASSWORD, "new_password": "long words " * 30},
                      headers=bearer(session.token))
    assert "at most 256" in assert_refused(change, 422, "weak_password")["detail"]


@pytest.mark.parametrize("name", ["[bold red]admin[/]", "\ud7ff\ufeffofficer.ch", "o" * 200],
                         ids=["markup", "bom", "longest"])
def test_markup_and_odd_characters_in_the_name_are_kept_as_data(id_world: World, api: httpx.Client, name: str) -> None:
    answer = start(api, name, "not the password at all")
    assert_refused(answer, 401, "sign_in_failed")
    lines = [x for x in audit(api, id_world.tokens["admin"]) if x.action.value == "sign_in_failed"]
    assert [x.account_id for x in lines] == [name]
    assert lines[0].region_id == ""
    assert lines[0].reason == "unknown account from 127.0.0.1"
    assert signed_in(id_world, api, "officer.ch").me.account.account_id == "officer.ch"


@pytest.mark.parametrize(("name", "named"), [
    ("officer.ch\u202e\u2066gpj.exe", "U+202E"), ("\x00officer.ch", "U+0000"), ("officer\x07.ch\x1b[31m", "U+0007"),
    ("officer.ch\x85", "U+0085"), ("officer.ch\x7f", "U+007F"),
], ids=["bidi", "nul", "escape", "c1", "del"])
def test_control_and_bidi_characters_in_the_name_are_refused_and_never_reach_the_audit_trail(
    id_world: World, api: httpx.Client, name: str, named: str
) -> None:
    error = assert_refused(start(api, name, "not the password at all"), 422, "invalid_request")
    assert error["fields"][0]["field"] == "body.account"
    assert named in error["detail"]
    assert [x for x in audit(api, id_world.tokens["admin"]) if x.action.value == "sign_in_failed"] == []
    # The name is not the account's, whatever it looks like once the control characters are stripped.
    assert signed_in(id_world, api, "officer.ch").me.account.account_id == "officer.ch"


@pytest.mark.parametrize("value", [
    "Bearer " + "A" * 1990, "Bearer " + "A" * 5000, "Bearer\t\tx", "Bearer a b c", "Bearer\u00a0x", "Offline",
    "Offline ecg_not_a_grant", "Token abc", "Basic b2ZmaWNlci5jaDpjYXJuZXQgdHJhaW5pbmc=", ",,,,", "Bearer ÿþ",
], ids=["long", "huge", "tabs", "spaces", "nbsp", "offline-empty", "offline-no-key", "other-scheme", "basic",
        "commas", "latin1"])
def test_garbage_in_authorization_is_refused_as_such(api: httpx.Client, value: str) -> None:
    headers = {b"Authorization": value.encode("latin-1")}  # sent as bytes: what a client may put there
    for method, path, body in (("GET", "/v1/me", None), ("POST", "/v1/accounts", {}),
                               ("POST", "/v1/transactions", {})):
        response = api.request(method, path, headers=headers, json=body)
        assert response.status_code in (401, 403), (path, response.text)
        code = response.json()["error"]["code"]
        if value.startswith("Offline ") and path == "/v1/transactions":
            assert code == "offline_grant_refused", response.text
        elif value.startswith("Offline "):
            assert code == "token_scope", response.text
        else:
            assert code == "unauthenticated", response.text


def test_an_offline_grant_without_the_workstation_header_is_refused(id_world: World, api: httpx.Client) -> None:
    key = api.post("/v1/workstations", json={"name": "Desk", "office_id": "gva-airport"},
                   headers=bearer(id_world.tokens["manager.ch"])).json()["key"]
    grant = signed_in(id_world, api, "officer.ch", workstation=key).offline
    assert grant is not None
    for extra in ({}, {"X-Ecarnet-Workstation": ""}, {"X-Ecarnet-Workstation": "k" * 5000}):
        response = api.post("/v1/transactions", json={}, headers={"Authorization": f"Offline {grant.grant}", **extra})
        assert_refused(response, 403, "offline_grant_refused")


def test_malformed_json_to_a_guarded_route_is_refused_as_unauthenticated(api: httpx.Client) -> None:
    """Without a credential nothing about the body is said: not even that it is not JSON."""
    response = api.post("/v1/accounts", content=b"{not json", headers={"Content-Type": "application/json"})
    assert_refused(response, 401, "unauthenticated")
