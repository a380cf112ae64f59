"""``ecarnet-central`` as a user runs it: a real process serving the demo, the demo codes, resets."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from carnet_domain.carnet import CarnetKind
from carnet_domain.payload import parse_payload
from carnet_domain.transaction_types import TransactionType

CENTRAL = [sys.executable, "-m", "reference_central.cli"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _codes(db: Path, *extra: str) -> list[dict[str, object]]:
    out = subprocess.run([*CENTRAL, "--db", str(db), "demo-codes", "--json", *extra],
                         capture_output=True, text=True, check=True)
    codes: list[dict[str, object]] = json.loads(out.stdout)
    return codes


@pytest.fixture
def served_demo(tmp_path: Path) -> Iterator[str]:
    port = _free_port()
    process = subprocess.Popen(
        [*CENTRAL, "--db", str(tmp_path / "c.sqlite3"), "serve", "--demo", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    try:
        while True:
            try:
                if httpx.get(f"{url}/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert process.poll() is None, "the central exited"
            assert time.monotonic() < deadline, "the central did not start"
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_serve_demo_publishes_the_openapi_contract(served_demo: str) -> None:
    spec = httpx.get(f"{served_demo}/openapi.json").json()
    paths = set(spec["paths"])
    assert {"/v1/health", "/v1/lookup", "/v1/transactions", "/v1/holds",
            "/v1/transactions/{transaction_id}/cancel"} <= paths
    health = httpx.get(f"{served_demo}/v1/health").json()
    assert health["training"] is True
    assert httpx.get(f"{served_demo}/v1/me").json()["error"]["code"] == "unauthenticated"


def test_demo_codes_list_every_scenario(tmp_path: Path) -> None:
    codes = _codes(tmp_path / "c.sqlite3")
    carnets = {c["carnet_id"] for c in codes}
    assert len(carnets) >= 14
    types = {c["transaction_type"] for c in codes}
    declarable = set(TransactionType) - {TransactionType.PRE_EXPORTATION}
    assert types == {t.value for t in declarable}
    assert {c["kind"] for c in codes} == {CarnetKind.ATA.value, CarnetKind.CPD.value}
    for code in codes:
        payload = parse_payload(str(code["payload"]))
        assert payload.training
        assert payload.carnet_id == code["carnet_id"]
        assert payload.transaction_code == code["transaction_code"]
        assert len(str(code["cancellation_code"])) == 12


def test_demo_reset_gives_each_trainee_a_separate_stable_set(tmp_path: Path) -> None:
    db = tmp_path / "c.sqlite3"
    subprocess.run([*CENTRAL, "--db", str(db), "demo", "reset", "--trainees", "15"], check=True,
                   capture_output=True)
    first = _codes(db)
    subprocess.run([*CENTRAL, "--db", str(db), "demo", "reset", "--trainees", "15"], check=True,
                   capture_output=True)
    assert _codes(db) == first
    trainees = {c["trainee"] for c in first}
    assert trainees == set(range(16))
    assert len({c["transaction_code"] for c in first}) == len(first)
    assert len({c["carnet_number"] for c in first}) == len({(c["trainee"], c["carnet_id"]) for c in first})
    only_three = _codes(db, "--trainee", "3")
    assert only_three and {c["trainee"] for c in only_three} == {3}


def test_demo_reset_refuses_an_impossible_group(tmp_path: Path) -> None:
    run = subprocess.run([*CENTRAL, "--db", str(tmp_path / "c.sqlite3"), "demo", "reset", "--trainees", "500"],
                         capture_output=True, text=True)
    assert run.returncode == 2
    assert "--trainees" in run.stderr
