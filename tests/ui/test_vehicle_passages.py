"""A vehicle's passages at the desk, against the demo central's vehicle carnets at Bardonnex: a second entry
and its exit, a single-journey carnet refused a second entry, exits at D+14 with an explanation (accepted as
timely) and at D+15 (flagged for the controller), and a seizure by the authorities that moves D."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, Static

from carnet_domain.cpd.decision import CpdReason
from carnet_domain.transaction_types import TransactionType as T
from ecarnet_tui.app import EcarnetApp
from ecarnet_tui.screens.common.workstation import WorkstationScreen
from ecarnet_tui.screens.dialogs.ask import AskDialog
from ecarnet_tui.screens.wizard.check_carnet import CheckCarnetScreen
from ecarnet_tui.screens.wizard.check_vehicle import CheckVehicleScreen
from ecarnet_tui.screens.wizard.commit import CommitScreen
from ecarnet_tui.screens.wizard.receipt import ReceiptScreen
from ecarnet_tui.screens.wizard.scan import ScanScreen
from reference_central import records
from reference_central.demo.seed import demo_codes
from tests.api.helpers import history_of
from tests.central_world import World
from tests.ui.harness import choose_office, message, on_step, retype, scan, signed_in, workstation
from tests.ui.waiting import until

SIZE = (100, 40)
EXIT_IN_GRACE = "120022"
"""Entered 40 days before the demo's day with D ten days before it."""


def code_of(world: World, carnet_id: str, kind: T) -> str:
    return next(c.transaction_code for c in demo_codes(world.store)
                if c.trainee == 0 and c.carnet_id == carnet_id and c.transaction_type == kind.value)


def text(app: EcarnetApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def to_step3(pilot: Pilot[Any], app: EcarnetApp, carnet_id: str, code: str) -> CheckVehicleScreen:
    await signed_in(pilot, app)
    await choose_office(pilot, app, "bardonnex")
    await scan(pilot, app, carnet_id, code)
    await on_step(pilot, app, CheckCarnetScreen)
    await pilot.press("ctrl+n")
    await on_step(pilot, app, CheckVehicleScreen)
    assert isinstance(app.screen, CheckVehicleScreen)
    return app.screen


async def through_commit(pilot: Pilot[Any], app: EcarnetApp) -> None:
    """Plate, VIN and engine as on the carnet, then Commit and the receipt."""
    await pilot.press("ctrl+y")
    await until(pilot, lambda: "Vehicle identity confirmed" in message(app))
    await pilot.press("ctrl+n")
    await on_step(pilot, app, CommitScreen)
    await pilot.press("ctrl+n")
    await on_step(pilot, app, ReceiptScreen)


async def test_a_van_enters_a_second_time_and_leaves_again(demo_world: World) -> None:
    app = workstation(demo_world)
    async with app.run_test(size=SIZE) as pilot:
        await to_step3(pilot, app, "120020", code_of(demo_world, "120020", T.IMPORTATION))
        assert "Entry into CH allowed" in text(app, "#passage")
        assert not app.screen.query_one("#stop", Static).display
        await through_commit(pilot, app)
        await pilot.press("ctrl+n")
        await on_step(pilot, app, ScanScreen)

        await scan(pilot, app, "120020", code_of(demo_world, "120020", T.REEXPORTATION))
        await on_step(pilot, app, CheckCarnetScreen)
        stays = text(app, "#stays")
        assert "; left on" in stays.splitlines()[0] and "still inside" in stays.splitlines()[1]
        await pilot.press("ctrl+n")
        await on_step(pilot, app, CheckVehicleScreen)
        assert "Exit in time" in text(app, "#passage")
        await through_commit(pilot, app)

    passages = [tx.type for tx in history_of(demo_world, "120020") if tx.type in (T.IMPORTATION, T.REEXPORTATION)]
    assert passages == [T.IMPORTATION, T.REEXPORTATION, T.IMPORTATION, T.REEXPORTATION]


async def test_a_single_journey_carnet_is_refused_a_second_entry_and_can_be_held(demo_world: World) -> None:
    before = len(history_of(demo_world, "120021"))
    app = workstation(demo_world)
    async with app.run_test(size=SIZE) as pilot:
        await to_step3(pilot, app, "120021", code_of(demo_world, "120021", T.IMPORTATION))
        stop = text(app, "#stop")
        assert "Single-journey carnet: the vehicle already entered CH on" in stop
        assert "A second entry is refused (1954 art. 15)" in stop
        assert not app.screen.query_one("#passage", Static).display  # the refusal is said once
        await pilot.press("ctrl+y", "ctrl+n")
        await until(pilot, lambda: "This passage cannot be recorded" in message(app))
        assert isinstance(app.screen, CheckVehicleScreen)

        await pilot.press("ctrl+o")
        await on_step(pilot, app, AskDialog)
        await pilot.press("enter")
        await on_step(pilot, app, ScanScreen)
    with demo_world.store.transaction() as db:
        holds = records.active_holds(db, "120021")
    assert len(holds) == 1 and "Single-journey carnet" in holds[0].reason
    assert len(history_of(demo_world, "120021")) == before


async def test_an_exit_on_d_plus_14_with_an_explanation_is_accepted_as_timely(demo_world: World) -> None:
    demo_world.clock.advance(timedelta(days=4))  # D was 10 days before the demo's day: now D+14
    app = workstation(demo_world)
    async with app.run_test(size=SIZE) as pilot:
        step3 = await to_step3(pilot, app, EXIT_IN_GRACE, code_of(demo_world, EXIT_IN_GRACE, T.REEXPORTATION))
        assert "Exit 14 days after the final date" in text(app, "#passage")
        assert "type the explanation, or it is flagged for the controller (1954 art. 20)" in text(app, "#passage")
        explanation = step3.query_one("#delay-explanation", Input)
        assert explanation.display and app.focused is explanation
        await retype(pilot, app, "#delay-explanation", "Ferry cancelled by a storm; [b]notice[/b] shown")
        await until(pilot, lambda: "with a satisfactory explanation: accepted as timely" in text(app, "#passage"))
        await through_commit(pilot, app)
        # The holder's receipt says so, literally.
        assert "Delay explained: Ferry cancelled by a storm; [b]notice[/b] shown" in text(app, "#receipt-summary")

    exit_tx = history_of(demo_world, EXIT_IN_GRACE)[-1]
    assert exit_tx.type is T.REEXPORTATION
    assert exit_tx.customs.delay_explanation == "Ferry cancelled by a storm; [b]notice[/b] shown"
    file = await demo_world.client().vehicle_file(EXIT_IN_GRACE, "bardonnex")
    assert [(e.days_late, e.timing) for e in file.exits] == [(14, CpdReason.EXIT_LATE_EXPLAINED)]
    assert file.late_exits == []


async def test_an_exit_on_d_plus_15_is_recorded_and_flagged_for_the_controller(demo_world: World) -> None:
    demo_world.clock.advance(timedelta(days=5))  # D+15: beyond the fourteen days, an explanation changes nothing
    app = workstation(demo_world)
    async with app.run_test(size=SIZE) as pilot:
        step3 = await to_step3(pilot, app, EXIT_IN_GRACE, code_of(demo_world, EXIT_IN_GRACE, T.REEXPORTATION))
        passage = text(app, "#passage")
        assert "Late exit: 15 days after the final date" in passage
        assert "It is recorded and flagged for the controller (1954 art. 20)" in passage
        assert not step3.query_one("#row-delay-explanation").display
        await through_commit(pilot, app)

    file = await demo_world.client().vehicle_file(EXIT_IN_GRACE, "bardonnex")
    assert [(e.days_late, e.timing) for e in file.late_exits] == [(15, CpdReason.EXIT_LATE)]
    logs = await demo_world.client("controller.ch").carnet_logs()
    assert {log.carnet_id: log.late_exits for log in logs.items if log.late_exits} == {EXIT_IN_GRACE: 1}


async def test_a_seizure_by_the_authorities_moves_d_so_the_exit_is_in_time(demo_world: World) -> None:
    app = workstation(demo_world)
    async with app.run_test(size=SIZE) as pilot:
        await to_step3(pilot, app, "120024", code_of(demo_world, "120024", T.REEXPORTATION))
        # D was 5 days ago; the vehicle was seized by the police for 11 days: D moves 6 days ahead.
        day = demo_world.clock().date()
        assert f"Exit in time: final date {(day + timedelta(days=6)):%d/%m/%Y}" in text(app, "#passage")
        await through_commit(pilot, app)
    file = await demo_world.client().vehicle_file("120024", "bardonnex")
    assert [(e.days_late, e.timing) for e in file.exits] == [(0, CpdReason.EXIT_TIMELY)]


async def test_what_is_typed_at_step_3_goes_to_the_plate_when_no_explanation_is_asked(demo_world: World) -> None:
    """An entry needs no delay explanation: its hidden field must not take the keys the officer types, nor
    offline, when the lookup kept here has no vehicle file and the passage is not judged."""
    app = workstation(demo_world)
    async with app.run_test(size=SIZE) as pilot:
        step3 = await to_step3(pilot, app, "120020", code_of(demo_world, "120020", T.IMPORTATION))
        assert not step3.query_one("#row-delay-explanation").display
        await pilot.press(*"AB123CD")
        assert step3.query_one("#seen-plate", Input).value == "AB123CD"
        assert step3.draft.delay_explanation == "" and step3.draft.readings == {"seen-plate": "AB123CD"}

        while app.screen is not app.navigator.scan:
            await pilot.press("escape")
        lookup = await demo_world.client().lookup(EXIT_IN_GRACE, code_of(demo_world, EXIT_IN_GRACE, T.REEXPORTATION),
                                                  "bardonnex")
        draft = app.desk.start_draft(lookup.model_copy(update={"vehicle_file": None}), offline_since=demo_world.clock())
        app.post_message(WorkstationScreen.Begin(draft))
        await on_step(pilot, app, CheckCarnetScreen)
        await pilot.press("ctrl+n")
        await on_step(pilot, app, CheckVehicleScreen)
        offline = app.screen
        assert isinstance(offline, CheckVehicleScreen)
        assert "Passages not checked" in text(app, "#passage")
        await pilot.press(*"YK70")
        assert offline.query_one("#seen-plate", Input).value == "YK70"
        assert offline.draft.delay_explanation == ""
        # Offline an exit cannot be judged, so the explanation of a delay is offered, not asked for.
        assert offline.query_one("#row-delay-explanation").display
        assert "type the holder's explanation of the delay" in text(app, "#passage")
        await retype(pilot, app, "#delay-explanation", "Road closed by snow")
        assert offline.draft.delay_explanation == "Road closed by snow"


async def test_every_step_shows_the_validity_as_extended(demo_world: World) -> None:
    """120028 was extended once and enters after its first expiry: the carnet line gives the extended date."""
    app = workstation(demo_world)
    async with app.run_test(size=SIZE) as pilot:
        await to_step3(pilot, app, "120028", code_of(demo_world, "120028", T.IMPORTATION))
        draft = app.screen.draft  # type: ignore[attr-defined]
        file = draft.lookup.vehicle_file
        assert file is not None and file.extension is not None and file.valid_until > draft.carnet.valid_until
        line = text(app, ".carnet-line")
        assert f"valid until {file.valid_until:%d/%m/%Y}" in line and f"{draft.carnet.valid_until:%d/%m/%Y}" not in line


async def test_a_private_vehicles_driver_living_in_the_territory_is_stopped(demo_world: World) -> None:
    """1954 art. 11: once the driver's authorisation is checked, the driver's residence is asked; Liechtenstein
    is inside the Swiss customs territory."""
    app = workstation(demo_world)
    async with app.run_test(size=SIZE) as pilot:
        step3 = await to_step3(pilot, app, "120019", code_of(demo_world, "120019", T.REEXPORTATION))
        residence = step3.query_one("#row-driver-residence")
        assert not residence.display
        await pilot.press("ctrl+y", "ctrl+d")
        await until(pilot, lambda: residence.display)
        await retype(pilot, app, "#driver-residence", "LI")
        assert "The driver lives in LI, inside this territory" in text(app, "#stop")
        await pilot.press("ctrl+n")
        await until(pilot, lambda: "This driver may not drive here" in message(app))
        assert app.screen is step3

        await retype(pilot, app, "#driver-residence", "FR")
        assert not step3.query_one("#stop", Static).display
        assert step3.draft.vehicle_note == "Driver's authorisation checked, driver resident in FR, outside CH " \
                                           "(1954 art. 11.1)"
        await pilot.press("ctrl+n")
        await on_step(pilot, app, CommitScreen)
