"""A workstation killed at any moment loses no commit it returned to the officer and sends none twice.

A real worker process (:mod:`tests.queue.crash_worker`) queues validations and drains them to the real
reference central over HTTP; the test kills it with SIGKILL after a random delay, hundreds of times, so that
kills land while the queue is being opened, between ``add_commit`` and the officer's receipt, in the middle
of a request to the central, between the central's answer and ``mark_sent``, and while idle. Each run gets
carnets of its own; each run first sends what the killed ones before it left pending. At the end a freshly
started worker sends everything, and the queue file is checked against the central's own tables.

The runs are forked from a worker started once (``--serve``): a fresh interpreter takes about half a second
of CPU to import what the queue needs, more than a run, and 200 of them would not fit in the budget when the
other tests share the two cores.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import pytest

from carnet_domain.transaction_types import TransactionType
from tests.api.helpers import fresh_code
from tests.central_world import World, make_carnet
from tests.conftest import NOW

RUNS = 220
"""Worker runs, each ended by SIGKILL."""
PER_RUN = 9
"""Carnets each run may validate (a slice of its own: no declaration is offered twice)."""
CARNETS = RUNS * PER_RUN
MAX_DELAY = 0.3
"""Kills land from 0 to this many seconds into a run; a run queues and sends its slice in about 0.2 s."""
ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


@dataclass
class Runs:
    """What the kills saw: the keys the officer got, and where in its run each worker died."""

    printed: list[tuple[str, str]] = field(default_factory=list)
    """(idempotency key, carnet ID) of every commit returned to the officer, from every run."""
    kills: int = 0
    stages: Counter[str] = field(default_factory=Counter)
    delays: list[float] = field(default_factory=list)


def seed(world: World, codes: Path) -> None:
    """``CARNETS`` carnets, each with a validation declared, in one transaction; their pairs to ``codes``."""
    lines: list[str] = []
    with world.store.transaction():  # the helpers' own transactions join this one
        for n in range(CARNETS):
            carnet = world.add_carnet(make_carnet(str(880_000 + n), f"CRASH{n:05d}", items=1))
            code = fresh_code()
            world.declare(carnet, TransactionType.VALIDATION, code)
            lines.append(f"{carnet.carnet_id} {code}")
    codes.write_text("\n".join(lines) + "\n")


def command(world: World, queue: Path, codes: Path, *extra: str) -> list[str]:
    return [
        sys.executable, "-m", "tests.queue.crash_worker", "--queue", str(queue), "--url", world.url,
        "--token", world.tokens["officer.ch"], "--now", NOW.isoformat(), "--codes", str(codes), *extra,
    ]


class ForkServer:
    """``crash_worker --serve``: forks the runs; tells their pids; reaps them once the test has killed them."""

    def __init__(self, base: list[str], log: IO[str], log_path: Path) -> None:
        self.log_path = log_path
        self.unreaped: set[int] = set()
        began = time.monotonic()
        self.proc = subprocess.Popen(
            [*base, "--serve"], cwd=ROOT, env=ENV, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log,
            text=True,
        )
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.stdin, self.stdout = self.proc.stdin, self.proc.stdout
        self.expect("ready")
        self.startup = time.monotonic() - began

    def expect(self, *words: str) -> list[str]:
        line = self.stdout.readline()
        reply = line.split()
        assert reply[: len(words)] == list(words), f"{line!r}\n{self.log_path.read_text()[-3000:]}"
        return reply[len(words):]

    def fork(self, span: str, seed: int, out: Path) -> int:
        self.stdin.write(f"run {span} {seed} {out}\n")
        self.stdin.flush()
        pid = int(self.expect("pid")[0])
        self.unreaped.add(pid)
        return pid

    def kill(self, pid: int) -> None:
        """SIGKILL a run. It is the server's child and not yet reaped, so ``pid`` is still that run's: were
        the server gone, its runs would have died with it (and this pid be anyone's)."""
        assert pid in self.unreaped and self.proc.poll() is None, self.log_path.read_text()[-3000:]
        os.kill(pid, signal.SIGKILL)

    def reap(self, pid: int) -> int:
        """Wait for a run; its exit code (``-9``: killed)."""
        self.stdin.write(f"reap {pid}\n")
        self.stdin.flush()
        self.unreaped.discard(pid)  # reaped by the server now, or when it exits: not ours to kill any more
        return int(self.expect("reaped", str(pid))[0])

    def close(self) -> None:
        """No run left running, nor the server, whatever happened."""
        try:
            if self.proc.poll() is None:
                for pid in self.unreaped:
                    with suppress(ProcessLookupError):
                        os.kill(pid, signal.SIGKILL)
                self.stdin.close()  # the server kills and reaps any run it still has, then exits
                self.proc.wait(timeout=30)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait(timeout=30)
            self.stdout.close()


@contextmanager
def fork_server(base: list[str], log: IO[str], log_path: Path) -> Iterator[ForkServer]:
    server = ForkServer(base, log, log_path)
    try:
        yield server
    finally:
        server.close()


def stage(world: World, lines: list[str]) -> str:
    """Where a run was when it died, as far as its output (and the central) tell."""
    if not lines:
        return "opening the queue / first commit"
    kind, *rest = lines[-1].split()
    if kind == "sending":
        with world.store.transaction() as db:
            known = rest[0] in {r["key"].split("\n", 1)[-1] for r in db.execute("SELECT key FROM idempotency")}
        return "mid-request, committed at the central" if known else "mid-request, not (yet) at the central"
    return {
        "queued": "just after queuing", "answered": "after an answer, around mark_sent", "done": "idle, all sent",
    }[kind]


def run_and_kill(world: World, server: ForkServer, index: int, delay: float, runs: Runs, out: Path) -> None:
    out.touch()  # the run may die before it opens it
    pid = server.fork(f"{index * PER_RUN}:{(index + 1) * PER_RUN}", index, out)
    time.sleep(delay)
    server.kill(pid)
    code = server.reap(pid)
    lines = out.read_text().splitlines()
    assert code == -signal.SIGKILL, (
        f"run {index} ended by itself ({code}): {lines}\n{server.log_path.read_text()[-3000:]}"
    )
    runs.kills += 1
    runs.delays.append(delay)
    runs.stages[stage(world, lines)] += 1
    for line in lines:
        kind, *rest = line.split()
        assert kind in {"queued", "sending", "answered", "done"}, line
        if kind == "queued":
            key, carnet_id = rest
            runs.printed.append((key, carnet_id))


def kill_delay(rng: random.Random, index: int) -> float:
    """The first runs within 10 ms, while the queue file is being created (a run reaches ``open`` within a
    millisecond of its fork); then one in six within 15 ms (opening, the first probe) and the rest spread over
    a whole run."""
    if index < 12:
        return rng.uniform(0, 0.010)
    return rng.uniform(0, 0.015) if rng.random() < 1 / 6 else rng.uniform(0, MAX_DELAY)


def final_sync(base: list[str], log: IO[str]) -> tuple[list[str], float]:
    """A worker started afresh sends everything left, then exits; its output and its start-up time."""
    began = time.monotonic()
    proc = subprocess.Popen(
        [*base, "--slice", "0:0", "--exit-when-done"], cwd=ROOT, env=ENV, stdout=subprocess.PIPE, stderr=log,
        text=True,
    )
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        startup = time.monotonic() - began
        rest, _ = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)
    assert first == "ready\n" and proc.returncode == 0, (first, rest, proc.returncode)
    return rest.splitlines(), startup


@pytest.mark.slow
def test_killed_workstation_loses_no_commit_and_sends_none_twice(world: World, tmp_path: Path) -> None:
    began = time.monotonic()
    codes, queue, log_path = tmp_path / "codes.txt", tmp_path / "queue.sqlite3", tmp_path / "workers.log"
    outputs = tmp_path / "runs"
    outputs.mkdir()
    seed(world, codes)
    base = command(world, queue, codes)
    rng = random.Random(20260615)
    runs = Runs()

    with log_path.open("a") as log:
        with fork_server(base, log, log_path) as server:
            for index in range(RUNS):
                run_and_kill(world, server, index, kill_delay(rng, index), runs, outputs / f"{index:03d}.out")
        final, startup = final_sync(base, log)

    assert final and final[-1].startswith("done 0 "), final  # nothing left pending
    summary = check(world, queue, runs)
    print(
        f"\n{summary}\n{runs.kills} kills in {RUNS} runs, {len(runs.printed)} commits returned to the officer; "
        f"kill delays {min(runs.delays) * 1000:.1f}-{max(runs.delays) * 1000:.0f} ms; where they died: "
        f"{dict(runs.stages)}; worker start-up {startup:.2f} s (fork server {server.startup:.2f} s); "
        f"wall time {time.monotonic() - began:.1f} s"
    )


def check(world: World, queue: Path, runs: Runs) -> str:
    """The queue file against the central's tables, once everything is sent; a summary of what was checked."""
    with world.store.transaction() as db:
        idempotency = {  # by the key alone: the queue's commits are all one officer's
            r["key"].split("\n", 1)[-1]: (int(r["status"]), json.loads(r["response"]))
            for r in db.execute("SELECT key, status, response FROM idempotency")
        }
        central = {r["transaction_id"]: r["carnet_id"] for r in db.execute("SELECT * FROM transactions")}
    queue_db = sqlite3.connect(queue)
    queue_db.row_factory = sqlite3.Row
    try:
        assert [tuple(r) for r in queue_db.execute("PRAGMA integrity_check")] == [("ok",)]
        items = queue_db.execute("SELECT * FROM outbox ORDER BY seq").fetchall()
        journal = queue_db.execute("SELECT action, subject FROM journal").fetchall()
    finally:
        queue_db.close()

    keys = [r["idempotency_key"] for r in items]
    assert len(set(keys)) == len(keys)
    carnet_of = {r["idempotency_key"]: json.loads(r["request"])["carnet_id"] for r in items}
    refs = {r["local_ref"] for r in items}

    # What the officer was given is in the queue, each once, for the carnet the receipt named.
    printed = Counter(key for key, _ in runs.printed)
    assert [key for key, n in printed.items() if n > 1] == []
    assert set(printed) <= set(keys)
    assert [(key, carnet) for key, carnet in runs.printed if carnet_of[key] != carnet] == []

    # Everything was sent and nothing refused (a validation sent twice would be: code_used, already_validated),
    # and each item kept the central's first answer to its key.
    assert [(r["local_ref"], r["state"], r["refusal_code"]) for r in items if r["state"] != "sent"] == []
    for r in items:
        status, first = idempotency[r["idempotency_key"]]
        kept = json.loads(r["response"])["transaction"]
        assert status == 201
        assert (kept["transaction_id"], kept["verification_code"]) == (
            first["transaction"]["transaction_id"], first["transaction"]["verification_code"]
        )

    # The central holds exactly the queue: one transaction per item, under its key, for its carnet, and
    # nothing that no item asked for...
    assert set(idempotency) == set(keys)
    sent = {key: str(idempotency[key][1]["transaction"]["transaction_id"]) for key in keys}
    assert sorted(sent.values()) == sorted(central)
    assert [key for key in keys if central[sent[key]] != carnet_of[key]] == []
    assert len(central) == len(items) == len(set(central.values()))
    # ...committed in the order the commits were made.
    numbers = [int(sent[key]) for key in keys]
    assert numbers == sorted(numbers)

    # The journal has each item queued once and sent once.
    for action in ("queued", "sent"):
        subjects = Counter(r["subject"] for r in journal if r["action"] == action)
        assert set(subjects) == refs, action
        assert [ref for ref, n in subjects.items() if n > 1] == [], action
    return (f"{len(items)} items queued and sent once each, {len(printed)} of them returned to the officer "
            f"({len(items) - len(printed)} on disk when their run was killed before the receipt)")
