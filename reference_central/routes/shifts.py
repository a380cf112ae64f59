"""Shifts, hand-over and the audit trail (issue 7: supervisor desk).

Controllers, regional managers and admins only; an officer gets ``403 forbidden`` (detail ``supervision``).
"""

from typing import Annotated

from fastapi import APIRouter, Query

from central_contract.bounds import AccountId, Moment
from central_contract.models import (
    AuditEntry,
    HandoverReport,
    HandoverRequest,
    OpenShiftRequest,
    QueueDecisionReport,
    Shift,
)
from reference_central.routes.dependencies import CentralDep, OfficeParam, Who

AUDIT_PAGE_MAX = 1000

router = APIRouter()


@router.post("/v1/shifts", status_code=201, tags=["shifts"])
def open_shift(central: CentralDep, caller: Who, body: OpenShiftRequest) -> Shift:
    return central.open_shift(caller, body)


@router.get("/v1/shifts/current", tags=["shifts"])
def current_shift(central: CentralDep, caller: Who, office_id: OfficeParam = None) -> Shift | None:
    return central.current_shift(caller, office_id)


@router.post("/v1/shifts/{shift_id}/handover", tags=["shifts"])
def hand_over(central: CentralDep, caller: Who, shift_id: str, body: HandoverRequest | None = None) -> HandoverReport:
    return central.hand_over(caller, shift_id, body or HandoverRequest())


@router.post("/v1/audit/queue-decisions", status_code=201, tags=["audit"])
def queue_decision(central: CentralDep, caller: Who, body: QueueDecisionReport) -> AuditEntry:
    return central.report_queue_decision(caller, body)


@router.get("/v1/audit", tags=["audit"])
def audit(
    central: CentralDep,
    caller: Who,
    account_id: Annotated[AccountId | None, Query()] = None,
    office_id: OfficeParam = None,
    since: Annotated[Moment | None, Query()] = None,
    until: Annotated[Moment | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=AUDIT_PAGE_MAX)] = AUDIT_PAGE_MAX,
) -> list[AuditEntry]:
    return central.audit_trail(caller, account_id=account_id, office_id=office_id, since=since, until=until,
                               limit=limit)
