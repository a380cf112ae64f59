"""What names an office or a region in the central's store: what keeps one from being deleted or moved."""

from __future__ import annotations

from reference_central.database import Db

OFFICE_HISTORY = (("transactions", "transactions"), ("holds", "holds"), ("rejections", "rejections"),
                  ("predeclarations", "pre-declarations"), ("shifts", "shifts"),
                  ("vehicle_records", "vehicle records"))
"""The tables of what was done at an office (``office_id`` columns), with what a refusal calls their rows."""
OFFICE_PEOPLE = (("accounts", "accounts"), ("workstations", "workstations"))
"""The tables of who and what works at an office."""


def _counts(db: Db, tables: tuple[tuple[str, str], ...], column: str, value: str) -> dict[str, int]:
    found: dict[str, int] = {}
    for table, called in tables:
        n = int(db.execute(f"SELECT COUNT(*) FROM {table} WHERE {column} = ?", (value,)).fetchone()[0])  # noqa: S608
        if n:
            found[called] = n
    return found


def office_uses(db: Db, office_id: str) -> dict[str, int]:
    """Everything that names the office, by kind (none: it may be deleted)."""
    return _counts(db, OFFICE_HISTORY + OFFICE_PEOPLE, "office_id", office_id)


def office_people(db: Db, office_id: str) -> dict[str, int]:
    """The accounts and workstations at the office, and its active holds: what a move to another region would leave
    in the region it left (an account's and a workstation's region is their office's)."""
    return {**_counts(db, OFFICE_PEOPLE, "office_id", office_id), **active_holds(db, office_id)}


def active_holds(db: Db, office_id: str) -> dict[str, int]:
    n = int(db.execute("SELECT COUNT(*) FROM holds WHERE office_id = ? AND active = 1", (office_id,)).fetchone()[0])
    return {"active holds": n} if n else {}


def region_uses(db: Db, region_id: str) -> dict[str, int]:
    """The offices and accounts of the region (none: it may be deleted)."""
    return _counts(db, (("offices", "offices"), ("accounts", "accounts")), "region_id", region_id)


def delete_office(db: Db, office_id: str) -> None:
    db.execute("DELETE FROM offices WHERE office_id = ?", (office_id,))


def delete_region(db: Db, region_id: str) -> None:
    db.execute("DELETE FROM regions WHERE region_id = ?", (region_id,))
