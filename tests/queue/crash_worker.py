"""A workstation that the crash test kills: it queues validations and sends them, until SIGKILL.

One run::

    python -m tests.queue.crash_worker --queue PATH --url URL --token T --now ISO --codes FILE --slice A:B

``FILE`` holds one ``carnet_id transaction_code`` per line; the run queues a validation for lines ``A`` to
``B - 1``, one after another, while a :class:`~offline_queue.sync.Syncer` sends them (after whatever an
earlier run left pending). ``--slice 0:0 --exit-when-done`` only sends what is left, then exits.

On stdout, one line at a time, flushed as soon as it is true:

* ``ready`` once the imports are done;
* ``queued KEY CARNET_ID`` after each ``add_commit`` returned: the commit is on disk, the officer has it;
* ``sending KEY`` as a commit leaves for the central, ``answered KEY TRANSACTION_ID`` when its answer is
  back (before the syncer records it), so that the test can tell where a kill landed;
* ``done PENDING NEEDS_REVIEW SENT`` once everything is queued and nothing is left pending. The run then
  keeps its syncer going, as a desk does, until it is killed (with ``--exit-when-done`` it exits 0).

Starting Python and importing the queue, pydantic's models and httpx takes about half a second of CPU: more
than a whole run. So that hundreds of kills fit in the test's budget, ``--serve`` (same other options) makes
this a fork server: it imports once, prints ``ready``, then for each ``run A:B SEED OUT_FILE`` line on stdin
forks a run whose stdout goes to ``OUT_FILE`` and answers ``pid PID``; ``reap PID`` (once the test has
killed it) answers ``reaped PID EXIT`` (``-9``: killed). Each run is its own process: it opens the queue, its
lock and its sockets itself, and dies by SIGKILL like any other. The server only ever waits for its runs,
and kills those it has not reaped when stdin closes; a run dies with the server (``PR_SET_PDEATHSIG``).
"""

from __future__ import annotations

import argparse
import asyncio
import ctypes
import os
import random
import signal
import sys
import threading
import traceback
from datetime import datetime
from pathlib import Path
from typing import NoReturn

from carnet_domain.transaction import GoodsDeclaration
from carnet_domain.transaction_types import TransactionType
from central_client.errors import OfflineCredential
from central_client.http import HttpCentral
from central_contract.models import CommitRequest, CommitResponse
from offline_queue.store import QueueStore
from offline_queue.sync import Backoff, Syncer

OFFICE_ID = "gva-airport"
"""officer.ch's office (``reference_central/demo/organisation.py``)."""
OFFICER = "officer.ch"
PR_SET_PDEATHSIG = 1


def emit(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


class AnnouncingCentral(HttpCentral):
    """The real HTTP client, saying on stdout when a commit leaves and when its answer is back."""

    async def commit(
        self, request: CommitRequest, idempotency_key: str, *, offline: OfflineCredential | None = None,
    ) -> CommitResponse:
        emit(f"sending {idempotency_key}")
        response = await super().commit(request, idempotency_key, offline=offline)
        emit(f"answered {idempotency_key} {response.transaction.transaction_id}")
        return response


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tests.queue.crash_worker")
    parser.add_argument("--queue", type=Path, required=True)
    parser.add_argument("--url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--now", type=datetime.fromisoformat, required=True, help="the desk's fixed time (ISO)")
    parser.add_argument("--codes", type=Path, required=True, help="a file of 'carnet_id code' lines")
    parser.add_argument("--slice", default="0:0", help="A:B, the lines of --codes this run queues")
    parser.add_argument("--pace", type=float, default=0.04, help="at most this many seconds between commits")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--exit-when-done", action="store_true", help="exit once nothing is left pending")
    parser.add_argument("--serve", action="store_true", help="fork a run for each 'run' line on stdin")
    return parser.parse_args(argv)


def pairs_of(codes: Path, span: str) -> list[tuple[str, str]]:
    first, _, stop = span.partition(":")
    lines = codes.read_text().splitlines()[int(first):int(stop)]
    return [(carnet_id, code) for carnet_id, code in (line.split() for line in lines)]


async def stop(task: asyncio.Task[None]) -> None:
    """Cancel ``task`` until it has stopped. On Python 3.11 ``Syncer.run()`` can lose a cancel: one that
    arrives while its wake event is set is swallowed by ``asyncio.wait_for`` in
    ``offline_queue.sync.wait_or_wake``, and the syncer carries on."""
    while not task.done():
        task.cancel()
        await asyncio.wait({task}, timeout=0.05)
    if not task.cancelled() and (error := task.exception()) is not None:
        raise error


async def work(
    store: QueueStore, central: HttpCentral, pairs: list[tuple[str, str]], *, pace: float, seed: int,
    exit_when_done: bool,
) -> int:
    rng = random.Random(seed)
    syncer = Syncer(store, central, backoff=Backoff(base=0.02, cap=0.2, rng=rng), signed_in=lambda: OFFICER)
    sending = asyncio.create_task(syncer.run())
    try:
        for carnet_id, code in pairs:
            request = CommitRequest(carnet_id=carnet_id, transaction_code=code, type=TransactionType.VALIDATION,
                                    goods=GoodsDeclaration())
            item = store.add_commit(request, office_id=OFFICE_ID, officer=OFFICER)
            emit(f"queued {item.idempotency_key} {carnet_id}")
            syncer.wake()
            await asyncio.sleep(rng.uniform(0, pace))
        while store.counts().pending:
            if sending.done():
                break  # the syncer failed: stop() raises its error
            await asyncio.sleep(0.005)
        else:
            counts = store.counts()
            emit(f"done {counts.pending} {counts.needs_review} {counts.sent}")
            if not exit_when_done:
                await sending  # idle, probing now and then, until the test kills this process
        return 0
    finally:
        await stop(sending)
        await central.aclose()


def run(args: argparse.Namespace, central: HttpCentral, span: str, seed: int, exit_when_done: bool) -> int:
    pairs = pairs_of(args.codes, span)
    now: datetime = args.now
    store = QueueStore.open(args.queue, clock=lambda: now)
    try:
        return asyncio.run(work(store, central, pairs, pace=args.pace, seed=seed, exit_when_done=exit_when_done))
    finally:
        store.close()


def child(
    args: argparse.Namespace, central: HttpCentral, span: str, seed: int, out: Path, libc: ctypes.CDLL
) -> NoReturn:
    """A forked run: dies with the server, writes to ``out``, never returns into the server's loop."""
    status = 1
    try:
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() == 1:  # the server is already gone
            os._exit(1)
        output = os.open(out, os.O_WRONLY | os.O_APPEND)
        os.dup2(output, 1)
        os.close(output)
        nothing = os.open(os.devnull, os.O_RDONLY)
        os.dup2(nothing, 0)
        os.close(nothing)
        status = run(args, central, span, seed, exit_when_done=False)
    except BaseException:
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)


def serve(args: argparse.Namespace, central: HttpCentral) -> int:
    if threading.active_count() != 1:
        raise SystemExit("the fork server must have no threads")  # a fork would copy their locks
    libc = ctypes.CDLL(None)
    emit("ready")
    unreaped: set[int] = set()
    try:
        while line := sys.stdin.readline():
            command, *rest = line.split()
            if command == "run":
                span, seed, out = rest
                sys.stdout.flush()
                sys.stderr.flush()
                pid = os.fork()
                if pid == 0:
                    child(args, central, span, int(seed), Path(out), libc)
                unreaped.add(pid)
                emit(f"pid {pid}")
            elif command == "reap":
                pid = int(rest[0])
                unreaped.remove(pid)
                _, status = os.waitpid(pid, 0)
                emit(f"reaped {pid} {os.waitstatus_to_exitcode(status)}")
            else:
                raise SystemExit(f"unknown command {line!r}")
    finally:
        for pid in unreaped:  # still our children, not yet reaped: these pids are theirs
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    central = AnnouncingCentral(args.url, args.token)  # its TLS context takes a while to build: before 'ready'
    if args.serve:
        return serve(args, central)
    emit("ready")
    return run(args, central, args.slice, args.seed, args.exit_when_done)


if __name__ == "__main__":
    sys.exit(main())
