"""A database made by an earlier release is served by this one without loss: ``tests/fixtures/central-31a419f.sqlite3``
(and its key) was made by the central of commit 31a419f, the last before the central's storage changed (issue 18):
the demo reset with two trainee sets, then, through that central's API, two sign-ins at the training desk, six
commits and a cancellation, a hold and its release, a rejection, a shift handed over, a queue decision and a
sign-out. The fixture itself is never opened in place: each test works on a copy."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pyotp
import pytest

from reference_central.clock import SettableClock
from reference_central.demo.identity import DEMO_PASSWORD, demo_totp_secret
from reference_central.schema_version import SchemaMismatch, check, head
from reference_central.server import BackgroundCentral
from reference_central.service import Central
from reference_central.store import Store

FIXTURE = Path(__file__).parent / "fixtures" / "central-31a419f.sqlite3"
CENTRAL = [sys.executable, "-m", "reference_central.cli"]
ROWS = {"transactions": 231, "holds": 4, "rejections": 1, "audit": 8, "sessions": 2, "idempotency": 6, "shifts": 1,
        "offline_grants": 2}
"""What the earlier release wrote, counted when the fixture was made."""


def copy_of_fixture(folder: Path) -> Path:
    target = folder / FIXTURE.name
    shutil.copyfile(FIXTURE, target)
    shutil.copyfile(f"{FIXTURE}.key", f"{target}.key")
    return target


def counts(path: Path) -> dict[str, int]:
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {t: int(db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]) for t in ROWS}
    finally:
        db.close()


def _central(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CENTRAL, *args], capture_output=True, text=True, timeout=60)


def test_the_earlier_releases_database_is_refused_until_upgraded_then_served_with_every_row(tmp_path: Path) -> None:
    assert counts(FIXTURE) == ROWS
    path = copy_of_fixture(tmp_path)
    before = _central("--db", str(path), "db", "status")
    assert before.returncode == 1 and "at revision none (before migrations)" in before.stdout
    refused = Store(path)
    with pytest.raises(SchemaMismatch, match="ecarnet-central db upgrade"):
        check(refused)  # what `serve` and the console say, before serving anything
    refused.close()
    assert counts(path) == ROWS

    upgraded = _central("--db", str(path), "db", "upgrade")
    assert upgraded.returncode == 0 and f"upgraded from revision none to {head()}" in upgraded.stdout, upgraded.stderr
    again = _central("--db", str(path), "db", "upgrade")
    assert again.returncode == 0 and "nothing to do" in again.stdout
    assert counts(path) == ROWS
    db = sqlite3.connect(path)
    try:
        slots = {(json.loads(doc)["state"], json.loads(doc)["type"] == "pre_exportation", slot, len(at))
                 for doc, slot, at in db.execute("SELECT doc, code_slot, occurred_at FROM transactions")}
        summaries = db.execute("SELECT (SELECT COUNT(DISTINCT carnet_id) FROM transactions), "
                               "(SELECT COUNT(*) FROM carnet_logs), (SELECT SUM(committed) FROM office_counts), "
                               "(SELECT COUNT(*) FROM transactions WHERE code_slot IS NOT NULL)").fetchone()
        ordered = [json.loads(doc)["transaction_id"] for (doc,) in db.execute(
            "SELECT doc FROM transactions WHERE office_id = 'bardonnex' ORDER BY occurred_at DESC, seq DESC")]
    finally:
        db.close()
    assert {(state, slot) for state, _, slot, _ in slots} <= {("committed", "main"), ("committed", "pre"),
                                                              ("cancelled", None)}
    assert ("cancelled", False, None, 27) in slots  # the fixture's cancellation spends no code
    assert {width for *_, width in slots} == {27}  # every moment stamped, fixed width
    assert ordered  # Bardonnex's page, newest first, from the columns
    carnets, logged, counted, committed = summaries
    assert (logged, counted) == (carnets, committed) == (carnets, 230)  # what the Logs and statistics read, made

    store = Store(path)
    clock = SettableClock(datetime.now(UTC) + timedelta(minutes=1))  # past any step the fixture's sign-ins used
    server = BackgroundCentral(Central(store, clock, training=True))
    server.start()
    try:
        with httpx.Client(base_url=server.url) as http:
            step = http.post("/v1/sign-in", json={"account": "controller.ch", "password": DEMO_PASSWORD})
            assert step.status_code == 200, step.text
            code = pyotp.TOTP(demo_totp_secret("controller.ch")).at(clock())  # the sealed secret opens with its key
            done = http.post("/v1/sign-in/complete", json={"challenge": step.json()["challenge"], "code": code})
            assert done.status_code == 200, done.text
            controller = {"Authorization": f"Bearer {done.json()['token']}"}
            logs = http.get("/v1/logs/carnets", params={"limit": 500}, headers=controller)
            assert logs.status_code == 200 and logs.json()["total"] > 0
            trail = http.get("/v1/audit", headers=controller).json()
            assert {line["action"] for line in trail} >= {"hold", "release", "rejection", "cancellation",
                                                          "queue_decision"}
            held = http.get("/v1/holds", params={"include_released": True}, headers=controller).json()
            assert any(h["released_at"] for h in held)
    finally:
        server.stop()
        store.close()
    grown = {"sessions": 1, "audit": 1}  # this sign-in, and its line in the trail
    assert counts(path) == {table: rows + grown.get(table, 0) for table, rows in ROWS.items()}
    verified = subprocess.run([*CENTRAL, "--db", str(path), "audit", "verify"], capture_output=True, text=True,
                              timeout=60)
    assert verified.returncode == 0, verified.stdout  # the earlier lines are told apart; the new one is chained
    assert "ch-geneve: 1 lines, 8 older than the chain, intact" in verified.stdout

