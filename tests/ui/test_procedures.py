"""Guided procedures driven through the app, checked against what the central recorded (lines 2788-2803)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from textual.pilot import Pilot
from textual.widgets import Input, Select, Static

from carnet_domain.carnet import OrderType
from carnet_domain.procedures import Procedure
from carnet_domain.transaction import GoodsDeclaration
from carnet_domain.transaction_types import TransactionType as T
from central_client.http import HttpCentral
from central_contract.models import CommitRequest
from ecarnet_tui.app import EcarnetApp
from ecarnet_tui.screens.desk.procedure import ProcedurePicker, ProcedureScreen
from ecarnet_tui.screens.dialogs.findings import FindingsDialog
from ecarnet_tui.screens.wizard.check_carnet import CheckCarnetScreen
from ecarnet_tui.screens.wizard.check_goods import CheckGoodsScreen
from ecarnet_tui.screens.wizard.commit import CommitScreen
from ecarnet_tui.screens.wizard.receipt import ReceiptScreen
from reference_central import records
from reference_central.demo.seed import demo_codes
from tests.api.helpers import fresh_code, history_of
from tests.central_world import World, make_carnet
from tests.ui.harness import message, on_step, retype, signed_in, workstation
from tests.ui.waiting import until


async def start(pilot: Pilot[Any], app: EcarnetApp, procedure: Procedure) -> ProcedureScreen:
    await signed_in(pilot, app)
    await pilot.press("ctrl+g")
    await on_step(pilot, app, ProcedurePicker)
    await pilot.press(*["down"] * list(Procedure).index(procedure), "enter")
    await on_step(pilot, app, ProcedureScreen)
    screen = app.screen
    assert isinstance(screen, ProcedureScreen)
    assert screen.procedure is procedure
    return screen


async def do_step(pilot: Pilot[Any], app: EcarnetApp, carnet: str, code: str, final_date: str = "") -> None:
    """Scan the declaration in the procedure, go through the wizard, and come back to the procedure."""
    screen = app.screen
    assert isinstance(screen, ProcedureScreen)
    done = len(screen.done)
    await retype(pilot, app, "#procedure-carnet", carnet)
    await retype(pilot, app, "#procedure-code", code)
    await pilot.press("enter")
    await on_step(pilot, app, CheckCarnetScreen)
    await pilot.press("ctrl+n")
    if isinstance(app.screen, FindingsDialog) or await _dialog_soon(pilot, app):
        await pilot.press("y")
    await on_step(pilot, app, CheckGoodsScreen)
    await pilot.press("ctrl+n")
    await on_step(pilot, app, CommitScreen)
    if final_date:
        await retype(pilot, app, "#final-date", final_date)
    await pilot.press("ctrl+n")
    await on_step(pilot, app, ReceiptScreen)
    await pilot.press("ctrl+n")
    await on_step(pilot, app, ProcedureScreen)
    await until(pilot, lambda: len(screen.done) == done + 1)


async def _dialog_soon(pilot: Pilot[Any], app: EcarnetApp) -> bool:
    await pilot.pause()
    return isinstance(app.screen, FindingsDialog)


async def committed(world: World, client: HttpCentral, carnet_id: str, kind: T, declared: str = "1-20") -> None:
    code = fresh_code()
    carnet = make_carnet(carnet_id, "X")  # only its ID is used by declare
    world.declare(carnet, kind, code, declared)
    await client.commit(CommitRequest(carnet_id=carnet_id, transaction_code=code, type=kind,
                                      goods=GoodsDeclaration(declared_goods=declared)), fresh_code())


async def imported_in_switzerland(world: World, carnet_id: str, **extra: Any) -> None:
    world.add_carnet(make_carnet(carnet_id, f"FRPR{carnet_id}", home="EU", **extra))
    fr, ch = world.client("officer.fr"), world.client("officer.ch")
    await committed(world, fr, carnet_id, T.VALIDATION, "")
    await committed(world, fr, carnet_id, T.EXPORTATION)
    await committed(world, ch, carnet_id, T.IMPORTATION)
    await fr.aclose()
    await ch.aclose()


async def test_extending_the_final_date_is_a_reexportation_then_an_importation(world: World) -> None:
    await imported_in_switzerland(world, "7001")
    carnet = make_carnet("7001", "X")
    out, back = fresh_code(), fresh_code()
    world.declare(carnet, T.REEXPORTATION, out, "1-20")
    world.declare(carnet, T.IMPORTATION, back, "1-20")
    app = workstation(world)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot, app, Procedure.EXTEND_FINAL_DATE)
        # The importation first is not this step: the officer is told and nothing happens.
        await retype(pilot, app, "#procedure-carnet", "7001")
        await retype(pilot, app, "#procedure-code", back)
        await pilot.press("enter")
        await until(pilot, lambda: "not the Re-exportation" in str(screen.query_one("#problem", Static).render()))
        await do_step(pilot, app, "7001", out)
        await do_step(pilot, app, "7001", back, final_date="2026-11-30")
        assert "complete" in str(screen.query_one("#procedure-steps", Static).render())
    kinds = [(t.type, t.customs.final_date) for t in history_of(world, "7001")][-2:]
    assert [k for k, _ in kinds] == [T.REEXPORTATION, T.IMPORTATION]
    assert str(kinds[1][1]) == "2026-11-30"


async def test_terminating_admission_states_it_in_the_remarks(world: World) -> None:
    await imported_in_switzerland(world, "7002")
    code = fresh_code()
    world.declare(make_carnet("7002", "X"), T.REEXPORTATION, code, "1-20")
    app = workstation(world)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot, app, Procedure.TERMINATE_ADMISSION)
        screen.query_one("#termination", Select).value = "warehouse"
        await do_step(pilot, app, "7002", code)
    last = history_of(world, "7002")[-1]
    assert last.type is T.REEXPORTATION
    assert last.customs.customs_remarks == "Termination of temporary admission: goods placed in a customs warehouse."


async def test_replacement_carnets_at_home_customs(demo_world: World) -> None:
    codes = {(c.carnet_id, c.transaction_type): c.transaction_code for c in demo_codes(demo_world.store)
             if c.trainee == 0}
    app = workstation(demo_world, training=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot, app, Procedure.REPLACEMENT_HOME)
        # The original first is refused: step 1 is the replacement's Validation.
        await retype(pilot, app, "#procedure-carnet", "120011")
        await retype(pilot, app, "#procedure-code", codes["120011", "reimportation"])
        await pilot.press("enter")
        await until(pilot, lambda: "not the Validation" in str(screen.query_one("#problem", Static).render()))
        await do_step(pilot, app, "120012", codes["120012", "validation"])
        await do_step(pilot, app, "120012", codes["120012", "exportation"])
        await do_step(pilot, app, "120011", codes["120011", "reimportation"])
        assert "complete" in str(screen.query_one("#procedure-steps", Static).render())
    assert [t.type for t in history_of(demo_world, "120012")] == [T.VALIDATION, T.EXPORTATION]
    assert history_of(demo_world, "120011")[-1].type is T.REIMPORTATION


async def test_a_replacement_after_the_originals_last_valid_day_stops_at_step_two(demo_world: World) -> None:
    """The demo's original (120011) is valid 24 more days. Late on its last valid day in Genève the replacement's
    Validation goes on; after midnight in Genève step 2 stops it and says until when the original was valid."""
    codes = {(c.carnet_id, c.transaction_type): c.transaction_code for c in demo_codes(demo_world.store)
             if c.trainee == 0}
    with demo_world.store.transaction() as db:
        original = records.carnet(db, "120011")
    assert original is not None and original.replaced_by == "120012"
    last = original.valid_until
    shown = last.strftime("%d/%m/%Y")
    geneva = ZoneInfo("Europe/Zurich")
    demo_world.clock.set(datetime.combine(last, time(23, 30), geneva).astimezone(UTC))
    app = workstation(demo_world, training=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, app, Procedure.REPLACEMENT_HOME)
        await retype(pilot, app, "#procedure-carnet", "120012")
        await retype(pilot, app, "#procedure-code", codes["120012", "validation"])
        await pilot.press("enter")
        await on_step(pilot, app, CheckCarnetScreen)
        assert f"Original valid until: {shown}" in str(app.screen.query_one("#carnet-fields", Static).render())
        assert not app.screen.query_one("#stop", Static).display

        demo_world.clock.set(datetime.combine(last + timedelta(days=1), time(0, 30), geneva).astimezone(UTC))
        await pilot.press("escape")
        await on_step(pilot, app, ProcedureScreen)
        await retype(pilot, app, "#procedure-code", codes["120012", "validation"])
        await pilot.press("enter")
        await on_step(pilot, app, CheckCarnetScreen)
        stop = app.screen.query_one("#stop", Static)
        await until(pilot, lambda: stop.display)
        assert "Too late for this step of a replacement" in str(stop.render())
        assert f"The original carnet was valid until {shown}." in str(stop.render())
        await pilot.press("ctrl+n")
        await until(pilot, lambda: f"valid until {shown}" in message(app))
        assert isinstance(app.screen, CheckCarnetScreen)
    assert history_of(demo_world, "120012") == []


async def test_replacement_carnets_at_foreign_customs(world: World) -> None:
    await imported_in_switzerland(world, "7003", replaced_by="7004")
    world.add_carnet(make_carnet("7004", "FRPR7004", home="EU", order_type=OrderType.REPLACEMENT,
                                 replaces="7003"))
    fr = world.client("officer.fr")
    await committed(world, fr, "7004", T.VALIDATION, "")
    await committed(world, fr, "7004", T.EXPORTATION)
    await fr.aclose()
    imports, reexports = fresh_code(), fresh_code()
    world.declare(make_carnet("7004", "X"), T.IMPORTATION, imports, "1-20")
    world.declare(make_carnet("7003", "X"), T.REEXPORTATION, reexports, "1-20")
    app = workstation(world)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot, app, Procedure.REPLACEMENT_FOREIGN)
        await do_step(pilot, app, "7004", imports)
        # After a step the scan fields are empty, ready for the next declaration.
        assert screen.query_one("#procedure-carnet", Input).value == ""
        await do_step(pilot, app, "7003", reexports)
    assert history_of(world, "7004")[-1].type is T.IMPORTATION
    assert history_of(world, "7003")[-1].type is T.REEXPORTATION
