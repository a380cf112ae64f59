"""What the administration screens' tests share: opening one through the navigator, reading its rows' keys, and
filling a form's fields as an officer would have typed them."""

from __future__ import annotations

from typing import Any, TypeVar

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select

from ecarnet_tui.app import EcarnetApp
from ecarnet_tui.screens.admin.admin_list import AdminListScreen
from ecarnet_tui.screens.common.places import Place
from ecarnet_tui.screens.dialogs.record_form import RecordFormDialog
from tests.ui.harness import on_step, open_place, signed_in
from tests.ui.waiting import until

S = TypeVar("S", bound=AdminListScreen[Any])


async def open_admin(pilot: Pilot[Any], app: EcarnetApp, place: Place, kind: type[S]) -> S:
    await signed_in(pilot, app)
    open_place(app, place)
    await on_step(pilot, app, kind)
    screen = app.screen
    assert isinstance(screen, kind)
    return screen


def rows(screen: AdminListScreen[Any]) -> list[str]:
    """The keys of the rows the table shows, in order."""
    return [str(row.key.value) for row in screen.query_one(f"#{screen.TABLE_ID}", DataTable).ordered_rows]


async def fill(pilot: Pilot[Any], app: EcarnetApp, values: dict[str, str]) -> RecordFormDialog:
    """The form dialog on top, with ``values`` in its fields (by field ID)."""
    await until(pilot, lambda: isinstance(app.screen, RecordFormDialog))
    dialog = app.screen
    assert isinstance(dialog, RecordFormDialog)
    for key, value in values.items():
        widget = dialog.query_one(f"#{key}")
        assert isinstance(widget, Input | Select)
        widget.value = value
    await pilot.pause()
    return dialog
