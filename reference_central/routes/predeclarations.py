"""Pre-declarations and pre-notifications (issue 7, guide lines 2699-2729): listing, creating and reading one,
and an office's acknowledgement, rejection or commit of it."""

from fastapi import APIRouter

from carnet_domain.predeclaration import PreDeclaration
from central_contract.models import (
    NewPreDeclaration,
    PreDeclarationCommit,
    PreDeclarationRejection,
    PreDeclarationRow,
)
from reference_central.routes.dependencies import CentralDep, OfficeParam, Who

router = APIRouter()


@router.get("/v1/predeclarations", tags=["predeclarations"], response_model_exclude_defaults=True)
def predeclarations(
    central: CentralDep, who: Who, office_id: OfficeParam = None, include_closed: bool = False
) -> list[PreDeclarationRow]:
    return central.predeclarations(who, office_id, include_closed)


@router.post("/v1/predeclarations", status_code=201, tags=["predeclarations"])
def create_predeclaration(central: CentralDep, who: Who, body: NewPreDeclaration) -> PreDeclaration:
    return central.create_predeclaration(who, body)


@router.get("/v1/predeclarations/{predeclaration_id}", tags=["predeclarations"])
def predeclaration(central: CentralDep, who: Who, predeclaration_id: str) -> PreDeclaration:
    return central.predeclaration(who, predeclaration_id)


@router.post("/v1/predeclarations/{predeclaration_id}/acknowledge", tags=["predeclarations"])
def acknowledge_predeclaration(
    central: CentralDep, who: Who, predeclaration_id: str, office_id: OfficeParam = None
) -> PreDeclaration:
    return central.acknowledge_predeclaration(who, predeclaration_id, office_id)


@router.post("/v1/predeclarations/{predeclaration_id}/reject", tags=["predeclarations"])
def reject_predeclaration(
    central: CentralDep, who: Who, predeclaration_id: str, body: PreDeclarationRejection, office_id: OfficeParam = None
) -> PreDeclaration:
    return central.reject_predeclaration(who, predeclaration_id, office_id, body.reason)


@router.post("/v1/predeclarations/{predeclaration_id}/commit", tags=["predeclarations"])
def commit_predeclaration(
    central: CentralDep, who: Who, predeclaration_id: str, office_id: OfficeParam = None
) -> PreDeclarationCommit:
    return central.commit_predeclaration(who, predeclaration_id, office_id)
