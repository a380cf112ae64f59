"""Demo tooling never touches a live central's database: ``demo-codes``, ``demo reset`` and ``serve --demo``, the
embedded demo central and the seeding functions refuse it before writing a byte, and leave the file (and its -wal
and -shm) exactly as they were. A demo database of the release before identity is still a training database, and
the demo and live databases have different default paths."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest

from reference_central import records
from reference_central.cli import main
from reference_central.clock import SettableClock
from reference_central.database_kind import KIND_META, LIVE, TRAINING, LiveDatabase, kind_at, mark
from reference_central.demo.identity import DEMO_WORKSTATION_KEY
from reference_central.demo.seed import seed_demo
from reference_central.identity.passwords import CHEAP_PROFILE
from reference_central.identity.schema import IDENTITY_TABLES
from reference_central.locations import demo_db_path, live_db_path
from reference_central.server import BackgroundCentral, ensure_demo, reset_demo, start_demo_central
from reference_central.service import Central
from reference_central.store import Store
from tests.conftest import PostgresDatabases
from tests.sign_in_steps import demo_session

CENTRAL = [sys.executable, "-m", "reference_central.cli"]
PASSWORD = "granite lantern orbit 47"
ADMIN = ["admin", "create", "root", "--name", "Root Admin", "--office", "gva", "--region", "ch-ge", "--country", "CH",
         "--territory", "CH", "--timezone", "Europe/Zurich", "--password-stdin"]
REFUSED = "is a live central's database: demo tooling never changes it"
NOW = datetime(2027, 3, 9, 10, 0, tzinfo=UTC)
ZURICH = ZoneInfo("Europe/Zurich")


def _env(home: Path) -> dict[str, str]:
    """This machine as seen by a process whose home and XDG folders are all under ``home``."""
    folders = {"HOME": home, "XDG_DATA_HOME": home / "data", "XDG_CONFIG_HOME": home / "config",
               "XDG_STATE_HOME": home / "state", "XDG_CACHE_HOME": home / "cache"}
    return {**os.environ, **{name: str(path) for name, path in folders.items()}}


def _central(env: dict[str, str], *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CENTRAL, *args], env=env, input=stdin, capture_output=True, text=True, timeout=120)


def _files(db: Path) -> dict[str, bytes]:
    """The database and whatever journal lies beside it, byte for byte."""
    found = (db.with_name(db.name + tail) for tail in ("", "-wal", "-shm", "-journal"))
    return {path.name: path.read_bytes() for path in found if path.exists()}


@pytest.fixture(scope="module")
def made_live(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A live database as the server's console makes it: its first admin, at an office of its own."""
    folder = tmp_path_factory.mktemp("live")
    db = folder / "central.sqlite3"
    made = _central(_env(folder), "--db", str(db), *ADMIN, stdin=PASSWORD + "\n")
    assert made.returncode == 0, made.stderr
    return db


@pytest.fixture
def live(made_live: Path, tmp_path: Path) -> Path:
    """A copy of that live database, closed (no -wal or -shm beside it)."""
    db = tmp_path / "live.sqlite3"
    shutil.copyfile(made_live, db)
    assert set(_files(db)) == {"live.sqlite3"}
    return db


def test_reading_what_kind_a_database_is_writes_nothing(live: Path) -> None:
    before = _files(live)
    assert kind_at(live) == LIVE
    assert _files(live) == before


@pytest.mark.parametrize("command", [
    ["demo-codes"], ["demo-codes", "--json"], ["demo-codes", "--qr", "{qr}"], ["demo", "reset"],
    ["demo", "reset", "--trainees", "3"], ["serve", "--demo", "--port", "0"],
], ids=" ".join)
def test_demo_commands_refuse_a_live_database_and_leave_it_byte_for_byte(
    live: Path, tmp_path: Path, command: list[str],
) -> None:
    before = _files(live)
    qr = tmp_path / "sheets"
    run = _central(_env(tmp_path), "--db", str(live), *[part.format(qr=qr) for part in command])
    assert run.returncode == 3, run.stderr
    assert f"Refused: {live} {REFUSED}" in run.stderr and "Nothing was changed." in run.stderr
    assert run.stdout == ""
    assert _files(live) == before  # no -wal or -shm appeared, not a byte changed
    assert not qr.exists()


def test_a_database_a_live_central_is_serving_is_refused_too(tmp_path: Path) -> None:
    """Marked live a moment ago by the central serving it, its mark still in the write-ahead log."""
    db = tmp_path / "served.sqlite3"
    store = Store(db)
    mark(store, LIVE)
    with BackgroundCentral(Central(store)):
        assert db.with_name(db.name + "-wal").exists()
        assert kind_at(db) == LIVE
        assert main(["--db", str(db), "demo", "reset"]) == 3
        with pytest.raises(LiveDatabase):
            start_demo_central(db, profile=CHEAP_PROFILE)
        with store.transaction() as dbc:
            assert records.carnets(dbc) == [] and records.accounts(dbc) == []
    store.close()


@pytest.mark.parametrize("command", [["demo", "reset"], ["demo-codes"], ["serve", "--demo", "--port", "0"]],
                         ids=" ".join)
def test_demo_commands_refuse_a_live_postgresql_database_naming_it(
    postgres_databases: PostgresDatabases, tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str],
) -> None:
    store = Store(postgres_databases.emptied("isolation"), key_file=tmp_path / "central.key")
    mark(store, LIVE)
    try:
        assert main(["--db", store.url.render_as_string(hide_password=False), *command]) == 3
        assert f"Refused: {store.name} {REFUSED}" in capsys.readouterr().err
        with store.transaction() as db:
            assert records.carnets(db) == [] and records.accounts(db) == []
    finally:
        store.close()


def test_the_embedded_demo_central_refuses_a_live_database(live: Path) -> None:
    before = _files(live)
    with pytest.raises(LiveDatabase, match=REFUSED):
        start_demo_central(live, profile=CHEAP_PROFILE)
    assert _files(live) == before


def _dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def test_seeding_an_open_live_store_raises_and_changes_nothing(live: Path) -> None:
    before = _files(live)
    store = Store(live)
    dump = _dump(live)
    with pytest.raises(LiveDatabase):
        seed_demo(store, NOW, profile=CHEAP_PROFILE)
    with pytest.raises(LiveDatabase):
        reset_demo(store, NOW, 2, profile=CHEAP_PROFILE)
    with pytest.raises(LiveDatabase):
        ensure_demo(store, NOW, profile=CHEAP_PROFILE)
    assert _dump(live) == dump
    store.close()
    assert _files(live) == before


def test_a_file_that_is_no_database_is_left_alone(tmp_path: Path) -> None:
    notes = tmp_path / "notes.sqlite3"
    notes.write_text("not a database\n")
    assert main(["--db", str(notes), "demo", "reset"]) == 3
    with pytest.raises(LiveDatabase, match="not a central's database this user can read"):
        start_demo_central(notes, profile=CHEAP_PROFILE)
    assert notes.read_text() == "not a database\n"
    assert [p.name for p in tmp_path.iterdir()] == ["notes.sqlite3"]


# --- A demo database of the release before identity ------------------------------------------------------


def _as_the_earlier_release(db: Path) -> None:
    """What the release before identity left: ``meta training=1`` and its demo tokens, no ``database_kind``, no
    credentials, workstations or sessions."""
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("DELETE FROM meta WHERE key = ?", (KIND_META,))
        conn.execute("DROP TABLE alembic_version")  # it kept no schema version either
        for table in IDENTITY_TABLES:
            conn.execute(f"DROP TABLE {table}")
        conn.execute("CREATE TABLE tokens (token_hash TEXT PRIMARY KEY, account_id TEXT NOT NULL, "
                     "created_at TEXT NOT NULL)")
        conn.execute("INSERT INTO tokens VALUES ('0f1e', 'officer.ch', ?)", (NOW.isoformat(),))
        conn.execute("INSERT INTO meta VALUES ('demo_tokens', '{\"officer.ch\": \"ect_training_x\"}')")
    conn.close()


def test_a_demo_database_of_the_earlier_release_is_still_training_and_its_accounts_sign_in(tmp_path: Path) -> None:
    db = tmp_path / "demo-central.sqlite3"
    store = Store(db)
    reset_demo(store, NOW, zone=ZURICH, profile=CHEAP_PROFILE)  # seeded earlier on the same training day
    store.close()
    _as_the_earlier_release(db)
    assert kind_at(db) == TRAINING

    server = start_demo_central(db, SettableClock(NOW), profile=CHEAP_PROFILE)
    try:
        with httpx.Client(base_url=server.url) as http:
            session = demo_session(http, "officer.ch", DEMO_WORKSTATION_KEY)
            assert session.me.account.account_id == "officer.ch" and session.offline is not None
    finally:
        server.stop()
    assert kind_at(db) == TRAINING
    reopened = Store(db)
    assert reopened.get_meta(KIND_META) == TRAINING
    reopened.close()


def test_the_demo_commands_take_a_demo_database_of_the_earlier_release(tmp_path: Path) -> None:
    db = tmp_path / "old-demo.sqlite3"
    store = Store(db)
    seed_demo(store, NOW, profile=CHEAP_PROFILE)
    store.close()
    _as_the_earlier_release(db)
    assert main(["--db", str(db), "demo", "reset", "--trainees", "1"]) == 0
    assert kind_at(db) == TRAINING


# --- Default paths ----------------------------------------------------------------------------------------


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    env = _env(tmp_path / "home")
    for name in ("HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(name, env[name])
    return env


def test_the_demo_and_live_databases_have_different_default_paths(home: dict[str, str]) -> None:
    data = Path(home["XDG_DATA_HOME"])
    demo, live = demo_db_path(), live_db_path()
    assert demo != live and demo.parent != live.parent
    assert demo.is_relative_to(data) and live.is_relative_to(data)

    made = _central(home, *ADMIN, stdin=PASSWORD + "\n")  # no --db: the live database
    assert made.returncode == 0, made.stderr
    assert f"in {live} (a live database)" in made.stdout
    assert live.is_file() and not demo.exists()
    before = _files(live)

    codes = _central(home, "demo-codes", "--json")  # no --db: the demo database, never the live one
    assert codes.returncode == 0, codes.stderr
    assert f"Demo codes from {demo}" in codes.stderr
    assert kind_at(demo) == TRAINING and kind_at(live) == LIVE
    assert _files(live) == before
