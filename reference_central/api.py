"""The HTTP API, version 1: routes, authentication and the error format.

Every refusal is ``{"error": {"code", "message", "permanent", "detail", ...}}`` with the HTTP status of its
code (see :mod:`carnet_domain.refusals`). ``GET /v1/health`` is open; every other ``/v1`` route needs
``Authorization: Bearer <token>``.
"""

import logging
import secrets
import sqlite3
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from carnet_domain.organisation import Account, Office, Region, Territory
from carnet_domain.predeclaration import PreDeclaration
from carnet_domain.reconciliation import ReconciliationStatus
from carnet_domain.refusals import RefusalCode as R
from carnet_domain.transaction import Hold, Rejection, Transaction
from central_contract.bounds import IdempotencyKey, OfficeRef, Offset, Text
from central_contract.models import (
    LOG_PAGE_MAX,
    CancelRequest,
    CarnetLogDetail,
    CarnetLogPage,
    CommitRequest,
    CommitResponse,
    Health,
    HoldRequest,
    LookupRequest,
    LookupResponse,
    Me,
    NewOffice,
    NewPreDeclaration,
    NewRegion,
    PreDeclarationCommit,
    PreDeclarationRejection,
    PreDeclarationRow,
    ReconciliationView,
    RejectRequest,
    Statistics,
    TransactionLogPage,
    TransactionPage,
    TransitView,
)
from reference_central import API_VERSION
from reference_central.errors import CentralError
from reference_central.identity.routes import add_identity_routes
from reference_central.request_log import RequestLog, request_id_of
from reference_central.service import Central
from reference_central.shift_routes import add_shift_routes  # Shifts and audit trail (issue 7)
from reference_central.vehicle_routes import add_vehicle_routes  # Vehicle carnets (issue 8: CPD)

MAX_BODY = 256 * 1024
"""The largest request body the central reads (a 1000-item declaration is well under it)."""

LOG = logging.getLogger("reference_central")


def _error(exc: CentralError) -> JSONResponse:
    return JSONResponse(exc.body(), status_code=exc.status, headers=exc.headers)


class HttpMiddleware:
    """A pure ASGI middleware that acts on HTTP requests and passes anything else through."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
        else:
            await self.handle(scope, receive, send)

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError


class BodyLimit(HttpMiddleware):
    """Refuses bodies over ``MAX_BODY`` whether or not the client announced their length."""

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > MAX_BODY:
            await _error(CentralError(R.BODY_TOO_LARGE, f"limit {MAX_BODY} bytes"))(scope, receive, send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > MAX_BODY:
                raise CentralError(R.BODY_TOO_LARGE, f"limit {MAX_BODY} bytes")
            return message

        await self.app(scope, counted, send)


def _account(
    request: Request, authorization: Annotated[str | None, Header(max_length=2000)] = None,
    workstation: Annotated[str | None, Header(alias="X-Ecarnet-Workstation", max_length=200)] = None,
) -> Account:
    """The caller of a route: a session, an integration token (within its route groups, the route's tags) or an
    offline grant (commits only); see :mod:`reference_central.identity.authentication`."""
    central: Central = request.app.state.central
    route = request.scope.get("route")
    return central.authenticate(
        authorization, workstation, method=request.method, path=str(getattr(route, "path", request.url.path)),
        groups=frozenset(getattr(route, "tags", None) or ()),
    )


async def _caller_refused(request: Request) -> CentralError | None:
    """On a guarded route, why its caller is refused, if it is. FastAPI reads the JSON body, and checks the headers
    the authentication reads, before that dependency runs: a request refused for its body or its headers is first
    refused for its credential, so that nothing is said about a request to whoever may not make it."""
    dependant = getattr(request.scope.get("route"), "dependant", None)
    if dependant is None or not any(d.call is _account for d in dependant.dependencies):
        return None
    try:
        await run_in_threadpool(_account, request, request.headers.get("authorization"),
                                request.headers.get("x-ecarnet-workstation"))
    except CentralError as exc:
        return exc
    return None


Who = Annotated[Account, Depends(_account)]
OfficeParam = Annotated[OfficeRef | None, Query()]


def new_incident() -> str:
    """A short random ID that ties a ``500`` answer to its line in the central's log."""
    return secrets.token_hex(5)


class InternalErrors(HttpMiddleware):
    """Answers an unexpected failure with ``500 internal_error`` (retryable) and keeps the connection usable.

    A 500 is a bug: it is logged (logger ``reference_central``) with its traceback under an incident ID, which the
    answer gives too, in ``incident`` and in ``detail``, so that a report from a desk finds its log line.
    Starlette's own handler re-raises after answering, and the server then drops a kept-alive connection.
    """

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = False

        async def tracked(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracked)
        except Exception as exc:
            incident = new_incident()
            LOG.error("incident %s: %s %s failed (request %s)", incident, scope.get("method", ""),
                      getattr(scope.get("route"), "path", None) or "(no route)", request_id_of(scope), exc_info=exc)
            if started:
                raise
            detail = f"incident {incident}: {type(exc).__name__}"
            await _error(CentralError(R.INTERNAL_ERROR, detail, {"incident": incident}))(scope, receive, send)


def create_app(central: Central) -> FastAPI:
    app = FastAPI(
        title="eCarnet reference central",
        version=API_VERSION,
        description=(
            "The reference central system for electronic ATA and CPD carnets: the contract a national "
            "gateway implements. See docs/api.md."
        ),
    )
    app.state.central = central
    app.add_middleware(GZipMiddleware, minimum_size=500)
    app.add_middleware(BodyLimit)
    app.add_middleware(InternalErrors)
    app.add_middleware(RequestLog)

    @app.exception_handler(CentralError)
    async def refused(_: Request, exc: CentralError) -> JSONResponse:
        return _error(exc)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        refusal = await _caller_refused(request)
        if refusal is not None:
            return _error(refusal)
        problems = exc.errors()
        if any(p.get("type") == "json_invalid" for p in problems):
            return _error(CentralError(R.MALFORMED_JSON, str(problems[0].get("msg", ""))))
        fields = [
            {"field": ".".join(str(part) for part in p.get("loc", ())), "problem": str(p.get("msg", ""))}
            for p in problems
        ]
        detail = "; ".join(f"{f['field']}: {f['problem']}" for f in fields[:5])
        return _error(CentralError(R.INVALID_REQUEST, detail, {"fields": fields}))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        if isinstance(exc.__cause__, CentralError):
            # FastAPI turns any error raised while reading the body (BodyLimit's, for a chunked body that
            # announced no length) into a generic 400: give the central's own refusal instead.
            return _error(exc.__cause__)
        if exc.status_code == 400:
            # The body could not be parsed at all (not UTF-8, nested too deep): it is not valid JSON.
            return _error(CentralError(R.MALFORMED_JSON, str(exc.detail)))
        if exc.status_code == 405:
            return _error(CentralError(R.METHOD_NOT_ALLOWED))
        if exc.status_code == 404:
            return _error(CentralError(R.NOT_FOUND))
        body = {"error": {"code": R.INVALID_REQUEST.value, "message": str(exc.detail), "permanent": True,
                          "detail": ""}}
        return JSONResponse(body, status_code=exc.status_code)

    @app.get("/v1/health", tags=["open"])
    def health() -> Health:
        """Answers only when the central's database does: a central that cannot reach it is ``503 unavailable``."""
        try:
            central.store.ping()
        except sqlite3.Error as exc:
            raise CentralError(R.UNAVAILABLE, "the central's database cannot be reached") from exc
        return Health(status="ok", api_version=API_VERSION, training=central.training, time=central.clock(),
                      database="ok")

    @app.get("/v1/me", tags=["accounts"])
    def me(who: Who) -> Me:
        return central.me(who)

    @app.get("/v1/territories", tags=["organisation"])
    def territories(who: Who) -> list[Territory]:
        return central.territories()

    @app.get("/v1/offices", tags=["organisation"])
    def offices(who: Who) -> list[Office]:
        return central.offices(who)

    @app.post("/v1/lookup", tags=["transactions"], response_model_exclude_defaults=True)
    def lookup(who: Who, body: LookupRequest) -> LookupResponse:
        return central.lookup(who, body)

    @app.post("/v1/transactions", status_code=201, tags=["transactions"], response_model=CommitResponse)
    def commit(
        who: Who,
        body: CommitRequest,
        idempotency_key: Annotated[IdempotencyKey | None, Header()] = None,
    ) -> Response:
        if not idempotency_key or not idempotency_key.strip():
            raise CentralError(R.IDEMPOTENCY_KEY_MISSING)
        status, payload = central.commit(who, body, idempotency_key.strip())
        return Response(payload, status_code=status, media_type="application/json")

    @app.get("/v1/transactions", tags=["transactions"], response_model_exclude_defaults=True)
    def last_transactions(
        who: Who,
        office_id: OfficeParam = None,
        limit: Annotated[int, Query(ge=1, le=100)] = 10,
        offset: Annotated[Offset, Query()] = 0,
    ) -> TransactionPage:
        return central.last_transactions(who, office_id, limit, offset)

    @app.post("/v1/transactions/{transaction_id}/cancel", tags=["transactions"])
    def cancel(who: Who, transaction_id: str, body: CancelRequest) -> Transaction:
        return central.cancel(who, transaction_id, body.cancellation_code, body.reason)

    @app.post("/v1/rejections", status_code=201, tags=["transactions"])
    def reject(who: Who, body: RejectRequest) -> Rejection:
        return central.reject(who, body)

    @app.post("/v1/holds", status_code=201, tags=["holds"])
    def hold(who: Who, body: HoldRequest) -> Hold:
        return central.hold(who, body)

    @app.get("/v1/holds", tags=["holds"])
    def holds(
        who: Who,
        office_id: OfficeParam = None,
        territory_wide: bool = False,
        include_released: bool = False,
    ) -> list[Hold]:
        return central.holds(who, office_id, territory_wide, include_released)

    @app.post("/v1/holds/{hold_id}/release", tags=["holds"])
    def release(who: Who, hold_id: str, office_id: OfficeParam = None) -> Hold:
        return central.release(who, hold_id, office_id)

    @app.get("/v1/transits", tags=["monitoring"])
    def transits(who: Who, office_id: OfficeParam = None) -> list[TransitView]:
        return central.transits(who, office_id)

    @app.get("/v1/statistics", tags=["monitoring"])
    def statistics(who: Who) -> Statistics:
        return central.statistics(who)

    @app.get("/v1/logs/carnets/{carnet}/reconciliation", tags=["logs"])
    def reconciliation(who: Who, carnet: str) -> ReconciliationView:
        return central.reconciliation(who, carnet)

    @app.get("/v1/accounts", tags=["accounts"])
    def accounts(who: Who) -> list[Account]:
        return central.accounts(who)

    @app.post("/v1/offices", status_code=201, tags=["organisation"])
    def create_office(who: Who, body: NewOffice) -> Office:
        return central.create_office(who, body)

    @app.post("/v1/regions", status_code=201, tags=["organisation"])
    def create_region(who: Who, body: NewRegion) -> Region:
        return central.create_region(who, body)

    # --- Logs (issue 7): transacted carnets with their reconciliation, and their transactions -------------

    @app.get("/v1/logs/carnets", tags=["logs"])
    def carnet_logs(
        who: Who,
        status: ReconciliationStatus | None = None,
        limit: Annotated[int, Query(ge=1, le=LOG_PAGE_MAX)] = 100,
        offset: Annotated[Offset, Query()] = 0,
    ) -> CarnetLogPage:
        return central.carnet_logs(who, status, limit, offset)

    @app.get("/v1/logs/carnets/{carnet}/details", tags=["logs"])
    def carnet_log_detail(who: Who, carnet: str) -> CarnetLogDetail:
        return central.carnet_log_detail(who, carnet)

    @app.get("/v1/logs/transactions", tags=["logs"])
    def transaction_logs(
        who: Who,
        carnet: Annotated[Annotated[str, Text(40)] | None, Query()] = None,
        limit: Annotated[int, Query(ge=1, le=LOG_PAGE_MAX)] = 100,
        offset: Annotated[Offset, Query()] = 0,
    ) -> TransactionLogPage:
        return central.transaction_logs(who, carnet, limit, offset)

    _logs: Any = (carnet_logs, carnet_log_detail, transaction_logs)

    # --- Shifts, hand-over and the audit trail (issue 7: supervisor desk) -------------------------------
    add_shift_routes(app, central, _account)

    # --- Identity (issue 16): signing in and out, accounts' lifecycle, workstations, tokens ----------------------
    add_identity_routes(app, central, _account)

    # --- A vehicle carnet's file (issue 8: CPD) ------------------------------------------------------------
    add_vehicle_routes(app, central, _account)

    # --- Pre-declarations and pre-notifications (issue 7, guide lines 2699-2729) ---------------------------

    @app.get("/v1/predeclarations", tags=["predeclarations"], response_model_exclude_defaults=True)
    def predeclarations(
        who: Who, office_id: OfficeParam = None, include_closed: bool = False
    ) -> list[PreDeclarationRow]:
        return central.predeclarations(who, office_id, include_closed)

    @app.post("/v1/predeclarations", status_code=201, tags=["predeclarations"])
    def create_predeclaration(who: Who, body: NewPreDeclaration) -> PreDeclaration:
        return central.create_predeclaration(who, body)

    @app.get("/v1/predeclarations/{predeclaration_id}", tags=["predeclarations"])
    def predeclaration(who: Who, predeclaration_id: str) -> PreDeclaration:
        return central.predeclaration(who, predeclaration_id)

    @app.post("/v1/predeclarations/{predeclaration_id}/acknowledge", tags=["predeclarations"])
    def acknowledge_predeclaration(who: Who, predeclaration_id: str, office_id: OfficeParam = None) -> PreDeclaration:
        return central.acknowledge_predeclaration(who, predeclaration_id, office_id)

    @app.post("/v1/predeclarations/{predeclaration_id}/reject", tags=["predeclarations"])
    def reject_predeclaration(
        who: Who, predeclaration_id: str, body: PreDeclarationRejection, office_id: OfficeParam = None
    ) -> PreDeclaration:
        return central.reject_predeclaration(who, predeclaration_id, office_id, body.reason)

    @app.post("/v1/predeclarations/{predeclaration_id}/commit", tags=["predeclarations"])
    def commit_predeclaration(who: Who, predeclaration_id: str, office_id: OfficeParam = None) -> PreDeclarationCommit:
        return central.commit_predeclaration(who, predeclaration_id, office_id)

    _predeclarations: Any = (predeclarations, create_predeclaration, predeclaration, acknowledge_predeclaration,
                             reject_predeclaration, commit_predeclaration)

    _: Any = (health, me, territories, offices, lookup, commit, last_transactions, cancel, reject, hold,
              holds, release, transits, statistics, reconciliation, accounts, create_office, create_region)
    return app
