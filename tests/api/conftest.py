"""Fixtures of the API tests."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from tests.api.helpers import Journey
from tests.api.vehicle_world import Road
from tests.central_world import World


@pytest.fixture
async def journey(world: World, close_clients: None) -> AsyncIterator[Journey]:
    headers = {"Authorization": f"Bearer {world.tokens['controller.ch']}"}
    async with httpx.AsyncClient(base_url=world.url, headers=headers, timeout=10.0) as controller:
        yield Journey(world, controller)


@pytest.fixture
async def road(world: World, close_clients: None) -> Road:
    """Vehicle carnets moved through Bardonnex (:mod:`tests.api.vehicle_world`)."""
    return Road(world)
