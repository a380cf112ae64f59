"""The schema's revisions: a database migrated from the earlier release has the tables a new one is made with; a
central refuses a database behind or ahead of its release and says what to run; the demo follows by itself."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from reference_central import records
from reference_central.cli import main
from reference_central.schema import metadata
from reference_central.schema_version import SchemaMismatch, check, head, state, upgrade
from reference_central.store import Store
from tests.test_previous_database import FIXTURE


def _differences(store: Store) -> list[object]:
    """What tells ``store``'s tables from :mod:`reference_central.schema`'s. SQLite let the earlier release's
    ``TEXT PRIMARY KEY`` columns hold NULL (a quirk of SQLite, never used): that alone is not a difference."""
    with store.engine.connect() as conn:
        found = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), metadata)
    keys = {(t.name, c.name) for t in metadata.sorted_tables for c in t.primary_key.columns}
    return [d for d in found
            if not (isinstance(d, list) and d[0][0] == "modify_nullable" and (d[0][2], d[0][3]) in keys)]


def test_the_migrated_earlier_release_has_the_tables_of_a_new_database(tmp_path: Path) -> None:
    old = tmp_path / "old.sqlite3"
    shutil.copyfile(FIXTURE, old)
    migrated = Store(old)
    assert state(migrated).current is None and not state(migrated).empty
    assert upgrade(migrated) == (None, head())
    new = Store(tmp_path / "new.sqlite3")  # made from the tables, stamped at the newest revision
    try:
        assert state(new).ready and state(migrated).ready
        assert _differences(new) == []
        assert _differences(migrated) == []
    finally:
        migrated.close()
        new.close()


def _stamp(path: Path, revision: str) -> None:
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE alembic_version SET version_num = ?", (revision,))
    conn.close()


def test_a_database_of_a_newer_release_is_refused_and_never_taken_back(tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "central.sqlite3"
    Store(path).close()
    _stamp(path, "9999")
    store = Store(path)
    try:
        with pytest.raises(SchemaMismatch, match="made by a newer release"):
            check(store)
        with pytest.raises(SchemaMismatch, match="cannot be taken back"):
            upgrade(store)
    finally:
        store.close()
    assert main(["--db", str(path), "serve", "--port", "9"]) == 2  # refused before listening
    assert "newer release" in capsys.readouterr().err
    assert main(["--db", str(path), "db", "upgrade"]) == 2
    assert main(["--db", str(path), "db", "status"]) == 1


def test_a_live_database_behind_is_refused_with_the_command_to_run(tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "central.sqlite3"
    shutil.copyfile(FIXTURE, path)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE meta SET value = 'live' WHERE key = 'database_kind'")  # the fixture as a live central
    conn.close()
    assert main(["--db", str(path), "serve", "--port", "9"]) == 2
    assert "run `ecarnet-central db upgrade`" in capsys.readouterr().err
    assert main(["--db", str(path), "workstation", "list"]) != 0
    assert "db upgrade" in capsys.readouterr().err
    assert main(["--db", str(path), "db", "upgrade"]) == 0
    assert main(["--db", str(path), "workstation", "list"]) == 0


def test_the_demo_database_of_the_earlier_release_upgrades_itself(tmp_path: Path) -> None:
    path = tmp_path / "demo.sqlite3"
    shutil.copyfile(FIXTURE, path)
    shutil.copyfile(f"{FIXTURE}.key", f"{path}.key")
    assert main(["--db", str(path), "demo-codes", "--json"]) == 0  # no question asked
    store = Store(path)
    try:
        assert state(store).ready
    finally:
        store.close()


def test_several_server_processes_need_postgresql(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(tmp_path / "central.sqlite3"), "serve", "--workers", "2"]) == 2
    assert "needs PostgreSQL" in capsys.readouterr().err


def _summaries(path: Path) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]], list[tuple[object, ...]]]:
    conn = sqlite3.connect(path)
    try:
        return tuple(  # type: ignore[return-value]
            conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
            for table in ("carnet_logs", "carnet_territories", "office_counts"))
    finally:
        conn.close()


def test_the_summaries_the_logs_read_are_made_again_from_the_records(tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "demo.sqlite3"
    assert main(["--db", str(path), "demo", "reset"]) == 0
    made = _summaries(path)
    assert all(made)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("DELETE FROM carnet_logs WHERE rowid % 2 = 0")
        conn.execute("DELETE FROM carnet_territories")
        conn.execute("UPDATE office_counts SET committed = 999")
    conn.close()
    assert _summaries(path) != made
    capsys.readouterr()
    assert main(["--db", str(path), "db", "rebuild-summaries"]) == 0
    assert f"the Logs' rows of {len(made[0])} carnets" in capsys.readouterr().out
    assert _summaries(path) == made


def test_the_upgrade_names_each_accounts_and_rejections_office_and_offices_read_with_the_guides_fields(
    tmp_path: Path,
) -> None:
    """Migration 0004: ``office_id`` beside the documents of accounts, rejections and vehicle records (what an
    office's deletion asks about), filled from them, blank by default; offices of the earlier release read with the
    guide's fields empty."""
    path = tmp_path / "old.sqlite3"
    shutil.copyfile(FIXTURE, path)
    store = Store(path)
    try:
        upgrade(store)
        with store.transaction() as db:
            offices = records.offices(db)
    finally:
        store.close()
    assert offices and all((o.types, o.address, o.phone, o.latitude) == ((), "", "", None) for o in offices)
    conn = sqlite3.connect(path)
    try:
        for table in ("accounts", "rejections", "vehicle_records"):
            [column] = [c for c in conn.execute(f"PRAGMA table_info({table})") if c[1] == "office_id"]
            assert (column[2], column[3], column[4]) == ("TEXT", 1, "''"), table  # type, NOT NULL, default
        for table in ("accounts", "rejections"):
            rows = conn.execute(f"SELECT office_id, doc FROM {table}").fetchall()
            assert rows, table
            assert all(office == json.loads(doc)["office_id"] != "" for office, doc in rows), table
        conn.execute("INSERT INTO vehicle_records (record_id, carnet_id, kind, doc) VALUES ('x', '1', 'seizure', '{}')")
        assert conn.execute("SELECT office_id FROM vehicle_records WHERE record_id = 'x'").fetchone() == ("",)
    finally:
        conn.close()
