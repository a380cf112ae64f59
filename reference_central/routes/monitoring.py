"""Monitoring: the transits an office awaits, and the statistics."""

from typing import Annotated

from fastapi import APIRouter, Query

from central_contract.models import STATISTICS_MONTHS_MAX, Statistics, TransitView
from reference_central.routes.dependencies import CentralDep, OfficeParam, Who

router = APIRouter()


@router.get("/v1/transits", tags=["monitoring"])
def transits(central: CentralDep, who: Who, office_id: OfficeParam = None) -> list[TransitView]:
    return central.transits(who, office_id)


@router.get("/v1/statistics", tags=["monitoring"])
def statistics(central: CentralDep, who: Who,
               months: Annotated[int, Query(ge=1, le=STATISTICS_MONTHS_MAX)] = 12) -> Statistics:
    return central.statistics(who, months)
