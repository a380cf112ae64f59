"""Exactly once across server processes: two ``ecarnet-central serve`` processes on one PostgreSQL database, clients
racing for the same transaction codes through both, with different keys and with the same key; then one process
killed (SIGKILL) under load. Whatever a client was answered ``201`` is in the database, once; each code is spent
once; each key made at most one transaction."""

from __future__ import annotations

import itertools
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from carnet_domain.transaction import Declaration
from carnet_domain.transaction_types import TransactionType as T
from reference_central import records
from reference_central.demo.seed import seed_demo
from reference_central.identity.passwords import CHEAP_PROFILE
from reference_central.schema_version import upgrade
from reference_central.store import Store
from tests.central_world import make_carnet, open_session
from tests.conftest import PostgresDatabases

CLIENTS = 20
CENTRAL = [sys.executable, "-m", "reference_central.cli"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    url: str


def _serve(url: str, key: Path, log: Path, *more: str) -> Server:
    port = _free_port()
    env = {**os.environ, "ECARNET_CENTRAL_KEY_FILE": str(key)}
    with log.open("ab") as out:
        process = subprocess.Popen([*CENTRAL, "--db", url, "serve", "--port", str(port), *more], env=env,
                                   stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text()[-2000:]
        try:
            if httpx.get(f"{base}/v1/health", timeout=2).status_code == 200:
                return Server(process, base)
        except httpx.TransportError:
            time.sleep(0.1)
    raise AssertionError(f"the server did not answer within 60 s: {log.read_text()[-2000:]}")


def _together(client: Callable[[int], None]) -> None:
    """:data:`CLIENTS` clients at once, each in a thread of its own (``client(i)``), until all are done."""
    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)


def _stop_all(servers: list[Server]) -> None:
    for server in servers:
        _stop(server)


def _stop(server: Server) -> None:
    if server.process.poll() is None:
        os.killpg(server.process.pid, signal.SIGTERM)
        try:
            server.process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(server.process.pid, signal.SIGKILL)
            server.process.wait(20)


@dataclass
class Central:
    url: str
    key: Path
    store: Store
    token: str
    today: date


@pytest.fixture
def central(postgres_databases: PostgresDatabases, tmp_path: Path) -> Iterator[Central]:
    """An emptied PostgreSQL database with the demo organisation, and a session of officer.ch opened now."""
    url = postgres_databases.emptied("processes")
    key = tmp_path / "central.key"
    store = Store(url, key_file=key)
    upgrade(store)
    now = datetime.now(UTC)
    seed_demo(store, now, profile=CHEAP_PROFILE)
    token = open_session(store, "officer.ch", now)
    yield Central(url, key, store, token, now.date())
    store.close()


_serial = itertools.count(1)


def _carnets(central: Central, count: int) -> list[tuple[str, str]]:
    """``count`` new carnets, each with a validation declared: (carnet ID, transaction code)."""
    made = []
    with central.store.transaction() as db:
        for _ in range(count):
            n = next(_serial)
            carnet = make_carnet(str(990000 + n), f"CH-PROC{n:05d}", issue=central.today - timedelta(days=30),
                                 valid_until=central.today + timedelta(days=300))
            records.put_carnet(db, carnet)
            code = f"PRC{n:09d}".replace("0", "A").replace("1", "B")
            records.put_declaration(db, Declaration(carnet_id=carnet.carnet_id, transaction_code=code,
                                                    type=T.VALIDATION), "CANCEL" + "B" * 6)
            made.append((carnet.carnet_id, code))
    return made


def _body(carnet_id: str, code: str) -> dict[str, object]:
    return {"carnet_id": carnet_id, "transaction_code": code, "type": "validation", "office_id": "gva-airport",
            "goods": {"declared_goods": ""}, "customs": {}}


def _transactions(central: Central, carnet_ids: list[str]) -> dict[str, list[str]]:
    with central.store.transaction() as db:
        return {cid: [t.transaction_id for t in records.history(db, cid)] for cid in carnet_ids}


def test_clients_racing_through_two_server_processes_make_one_transaction_per_code_and_per_key(
    central: Central, tmp_path: Path,
) -> None:
    servers = [_serve(central.url, central.key, tmp_path / f"server{i}.log") for i in range(2)]
    try:
        codes = _carnets(central, 10)
        keys = {code: [str(uuid.uuid4()) for _ in range(4)] for _, code in codes}  # five clients share each key
        answers: list[tuple[str, str, int, dict[str, object]]] = []
        lock, start = threading.Lock(), threading.Barrier(CLIENTS)

        def client(i: int) -> None:
            order = codes[:]
            random.Random(i).shuffle(order)
            with httpx.Client(headers={"Authorization": f"Bearer {central.token}"}, timeout=60) as http:
                http.get(f"{servers[i % 2].url}/v1/me")
                start.wait(30)
                for carnet_id, code in order:
                    key = keys[code][i % 4]
                    answer = http.post(f"{servers[(i + len(answers)) % 2].url}/v1/transactions",
                                       json=_body(carnet_id, code), headers={"Idempotency-Key": key})
                    with lock:
                        answers.append((code, key, answer.status_code, answer.json()))

        _together(client)
    finally:
        _stop_all(servers)

    assert len(answers) == CLIENTS * len(codes)
    assert {status for *_, status, _ in answers} <= {201, 409}, Counter(s for *_, s, _ in answers)
    made = _transactions(central, [cid for cid, _ in codes])
    assert all(len(ids) == 1 for ids in made.values()), made  # one transaction per code
    by_key: dict[str, set[object]] = defaultdict(set)
    for _code, key, status, body in answers:
        if status == 201:
            by_key[key].add(body["transaction"]["transaction_id"])  # type: ignore[index]
        else:
            assert body["error"]["code"] in {"code_used", "already_validated"}, body  # type: ignore[index]
            by_key[key].add(status)
    # A key is answered alike every time: the one transaction it made, or the refusal (another key won the code).
    assert all(len(answers_to_key) == 1 for answers_to_key in by_key.values()), by_key
    answered = {a for answers_to_key in by_key.values() for a in answers_to_key if a != 409}
    assert answered == {ids[0] for ids in made.values()}  # every transaction made was answered 201, once per code


def test_a_server_process_killed_under_load_loses_nothing_answered_201(central: Central, tmp_path: Path) -> None:
    servers = [_serve(central.url, central.key, tmp_path / f"server{i}.log") for i in range(2)]
    codes = _carnets(central, 80)
    answered: dict[str, str] = {}  # code -> transaction ID answered 201
    failed: list[tuple[str, str, str]] = []  # (carnet, code, key) whose answer was lost with the killed server
    lock = threading.Lock()
    queue = iter(codes)

    def client(i: int) -> None:
        with httpx.Client(headers={"Authorization": f"Bearer {central.token}"}, timeout=30) as http:
            while True:
                with lock:
                    item = next(queue, None)
                if item is None:
                    return
                carnet_id, code = item
                key = str(uuid.uuid4())
                try:
                    answer = http.post(f"{servers[i % 2].url}/v1/transactions", json=_body(carnet_id, code),
                                       headers={"Idempotency-Key": key})
                except httpx.TransportError:
                    with lock:
                        failed.append((carnet_id, code, key))
                    continue
                assert answer.status_code == 201, answer.text
                with lock:
                    answered[code] = answer.json()["transaction"]["transaction_id"]

    try:
        threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
        for t in threads:
            t.start()
        deadline = time.monotonic() + 30
        while len(answered) < 10 and time.monotonic() < deadline:
            time.sleep(0.01)
        os.killpg(servers[0].process.pid, signal.SIGKILL)  # mid-load: requests are on their way to it
        for t in threads:
            t.join(120)
        assert failed, "the killed server was answering nothing: the test shows nothing"
        with httpx.Client(headers={"Authorization": f"Bearer {central.token}"}, timeout=30) as http:
            for carnet_id, code, key in failed:  # what a desk's queue does: the same request, same key, elsewhere
                again = http.post(f"{servers[1].url}/v1/transactions", json=_body(carnet_id, code),
                                  headers={"Idempotency-Key": key})
                assert again.status_code == 201, again.text
                answered[code] = again.json()["transaction"]["transaction_id"]
    finally:
        _stop_all(servers)

    made = _transactions(central, [cid for cid, _ in codes])
    assert len(answered) == len(codes)
    assert all(len(ids) == 1 for ids in made.values()), made  # nothing made twice, by the retries either
    assert {code: made[cid][0] for cid, code in codes} == answered  # everything answered 201 is there


def test_serve_with_two_worker_processes_answers_from_both(central: Central, tmp_path: Path) -> None:
    server = _serve(central.url, central.key, tmp_path / "workers.log", "--workers", "2")
    try:
        children = subprocess.run(["pgrep", "-P", str(server.process.pid)], capture_output=True, text=True)
        workers = [pid for pid in children.stdout.split() if Path(f"/proc/{pid}/cmdline").exists()]
        assert len(workers) >= 2, children.stdout  # uvicorn's two workers (beside its own helper, if any)
        with httpx.Client(headers={"Authorization": f"Bearer {central.token}"}, timeout=30) as http:
            (carnet_id, code), = _carnets(central, 1)
            made = http.post(f"{server.url}/v1/transactions", json=_body(carnet_id, code),
                             headers={"Idempotency-Key": str(uuid.uuid4())})
            assert made.status_code == 201, made.text
    finally:
        _stop(server)


def test_officers_holding_one_carnet_through_two_server_processes_place_one_hold(
    central: Central, tmp_path: Path,
) -> None:
    servers = [_serve(central.url, central.key, tmp_path / f"server{i}.log") for i in range(2)]
    try:
        carnets = _carnets(central, 3)
        answers: list[tuple[str, int, str]] = []
        lock, start = threading.Lock(), threading.Barrier(CLIENTS)

        def officer(i: int) -> None:
            with httpx.Client(headers={"Authorization": f"Bearer {central.token}"}, timeout=60) as http:
                http.get(f"{servers[i % 2].url}/v1/me")
                start.wait(30)
                for carnet_id, code in carnets:
                    answer = http.post(f"{servers[i % 2].url}/v1/holds", json={
                        "carnet_id": carnet_id, "transaction_code": code, "office_id": "gva-airport", "step": 3,
                        "reason": f"seals to check ({i})"})
                    error = answer.json().get("error", {}) if answer.status_code != 201 else {}
                    with lock:
                        answers.append((carnet_id, answer.status_code, str(error.get("code", ""))))

        _together(officer)
    finally:
        _stop_all(servers)
    assert len(answers) == CLIENTS * len(carnets)
    for carnet_id, _ in carnets:
        mine = [(status, code) for cid, status, code in answers if cid == carnet_id]
        assert sorted(mine) == [(201, "")] + [(409, "already_on_hold")] * (CLIENTS - 1), mine
        with central.store.transaction() as db:
            assert len(records.active_holds(db, carnet_id)) == 1


def test_each_worker_process_logs_its_requests_on_standard_error(central: Central, tmp_path: Path) -> None:
    """Each request's JSON line (under its request ID) goes to standard error, whichever worker answered it: with a
    systemd unit, to the journal."""
    log = tmp_path / "workers.log"
    server = _serve(central.url, central.key, log, "--workers", "2")
    names = [f"deploy-{n}-{uuid.uuid4().hex[:8]}" for n in range(20)]
    try:
        for name in names:  # a connection each: uvicorn's workers share the listening socket
            answer = httpx.get(f"{server.url}/v1/health", headers={"X-Request-ID": name}, timeout=10)
            assert answer.status_code == 200, answer.text
        unauthenticated = httpx.get(f"{server.url}/v1/me", headers={"X-Request-ID": names[0] + "-me"}, timeout=10)
        assert unauthenticated.status_code == 401
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and log.read_text().count('"request_id": "deploy-') < len(names) + 1:
            time.sleep(0.05)
    finally:
        _stop(server)
    logged = {}
    for line in log.read_text().splitlines():
        if " reference_central.requests: " in line:
            entry = json.loads(line.split(" reference_central.requests: ", 1)[1])
            logged[entry["request_id"]] = entry
    assert {name: logged.get(name, {}).get("status") for name in names} == dict.fromkeys(names, 200), log.read_text()
    assert logged[names[0] + "-me"] | {"ms": 0} == {"request_id": names[0] + "-me", "method": "GET",
                                                     "route": "/v1/me", "status": 401, "ms": 0,
                                                     "agent": f"python-httpx/{httpx.__version__}"}
