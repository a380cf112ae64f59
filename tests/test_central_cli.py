"""``ecarnet-central`` as a user runs it: a real process serving the demo, the demo codes, resets."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from carnet_domain.carnet import CarnetKind
from carnet_domain.payload import parse_payload
from carnet_domain.transaction_types import TransactionType
from ecarnet_tui.settings import data_dir
from reference_central.demo.identity import DEMO_WORKSTATION_KEY
from reference_central.identity.passwords import CHEAP_PROFILE
from reference_central.locations import demo_db_path, live_db_path
from reference_central.server import start_demo_central
from reference_central.store import Store
from tests.sign_in_steps import demo_session

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


@contextmanager
def _serving(*args: str, env: dict[str, str] | None = None) -> Iterator[tuple[str, list[str]]]:
    """``ecarnet-central ARGS serve... --port P`` running until the block ends; then ``printed`` holds its output."""
    port = _free_port()
    process = subprocess.Popen([*CENTRAL, *args, "--port", str(port)], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    printed: list[str] = []
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
        yield url, printed
    finally:
        process.terminate()
        printed.append(process.communicate(timeout=10)[0])


@pytest.fixture
def served_demo(tmp_path: Path) -> Iterator[str]:
    with _serving("--db", str(tmp_path / "c.sqlite3"), "serve", "--demo") as (url, _printed):
        yield url


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


@pytest.fixture
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """An empty data folder (XDG_DATA_HOME) for this process and the central's: the default databases land there."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return {**os.environ}


def _central(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CENTRAL, *args], env=env, capture_output=True, text=True)


def test_the_demo_commands_work_on_the_workstations_embedded_demo(data_home: dict[str, str]) -> None:
    demo = demo_db_path()
    assert demo.parent == data_dir()
    reset = _central(data_home, "demo", "reset", "--trainees", "2")
    assert reset.returncode == 0, reset.stderr
    assert f"Demo restored in {demo} with 2 trainee set(s)." in reset.stdout
    listed = _central(data_home, "demo-codes", "--json")
    assert listed.returncode == 0, listed.stderr
    assert f"Demo codes from {demo}" in listed.stderr
    codes = json.loads(listed.stdout)
    assert {c["trainee"] for c in codes} == {0, 1, 2}
    assert demo.is_file() and not live_db_path().exists()

    # The embedded demo central, with no file named, opens that file: it finds the trainees' sets the trainer printed.
    server = start_demo_central(profile=CHEAP_PROFILE)
    try:
        assert Store(demo).get_meta("demo_trainees") == "2"
        code = next(c for c in codes if c["trainee"] == 2 and c["office_id"] == "gva-airport")
        with httpx.Client(base_url=server.url) as http:
            session = demo_session(http, "officer.ch", DEMO_WORKSTATION_KEY)
            found = http.post("/v1/lookup", headers={"Authorization": f"Bearer {session.token}"},
                              json={"carnet": code["carnet_number"], "transaction_code": code["transaction_code"]})
        assert found.status_code == 200, found.text
        assert found.json()["declaration"]["transaction_code"] == code["transaction_code"]
    finally:
        server.stop()

    with _serving("serve", "--demo", env=data_home) as (url, printed):
        assert httpx.get(f"{url}/v1/health").json()["training"] is True
    assert f"database {demo}" in printed[0]


def test_serve_and_token_use_the_live_database_not_the_demo(data_home: dict[str, str]) -> None:
    live = live_db_path()
    assert live != demo_db_path()
    with _serving("serve", env=data_home) as (url, printed):
        assert httpx.get(f"{url}/v1/health").json()["training"] is False
    assert f"database {live}" in printed[0]
    token = _central(data_home, "token", "officer.ch", "--groups", "transactions")
    assert token.returncode == 1, token.stderr
    assert "No token issued: There is no such account (officer.ch)." in token.stderr  # no demo accounts live
    assert live.is_file() and not demo_db_path().exists()
    assert Store(live).get_meta("demo_seeded_on") is None


def test_help_names_each_commands_default_database(data_home: dict[str, str]) -> None:
    general = _central(data_home, "--help").stdout
    assert f"demo database  {demo_db_path()}" in general and f"live database  {live_db_path()}" in general
    for command, path in ((["demo-codes"], demo_db_path()), (["demo", "reset"], demo_db_path()),
                          (["token"], live_db_path()), (["serve"], live_db_path())):
        assert str(path) in _central(data_home, *command, "--help").stdout, command
    assert f"with --demo, the workstation's embedded demo database, {demo_db_path()}" in _central(
        data_home, "serve", "--help").stdout
