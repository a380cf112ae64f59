"""Shifts (issue 7): a Controller or higher opens one at an office, and hands it over with a report of what
happened at the office meanwhile. One open shift per office; all but an admin act in their own region."""

from __future__ import annotations

from datetime import datetime

from carnet_domain.organisation import Account
from carnet_domain.refusals import RefusalCode as R
from carnet_domain.transaction import Hold
from central_contract.models import (
    AuditAction,
    AuditEntry,
    HandoverReport,
    HandoverRequest,
    OfficerFigures,
    OpenShiftRequest,
    Shift,
)
from reference_central import records, shift_records
from reference_central.database import Db
from reference_central.errors import CentralError
from reference_central.operations.audit import require_supervisor
from reference_central.operations.base import CentralBase


def _within(moment: datetime | None, start: datetime, end: datetime) -> bool:
    return moment is not None and start <= moment <= end


def handover_report(db: Db, shift: Shift) -> HandoverReport:
    """What happened at the shift's office between its opening and its hand-over (``closed_at``)."""
    assert shift.closed_at is not None
    start, end = shift.opened_at, shift.closed_at
    by_type: dict[str, int] = {}
    officers: dict[str, OfficerFigures] = {}
    for tx in shift_records.office_transactions(db, shift.office_id):
        if not tx.committed or not _within(tx.occurred_at, start, end):
            continue
        by_type[tx.type.value] = by_type.get(tx.type.value, 0) + 1
        figures = officers.setdefault(
            tx.officer_id, OfficerFigures(officer_id=tx.officer_id, officer_name=tx.officer_name, by_type={}, total=0))
        figures.by_type[tx.type.value] = figures.by_type.get(tx.type.value, 0) + 1
        figures.total += 1
    holds: list[Hold] = sorted(records.holds_where(db, "office_id", shift.office_id, False),
                               key=lambda h: h.held_since)
    audit = shift_records.audit(db, office_id=shift.office_id, since=start, until=None, limit=100_000)
    during = [e for e in audit if e.at <= end]

    def lines(action: AuditAction) -> list[AuditEntry]:
        return [e for e in during if e.action is action]

    return HandoverReport(
        shift=shift,
        by_type=dict(sorted(by_type.items())),
        by_officer=sorted(officers.values(), key=lambda f: f.officer_id),
        total=sum(by_type.values()),
        holds_opened=[h for h in holds if _within(h.held_since, start, end)],
        holds_released=[h for h in holds if _within(h.released_at, start, end)],
        holds_open=[h for h in holds if h.active],
        cancellations=lines(AuditAction.CANCELLATION),
        rejections=lines(AuditAction.REJECTION),
        queue_decisions=lines(AuditAction.QUEUE_DECISION),
    )


class ShiftOps(CentralBase):
    """Opening a shift at an office, the office's current shift, and the hand-over with its report."""

    def open_shift(self, account: Account, req: OpenShiftRequest) -> Shift:
        require_supervisor(account)
        with self.store.transaction() as db:
            office = self._office_for(db, account, req.office_id)
            current = shift_records.open_shift(db, office.office_id)
            if current is not None:
                raise CentralError(R.SHIFT_ALREADY_OPEN, current.shift_id, {"shift_id": current.shift_id})
            shift = Shift(
                shift_id=str(self.store.next_number("shift")), office_id=office.office_id, office_name=office.name,
                region_id=office.region_id, territory=office.territory, opened_by=account.account_id,
                opened_by_name=account.display_name, opened_at=self.clock(), note=req.note.strip(),
            )
            shift_records.put_shift(db, shift)
            return shift

    def current_shift(self, account: Account, office_id: str | None) -> Shift | None:
        require_supervisor(account)
        with self.store.transaction() as db:
            office = self._office_for(db, account, office_id, working=False)
            return shift_records.open_shift(db, office.office_id)

    def hand_over(self, account: Account, shift_id: str, req: HandoverRequest) -> HandoverReport:
        """Close the shift (with a note for whoever comes next) and report on it."""
        require_supervisor(account)
        with self.store.transaction() as db:
            shift = shift_records.shift(db, shift_id)
            if shift is None:
                raise CentralError(R.UNKNOWN_SHIFT, shift_id)
            # handed over at its office, where the session works (deactivated meanwhile too)
            self._office_for(db, account, shift.office_id, working=False)
            if not shift.is_open:
                raise CentralError(R.SHIFT_CLOSED, shift_id)
            closed = shift.model_copy(update={
                "closed_at": self.clock(), "closed_by": account.account_id,
                "closed_by_name": account.display_name, "handover_note": req.note.strip(),
            })
            shift_records.put_shift(db, closed)
            return handover_report(db, closed)
