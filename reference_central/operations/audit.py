"""The audit trail (issue 7): every hold, release, cancellation and rejection, recorded in the same unit of
work as the operation itself, and the queue decisions workstations report.

Each line names the account, the time, the office, the carnet and the reason. Controllers, regional managers
and admins read it; all but an admin only for their own region.
"""

from __future__ import annotations

from datetime import UTC, datetime

from carnet_domain.organisation import Account, Office, region_bound, supervises
from carnet_domain.refusals import RefusalCode as R
from carnet_domain.transaction import Hold, Rejection, Transaction
from carnet_domain.transaction_types import TransactionType
from central_contract.models import (
    AuditAction,
    AuditEntry,
    HoldRequest,
    QueueDecisionReport,
    RejectRequest,
)
from reference_central import records, shift_records
from reference_central.database import Db
from reference_central.errors import CentralError
from reference_central.operations.base import MAX_FUTURE_SKEW, MAX_OFFLINE_AGE
from reference_central.operations.holds import HoldOps
from reference_central.operations.transactions import TransactionOps

SUPERVISION = "supervision"
"""The detail of the ``forbidden`` refusal an officer gets from the supervisor's endpoints."""


def require_supervisor(account: Account) -> None:
    if not supervises(account.role):
        raise CentralError(R.FORBIDDEN, SUPERVISION)


def aware(moment: datetime | None, name: str) -> datetime | None:
    """A time from a request, which must carry its offset; returned in UTC."""
    if moment is None:
        return None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise CentralError(R.INVALID_REQUEST, f"{name} needs a time zone")
    return moment.astimezone(UTC)


class AuditOps(TransactionOps, HoldOps):
    """Holds, releases, cancellations and rejections, each with its line in the audit trail."""

    def _audit(
        self, db: Db, account: Account, action: AuditAction, office: Office | str, *,
        at: datetime | None = None, carnet_id: str = "", carnet_number: str = "",
        transaction_type: TransactionType | None = None, reason: str = "", subject: str = "",
        report: QueueDecisionReport | None = None,
    ) -> AuditEntry:
        found = records.office(db, office) if isinstance(office, str) else office
        assert found is not None, f"no office {office}"
        entry = AuditEntry(
            entry_id=str(self.store.next_number("audit")), at=at or self.clock(), action=action,
            account_id=account.account_id, account_name=account.display_name, office_id=found.office_id,
            office_name=found.name, region_id=found.region_id, carnet_id=carnet_id, carnet_number=carnet_number,
            transaction_type=transaction_type, reason=reason, subject=subject,
            decision=report.decision if report is not None else None,
        )
        shift_records.put_audit(db, entry)
        return entry

    def hold(self, account: Account, req: HoldRequest) -> Hold:
        with self.store.transaction() as db:
            hold = super().hold(account, req)
            self._audit(db, account, AuditAction.HOLD, hold.office_id, at=hold.held_since,
                        carnet_id=hold.carnet_id, carnet_number=hold.carnet_number,
                        transaction_type=hold.transaction_type, reason=hold.reason, subject=hold.hold_id)
            return hold

    def release(self, account: Account, hold_id: str, office_id: str | None = None) -> Hold:
        with self.store.transaction() as db:
            hold = super().release(account, hold_id, office_id)
            self._audit(db, account, AuditAction.RELEASE, hold.office_id, at=hold.released_at,
                        carnet_id=hold.carnet_id, carnet_number=hold.carnet_number,
                        transaction_type=hold.transaction_type, reason=hold.reason, subject=hold.hold_id)
            return hold

    def cancel(self, account: Account, transaction_id: str, cancellation_code: str, reason: str = "") -> Transaction:
        with self.store.transaction() as db:
            tx = super().cancel(account, transaction_id, cancellation_code)
            self._audit(db, account, AuditAction.CANCELLATION, tx.office_id, at=tx.cancelled_at,
                        carnet_id=tx.carnet_id, carnet_number=tx.carnet_number, transaction_type=tx.type,
                        reason=reason.strip(), subject=tx.transaction_id)
            return tx

    def reject(self, account: Account, req: RejectRequest) -> Rejection:
        with self.store.transaction() as db:
            rejection = super().reject(account, req)
            carnet = records.carnet(db, rejection.carnet_id)
            self._audit(db, account, AuditAction.REJECTION, rejection.office_id, at=rejection.rejected_at,
                        carnet_id=rejection.carnet_id, carnet_number=carnet.number if carnet else "",
                        transaction_type=rejection.transaction_type, reason=rejection.reason,
                        subject=rejection.rejection_id)
            return rejection

    # --- queue decisions reported by workstations, and reading the trail ---------------------------------

    def report_queue_decision(self, account: Account, report: QueueDecisionReport) -> AuditEntry:
        """A supervisor's decision on an offline commit the central refused, as the workstation took it."""
        require_supervisor(account)
        now = self.clock()
        decided = aware(report.decided_at, "decided_at")
        if decided is not None and (decided > now + MAX_FUTURE_SKEW or decided < now - MAX_OFFLINE_AGE):
            raise CentralError(R.CLOCK_SKEW, decided.isoformat())
        with self.store.transaction() as db:
            office = self._office_for(db, account, report.office_id, working=False)
            carnet_id, number = "", ""
            if report.carnet:
                ref = report.carnet.strip().upper()
                carnet = records.carnet_by_number(db, ref) or (records.carnet(db, ref) if ref.isdigit() else None)
                carnet_id, number = (carnet.carnet_id, carnet.number) if carnet else ("", ref)
            return self._audit(db, account, AuditAction.QUEUE_DECISION, office, at=decided or now,
                               carnet_id=carnet_id, carnet_number=number,
                               transaction_type=report.transaction_type, reason=report.reason,
                               subject=report.local_ref, report=report)

    def audit_trail(
        self, account: Account, *, account_id: str | None = None, office_id: str | None = None,
        since: datetime | None = None, until: datetime | None = None, limit: int = 1000,
    ) -> list[AuditEntry]:
        require_supervisor(account)
        since, until = aware(since, "since"), aware(until, "until")
        with self.store.transaction() as db:
            if office_id:
                office_id = self._office_in_reach(db, account, office_id, active=False).office_id
            if account_id:
                target = records.account(db, account_id)
                if target is None:
                    raise CentralError(R.UNKNOWN_ACCOUNT, account_id)
                if region_bound(account.role) and target.region_id != account.region_id:
                    raise CentralError(R.FORBIDDEN, "an account of another region")
            region = records.region(db, account.region_id) if region_bound(account.role) else None
            return shift_records.audit(db, region_id=region.region_id if region else None,
                                       territory=region.territory if region else None, office_id=office_id,
                                       account_id=account_id, since=since, until=until, limit=limit)
