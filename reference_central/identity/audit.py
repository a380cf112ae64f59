"""The identity lines of the audit trail: every sign-in, failure, lock-out, sign-out and account change."""

from __future__ import annotations

from datetime import datetime

from carnet_domain.organisation import Account
from central_contract.models import AuditAction, AuditEntry
from reference_central import records, shift_records
from reference_central.database import Db
from reference_central.store import Store


def identity_line(
    store: Store, db: Db, at: datetime, action: AuditAction, *, account: Account | None,
    typed: str = "", by: Account | None = None, reason: str = "", subject: str = "",
) -> None:
    """A line about ``account`` (or, when the name typed matches none, about that name: an admin's line, of no
    region); ``by`` is who acted when it is not the account itself."""
    office = records.office(db, account.office_id) if account is not None else None
    who = f"by {by.account_id}" if by is not None and account is not None and by.account_id != account.account_id \
        else ""
    shift_records.put_audit(db, AuditEntry(
        entry_id=str(store.next_number("audit")), at=at, action=action,
        account_id=account.account_id if account is not None else typed[:200],
        account_name=account.display_name if account is not None else "",
        office_id=office.office_id if office else "", office_name=office.name if office else "",
        region_id=office.region_id if office else "", reason=reason[:500],
        subject=" ".join(p for p in (subject, who) if p),
    ))
