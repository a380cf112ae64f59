"""The HTTP routes of identity: signing in and out, one's sessions and password, the accounts' lifecycle,
workstations, integration tokens, and the training central's published demo accounts (docs/api.md, "Identity").

FastAPI reads the annotations of the routes at run time, hence no ``from __future__ import annotations``.
"""

from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Depends, FastAPI, Header, Query, Request, Response

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

if TYPE_CHECKING:
    from reference_central.service import Central

WorkstationKey = Annotated[str | None, Header(alias="X-Ecarnet-Workstation", max_length=200)]


def client_address(request: Request) -> str:
    """The address the request came from, as the central's socket sees it (a post behind NAT shares one)."""
    return request.client.host if request.client is not None else ""


def add_identity_routes(app: FastAPI, central: "Central", who: Any) -> None:
    """Add the routes to ``app``; ``who`` is the dependency that authenticates the caller."""
    Who = Annotated[Account, Depends(who)]

    @app.post("/v1/sign-in", tags=["identity"])
    def sign_in(request: Request, body: SignInRequest, workstation: WorkstationKey = None) -> SignInStep:
        return central.sign_in(body, workstation, client_address(request))

    @app.post("/v1/sign-in/complete", tags=["identity"])
    def complete_sign_in(request: Request, body: CompleteSignIn, workstation: WorkstationKey = None) -> SessionIssued:
        return central.complete_sign_in(body, workstation, client_address(request))

    @app.post("/v1/sign-out", status_code=204, tags=["identity"])
    def sign_out(caller: Who) -> Response:
        central.sign_out(caller)
        return Response(status_code=204)

    @app.post("/v1/password", status_code=204, tags=["identity"])
    def change_password(caller: Who, body: PasswordChange) -> Response:
        central.change_password(caller, body)
        return Response(status_code=204)

    @app.put("/v1/session/office", tags=["identity"])
    def work_at(caller: Who, body: OfficeChoice) -> Me:
        return central.work_at(caller, body.office_id)

    @app.get("/v1/sessions", tags=["identity"])
    def sessions(caller: Who, account_id: Annotated[AccountId | None, Query()] = None) -> list[SessionView]:
        return central.sessions(caller, account_id)

    @app.post("/v1/sessions/{session_id}/revoke", status_code=204, tags=["identity"])
    def revoke_session(caller: Who, session_id: str) -> Response:
        central.revoke_session(caller, session_id)
        return Response(status_code=204)

    @app.post("/v1/accounts", status_code=201, tags=["accounts"])
    def create_account(caller: Who, body: NewAccount) -> CreatedAccount:
        return central.create_account(caller, body)

    @app.patch("/v1/accounts/{account_id}", tags=["accounts"])
    def change_account(caller: Who, account_id: str, body: AccountChange) -> Account:
        return central.change_account(caller, account_id, body)

    @app.post("/v1/accounts/{account_id}/disable", tags=["accounts"])
    def disable_account(caller: Who, account_id: str, body: DisableRequest | None = None) -> Account:
        return central.disable_account(caller, account_id, body.reason if body is not None else "")

    @app.post("/v1/accounts/{account_id}/enable", tags=["accounts"])
    def enable_account(caller: Who, account_id: str) -> Account:
        return central.enable_account(caller, account_id)

    @app.post("/v1/accounts/{account_id}/password-reset", tags=["accounts"])
    def reset_password(caller: Who, account_id: str) -> SetPasswordCode:
        return central.reset_password(caller, account_id)

    @app.post("/v1/accounts/{account_id}/mfa-reset", tags=["accounts"])
    def reset_mfa(caller: Who, account_id: str) -> Account:
        return central.reset_mfa(caller, account_id)

    @app.post("/v1/accounts/{account_id}/tokens", status_code=201, tags=["accounts"])
    def create_token(caller: Who, account_id: str, body: TokenRequest) -> IssuedToken:
        return central.create_token(caller, account_id, body)

    @app.post("/v1/workstations", status_code=201, tags=["workstations"])
    def register_workstation(caller: Who, body: NewWorkstation) -> RegisteredWorkstation:
        return central.register_workstation(caller, body)

    @app.get("/v1/workstations", tags=["workstations"])
    def workstations(caller: Who) -> list[Workstation]:
        return central.workstations(caller)

    @app.post("/v1/workstations/{workstation_id}/revoke", tags=["workstations"])
    def revoke_workstation(caller: Who, workstation_id: str) -> Workstation:
        return central.revoke_workstation(caller, workstation_id)

    @app.get("/v1/training/accounts", tags=["training"])
    def training_accounts() -> list[TrainingAccount]:
        return central.training_accounts()

    _: Any = (sign_in, complete_sign_in, sign_out, work_at, change_password, sessions, revoke_session, create_account,
              change_account, disable_account, enable_account, reset_password, reset_mfa, create_token,
              register_workstation, workstations, revoke_workstation, training_accounts)
