"""What a code set did on an exercise's carnet, read from what the central recorded there, as the judging reads it
(:class:`carnet_domain.training.judging.Done`): the transactions made with the scenario's codes (cancelled or not),
every hold (placed by the trainee or by the demo, released or not), the rejections, and the vehicle records the
trainee added. What the demo seeded as the carnet's history is not the trainee's work.

A commit counts as made offline when it came through an offline grant (its audit line says so) or when it reached
the central more than :data:`OFFLINE_LAG` after the desk made it: it waited in the desk's queue."""

from __future__ import annotations

import json
from datetime import timedelta

from carnet_domain.cpd.records import Recorded
from carnet_domain.training.exercise import Exercise, VehicleRecordKind
from carnet_domain.training.judging import Done, DoneKind
from carnet_domain.transaction import Hold, Rejection, Transaction, TransactionState
from central_contract.models import AuditAction
from reference_central import records, vehicle_records
from reference_central.database import Db
from reference_central.demo.seed import scenario_codes
from reference_central.training.code_sets import carnet_in_set, demo_scenarios

OFFLINE_LAG = timedelta(seconds=30)
"""A commit recorded this long after it was made waited in the desk's offline queue."""
SEEDED_BY = "demo"
"""Who the demo's own records are made by."""


def exercise_carnet(exercise: Exercise, code_set: int) -> str:
    return carnet_in_set(exercise.scenario, code_set)


def exercise_codes(exercise: Exercise, code_set: int) -> list[str]:
    """The transaction codes the holder shows in this exercise, in code set ``code_set``."""
    return scenario_codes(code_set, demo_scenarios()[exercise.scenario])


def done_on(db: Db, exercise: Exercise, code_set: int) -> list[Done]:
    """Everything done on the exercise's carnet in code set ``code_set``, oldest first within each kind."""
    carnet_id = exercise_carnet(exercise, code_set)
    codes = set(exercise_codes(exercise, code_set))
    made = [t for t in records.history(db, carnet_id) if t.transaction_code in codes]
    granted = _granted(db, [t.transaction_id for t in made])
    done = [_transaction(t, t.transaction_id in granted) for t in made]
    done += [_hold(h) for h in _holds(db, carnet_id)]
    done += [Done(kind=DoneKind.REJECTION, type=r.transaction_type, text=r.reason) for r in _rejections(db, carnet_id)]
    done += _vehicle_records(db, carnet_id)
    return done


def _transaction(t: Transaction, granted: bool) -> Done:
    said = (t.goods.holder_remarks, t.customs.customs_remarks, t.customs.delay_explanation)
    return Done(
        kind=DoneKind.TRANSACTION, type=t.type, declared=t.goods.declared_goods, diverted=t.goods.diverted_goods,
        text="\n".join(s for s in said if s), explanation=t.customs.delay_explanation,
        cancelled=t.state is TransactionState.CANCELLED,
        offline=granted or t.recorded_at - t.occurred_at > OFFLINE_LAG,
    )


def _hold(h: Hold) -> Done:
    return Done(kind=DoneKind.HOLD, type=h.transaction_type, text=h.reason, released=not h.active)


def _holds(db: Db, carnet_id: str) -> list[Hold]:
    rows = db.execute("SELECT doc FROM holds WHERE carnet_id = ? ORDER BY CAST(hold_id AS INTEGER)", (carnet_id,))
    return [Hold.model_validate_json(str(row["doc"])) for row in rows]


def _rejections(db: Db, carnet_id: str) -> list[Rejection]:
    rows = db.execute("SELECT doc FROM rejections WHERE carnet_id = ? ORDER BY CAST(rejection_id AS INTEGER)",
                      (carnet_id,))
    return [Rejection.model_validate_json(str(row["doc"])) for row in rows]


def _vehicle_records(db: Db, carnet_id: str) -> list[Done]:
    on_file = vehicle_records.of_carnet(db, carnet_id)
    kinds: list[tuple[VehicleRecordKind, Recorded | None]] = [
        (VehicleRecordKind.EXTENSION, on_file.extension),
        *((VehicleRecordKind.SEIZURE, r) for r in on_file.seizures),
        *((VehicleRecordKind.TERMINATION, r) for r in on_file.terminations),
        *((VehicleRecordKind.REGULARISATION, r) for r in on_file.regularisations),
        (VehicleRecordKind.NOTIFICATION, on_file.notification),
    ]
    return [Done(kind=DoneKind.VEHICLE_RECORD, record=kind) for kind, record in kinds
            if record is not None and record.recorded_by != SEEDED_BY]


def _granted(db: Db, transaction_ids: list[str]) -> set[str]:
    """Which of the transactions were sent under an offline grant (:data:`AuditAction.OFFLINE_COMMIT` lines)."""
    if not transaction_ids:
        return set()
    wanted = set(transaction_ids)
    rows = db.execute("SELECT doc FROM audit WHERE action = ?", (AuditAction.OFFLINE_COMMIT.value,))
    subjects = {str(json.loads(str(row["doc"])).get("subject", "")).split(" ")[0] for row in rows}
    return subjects & wanted
