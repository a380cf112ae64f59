"""The vehicle file (Desk menu) against the demo central's vehicle carnets at Bardonnex: an extension beyond
three months refused unless marked exceptional, a second extension refused, a damaged vehicle destroyed under
supervision, a certificate of location that regularises an undischarged carnet, and a seizure recorded and
released. Choices in the forms are set on their Select, as a click or the arrow keys would."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from textual.containers import Vertical
from textual.pilot import Pilot
from textual.widgets import DataTable, OptionList, Select, Static

from carnet_domain.carnet import CarnetKind
from carnet_domain.cpd.discharge import DischargeStatus
from carnet_domain.transaction_types import TransactionType as T
from central_client.http import HttpCentral
from ecarnet_tui.app import EcarnetApp
from ecarnet_tui.screens.common.places import Place
from ecarnet_tui.screens.desk.logs.screen import LogsScreen
from ecarnet_tui.screens.desk.vehicle_file import RecordMenu, VehicleFileScreen
from ecarnet_tui.screens.dialogs.desk_menu import DeskMenu
from ecarnet_tui.screens.dialogs.help import HelpDialog
from ecarnet_tui.screens.dialogs.record_form import RecordFormDialog
from ecarnet_tui.screens.wizard.check_carnet import CheckCarnetScreen
from ecarnet_tui.screens.wizard.scan import ScanScreen
from ecarnet_tui.services.connection import Connection
from ecarnet_tui.texts.vehicle_forms import RecordKind
from offline_queue.store import QueueStore
from reference_central import vehicle_records
from reference_central.demo.seed import demo_codes
from tests.api.shift_world import new_account
from tests.api.vehicle_world import Road, june
from tests.central_world import World
from tests.ui.harness import (
    choose_office,
    message,
    on_step,
    open_place,
    retype,
    scan,
    settings_for,
    signed_in,
    workstation,
)
from tests.ui.switchable_link import SwitchableLink
from tests.ui.waiting import until

SIZE = (100, 40)


def demo_code(world: World, carnet_id: str, kind: T) -> str:
    return next(c.transaction_code for c in demo_codes(world.store)
                if c.trainee == 0 and c.carnet_id == carnet_id and c.transaction_type == kind.value)


def with_queue(world: World, tmp_path: Path, account: str = "officer.ch") -> EcarnetApp:
    """The workstation with its offline queue, which keeps what it looked up (and with which code)."""
    return workstation(world, account, queue=QueueStore.open(tmp_path / "queue.sqlite3", clock=world.clock))


async def look_up(pilot: Pilot[Any], app: EcarnetApp, carnet_id: str, code: str) -> None:
    """The holder shows the code at step 1: the carnet is looked up, then the officer goes back to step 1."""
    await scan(pilot, app, carnet_id, code)
    await on_step(pilot, app, CheckCarnetScreen)
    await pilot.press("escape")
    await on_step(pilot, app, ScanScreen)


async def open_file(
    pilot: Pilot[Any], app: EcarnetApp, carnet_id: str, office_id: str = "bardonnex", *, looked_up_with: str = ""
) -> VehicleFileScreen:
    """Signed in at ``office_id``, the vehicle file of ``carnet_id`` from the Desk menu; ``looked_up_with``: the
    code the carnet is looked up with first (a vehicle that has not entered the office's territory yet)."""
    await signed_in(pilot, app)
    await choose_office(pilot, app, office_id)
    if looked_up_with:
        await look_up(pilot, app, carnet_id, looked_up_with)
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
    """ADAC guarantees the carnet: the customs of Germany's territory, the EU, record its extension (here at Paris)."""
    app = workstation(demo_world, "controller.fr")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_file(pilot, app, "120027", "cdg")
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


async def test_an_extension_by_customs_of_another_country_than_the_guarantors_is_refused(demo_world: World) -> None:
    """A Swiss controller at Bardonnex cannot extend a carnet ADAC guarantees (Annex 3, 2(e)): the desk says why."""
    app = workstation(demo_world, "controller.ch")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_file(pilot, app, "120027")
        assert screen.file is not None
        await open_form(pilot, app, RecordKind.EXTENSION)
        await retype(pilot, app, "#granted_until", (screen.file.valid_until + timedelta(days=30)).isoformat())
        await retype(pilot, app, "#authority", "Hauptzollamt München")
        await record(pilot, app, screen, "only its own customs may record it")
        assert screen.file.extension is None


async def test_a_second_extension_is_refused(demo_world: World) -> None:
    """RAC guarantees the carnet: a controller of the United Kingdom at Dover is the one who could extend it."""
    app = workstation(demo_world, new_account(demo_world, "controller.gb", "dover", role="controller"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_file(pilot, app, "120028", "dover")
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


async def test_a_form_with_nothing_to_choose_opens_and_says_so(demo_world: World, tmp_path: Path) -> None:
    """A car just come in (120013: no seizure, no open entry): the release and the termination forms have
    nothing to offer in their first choice, and say so instead of failing."""
    app = with_queue(demo_world, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_file(pilot, app, "120013",
                                 looked_up_with=demo_code(demo_world, "120013", T.IMPORTATION))
        assert screen.file is not None and not screen.file.seizures and not screen.file.open_entries
        form = await open_form(pilot, app, RecordKind.RELEASE)
        assert form.query_one("#seizure", Select).is_blank()
        await pilot.press("ctrl+n")
        hint = form.query_one("#record-hint", Static)
        await until(pilot, lambda: "No seizure is waiting for its release" in str(hint.render()))
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen)

        form = await open_form(pilot, app, RecordKind.TERMINATION)
        await pilot.press("ctrl+n")
        hint = form.query_one("#record-hint", Static)
        await until(pilot, lambda: "No entry is open on this carnet" in str(hint.render()))
        assert app.screen is form


async def test_another_carnet_typed_shows_nothing_of_the_first_and_records_nothing_on_it(demo_world: World) -> None:
    """What is shown, what Ctrl+A records on and what the forms keep belong to one carnet: after another
    carnet is typed, the first one's file and typing are gone, even when the other cannot be opened."""
    app = workstation(demo_world)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_file(pilot, app, "120019")
        await open_form(pilot, app, RecordKind.SEIZURE)
        await retype(pilot, app, "#reference", "GE-2026-0415")
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen)

        await retype(pilot, app, "#vehicle-carnet", "120001")  # an ATA carnet: no vehicle file
        await pilot.press("enter")
        await until(pilot, lambda: "only a vehicle carnet (CPD) has a vehicle file" in message(app))
        assert screen.file is None
        assert "120019" not in text(screen, "#file-summary") and not text(screen, "#file-stays")
        await pilot.press("ctrl+a")
        await until(pilot, lambda: "Open a vehicle file first" in message(app))
        assert app.screen is screen

        await retype(pilot, app, "#vehicle-carnet", "120020")
        await pilot.press("enter")
        await until(pilot, lambda: screen.file is not None and screen.file.carnet_id == "120020")
        form = await open_form(pilot, app, RecordKind.SEIZURE)
        assert form.query_one("#reference").value == ""  # type: ignore[attr-defined]


async def test_the_longest_form_says_what_is_missing_on_an_80_by_24_terminal(demo_world: World) -> None:
    app = workstation(demo_world)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_file(pilot, app, "120019")
        form = await open_form(pilot, app, RecordKind.TERMINATION)
        await retype(pilot, app, "#on", "x")
        await pilot.press("backspace", "ctrl+n")
        hint = form.query_one("#record-hint", Static)
        await until(pilot, lambda: "On is needed" in str(hint.render()))
        assert form.query_one(Vertical).content_region.contains_region(hint.region)  # not cut off below


async def test_a_second_notification_is_refused_with_the_reason(demo_world: World) -> None:
    """The central refuses it with ``cpd_rule`` and no decision, only its detail: the officer reads why."""
    app = workstation(demo_world, "controller.ch")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_file(pilot, app, "120026")
        await open_form(pilot, app, RecordKind.NOTIFICATION)
        await record(pilot, app, screen, "Recorded")
        assert screen.file is not None and screen.file.notification is not None
        await open_form(pilot, app, RecordKind.NOTIFICATION)
        await record(pilot, app, screen, "A rule of the vehicle conventions stops this")
        assert "already notified on" in message(app)


async def test_only_the_entries_of_the_offices_territory_are_offered_to_end(world: World) -> None:
    """A car entered the EU (entry still open there) and then Switzerland: a Swiss officer may end or
    regularise only the Swiss entry, as the central allows, so the forms offer only that one."""
    road = Road(world)
    car = road.private("130001")
    road.on(june(2))
    eu = await road.commit(road.world.client("officer.fr"), road.request(car, T.IMPORTATION, office_id=None))
    swiss = await road.enter(car, june(5))
    app = workstation(world, "controller.ch")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_file(pilot, app, "130001")
        assert screen.file is not None and set(screen.file.open_entries) == {eu.transaction_id, swiss.transaction_id}
        for kind in (RecordKind.TERMINATION, RecordKind.REGULARISATION):
            form = await open_form(pilot, app, kind)
            [offered] = [f.choices for f in form.form.fields if f.key == "entry_id"]
            assert [value for _label, value in offered] == [swiss.transaction_id]
            assert form.query_one("#entry_id", Select).value == swiss.transaction_id
            await pilot.press("escape")
            await until(pilot, lambda: app.screen is screen)


async def test_a_record_the_central_cannot_be_reached_for_is_not_taken_for_retried(demo_world: World) -> None:
    """Link down while recording: Ctrl+R reloads the file (it does not send the record again), and the message
    says so; Ctrl+A brings the form back with what was typed."""
    link = SwitchableLink(demo_world.url)
    await link.up()
    token = demo_world.tokens["officer.ch"]
    app = EcarnetApp(lambda _typed: Connection(HttpCentral(link.url, token), link.url, embedded=False, signed_in=True),
                     clock=demo_world.clock, settings=settings_for(demo_world))
    try:
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_file(pilot, app, "120019")
            await open_form(pilot, app, RecordKind.SEIZURE)
            await retype(pilot, app, "#reference", "GE-2026-0415")
            await link.down()
            await record(pilot, app, screen, "cannot be reached")
            assert "Ctrl+R reloads the file to see whether it was recorded" in message(app)
            assert "press Ctrl+R to retry" not in message(app)
            await link.up()
            form = await open_form(pilot, app, RecordKind.SEIZURE)
            assert form.query_one("#reference").value == "GE-2026-0415"  # type: ignore[attr-defined]
    finally:
        await link.down()


async def test_a_country_that_is_not_a_two_letter_code_is_named(demo_world: World) -> None:
    app = workstation(demo_world, "controller.ch")
    async with app.run_test(size=SIZE) as pilot:
        await open_file(pilot, app, "120027")
        form = await open_form(pilot, app, RecordKind.EXTENSION)
        await retype(pilot, app, "#granted_until", "2099-01-01")
        await retype(pilot, app, "#authority", "Hauptzollamt München")
        await retype(pilot, app, "#country", "D1")
        await pilot.press("ctrl+n")
        hint = form.query_one("#record-hint", Static)
        await until(pilot, lambda: "Country of the authority: the country's two-letter code" in str(hint.render()))
        assert app.focused is form.query_one("#country")


async def test_f5_in_the_logs_opens_the_vehicle_file_of_the_cpd_under_the_cursor(demo_world: World) -> None:
    """The controller's logs list the undischarged vehicle carnet; F5 opens its file to regularise it."""
    app = workstation(demo_world, "controller.ch")
    async with app.run_test(size=(160, 40)) as pilot:
        await signed_in(pilot, app)
        await choose_office(pilot, app, "bardonnex")
        open_place(app, Place.LOGS)
        await on_step(pilot, app, LogsScreen)
        logs = app.screen
        assert isinstance(logs, LogsScreen)
        await until(pilot, lambda: bool(logs.query("#log-carnets")))
        table = logs.query_one("#log-carnets", DataTable)
        await until(pilot, lambda: table.row_count > 0)
        keys = [str(row.key.value) for row in table.ordered_rows]
        ata = next(k for k in keys if (log := logs.carnet_log(k)) is not None and log.kind is CarnetKind.ATA)
        table.move_cursor(row=keys.index(ata))  # an ATA carnet: no vehicle file to open
        await pilot.pause()
        assert logs.check_action("vehicle", ()) is False
        assert not logs.query_one("#log-detail", Static).display
        table.move_cursor(row=keys.index("120026"))
        await until(pilot, lambda: logs.check_action("vehicle", ()) is True)
        detail = logs.query_one("#log-detail", Static)
        await until(pilot, lambda: detail.display and "F5 opens the vehicle file of GBCPD2600026." in str(
            detail.render()))
        await pilot.press("f5")
        await on_step(pilot, app, VehicleFileScreen)
        screen = app.screen
        assert isinstance(screen, VehicleFileScreen)
        await until(pilot, lambda: screen.file is not None)
        assert screen.file is not None and screen.file.carnet_id == "120026"
        assert status(screen) is DischargeStatus.TO_CHECK
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is logs)


async def test_a_vehicle_not_yet_in_switzerland_opens_once_looked_up_here(demo_world: World, tmp_path: Path) -> None:
    """A British car at the Swiss border (120013: nothing in Switzerland yet): its file is not given to Bardonnex
    on its number alone, exactly as a carnet that does not exist; once the holder's code was looked up at this
    desk, the file opens (the desk sends the code it looked the carnet up with)."""
    app = with_queue(demo_world, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot, app)
        await choose_office(pilot, app, "bardonnex")
        open_place(app, Place.VEHICLE_FILE, "120013")
        await on_step(pilot, app, VehicleFileScreen)
        screen = app.screen
        assert isinstance(screen, VehicleFileScreen)
        await until(pilot, lambda: "No carnet has this number or ID" in message(app))
        assert screen.file is None
        await retype(pilot, app, "#vehicle-carnet", "999999")
        await pilot.press("enter")
        await until(pilot, lambda: "No carnet has this number or ID" in message(app) and screen.carnet == "999999")
        await pilot.press("escape")
        await on_step(pilot, app, ScanScreen)

        await look_up(pilot, app, "GBCPD2600013", demo_code(demo_world, "120013", T.IMPORTATION))
        open_place(app, Place.VEHICLE_FILE, "120013")
        await on_step(pilot, app, VehicleFileScreen)
        reopened = app.screen
        assert isinstance(reopened, VehicleFileScreen)
        await until(pilot, lambda: reopened.file is not None)
        assert reopened.file is not None and reopened.file.carnet_number == "GBCPD2600013"
        assert reopened.file.passages == [] and "No passage yet." in text(reopened, "#file-stays")
