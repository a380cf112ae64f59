"""The HTTP routes of shifts, hand-over and the audit trail (issue 7: supervisor desk).

Controllers, regional managers and admins only; an officer gets ``403 forbidden`` (detail ``supervision``).
FastAPI reads the annotations of the routes at run time, hence no ``from __future__ import annotations``.
"""

from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Depends, FastAPI, Query

from carnet_domain.organisation import Account
from central_contract.bounds import AccountId, Moment, OfficeRef
from central_contract.models import (
    AuditEntry,
    HandoverReport,
    HandoverRequest,
    OpenShiftRequest,
    QueueDecisionReport,
    Shift,
)

if TYPE_CHECKING:
    from reference_central.service import Central

AUDIT_PAGE_MAX = 1000


def add_shift_routes(app: FastAPI, central: "Central", who: Any) -> None:
    """Add the routes to ``app``; ``who`` is the dependency that authenticates the caller."""
    Who = Annotated[Account, Depends(who)]
    OfficeParam = Annotated[OfficeRef | None, Query()]

    @app.post("/v1/shifts", status_code=201, tags=["shifts"])
    def open_shift(caller: Who, body: OpenShiftRequest) -> Shift:
        return central.open_shift(caller, body)

    @app.get("/v1/shifts/current", tags=["shifts"])
    def current_shift(caller: Who, office_id: OfficeParam = None) -> Shift | None:
        return central.current_shift(caller, office_id)

    @app.post("/v1/shifts/{shift_id}/handover", tags=["shifts"])
    def hand_over(caller: Who, shift_id: str, body: HandoverRequest | None = None) -> HandoverReport:
        return central.hand_over(caller, shift_id, body or HandoverRequest())

    @app.post("/v1/audit/queue-decisions", status_code=201, tags=["audit"])
    def queue_decision(caller: Who, body: QueueDecisionReport) -> AuditEntry:
        return central.report_queue_decision(caller, body)

    @app.get("/v1/audit", tags=["audit"])
    def audit(
        caller: Who,
        account_id: Annotated[AccountId | None, Query()] = None,
        office_id: OfficeParam = None,
        since: Annotated[Moment | None, Query()] = None,
        until: Annotated[Moment | None, Query()] = None,
        limit: Annotated[int, Query(ge=1, le=AUDIT_PAGE_MAX)] = AUDIT_PAGE_MAX,
    ) -> list[AuditEntry]:
        return central.audit_trail(caller, account_id=account_id, office_id=office_id, since=since, until=until,
                                   limit=limit)

    _: Any = (open_shift, current_shift, hand_over, queue_decision, audit)
