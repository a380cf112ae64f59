"""Identity: signing in and out, one's sessions and password, the accounts' lifecycle, workstations, integration
tokens, and the training central's published demo accounts (docs/api.md, "Identity")."""

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from carnet_domain.organisation import Account
from central_contract.bounds import AccountId
from central_contract.identity import (
    AccountChange,
    CompleteSignIn,
    CreatedAccount,
    DisableRequest,
    IssuedToken,
    NewWorkstation,
    PasswordChange,
    RegisteredWorkstation,
    SessionIssued,
    SessionView,
    SetPasswordCode,
    SignInRequest,
    SignInStep,
    TokenRequest,
    TrainingAccount,
    Workstation,
)
from central_contract.models import Me, NewAccount, OfficeChoice
from reference_central.routes.dependencies import CentralDep, Who, WorkstationKey

router = APIRouter()


def client_address(request: Request) -> str:
    """The address the request came from, as the central's socket sees it (a post behind NAT shares one)."""
    return request.client.host if request.client is not None else ""


@router.post("/v1/sign-in", tags=["identity"])
def sign_in(
    central: CentralDep, request: Request, body: SignInRequest, workstation: WorkstationKey = None
) -> SignInStep:
    return central.sign_in(body, workstation, client_address(request))


@router.post("/v1/sign-in/complete", tags=["identity"])
def complete_sign_in(
    central: CentralDep, request: Request, body: CompleteSignIn, workstation: WorkstationKey = None
) -> SessionIssued:
    return central.complete_sign_in(body, workstation, client_address(request))


@router.post("/v1/sign-out", status_code=204, tags=["identity"])
def sign_out(central: CentralDep, caller: Who) -> Response:
    central.sign_out(caller)
    return Response(status_code=204)


@router.post("/v1/password", status_code=204, tags=["identity"])
def change_password(central: CentralDep, caller: Who, body: PasswordChange) -> Response:
    central.change_password(caller, body)
    return Response(status_code=204)


@router.put("/v1/session/office", tags=["identity"])
def work_at(central: CentralDep, caller: Who, body: OfficeChoice) -> Me:
    return central.work_at(caller, body.office_id)


@router.get("/v1/sessions", tags=["identity"])
def sessions(
    central: CentralDep, caller: Who, account_id: Annotated[AccountId | None, Query()] = None
) -> list[SessionView]:
    return central.sessions(caller, account_id)


@router.post("/v1/sessions/{session_id}/revoke", status_code=204, tags=["identity"])
def revoke_session(central: CentralDep, caller: Who, session_id: str) -> Response:
    central.revoke_session(caller, session_id)
    return Response(status_code=204)


@router.post("/v1/accounts", status_code=201, tags=["accounts"])
def create_account(central: CentralDep, caller: Who, body: NewAccount) -> CreatedAccount:
    return central.create_account(caller, body)


@router.patch("/v1/accounts/{account_id}", tags=["accounts"])
def change_account(central: CentralDep, caller: Who, account_id: str, body: AccountChange) -> Account:
    return central.change_account(caller, account_id, body)


@router.post("/v1/accounts/{account_id}/disable", tags=["accounts"])
def disable_account(
    central: CentralDep, caller: Who, account_id: str, body: DisableRequest | None = None
) -> Account:
    return central.disable_account(caller, account_id, body.reason if body is not None else "")


@router.post("/v1/accounts/{account_id}/enable", tags=["accounts"])
def enable_account(central: CentralDep, caller: Who, account_id: str) -> Account:
    return central.enable_account(caller, account_id)


@router.delete("/v1/accounts/{account_id}", status_code=204, tags=["accounts"])
def delete_account(central: CentralDep, caller: Who, account_id: str) -> Response:
    central.delete_account(caller, account_id)
    return Response(status_code=204)


@router.post("/v1/accounts/{account_id}/password-reset", tags=["accounts"])
def reset_password(central: CentralDep, caller: Who, account_id: str) -> SetPasswordCode:
    return central.reset_password(caller, account_id)


@router.post("/v1/accounts/{account_id}/mfa-reset", tags=["accounts"])
def reset_mfa(central: CentralDep, caller: Who, account_id: str) -> Account:
    return central.reset_mfa(caller, account_id)


@router.post("/v1/accounts/{account_id}/tokens", status_code=201, tags=["accounts"])
def create_token(central: CentralDep, caller: Who, account_id: str, body: TokenRequest) -> IssuedToken:
    return central.create_token(caller, account_id, body)


@router.post("/v1/workstations", status_code=201, tags=["workstations"])
def register_workstation(central: CentralDep, caller: Who, body: NewWorkstation) -> RegisteredWorkstation:
    return central.register_workstation(caller, body)


@router.get("/v1/workstations", tags=["workstations"])
def workstations(central: CentralDep, caller: Who) -> list[Workstation]:
    return central.workstations(caller)


@router.post("/v1/workstations/{workstation_id}/revoke", tags=["workstations"])
def revoke_workstation(central: CentralDep, caller: Who, workstation_id: str) -> Workstation:
    return central.revoke_workstation(caller, workstation_id)


@router.get("/v1/training/accounts", tags=["training"])
def training_accounts(central: CentralDep) -> list[TrainingAccount]:
    return central.training_accounts()
