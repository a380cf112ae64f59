"""F1 shows the help of the screen the officer is on, every desk screen has its own; on the supervisor's desk typing
after switching tabs with the arrow keys goes into the tab's field, and Escape in a field leaves the field first."""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Label, Static, TabbedContent

import ecarnet_tui.screens
from ecarnet_tui.app import EcarnetApp
from ecarnet_tui.screens.common.workstation import WorkstationScreen
from ecarnet_tui.screens.desk.holds import HoldsScreen
from ecarnet_tui.screens.desk.supervisor import SupervisorDeskScreen
from ecarnet_tui.screens.dialogs.help import HelpDialog
from tests.central_world import World
from tests.ui.harness import signed_in, workstation
from tests.ui.test_logs import open_logs
from tests.ui.test_supervisor_desk import open_desk
from tests.ui.waiting import until


def all_screens() -> list[type[WorkstationScreen]]:
    for module in pkgutil.walk_packages(ecarnet_tui.screens.__path__, "ecarnet_tui.screens."):
        importlib.import_module(module.name)  # every screen module, not only those another test imported
    found: list[type[WorkstationScreen]] = []
    todo = [WorkstationScreen]
    while todo:
        for sub in todo.pop().__subclasses__():
            found.append(sub)
            todo.append(sub)
    return found


ABSTRACT = {"TableScreen", "LogsExports", "AdminListScreen"}
"""Bases that are never shown themselves."""


def test_every_screen_of_the_workstation_has_its_own_help() -> None:
    screens = [s for s in all_screens() if s.__name__ not in ABSTRACT and s.__module__.startswith("ecarnet_tui.")]
    assert len(screens) >= 18
    missing = [s.__name__ for s in screens if s.help_text is WorkstationScreen.help_text]
    assert missing == []


async def help_shown(pilot: Pilot[Any], app: EcarnetApp) -> str:
    await pilot.press("f1")
    await until(pilot, lambda: isinstance(app.screen, HelpDialog))
    dialog = app.screen
    text = "\n".join(str(w.render()) for w in dialog.query(Label)) + "\n" + \
        "\n".join(str(w.render()) for w in dialog.query(Static))
    await pilot.press("escape")
    await until(pilot, lambda: app.screen is not dialog)
    return text


async def test_f1_on_the_supervisors_desk_and_the_logs_shows_their_own_help(demo_world: World) -> None:
    app = workstation(demo_world, "controller.ch", training=True)
    async with app.run_test(size=(80, 24)) as pilot:
        desk = await open_desk(pilot, app)
        text = await help_shown(pilot, app)
        assert "The supervisor's desk" in text and "Ctrl+T: of the whole region" in text
        assert "Step 1" not in text
        desk.query_one("#desk-tabs", TabbedContent).active = "tab-audit"
        await until(pilot, lambda: desk.tab == "tab-audit")
        assert "audit trail, newest first" in await help_shown(pilot, app)
        await pilot.press("escape", "escape")
        await until(pilot, lambda: app.screen is app.navigator.scan)

        await open_logs(pilot, app)
        text = await help_shown(pilot, app)
        assert text.startswith("Logs") and "F8 exports the chosen carnet's transactions" in text

        await pilot.press("escape")
        await until(pilot, lambda: app.screen is app.navigator.scan)
        await pilot.press("ctrl+o")
        await until(pilot, lambda: isinstance(app.screen, HoldsScreen))
        assert "Carnets on hold at this office" in await help_shown(pilot, app)


async def test_typing_after_switching_tabs_with_the_arrows_goes_to_the_account_field(demo_world: World) -> None:
    app = workstation(demo_world, "controller.ch", training=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in(pilot, app)
        desk = await open_desk(pilot, app)
        desk.query_one("#desk-holds-table", DataTable).focus()
        await pilot.press("shift+tab")  # the tab bar
        await until(pilot, lambda: type(app.focused).__name__ == "ContentTabs")
        await pilot.press("right", "right", "right")  # Holds → Offline queue → Shift → Audit trail
        await until(pilot, lambda: desk.tab == "tab-audit")
        await pilot.press(*"officer.ch")
        field = desk.query_one("#audit-account", Input)
        await until(pilot, lambda: field.value == "officer.ch")
        await pilot.press("enter")
        heading = desk.query_one("#desk-audit-heading", Static)
        await until(pilot, lambda: "officer.ch" in str(heading.render()))
        # Escape in the field leaves the field, not the desk; nothing typed is lost; a second Escape goes back.
        await pilot.press("escape")
        await until(pilot, lambda: app.focused is desk.query_one("#desk-audit-table", DataTable))
        assert app.screen is desk and field.value == "officer.ch"
        # Typing on the list goes into the field too, after what is there.
        await pilot.press(*"x")
        await until(pilot, lambda: field.value == "officer.chx")
        await pilot.press("escape", "escape")
        await until(pilot, lambda: app.screen is app.navigator.scan)
        assert isinstance(desk, SupervisorDeskScreen)
