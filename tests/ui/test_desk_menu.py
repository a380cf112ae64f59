"""Ctrl+D at step 1: each role is offered what the role matrix allows it, and each entry opens its screen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.screen import Screen
from textual.widgets import OptionList

from ecarnet_tui.app import EcarnetApp
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
from ecarnet_tui.screens.training.grid import ClassGridScreen
from ecarnet_tui.settings import Settings
from tests.central_world import World
from tests.ui.classroom_harness import classroom
from tests.ui.harness import on_step, signed_in, workstation
from tests.ui.waiting import until

SIZE = (100, 32)
SCREENS: dict[str, type[Screen[Any]]] = {
    "predeclarations": PreDeclarationsScreen, "transits": TransitScreen, "vehicles": VehicleFileScreen,
    "supervisor": SupervisorDeskScreen, "logs": LogsScreen, "accounts": AccountsScreen,
    "offices": OfficesScreen, "workstations": WorkstationsScreen, "statistics": StatisticsScreen,
    "class": ClassGridScreen,
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
    await _offered(workstation(world, account), offered)


async def test_a_trainer_is_offered_the_class(tmp_path: Path) -> None:
    """The trainer exists only on a training central, seeded with a classroom."""
    with classroom(tmp_path, trainees=1) as world:
        await _offered(workstation(world, "trainer", settings=Settings(central_kind="training")),
                       ["predeclarations", "transits", "vehicles", "class"])


async def _offered(app: EcarnetApp, offered: list[str]) -> None:
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
