"""One structured log line per request, under a request ID (``X-Request-ID``) that a refusal's answer carries too,
and every answer to a client that named its request.

A client may send its own ID (letters, digits, ``.``, ``_``, ``-``; at most 64): a desk's report and the central's
log then name the same request. Anything else is replaced by one of the central's. The line is JSON on the logger
``reference_central.requests``: ``request_id``, ``method``, ``route`` (the route's template, so no carnet, code or
token of the path or the query is written), ``status``, ``ms``, and ``agent`` when the client named itself (a desk
does when it signs in; at most 100 characters). A failure's incident line names the request ID.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid

from starlette.types import ASGIApp, Message, Receive, Scope, Send

LOG = logging.getLogger("reference_central.requests")
CENTRAL_LOG = logging.getLogger("reference_central")
"""The central's own log: these request lines and a failure's traceback under its incident ID."""
HEADER = "X-Request-ID"
_SANE = re.compile(r"[A-Za-z0-9._-]{1,64}")
AGENT_LENGTH = 100


def request_id_of(scope: Scope) -> str:
    """The ID :class:`RequestLog` gave the request (empty outside it)."""
    return str(scope.get("state", {}).get("request_id", ""))


class RequestLog:
    """The outermost middleware: names each HTTP request, tells the client its name, and logs how it ended."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers", []))
        offered = headers.get(HEADER.lower().encode(), b"").decode("latin-1")
        request_id = offered if _SANE.fullmatch(offered) else uuid.uuid4().hex[:16]
        scope.setdefault("state", {})["request_id"] = request_id
        started, status = time.perf_counter(), 500

        async def named(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                if status >= 400 or offered:  # a success the client did not name costs a slow link nothing more
                    message["headers"] = [*message.get("headers", []), (HEADER.lower().encode(), request_id.encode())]
            await send(message)

        try:
            await self.app(scope, receive, named)
        finally:
            route = getattr(scope.get("route"), "path", None) or "(no route)"
            line = {"request_id": request_id, "method": scope.get("method", ""), "route": route, "status": status,
                    "ms": round((time.perf_counter() - started) * 1000, 1)}
            agent = headers.get(b"user-agent", b"").decode("latin-1")[:AGENT_LENGTH]
            if agent:
                line["agent"] = agent
            LOG.info(json.dumps(line))


class _StandardError(logging.StreamHandler):  # type: ignore[type-arg]
    """The handler :func:`log_to_stderr` gives the central's log (a process gets one only)."""


def log_to_stderr() -> None:
    """The central's own log (each request's line, a failure's traceback and incident ID, docs/api.md "Errors") on
    standard error, dated, beside the server's: each server process says this once as it starts."""
    if any(isinstance(handler, _StandardError) for handler in CENTRAL_LOG.handlers):
        return
    handler = _StandardError()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    CENTRAL_LOG.addHandler(handler)
    CENTRAL_LOG.setLevel(logging.INFO)
    CENTRAL_LOG.propagate = False
