"""``GET /v1/health``: open to anyone, and answering only while the central reaches its database."""

from fastapi import APIRouter

from carnet_domain.refusals import RefusalCode as R
from central_contract.models import Health
from reference_central import API_VERSION
from reference_central.database import DatabaseError
from reference_central.errors import CentralError
from reference_central.routes.dependencies import CentralDep

router = APIRouter()


@router.get("/v1/health", tags=["open"])
def health(central: CentralDep) -> Health:
    """Answers only when the central's database does: a central that cannot reach it is ``503 unavailable``."""
    try:
        central.store.ping()
    except DatabaseError as exc:
        raise CentralError(R.UNAVAILABLE, "the central's database cannot be reached") from exc
    return Health(status="ok", api_version=API_VERSION, training=central.training, time=central.clock(),
                  database="ok")
