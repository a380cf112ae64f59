"""Transit monitoring (guide lines 2766-2787) in Pilot against the real central: the three states, each with its
colour and its words, the guide's columns, and Enter for the transit open details."""

from __future__ import annotations

from datetime import timedelta

from rich.text import Text
from textual.widgets import DataTable, Static

from carnet_domain.transaction_types import TransactionType as T
from ecarnet_tui.formats import local_time
from ecarnet_tui.screens.common.places import Place
from ecarnet_tui.screens.desk.transit import TransitDetailsScreen
from ecarnet_tui.screens.desk.transits import TransitScreen
from tests.api.shift_world import commit, validated_in_france
from tests.central_world import World
from tests.ui.harness import open_place, signed_in, workstation
from tests.ui.waiting import until

SIZE = (100, 30)
COLUMNS = [
    "Indicators", "Carnet number", "Carnet ID", "Carnet type", "Transit open date", "Declared transit open goods",
    "Country of transit open", "Customs office of transit open", "Customs reference of transit open",
    "Transit close date", "Declared transit close goods", "Country of transit close",
    "Customs office of transit close", "Customs reference of transit close",
]


async def test_each_state_with_its_colour_and_words_and_the_details(world: World, close_clients: None) -> None:
    ch, admin_at_basel = world.client("officer.ch"), world.client("admin", "basel-rhein")
    today = world.clock().date()
    expiring = await validated_in_france(world, "9501", "EU-TR9501")
    running = await validated_in_france(world, "9502", "EU-TR9502")
    closing = await validated_in_france(world, "9503", "EU-TR9503")
    first = await commit(world, ch, expiring, T.TRANSIT_OPEN, "1-5", final_date=today + timedelta(days=1),
                         reference="GVA-T-1")
    world.clock.advance(timedelta(minutes=1))
    await commit(world, ch, running, T.TRANSIT_OPEN, "1-20", final_date=today + timedelta(days=30),
                 reference="GVA-T-2")
    world.clock.advance(timedelta(minutes=1))
    await commit(world, ch, closing, T.TRANSIT_OPEN, "1-3", final_date=today + timedelta(days=2),
                 reference="GVA-T-3")
    world.clock.advance(timedelta(hours=5))
    closed = await commit(world, admin_at_basel, closing, T.TRANSIT_CLOSE, "1-3", office_id="basel-rhein",
                          reference="BSL-T-3")
    world.clock.advance(timedelta(days=3))  # the first transit's due date has passed

    app = workstation(world, "officer.ch")
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot, app)
        open_place(app, Place.TRANSITS)
        await until(pilot, lambda: isinstance(app.screen, TransitScreen) and bool(app.screen.query("#transits")))
        table = app.screen.query_one("#transits", DataTable)
        await until(pilot, lambda: table.row_count == 3)
        assert [str(c.label) for c in table.columns.values()] == COLUMNS
        rows = [table.get_row_at(n) for n in range(3)]
        assert [str(r[1]) for r in rows] == ["EU-TR9503", "EU-TR9502", "EU-TR9501"]  # newest opened first
        indicators = [r[0] for r in rows]
        assert all(isinstance(i, Text) for i in indicators)
        assert [str(i) for i in indicators] == [
            "● Transit closed in due time", "● Transit in progress", "● Transit expired"]
        colours = [{str(span.style) for span in i.spans} for i in indicators if isinstance(i, Text)]
        assert [any(name in style for style in spans) for name, spans in
                zip(("green", "dark_orange", "red"), colours, strict=True)] == [True, True, True]
        assert [str(cell) for cell in rows[0][2:]] == [
            "9503", "ATA", local_time(closed.occurred_at - timedelta(hours=5)), "1-3", "Switzerland",
            "Genève Aéroport", "GVA-T-3", local_time(closed.occurred_at), "1-3", "Switzerland",
            "Basel Rheinhafen", "BSL-T-3"]
        assert [str(cell) for cell in rows[2][9:]] == ["", "", "", "", ""]  # never closed

        table.move_cursor(row=2)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, TransitDetailsScreen))
        details = app.screen
        assert str(details.query_one("#transit-state", Static).render()) == "● Transit expired"
        opened = str(details.query_one("#transit-open", Static).render())
        assert "GVA-T-1" in opened
        assert first.verification_code in opened
        assert local_time(first.occurred_at) in opened
        assert (today + timedelta(days=1)).strftime("%d/%m/%Y") in str(
            details.query_one("#transit-carnet", Static).render())
        assert "Not closed yet" in str(details.query_one("#transit-close", Static).render())
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, TransitScreen))


async def test_an_office_of_another_territory_sees_none_of_them(world: World, close_clients: None) -> None:
    carnet = await validated_in_france(world, "9504", "EU-TR9504")
    await commit(world, world.client("officer.ch"), carnet, T.TRANSIT_OPEN, "1-5")
    app = workstation(world, "officer.gb")
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot, app)
        open_place(app, Place.TRANSITS)
        await until(pilot, lambda: isinstance(app.screen, TransitScreen) and bool(app.screen.query("#problem")))
        await until(pilot, lambda: "No transit" in str(app.screen.query_one("#problem", Static).render()))
        assert app.screen.query_one("#transits", DataTable).row_count == 0
