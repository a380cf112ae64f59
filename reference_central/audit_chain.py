"""The audit trail, tamper-evident: each line carries the hash of the line before it in its region's chain, so a line
changed, removed or slipped in afterwards breaks every hash after it. ``ecarnet-central audit verify`` walks each
chain and names the first line that does not hold.

A line's hash is SHA-256 over the previous hash, the region, the line's time key and its document, exactly as
stored. Lines written before the chain existed are counted apart (older than the chain), never invented a hash.
A chain cannot tell on its own that its newest lines were cut off: keep the head hashes ``verify`` prints somewhere
else (a shift's hand-over, the operator's log) and compare.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from reference_central.database import Db

GENESIS = "0" * 64
"""The "previous hash" of a region's first chained line."""

def line_hash(prev: str, region_id: str, at: str, doc: str) -> str:
    return hashlib.sha256("\n".join((prev, region_id, at, doc)).encode()).hexdigest()


def chain(db: Db, seq: int, region_id: str, at: str, doc: str) -> None:
    """Link the audit line ``seq`` (just written, in the same unit of work) to the last one of its region."""
    row = db.execute("SELECT hash FROM audit_chain WHERE region_id = ? ORDER BY seq DESC LIMIT 1",
                     (region_id,)).fetchone()
    prev = str(row["hash"]) if row is not None else GENESIS
    db.execute("INSERT INTO audit_chain (seq, region_id, prev, hash) VALUES (?, ?, ?, ?)",
               (seq, region_id, prev, line_hash(prev, region_id, at, doc)))


@dataclass
class RegionChain:
    """What :func:`verify` found for one region."""

    region_id: str
    lines: int = 0
    head: str = GENESIS
    older: int = 0
    """Lines written before the chain existed."""
    broken: list[str] = field(default_factory=list)
    """What does not hold, the first break first."""

    @property
    def intact(self) -> bool:
        return not self.broken


def verify(db: Db) -> list[RegionChain]:
    """Every region's chain, checked line by line against the audit table."""
    regions: dict[str, RegionChain] = {}
    first_chained = db.execute("SELECT MIN(seq) AS s FROM audit_chain").fetchone()["s"]
    rows = db.execute(
        "SELECT a.seq, a.region_id, a.at, a.doc, c.seq AS linked, c.region_id AS chained_region, c.prev, c.hash "
        "FROM audit a LEFT JOIN audit_chain c ON c.seq = a.seq "
        "UNION ALL SELECT c.seq, NULL, NULL, NULL, c.seq, c.region_id, c.prev, c.hash "
        "FROM audit_chain c WHERE c.seq NOT IN (SELECT seq FROM audit) ORDER BY 1"
    )
    for row in rows:
        region_id = row["region_id"] if row["region_id"] is not None else row["chained_region"]
        found = regions.setdefault(region_id, RegionChain(region_id))
        seq = row["seq"]
        if row["doc"] is None:
            found.broken.append(f"line {seq} was removed from the trail")
            found.head = row["hash"]
            continue
        if row["linked"] is None:
            if first_chained is None or seq < first_chained:
                found.older += 1
            else:
                found.broken.append(f"line {seq} is not in the chain: it was slipped in or its link removed")
            continue
        expected = line_hash(found.head, region_id, row["at"], row["doc"])
        if row["chained_region"] != region_id or row["prev"] != found.head:
            found.broken.append(f"line {seq} does not follow the line before it in region {region_id or '-'}")
        elif row["hash"] != expected:
            found.broken.append(f"line {seq} was changed after it was written")
        found.lines += 1
        found.head = row["hash"]
    return sorted(regions.values(), key=lambda r: r.region_id)
