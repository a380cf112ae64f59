"""Step 2 judges where the carnet may be used, as it judges expiry: a carnet whose Box P excludes the office's
customs territory, or a home-territory transaction presented abroad, stops at step 2 with the reason on top and
Ctrl+N going nowhere; nothing reaches the central."""

from __future__ import annotations

from textual.widgets import Static

from carnet_domain.transaction_types import TransactionType as T
from ecarnet_tui.screens.wizard.check_carnet import CheckCarnetScreen
from reference_central.demo.seed import demo_codes
from tests.api.helpers import fresh_code, history_of
from tests.central_world import World, make_carnet
from tests.ui.harness import message, on_step, scan, signed_in, workstation
from tests.ui.waiting import until


async def test_a_carnet_whose_box_p_excludes_switzerland_stops_at_step_2(demo_world: World) -> None:
    code = next(c.transaction_code for c in demo_codes(demo_world.store) if c.trainee == 0 and c.carnet_id == "120018")
    app = workstation(demo_world, training=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in(pilot, app)
        await scan(pilot, app, "120018", code)
        await on_step(pilot, app, CheckCarnetScreen)
        stop = app.screen.query_one("#stop", Static)
        assert stop.display
        assert "not valid in Switzerland" in str(stop.render())
        assert stop.region.y < 8, "the reason is at the top of the step, not below the fold"
        await pilot.press("ctrl+n")
        await until(pilot, lambda: "not valid in Switzerland" in message(app))
        assert isinstance(app.screen, CheckCarnetScreen)  # Ctrl+N goes nowhere
    assert T.IMPORTATION not in [t.type for t in history_of(demo_world, "120018")]


async def test_a_home_territory_transaction_presented_abroad_stops_at_step_2(world: World) -> None:
    carnet = world.add_carnet(make_carnet("9401", "EU-T9401", home="EU"))
    code = fresh_code()
    world.declare(carnet, T.VALIDATION, code)
    app = workstation(world)  # officer.ch at Genève Aéroport: Switzerland is not the carnet's home
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in(pilot, app)
        await scan(pilot, app, carnet.carnet_id, code)
        await on_step(pilot, app, CheckCarnetScreen)
        stop = str(app.screen.query_one("#stop", Static).render())
        assert "Only the customs of" in stop and "home territory" in stop
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, CheckCarnetScreen)
    assert history_of(world, carnet.carnet_id) == []
