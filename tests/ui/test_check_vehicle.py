"""Step 3 of a vehicle carnet (CPD): Check vehicle, against the demo central's two CPDs at Bardonnex
(120013, a private car from GB; 120014, a commercial tractor unit from Germany)."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import Static

from carnet_domain.transaction_types import TransactionType as T
from ecarnet_tui.app import EcarnetApp
from ecarnet_tui.screens.dialogs.ask import AskDialog
from ecarnet_tui.screens.dialogs.findings import FindingsDialog
from ecarnet_tui.screens.wizard.check_carnet import CheckCarnetScreen
from ecarnet_tui.screens.wizard.check_goods import CheckGoodsScreen
from ecarnet_tui.screens.wizard.check_vehicle import CheckVehicleScreen
from ecarnet_tui.screens.wizard.commit import CommitScreen
from ecarnet_tui.screens.wizard.receipt import ReceiptScreen
from ecarnet_tui.screens.wizard.scan import ScanScreen
from ecarnet_tui.texts.step_help import help_for
from ecarnet_tui.widgets.steps import StepBar
from reference_central import records
from reference_central.demo.seed import demo_codes
from tests.api.helpers import fresh_code, history_of
from tests.central_world import World
from tests.ui.harness import choose_office, message, on_step, retype, scan, signed_in, workstation
from tests.ui.waiting import until

SIZE = (100, 40)


def _codes(world: World) -> dict[str, str]:
    return {c.carnet_id: c.transaction_code for c in demo_codes(world.store) if c.trainee == 0}


def _text(app: EcarnetApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def _says(pilot: Pilot[Any], app: EcarnetApp, text: str) -> None:
    try:
        await until(pilot, lambda: text in message(app), timeout=10)
    except AssertionError:
        raise AssertionError(f"{type(app.screen).__name__} says {message(app)!r}, not {text!r}") from None


async def _to_step3(pilot: Pilot[Any], app: EcarnetApp, carnet_id: str, code: str) -> CheckVehicleScreen:
    await signed_in(pilot, app)
    await choose_office(pilot, app, "bardonnex")
    await scan(pilot, app, carnet_id, code)
    await on_step(pilot, app, CheckCarnetScreen)
    assert not app.screen.query_one("#stop", Static).display
    await pilot.press("ctrl+n")
    await on_step(pilot, app, CheckVehicleScreen)
    assert isinstance(app.screen, CheckVehicleScreen)
    return app.screen


async def test_a_private_car_enters_through_the_five_steps_and_leaves_again(demo_world: World) -> None:
    before = len(history_of(demo_world, "120013"))
    app = workstation(demo_world)
    async with app.run_test(size=SIZE) as pilot:
        step3 = await _to_step3(pilot, app, "120013", _codes(demo_world)["120013"])
        assert "3 Check vehicle" in str(step3.query_one(StepBar).render())
        particulars = _text(app, "#vehicle-particulars")
        for line in ("Registration: LD21 XRV (GB)", "Make: Land Rover Defender 110", "Chassis / VIN: SALEA7BU2L2001234",
                     "Engine number: 306DT-0045123", "Power: 221 kW", "Colour: Green", "Net weight: 2,323 kg",
                     "Value: GBP\u00a065,000.00"):
            assert line in particulars
        assert "Use: Private" in _text(app, "#vehicle-convention")
        assert "New York, 4 June 1954" in _text(app, "#vehicle-convention")
        assert "(1954 art. 14)" in _text(app, "#reminders")

        await pilot.press("ctrl+n")  # nothing confirmed yet
        await _says(pilot, app, "Not confirmed yet")
        assert app.screen is step3
        await retype(pilot, app, "#seen-plate", "ld21-xrv")  # typed as read, the rest as on the carnet
        await pilot.press("ctrl+y")
        await _says(pilot, app, "Vehicle identity confirmed")
        await pilot.press("ctrl+d")
        await until(pilot, lambda: step3.draft.vehicle_note
                    == "Driver's authorisation checked, driver resident outside CH (1954 art. 11.1)")
        await pilot.press("ctrl+n")
        await on_step(pilot, app, CommitScreen)
        await pilot.press("ctrl+n")
        await on_step(pilot, app, ReceiptScreen)

        history = history_of(demo_world, "120013")
        assert len(history) == before + 1
        entry = history[-1]
        assert (entry.type, entry.goods.declared_goods, entry.office_id) == (T.IMPORTATION, "1", "bardonnex")
        remarks = entry.customs.customs_remarks
        assert "Driver's authorisation checked, driver resident outside CH (1954 art. 11.1)" in remarks

        # The exit: a Re-exportation, with no reminder to give.
        with demo_world.store.transaction() as db:
            carnet = records.carnet(db, "120013")
        assert carnet is not None
        code = fresh_code()
        demo_world.declare(carnet, T.REEXPORTATION, code, "1")
        while not isinstance(app.screen, ScanScreen):
            await pilot.press("escape")
        await pilot.press("ctrl+l")
        await scan(pilot, app, "120013", code)
        await on_step(pilot, app, CheckCarnetScreen)
        await pilot.press("ctrl+n")
        await on_step(pilot, app, CheckVehicleScreen)
        assert not app.screen.query("#reminders")
        await pilot.press("ctrl+y", "ctrl+n")
        await on_step(pilot, app, CommitScreen)
        await pilot.press("ctrl+n")
        await on_step(pilot, app, ReceiptScreen)
    last = history_of(demo_world, "120013")[-1]
    assert (last.type, last.goods.declared_goods) == (T.REEXPORTATION, "1")


async def test_a_vin_that_differs_stops_and_ctrl_o_holds_the_carnet_with_the_reason(demo_world: World) -> None:
    before = len(history_of(demo_world, "120013"))
    app = workstation(demo_world)
    async with app.run_test(size=SIZE) as pilot:
        step3 = await _to_step3(pilot, app, "120013", _codes(demo_world)["120013"])
        await retype(pilot, app, "#seen-vin", "SALEA7BU2L2009999")
        await pilot.press("ctrl+y")
        await _says(pilot, app, "The vehicle does not match the carnet")
        stop = _text(app, "#stop")
        assert "VIN differs: the carnet says SALEA7BU2L2001234, the vehicle shows SALEA7BU2L2009999" in stop
        assert "(1954 art. 1(d), Annex 2)" in stop
        await pilot.press("ctrl+n")
        await _says(pilot, app, "Ctrl+O puts the carnet on hold")
        assert app.screen is step3

        await pilot.press("ctrl+o")
        await on_step(pilot, app, AskDialog)
        await pilot.press("enter")  # the reason offered is the mismatch
        await on_step(pilot, app, ScanScreen)
    with demo_world.store.transaction() as db:
        holds = records.active_holds(db, "120013")
    assert len(holds) == 1
    assert holds[0].reason == stop and holds[0].step == 3
    assert holds[0].draft["readings"] == {"seen-vin": "SALEA7BU2L2009999"}  # what was read on the vehicle is kept
    assert len(history_of(demo_world, "120013")) == before


async def test_the_reminder_at_entry_follows_the_vehicles_convention(demo_world: World) -> None:
    codes = _codes(demo_world)
    app = workstation(demo_world)
    async with app.run_test(size=SIZE) as pilot:
        await _to_step3(pilot, app, "120014", codes["120014"])
        assert "Use: Commercial" in _text(app, "#vehicle-convention")
        reminder = _text(app, "#reminders")
        assert "no internal carriage" in reminder and "(1956 art. 13.3)" in reminder
        await pilot.press("ctrl+d")
        await until(pilot, lambda: app.screen.draft.vehicle_note  # type: ignore[attr-defined]
                    == "Driver's authorisation checked (1956 art. 12)")
        await pilot.press("f1")
        await until(pilot, lambda: "Check vehicle" in str(app.screen.query_one("Label").render()))


async def test_an_ata_carnet_still_checks_goods(demo_world: World) -> None:
    codes = _codes(demo_world)
    app = workstation(demo_world)
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot, app)
        await choose_office(pilot, app, "gva-airport")
        await scan(pilot, app, "120016", codes["120016"])
        await on_step(pilot, app, CheckCarnetScreen)
        await pilot.press("ctrl+n")
        await on_step(pilot, app, FindingsDialog)  # from a paper country: its validation checked
        await pilot.press("y")
        await on_step(pilot, app, CheckGoodsScreen)
        assert "3 Check goods" in str(app.screen.query_one(StepBar).render())


def test_the_help_of_step_three_explains_the_vehicle_check() -> None:
    title, points = help_for(3, T.IMPORTATION, vehicle=True)
    assert title == "Step 3 — Check vehicle"
    assert any("Ctrl+Y" in point for point in points)
    assert help_for(3, T.IMPORTATION)[0] == "Step 3 — Check goods"


async def test_a_vehicle_carnet_other_than_entry_or_exit_stops_at_step_two(demo_world: World) -> None:
    """Only a CPD's Importation (entry) and Re-exportation (exit) go on to Check vehicle."""
    with demo_world.store.transaction() as db:
        cpd = records.carnet(db, "120013")
    assert cpd is not None
    code = fresh_code()
    demo_world.declare(cpd, T.REIMPORTATION, code, "1")
    before = len(history_of(demo_world, "120013"))

    app = workstation(demo_world)
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot, app)
        await choose_office(pilot, app, "bardonnex")
        await scan(pilot, app, "120013", code)
        await on_step(pilot, app, CheckCarnetScreen)
        stop = app.screen.query_one("#stop", Static)
        assert stop.display and "This is a vehicle carnet" in str(stop.render())
        await pilot.press("ctrl+n")
        await until(pilot, lambda: "Only its Importation (the vehicle's entry) and Re-exportation" in message(app))
        assert isinstance(app.screen, CheckCarnetScreen)

    assert len(history_of(demo_world, "120013")) == before


async def test_a_validation_declared_on_a_vehicle_carnet_stops_at_step_two_with_the_conventions(
    demo_world: World,
) -> None:
    """A CPD is used as issued (1954 and 1956 art. 2 and 15): its demo history holds no Validation, and a
    Validation the holder declared is stopped with the reason, not sent to the central."""
    assert "validation" not in {tx.type.value for tx in history_of(demo_world, "120013")}
    with demo_world.store.transaction() as db:
        cpd = records.carnet(db, "120013")
    assert cpd is not None
    code = fresh_code()
    demo_world.declare(cpd, T.VALIDATION, code)
    before = len(history_of(demo_world, "120013"))

    app = workstation(demo_world)
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot, app)
        await choose_office(pilot, app, "bardonnex")
        await scan(pilot, app, "120013", code)
        await on_step(pilot, app, CheckCarnetScreen)
        stop = str(app.screen.query_one("#stop", Static).render())
        assert "is not validated" in stop and "(1954 and 1956 conventions, art. 2 and 15)" in stop
        assert "CPD procedure" not in stop
        await pilot.press("ctrl+n")
        await _says(pilot, app, "Ask the holder for the declaration of the vehicle's entry")
        assert isinstance(app.screen, CheckCarnetScreen)

    assert len(history_of(demo_world, "120013")) == before
