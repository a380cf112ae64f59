"""A vehicle carnet (CPD) as the central reads it: the passages of its vehicle from the committed transactions,
what is recorded beside them (:mod:`reference_central.vehicle_records`), its discharge, its vehicle file, and
the passage rules a commit must pass.

Each committed Importation is an entry into the office's customs territory and each committed Re-exportation an
exit from it, on the office's date; cancelled transactions do not count. An extension of validity, once
recorded, is recognised everywhere (art. 21 of both conventions): every check of the carnet's validity reads
the extended date.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date

from carnet_domain.carnet import Carnet, CarnetKind
from carnet_domain.cpd.convention import convention_of
from carnet_domain.cpd.decision import Decision, Figure, Verdict
from carnet_domain.cpd.discharge import CpdReconciliation, DischargeStatus, notification_deadline, reconcile_cpd
from carnet_domain.cpd.passages import Passage, PassageKind, check_entry, check_exit
from carnet_domain.cpd.records import JudgedExit, VehicleRecords, exits_judged
from carnet_domain.cpd.validity import valid_until_of
from carnet_domain.reconciliation import ReconciliationStatus, final_date_for_reexportation
from carnet_domain.refusals import RefusalCode as R
from carnet_domain.transaction import Transaction
from carnet_domain.transaction_types import TransactionType as T
from central_contract.vehicles import ExitView, VehicleFile
from reference_central import vehicle_records
from reference_central.database import Db
from reference_central.errors import CentralError

PASSAGE_KINDS = {T.IMPORTATION: PassageKind.ENTRY, T.REEXPORTATION: PassageKind.EXIT}
"""How a CPD's transactions read as passages of its vehicle: an importation enters a territory, a
re-exportation leaves it."""
DISCHARGE_STATUSES = {
    DischargeStatus.NOT_APPLICABLE: ReconciliationStatus.NOT_APPLICABLE,
    DischargeStatus.DISCHARGED: ReconciliationStatus.DISCHARGED,
    DischargeStatus.TO_CHECK: ReconciliationStatus.TO_CHECK,
}


def passages_of(history: Iterable[Transaction]) -> list[Passage]:
    """The committed importations and re-exportations of a CPD, in the order they occurred, each on the
    office's date."""
    return [
        Passage(passage_id=tx.transaction_id, kind=PASSAGE_KINDS[tx.type], territory=tx.territory,
                on=tx.local_date, final_date=final_date_for_reexportation(tx), office=tx.office_name)
        for tx in sorted((t for t in history if t.committed), key=lambda t: t.occurred_at)
        if tx.type in PASSAGE_KINDS
    ]


def explanations_of(history: Iterable[Transaction]) -> dict[str, str]:
    """The delay explanation recorded with each committed re-exportation, by its transaction id."""
    return {tx.transaction_id: tx.customs.delay_explanation for tx in history
            if tx.committed and tx.type is T.REEXPORTATION and tx.customs.delay_explanation.strip()}


def is_cpd(carnet: Carnet) -> bool:
    return carnet.kind is CarnetKind.CPD


def records_of(db: Db, carnet: Carnet) -> VehicleRecords:
    """What is recorded on a CPD's vehicle; nothing for an ATA carnet."""
    return vehicle_records.of_carnet(db, carnet.carnet_id) if carnet.kind is CarnetKind.CPD else VehicleRecords()


def extended(carnet: Carnet, records: VehicleRecords) -> Carnet:
    """The carnet with its validity as extended (recognised everywhere, art. 21); as it is without one."""
    granted = records.granted
    return carnet if granted is None else carnet.model_copy(update={"valid_until": granted.granted_until})


def reconciliation(
    carnet: Carnet, history: Iterable[Transaction], records: VehicleRecords, today: date
) -> CpdReconciliation:
    """The CPD's discharge on ``today``, its terminations, regularisations, extension and notification read."""
    notified = records.notification
    return reconcile_cpd(
        carnet, passages_of(history), today=today,
        terminations=[t.termination for t in records.terminations],
        regularisations=[r.regularisation for r in records.regularisations],
        extension=records.granted, notified_on=notified.notified_on if notified is not None else None,
    )


def outstanding_places(result: CpdReconciliation) -> dict[str, str]:
    """The entries still open, as the Logs give outstanding items: ``{"admitted:CH": "1"}``."""
    counts = Counter(entry.territory for entry in result.outstanding)
    return {f"admitted:{territory}": str(n) for territory, n in counts.items()}


def judged_exits(carnet: Carnet, history: list[Transaction], records: VehicleRecords) -> tuple[JudgedExit, ...]:
    return exits_judged(carnet, passages_of(history), records, explanations_of(history))


def late_exits(carnet: Carnet, history: list[Transaction], records: VehicleRecords) -> int:
    """How many exits are flagged for the controller: late without an explanation, or after D+14."""
    return sum(1 for judged in judged_exits(carnet, history, records) if judged.decision.verdict is Verdict.FLAG)


def _date(figures: Mapping[str, Figure], key: str) -> date:
    value = figures[key]
    assert isinstance(value, date), f"{key} is not a date"
    return value


def _int(figures: Mapping[str, Figure], key: str) -> int:
    value = figures[key]
    assert isinstance(value, int), f"{key} is not a number"
    return value


def exit_view(judged: JudgedExit) -> ExitView:
    figures = judged.decision.figures
    return ExitView(
        entry_id=judged.entry.passage_id, exit_id=judged.exit.passage_id, territory=judged.entry.territory,
        entry_on=judged.entry.on, exit_on=judged.exit.on, final_date=_date(figures, "final_date"),
        extended_final_date=_date(figures, "extended_final_date"), days_late=_int(figures, "days_late"),
        timing=judged.decision.reason, explanation=str(figures.get("explanation", "")),
    )


def vehicle_file(carnet: Carnet, history: list[Transaction], records: VehicleRecords, office_date: date) -> VehicleFile:
    """Everything the central knows of a CPD's vehicle, as of ``office_date``."""
    result = reconciliation(carnet, history, records, office_date)
    valid_until = valid_until_of(carnet, records.granted)
    return VehicleFile(
        carnet_id=carnet.carnet_id, carnet_number=carnet.number, convention=convention_of(carnet),
        guaranteed_by=carnet.guaranteed_by, single_journey=carnet.single_journey, valid_until=valid_until,
        valid_until_before_extension=carnet.valid_until if records.granted is not None else None,
        office_date=office_date,
        passages=passages_of(history), exits=[exit_view(j) for j in judged_exits(carnet, history, records)],
        open_entries=[entry.passage_id for entry in result.outstanding], extension=records.extension,
        seizures=list(records.seizures), terminations=list(records.terminations),
        regularisations=list(records.regularisations), notification=records.notification, status=result.status,
        notification_deadline=notification_deadline(valid_until) if result.status is DischargeStatus.TO_CHECK
        else None,
    )


# --- Refusals ----------------------------------------------------------------------------------------------


def decision_json(decision: Decision) -> dict[str, object]:
    return {"reason": decision.reason.value, "citation": str(decision.citation),
            "figures": {k: str(v) for k, v in decision.figures.items()}}


def cpd_refusal(refused: Iterable[Decision], detail: str = "") -> CentralError:
    """``cpd_rule`` with the refused decisions; ``detail`` defaults to their reasons, comma-joined."""
    found = list(refused)
    return CentralError(R.CPD_RULE, detail or ", ".join(d.reason.value for d in found),
                        {"decisions": [decision_json(d) for d in found]})


def refuse_if_any(decisions: Iterable[Decision]) -> None:
    """Raise ``cpd_rule`` when any of ``decisions`` is a refusal."""
    refused = [d for d in decisions if d.refused]
    if refused:
        raise cpd_refusal(refused)


def check_passage(
    carnet: Carnet, records: VehicleRecords, kind: T, history: list[Transaction], *, territory: str, on: date,
    final_date: date | None,
) -> None:
    """The passage rules of a CPD's Importation (an entry) or Re-exportation (an exit) at the commit, given
    what is recorded on its vehicle: refused with ``cpd_rule``. Any other carnet or transaction passes."""
    if carnet.kind is not CarnetKind.CPD or kind not in PASSAGE_KINDS:
        return
    passages = passages_of(history)
    if kind is T.IMPORTATION:
        refuse_if_any(check_entry(carnet, passages, territory=territory, on=on, final_date=final_date,
                                  single_journey=carnet.single_journey, extension=records.granted,
                                  settled=records.settled))
    else:
        refuse_if_any([check_exit(carnet, passages, territory=territory, on=on, extension=records.granted,
                                  settled=records.settled)])
