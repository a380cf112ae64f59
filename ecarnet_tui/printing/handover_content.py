"""What a shift's hand-over report says, as labelled text: the central's figures for the office during the
shift, and this workstation's offline queue at the hand-over.

Layout lives in :mod:`ecarnet_tui.printing.handover_pdf`; everything here is plain text, translated with
:func:`_`, in the order the report prints it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import tzinfo

from carnet_domain.transaction import Hold
from carnet_domain.transaction_types import TransactionType
from central_contract.models import AuditEntry, HandoverReport
from ecarnet_tui.formats import format_count
from ecarnet_tui.i18n import _
from ecarnet_tui.printing.receipt_content import Field, time_label
from ecarnet_tui.texts.labels import decision_name, queue_state_name, type_name
from offline_queue.items import ItemState, QueuedCommit
from offline_queue.store import QueueStore

OPEN_STATES = (ItemState.PENDING, ItemState.NEEDS_REVIEW)
"""Queue items whose provisional receipt the central has not (yet) made final."""


@dataclass(frozen=True)
class QueueState:
    """This workstation's offline queue at the hand-over."""

    counts: dict[ItemState, int]
    open_items: list[QueuedCommit]
    """Provisional receipts still open (not accepted by the central), oldest first."""


def queue_state(queue: QueueStore | None) -> QueueState:
    if queue is None:
        return QueueState({state: 0 for state in ItemState}, [])
    return QueueState(queue.state_counts(), sorted(queue.items(*OPEN_STATES, limit=1_000_000), key=lambda i: i.seq))


@dataclass(frozen=True)
class Section:
    """A heading, labelled values, then a table (``None.`` when it has no rows)."""

    title: str
    fields: list[Field] = field(default_factory=list)
    headings: tuple[str, ...] = ()
    rows: list[tuple[str, ...]] = field(default_factory=list)
    widths: tuple[int, ...] = ()


def kind_label(value: str) -> str:
    """A transaction type the central names, in the officer's words (an unknown one as it is)."""
    try:
        return type_name(TransactionType(value))
    except ValueError:
        return value


def _who_did(entries: list[AuditEntry], zone: tzinfo | None) -> list[tuple[str, ...]]:
    return [(time_label(e.at, zone), e.carnet_number or e.carnet_id or "—",
             kind_label(e.transaction_type.value) if e.transaction_type else "—", e.account_name,
             e.reason or _("(no reason given)")) for e in entries]


def _holds(holds: list[Hold], zone: tzinfo | None) -> list[tuple[str, ...]]:
    return [(h.carnet_number, type_name(h.transaction_type), h.held_by_name, time_label(h.held_since, zone),
             h.reason) for h in holds]


def handover_sections(report: HandoverReport, queue: QueueState, zone: tzinfo | None = None) -> list[Section]:
    shift = report.shift
    closed = time_label(shift.closed_at, zone) if shift.closed_at else "—"
    lines: list[Section] = [Section(_("Shift"), fields=[
        (_("Customs office"), shift.office_name),
        (_("Opened by"), shift.opened_by_name),
        (_("Opened at"), time_label(shift.opened_at, zone)),
        (_("Handed over by"), shift.closed_by_name or "—"),
        (_("Handed over at"), closed),
        (_("Note at opening"), shift.note or "—"),
        (_("Hand-over note"), shift.handover_note or "—"),
    ])]
    by_type = [(kind_label(kind), format_count(n)) for kind, n in report.by_type.items()]
    lines.append(Section(_("Transactions per type"), headings=(_("Transaction type"), _("Number")),
                         rows=[*by_type, (_("Total"), format_count(report.total))], widths=(70, 30)))
    lines.append(Section(_("Transactions per officer"), headings=(_("Officer"), _("Transactions"), _("Number")),
                         rows=[(f"{f.officer_name} ({f.officer_id})",
                                ", ".join(f"{kind_label(k)} {format_count(n)}" for k, n in sorted(f.by_type.items())),
                                format_count(f.total)) for f in report.by_officer], widths=(35, 50, 15)))
    lines.append(Section(
        _("Holds"),
        fields=[(_("Opened during the shift"), format_count(len(report.holds_opened))),
                (_("Released during the shift"), format_count(len(report.holds_released))),
                (_("Still open"), format_count(len(report.holds_open)))],
        headings=(_("Carnet"), _("Transaction type"), _("Held by"), _("Held since"), _("Reason")),
        rows=_holds(report.holds_open, zone), widths=(18, 16, 20, 20, 26)))
    who_did = (_("Time"), _("Carnet"), _("Transaction type"), _("By"), _("Reason"))
    widths = (20, 18, 16, 18, 28)
    lines.append(Section(_("Cancellations"), headings=who_did, rows=_who_did(report.cancellations, zone),
                         widths=widths))
    lines.append(Section(_("Rejections"), headings=who_did, rows=_who_did(report.rejections, zone), widths=widths))
    lines.append(Section(
        _("Decisions on refused offline commits"),
        headings=(_("Time"), _("Reference"), _("Decision"), _("By"), _("Reason")),
        rows=[(time_label(e.at, zone), e.subject, decision_name(e.decision), e.account_name, e.reason)
              for e in report.queue_decisions], widths=(20, 20, 14, 18, 28)))
    lines.append(Section(_("Offline queue of this workstation"),
                         fields=[(queue_state_name(state), format_count(n)) for state, n in queue.counts.items()]))
    lines.append(Section(
        _("Provisional receipts still open"),
        headings=(_("Reference"), _("Made"), _("Transaction type"), _("Carnet"), _("State")),
        rows=[(i.local_ref, time_label(i.made_at, zone), type_name(i.request.type), i.request.carnet_id,
               queue_state_name(i.state)) for i in queue.open_items], widths=(22, 22, 18, 18, 20)))
    return lines
