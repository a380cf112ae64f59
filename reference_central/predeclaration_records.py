"""Reading and writing pre-notifications and pre-declarations in the central's store."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC

from carnet_domain.predeclaration import PreDeclaration
from reference_central.database import Db, marks, replace


def put(db: Db, pre: PreDeclaration) -> None:
    replace(db, "predeclarations", (
         pre.predeclaration_id, pre.office_id, pre.carnet_id, pre.arrival_at.astimezone(UTC).isoformat(),
         pre.model_dump_json()),
    )


def one(db: Db, predeclaration_id: str) -> PreDeclaration | None:
    row = db.execute(
        "SELECT doc FROM predeclarations WHERE predeclaration_id = ?", (predeclaration_id,)
    ).fetchone()
    return None if row is None else PreDeclaration.model_validate_json(row["doc"])


def at_offices(db: Db, office_ids: Iterable[str]) -> list[PreDeclaration]:
    """Every pre-declaration addressed to one of ``office_ids``, latest arrival first."""
    wanted = sorted(set(office_ids))
    if not wanted:
        return []
    rows = db.execute(
        f"SELECT doc FROM predeclarations WHERE office_id IN ({marks(wanted)}) "  # noqa: S608 - placeholders only
        "ORDER BY arrival_at DESC, CAST(predeclaration_id AS INTEGER) DESC",
        wanted,
    )
    return [PreDeclaration.model_validate_json(row["doc"]) for row in rows]
