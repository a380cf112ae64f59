"""Fixtures of the API tests."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from reference_central.identity.policy import IdentityPolicy
from tests.api.helpers import Journey
from tests.api.identity_helpers import client
from tests.api.vehicle_world import Road
from tests.central_world import Database, World, start_world
from tests.conftest import NOW


@pytest.fixture
async def journey(world: World, close_clients: None) -> AsyncIterator[Journey]:
    headers = {"Authorization": f"Bearer {world.tokens['controller.ch']}"}
    async with httpx.AsyncClient(base_url=world.url, headers=headers, timeout=10.0) as controller:
        yield Journey(world, controller)


@pytest.fixture
async def road(world: World, close_clients: None) -> Road:
    """Vehicle carnets moved through Bardonnex (:mod:`tests.api.vehicle_world`)."""
    return Road(world)


@pytest.fixture
def id_world(database: Database) -> Iterator[World]:
    """A running central under the DEFAULT identity policy (sessions idle out after 30 minutes, end after 12 hours):
    the demo organisation and accounts (each with a session opened at :data:`NOW` in ``tokens``), no carnets."""
    w = start_world(database.where, NOW, policy=IdentityPolicy(), key_file=database.key_file)
    yield w
    w.server.stop()
    w.store.close()


@pytest.fixture
def api(id_world: World) -> Iterator[httpx.Client]:
    """A client of :func:`id_world`'s central, from 127.0.0.1."""
    with client(id_world) as c:
        yield c
