"""Ctrl+D at step 1: each role is offered what the role matrix allows it, and each entry opens its screen."""

from __future__ import annotations

from typing import Any

import pytest
from textual.screen import Screen
from textual.widgets import OptionList

from ecarnet_tui.screens.admin.accounts import AccountsScreen
from ecarnet_tui.screens.admin.offices import OfficesScreen
from ecarnet_tui.screens.admin.workstations import WorkstationsScreen
from ecarnet_tui.screens.desk.logs.screen import LogsScreen
from ecarnet_tui.screens.desk.predeclarations import PreDeclarationsScreen
from ecarnet_tui.screens.desk.statistics import StatisticsScreen
from ecarnet_tui.screens.desk.supervisor import SupervisorDeskScreen
from ecarnet_tui.screens.desk.transits import TransitScreen
from ecarnet_tui.screens.desk.vehicle_file import VehicleFileScreen
from ecarnet_tui.screens.dialogs.desk_menu import DeskMenu
from reference_central import records
from reference_central.demo.organisation import TRAINER_ACCOUNT
from tests.central_world import World, open_session
from tests.ui.harness import on_step, signed_in, workstation
from tests.ui.waiting import until

SIZE = (100, 32)
SCREENS: dict[str, type[Screen[Any]]] = {
    "predeclarations": PreDeclarationsScreen, "transits": TransitScreen, "vehicles": VehicleFileScreen,
    "supervisor": SupervisorDeskScreen, "logs": LogsScreen, "accounts": AccountsScreen,
    "offices": OfficesScreen, "workstations": WorkstationsScreen, "statistics": StatisticsScreen,
}


@pytest.mark.parametrize(
    ("account", "offered"),
    [
        ("officer.ch", ["predeclarations", "transits", "vehicles"]),
        ("controller.ch", ["predeclarations", "transits", "vehicles", "supervisor", "logs", "statistics"]),
        ("manager.ch", ["predeclarations", "transits", "vehicles", "supervisor", "statistics", "accounts",
                        "offices", "workstations"]),
    ],
)
async def test_each_role_is_offered_what_it_may_open(world: World, account: str, offered: list[str]) -> None:
    app = workstation(world, account)
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot, app)
        await pilot.press("ctrl+d")
        await until(pilot, lambda: isinstance(app.screen, DeskMenu))
        options = app.screen.query_one("#desk-entries", OptionList)
        keys = [options.get_option_at_index(i).id for i in range(options.option_count)]
        assert keys == offered
        for index, key in enumerate(offered):
            if index:
                await pilot.press("ctrl+d")
                await until(pilot, lambda: isinstance(app.screen, DeskMenu))
                await pilot.press(*["down"] * index)
            await pilot.press("enter")
            await on_step(pilot, app, SCREENS[key])
            await pilot.press("escape")
            await until(pilot, lambda: app.screen is app.navigator.scan)


async def test_escape_closes_the_menu(world: World) -> None:
    app = workstation(world)
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot, app)
        await pilot.press("ctrl+d")
        await until(pilot, lambda: isinstance(app.screen, DeskMenu))
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is app.navigator.scan)


async def test_a_trainer_is_offered_what_an_officer_is(world: World) -> None:
    """A classroom's trainer (seeded on a training central) processes carnets like an officer: the desk menu offers
    it an officer's entries, and nothing of the supervisors' or the managers'."""
    with world.store.transaction() as db:
        records.put_account(db, TRAINER_ACCOUNT)
    world.tokens["trainer"] = open_session(world.store, "trainer", world.clock())
    app = workstation(world, "trainer")
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot, app)
        await pilot.press("ctrl+d")
        await until(pilot, lambda: isinstance(app.screen, DeskMenu))
        options = app.screen.query_one("#desk-entries", OptionList)
        assert [options.get_option_at_index(i).id for i in range(options.option_count)] == [
            "predeclarations", "transits", "vehicles"]
