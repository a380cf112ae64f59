"""The central over TLS (``serve --certfile --keyfile``): the workstation trusts it through its ``ca_bundle``, and
both ends keep an idle connection longer than the gap between two holders, so a desk pays the TLS handshake once
per session, not once per holder (counted as TCP connections through the benchmarks' counting proxy on 127.0.0.1)."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from benchmarks.loopback_proxy import LatencyProxy
from benchmarks.loopback_server import OnItsOwnLoop
from central_client.errors import CentralRefused, CentralUnreachable
from central_client.http import KEEP_ALIVE_SECONDS, HttpCentral
from reference_central.self_signed import self_signed
from reference_central.server import KEEP_ALIVE_SECONDS as CENTRAL_KEEP_ALIVE
from reference_central.server import BackgroundCentral
from reference_central.service import Central
from reference_central.store import Store

CENTRAL = [sys.executable, "-m", "reference_central.cli"]
GAP_BETWEEN_HOLDERS = 6.0
"""Longer than the 5 s both ends kept an idle connection before."""


@pytest.fixture
def tls_central(tmp_path: Path) -> Iterator[tuple[BackgroundCentral, Path]]:
    certfile, keyfile = self_signed(tmp_path)
    store = Store(tmp_path / "central.sqlite3")
    server = BackgroundCentral(Central(store), certfile=certfile, keyfile=keyfile)
    server.start()
    yield server, certfile
    server.stop()
    store.close()


async def test_the_workstation_reaches_the_central_over_tls_through_its_ca_bundle(
    tls_central: tuple[BackgroundCentral, Path],
) -> None:
    server, certfile = tls_central
    assert server.url.startswith("https://127.0.0.1:")
    trusted = HttpCentral(server.url, ca_bundle=certfile)
    try:
        assert (await trusted.health()).status == "ok"
    finally:
        await trusted.aclose()
    stranger = HttpCentral(server.url)  # the system's authorities do not know this certificate
    try:
        with pytest.raises(CentralUnreachable):
            await stranger.health()
    finally:
        await stranger.aclose()
    with pytest.raises(httpx.TransportError):  # and nothing is served in clear on the TLS port
        httpx.get(server.url.replace("https", "http") + "/v1/health", timeout=5)


async def test_a_desk_pays_the_handshake_once_for_holders_arriving_minutes_apart(
    tls_central: tuple[BackgroundCentral, Path],
) -> None:
    server, certfile = tls_central
    assert CENTRAL_KEEP_ALIVE > KEEP_ALIVE_SECONDS >= 300  # both ends wait minutes; the central the longer
    port = int(server.url.rsplit(":", 1)[1])
    relay = OnItsOwnLoop(LatencyProxy("127.0.0.1", port), "tls-relay")  # TLS passes through it untouched
    desk = HttpCentral(relay.start().replace("http://", "https://"), ca_bundle=certfile)
    try:
        await desk.health()  # the first holder
        await asyncio.sleep(GAP_BETWEEN_HOLDERS)
        await desk.health()  # the next holder, after a gap that closed the connection before
        assert relay.server.traffic.connections == 1
    finally:
        await desk.aclose()
        relay.stop()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_over_https_and_refuse_what_cannot_be_served(tmp_path: Path) -> None:
    certfile, keyfile = self_signed(tmp_path)
    _other_cert, other_key = self_signed(tmp_path, "other")
    db = str(tmp_path / "c.sqlite3")
    for args, problem in (
        (["--certfile", str(certfile)], "--certfile and --keyfile go together"),
        (["--certfile", str(certfile), "--keyfile", str(tmp_path / "missing.key")], "no such file"),
        (["--certfile", str(certfile), "--keyfile", str(other_key)], "are not a PEM certificate and its private key"),
    ):
        run = subprocess.run([*CENTRAL, "--db", db, "serve", "--demo", *args], capture_output=True, text=True,
                             timeout=60)
        assert (run.returncode, problem in run.stderr) == (2, True), run.stderr
    port = _free_port()
    trusting = ssl.create_default_context(cafile=str(certfile))
    process = subprocess.Popen([*CENTRAL, "--db", db, "serve", "--demo", "--port", str(port), "--certfile",
                                str(certfile), "--keyfile", str(keyfile)], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                answer = httpx.get(f"https://127.0.0.1:{port}/v1/health", verify=trusting, timeout=1)
                break
            except httpx.TransportError:
                assert process.poll() is None and time.monotonic() < deadline, "the central did not start"
                time.sleep(0.1)
        assert answer.json()["training"] is True
    finally:
        process.terminate()
        printed = process.communicate(timeout=10)[0]
    assert f"on https://127.0.0.1:{port}" in printed


async def test_each_request_and_each_answer_is_one_tls_record(tls_central: tuple[BackgroundCentral, Path]) -> None:
    """A request's head and body leave the desk together, and an answer's head and body the central: each TLS
    record costs about 22 bytes of framing on the link, and may be a packet of its own."""
    server, certfile = tls_central
    port = int(server.url.rsplit(":", 1)[1])
    relay = OnItsOwnLoop(LatencyProxy("127.0.0.1", port), "tls-relay")
    desk = HttpCentral(relay.start().replace("http://", "https://"), ca_bundle=certfile)
    traffic = relay.server.traffic
    try:
        await desk.health()  # the handshake, and the central's session tickets after it
        await asyncio.sleep(0.2)
        for ask in (desk.health, lambda: desk.lookup("120002", "NOTACODE0000")):
            sent, received = traffic.records_sent, traffic.records_received
            with contextlib.suppress(CentralRefused):  # nobody is signed in: a refusal has a head and a body too
                await ask()
            await asyncio.sleep(0.2)
            assert (traffic.records_sent - sent, traffic.records_received - received) == (1, 1), traffic.paths[-1]
    finally:
        await desk.aclose()
        relay.stop()


def test_the_central_sends_no_session_tickets(tls_central: tuple[BackgroundCentral, Path]) -> None:
    """A desk keeps one connection a session and never resumes another: TLS 1.3 session tickets would only add
    about 500 bytes to each session's handshake."""
    server, certfile = tls_central
    host, port = server.url.removeprefix("https://").split(":")
    context = ssl.create_default_context(cafile=str(certfile))
    with socket.create_connection((host, int(port))) as raw, context.wrap_socket(raw, server_hostname=host) as tls:
        tls.sendall(f"GET /v1/health HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
        assert tls.recv(65536).startswith(b"HTTP/1.1 200")  # tickets, if any, come before the answer
        assert tls.version() == "TLSv1.3"
        assert tls.session is None or not tls.session.has_ticket
