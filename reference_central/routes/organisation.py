"""The organisation: who the caller is, the territories, the regions, the offices and the accounts it sees, and
the offices and regions managers create, edit, deactivate and delete (docs/api.md, "Offices and regions")."""

from fastapi import APIRouter, Response

from carnet_domain.organisation import Account, Office, Region, Territory
from central_contract.models import Me
from central_contract.organisation import NewOffice, NewRegion, OfficeChange, OfficeDeactivation, RegionChange
from reference_central.routes.dependencies import CentralDep, Who

router = APIRouter()


@router.get("/v1/me", tags=["accounts"])
def me(central: CentralDep, who: Who) -> Me:
    return central.me(who)


@router.get("/v1/territories", tags=["organisation"])
def territories(central: CentralDep, who: Who) -> list[Territory]:
    return central.territories()


@router.get("/v1/offices", tags=["organisation"])
def offices(central: CentralDep, who: Who) -> list[Office]:
    return central.offices(who)


@router.get("/v1/accounts", tags=["accounts"])
def accounts(central: CentralDep, who: Who) -> list[Account]:
    return central.accounts(who)


@router.post("/v1/offices", status_code=201, tags=["organisation"])
def create_office(central: CentralDep, who: Who, body: NewOffice) -> Office:
    return central.create_office(who, body)


@router.patch("/v1/offices/{office_id}", tags=["organisation"])
def edit_office(central: CentralDep, who: Who, office_id: str, body: OfficeChange) -> Office:
    return central.edit_office(who, office_id, body)


@router.post("/v1/offices/{office_id}/deactivate", tags=["organisation"])
def deactivate_office(central: CentralDep, who: Who, office_id: str, body: OfficeDeactivation | None = None) -> Office:
    return central.set_office_active(who, office_id, False, body.reason if body is not None else "")


@router.post("/v1/offices/{office_id}/activate", tags=["organisation"])
def activate_office(central: CentralDep, who: Who, office_id: str) -> Office:
    return central.set_office_active(who, office_id, True)


@router.delete("/v1/offices/{office_id}", status_code=204, tags=["organisation"])
def delete_office(central: CentralDep, who: Who, office_id: str) -> Response:
    central.delete_office(who, office_id)
    return Response(status_code=204)


@router.get("/v1/regions", tags=["organisation"])
def regions(central: CentralDep, who: Who) -> list[Region]:
    return central.regions(who)


@router.post("/v1/regions", status_code=201, tags=["organisation"])
def create_region(central: CentralDep, who: Who, body: NewRegion) -> Region:
    return central.create_region(who, body)


@router.patch("/v1/regions/{region_id}", tags=["organisation"])
def edit_region(central: CentralDep, who: Who, region_id: str, body: RegionChange) -> Region:
    return central.edit_region(who, region_id, body)


@router.delete("/v1/regions/{region_id}", status_code=204, tags=["organisation"])
def delete_region(central: CentralDep, who: Who, region_id: str) -> Response:
    central.delete_region(who, region_id)
    return Response(status_code=204)
