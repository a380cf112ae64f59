"""The office chosen at sign-in is the central's: the desk asks it to bind the session there, and every request of
the session then acts at that office (a request naming another is refused by the central, not by the desk)."""

from __future__ import annotations

from ecarnet_tui.settings import Settings
from reference_central.demo.identity import DEMO_WORKSTATION_ID
from reference_central.identity import records as ids
from tests.central_world import World
from tests.ui.harness import screen_text
from tests.ui.sign_in_harness import sign_in_as, unsigned_desk
from tests.ui.waiting import until

SIZE = (80, 24)
CLASSROOM = Settings(central_kind="training")
"""A workstation set for a training central, as the demo central is."""


async def test_the_office_chosen_at_sign_in_is_where_the_central_binds_the_session(demo_world: World) -> None:
    app = unsigned_desk(demo_world, settings=CLASSROOM)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_as(pilot, app, demo_world, "officer.ch", office="bardonnex")
        assert app.desk.office_id == "bardonnex"
        session = app.desk.session
        assert session is not None and session.me.office.office_id == "bardonnex"
        await until(pilot, lambda: "Bardonnex" in screen_text(app))
        me = await app.desk.central.me()
        assert me.office.office_id == "bardonnex"
        with demo_world.store.transaction() as db:  # the desk's session, as the central keeps it
            [live] = [s for s in ids.live_sessions(db, "officer.ch", demo_world.clock())
                      if s.workstation_id == DEMO_WORKSTATION_ID]
        assert live.offices == ("bardonnex",)


async def test_staying_at_the_workstations_office_asks_nothing_more(demo_world: World) -> None:
    app = unsigned_desk(demo_world, settings=CLASSROOM)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_as(pilot, app, demo_world, "officer.ch")
        me = await app.desk.central.me()
        assert me.office.office_id == app.desk.office_id == "gva-airport"
