"""The offline queue: how long the desk waits for a commit to be kept, and how fast a backlog drains over a
slow link.

Two measures:

- local commit latency: ``QueueStore.add_commit`` on a real file in a temporary directory (WAL,
  ``synchronous=FULL``: each commit is on disk, fsync'ed, when it returns), ``--commits`` times; median and
  p99 (target p99 <= 25 ms);
- draining a backlog: ``--count`` validations queued while the link was down, then sent by ``Syncer.drain``
  to the reference central (started on loopback, seeded with as many carnets and declarations) through a
  link shaped to ``--rtt`` seconds of round trip and ``--bandwidth`` bit/s in each direction (see
  ``benchmarks/shaped_link.py``). Reports the drain time, bytes on the socket per transaction (both
  directions, headers and gzip included), HTTP requests per transaction, and the link's floor for a sender
  that waits for each answer before the next request: ``count * (rtt + bytes * 8 / bandwidth)`` plus one
  round trip per TCP connection. The ratio drain/floor says whether the link or the client is the limit
  (close to 1: the link); the time the central took to answer is shown apart, as neither.

    .venv/bin/python -m benchmarks.offline_queue [--count 500] [--commits 2000] [--rtt 0.3] [--bandwidth 256000]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.demo_sessions import demo_session
from benchmarks.loopback_server import OnItsOwnLoop
from benchmarks.shaped_link import ShapedLink
from carnet_domain.payload import CODE_ALPHABET, CODE_LENGTH
from carnet_domain.transaction import Declaration
from carnet_domain.transaction_types import TransactionType as T
from central_client.http import HttpCentral
from central_contract.models import CommitRequest
from offline_queue.status import QueueCounts, SyncStatus
from offline_queue.store import QueueStore
from offline_queue.sync import Syncer
from reference_central import records
from reference_central.demo.carnets import CCI_GENEVE, ata, mini_pcs
from reference_central.demo.seed import office_dates, seed_demo
from reference_central.server import BackgroundCentral
from reference_central.service import Central
from reference_central.store import Store

OFFICE = "gva-airport"
OFFICER = "officer.ch"
"""A Swiss officer validating Swiss carnets: the first transaction each carnet needs."""


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def commit_latency(folder: Path, commits: int) -> list[float]:
    """Milliseconds each ``add_commit`` took, on a real file."""
    store = QueueStore.open(folder / "latency.sqlite3")
    codes = random.Random("latency")  # noqa: S311 - test data
    timings = []
    try:
        for n in range(commits):
            request = CommitRequest(carnet_id=str(700000 + n), transaction_code=_code(codes), type=T.EXPORTATION)
            started = time.perf_counter()
            store.add_commit(request, office_id=OFFICE, officer=OFFICER, unchecked=("holds",))
            timings.append((time.perf_counter() - started) * 1000)
        assert store.counts() == QueueCounts(pending=commits)
    finally:
        store.close()
    return timings


def _code(rng: random.Random) -> str:
    return "".join(rng.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


@dataclass
class Drain:
    count: int
    seconds: float
    sent: int
    received: int
    requests: int
    connections: int
    central_seconds: float
    recorded: int

    def floor(self, rtt: float, bandwidth: float) -> float:
        """The link's own time for a sequential sender: a round trip and the bytes, per request, and a round
        trip per connection opened."""
        per_transaction = rtt + (self.sent + self.received) / self.count * 8 / bandwidth
        return self.count * per_transaction + self.connections * rtt


async def drain_backlog(folder: Path, count: int, rtt: float, bandwidth: float) -> Drain:
    store = Store(folder / "central.sqlite3")
    now = datetime.now(UTC)
    seed_demo(store, now)
    today = office_dates(now)[OFFICE]  # the carnets' dates, on the office's calendar
    codes = random.Random("drain")  # noqa: S311 - test data
    requests = []
    with store.transaction() as db:
        for n in range(count):
            carnet = ata(str(600000 + n), f"CHQUEUE{n:05d}", "CH", CCI_GENEVE, CCI_GENEVE, mini_pcs(), today)
            records.put_carnet(db, carnet)
            code = _code(codes)
            records.put_declaration(db, Declaration(carnet_id=carnet.carnet_id, transaction_code=code,
                                                    type=T.VALIDATION), _code(codes))
            requests.append(CommitRequest(carnet_id=carnet.carnet_id, transaction_code=code, type=T.VALIDATION))
    server = BackgroundCentral(Central(store))
    server.start()
    link = OnItsOwnLoop(ShapedLink("127.0.0.1", int(server.url.rsplit(":", 1)[1]), rtt=rtt, bandwidth=bandwidth),
                        "shaped-link")
    url = link.start()
    queue = QueueStore.open(folder / "queue.sqlite3")
    central = HttpCentral(url, await demo_session(server.url, OFFICER))
    try:
        for request in requests:  # made at the desk while the link was down
            queue.add_commit(request, office_id=OFFICE, officer=OFFICER)
        before = _transactions(store)

        def progress(status: SyncStatus) -> None:
            if status.counts.sent % 50 == 0 and status.counts.sent:
                print(f"  ... {status.counts.sent}/{count} sent, {time.perf_counter() - started:.0f} s",
                      file=sys.stderr, flush=True)

        syncer = Syncer(queue, central, on_change=progress, signed_in=lambda: OFFICER)  # sent in its session
        started = time.perf_counter()
        done = await syncer.drain()
        seconds = time.perf_counter() - started
        assert done, syncer.status
        assert queue.counts() == QueueCounts(sent=count), queue.counts()
        sent, received, requests_made, connections, central_seconds = link.server.traffic.snapshot()
        recorded = _transactions(store) - before
    finally:
        await central.aclose()
        queue.close()
        link.stop()
        server.stop()
        store.close()
    return Drain(count, seconds, sent, received, requests_made, connections, central_seconds, recorded)


def _transactions(store: Store) -> int:
    with store.transaction() as db:
        return int(db.execute("SELECT count(*) FROM transactions").fetchone()[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=500, help="validations in the backlog to drain")
    parser.add_argument("--commits", type=int, default=2000, help="commits timed for the local latency")
    parser.add_argument("--rtt", type=float, default=0.3, help="round trip of the shaped link, seconds")
    parser.add_argument("--bandwidth", type=float, default=256_000, help="bit/s in each direction")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="ecarnet-queue-bench-") as tmp:
        folder = Path(tmp)
        timings = commit_latency(folder, args.commits)
        guess = args.count * (args.rtt + 1000 * 8 / args.bandwidth)  # a round trip and about 1 KB each
        print(f"Draining {args.count} validations over the shaped link (about {guess:.0f} s)...",
              file=sys.stderr, flush=True)
        drain = asyncio.run(drain_backlog(folder, args.count, args.rtt, args.bandwidth))

    p99 = percentile(timings, 0.99)
    print(f"Local commit latency: add_commit x {args.commits} on a file in {tempfile.gettempdir()} "
          "(WAL, synchronous=FULL)")
    _row("median", f"{statistics.median(timings):.2f} ms")
    _row("p99", f"{p99:.2f} ms", f"target <= 25 ms: {'met' if p99 <= 25 else 'MISSED'}")
    _row("max", f"{max(timings):.2f} ms")

    n = drain.count
    floor = drain.floor(args.rtt, args.bandwidth)
    per_tx = (drain.sent + drain.received) / n
    print(f"Drain of {n} queued validations, link {args.rtt * 1000:.0f} ms round trip and "
          f"{args.bandwidth / 1000:.0f} kbit/s each way")
    _row("drain time", f"{drain.seconds:.1f} s", f"{drain.seconds / n * 1000:.0f} ms per transaction")
    _row("bytes on the socket per tx", f"{per_tx:.0f} B", f"{drain.sent / n:.0f} up, {drain.received / n:.0f} down")
    _row("requests per transaction", f"{drain.requests / n:.2f}", f"{drain.connections} TCP connection(s)")
    _row("link floor, sequential", f"{floor:.1f} s",
         f"{n} x ({args.rtt * 1000:.0f} ms + {per_tx * 8 / args.bandwidth * 1000:.1f} ms of bytes)"
         f" + {drain.connections} handshake(s)")
    _row("drain / floor", f"{drain.seconds / floor:.3f}")
    beyond = drain.seconds - floor
    client = beyond - drain.central_seconds
    _row("beyond the floor", f"{beyond:.1f} s",
         f"central answering {drain.central_seconds:.1f} s, client and its queue file {client:.1f} s")
    _row("recorded by the central", f"{drain.recorded}", f"of {n}")


def _row(label: str, value: str, note: str = "") -> None:
    print(f"  {label:<28}{value:>12}" + (f"   ({note})" if note else ""))

if __name__ == "__main__":
    main()
