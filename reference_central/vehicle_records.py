"""Reading and writing what the central records on a vehicle carnet: its extension, seizures, terminations,
regularisations and the notification of a non-discharge (one row each, the record as a JSON document)."""

from __future__ import annotations

from enum import StrEnum

from carnet_domain.cpd.records import (
    ExtensionRecord,
    NotificationRecord,
    Recorded,
    RegularisationRecord,
    SeizureRecord,
    TerminationRecord,
    VehicleRecords,
)
from reference_central import carnet_summaries
from reference_central.database import Db, replace


class RecordKind(StrEnum):
    EXTENSION = "extension"
    SEIZURE = "seizure"
    TERMINATION = "termination"
    REGULARISATION = "regularisation"
    NOTIFICATION = "notification"


KINDS: dict[type[Recorded], RecordKind] = {
    ExtensionRecord: RecordKind.EXTENSION,
    SeizureRecord: RecordKind.SEIZURE,
    TerminationRecord: RecordKind.TERMINATION,
    RegularisationRecord: RecordKind.REGULARISATION,
    NotificationRecord: RecordKind.NOTIFICATION,
}


def put(db: Db, carnet_id: str, record: Recorded) -> None:
    """Insert ``record`` or replace the one with its id (a seizure's release)."""
    replace(db, "vehicle_records", (record.record_id, carnet_id, KINDS[type(record)].value, record.model_dump_json(),
                                    record.office_id))
    carnet_summaries.changed(db, carnet_id)


def _docs(db: Db, carnet_id: str, kind: RecordKind) -> list[str]:
    rows = db.execute(
        "SELECT doc FROM vehicle_records WHERE carnet_id = ? AND kind = ? ORDER BY CAST(record_id AS INTEGER)",
        (carnet_id, kind.value),
    )
    return [str(row["doc"]) for row in rows]


def of_carnet(db: Db, carnet_id: str) -> VehicleRecords:
    """Everything recorded on the carnet's vehicle, oldest first."""
    extensions = [ExtensionRecord.model_validate_json(d) for d in _docs(db, carnet_id, RecordKind.EXTENSION)]
    notifications = [NotificationRecord.model_validate_json(d)
                     for d in _docs(db, carnet_id, RecordKind.NOTIFICATION)]
    return VehicleRecords(
        extension=extensions[0] if extensions else None,
        seizures=tuple(SeizureRecord.model_validate_json(d) for d in _docs(db, carnet_id, RecordKind.SEIZURE)),
        terminations=tuple(TerminationRecord.model_validate_json(d)
                           for d in _docs(db, carnet_id, RecordKind.TERMINATION)),
        regularisations=tuple(RegularisationRecord.model_validate_json(d)
                              for d in _docs(db, carnet_id, RecordKind.REGULARISATION)),
        notification=notifications[0] if notifications else None,
    )
