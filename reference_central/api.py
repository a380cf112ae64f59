"""The HTTP API, version 1: the app, its middlewares and the error format; the routes are in
:mod:`reference_central.routes`.

Every refusal is ``{"error": {"code", "message", "permanent", "detail", ...}}`` with the HTTP status of its
code (see :mod:`carnet_domain.refusals`). ``GET /v1/health``, signing in (``POST /v1/sign-in`` and
``/v1/sign-in/complete``) and a training central's ``GET /v1/training/accounts`` are open; every other ``/v1`` route
needs a credential (docs/api.md, "Authority").
"""

import logging
import secrets

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from carnet_domain.refusals import RefusalCode as R
from central_contract.imports import MAX_FILE_BYTES
from reference_central import API_VERSION
from reference_central.compression import Compression
from reference_central.errors import CentralError
from reference_central.request_log import RequestLog, request_id_of
from reference_central.routes import (
    health,
    holds,
    identity,
    imports,
    logs,
    monitoring,
    organisation,
    predeclarations,
    shifts,
    training,
    transactions,
    vehicles,
)
from reference_central.routes.dependencies import caller_refused
from reference_central.service import Central

MAX_BODY = 256 * 1024
"""The largest request body the central reads (a 1000-item declaration is well under it)..."""
IMPORT_PATHS = "/v1/imports/"
"""...but for a bulk creation's file, which may be up to :data:`central_contract.imports.MAX_FILE_BYTES`."""

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
        limit = MAX_FILE_BYTES if str(scope.get("path", "")).startswith(IMPORT_PATHS) else MAX_BODY
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _error(CentralError(R.BODY_TOO_LARGE, f"limit {limit} bytes"))(scope, receive, send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > limit:
                raise CentralError(R.BODY_TOO_LARGE, f"limit {limit} bytes")
            return message

        await self.app(scope, counted, send)


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
    app.add_middleware(Compression, minimum_size=500)
    app.add_middleware(BodyLimit)
    app.add_middleware(InternalErrors)
    app.add_middleware(RequestLog)

    @app.exception_handler(CentralError)
    async def refused(_: Request, exc: CentralError) -> JSONResponse:
        return _error(exc)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        refusal = await caller_refused(request)
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

    for area in (health, organisation, transactions, holds, monitoring, logs, shifts, identity, vehicles,
                 predeclarations, imports, training):
        app.include_router(area.router)
    return app
