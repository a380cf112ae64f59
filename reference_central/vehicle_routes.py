"""The HTTP routes of a vehicle carnet's (CPD) file (issue 8): reading it, and recording its extension,
seizures and their release, terminations, regularisations and the notification of a non-discharge.

Every route takes the carnet by number or ID and an optional ``office_id`` (the account's office by default);
each ``POST`` answers ``201`` with the updated file. FastAPI reads the annotations of the routes at run time,
hence no ``from __future__ import annotations``.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Depends, FastAPI, Header, Query, Request
from pydantic import BaseModel

from carnet_domain.organisation import Account
from central_contract import TRANSACTION_CODE_HEADER
from central_contract.bounds import IdempotencyKey, OfficeRef
from central_contract.vehicles import (
    ExtensionRequest,
    NotificationRequest,
    RegularisationRequest,
    ReleaseRequest,
    SeizureRequest,
    TerminationRequest,
    VehicleFile,
)

if TYPE_CHECKING:
    from reference_central.service import Central

BASE = "/v1/carnets/{carnet}/vehicle"


def add_vehicle_routes(app: FastAPI, central: "Central", who: Any) -> None:
    """Add the routes to ``app``; ``who`` is the dependency that authenticates the caller."""
    Who = Annotated[Account, Depends(who)]
    OfficeParam = Annotated[OfficeRef | None, Query()]
    Key = Annotated[IdempotencyKey | None, Header(alias="Idempotency-Key")]

    def once(caller: Account, key: str | None, request: Request, body: BaseModel, carnet: str,
             office_id: str | None, record: Callable[[], VehicleFile]) -> VehicleFile:
        """One record per idempotency key: a retry after a lost answer records nothing twice."""
        return central.once(caller, key.strip() if key else None, f"{request.url.path}\n{body.model_dump_json()}",
                            record, lambda: central.vehicle_file(caller, carnet, office_id))

    @app.get(BASE, tags=["vehicles"])
    def vehicle_file(
        caller: Who, carnet: str, office_id: OfficeParam = None,
        transaction_code: Annotated[str | None, Header(alias=TRANSACTION_CODE_HEADER, max_length=40)] = None,
    ) -> VehicleFile:
        return central.vehicle_file(caller, carnet, office_id, transaction_code)

    @app.post(f"{BASE}/extension", status_code=201, tags=["vehicles"])
    def extension(
        caller: Who, carnet: str, body: ExtensionRequest, request: Request, office_id: OfficeParam = None,
        key: Key = None,
    ) -> VehicleFile:
        return once(caller, key, request, body, carnet, office_id,
                    lambda: central.record_extension(caller, carnet, body, office_id))

    @app.post(f"{BASE}/seizures", status_code=201, tags=["vehicles"])
    def seizure(
        caller: Who, carnet: str, body: SeizureRequest, request: Request, office_id: OfficeParam = None,
        key: Key = None,
    ) -> VehicleFile:
        return once(caller, key, request, body, carnet, office_id,
                    lambda: central.record_seizure(caller, carnet, body, office_id))

    @app.post(f"{BASE}/seizures/{{record_id}}/release", status_code=201, tags=["vehicles"])
    def release(
        caller: Who, carnet: str, record_id: str, body: ReleaseRequest, request: Request,
        office_id: OfficeParam = None, key: Key = None,
    ) -> VehicleFile:
        return once(caller, key, request, body, carnet, office_id,
                    lambda: central.release_seizure(caller, carnet, record_id, body, office_id))

    @app.post(f"{BASE}/terminations", status_code=201, tags=["vehicles"])
    def termination(
        caller: Who, carnet: str, body: TerminationRequest, request: Request, office_id: OfficeParam = None,
        key: Key = None,
    ) -> VehicleFile:
        return once(caller, key, request, body, carnet, office_id,
                    lambda: central.record_termination(caller, carnet, body, office_id))

    @app.post(f"{BASE}/regularisations", status_code=201, tags=["vehicles"])
    def regularisation(
        caller: Who, carnet: str, body: RegularisationRequest, request: Request, office_id: OfficeParam = None,
        key: Key = None,
    ) -> VehicleFile:
        return once(caller, key, request, body, carnet, office_id,
                    lambda: central.record_regularisation(caller, carnet, body, office_id))

    @app.post(f"{BASE}/notification", status_code=201, tags=["vehicles"])
    def notification(
        caller: Who, carnet: str, body: NotificationRequest, request: Request, office_id: OfficeParam = None,
        key: Key = None,
    ) -> VehicleFile:
        return once(caller, key, request, body, carnet, office_id,
                    lambda: central.record_notification(caller, carnet, body, office_id))

    _: Any = (vehicle_file, extension, seizure, release, termination, regularisation, notification)
