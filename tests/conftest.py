"""Shared fixtures: a real reference central on loopback for every test that needs one."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail

from tests.central_world import World, start_world

NOW = datetime(2026, 6, 15, 10, 0, tzinfo=UTC)
"""The default moment tests start at (a Monday, mid-morning UTC: noon in Geneva)."""


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    """A running central with the demo organisation and accounts but no carnets; clock at :data:`NOW`."""
    w = start_world(tmp_path / "central.sqlite3", NOW)
    yield w
    w.server.stop()
    w.store.close()


@pytest.fixture
def demo_world(tmp_path: Path) -> Iterator[World]:
    """A running demo central (training), seeded relative to :data:`NOW`."""
    w = start_world(tmp_path / "demo.sqlite3", NOW, demo=True)
    yield w
    w.server.stop()
    w.store.close()


@pytest.fixture
def no_keyring() -> Iterator[None]:
    """This machine as if it had no keyring backend (headless Linux without a secret service)."""
    previous: KeyringBackend = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())  # type: ignore[no-untyped-call]
    yield
    keyring.set_keyring(previous)


@pytest.fixture
async def close_clients(world: World) -> AsyncIterator[None]:
    yield
    for client in world.clients:
        await client.aclose()
