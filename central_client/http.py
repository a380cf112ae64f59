"""The central client over HTTP (httpx), with timeouts suited to a slow border-post link."""

from __future__ import annotations

import json
import ssl
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

import httpx
from pydantic import BaseModel, TypeAdapter, ValidationError

from carnet_domain.carnet import CarnetKind
from carnet_domain.organisation import Account, AccountKind, Office, Region, Territory
from carnet_domain.predeclaration import PreDeclaration
from carnet_domain.reconciliation import ReconciliationStatus
from carnet_domain.transaction import Hold, Rejection, Transaction
from carnet_domain.transaction_types import TransactionType
from central_client.corked_transport import corked_transport
from central_client.errors import SESSION_OVER, CentralRefused, CentralUnreachable, OfflineCredential
from central_contract import TRANSACTION_CODE_HEADER
from central_contract.identity import (
    AccountChange,
    CompleteSignIn,
    CreatedAccount,
    DisableRequest,
    NewWorkstation,
    RegisteredWorkstation,
    SessionIssued,
    SessionView,
    SetPasswordCode,
    SignInRequest,
    SignInStep,
    TrainingAccount,
    Workstation,
)
from central_contract.imports import ImportKind, ImportReport
from central_contract.models import (
    AuditEntry,
    CancelRequest,
    CarnetLogDetail,
    CarnetLogPage,
    CommitRequest,
    CommitResponse,
    HandoverReport,
    HandoverRequest,
    Health,
    HoldRequest,
    LookupRequest,
    LookupResponse,
    Me,
    NewAccount,
    OfficeChoice,
    OpenShiftRequest,
    PreDeclarationCommit,
    PreDeclarationRejection,
    PreDeclarationRow,
    QueueDecisionReport,
    RejectRequest,
    Shift,
    Statistics,
    TransactionLogPage,
    TransactionPage,
    TransitView,
    Validity,
)
from central_contract.organisation import NewOffice, NewRegion, OfficeChange, OfficeDeactivation, RegionChange
from central_contract.training import ClassAction, ClassControl, ClassView, LinkControl, TraineeExercise, TraineeWork
from central_contract.vehicles import (
    ExtensionRequest,
    NotificationRequest,
    RegularisationRequest,
    ReleaseRequest,
    SeizureRequest,
    TerminationRequest,
    VehicleFile,
)

M = TypeVar("M")

DEFAULT_TIMEOUT = httpx.Timeout(connect=5.0, read=30.0, write=30.0, pool=5.0)
"""A slow link may take many seconds to answer a 1000-item carnet; a dead one should fail fast."""
USER_AGENT = "ecarnet/0.1"
"""Sent with the sign-in requests only: the central's request log notes which desk release signed in, and the
holders' requests that follow do not carry it again."""
ACCEPT_ENCODING = "br, gzip"
"""Brotli first: a carnet's lookup arrives about a fifth smaller than with gzip."""
LINK_CUT = "link_cut"
"""A classroom's trainer cut this trainee's link (docs/api.md, "The classroom"): the desk behaves exactly as with a
central it cannot reach (it queues commits, and sends them once the link is restored)."""
KEEP_ALIVE_SECONDS = 540
"""How long an idle connection to the central is kept for the next request: the gap between two holders at a quiet
desk, so that TLS is negotiated once per session; a minute under the reference central's own 600 s."""


def _narrowed(kind: CarnetKind | None, validity: Validity | None) -> dict[str, str]:
    """The Logs' filters by carnet type and validity, as query parameters."""
    return {name: value.value for name, value in (("kind", kind), ("validity", validity)) if value is not None}


class HttpCentral:
    """:class:`~central_client.port.CentralPort` over the v1 HTTP API.

    Args:
        base_url: the central, e.g. ``https://central.example`` or the embedded ``http://127.0.0.1:PORT``.
        token: the session's (or an integration account's) bearer token; ``None`` until someone signs in.
        workstation_key: this workstation's registration key, sent when signing in and with commits sent under an
            offline grant; ``None`` on a workstation that is not registered.
        ca_bundle: a CA file for sites behind an intercepting proxy; ``None`` uses the system's.
        timeout: per-phase timeouts.
        transport: an alternative httpx transport (a proxy that counts bytes, say).
        on_session_ended: called (from whatever thread or task made the request) when the central says the
            session is over (``session_expired``, ``unauthenticated``): the desk asks the officer to sign in again.
    """

    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        *,
        workstation_key: str | None = None,
        ca_bundle: Path | None = None,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        transport: httpx.AsyncBaseTransport | None = None,
        on_session_ended: Callable[[CentralRefused], None] | None = None,
    ) -> None:
        verify: ssl.SSLContext | bool = ssl.create_default_context(cafile=str(ca_bundle)) if ca_bundle else True
        limits = httpx.Limits(max_connections=100, max_keepalive_connections=20, keepalive_expiry=KEEP_ALIVE_SECONDS)
        self._http = httpx.AsyncClient(
            base_url=base_url.rstrip("/"),
            headers={"Accept-Encoding": ACCEPT_ENCODING},
            timeout=timeout,
            verify=verify,
            transport=transport or corked_transport(verify, limits),
            limits=limits,
        )
        # */* and keep-alive are HTTP/1.1's defaults; the desk names itself when it signs in: 62 B a request
        for needless in ("Accept", "Connection", "User-Agent"):
            self._http.headers.pop(needless, None)
        self.workstation_key = workstation_key
        self.on_session_ended = on_session_ended
        self.use_token(token)

    def use_token(self, token: str | None) -> None:
        """Ask as the session (or integration account) ``token`` from now on; ``None``: as nobody."""
        self._session_office = ""
        if token:
            self._http.headers["Authorization"] = f"Bearer {token}"
        else:
            self._http.headers.pop("Authorization", None)

    @property
    def has_token(self) -> bool:
        return "Authorization" in self._http.headers

    def _offline(self, offline: OfflineCredential | None, headers: dict[str, str]) -> dict[str, str]:
        if offline is not None:
            headers["Authorization"] = f"Offline {offline.grant}"
            headers["X-Ecarnet-Workstation"] = offline.workstation_key
        return headers

    async def aclose(self) -> None:
        await self._http.aclose()

    async def _call(
        self, method: str, path: str, result: type[M] | TypeAdapter[M], *, body: BaseModel | None = None,
        params: dict[str, Any] | None = None, headers: dict[str, str] | None = None,
        raw: tuple[bytes, str] | None = None,
    ) -> M:
        """The central's answer to the request, read as ``result``."""
        response = await self._send(method, path, body=body, params=params, headers=headers, raw=raw)
        adapter = result if isinstance(result, TypeAdapter) else TypeAdapter(result)
        try:
            if not response.content:  # 204: nothing to read
                return adapter.validate_python(None)
            return adapter.validate_json(response.content)
        except ValidationError as exc:
            raise CentralRefused(response.status_code, "unreadable_response", "The central's answer could not be read.",
                                 str(exc)[:200]) from exc

    async def _send(
        self, method: str, path: str, *, body: BaseModel | None = None, params: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None, raw: tuple[bytes, str] | None = None,
    ) -> httpx.Response:
        """The central's answer, once it says yes; a refusal, an unreachable central or a damaged answer raised as
        the client's errors."""
        # Defaults are left out: the central fills them in, and a slow link carries less.
        content = body.model_dump_json(exclude_defaults=True).encode() if body is not None else None
        sent_headers = dict(headers or {})
        if content is not None:
            sent_headers["Content-Type"] = "application/json"
        if raw is not None:  # a file (a bulk creation's spreadsheet), with its media type
            content, sent_headers["Content-Type"] = raw
        try:
            response = await self._http.request(method, path, content=content, params=params, headers=sent_headers)
        except httpx.LocalProtocolError as exc:
            # The request could not even be written (a header with forbidden characters): our fault, not the
            # link's, so retrying cannot help.
            raise CentralRefused(0, "invalid_request", "The request could not be sent as it is.", str(exc)) from exc
        except (httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
            raise CentralUnreachable(f"the central cannot be reached ({type(exc).__name__})",
                                     maybe_received=False) from exc
        except httpx.TimeoutException as exc:
            raise CentralUnreachable(f"the central did not answer in time ({type(exc).__name__})") from exc
        except httpx.ConnectError as exc:
            raise CentralUnreachable(f"the central cannot be reached ({type(exc).__name__}: {exc})",
                                     maybe_received=False) from exc
        except httpx.TransportError as exc:
            raise CentralUnreachable(f"the central cannot be reached ({type(exc).__name__}: {exc})") from exc
        except httpx.DecodingError as exc:  # compressed answer damaged on the way: the link's fault, try again
            raise CentralUnreachable(f"the central's answer arrived damaged ({exc})") from exc
        if response.status_code >= 400:
            refusal = _refusal(response)
            if refusal.code == LINK_CUT:  # the classroom's trainer cut this desk off: as if no answer came
                raise CentralUnreachable(f"the central cannot be reached ({refusal.code})", maybe_received=False)
            if refusal.code in SESSION_OVER and self.on_session_ended is not None and \
                    not sent_headers.get("Authorization", "").startswith("Offline"):
                self.on_session_ended(refusal)
            raise refusal
        return response

    async def health(self) -> Health:
        return await self._call("GET", "/v1/health", Health)

    async def me(self) -> Me:
        return self._noted(await self._call("GET", "/v1/me", Me))

    def _noted(self, me: Me) -> Me:
        """Keeps the office a person's session works at: a lookup there need not name it (the central acts at the
        session's office when none is named), which spares every holder's lookup the bytes."""
        self._session_office = me.office.office_id if me.account.kind == AccountKind.PERSON else ""
        return me

    async def offices(self) -> list[Office]:
        return await self._call("GET", "/v1/offices", TypeAdapter(list[Office]))

    async def territories(self) -> list[Territory]:
        return await self._call("GET", "/v1/territories", TypeAdapter(list[Territory]))

    async def lookup(
        self, carnet: str, transaction_code: str, office_id: str | None = None, *,
        offline: OfflineCredential | None = None,
    ) -> LookupResponse:
        if offline is None and office_id == self._session_office:
            office_id = None
        body = LookupRequest(carnet=carnet, transaction_code=transaction_code, office_id=office_id)
        return await self._call("POST", "/v1/lookup", LookupResponse, body=body, headers=self._offline(offline, {}))

    async def commit(
        self, request: CommitRequest, idempotency_key: str, *, offline: OfflineCredential | None = None,
    ) -> CommitResponse:
        """Commit; with ``offline``, a commit made while the central was unreachable, sent under the grant of the
        officer who made it (whoever is signed in now)."""
        return await self._call("POST", "/v1/transactions", CommitResponse, body=request,
                                headers=self._offline(offline, {"Idempotency-Key": idempotency_key}))

    # --- Identity (issue 16): signing in and out -----------------------------------------------------------

    def _signing_in(self) -> dict[str, str]:
        """The headers of a sign-in request: this release's name, and the workstation's key if it has one."""
        headers = {"User-Agent": USER_AGENT}
        if self.workstation_key:
            headers["X-Ecarnet-Workstation"] = self.workstation_key
        return headers

    async def sign_in(self, account: str, password: str) -> SignInStep:
        return await self._call("POST", "/v1/sign-in", SignInStep, body=SignInRequest(account=account,
                                password=password), headers=self._signing_in())

    async def complete_sign_in(self, challenge: str, code: str = "", new_password: str = "") -> SessionIssued:
        """The second factor (and the new password when one was asked for); the session it opens is used from now
        on."""
        issued = await self._call("POST", "/v1/sign-in/complete", SessionIssued,
                                  body=CompleteSignIn(challenge=challenge, code=code, new_password=new_password),
                                  headers=self._signing_in())
        self.use_token(issued.token)
        return issued

    async def work_at(self, office_id: str) -> Me:
        """The session works at ``office_id`` from now on (the central checks the account may)."""
        return self._noted(await self._call("PUT", "/v1/session/office", Me, body=OfficeChoice(office_id=office_id)))

    async def sign_out(self) -> None:
        """End the session at the central; the client asks as nobody afterwards, whatever the answer."""
        try:
            await self._call("POST", "/v1/sign-out", TypeAdapter(Any))
        finally:
            self.use_token(None)

    # --- Accounts (issue 19): Admins, and Regional managers in their region ----------------------------------

    async def accounts(self) -> list[Account]:
        """The accounts the caller manages: its region's, or every one for an Admin."""
        return await self._call("GET", "/v1/accounts", TypeAdapter(list[Account]))

    async def create_account(self, request: NewAccount) -> CreatedAccount:
        return await self._call("POST", "/v1/accounts", CreatedAccount, body=request)

    async def change_account(self, account_id: str, change: AccountChange) -> Account:
        return await self._call("PATCH", f"/v1/accounts/{quote(account_id, safe='')}", Account, body=change)

    async def disable_account(self, account_id: str, reason: str = "") -> Account:
        return await self._call("POST", f"/v1/accounts/{quote(account_id, safe='')}/disable", Account,
                                body=DisableRequest(reason=reason))

    async def enable_account(self, account_id: str) -> Account:
        return await self._call("POST", f"/v1/accounts/{quote(account_id, safe='')}/enable", Account)

    async def delete_account(self, account_id: str) -> None:
        """Only an account never used; the central refuses one with a history (``account_in_use``)."""
        await self._call("DELETE", f"/v1/accounts/{quote(account_id, safe='')}", TypeAdapter(Any))

    async def reset_password(self, account_id: str) -> SetPasswordCode:
        return await self._call("POST", f"/v1/accounts/{quote(account_id, safe='')}/password-reset", SetPasswordCode)

    async def reset_mfa(self, account_id: str) -> Account:
        return await self._call("POST", f"/v1/accounts/{quote(account_id, safe='')}/mfa-reset", Account)

    async def sessions(self, account_id: str | None = None) -> list[SessionView]:
        """The open sessions and tokens of ``account_id`` (one the caller manages), or the caller's own."""
        params = {"account_id": account_id} if account_id else None
        return await self._call("GET", "/v1/sessions", TypeAdapter(list[SessionView]), params=params)

    async def revoke_session(self, session_id: str) -> None:
        await self._call("POST", f"/v1/sessions/{quote(session_id, safe='')}/revoke", TypeAdapter(Any))

    # --- Offices and regions (issue 19): Admins, and Regional managers in their region ----------------------

    async def regions(self) -> list[Region]:
        """The caller's region, or every one for an Admin."""
        return await self._call("GET", "/v1/regions", TypeAdapter(list[Region]))

    async def create_office(self, request: NewOffice) -> Office:
        return await self._call("POST", "/v1/offices", Office, body=request)

    async def change_office(self, office_id: str, change: OfficeChange) -> Office:
        return await self._call("PATCH", f"/v1/offices/{quote(office_id, safe='')}", Office, body=change)

    async def deactivate_office(self, office_id: str, reason: str = "") -> Office:
        return await self._call("POST", f"/v1/offices/{quote(office_id, safe='')}/deactivate", Office,
                                body=OfficeDeactivation(reason=reason))

    async def activate_office(self, office_id: str) -> Office:
        return await self._call("POST", f"/v1/offices/{quote(office_id, safe='')}/activate", Office)

    async def delete_office(self, office_id: str) -> None:
        await self._call("DELETE", f"/v1/offices/{quote(office_id, safe='')}", TypeAdapter(Any))

    async def create_region(self, request: NewRegion) -> Region:
        return await self._call("POST", "/v1/regions", Region, body=request)

    async def change_region(self, region_id: str, change: RegionChange) -> Region:
        return await self._call("PATCH", f"/v1/regions/{quote(region_id, safe='')}", Region, body=change)

    async def delete_region(self, region_id: str) -> None:
        await self._call("DELETE", f"/v1/regions/{quote(region_id, safe='')}", TypeAdapter(Any))

    # --- Workstations (issue 16): Admins, and Regional managers in their region -----------------------------

    async def workstations(self) -> list[Workstation]:
        return await self._call("GET", "/v1/workstations", TypeAdapter(list[Workstation]))

    async def register_workstation(self, request: NewWorkstation) -> RegisteredWorkstation:
        return await self._call("POST", "/v1/workstations", RegisteredWorkstation, body=request)

    async def revoke_workstation(self, workstation_id: str) -> Workstation:
        return await self._call("POST", f"/v1/workstations/{quote(workstation_id, safe='')}/revoke", Workstation)

    async def import_template(self, kind: ImportKind, file_format: str = "xlsx") -> bytes:
        """The bulk creation template of ``kind`` (``xlsx`` or ``csv``), with the central's current lists."""
        response = await self._send("GET", f"/v1/imports/{kind.value}/template", params={"format": file_format})
        return response.content

    async def import_file(self, kind: ImportKind, content: bytes, content_type: str, *,
                          check: bool = False) -> ImportReport:
        """Send a filled bulk creation template (``content_type``: CSV or XLSX); ``check``: only check its rows. A
        file with problems is refused ``import_refused``, its report in the refusal's ``extra["report"]``."""
        return await self._call("POST", f"/v1/imports/{kind.value}", ImportReport,
                                params={"check": "true"} if check else None, raw=(content, content_type))

    async def training_accounts(self) -> list[TrainingAccount]:
        return await self._call("GET", "/v1/training/accounts", TypeAdapter(list[TrainingAccount]))

    # --- The classroom (issue 20): a training central only ---------------------------------------------------

    def _exercise(self, exercise_id: str, tail: str = "") -> str:
        return f"/v1/training/exercises/{quote(exercise_id, safe='')}{tail}"

    async def exercises(self) -> list[TraineeExercise]:
        return await self._call("GET", "/v1/training/exercises", TypeAdapter(list[TraineeExercise]))

    async def start_exercise(self, exercise_id: str) -> TraineeExercise:
        return await self._call("POST", self._exercise(exercise_id, "/start"), TraineeExercise)

    async def finish_exercise(self, exercise_id: str) -> TraineeExercise:
        return await self._call("POST", self._exercise(exercise_id, "/finish"), TraineeExercise)

    async def abandon_exercise(self, exercise_id: str) -> TraineeExercise:
        return await self._call("POST", self._exercise(exercise_id, "/abandon"), TraineeExercise)

    async def reset_exercise(self, exercise_id: str) -> TraineeExercise:
        return await self._call("POST", self._exercise(exercise_id, "/reset"), TraineeExercise)

    async def class_view(self) -> ClassView:
        return await self._call("GET", "/v1/training/class", ClassView)

    async def trainee_work(self, trainee: int, exercise_id: str) -> TraineeWork:
        return await self._call("GET", f"/v1/training/class/{trainee}/{quote(exercise_id, safe='')}", TraineeWork)

    async def control_class(self, action: ClassAction, exercise_id: str, trainee: int | None = None) -> ClassView:
        """``action`` on ``exercise_id`` for ``trainee``, or for every trainee (``None``)."""
        return await self._call("POST", "/v1/training/class/control", ClassView,
                                body=ClassControl(action=action, exercise_id=exercise_id, trainee=trainee))

    async def cut_link(self, cut: bool, trainee: int | None = None) -> ClassView:
        """Cut (or restore, ``cut=False``) ``trainee``'s link to the classroom central, or every trainee's."""
        return await self._call("POST", "/v1/training/class/link", ClassView,
                                body=LinkControl(cut=cut, trainee=trainee))

    async def class_report(self, file_format: str = "pdf") -> bytes:
        """The end-of-class report (``pdf`` or ``xlsx``), as the central builds it."""
        response = await self._send("GET", "/v1/training/report", params={"format": file_format})
        return response.content

    async def cancel(self, transaction_id: str, cancellation_code: str, reason: str = "") -> Transaction:
        return await self._call(
            "POST", f"/v1/transactions/{transaction_id}/cancel", Transaction,
            body=CancelRequest(cancellation_code=cancellation_code, reason=reason),
        )

    async def reject(self, request: RejectRequest) -> Rejection:
        return await self._call("POST", "/v1/rejections", Rejection, body=request)

    async def hold(self, request: HoldRequest) -> Hold:
        return await self._call("POST", "/v1/holds", Hold, body=request)

    async def release(self, hold_id: str, office_id: str | None = None) -> Hold:
        params = {"office_id": office_id} if office_id else None
        return await self._call("POST", f"/v1/holds/{hold_id}/release", Hold, params=params)

    async def holds(self, office_id: str | None = None, territory_wide: bool = False) -> list[Hold]:
        params: dict[str, Any] = {"territory_wide": territory_wide}
        if office_id:
            params["office_id"] = office_id
        return await self._call("GET", "/v1/holds", TypeAdapter(list[Hold]), params=params)

    async def last_transactions(
        self, office_id: str | None = None, limit: int = 10, offset: int = 0
    ) -> TransactionPage:
        params: dict[str, Any] = {"limit": limit, "offset": offset}
        if office_id:
            params["office_id"] = office_id
        return await self._call("GET", "/v1/transactions", TransactionPage, params=params)

    # --- Logs (issue 7): Controllers and Admins --------------------------------------------------------------

    async def carnet_logs(
        self, status: ReconciliationStatus | None = None, limit: int = 100, offset: int = 0, *,
        kind: CarnetKind | None = None, validity: Validity | None = None,
    ) -> CarnetLogPage:
        params: dict[str, Any] = {"limit": limit, "offset": offset}
        if status is not None:
            params["status"] = status.value
        params.update(_narrowed(kind, validity))
        return await self._call("GET", "/v1/logs/carnets", CarnetLogPage, params=params)

    async def carnet_log_detail(self, carnet: str) -> CarnetLogDetail:
        return await self._call("GET", f"/v1/logs/carnets/{quote(carnet, safe='')}/details", CarnetLogDetail)

    async def transaction_logs(
        self, carnet: str | None = None, limit: int = 100, offset: int = 0, *, tx_type: TransactionType | None = None,
        kind: CarnetKind | None = None, validity: Validity | None = None,
    ) -> TransactionLogPage:
        params: dict[str, Any] = {"limit": limit, "offset": offset}
        if carnet:
            params["carnet"] = carnet
        if tx_type is not None:
            params["type"] = tx_type.value
        params.update(_narrowed(kind, validity))
        return await self._call("GET", "/v1/logs/transactions", TransactionLogPage, params=params)

    # --- Transit monitoring (issue 7): every role --------------------------------------------------------------

    async def transits(self, office_id: str | None = None) -> list[TransitView]:
        params = {"office_id": office_id} if office_id else None
        return await self._call("GET", "/v1/transits", TypeAdapter(list[TransitView]), params=params)

    async def statistics(self, months: int = 12) -> Statistics:
        return await self._call("GET", "/v1/statistics", Statistics, params={"months": str(months)})

    # --- Shifts, hand-over and the audit trail (issue 7): Controllers and higher -----------------------------

    async def open_shift(self, office_id: str | None = None, note: str = "") -> Shift:
        return await self._call("POST", "/v1/shifts", Shift, body=OpenShiftRequest(office_id=office_id, note=note))

    async def current_shift(self, office_id: str | None = None) -> Shift | None:
        params = {"office_id": office_id} if office_id else None
        return await self._call("GET", "/v1/shifts/current", TypeAdapter(Shift | None), params=params)

    async def hand_over(self, shift_id: str, note: str = "") -> HandoverReport:
        return await self._call("POST", f"/v1/shifts/{quote(shift_id, safe='')}/handover", HandoverReport,
                                body=HandoverRequest(note=note))

    async def report_queue_decision(self, report: QueueDecisionReport) -> AuditEntry:
        return await self._call("POST", "/v1/audit/queue-decisions", AuditEntry, body=report)

    async def audit(
        self, account_id: str | None = None, office_id: str | None = None,
        since: datetime | None = None, until: datetime | None = None,
    ) -> list[AuditEntry]:
        params: dict[str, Any] = {}
        for name, value in (("account_id", account_id), ("office_id", office_id)):
            if value:
                params[name] = value
        for name, moment in (("since", since), ("until", until)):
            if moment is not None:
                params[name] = moment.isoformat()
        return await self._call("GET", "/v1/audit", TypeAdapter(list[AuditEntry]), params=params)


    # --- Pre-declarations and pre-notifications (issue 7): every role, at the offices of its region -------

    async def predeclarations(
        self, office_id: str | None = None, include_closed: bool = False
    ) -> list[PreDeclarationRow]:
        params: dict[str, Any] = {"include_closed": include_closed}
        if office_id:
            params["office_id"] = office_id
        return await self._call("GET", "/v1/predeclarations", TypeAdapter(list[PreDeclarationRow]), params=params)

    async def predeclaration(self, predeclaration_id: str) -> PreDeclaration:
        return await self._call("GET", f"/v1/predeclarations/{quote(predeclaration_id, safe='')}", PreDeclaration)

    async def acknowledge_predeclaration(
        self, predeclaration_id: str, office_id: str | None = None
    ) -> PreDeclaration:
        return await self._call("POST", f"/v1/predeclarations/{quote(predeclaration_id, safe='')}/acknowledge",
                                PreDeclaration, params={"office_id": office_id} if office_id else None)

    async def reject_predeclaration(
        self, predeclaration_id: str, reason: str, office_id: str | None = None
    ) -> PreDeclaration:
        return await self._call("POST", f"/v1/predeclarations/{quote(predeclaration_id, safe='')}/reject",
                                PreDeclaration, body=PreDeclarationRejection.model_construct(reason=reason),
                                params={"office_id": office_id} if office_id else None)

    async def commit_predeclaration(
        self, predeclaration_id: str, office_id: str | None = None
    ) -> PreDeclarationCommit:
        return await self._call("POST", f"/v1/predeclarations/{quote(predeclaration_id, safe='')}/commit",
                                PreDeclarationCommit, params={"office_id": office_id} if office_id else None)

    # --- A vehicle carnet's file (issue 8: CPD) ---------------------------------------------------------------

    def _vehicle(self, carnet: str, tail: str = "") -> str:
        return f"/v1/carnets/{quote(carnet.strip(), safe='')}/vehicle{tail}"

    @staticmethod
    def _office(office_id: str | None) -> dict[str, Any] | None:
        return {"office_id": office_id} if office_id else None

    async def vehicle_file(
        self, carnet: str, office_id: str | None = None, transaction_code: str | None = None
    ) -> VehicleFile:
        headers = {TRANSACTION_CODE_HEADER: transaction_code} if transaction_code else None
        return await self._call("GET", self._vehicle(carnet), VehicleFile, params=self._office(office_id),
                                headers=headers)

    async def _record(
        self, carnet: str, path: str, request: BaseModel, office_id: str | None, idempotency_key: str | None
    ) -> VehicleFile:
        """A record on the vehicle file; with ``idempotency_key`` a retry of the same request records it once."""
        headers = {"Idempotency-Key": idempotency_key} if idempotency_key else None
        return await self._call("POST", self._vehicle(carnet, path), VehicleFile, body=request,
                                params=self._office(office_id), headers=headers)

    async def record_extension(
        self, carnet: str, request: ExtensionRequest, office_id: str | None = None, idempotency_key: str | None = None
    ) -> VehicleFile:
        return await self._record(carnet, "/extension", request, office_id, idempotency_key)

    async def record_seizure(
        self, carnet: str, request: SeizureRequest, office_id: str | None = None, idempotency_key: str | None = None
    ) -> VehicleFile:
        return await self._record(carnet, "/seizures", request, office_id, idempotency_key)

    async def release_seizure(
        self, carnet: str, record_id: str, request: ReleaseRequest, office_id: str | None = None,
        idempotency_key: str | None = None,
    ) -> VehicleFile:
        path = f"/seizures/{quote(record_id.strip(), safe='')}/release"
        return await self._record(carnet, path, request, office_id, idempotency_key)

    async def record_termination(
        self, carnet: str, request: TerminationRequest, office_id: str | None = None,
        idempotency_key: str | None = None,
    ) -> VehicleFile:
        return await self._record(carnet, "/terminations", request, office_id, idempotency_key)

    async def record_regularisation(
        self, carnet: str, request: RegularisationRequest, office_id: str | None = None,
        idempotency_key: str | None = None,
    ) -> VehicleFile:
        return await self._record(carnet, "/regularisations", request, office_id, idempotency_key)

    async def record_notification(
        self, carnet: str, request: NotificationRequest, office_id: str | None = None,
        idempotency_key: str | None = None,
    ) -> VehicleFile:
        return await self._record(carnet, "/notification", request, office_id, idempotency_key)


def _refusal(response: httpx.Response) -> CentralRefused:
    try:
        error = json.loads(response.content)["error"]
        extra = {k: v for k, v in error.items() if k not in {"code", "message", "detail", "permanent"}}
        return CentralRefused(response.status_code, str(error["code"]), str(error["message"]),
                              str(error.get("detail", "")), extra)
    except (ValueError, KeyError, TypeError):
        code = "unavailable" if response.status_code >= 500 else "invalid_request"
        return CentralRefused(response.status_code, code, f"HTTP {response.status_code}", response.text[:200])
