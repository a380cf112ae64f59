"""Reading and writing shifts and the audit trail in the central's store (issue 7: supervisor desk).

An audit line's time is kept beside its document in one fixed format (UTC, microseconds, ``Z``) so that a
time range is a plain text comparison.
"""

from __future__ import annotations

from datetime import datetime

from carnet_domain.transaction import Transaction
from central_contract.models import AuditAction, AuditEntry, Shift
from reference_central.audit_chain import chain
from reference_central.database import Db, replace
from reference_central.records import dump
from reference_central.schema import stamp


def put_shift(db: Db, shift: Shift) -> None:
    replace(db, "shifts", (shift.shift_id, shift.office_id, int(shift.is_open), dump(shift)))


def shift(db: Db, shift_id: str) -> Shift | None:
    row = db.execute("SELECT doc FROM shifts WHERE shift_id = ?", (shift_id,)).fetchone()
    return None if row is None else Shift.model_validate_json(row["doc"])


def open_shift(db: Db, office_id: str) -> Shift | None:
    row = db.execute("SELECT doc FROM shifts WHERE office_id = ? AND is_open = 1", (office_id,)).fetchone()
    return None if row is None else Shift.model_validate_json(row["doc"])


def put_audit(db: Db, entry: AuditEntry) -> None:
    """Write the line, linked to the last one of its region (:mod:`reference_central.audit_chain`)."""
    at, doc = stamp(entry.at), dump(entry)
    db.lock_name(f"audit chain {entry.region_id}")  # one line at a time joins a region's chain, whichever process
    row = db.execute(
        "INSERT INTO audit (at, account_id, office_id, region_id, action, doc) VALUES (?, ?, ?, ?, ?, ?) RETURNING seq",
        (at, entry.account_id, entry.office_id, entry.region_id, entry.action.value, doc),
    ).fetchone()
    assert row is not None
    seq = int(row[0])
    chain(db, seq, entry.region_id, at, doc)
    db.executemany("INSERT INTO audit_territories (territory, seq) VALUES (?, ?)",
                   [(territory, seq) for territory in sorted(set(entry.territories))])


def audit(
    db: Db, *, region_id: str | None = None, office_id: str | None = None,
    account_id: str | None = None, since: datetime | None = None, until: datetime | None = None,
    actions: tuple[AuditAction, ...] = (), limit: int = 1000, territory: str | None = None,
) -> list[AuditEntry]:
    """Audit lines matching every filter given, oldest first; ``since`` inclusive, ``until`` exclusive. With
    ``region_id`` and ``territory``: the region's lines and those that concern the territory from elsewhere."""
    where: list[str] = []
    args: list[object] = []
    if region_id is not None and territory is not None:
        where.append("(region_id = ? OR seq IN (SELECT seq FROM audit_territories WHERE territory = ?))")
        args.extend((region_id, territory))
        region_id = None
    for column, value in (("region_id", region_id), ("office_id", office_id), ("account_id", account_id)):
        if value is not None:
            where.append(f"{column} = ?")
            args.append(value)
    if since is not None:
        where.append("at >= ?")
        args.append(stamp(since))
    if until is not None:
        where.append("at < ?")
        args.append(stamp(until))
    if actions:
        where.append(f"action IN ({', '.join('?' for _ in actions)})")
        args.extend(a.value for a in actions)
    sql = "SELECT doc FROM audit" + (" WHERE " + " AND ".join(where) if where else "")  # noqa: S608 - fixed columns
    rows = db.execute(sql + " ORDER BY at, seq LIMIT ?", (*args, limit))
    return [AuditEntry.model_validate_json(row["doc"]) for row in rows]


def office_transactions(db: Db, office_id: str) -> list[Transaction]:
    """Every transaction recorded at the office, in the order recorded."""
    rows = db.execute("SELECT doc FROM transactions WHERE office_id = ? ORDER BY seq", (office_id,))
    return [Transaction.model_validate_json(row["doc"]) for row in rows]
