"""The organisation: who the caller is, the territories, the offices and the accounts it sees, and the offices
and regions an admin creates."""

from fastapi import APIRouter

from carnet_domain.organisation import Account, Office, Region, Territory
from central_contract.models import Me, NewOffice, NewRegion
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


@router.post("/v1/regions", status_code=201, tags=["organisation"])
def create_region(central: CentralDep, who: Who, body: NewRegion) -> Region:
    return central.create_region(who, body)
