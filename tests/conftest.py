"""Shared fixtures: a real reference central on loopback for every test that needs one."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail

from reference_central.database import POSTGRESQL, SQLITE, DatabaseError
from reference_central.schema_version import upgrade
from reference_central.store import Store
from tests import postgres
from tests.central_world import Database, World, start_world

NOW = datetime(2026, 6, 15, 10, 0, tzinfo=UTC)
"""The default moment tests start at (a Monday, mid-morning UTC: noon in Geneva)."""


BOTH_ENGINES = ("tests/api/", "tests/security/", "tests/queue/test_exactly_once.py")
"""The tests that run against both engines: SQLite (the embedded default) and PostgreSQL (a real central)."""


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    path = Path(metafunc.definition.path).relative_to(Path(__file__).parent.parent).as_posix()
    if "engine" in metafunc.fixturenames and path.startswith(BOTH_ENGINES):
        metafunc.parametrize("engine", [SQLITE, POSTGRESQL], indirect=True, scope="module")


@pytest.fixture(scope="module")
def engine(request: pytest.FixtureRequest) -> str:
    """The engine of the test's central: SQLite unless the test is one of :data:`BOTH_ENGINES`' (then each)."""
    return str(getattr(request, "param", SQLITE))


class PostgresDatabases:
    """This test worker's PostgreSQL databases, each made once per run and emptied for each test that uses it."""

    def __init__(self, worker_id: str) -> None:
        self.worker_id = worker_id
        self.made: dict[str, str] = {}

    def emptied(self, name: str) -> str:
        if postgres.server_url() is None:
            if postgres.required():
                pytest.fail("ECARNET_REQUIRE_POSTGRES is set but no PostgreSQL server is (ECARNET_TEST_POSTGRES)")
            pytest.skip("no PostgreSQL server for the tests: ./scripts/test starts one (ECARNET_TEST_POSTGRES)")
        if name not in self.made:
            self.made[name] = self._made_afresh(name)
        store = Store(self.made[name])
        try:
            try:
                store.wipe()
            except DatabaseError:  # a test broke it on purpose (a table dropped): made again
                store.close()
                self.made[name] = self._made_afresh(name)
                store = Store(self.made[name])
                store.wipe()
        finally:
            store.close()
        return self.made[name]

    def _made_afresh(self, name: str) -> str:
        url = postgres.worker_database(f"{self.worker_id}_{name}")
        store = Store(url)
        try:
            upgrade(store)
        finally:
            store.close()
        return url


@pytest.fixture(scope="session")
def postgres_databases(worker_id: str) -> PostgresDatabases:
    return PostgresDatabases(worker_id)


@pytest.fixture(scope="module")
def module_database(engine: str, tmp_path_factory: pytest.TempPathFactory,
                    postgres_databases: PostgresDatabases) -> Database:
    """A database for a module's one central (the security tables): a SQLite file, or a PostgreSQL database of the
    modules' own (those of the tests are emptied for each test)."""
    return _database(engine, tmp_path_factory.mktemp("central"), "module", postgres_databases)


def _database(engine: str, folder: Path, name: str, postgres_databases: PostgresDatabases) -> Database:
    if engine == SQLITE:
        return Database(folder / f"{name}.sqlite3", None)
    return Database(postgres_databases.emptied(name), folder / f"{name}.key")


@pytest.fixture
def database(engine: str, tmp_path: Path, postgres_databases: PostgresDatabases) -> Database:
    """Where the test's central keeps its records: a new SQLite file, or this worker's PostgreSQL database emptied
    (at this release's schema), with its key file."""
    return _database(engine, tmp_path, "central", postgres_databases)


@pytest.fixture
def demo_database(engine: str, tmp_path: Path, postgres_databases: PostgresDatabases) -> Database:
    """Like :func:`database`, another one: a test may run a demo central beside its central."""
    return _database(engine, tmp_path, "demo", postgres_databases)


@pytest.fixture
def world(database: Database) -> Iterator[World]:
    """A running central with the demo organisation and accounts but no carnets; clock at :data:`NOW`."""
    w = start_world(database.where, NOW, key_file=database.key_file)
    yield w
    w.server.stop()
    w.store.close()


@pytest.fixture
def demo_world(demo_database: Database) -> Iterator[World]:
    """A running demo central (training), seeded relative to :data:`NOW`."""
    w = start_world(demo_database.where, NOW, demo=True, key_file=demo_database.key_file)
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
