"""Monitoring: the transits an office awaits, and the statistics."""

from fastapi import APIRouter

from central_contract.models import Statistics, TransitView
from reference_central.routes.dependencies import CentralDep, OfficeParam, Who

router = APIRouter()


@router.get("/v1/transits", tags=["monitoring"])
def transits(central: CentralDep, who: Who, office_id: OfficeParam = None) -> list[TransitView]:
    return central.transits(who, office_id)


@router.get("/v1/statistics", tags=["monitoring"])
def statistics(central: CentralDep, who: Who) -> Statistics:
    return central.statistics(who)
