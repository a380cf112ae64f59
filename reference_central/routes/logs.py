"""The logs (issue 7): the transacted carnets with their reconciliation, one carnet's details, and the
transactions."""

from typing import Annotated

from fastapi import APIRouter, Query

from carnet_domain.carnet import CarnetKind
from carnet_domain.reconciliation import ReconciliationStatus
from carnet_domain.transaction_types import TransactionType
from central_contract.bounds import Offset, Text
from central_contract.models import (
    LOG_PAGE_MAX,
    CarnetLogDetail,
    CarnetLogPage,
    ReconciliationView,
    TransactionLogPage,
    Validity,
)
from reference_central.carnet_summaries import LogFilter
from reference_central.routes.dependencies import CentralDep, Who

router = APIRouter()


@router.get("/v1/logs/carnets/{carnet}/reconciliation", tags=["logs"])
def reconciliation(central: CentralDep, who: Who, carnet: str) -> ReconciliationView:
    return central.reconciliation(who, carnet)


@router.get("/v1/logs/carnets", tags=["logs"])
def carnet_logs(
    central: CentralDep,
    who: Who,
    status: ReconciliationStatus | None = None,
    kind: CarnetKind | None = None,
    validity: Validity | None = None,
    limit: Annotated[int, Query(ge=1, le=LOG_PAGE_MAX)] = 100,
    offset: Annotated[Offset, Query()] = 0,
) -> CarnetLogPage:
    return central.carnet_logs(who, status, limit, offset, narrowed(kind, validity))


@router.get("/v1/logs/carnets/{carnet}/details", tags=["logs"])
def carnet_log_detail(central: CentralDep, who: Who, carnet: str) -> CarnetLogDetail:
    return central.carnet_log_detail(who, carnet)


@router.get("/v1/logs/transactions", tags=["logs"])
def transaction_logs(
    central: CentralDep,
    who: Who,
    carnet: Annotated[Annotated[str, Text(40)] | None, Query()] = None,
    tx_type: Annotated[TransactionType | None, Query(alias="type")] = None,
    kind: CarnetKind | None = None,
    validity: Validity | None = None,
    limit: Annotated[int, Query(ge=1, le=LOG_PAGE_MAX)] = 100,
    offset: Annotated[Offset, Query()] = 0,
) -> TransactionLogPage:
    return central.transaction_logs(who, carnet, limit, offset, narrowed(kind, validity, tx_type))


def narrowed(kind: CarnetKind | None, validity: Validity | None, tx_type: TransactionType | None = None) -> LogFilter:
    """The filters of a Logs page, as the database reads them."""
    return LogFilter(kind=kind.value if kind else None, validity=validity.value if validity else None,
                     tx_type=tx_type.value if tx_type else None)
