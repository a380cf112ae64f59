"""Transactions: a carnet's lookup, a commit (once per idempotency key), the last transactions of an office, a
cancellation, and a refused carnet's rejection."""

from typing import Annotated

from fastapi import APIRouter, Header, Query
from fastapi.responses import Response

from carnet_domain.refusals import RefusalCode as R
from carnet_domain.transaction import Rejection, Transaction
from central_contract.bounds import IdempotencyKey, Offset
from central_contract.models import (
    CancelRequest,
    CommitRequest,
    CommitResponse,
    LookupRequest,
    LookupResponse,
    RejectRequest,
    TransactionPage,
)
from reference_central.errors import CentralError
from reference_central.routes.dependencies import CentralDep, OfficeParam, Who

router = APIRouter()


@router.post("/v1/lookup", tags=["transactions"], response_model_exclude_defaults=True)
def lookup(central: CentralDep, who: Who, body: LookupRequest) -> LookupResponse:
    return central.lookup(who, body)


@router.post("/v1/transactions", status_code=201, tags=["transactions"], response_model=CommitResponse)
def commit(
    central: CentralDep,
    who: Who,
    body: CommitRequest,
    idempotency_key: Annotated[IdempotencyKey | None, Header()] = None,
) -> Response:
    if not idempotency_key or not idempotency_key.strip():
        raise CentralError(R.IDEMPOTENCY_KEY_MISSING)
    status, payload = central.commit(who, body, idempotency_key.strip())
    return Response(payload, status_code=status, media_type="application/json")


@router.get("/v1/transactions", tags=["transactions"], response_model_exclude_defaults=True)
def last_transactions(
    central: CentralDep,
    who: Who,
    office_id: OfficeParam = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
    offset: Annotated[Offset, Query()] = 0,
) -> TransactionPage:
    return central.last_transactions(who, office_id, limit, offset)


@router.post("/v1/transactions/{transaction_id}/cancel", tags=["transactions"])
def cancel(central: CentralDep, who: Who, transaction_id: str, body: CancelRequest) -> Transaction:
    return central.cancel(who, transaction_id, body.cancellation_code, body.reason)


@router.post("/v1/rejections", status_code=201, tags=["transactions"])
def reject(central: CentralDep, who: Who, body: RejectRequest) -> Rejection:
    return central.reject(who, body)
