"""The Logs (guide lines 2843-2973): transacted carnets with their reconciliation status, and their transactions.

A controller sees the carnets with at least one transaction in the customs territory of their office, with all
of those carnets' transactions wherever they were made (the guide's Swiss controller follows carnet 883 into
Germany); an admin sees every carnet. Statuses are computed as of today at the caller's office: an ATA
carnet's from its goods (:mod:`carnet_domain.reconciliation`), a CPD's from the passages of its vehicle, each
importation an entry and each re-exportation an exit, and from its terminations, regularisations, extension
and notification (:mod:`reference_central.operations.vehicle_file`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from carnet_domain.carnet import Carnet, CarnetKind
from carnet_domain.cpd.decision import CpdReason
from carnet_domain.cpd.discharge import DischargeStatus, notification_deadline
from carnet_domain.cpd.records import VehicleRecords
from carnet_domain.cpd.validity import valid_until_of
from carnet_domain.organisation import Account, Permission, region_bound
from carnet_domain.reconciliation import (
    ReconciliationStatus,
    cleared_goods,
    final_date_for_reexportation,
    final_date_for_reimportation,
    reconcile,
)
from carnet_domain.transaction import Transaction
from central_contract.models import (
    CarnetLog,
    CarnetLogDetail,
    CarnetLogPage,
    NotificationWarning,
    ReconciliationView,
    TransactionLog,
    TransactionLogPage,
    Validity,
)
from reference_central import carnet_summaries, records
from reference_central.carnet_summaries import LogFilter
from reference_central.database import Db
from reference_central.operations.base import CentralBase, office_date
from reference_central.operations.vehicle_file import (
    DISCHARGE_STATUSES,
    late_exits,
    outstanding_places,
    reconciliation,
    records_of,
)
from reference_central.operations.visibility import in_logs, visible_carnet


def _newest_first(transactions: list[Transaction]) -> list[Transaction]:
    """By the time they occurred, the later recorded first among those of the same moment."""
    ordered = sorted(enumerate(transactions), key=lambda pair: (pair[1].occurred_at, pair[0]), reverse=True)
    return [tx for _, tx in ordered]


def _carnet_kept(narrowed: LogFilter, carnet: Carnet, vehicle: VehicleRecords, today: date) -> bool:
    """Whether ``carnet`` is of the kind and validity (on ``today``, as extended) ``narrowed`` asks for, as the page
    of every carnet filters it (:class:`~reference_central.carnet_summaries.LogFilter`)."""
    if narrowed.kind is not None and carnet.kind.value != narrowed.kind:
        return False
    if narrowed.validity is None:
        return True
    return (today <= valid_until_of(carnet, vehicle.granted)) == (narrowed.validity == Validity.VALID.value)


WARNINGS = {CpdReason.NOTIFICATION_WARNING: NotificationWarning.DUE,
            CpdReason.NOTIFICATION_LAPSED: NotificationWarning.LAPSED}


@dataclass(frozen=True, slots=True)
class _Status:
    status: ReconciliationStatus
    outstanding: dict[str, str]
    deadline: date | None = None
    warning: NotificationWarning | None = None
    late_exits: int = 0


def _ata_status(carnet: Carnet, history: list[Transaction], today: date) -> _Status:
    result = reconcile(carnet, history, today)
    return _Status(result.status, {place: items.format() for place, items in result.outstanding.items()})


def _cpd_status(carnet: Carnet, history: list[Transaction], vehicle: VehicleRecords, today: date) -> _Status:
    """The CPD's discharge (its terminations and regularisations count); while undischarged after its
    validity (as extended), the art. 26 notification's deadline; the exits flagged for the controller."""
    result = reconciliation(carnet, history, vehicle, today)
    outstanding = outstanding_places(result)
    late = late_exits(carnet, history, vehicle)
    if result.status is not DischargeStatus.TO_CHECK:
        return _Status(DISCHARGE_STATUSES[result.status], outstanding, late_exits=late)
    deadline = notification_deadline(valid_until_of(carnet, vehicle.granted))
    warning = WARNINGS.get(result.notification.reason) if result.notification is not None else None
    return _Status(ReconciliationStatus.TO_CHECK, outstanding, deadline, warning, late)


def carnet_log(
    carnet: Carnet, history: list[Transaction], today: date, vehicle: VehicleRecords | None = None
) -> CarnetLog:
    """The carnet's row of the Logs; ``vehicle``: what is recorded on a CPD's vehicle (nothing by default).
    A CPD's ``valid_until`` is as extended."""
    vehicle = vehicle or VehicleRecords()
    if carnet.kind is CarnetKind.CPD:
        result = _cpd_status(carnet, history, vehicle, today)
    else:
        result = _ata_status(carnet, history, today)
    return CarnetLog(
        carnet_id=carnet.carnet_id, carnet_number=carnet.number, kind=carnet.kind, order_type=carnet.order_type,
        replaces=carnet.replaces, issue_date=carnet.issue_date, valid_until=valid_until_of(carnet, vehicle.granted),
        total_value=carnet.total_value, currency=carnet.currency, status=result.status,
        outstanding=result.outstanding, last_transaction_at=max(tx.occurred_at for tx in history),
        notification_deadline=result.deadline, notification_warning=result.warning, late_exits=result.late_exits,
    )


def transaction_log(tx: Transaction, carnet: Carnet, territory_names: dict[str, str]) -> TransactionLog:
    return TransactionLog(
        transaction_id=tx.transaction_id, carnet_id=tx.carnet_id, carnet_number=tx.carnet_number,
        kind=carnet.kind, type=tx.type, occurred_at=tx.occurred_at, cleared_goods=cleared_goods(tx).format(),
        declared_goods=tx.goods.declared_goods, diverted_goods=tx.goods.diverted_goods,
        final_date_reexportation=final_date_for_reexportation(tx),
        final_date_reimportation=final_date_for_reimportation(tx),
        territory=tx.territory, territory_name=territory_names.get(tx.territory, tx.territory),
        office_id=tx.office_id, office_name=tx.office_name, customs_reference=tx.customs.customs_reference,
        verification_code=tx.verification_code, state=tx.state,
    )


class LogOps(CentralBase):
    """The Logs of Controllers and Admins."""

    def _today(self, db: Db, account: Account) -> date:
        return office_date(self.clock(), self._office_for(db, account, None, working=False))

    def _logged(self, db: Db, account: Account, ref: str) -> tuple[Carnet, list[Transaction]]:
        """The carnet ``ref`` of the caller's logs, with its transactions in the order recorded; any other carnet,
        as one that does not exist, ``unknown_carnet``."""
        territory = self._office_for(db, account, None, working=False).territory
        carnet = visible_carnet(db, ref, in_logs(db, account, territory))
        return carnet, records.history(db, carnet.carnet_id)

    def carnet_logs(
        self, account: Account, status: ReconciliationStatus | None, limit: int, offset: int,
        narrowed: LogFilter | None = None,
    ) -> CarnetLogPage:
        """A page of the caller's Logs, filtered, ordered and paged in the database (:mod:`carnet_summaries`)."""
        self.require(account, Permission.LOGS)
        with self.store.reading() as db:
            today = self._today(db, account)
            rows, total = carnet_summaries.carnet_page(
                db, self._territory_of_logs(db, account), today, status.value if status else None, limit, offset,
                narrowed)
            logs = [CarnetLog.model_validate({**json.loads(row.doc), "status": row.status}) for row in rows]
            # An undischarged vehicle's notification deadline and warning depend on the day: worked out here.
            due = [log.carnet_id for log in logs
                   if log.kind is CarnetKind.CPD and log.status is ReconciliationStatus.TO_CHECK]
            carnets, histories = records.carnets_by_id(db, due), records.histories(db, due)
            worked = {cid: carnet_log(carnets[cid], histories[cid], today, records_of(db, carnets[cid]))
                      for cid in due}
            logs = [worked.get(log.carnet_id, log) for log in logs]
        return CarnetLogPage(items=logs, total=total, limit=limit, offset=offset)

    def _territory_of_logs(self, db: Db, account: Account) -> str | None:
        """The customs territory whose carnets the caller's Logs show; ``None`` for an admin's (every carnet)."""
        return self._office_for(db, account, None, working=False).territory if region_bound(account.role) else None

    def transaction_logs(self, account: Account, carnet_ref: str | None, limit: int, offset: int,
                         narrowed: LogFilter | None = None) -> TransactionLogPage:
        """A page of the transactions of the caller's Logs (of one carnet, ``carnet_ref``), narrowed to a
        transaction type, a carnet type and a validity on the caller's office date if asked."""
        self.require(account, Permission.LOGS)
        narrowed = narrowed or LogFilter()
        with self.store.reading() as db:
            today = self._today(db, account)
            if carnet_ref:
                carnet, history = self._logged(db, account, carnet_ref)
                kept = _carnet_kept(narrowed, carnet, records_of(db, carnet), today)
                every = [tx for tx in _newest_first(history)
                         if kept and narrowed.tx_type in (None, tx.type.value)]
                page, total = every[offset:offset + limit], len(every)
            else:
                docs, total = carnet_summaries.transaction_page(db, self._territory_of_logs(db, account), today,
                                                                limit, offset, narrowed)
                page = [Transaction.model_validate_json(doc) for doc in docs]
            names = {t.code: t.name for t in records.territories(db)}
            carnets = records.carnets_by_id(db, sorted({tx.carnet_id for tx in page}))
            items = [transaction_log(tx, carnets[tx.carnet_id], names) for tx in page]
        return TransactionLogPage(items=items, total=total, limit=limit, offset=offset)

    def carnet_log_detail(self, account: Account, carnet_ref: str) -> CarnetLogDetail:
        self.require(account, Permission.LOGS)
        with self.store.reading() as db:
            carnet, history = self._logged(db, account, carnet_ref)
            offices = [records.office(db, office_id) for office_id in sorted({tx.office_id for tx in history})]
            zones = {office.office_id: office.timezone for office in offices if office is not None}
            return CarnetLogDetail(
                log=carnet_log(carnet, history, self._today(db, account), records_of(db, carnet)), carnet=carnet,
                transactions=_newest_first(history), office_zones=zones,
            )

    def reconciliation(self, account: Account, carnet_ref: str) -> ReconciliationView:
        """One carnet's reconciliation as of today at the caller's office: for the carnets of the caller's logs
        only, as the details."""
        self.require(account, Permission.LOGS)
        with self.store.reading() as db:
            carnet, history = self._logged(db, account, carnet_ref)
            log = carnet_log(carnet, history, self._today(db, account), records_of(db, carnet))
        return ReconciliationView(carnet_id=carnet.carnet_id, carnet_number=carnet.number, valid_until=log.valid_until,
                                  status=log.status.value, outstanding=log.outstanding)
