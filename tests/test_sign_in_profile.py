"""``benchmarks/sign_in.py`` measures the Argon2id profile the central uses by default, and the tests' worlds hash
with the cheap one (a real central per test cannot spend 64 MiB and a tenth of a second per password)."""

from __future__ import annotations

from pathlib import Path

from argon2 import extract_parameters

from benchmarks.sign_in import PROFILE
from reference_central.identity import records as ids
from reference_central.identity.passwords import CHEAP_PROFILE, DEFAULT_PROFILE
from reference_central.service import Central
from reference_central.store import Store
from tests.central_world import start_world
from tests.conftest import NOW


def test_the_benchmark_measures_the_centrals_default_profile_and_the_test_worlds_use_the_cheap_one(
    tmp_path: Path,
) -> None:
    assert PROFILE == DEFAULT_PROFILE != CHEAP_PROFILE
    assert Central(Store(":memory:")).profile == PROFILE  # what a central uses unless told otherwise

    world = start_world(tmp_path / "central.sqlite3", NOW)
    try:
        assert world.server.central.profile == CHEAP_PROFILE
        with world.store.transaction() as db:
            stored = extract_parameters(ids.credentials(db, "officer.ch").password_hash)
        assert (stored.time_cost, stored.memory_cost, stored.parallelism) == (
            CHEAP_PROFILE.time_cost, CHEAP_PROFILE.memory_kib, CHEAP_PROFILE.parallelism)
    finally:
        world.server.stop()
        world.store.close()
