"""A vehicle carnet's (CPD) file (issue 8): reading it, and recording its extension, seizures and their release,
terminations, regularisations and the notification of a non-discharge.

Every route takes the carnet by number or ID and an optional ``office_id`` (the account's office by default);
each ``POST`` answers ``201`` with the updated file.
"""

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Header, Request
from pydantic import BaseModel

from carnet_domain.organisation import Account
from central_contract import TRANSACTION_CODE_HEADER
from central_contract.bounds import IdempotencyKey
from central_contract.vehicles import (
    ExtensionRequest,
    NotificationRequest,
    RegularisationRequest,
    ReleaseRequest,
    SeizureRequest,
    TerminationRequest,
    VehicleFile,
)
from reference_central.routes.dependencies import CentralDep, OfficeParam, Who
from reference_central.service import Central

BASE = "/v1/carnets/{carnet}/vehicle"

Key = Annotated[IdempotencyKey | None, Header(alias="Idempotency-Key")]

router = APIRouter()


def once(central: Central, caller: Account, key: str | None, request: Request, body: BaseModel, carnet: str,
         office_id: str | None, record: Callable[[], VehicleFile]) -> VehicleFile:
    """One record per idempotency key: a retry after a lost answer records nothing twice."""
    return central.once(caller, key.strip() if key else None, f"{request.url.path}\n{body.model_dump_json()}",
                        record, lambda: central.vehicle_file(caller, carnet, office_id))


@router.get(BASE, tags=["vehicles"])
def vehicle_file(
    central: CentralDep, caller: Who, carnet: str, office_id: OfficeParam = None,
    transaction_code: Annotated[str | None, Header(alias=TRANSACTION_CODE_HEADER, max_length=40)] = None,
) -> VehicleFile:
    return central.vehicle_file(caller, carnet, office_id, transaction_code)


@router.post(f"{BASE}/extension", status_code=201, tags=["vehicles"])
def extension(
    central: CentralDep, caller: Who, carnet: str, body: ExtensionRequest, request: Request,
    office_id: OfficeParam = None, key: Key = None,
) -> VehicleFile:
    return once(central, caller, key, request, body, carnet, office_id,
                lambda: central.record_extension(caller, carnet, body, office_id))


@router.post(f"{BASE}/seizures", status_code=201, tags=["vehicles"])
def seizure(
    central: CentralDep, caller: Who, carnet: str, body: SeizureRequest, request: Request,
    office_id: OfficeParam = None, key: Key = None,
) -> VehicleFile:
    return once(central, caller, key, request, body, carnet, office_id,
                lambda: central.record_seizure(caller, carnet, body, office_id))


@router.post(f"{BASE}/seizures/{{record_id}}/release", status_code=201, tags=["vehicles"])
def release(
    central: CentralDep, caller: Who, carnet: str, record_id: str, body: ReleaseRequest, request: Request,
    office_id: OfficeParam = None, key: Key = None,
) -> VehicleFile:
    return once(central, caller, key, request, body, carnet, office_id,
                lambda: central.release_seizure(caller, carnet, record_id, body, office_id))


@router.post(f"{BASE}/terminations", status_code=201, tags=["vehicles"])
def termination(
    central: CentralDep, caller: Who, carnet: str, body: TerminationRequest, request: Request,
    office_id: OfficeParam = None, key: Key = None,
) -> VehicleFile:
    return once(central, caller, key, request, body, carnet, office_id,
                lambda: central.record_termination(caller, carnet, body, office_id))


@router.post(f"{BASE}/regularisations", status_code=201, tags=["vehicles"])
def regularisation(
    central: CentralDep, caller: Who, carnet: str, body: RegularisationRequest, request: Request,
    office_id: OfficeParam = None, key: Key = None,
) -> VehicleFile:
    return once(central, caller, key, request, body, carnet, office_id,
                lambda: central.record_regularisation(caller, carnet, body, office_id))


@router.post(f"{BASE}/notification", status_code=201, tags=["vehicles"])
def notification(
    central: CentralDep, caller: Who, carnet: str, body: NotificationRequest, request: Request,
    office_id: OfficeParam = None, key: Key = None,
) -> VehicleFile:
    return once(central, caller, key, request, body, carnet, office_id,
                lambda: central.record_notification(caller, carnet, body, office_id))
