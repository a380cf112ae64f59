"""The workstations screen against a real central, at 80×24: a Regional manager registers a workstation at an
office of the region, reads its key once (an officer then signs in with it there), and revokes it (the key no
longer works); an officer is not offered the screen."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Select

from carnet_domain.organisation import Role
from central_client.errors import CentralRefused
from ecarnet_tui.navigation.navigator import entries_for
from ecarnet_tui.screens.admin.workstations import WorkstationsScreen
from ecarnet_tui.screens.common.places import Place
from ecarnet_tui.screens.dialogs.confirm import ConfirmDialog
from ecarnet_tui.screens.dialogs.record_form import RecordFormDialog
from tests.central_world import World
from tests.queue.helpers import sign_in_at
from tests.ui.admin_harness import open_admin, rows
from tests.ui.harness import message, screen_text, workstation
from tests.ui.waiting import until

SIZE = (80, 24)


async def test_a_regional_manager_registers_and_revokes_a_workstation(world: World, close_clients: None) -> None:
    app = workstation(world, "manager.ch")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_admin(pilot, app, Place.WORKSTATIONS, WorkstationsScreen)
        await until(pilot, lambda: screen.items != [] or "No workstation" in screen_text(app))
        before = set(rows(screen))

        await pilot.press("ctrl+n")
        await until(pilot, lambda: isinstance(app.screen, RecordFormDialog))
        app.screen.query_one("#name", Input).value = "Bardonnex desk 2"
        app.screen.query_one("#office_id", Select).value = "bardonnex"
        await pilot.press("ctrl+n")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog) and "Key:" in screen_text(app))
        key = next(line for line in screen_text(app).splitlines() if "Key:" in line).split("Key:", 1)[1].split()[0]
        await pilot.press("y")
        await until(pilot, lambda: len(set(rows(screen)) - before) == 1 and len(rows(screen)) == 1)
        new_id = rows(screen)[0]
        assert "Key:" not in screen_text(app)  # shown once, in the dialog only

        _client, issued = await sign_in_at(world, key, "officer.ch")  # the key works at the workstation
        assert (issued.me.workstation_id, issued.me.office.office_id) == (new_id, "bardonnex")

        await pilot.press("ctrl+d")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await until(pilot, lambda: "revoked" in message(app) and "Revoked" in screen_text(app))
        with pytest.raises(CentralRefused, match="workstation"):
            await sign_in_at(world, key, "officer.ch")


def test_an_officer_is_not_offered_the_workstations() -> None:
    assert Place.WORKSTATIONS not in {entry.place for entry in entries_for(Role.OFFICER)}
    assert Place.WORKSTATIONS in {entry.place for entry in entries_for(Role.REGIONAL_MANAGER)}
