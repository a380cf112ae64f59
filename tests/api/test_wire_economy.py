"""What a desk's link carries: compressed answers (Brotli, else gzip, else none), a lookup's history without the
officers and verification codes of earlier transactions, a lookup that leaves out the session's own office, and a
desk that names its release only when it signs in."""

from __future__ import annotations

import json as jsonlib
import logging

import brotli
import httpx
import pyotp
import pytest

from carnet_domain.history import WITHHELD_IN_HISTORY
from carnet_domain.transaction_types import TransactionType as T
from central_client.http import USER_AGENT, HttpCentral
from reference_central.compression import accepted
from reference_central.demo.identity import DEMO_PASSWORD, demo_totp_secret
from tests.api.helpers import refused
from tests.api.test_eu_and_holds import commit, declared, new_carnet
from tests.central_world import World


def raw(
    world: World, method: str, path: str, account: str = "officer.ch", *, headers: dict[bytes, bytes] | None = None,
    json: object = None, params: dict[str, str] | None = None,
) -> httpx.Response:
    """``path`` asked by ``account``'s session over a plain httpx client, which decodes Brotli and gzip."""
    with httpx.Client(base_url=world.url, timeout=10.0) as http:
        sent = {b"Authorization": f"Bearer {world.token(account)}".encode(), **(headers or {})}
        return http.request(method, path, headers=sent, json=json, params=params)


@pytest.mark.parametrize(("offered", "coding"), [
    ("br, gzip", "br"), ("gzip, deflate, br", "br"), ("gzip", "gzip"), ("br;q=0, gzip", "gzip"),
    ("BR;Q=0.5", "br"), ("identity", None), ("br;q=zero, gzip;q=0", None),
])
def test_answers_are_compressed_as_the_client_accepts(world: World, offered: str, coding: str | None) -> None:
    plain = raw(world, "GET", "/v1/territories", headers={b"Accept-Encoding": b"identity"})
    answer = raw(world, "GET", "/v1/territories", headers={b"Accept-Encoding": offered.encode()})
    assert answer.status_code == plain.status_code == 200
    assert answer.headers.get("content-encoding") == coding
    assert answer.json() == plain.json()  # httpx decodes Brotli and gzip alike
    if coding == "br":
        with httpx.Client(base_url=world.url) as http:  # the bytes as sent, decoded by the library itself
            sent = http.send(http.build_request("GET", "/v1/territories", headers={
                "Accept-Encoding": offered, "Authorization": f"Bearer {world.token()}"}), stream=True)
            body = b"".join(sent.iter_raw())
        assert int(sent.headers["content-length"]) == len(body) < len(plain.content) / 2
        assert jsonlib.loads(brotli.decompress(body)) == plain.json()


def test_the_accepted_codings_are_read_as_http_says() -> None:
    assert accepted("gzip, deflate, br") == {"gzip", "deflate", "br"}
    assert accepted(" Br ; q=1 ,gzip;q=0") == {"br"}
    assert accepted("br;q=0.0, *;q=0") == set()
    assert accepted("") == set()
    assert accepted(",,;q=1") == set()


async def test_a_lookups_history_names_no_officer_and_no_verification_code(world: World, close_clients: None) -> None:
    """The office that committed keeps them in its own records; another office looking the carnet up sees the
    transactions, not who made them or the holder's receipt codes."""
    ch = world.client("officer.ch")
    carnet = new_carnet(world)
    await commit(world, ch, carnet, T.VALIDATION)
    exported = (await commit(world, ch, carnet, T.EXPORTATION, "1-20")).transaction
    assert exported.verification_code and exported.officer_name

    code = declared(world, carnet, T.IMPORTATION, "1-20")
    for account in ("officer.ch", "officer.de"):
        answer = raw(world, "POST", "/v1/lookup", account, json={"carnet": carnet.number, "transaction_code": code})
        assert answer.status_code == 200, answer.text
        history = answer.json()["history"]
        assert [h["type"] for h in history] == ["validation", "exportation"]
        for entry in history:
            assert not set(WITHHELD_IN_HISTORY) & set(entry), entry
            assert exported.verification_code not in answer.text
    own = raw(world, "GET", "/v1/transactions", params={"carnet": carnet.carnet_id})
    assert own.status_code == 200, own.text
    assert exported.verification_code in own.text


async def test_a_lookup_at_the_sessions_office_does_not_name_it(world: World, close_clients: None) -> None:
    """The central acts at the session's office when a lookup names none; the desk names another office only when
    it means one (and is refused there unless its session works there)."""
    client = world.client("officer.ch")
    sent: list[bytes] = []

    async def note(request: httpx.Request) -> None:
        if request.url.path == "/v1/lookup":
            sent.append(request.content)

    client._http.event_hooks["request"].append(note)
    carnet = new_carnet(world)
    code = declared(world, carnet, T.VALIDATION)
    await client.lookup(carnet.number, code, "gva-airport")  # before the desk knows its session's office
    me = await client.me()
    assert me.office.office_id == "gva-airport"
    found = await client.lookup(carnet.number, code, "gva-airport")
    assert found.office_territory == "CH"
    await refused(client.lookup(carnet.number, code, "bardonnex"), "office_not_in_session")
    bodies = [jsonlib.loads(b) for b in sent]
    assert [b.get("office_id") for b in bodies] == ["gva-airport", None, "bardonnex"]
    assert bodies[1] == {"carnet": carnet.number, "transaction_code": code}


async def test_a_desk_names_its_release_when_it_signs_in_only(
    world: World, close_clients: None, caplog: pytest.LogCaptureFixture,
) -> None:
    """The central's request log notes which desk release signed in; the holders' requests that follow do not
    carry it again. A client's name is logged escaped and cut to 100 characters."""
    caplog.set_level(logging.INFO, logger="reference_central.requests")
    client = HttpCentral(world.url)
    world.clients.append(client)
    step = await client.sign_in("officer.ch", DEMO_PASSWORD)
    await client.complete_sign_in(step.challenge, pyotp.TOTP(demo_totp_secret("officer.ch")).at(world.clock()))
    await client.me()
    named = ("x\u202e\x1b[2J" + "y" * 500).encode()
    hostile = raw(world, "GET", "/v1/territories", headers={b"User-Agent": named})
    assert hostile.status_code == 200

    messages = [r.getMessage() for r in caplog.records if r.name == "reference_central.requests"]
    agents = {line["route"]: line.get("agent") for line in map(jsonlib.loads, messages)}
    assert agents["/v1/sign-in"] == agents["/v1/sign-in/complete"] == USER_AGENT
    assert agents["/v1/me"] is None
    assert agents["/v1/territories"] == named.decode("latin-1")[:100]
    assert "\x1b" not in messages[-1] and messages[-1].isascii()  # written as JSON escapes
