"""The audit trail is tamper-evident: each line carries the hash of the one before it in its region, and
``ecarnet-central audit verify`` names the line that was changed, removed or slipped in afterwards (exit 1), and
says "intact" with each region's head hash otherwise (exit 0). Lines come from real requests to the central; the
tampering is done in the SQLite file, as someone with the file would."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx

from carnet_domain.transaction_types import TransactionType as T
from tests.api.helpers import fresh_code
from tests.central_world import World, make_carnet

CENTRAL = [sys.executable, "-m", "reference_central.cli"]


def verify(db: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CENTRAL, "--db", str(db), "audit", "verify"], capture_output=True, text=True, timeout=60)


def lines_by_hold_and_release(world: World, count: int, first: int = 0) -> list[int]:
    """``count`` holds placed and released at Genève Aéroport: two audit lines each, in region ch-geneve."""
    with httpx.Client(base_url=world.url, headers={"Authorization": f"Bearer {world.tokens['officer.ch']}"}) as http:
        for n in range(first, first + count):
            carnet = world.add_carnet(make_carnet(f"8{n:05d}", f"CHAU8{n:05d}", home="EU"))
            code = fresh_code()
            world.declare(carnet, T.IMPORTATION, code, "1-5")
            held = http.post("/v1/holds", json={"carnet_id": carnet.carnet_id, "transaction_code": code, "step": 3,
                                                "reason": f"Seal {n} broken"})
            assert held.status_code == 201, held.text
            assert http.post(f"/v1/holds/{held.json()['hold_id']}/release").status_code == 200
    with world.store.transaction() as db:
        return [int(r["seq"]) for r in db.execute("SELECT seq FROM audit WHERE region_id = 'ch-geneve' ORDER BY seq")]


def test_an_untouched_trail_is_intact_and_each_tampering_is_named(world: World, tmp_path: Path) -> None:
    seqs = lines_by_hold_and_release(world, 3)
    assert len(seqs) >= 6
    db = world.store.path
    intact = verify(db)
    assert intact.returncode == 0, intact.stdout + intact.stderr
    assert "ch-geneve: 6 lines, intact, head " in intact.stdout

    with world.store.transaction() as conn:  # a reason rewritten after the fact
        conn.execute("UPDATE audit SET doc = replace(doc, 'Seal 1 broken', 'Nothing found') WHERE seq = ?",
                     (seqs[2],))
    changed = verify(db)
    assert changed.returncode == 1
    assert f"line {seqs[2]} was changed after it was written" in changed.stdout
    assert changed.stdout.count("was changed") == 1  # the lines after it still hold

    with world.store.transaction() as conn:  # a line removed
        conn.execute("DELETE FROM audit WHERE seq = ?", (seqs[4],))
    removed = verify(db)
    assert f"line {seqs[4]} was removed from the trail" in removed.stdout

    with world.store.transaction() as conn:  # a line and its link removed together: the next one no longer follows
        conn.execute("DELETE FROM audit WHERE seq = ?", (seqs[1],))
        conn.execute("DELETE FROM audit_chain WHERE seq = ?", (seqs[1],))
    cut = verify(db)
    assert f"line {seqs[2]} does not follow the line before it in region ch-geneve" in cut.stdout

    with world.store.transaction() as conn:  # a forged line slipped in, with no link
        conn.execute("INSERT INTO audit (at, account_id, office_id, region_id, action, doc) "
                     "SELECT at, account_id, office_id, region_id, action, doc FROM audit WHERE seq = ?", (seqs[0],))
    forged = verify(db)
    assert "is not in the chain: it was slipped in or its link removed" in forged.stdout


def test_lines_written_before_the_chain_are_counted_apart(world: World, tmp_path: Path) -> None:
    """A database from before the chain: its old lines are told apart, and the chain starts after them."""
    lines_by_hold_and_release(world, 1)
    with world.store.transaction() as conn:
        conn.execute("DELETE FROM audit_chain")
    lines_by_hold_and_release(world, 2, first=10)
    older = verify(world.store.path)
    assert older.returncode == 0, older.stdout
    assert "ch-geneve: 4 lines, 2 older than the chain, intact" in older.stdout
