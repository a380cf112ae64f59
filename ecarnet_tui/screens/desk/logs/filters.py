"""The Logs' filters (guide lines 2843-2973: "By status", "By type"): a carnet's reconciliation status, its
validity, its type (ATA or CPD), and a transaction's type; chosen in a dialog (F4), applied by the central."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, Select

from carnet_domain.carnet import CarnetKind
from carnet_domain.reconciliation import ReconciliationStatus
from carnet_domain.transaction_types import TransactionType
from central_contract.models import Validity
from ecarnet_tui.exports.columns import status_name
from ecarnet_tui.i18n import _
from ecarnet_tui.screens.dialogs.dialog import Dialog
from ecarnet_tui.texts.labels import type_name

EVERY = ""
"""The choice of a filter that keeps everything."""
STATUSES = (ReconciliationStatus.TO_CHECK, ReconciliationStatus.TERMINATED, ReconciliationStatus.DISCHARGED,
            ReconciliationStatus.NOT_APPLICABLE)
"""The statuses in the order offered: those the controller acts on first."""


@dataclass(frozen=True, slots=True)
class LogFilters:
    """What the Logs show; ``None``: every one."""

    status: ReconciliationStatus | None = None
    """The Carnets view only."""
    validity: Validity | None = None
    kind: CarnetKind | None = None
    tx_type: TransactionType | None = None
    """The Transactions view only."""


def validity_name(validity: Validity) -> str:
    return {Validity.VALID: _("valid"), Validity.EXPIRED: _("expired")}[validity]


def filters_text(filters: LogFilters, *, carnets: bool) -> str:
    """The filters applied to the view (``carnets``: the Carnets view), for its heading; empty when none."""
    parts = []
    if carnets and filters.status is not None:
        parts.append(_("status {status}").format(status=status_name(filters.status)))
    if filters.validity is not None:
        parts.append(validity_name(filters.validity))
    if filters.kind is not None:
        parts.append(filters.kind.value)
    if not carnets and filters.tx_type is not None:
        parts.append(type_name(filters.tx_type))
    return ", ".join(parts)


class FilterDialog(Dialog[LogFilters | None]):
    """The filters of one view of the Logs (``carnets``: the Carnets view, with the status; otherwise the
    Transactions view, with the transaction type); F4 answers the filters chosen, Escape ``None``."""

    DEFAULT_CSS = """
    FilterDialog Horizontal {
        height: auto;
        margin-bottom: 1;
    }
    FilterDialog Horizontal Label {
        width: 20;
        padding-top: 0;
    }
    FilterDialog Select {
        width: 1fr;
    }
    """
    BINDINGS = [
        Binding("f4", "apply", _("Apply"), id="log-filters-apply", priority=True),
        Binding("escape", "cancel", _("Back"), id="log-filters-back"),
    ]

    def __init__(self, filters: LogFilters, *, carnets: bool) -> None:
        super().__init__()
        self.filters = filters
        self.carnets = carnets

    def compose(self) -> ComposeResult:
        every = _("Every one")
        f = self.filters
        with Vertical():
            yield Label(_("Show only"), classes="heading")
            if self.carnets:
                yield from self.choice(_("Status"), "filter-status", every, f.status,
                                       [(status_name(s), s) for s in STATUSES])
            yield from self.choice(_("Validity"), "filter-validity", every, f.validity,
                                   [(validity_name(v), v) for v in Validity])
            yield from self.choice(_("Carnet type"), "filter-kind", every, f.kind, [(k.value, k) for k in CarnetKind])
            if not self.carnets:
                yield from self.choice(_("Transaction type"), "filter-type", every, f.tx_type,
                                       [(type_name(t), t) for t in TransactionType])
            yield Label(_("Tab moves between the filters, Enter opens one. F4 shows the list so filtered, Escape "
                          "leaves it as it was."), id="filter-hint")

    @staticmethod
    def choice(label: str, select_id: str, every: str, value: object,
               options: list[tuple[str, object]]) -> ComposeResult:
        with Horizontal():
            yield Label(label)
            yield Select([(every, EVERY), *options], value=EVERY if value is None else value, allow_blank=False,
                         compact=True, id=select_id)

    def chosen(self, select_id: str) -> object:
        found = self.query(f"#{select_id}")
        if not found:
            return None
        value = found.only_one(Select).value
        return None if value in (EVERY, Select.BLANK) else value

    def action_apply(self) -> None:
        kept = self.filters
        status = self.chosen("filter-status") if self.carnets else kept.status
        validity, kind = self.chosen("filter-validity"), self.chosen("filter-kind")
        tx_type = kept.tx_type if self.carnets else self.chosen("filter-type")
        self.dismiss(LogFilters(
            status=status if isinstance(status, ReconciliationStatus) else None,
            validity=validity if isinstance(validity, Validity) else None,
            kind=kind if isinstance(kind, CarnetKind) else None,
            tx_type=tx_type if isinstance(tx_type, TransactionType) else None,
        ))

    def action_cancel(self) -> None:
        self.dismiss(None)
