"""The vehicle file (Desk menu) against the demo central's vehicle carnets at Bardonnex: an extension beyond
three months refused unless marked exceptional, a second extension refused, a damaged vehicle destroyed under
supervision, a certificate of location that regularises an undischarged carnet, and a seizure recorded and
released. Choices in the forms are set on their Select, as a click or the arrow keys would."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from textual.pilot import Pilot
from textual.widgets import OptionList, Select, Static

from carnet_domain.cpd.discharge import DischargeStatus
from ecarnet_tui.app import EcarnetApp
from ecarnet_tui.screens.desk_menu import DeskMenu
from ecarnet_tui.screens.help_dialog import HelpDialog
from ecarnet_tui.screens.record_form import RecordFormDialog
from ecarnet_tui.screens.vehicle_file import RecordMenu, VehicleFileScreen
from ecarnet_tui.vehicle_forms import RecordKind
from reference_central import vehicle_records
from tests.central_world import World
from tests.ui.harness import choose_office, message, on_step, retype, signed_in, workstation
from tests.ui.waiting import until

SIZE = (100, 40)


async def open_file(pilot: Pilot[Any], app: EcarnetApp, carnet_id: str) -> VehicleFileScreen:
    await signed_in(pilot, app)
    await choose_office(pilot, app, "bardonnex")
    await pilot.press("ctrl+d")
    await on_step(pilot, app, DeskMenu)
    options = app.screen.query_one(OptionList)
    await pilot.press(*["down"] * [options.get_option_at_index(i).id for i in range(options.option_count)]
                      .index("vehicles"), "enter")
    await on_step(pilot, app, VehicleFileScreen)
    await pilot.press(*carnet_id, "enter")
    screen = app.screen
    assert isinstance(screen, VehicleFileScreen)
    await until(pilot, lambda: screen.file is not None and screen.file.carnet_id == carnet_id)
    return screen


async def open_form(pilot: Pilot[Any], app: EcarnetApp, kind: RecordKind) -> RecordFormDialog:
    await pilot.press("ctrl+a")
    await on_step(pilot, app, RecordMenu)
    menu = app.screen
    assert isinstance(menu, RecordMenu)
    await pilot.press(*["down"] * menu.kinds.index(kind), "enter")
    await on_step(pilot, app, RecordFormDialog)
    assert isinstance(app.screen, RecordFormDialog)
    return app.screen


def choose(form: RecordFormDialog, field: str, value: str) -> None:
    form.query_one(f"#{field}", Select).value = value


async def record(pilot: Pilot[Any], app: EcarnetApp, screen: VehicleFileScreen, says: str) -> None:
    """Ctrl+N in the form, then wait for the file screen to say ``says``."""
    await pilot.press("ctrl+n")
    await until(pilot, lambda: app.screen is screen and says in message(app), timeout=10)


def status(screen: VehicleFileScreen) -> DischargeStatus:
    assert screen.file is not None
    return screen.file.status


def text(screen: VehicleFileScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def test_an_extension_beyond_three_months_is_refused_unless_marked_exceptional(demo_world: World) -> None:
    app = workstation(demo_world, "controller.ch")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_file(pilot, app, "120027")
        assert screen.file is not None
        expiry = screen.file.valid_until
        four_months = (expiry + timedelta(days=122)).isoformat()
        await open_form(pilot, app, RecordKind.EXTENSION)
        await retype(pilot, app, "#granted_until", four_months)
        await retype(pilot, app, "#authority", "Generalzolldirektion, Bonn")
        await record(pilot, app, screen, "more than three months after")
        assert "mark it exceptional if it is (1954 Annex 3, 2(d))" in message(app)
        assert screen.file.extension is None

        form = await open_form(pilot, app, RecordKind.EXTENSION)
        assert form.query_one("#granted_until").value == four_months  # type: ignore[attr-defined]
        choose(form, "exceptional", "yes")
        await record(pilot, app, screen, "Recorded")
        extension = screen.file.extension
        assert extension is not None and extension.extension.exceptional
        assert screen.file.valid_until.isoformat() == four_months
        assert "Generalzolldirektion, Bonn (DE)" in text(screen, "#file-summary")
        assert "exceptional" in text(screen, "#file-summary")


async def test_a_second_extension_is_refused(demo_world: World) -> None:
    app = workstation(demo_world, "controller.ch")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_file(pilot, app, "120028")
        assert screen.file is not None and screen.file.extension is not None
        first = screen.file.extension
        await open_form(pilot, app, RecordKind.EXTENSION)
        await retype(pilot, app, "#granted_until", (screen.file.valid_until + timedelta(days=30)).isoformat())
        await retype(pilot, app, "#country", "GB")
        await retype(pilot, app, "#authority", "HM Revenue & Customs, Dover")
        await record(pilot, app, screen, "a second extension is refused")
        assert screen.file.extension == first


async def test_a_damaged_vehicle_destroyed_under_supervision_ends_its_stay(demo_world: World) -> None:
    app = workstation(demo_world)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_file(pilot, app, "120025")
        assert screen.file is not None and len(screen.file.open_entries) == 1
        assert RecordKind.EXTENSION not in RecordMenu(screen.kinds()).kinds  # an officer records no extension
        form = await open_form(pilot, app, RecordKind.TERMINATION)
        choose(form, "kind", "destroyed_under_supervision")
        await retype(pilot, app, "#authority", "Bureau de douane de Bardonnex")
        await record(pilot, app, screen, "needs the accident duly authenticated")

        form = await open_form(pilot, app, RecordKind.TERMINATION)
        choose(form, "accident_authenticated", "yes")
        await record(pilot, app, screen, "Recorded")
        assert screen.file.open_entries == []
        assert "destroyed under supervision" in text(screen, "#file-stays")
        assert "destroyed under supervision on" in text(screen, "#file-records")


async def test_a_certificate_of_location_regularises_an_undischarged_carnet(demo_world: World) -> None:
    app = workstation(demo_world, "controller.ch")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_file(pilot, app, "120026")
        assert screen.file is not None and screen.file.status is DischargeStatus.TO_CHECK
        assert "Notify association by" in text(screen, "#file-summary")
        day = screen.file.office_date
        form = await open_form(pilot, app, RecordKind.REGULARISATION)
        choose(form, "authority_kind", "police")
        await retype(pilot, app, "#authority_name", "Gendarmerie nationale, Annemasse")
        await retype(pilot, app, "#country", "CH")
        await retype(pilot, app, "#presented_on", (day - timedelta(days=3)).strftime("%d/%m/%Y"))
        await retype(pilot, app, "#issued_on", (day - timedelta(days=2)).isoformat())
        await record(pilot, app, screen, "it must show the vehicle outside the country")

        await open_form(pilot, app, RecordKind.REGULARISATION)
        await retype(pilot, app, "#country", "FR")
        await record(pilot, app, screen, "Recorded")
        assert status(screen) is DischargeStatus.DISCHARGED
        assert "Discharged" in text(screen, "#file-summary")
        assert "regularised by a certificate of location" in text(screen, "#file-stays")


async def test_a_seizure_is_recorded_then_released_and_moves_the_final_date(demo_world: World) -> None:
    app = workstation(demo_world)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_file(pilot, app, "120019")
        assert screen.file is not None
        day = screen.file.office_date
        await open_form(pilot, app, RecordKind.SEIZURE)
        await retype(pilot, app, "#seized_on", (day - timedelta(days=4)).isoformat())
        await retype(pilot, app, "#authority", "Police cantonale de Genève")
        await record(pilot, app, screen, "Recorded")
        assert "not released" in text(screen, "#file-records")

        form = await open_form(pilot, app, RecordKind.RELEASE)
        assert form.query_one("#seizure", Select).value == screen.file.seizures[0].record_id
        await retype(pilot, app, "#released_on", (day - timedelta(days=1)).isoformat())
        await record(pilot, app, screen, "Recorded")
        assert "with 4 days of seizure" in text(screen, "#file-stays")
    with demo_world.store.transaction() as db:
        seizure = vehicle_records.of_carnet(db, "120019").seizures[0].seizure
    assert (seizure.seized_on, seizure.released_on) == (day - timedelta(days=4), day - timedelta(days=1))


async def test_bad_dates_in_a_form_are_named_and_nothing_is_lost(demo_world: World) -> None:
    app = workstation(demo_world)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_file(pilot, app, "120019")
        form = await open_form(pilot, app, RecordKind.SEIZURE)
        await retype(pilot, app, "#seized_on", "31/02/2026")
        await retype(pilot, app, "#authority", "[bold]Police[/bold]")
        await pilot.press("ctrl+n")
        hint = form.query_one("#record-hint", Static)
        await until(pilot, lambda: "Seized on: 31/02/2026 is not a date" in str(hint.render()))
        assert app.screen is form
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen)
        form = await open_form(pilot, app, RecordKind.SEIZURE)
        assert form.query_one("#authority").value == "[bold]Police[/bold]"  # type: ignore[attr-defined]


async def test_f1_explains_the_vehicle_file(demo_world: World) -> None:
    app = workstation(demo_world)
    async with app.run_test(size=SIZE) as pilot:
        await open_file(pilot, app, "120019")
        await pilot.press("f1")
        await on_step(pilot, app, HelpDialog)
        assert isinstance(app.screen, HelpDialog)
        assert app.screen.title_text == "Vehicle file (CPD)"
        assert any("Ctrl+A records on it" in point for point in app.screen.points)
