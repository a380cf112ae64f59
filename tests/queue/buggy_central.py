"""A reference central with a bug that bites the commits of chosen carnets: each answers ``500 internal_error``
for real, over HTTP on 127.0.0.1, until the carnet is mended."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from carnet_domain.organisation import Account
from carnet_domain.refusals import RefusalCode as R
from central_contract.models import CommitRequest, CommitResponse
from reference_central.database import Db
from reference_central.errors import CentralError
from reference_central.service import Central
from tests.central_world import World, start_world
from tests.queue.helpers import NOW


class BuggyCentral(Central):
    """Every commit of a carnet in :attr:`broken` fails. With :attr:`numbered` the failure is answered as a central
    that numbers its incidents does (``incident`` in the error's body); without, as a gateway that gives no number
    (the reference central numbers every unexpected failure). A carnet in :attr:`unavailable` is answered ``503
    unavailable`` (retryable, not a failure)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.broken: set[str] = set()
        self.unavailable: set[str] = set()
        self.numbered = True
        self._incidents = itertools.count(1)

    def _commit(self, db: Db, account: Account, req: CommitRequest) -> CommitResponse:
        if req.carnet_id in self.unavailable:
            raise CentralError(R.UNAVAILABLE, "maintenance")
        if req.carnet_id in self.broken:
            number = next(self._incidents)
            if self.numbered:
                raise CentralError(R.INTERNAL_ERROR, "KeyError", {"incident": f"INC-{number:04d}"})
            raise CentralError(R.INTERNAL_ERROR, "KeyError")
        return super()._commit(db, account, req)


@pytest.fixture
async def buggy(tmp_path: Path) -> AsyncIterator[tuple[World, BuggyCentral]]:
    """A running buggy central (the demo organisation and accounts, no carnets), and the central itself."""
    world = start_world(tmp_path / "central.sqlite3", NOW, central=BuggyCentral)
    central = world.server.central
    assert isinstance(central, BuggyCentral)
    yield world, central
    for client in world.clients:
        await client.aclose()
    world.server.stop()
    world.store.close()
