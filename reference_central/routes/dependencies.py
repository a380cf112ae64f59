"""What the routes depend on: the central that serves the request, the caller it authenticates, and the office a
request names.

A route is guarded when it depends on :func:`authenticated` (through :data:`Who`); only a few are open (health,
signing in, the training central's demo accounts). :func:`caller_refused` recognises a guarded route by that
dependency itself.
"""

from typing import Annotated

from fastapi import Depends, Header, Query, Request
from starlette.concurrency import run_in_threadpool

from carnet_domain.organisation import Account
from central_contract.bounds import OfficeRef
from reference_central.errors import CentralError
from reference_central.service import Central


async def central_of(request: Request) -> Central:
    """The central the app serves (``create_app`` keeps it in the app's state). Asynchronous because it does not
    block: FastAPI runs a synchronous dependency in a worker thread, a hop on every request."""
    central: Central = request.app.state.central
    return central


CentralDep = Annotated[Central, Depends(central_of)]
"""The central, for a route: ``central: CentralDep``."""

WorkstationKey = Annotated[str | None, Header(alias="X-Ecarnet-Workstation", max_length=200)]
"""The key of the registered workstation a request comes from, if it names one."""


def authenticated(
    request: Request, central: CentralDep, authorization: Annotated[str | None, Header(max_length=2000)] = None,
    workstation: WorkstationKey = None,
) -> Account:
    """The caller of a route: a session, an integration token (within its route groups, the route's tags) or an
    offline grant (commits only); see :mod:`reference_central.identity.authentication`. On a training central, a
    trainee whose link the trainer cut is refused ``503 link_cut`` (docs/api.md, "The classroom")."""
    route = request.scope.get("route")
    account = central.authenticate(
        authorization, workstation, method=request.method, path=str(getattr(route, "path", request.url.path)),
        groups=frozenset(getattr(route, "tags", None) or ()),
    )
    central.refuse_cut_link(account)
    return account


Who = Annotated[Account, Depends(authenticated)]
"""The authenticated caller, for a guarded route: ``who: Who``."""

OfficeParam = Annotated[OfficeRef | None, Query()]
"""The office a request names (``?office_id=``), if it names one."""


async def caller_refused(request: Request) -> CentralError | None:
    """On a guarded route, why its caller is refused, if it is. FastAPI reads the JSON body, and checks the headers
    the authentication reads, before that dependency runs: a request refused for its body or its headers is first
    refused for its credential, so that nothing is said about a request to whoever may not make it."""
    dependant = getattr(request.scope.get("route"), "dependant", None)
    if dependant is None or not any(d.call is authenticated for d in dependant.dependencies):
        return None
    try:
        await run_in_threadpool(authenticated, request, await central_of(request), request.headers.get("authorization"),
                                request.headers.get("x-ecarnet-workstation"))
    except CentralError as exc:
        return exc
    return None
