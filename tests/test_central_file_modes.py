"""The central's database holds password hashes, sealed authenticator secrets and the audit trail: it is created
readable by its owner only (0600, with its -wal and -shm, and its key file), and the folders the central creates
for it 0700, whatever the umask."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from reference_central.database_kind import LIVE, mark
from reference_central.identity.secret_box import key_path_for
from reference_central.service import Central
from reference_central.store import Store


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(params=[0o022, 0o002, 0o000, 0o277], ids=lambda m: f"umask {m:03o}")
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    """The process's umask for the test: the usual one, a lax one, none at all, and one that takes the owner's
    own write bit away."""
    before = os.umask(request.param)
    yield request.param
    os.umask(before)


def test_a_new_database_is_its_owners_only(tmp_path: Path, umask: int) -> None:
    db = tmp_path / "central" / "data" / "central.sqlite3"
    store = Store(db)
    mark(store, LIVE)  # a write: the -wal and -shm exist while the central runs
    Central(store)  # the key file of its sealed secrets, beside it
    try:
        assert _mode(db) == 0o600
        for tail in ("-wal", "-shm"):
            assert _mode(db.with_name(db.name + tail)) == 0o600, tail
        assert _mode(key_path_for(db)) & 0o077 == 0  # nobody but its owner reads the key
        assert _mode(db.parent) == _mode(db.parent.parent) == 0o700
    finally:
        store.close()
    assert Store(db).get_meta("database_kind") == LIVE  # and the owner can open it again


def test_an_existing_folder_and_database_keep_their_modes(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir(mode=0o750)
    os.chmod(folder, 0o750)
    db = folder / "central.sqlite3"
    Store(db).close()
    os.chmod(db, 0o640)  # the operator's choice: a backup group may read it
    Store(db).close()
    assert (_mode(folder), _mode(db)) == (0o750, 0o640)
