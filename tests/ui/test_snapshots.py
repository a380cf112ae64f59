"""Snapshots of the home list and every wizard step at 80×24, beside the tests that check what was recorded.

The central's clock is fixed, its verification codes come from a seeded generator and the time zone is
UTC, so each run draws the same screens. Update them after a deliberate change with
``pytest tests/ui/test_snapshots.py --snapshot-update`` and look at the report before committing.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import DataTable, Input

from carnet_domain.transaction import GoodsDeclaration
from carnet_domain.transaction_types import TransactionType as T
from central_contract.models import CommitRequest
from ecarnet_tui.app import EcarnetApp
from ecarnet_tui.screens.wizard.check_carnet import CheckCarnetScreen
from ecarnet_tui.screens.wizard.check_goods import CheckGoodsScreen
from ecarnet_tui.screens.wizard.commit import CommitScreen
from ecarnet_tui.screens.wizard.receipt import ReceiptScreen
from reference_central.demo.carnets import CCI_PARIS, ata, mini_pcs
from tests.central_world import World, repeatable_codes, start_world
from tests.conftest import NOW
from tests.ui.harness import on_step, retype, scan, signed_in, workstation
from tests.ui.waiting import until

Snap = Callable[..., bool]
CODE = "BCDFGHJKLNPR"


@pytest.fixture
def steady_world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    """A central whose every answer is the same from run to run, and a workstation in UTC."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    world = start_world(tmp_path / "central.sqlite3", NOW, codes=repeatable_codes("snapshots"))
    carnet = world.add_carnet(ata("424242", "FRSNAP0001", "EU", CCI_PARIS, CCI_PARIS, mini_pcs(), NOW.date()))
    world.declare(carnet, T.VALIDATION, "BBBBBBBBBBBB")
    world.declare(carnet, T.EXPORTATION, "CCCCCCCCCCCC", "1-13")
    world.declare(carnet, T.IMPORTATION, CODE, "1-13", means_of_transport="Air", place_of_use="Palexpo")
    yield world
    world.server.stop()
    world.store.close()
    monkeypatch.undo()
    time.tzset()


async def _exported(world: World) -> None:
    fr = world.client("officer.fr")
    for code, kind, declared in (("BBBBBBBBBBBB", T.VALIDATION, ""), ("CCCCCCCCCCCC", T.EXPORTATION, "1-13")):
        await fr.commit(CommitRequest(carnet_id="424242", transaction_code=code, type=kind,
                                      goods=GoodsDeclaration(declared_goods=declared)), f"snap-{code}")
    await fr.aclose()


def _driver(world: World, app: EcarnetApp, upto: type[Screen[Any]] | None) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def run_before(pilot: Pilot[Any]) -> None:
        await _exported(world)
        await signed_in(pilot, app)
        if upto is None:
            ch = world.client("officer.ch")
            await ch.commit(CommitRequest(carnet_id="424242", transaction_code=CODE, type=T.IMPORTATION,
                                          goods=GoodsDeclaration(declared_goods="1-13")), "snap-import")
            await ch.aclose()
            app.navigator.scan.load_transactions()
            await until(pilot, lambda: app.navigator.scan.page is not None and app.navigator.scan.page.total == 1)
            await app.workers.wait_for_complete()  # the page loaded at sign-in may still come in and redraw
            table = app.navigator.scan.query_one("#last-transactions", DataTable)
            # The table measures new rows when idle: wait for the Type column to fit "Importation".
            await until(pilot, lambda: table.ordered_columns[2].content_width >= len("Importation"))
            await _steady_cursor(pilot, app)
            return
        await scan(pilot, app, "FRSNAP0001", CODE)
        for screen in (CheckCarnetScreen, CheckGoodsScreen, CommitScreen, ReceiptScreen):
            await on_step(pilot, app, screen)
            if screen is CommitScreen:
                await retype(pilot, app, "#customs_reference", "GVA-2026-118")
            if screen is upto:
                break
            await pilot.press("ctrl+n")
        await _steady_cursor(pilot, app)

    return run_before


async def _steady_cursor(pilot: Pilot[Any], app: EcarnetApp) -> None:
    """The focused input's cursor blinks twice a second: shown steadily, every run draws the same frame."""
    for box in app.screen.query(Input):
        box.cursor_blink = False
    await pilot.pause()


@pytest.mark.parametrize(
    "upto", [None, CheckCarnetScreen, CheckGoodsScreen, CommitScreen, ReceiptScreen],
    ids=["home", "step2-check-carnet", "step3-check-goods", "step4-commit", "step5-receipt"],
)
def test_screens_at_80x24(steady_world: World, snap_compare: Snap, upto: type[Screen[Any]] | None) -> None:
    app = workstation(steady_world)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_driver(steady_world, app, upto))
