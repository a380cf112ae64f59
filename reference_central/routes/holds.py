"""Holds: placing one on a carnet, the holds of an office or its territory, and releasing one."""

from fastapi import APIRouter

from carnet_domain.transaction import Hold
from central_contract.models import HoldRequest
from reference_central.routes.dependencies import CentralDep, OfficeParam, Who

router = APIRouter()


@router.post("/v1/holds", status_code=201, tags=["holds"])
def hold(central: CentralDep, who: Who, body: HoldRequest) -> Hold:
    return central.hold(who, body)


@router.get("/v1/holds", tags=["holds"])
def holds(
    central: CentralDep,
    who: Who,
    office_id: OfficeParam = None,
    territory_wide: bool = False,
    include_released: bool = False,
) -> list[Hold]:
    return central.holds(who, office_id, territory_wide, include_released)


@router.post("/v1/holds/{hold_id}/release", tags=["holds"])
def release(central: CentralDep, who: Who, hold_id: str, office_id: OfficeParam = None) -> Hold:
    return central.release(who, hold_id, office_id)
