"""The customs regions screen against a real central, at 80×24: an Admin creates a region (a bad country code is
said in the form and nothing is sent), changes its name, deletes it while empty, and is refused deleting a region
with offices; only an Admin is offered the screen, and a Regional manager opening it anyway is refused creating."""

from __future__ import annotations

from typing import Any

from carnet_domain.organisation import Role
from ecarnet_tui.navigation.navigator import entries_for
from ecarnet_tui.screens.admin.regions import RegionsScreen
from ecarnet_tui.screens.common.places import Place
from ecarnet_tui.screens.dialogs.confirm import ConfirmDialog
from reference_central import records
from tests.central_world import World
from tests.ui.admin_harness import fill, open_admin, rows
from tests.ui.harness import message, screen_text, workstation
from tests.ui.waiting import until

SIZE = (80, 24)


def stored(world: World, region_id: str) -> Any:
    with world.store.transaction() as db:
        return records.region(db, region_id)


async def test_an_admin_creates_changes_and_deletes_a_region(world: World, close_clients: None) -> None:
    app = workstation(world, "admin")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_admin(pilot, app, Place.REGIONS, RegionsScreen)
        await until(pilot, lambda: {"ch-geneve", "fr-idf"} <= set(rows(screen)))

        await pilot.press("ctrl+n")
        await fill(pilot, app, {"region_id": "ch-vaud", "name": "Vaud", "country": "Suisse", "territory": "CH"})
        await pilot.press("ctrl+n")
        await until(pilot, lambda: "two-letter code" in screen_text(app))  # said in the form, nothing sent
        assert stored(world, "ch-vaud") is None
        await fill(pilot, app, {"country": "ch"})
        await pilot.press("ctrl+n")
        await until(pilot, lambda: rows(screen) == ["ch-vaud"])
        assert (stored(world, "ch-vaud").country, stored(world, "ch-vaud").territory) == ("CH", "CH")

        await pilot.press("ctrl+e")
        await fill(pilot, app, {"name": "Vaud et Valais"})
        await pilot.press("ctrl+n")
        await until(pilot, lambda: stored(world, "ch-vaud").name == "Vaud et Valais")

        await pilot.press("delete")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await until(pilot, lambda: stored(world, "ch-vaud") is None)

        screen.search.value = "ch-geneve"  # it has offices and accounts
        await until(pilot, lambda: rows(screen) == ["ch-geneve"])
        screen.table.focus()
        await pilot.press("delete")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await until(pilot, lambda: "move or delete them first" in message(app))
        assert stored(world, "ch-geneve") is not None


async def test_only_an_admin_manages_regions(world: World, close_clients: None) -> None:
    assert [Place.REGIONS in {e.place for e in entries_for(role)} for role in Role] == [
        role is Role.ADMIN for role in Role]
    app = workstation(world, "manager.ch")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_admin(pilot, app, Place.REGIONS, RegionsScreen)  # reached anyway: the central decides
        await until(pilot, lambda: rows(screen) == ["ch-geneve"])  # the manager's own region only
        await pilot.press("ctrl+n")
        await fill(pilot, app, {"region_id": "ch-vaud", "name": "Vaud", "country": "CH"})
        await pilot.press("ctrl+n")
        await until(pilot, lambda: "role does not allow" in message(app))
        assert stored(world, "ch-vaud") is None
