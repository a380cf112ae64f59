"""``GET /v1/health``: open to anyone, and answering only while the central reaches its database."""

from typing import Annotated

from fastapi import APIRouter, Header

from carnet_domain.refusals import RefusalCode as R
from central_contract.models import Health
from reference_central import API_VERSION
from reference_central.database import DatabaseError
from reference_central.errors import CentralError
from reference_central.routes.dependencies import CentralDep

router = APIRouter()


@router.get("/v1/health", tags=["open"])
def health(central: CentralDep, authorization: Annotated[str | None, Header(max_length=2000)] = None) -> Health:
    """Answers only when the central's database does: a central that cannot reach it is ``503 unavailable``. On a
    training central, a probe with the session of a trainee whose link the trainer cut is ``503 link_cut``, as every
    request of theirs (docs/api.md, "The classroom")."""
    try:
        central.refuse_cut_link_of(authorization)
        central.store.ping()
    except DatabaseError as exc:
        raise CentralError(R.UNAVAILABLE, "the central's database cannot be reached") from exc
    return Health(status="ok", api_version=API_VERSION, training=central.training, time=central.clock(),
                  database="ok")
