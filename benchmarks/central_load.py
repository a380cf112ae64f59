"""The central under a border service's load: many desks, and controllers polling the logs.

Seeds a central's database with ``--transactions`` committed transactions by bulk insert (Swiss carnets of 4
transactions each, at Genève Aéroport and Bardonnex), serves it with ``ecarnet-central``'s code in a process of its
own, and drives it from another process:

- ``--desks`` simulated workstations, each with its own session, doing a lookup and a commit (a carnet's
  Validation) every ``--interval`` seconds, for ``--duration`` seconds; first alone, then with ``--controllers``
  controllers each polling ``GET /v1/logs/carnets?limit=500`` and ``GET /v1/statistics`` every 10 s;
- a burst: the desks at full speed for ``--duration`` seconds.

Reports, per phase, the throughput and the p50 and p99 of the desks' lookups and commits and of the controllers'
calls, and the engine. Targets (issue 18): the desks' p99 with the controllers polling at most 2× without them; a
500-row logs page and the statistics under 200 ms at 1,000,000 transactions; lookup and commit p50 the same
(within 20 %) at 100,000 and at 1,000,000. Not a test: far too long for CI.

    .venv/bin/python -m benchmarks.central_load [--transactions 100000] [--desks 40] [--duration 60]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import random
import socket
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from carnet_domain.carnet import Carnet
from carnet_domain.cpd.records import VehicleRecords
from carnet_domain.payload import CODE_ALPHABET
from carnet_domain.transaction import CustomsEntries, Declaration, GoodsDeclaration, Transaction
from carnet_domain.transaction_types import TransactionType as T
from reference_central import carnet_summaries, records
from reference_central.api import create_app
from reference_central.demo.carnets import CCI_GENEVE, ata, mini_pcs
from reference_central.demo.seed import seed_demo
from reference_central.identity import records as ids
from reference_central.schema import stamp
from reference_central.schema_version import state, upgrade
from reference_central.server import HTTP_OPTIONS
from reference_central.service import Central
from reference_central.store import Store

OFFICES = {"gva-airport": "Genève Aéroport", "bardonnex": "Bardonnex"}
ITEMS = mini_pcs()
JITTER = random.Random(17)  # noqa: S311 - when each desk starts, not a secret


def code_of(n: int, salt: int) -> str:
    rng = random.Random(n * 7919 + salt)  # noqa: S311 - repeatable codes, not secrets
    return "".join(rng.choice(CODE_ALPHABET) for _ in range(12))


def carnet(carnet_id: str, number: str, today: date) -> Carnet:
    """A Swiss carnet of the demo's 13 mini PCs, issued today (valid a year)."""
    return ata(carnet_id, number, "CH", CCI_GENEVE, CCI_GENEVE, ITEMS, today)


TX_INSERT = ("INSERT INTO transactions (transaction_id, carnet_id, office_id, territory, doc, occurred_at, "
             "transaction_code, code_slot, tx_type) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")


def seed(where: str, key: Path, transactions: int, desks: int, per_desk: int, controllers: int) -> dict[str, Any]:
    """The demo organisation, ``transactions`` committed transactions by bulk insert (with the rows the Logs and
    statistics read), a carnet with a Validation to commit for each desk's each turn, and a session per desk and per
    controller. Returns what the load needs."""
    store = Store(where, key_file=key)
    upgrade(store)
    now = datetime.now(UTC)
    seed_demo(store, now)
    started = time.perf_counter()
    with store.transaction() as db:
        for table in ("transactions", "carnet_logs", "carnet_territories", "office_counts", "office_month_counts"):
            db.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed names
        batch: list[tuple[object, ...]] = []
        carnets: list[tuple[object, ...]] = []
        logs: list[tuple[object, ...]] = []
        places: list[tuple[object, ...]] = []
        history: list[Transaction] = []
        kinds = (T.VALIDATION, T.EXPORTATION, T.REIMPORTATION, T.VALIDATION)

        def flush(final: bool = False) -> None:
            if len(batch) >= 5000 or final:
                db.executemany("INSERT INTO carnets (carnet_id, number, doc) VALUES (?, ?, ?)", carnets)
                db.executemany(TX_INSERT, batch)
                db.executemany("INSERT INTO carnet_logs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", logs)
                db.executemany(carnet_summaries.TERRITORY_INSERT, places)
                for rows in (batch, carnets, logs, places):
                    rows.clear()

        current: Carnet | None = None
        for n in range(transactions):
            carnet_no = n // 4
            if n % 4 == 0:
                current = carnet(f"9{carnet_no:07d}", f"CHLOAD{carnet_no:07d}", now.date())
                carnets.append((current.carnet_id, current.number, current.model_dump_json()))
                history = []
            assert current is not None
            office = "gva-airport" if n % 3 else "bardonnex"
            at = now - timedelta(minutes=n % 500_000)
            tx = Transaction(
                transaction_id=str(n + 1), carnet_id=current.carnet_id, carnet_number=current.number,
                type=kinds[n % 4], transaction_code=code_of(n, 1), occurred_at=at, recorded_at=at,
                local_date=at.date(), office_id=office, office_name=OFFICES[office], territory="CH",
                officer_id="officer.ch", officer_name="Training Officer CH",
                goods=GoodsDeclaration(declared_goods="" if n % 4 in (0, 3) else "1-5"), customs=CustomsEntries(),
                verification_code=code_of(n, 2) + "AB",
            )
            history.append(tx)
            batch.append((tx.transaction_id, tx.carnet_id, tx.office_id, tx.territory, tx.model_dump_json(),
                          stamp(at), tx.transaction_code, records.code_slot(tx), tx.type.value))
            if n % 4 == 3 or n == transactions - 1:
                row = carnet_summaries.summary(current, history, VehicleRecords())
                logs.append(row)
                places.extend(carnet_summaries.territory_rows(row, history))
                flush()
        flush(final=True)
        carnet_summaries.recount(db)
        if db.dialect == "postgresql":
            db.execute("SELECT setval('number_transaction', ?)", (transactions + 10,))
        else:
            db.execute("INSERT INTO counters (name, value) VALUES ('transaction', ?) "
                       "ON CONFLICT (name) DO UPDATE SET value = excluded.value", (transactions + 10,))
        work: list[list[tuple[str, str]]] = []
        for d in range(desks):
            turns = []
            for t in range(per_desk):
                number = f"CHDESK{d:03d}{t:05d}"
                fresh = carnet(f"8{d:03d}{t:05d}", number, now.date())
                records.put_carnet(db, fresh)
                code = code_of(d * 100_000 + t, 3)
                records.put_declaration(db, Declaration(carnet_id=fresh.carnet_id, transaction_code=code,
                                                        type=T.VALIDATION), "CANCEL" + "B" * 6)
                turns.append((fresh.carnet_id, code))
            work.append(turns)
        tokens: dict[str, list[str]] = {"desks": [], "controllers": []}
        for kind, account, count in (("desks", "officer.ch", desks), ("controllers", "controller.ch", controllers)):
            for _ in range(count):
                token = "ecs_load_" + uuid.uuid4().hex
                ids.put_session(db, str(uuid.uuid4()), token, account, ids.SESSION, workstation_id="", now=now,
                                expires_at=now + timedelta(days=1))
                tokens[kind].append(token)
    seconds = time.perf_counter() - started
    store.close()
    return {"work": work, "tokens": tokens, "seed_seconds": seconds}


def serve(where: str, key: str, port: int) -> None:
    """The central on ``where``, in this process (the benchmark starts it as a process of its own)."""
    store = Store(where, key_file=Path(key))
    uvicorn.run(create_app(Central(store, training=True)), host="127.0.0.1", port=port, log_level="warning",
                access_log=False, **HTTP_OPTIONS)  # as ecarnet-central serve


@dataclass
class Timings:
    by_kind: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def add(self, kind: str, seconds: float) -> None:
        self.by_kind.setdefault(kind, []).append(seconds * 1000)


async def timed(timings: Timings, kind: str, call: Awaitable[httpx.Response], expected: int) -> None:
    """One request, its time under ``kind``; an answer other than ``expected`` (or none) is an error."""
    began = time.perf_counter()
    try:
        answer = await call
    except httpx.TransportError as exc:
        timings.errors.append(f"{kind}: {type(exc).__name__}")
        return
    timings.add(kind, time.perf_counter() - began)
    if answer.status_code != expected:
        timings.errors.append(f"{kind}: {answer.status_code} {answer.text[:120]}")


async def desk(url: str, token: str, turns: list[tuple[str, str]], interval: float, until: float,
               timings: Timings) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=url, headers=headers, timeout=120) as http:
        await asyncio.sleep(JITTER.uniform(0, interval))
        for carnet_id, code in turns:
            if time.monotonic() >= until:
                return
            began = time.perf_counter()
            await timed(timings, "lookup", http.post("/v1/lookup", json={"carnet": carnet_id,
                                                                         "transaction_code": code}), 200)
            await timed(timings, "commit", http.post(
                "/v1/transactions", headers={"Idempotency-Key": str(uuid.uuid4())},
                json={"carnet_id": carnet_id, "transaction_code": code, "type": "validation"}), 201)
            if interval:
                await asyncio.sleep(max(0.0, interval - (time.perf_counter() - began)))


async def controller(url: str, token: str, until: float, timings: Timings) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=url, headers=headers, timeout=300) as http:
        await asyncio.sleep(JITTER.uniform(0, 10))
        while time.monotonic() < until:
            await timed(timings, "logs page", http.get("/v1/logs/carnets", params={"limit": 500}), 200)
            await timed(timings, "statistics", http.get("/v1/statistics"), 200)
            await asyncio.sleep(10)


async def phase(url: str, plan: dict[str, Any], *, interval: float, duration: float, controllers: int,
                offset: int) -> tuple[Timings, float]:
    timings, until = Timings(), time.monotonic() + duration
    started = time.perf_counter()
    tasks = [desk(url, token, turns[offset:], interval, until, timings)
             for token, turns in zip(plan["tokens"]["desks"], plan["work"], strict=True)]
    tasks += [controller(url, token, until, timings) for token in plan["tokens"]["controllers"][:controllers]]
    await asyncio.gather(*tasks)
    return timings, time.perf_counter() - started


def report(title: str, timings: Timings, seconds: float) -> None:
    desks = len(timings.by_kind.get("lookup", [])) + len(timings.by_kind.get("commit", []))
    print(f"{title}: {desks / seconds:.1f} desk requests/s, {len(timings.errors)} errors"
          + (f" (first: {timings.errors[0]})" if timings.errors else ""))
    for kind, values in sorted(timings.by_kind.items()):
        ordered = sorted(values)
        p99 = ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]
        print(f"  {kind:<11} n={len(values):<6} p50 {statistics.median(values):8.1f} ms   p99 {p99:8.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--transactions", type=int, default=100_000)
    parser.add_argument("--desks", type=int, default=40)
    parser.add_argument("--interval", type=float, default=20.0)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--controllers", type=int, default=4)
    parser.add_argument("--db", default="", help="an empty PostgreSQL database's URL (its rows are replaced); "
                                                 "default: a new SQLite file")
    args = parser.parse_args()
    per_desk = int(args.duration / args.interval + 2) * 2 + 400  # the paced phases, then the burst
    folder = Path(tempfile.mkdtemp())
    where, key = args.db or str(folder / "central.sqlite3"), folder / "central.key"
    if args.db:
        existing = Store(where, key_file=key)
        if state(existing).ready:
            existing.wipe()  # a database of an earlier run: its rows go, its schema stays
        existing.close()
    plan = seed(where, key, args.transactions, args.desks, per_desk, args.controllers)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = multiprocessing.get_context("spawn").Process(target=serve, args=(where, str(key), port), daemon=True)
    server.start()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{url}/v1/health", timeout=2).status_code == 200:
                break
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            sys.exit("the central did not start")
        time.sleep(0.2)
    engine = f"PostgreSQL ({Store(where, key_file=key).name})" if args.db else f"SQLite ({where})"
    print(f"Engine: {engine}; {args.transactions:,} transactions seeded in {plan['seed_seconds']:.1f} s; "
          f"{args.desks} desks every {args.interval:.0f} s, {args.controllers} controllers every 10 s")
    paced = int(args.duration / args.interval + 2)
    alone, s1 = asyncio.run(phase(url, plan, interval=args.interval, duration=args.duration, controllers=0, offset=0))
    report("Desks alone", alone, s1)
    polled, s2 = asyncio.run(phase(url, plan, interval=args.interval, duration=args.duration,
                                   controllers=args.controllers, offset=paced))
    report("Desks with the controllers polling", polled, s2)
    burst, s3 = asyncio.run(phase(url, plan, interval=0.0, duration=min(args.duration, 30.0), controllers=0,
                                  offset=2 * paced))
    report("Burst (desks at full speed)", burst, s3)
    p99 = {name: sorted(t.by_kind["lookup"])[int(0.99 * (len(t.by_kind["lookup"]) - 1))]
           for name, t in (("alone", alone), ("polled", polled))}
    print(json.dumps({"lookup_p99_ratio_polled_over_alone": round(p99["polled"] / p99["alone"], 2)}))
    server.terminate()


if __name__ == "__main__":
    main()
