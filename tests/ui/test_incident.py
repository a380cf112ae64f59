"""A failure of the central (a 500, a bug) gives the officer the incident number the central logged it under, to
quote to the help desk (docs/api.md, "Errors")."""

from __future__ import annotations

import logging
import re

import pytest

from carnet_domain.transaction_types import TransactionType as T
from ecarnet_tui.app import EcarnetApp
from tests.api.helpers import fresh_code
from tests.central_world import World, make_carnet
from tests.ui.harness import scan, screen_text, signed_in, workstation
from tests.ui.waiting import until


def words(app: EcarnetApp) -> str:
    return " ".join(screen_text(app).split())


async def test_the_officer_is_given_the_incident_number_of_a_failure(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR, logger="reference_central")
    carnet = world.add_carnet(make_carnet("9131", "CHPT00009131"))
    code = fresh_code()
    world.declare(carnet, T.VALIDATION, code)
    with world.store.transaction() as db:
        db.execute("DROP TABLE holds")  # what a lookup reads: it fails
    app = workstation(world, "officer.ch")
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in(pilot, app)
        await scan(pilot, app, carnet.number, code)
        await until(pilot, lambda: "incident number" in words(app))
        shown = re.search(r"incident number: ([0-9a-f]{10})\.", words(app))
    assert shown is not None
    logged = [r for r in caplog.records if r.name == "reference_central" and shown.group(1) in r.getMessage()]
    assert len(logged) == 1 and logged[0].exc_info is not None
