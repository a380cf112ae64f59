"""The tests' PostgreSQL: a database of its own for each worker on the configured server, and ``scripts/postgres``
starting a throwaway server and removing it again."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from tests import postgres

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "postgres"


@pytest.fixture
def server() -> str:
    url = postgres.server_url()
    if url is None:
        if postgres.required():
            pytest.fail("ECARNET_REQUIRE_POSTGRES=1 but ECARNET_TEST_POSTGRES is not set: no PostgreSQL server")
        pytest.skip("no PostgreSQL server configured (ECARNET_TEST_POSTGRES); ./scripts/test starts one")
    return url


def _count(server: str, database: str) -> int:
    engine = create_engine(server, poolclass=NullPool)
    with engine.connect() as connection:
        found = connection.execute(text("SELECT count(*) FROM pg_database WHERE datname = :name"), {"name": database})
        return int(found.scalar_one())


def test_a_worker_database_holds_tables_and_comes_back_empty(server: str) -> None:
    worker = f"selftest_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"  # not a real worker's own database
    url = postgres.worker_database(worker)
    assert make_url(url).database == f"ecarnet_{worker}"
    assert make_url(url).set(database="postgres") == make_url(server)
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.begin() as connection:
            connection.execute(text("CREATE TABLE carnets (number text PRIMARY KEY, holder text NOT NULL)"))
            connection.execute(text("INSERT INTO carnets VALUES (:number, :holder)"),
                               [{"number": "CH-0001", "holder": "Ateliers Zoé"},
                                {"number": "FR-0002", "holder": "Nord"}])
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT number, holder FROM carnets ORDER BY number")).all()
        assert [tuple(row) for row in rows] == [("CH-0001", "Ateliers Zoé"), ("FR-0002", "Nord")]

        # A session still open on it (a central a test left running) does not stop the next run getting it new.
        held = psycopg.connect(make_url(url).set(drivername="postgresql").render_as_string(hide_password=False))
        try:
            assert postgres.worker_database(worker) == url
        finally:
            held.close()
        with engine.connect() as connection:
            assert inspect(connection).get_table_names() == []
    finally:
        engine.dispose()
        postgres.drop_database(url)
    assert _count(server, f"ecarnet_{worker}") == 0


def test_without_a_server_a_worker_database_is_refused_clearly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(postgres.SERVER_VARIABLE, raising=False)
    with pytest.raises(RuntimeError, match=r"ECARNET_TEST_POSTGRES is not set.*\./scripts/test"):
        postgres.worker_database("gw0")
    with pytest.raises(ValueError, match=r"worker 'gw0; DROP'"):
        postgres.worker_database("gw0; DROP")


def _script(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", str(SCRIPT), *arguments], capture_output=True, text=True, timeout=120, check=False)


def test_the_script_starts_a_server_that_answers_and_stop_removes_it() -> None:
    if postgres.installed_bin() is None and not postgres.required():
        pytest.skip("no PostgreSQL 15 or later under /usr/lib/postgresql (./scripts/test installs it)")
    folder = Path(tempfile.mkdtemp(prefix="ecarnet-pg-test-"))
    try:
        started = _script("start", str(folder))
        assert started.returncode == 0, started.stderr
        assert re.fullmatch(r"postgresql\+psycopg://postgres@127\.0\.0\.1:\d+/postgres\n", started.stdout)
        url = make_url(started.stdout.strip())
        assert url.port is not None
        engine = create_engine(url, poolclass=NullPool)
        with engine.connect() as connection:
            assert connection.execute(text("SELECT 1")).scalar_one() == 1
            assert connection.execute(text("SHOW max_connections")).scalar_one() == "300"
            assert connection.execute(text("SHOW fsync")).scalar_one() == "off"
        engine.dispose()

        stopped = _script("stop", str(folder))
        assert (stopped.returncode, stopped.stdout, stopped.stderr) == (0, "", "")
        assert not folder.exists()
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection(("127.0.0.1", url.port), timeout=5).close()
    finally:
        if folder.exists():
            _script("stop", str(folder))
            shutil.rmtree(folder, ignore_errors=True)


def test_stop_leaves_a_folder_start_did_not_make(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")
    stopped = _script("stop", str(tmp_path))
    assert stopped.returncode == 1
    assert stopped.stderr == (f"scripts/postgres: {tmp_path} was not made by 'scripts/postgres start': "
                              "it is left as it is.\n")
    assert (tmp_path / "keep.txt").read_text(encoding="utf-8") == "mine"
