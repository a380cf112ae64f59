"""The columns of the Logs' two lists, as the guide gives them (lines 2849-2880): the heading, and the value
of each row as data (a number, a date, a local time, text). The screen shows the same columns as text.

Times are stored in UTC and given in the workstation's local time (or ``zone``). An undischarged CPD's last day
to notify its guaranteeing association is a date, and whether that is due or has lapsed is said beside it, so
that a spreadsheet keeps the date as a date.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from decimal import Decimal
from typing import Generic, TypeVar

from carnet_domain.carnet import OrderType
from carnet_domain.reconciliation import ReconciliationStatus
from carnet_domain.transaction import TransactionState
from central_contract.models import CarnetLog, NotificationWarning, TransactionLog
from ecarnet_tui.formats import country_name
from ecarnet_tui.i18n import _
from ecarnet_tui.texts.labels import cleared_words, type_name

Cell = str | int | Decimal | date | datetime | None
"""A value as a spreadsheet holds it; a ``datetime`` is a local time without its zone."""
R = TypeVar("R")
DATE_FORMAT = "%d/%m/%Y"
TIME_FORMAT = "%d/%m/%Y %H:%M"


@dataclass(frozen=True, slots=True)
class Column(Generic[R]):
    heading: str
    value: Callable[[R], Cell]
    width: int = 12
    """Characters, for a spreadsheet's column width."""


def status_name(status: ReconciliationStatus) -> str:
    names = {
        ReconciliationStatus.NOT_APPLICABLE: _("N/A"),
        ReconciliationStatus.TO_CHECK: _("To check"),
        ReconciliationStatus.TERMINATED: _("Terminated"),
        ReconciliationStatus.DISCHARGED: _("Discharged"),
    }
    return names[status]


def notification(log: CarnetLog) -> str:
    """Whether an undischarged CPD's notification of the guaranteeing association needs attention: ``due``
    (within 30 days) or ``lapsed``; empty otherwise."""
    if log.notification_warning is None:
        return ""
    return {NotificationWarning.DUE: _("due"), NotificationWarning.LAPSED: _("lapsed")}[log.notification_warning]


def cleared_text(tx: TransactionLog) -> str:
    """The guide's *cleared goods* of a row (:func:`~ecarnet_tui.texts.labels.cleared_words`)."""
    return cleared_words(tx.type, tx.declared_goods, tx.diverted_goods) if tx.diverted_goods else tx.cleared_goods


def order_type_name(order: OrderType) -> str:
    return {OrderType.ORIGINAL: _("Original"), OrderType.REPLACEMENT: _("Replacement")}[order]


def state_name(state: TransactionState) -> str:
    return {TransactionState.COMMITTED: _("Committed"), TransactionState.CANCELLED: _("Cancelled")}[state]


def local(moment: datetime, zone: tzinfo | None = None) -> datetime:
    """``moment`` (UTC) as a local time without its zone, to the minute."""
    return moment.astimezone(zone).replace(tzinfo=None, second=0, microsecond=0)


def as_text(value: Cell, decimal: str = ".") -> str:
    """A cell as the screen and the CSV write it: dates ``31/12/2026``, times ``31/12/2026 23:59``, amounts
    ``2000.00`` (with ``decimal`` as the decimal separator)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime(TIME_FORMAT)
    if isinstance(value, date):
        return value.strftime(DATE_FORMAT)
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", decimal)
    if isinstance(value, int):
        return str(value)
    return value


def carnet_columns() -> list[Column[CarnetLog]]:
    return [
        Column(_("Reconciliation"), lambda c: status_name(c.status), 14),
        Column(_("Carnet ID"), lambda c: c.carnet_id, 10),
        Column(_("Carnet number"), lambda c: c.carnet_number, 18),
        Column(_("Type"), lambda c: c.kind.value, 6),
        Column(_("Order type"), lambda c: order_type_name(c.order_type), 12),
        Column(_("Issue"), lambda c: c.issue_date, 11),
        Column(_("Valid until"), lambda c: c.valid_until, 11),
        Column(_("Total value"), lambda c: c.total_value, 14),
        Column(_("Currency"), lambda c: c.currency, 8),
        Column(_("Notify association by"), lambda c: c.notification_deadline, 12),
        Column(_("Notification"), notification, 12),
        Column(_("Late exits"), lambda c: c.late_exits or None, 10),
    ]


def transaction_columns(zone: tzinfo | None = None) -> list[Column[TransactionLog]]:
    return [
        Column(_("Carnet"), lambda t: t.carnet_number, 18),
        Column(_("Type"), lambda t: t.kind.value, 6),
        Column(_("Transaction type"), lambda t: type_name(t.type), 16),
        Column(_("Time"), lambda t: local(t.occurred_at, zone), 16),
        Column(_("Cleared goods"), cleared_text, 24),
        Column(_("Final date for re-exportation"), lambda t: t.final_date_reexportation, 14),
        Column(_("Final date for duty-free re-importation"), lambda t: t.final_date_reimportation, 14),
        Column(_("Customs territory"), lambda t: country_name(t.territory, t.territory_name), 18),
        Column(_("Customs office"), lambda t: t.office_name, 22),
        Column(_("Customs reference number"), lambda t: t.customs_reference, 18),
        Column(_("Verification code"), lambda t: t.verification_code, 16),
        Column(_("State"), lambda t: state_name(t.state), 10),
    ]


def rows_of(columns: Sequence[Column[R]], records: Sequence[R]) -> list[list[Cell]]:
    return [[column.value(record) for column in columns] for record in records]
