"""The statistics' tables (guide lines 2813-2821), as the screen shows them and the XLSX holds them: committed
transactions per type, per office and per month (months named in the officer's language), and the carnets to
check per currency."""

from __future__ import annotations

from carnet_domain.transaction_types import TransactionType
from central_contract.models import MonthCount, OfficeCount, Statistics, ToCheckTotal
from ecarnet_tui.exports.columns import Column
from ecarnet_tui.exports.tables import Table, table
from ecarnet_tui.formats import format_month
from ecarnet_tui.i18n import _
from ecarnet_tui.texts.labels import type_name


def kind_name(kind: str) -> str:
    """A transaction type's name; a type this release does not know, as the central gave it."""
    try:
        return type_name(TransactionType(kind))
    except ValueError:
        return kind


def ordered_types(stats: Statistics) -> list[str]:
    """The transaction types counted anywhere in ``stats``, in the order of the guide's types."""
    found = set(stats.by_type) | {kind for month in stats.by_month for kind in month.by_type}
    known = [t.value for t in TransactionType if t.value in found]
    return known + sorted(found - set(known))


def type_table(stats: Statistics, training: bool) -> Table:
    rows = [(kind, stats.by_type[kind]) for kind in ordered_types(stats) if kind in stats.by_type]
    columns: list[Column[tuple[str, int]]] = [
        Column(_("Transaction type"), lambda r: kind_name(r[0]), 24),
        Column(_("Committed transactions"), lambda r: r[1], 12),
    ]
    return table(_("Per type"), columns, rows, training=training)


def office_table(stats: Statistics, training: bool) -> Table:
    columns: list[Column[OfficeCount]] = [
        Column(_("Customs office"), lambda o: o.name, 28),
        Column(_("Office ID"), lambda o: o.office_id, 14),
        Column(_("Committed transactions"), lambda o: o.committed, 12),
    ]
    return table(_("Per office"), columns, stats.by_office, training=training)


def month_table(stats: Statistics, training: bool) -> Table:
    def count_of(kind: str) -> Column[MonthCount]:
        return Column(kind_name(kind), lambda m: m.by_type.get(kind, 0), 14)

    columns: list[Column[MonthCount]] = [
        Column(_("Month"), lambda m: format_month(m.month), 16),
        Column(_("Total"), lambda m: m.total, 10),
        *(count_of(kind) for kind in ordered_types(stats)),
    ]
    return table(_("Per month"), columns, stats.by_month, training=training)


def to_check_table(stats: Statistics, training: bool) -> Table:
    columns: list[Column[ToCheckTotal]] = [
        Column(_("Currency"), lambda t: t.currency, 10),
        Column(_("Carnets to check"), lambda t: t.carnets, 16),
        Column(_("Total value"), lambda t: t.total_value, 16),
    ]
    return table(_("To check"), columns, stats.to_check, training=training)


def statistics_tables(stats: Statistics, training: bool) -> list[Table]:
    """The four tables, in the order of the screen's keys."""
    return [type_table(stats, training), office_table(stats, training), month_table(stats, training),
            to_check_table(stats, training)]
