"""The customs offices screen against a real central, at 80×24: a Regional manager creates an office with the
guide's fields, changes it, deactivates it (a commit there is then refused, its history stays), activates it, and
deletes an office nothing was recorded at while one with transactions is refused; bad coordinates are said in the
form and nothing is sent; an officer is not offered the screen."""

from __future__ import annotations

from typing import Any

from carnet_domain.organisation import OfficeType, Role
from ecarnet_tui.navigation.navigator import entries_for
from ecarnet_tui.screens.admin.offices import OfficesScreen
from ecarnet_tui.screens.common.places import Place
from ecarnet_tui.screens.dialogs.ask import AskDialog
from ecarnet_tui.screens.dialogs.confirm import ConfirmDialog
from reference_central import records
from tests.central_world import World
from tests.ui.admin_harness import fill, open_admin, rows
from tests.ui.harness import message, screen_text, workstation
from tests.ui.waiting import until

SIZE = (80, 24)


def stored(world: World, office_id: str) -> Any:
    with world.store.transaction() as db:
        return records.office(db, office_id)


async def test_a_regional_manager_creates_changes_deactivates_and_deletes_an_office(
    world: World, close_clients: None,
) -> None:
    app = workstation(world, "manager.ch")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_admin(pilot, app, Place.OFFICES, OfficesScreen)
        await until(pilot, lambda: {"gva-airport", "bardonnex"} <= set(rows(screen)))
        assert "cdg" not in rows(screen)  # another region's office is not the manager's

        await pilot.press("ctrl+n")
        await fill(pilot, app, {"office_id": "gva-fret", "name": "Genève Fret", "type_airport": "yes",
                                "city": "Genève", "latitude": "46.2", "longitude": "200"})
        await pilot.press("ctrl+n")
        await until(pilot, lambda: "between -180 and 180" in screen_text(app))  # said in the form, nothing sent
        assert stored(world, "gva-fret") is None
        await fill(pilot, app, {"longitude": "6,109"})  # a decimal comma, as many keyboards type it
        await pilot.press("ctrl+n")
        await until(pilot, lambda: rows(screen) == ["gva-fret"])
        office = stored(world, "gva-fret")
        assert (office.region_id, office.timezone, office.types, office.city) == (
            "ch-geneve", "Europe/Zurich", (OfficeType.AIRPORT,), "Genève")
        assert (office.latitude, office.longitude) == (46.2, 6.109)

        await pilot.press("ctrl+e")
        await fill(pilot, app, {"opening_hours": "Mon-Fri 06:00-22:00", "type_land_port": "yes"})
        await pilot.press("ctrl+n")
        await until(pilot, lambda: stored(world, "gva-fret").opening_hours == "Mon-Fri 06:00-22:00")
        assert stored(world, "gva-fret").types == (OfficeType.AIRPORT, OfficeType.LAND_PORT)
        assert stored(world, "gva-fret").latitude == 46.2  # what was not changed stays

        await pilot.press("ctrl+d")
        await until(pilot, lambda: isinstance(app.screen, AskDialog))
        await pilot.press(*"moved to the airport", "enter")
        await until(pilot, lambda: stored(world, "gva-fret").active is False)
        await until(pilot, lambda: "Deactivated" in screen_text(app))
        await pilot.press("ctrl+d")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await until(pilot, lambda: stored(world, "gva-fret").active is True)

        await pilot.press("delete")  # nothing was ever recorded there: it goes
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await until(pilot, lambda: stored(world, "gva-fret") is None)
        await until(pilot, lambda: "deleted" in message(app))


async def test_an_office_with_history_is_not_deleted(world: World, close_clients: None) -> None:
    from carnet_domain.transaction_types import TransactionType as T
    from tests.api.test_eu_and_holds import commit, new_carnet

    await commit(world, world.client("officer.ch"), new_carnet(world), T.VALIDATION)
    app = workstation(world, "manager.ch")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_admin(pilot, app, Place.OFFICES, OfficesScreen)
        await until(pilot, lambda: "gva-airport" in rows(screen))
        screen.search.value = "gva-airport"
        await until(pilot, lambda: rows(screen) == ["gva-airport"])
        screen.table.focus()
        await pilot.press("delete")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await until(pilot, lambda: "deactivate it instead" in message(app))
        assert stored(world, "gva-airport") is not None


async def test_an_officer_is_not_offered_the_offices(world: World) -> None:
    assert Place.OFFICES not in {entry.place for entry in entries_for(Role.OFFICER)}
    assert Place.OFFICES in {entry.place for entry in entries_for(Role.ADMIN)}
