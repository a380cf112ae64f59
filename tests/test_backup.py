"""``ecarnet-central backup PATH`` while the central serves, and the restore: the copy holds every row, its key opens
the sealed TOTP secrets, its audit chain holds, and a central served from it signs an officer in and answers as the
original did."""

from __future__ import annotations

import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import httpx
import pyotp

from reference_central.demo.identity import DEMO_PASSWORD, demo_totp_secret
from reference_central.identity import records as ids
from reference_central.identity.passwords import CHEAP_PROFILE
from reference_central.identity.secret_box import SecretBox, key_path_for
from reference_central.server import BackgroundCentral
from reference_central.service import Central
from reference_central.store import DATA_TABLES, Store
from tests.central_world import World

CENTRAL = [sys.executable, "-m", "reference_central.cli"]


def counts(path: Path) -> dict[str, int]:
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {t: int(db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]) for t in DATA_TABLES}
    finally:
        db.close()


def test_a_backup_taken_while_serving_restores_to_a_central_that_signs_in(demo_world: World, tmp_path: Path) -> None:
    officer = {"Authorization": f"Bearer {demo_world.tokens['officer.ch']}"}
    with httpx.Client(base_url=demo_world.url, headers=officer) as http:  # the central serves meanwhile
        assert http.get("/v1/holds").status_code == 200
        target = tmp_path / "backups" / "central-2026-06-15.sqlite3"
        run = subprocess.run([*CENTRAL, "--db", str(demo_world.store.path), "backup", str(target)],
                             capture_output=True, text=True, timeout=60)
        assert run.returncode == 0, run.stderr
        assert f"and its key to {target}.key" in run.stdout
        assert http.get("/v1/holds").status_code == 200

    assert counts(target) == counts(demo_world.store.path)
    for path in (target, Path(f"{target}.key")):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    again = subprocess.run([*CENTRAL, "--db", str(demo_world.store.path), "backup", str(target)],
                           capture_output=True, text=True, timeout=60)
    assert (again.returncode, "exists already" in again.stderr) == (2, True)
    verified = subprocess.run([*CENTRAL, "--db", str(target), "audit", "verify"], capture_output=True, text=True,
                              timeout=60)
    assert verified.returncode == 0, verified.stdout

    restored = Store(target)
    assert key_path_for(target) == Path(f"{target}.key")
    with restored.transaction() as db:
        sealed = ids.credentials(db, "officer.ch").totp_sealed
    assert SecretBox.at(key_path_for(target)).open(sealed) == demo_totp_secret("officer.ch")
    server = BackgroundCentral(Central(restored, demo_world.clock, training=True, profile=CHEAP_PROFILE))
    server.start()
    try:
        with httpx.Client(base_url=server.url) as http:
            step = http.post("/v1/sign-in", json={"account": "officer.ch", "password": DEMO_PASSWORD})
            assert step.status_code == 200, step.text
            code = pyotp.TOTP(demo_totp_secret("officer.ch")).at(demo_world.clock())
            done = http.post("/v1/sign-in/complete", json={"challenge": step.json()["challenge"], "code": code})
            assert done.status_code == 200, done.text
            holds = http.get("/v1/holds", headers={"Authorization": f"Bearer {done.json()['token']}"})
            original = httpx.get(f"{demo_world.url}/v1/holds", headers=officer)
            assert holds.json() == original.json()
    finally:
        server.stop()
        restored.close()


def test_a_backup_of_no_database_writes_nothing(tmp_path: Path) -> None:
    run = subprocess.run([*CENTRAL, "--db", str(tmp_path / "none.sqlite3"), "backup", str(tmp_path / "b.sqlite3")],
                         capture_output=True, text=True, timeout=60)
    assert (run.returncode, "There is no database at" in run.stderr) == (2, True)
    assert sorted(p.name for p in tmp_path.iterdir()) == []
