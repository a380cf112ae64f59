"""The wizard's edge cases, driven with real key presses against a real central on loopback.

Each test checks both what the officer sees and what the central's store holds (or does not) afterwards.
"""

from __future__ import annotations

import io
import re
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Input, Static

from carnet_domain.carnet import Carnet
from carnet_domain.payload import TransactionPayload
from carnet_domain.refusals import WarningCode
from carnet_domain.transaction import GoodsDeclaration, TransactionState
from carnet_domain.transaction_types import TransactionType as T
from central_contract.models import CommitRequest
from ecarnet_tui.app import EcarnetApp
from ecarnet_tui.screens.dialogs.findings import FindingsDialog
from ecarnet_tui.screens.dialogs.token import TokenDialog
from ecarnet_tui.screens.wizard.check_carnet import CheckCarnetScreen
from ecarnet_tui.screens.wizard.check_goods import CheckGoodsScreen
from ecarnet_tui.screens.wizard.commit import CommitScreen
from ecarnet_tui.screens.wizard.receipt import ReceiptScreen
from ecarnet_tui.screens.wizard.scan import ScanScreen
from ecarnet_tui.services.connection import connect_configured
from ecarnet_tui.settings import Settings, config_dir, data_dir
from ecarnet_tui.texts.refusals import refusal_text, warning_text
from reference_central.demo.seed import demo_codes
from tests.api.helpers import fresh_code, history_of
from tests.central_world import World, make_carnet
from tests.ui.harness import message, on_step, scan, screen_text, signed_in, workstation
from tests.ui.waiting import until

SIZE = (80, 24)
AZERTY = str.maketrans("1234567890", "&é\"'(-è_çà")


# --- building the central's state through the API ----------------------------------------------------------


async def _commit(world: World, account: str, carnet: Carnet, kind: T, declared: str = "") -> None:
    """A declaration of ``kind`` made and committed through the API by ``account``."""
    code = fresh_code()
    world.declare(carnet, kind, code, declared)
    client = world.client(account)
    try:
        await client.commit(
            CommitRequest(carnet_id=carnet.carnet_id, transaction_code=code, type=kind,
                          goods=GoodsDeclaration(declared_goods=declared)),
            str(uuid.uuid4()),
        )
    finally:
        await client.aclose()


async def _travelled(world: World, carnet: Carnet, exported: str = "1-20", imported: str = "") -> Carnet:
    """Validated and exported at home in the EU (officer.fr); imported into Switzerland if ``imported``."""
    world.add_carnet(carnet)
    await _commit(world, "officer.fr", carnet, T.VALIDATION)
    await _commit(world, "officer.fr", carnet, T.EXPORTATION, exported)
    if imported:
        await _commit(world, "officer.ch", carnet, T.IMPORTATION, imported)
    return carnet


def _eu_carnet(carnet_id: str, **extra: Any) -> Carnet:
    """A carnet issued in the EU, so that Switzerland (officer.ch at Genève Aéroport) is a foreign territory."""
    return make_carnet(carnet_id, f"EU-T{carnet_id}", home="EU", **extra)


# --- what the officer sees and does -------------------------------------------------------------------------


def _value(app: EcarnetApp, selector: str) -> str:
    return app.screen.query_one(selector, Input).value


def _static(app: EcarnetApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def _rendered(content: object) -> str:
    """What a Rich renderable looks like as plain text, 80 columns wide."""
    console = Console(width=76, file=io.StringIO(), record=True)  # the screen's 80 less padding and scroll bar
    console.print(content)
    return console.export_text(styles=False)


async def _focus(pilot: Pilot[Any], app: EcarnetApp, field: Input) -> None:
    field.focus()
    await until(pilot, lambda: app.focused is field)


async def _type_into(pilot: Pilot[Any], app: EcarnetApp, selector: str, text: str) -> None:
    """Focus an input, clear it with key presses and type ``text`` character by character."""
    field = app.screen.query_one(selector, Input)
    await _focus(pilot, app, field)
    if field.value:
        await pilot.press("end", "shift+home", "backspace")
    await pilot.press(*text)
    assert field.value == text


async def _new_scan(pilot: Pilot[Any], app: EcarnetApp, carnet: str, code: str) -> None:
    """From wherever the wizard is, back to step 1 with Escape, clear it (Ctrl+L) and scan again."""
    while not isinstance(app.screen, ScanScreen):
        await pilot.press("escape")
    await pilot.press("ctrl+l")
    await until(pilot, lambda: _value(app, "#carnet") == "" and _value(app, "#code") == "")
    await scan(pilot, app, carnet, code)


async def _says(pilot: Pilot[Any], app: EcarnetApp, text: str) -> None:
    """Wait until the current step's message line contains ``text``."""
    try:
        await until(pilot, lambda: text in message(app), timeout=10)
    except AssertionError:
        raise AssertionError(f"{type(app.screen).__name__} says {message(app)!r}, not {text!r}") from None


async def _to_commit_step(pilot: Pilot[Any], app: EcarnetApp) -> None:
    await on_step(pilot, app, CheckCarnetScreen)
    await pilot.press("ctrl+n")
    await on_step(pilot, app, CheckGoodsScreen)
    await pilot.press("ctrl+n")
    await on_step(pilot, app, CommitScreen)


# --- 1. an expired carnet ----------------------------------------------------------------------------------


async def test_expired_carnet_stops_importation_but_lets_reexportation_through(world: World) -> None:
    now = world.clock()
    world.clock.set(datetime(2026, 5, 20, 9, 0, tzinfo=UTC))  # while the carnet was still valid
    carnet = await _travelled(
        world, _eu_carnet("7101", issue=date(2025, 6, 1), valid_until=date(2026, 6, 1)), "1-20", "1-5"
    )
    world.clock.set(now)  # today: 15/06/2026, two weeks after expiry
    importation, reexportation = fresh_code(), fresh_code()
    world.declare(carnet, T.IMPORTATION, importation, "6-8")
    world.declare(carnet, T.REEXPORTATION, reexportation, "1-5")
    before = history_of(world, carnet)

    app = workstation(world)
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot, app)
        await scan(pilot, app, carnet.carnet_id, importation)
        await on_step(pilot, app, CheckCarnetScreen)
        expired = refusal_text("carnet_expired")
        assert expired is not None
        stop = app.screen.query_one("#stop", Static)
        assert stop.display and str(stop.render()) == expired
        assert "Valid until: 01/06/2026" in screen_text(app)
        history = _rendered(app.screen.query_one("#history-table", Static).content)
        assert re.search(r"Importation +20/05/2026 09:00 +1-5 +CH +Genève +Committed", history), history
        await pilot.press("ctrl+n")
        await _says(pilot, app, expired)
        assert isinstance(app.screen, CheckCarnetScreen)
        assert history_of(world, carnet) == before

        await _new_scan(pilot, app, carnet.carnet_id, reexportation)
        await _to_commit_step(pilot, app)
        await pilot.press("ctrl+n")
        await on_step(pilot, app, ReceiptScreen)
        assert "Re-exportation committed" in _static(app, "#receipt-summary")

    recorded = history_of(world, carnet)
    assert len(recorded) == len(before) + 1
    last = recorded[-1]
    assert (last.type, last.goods.declared_goods, last.state) == (T.REEXPORTATION, "1-5", TransactionState.COMMITTED)
    assert last.local_date == date(2026, 6, 15)
    assert not any(t.type is T.IMPORTATION and t.transaction_code == importation for t in recorded)


# --- 2. a carnet not yet validated -------------------------------------------------------------------------


async def test_importation_of_a_carnet_not_validated_stops_at_step_two(world: World) -> None:
    carnet = world.add_carnet(_eu_carnet("7201"))
    code = fresh_code()
    world.declare(carnet, T.IMPORTATION, code, "1-3")

    app = workstation(world)
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot, app)
        await scan(pilot, app, carnet.carnet_id, code)
        await on_step(pilot, app, CheckCarnetScreen)
        # The lookup says the carnet is not validated: the officer is stopped before typing anything.
        stop = app.screen.query_one("#stop", Static)
        not_validated = refusal_text("not_validated")
        assert not_validated is not None
        assert stop.display
        assert not_validated in str(stop.render())
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, CheckCarnetScreen)
        assert not_validated in str(app.screen.query_one("#problem", Static).render())

    assert history_of(world, carnet) == []


# --- 3. what step 1 says about a code or carnet that does not fit ------------------------------------------


async def test_step_one_explains_a_wrong_or_used_code_and_an_unknown_carnet(world: World) -> None:
    carnet = await _travelled(world, _eu_carnet("7301"))
    world.declare(carnet, T.IMPORTATION, fresh_code(), "1-3")
    used = history_of(world, carnet)[0].transaction_code
    before = history_of(world, carnet)

    app = workstation(world)
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot, app)
        status = app.navigator.scan.query_one("#connection", Static)

        await scan(pilot, app, carnet.carnet_id, fresh_code())
        await _says(pilot, app, "This transaction code does not belong to this carnet.")
        assert status.has_class("problem") and isinstance(app.screen, ScanScreen)

        await _new_scan(pilot, app, carnet.number, used)
        await _says(pilot, app, "This transaction code has already been used.")
        assert status.has_class("problem") and isinstance(app.screen, ScanScreen)

        await _new_scan(pilot, app, "999999", fresh_code())
        await _says(pilot, app, "No carnet has this number or ID.")
        assert status.has_class("problem") and isinstance(app.screen, ScanScreen)
        # What was typed stays, to correct it.
        assert _value(app, "#carnet") == "999999"

    assert history_of(world, carnet) == before


# --- 4. the holder disagrees: cancel and redo ---------------------------------------------------------------


async def test_cancelling_with_the_holders_code_goes_back_to_step_three_to_redo(world: World) -> None:
    carnet = await _travelled(world, _eu_carnet("7401"))
    code, cancellation = fresh_code(), fresh_code()
    world.declare(carnet, T.IMPORTATION, code, "1-5", cancellation_code=cancellation, means_of_transport="Van")
    before = len(history_of(world, carnet))

    app = workstation(world)
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot, app)
        await scan(pilot, app, carnet.carnet_id, code)
        await on_step(pilot, app, CheckCarnetScreen)
        await pilot.press("ctrl+n")
        await on_step(pilot, app, CheckGoodsScreen)
        assert _value(app, "#declared_goods") == "1-5" and _value(app, "#means_of_transport") == "Van"
        await _type_into(pilot, app, "#declared_goods", "2-4")
        await _type_into(pilot, app, "#means_of_transport", "Truck GE 123")
        await pilot.press("ctrl+n")
        await on_step(pilot, app, CommitScreen)
        await pilot.press("ctrl+n")
        await on_step(pilot, app, ReceiptScreen)
        first = history_of(world, carnet)[-1]
        assert (first.goods.declared_goods, first.goods.means_of_transport) == ("2-4", "Truck GE 123")

        # The holder shows the cancellation code (lower case typed: it still matches).
        assert app.focused is app.screen.query_one("#cancellation-code", Input)
        await pilot.press(*cancellation.lower(), "enter")
        await on_step(pilot, app, CheckGoodsScreen)
        assert _value(app, "#declared_goods") == "2-4"
        assert _value(app, "#means_of_transport") == "Truck GE 123"
        assert history_of(world, carnet)[-1].state is TransactionState.CANCELLED

        await _type_into(pilot, app, "#declared_goods", "2-3")
        await pilot.press("ctrl+n")
        await on_step(pilot, app, CommitScreen)
        assert "Declared goods: 2-3" in _static(app, "#declared-summary")
        await pilot.press("ctrl+n")
        await on_step(pilot, app, ReceiptScreen)
        assert "Declared goods: 2-3" in _static(app, "#receipt-summary")

        # A wrong cancellation code cancels nothing and says so.
        await pilot.press(*fresh_code(), "enter")
        await _says(pilot, app, "The cancellation code does not match this transaction.")
        assert isinstance(app.screen, ReceiptScreen)

    recorded = history_of(world, carnet)[before:]
    assert [(t.goods.declared_goods, t.state) for t in recorded] == [
        ("2-4", TransactionState.CANCELLED), ("2-3", TransactionState.COMMITTED),
    ]
    assert recorded[0].transaction_id == first.transaction_id
    assert recorded[1].goods.means_of_transport == "Truck GE 123"
    assert recorded[1].transaction_code == code


# --- 5. the holder's text is shown literally ----------------------------------------------------------------


async def test_markup_and_escape_codes_in_the_holders_name_are_shown_literally(world: World) -> None:
    name = "[bold red]X[/] \x1b[31m"
    carnet = world.add_carnet(_eu_carnet("7501", holder={"name": name}))
    code = fresh_code()
    world.declare(carnet, T.IMPORTATION, code, "1")

    app = workstation(world)
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot, app)
        await scan(pilot, app, carnet.carnet_id, code)
        await on_step(pilot, app, CheckCarnetScreen)
        fields = str(app.screen.query_one("#carnet-fields", Static).render()).splitlines()
        holder = next(line for line in fields if line.startswith("Holder:"))
        assert holder == "Holder: [bold red]X[/] \\x1b[31m"
        shown = screen_text(app)
        assert "Holder: [bold red]X[/] \\x1b[31m" in shown
        assert "\x1b" not in shown


# --- 6. a keyboard-wedge scanner types the payload ----------------------------------------------------------


async def test_a_scanned_payload_is_split_into_carnet_and_code(world: World) -> None:
    carnet = world.add_carnet(_eu_carnet("7601"))
    code = fresh_code()
    world.declare(carnet, T.IMPORTATION, code, "1-3")
    payload = TransactionPayload(carnet.carnet_id, code).encode()
    azerty = payload.lower().translate(AZERTY)
    assert "&" in azerty and not any(c.isdigit() for c in azerty)

    app = workstation(world)
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot, app)
        carnet_field = app.navigator.scan.query_one("#carnet", Input)
        code_field = app.navigator.scan.query_one("#code", Input)

        for field, typed in ((carnet_field, payload), (code_field, payload),
                             (carnet_field, azerty)):
            while not isinstance(app.screen, ScanScreen):
                await pilot.press("escape")
            await pilot.press("ctrl+l")
            await _focus(pilot, app, field)
            await pilot.press(*typed)
            assert (carnet_field.value, code_field.value) == (carnet.carnet_id, code), typed
            assert message(app) == f"QR read: carnet {carnet.carnet_id}."
            await pilot.press("enter")
            await on_step(pilot, app, CheckCarnetScreen)
            step = app.screen
            assert isinstance(step, CheckCarnetScreen)
            assert (step.draft.carnet.carnet_id, step.draft.lookup.declaration.transaction_code) == (
                carnet.carnet_id, code)

        # A TRAINING QR on a live central is flagged at once.
        await pilot.press("escape", "ctrl+l")
        await _focus(pilot, app, carnet_field)
        await pilot.press(*TransactionPayload(carnet.carnet_id, code, training=True).encode())
        assert message(app) == "This is a TRAINING QR: it is not valid on a live central."
        assert app.navigator.scan.query_one("#connection", Static).has_class("problem")

    assert history_of(world, carnet) == []


async def test_a_wifi_qr_is_not_taken_for_a_carnet(world: World) -> None:
    carnet = world.add_carnet(_eu_carnet("7602"))
    code = fresh_code()
    world.declare(carnet, T.IMPORTATION, code, "1-3")

    app = workstation(world)
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot, app)
        status = app.navigator.scan.query_one("#connection", Static)
        # Scanned into the carnet field (a short and a long Wi-Fi QR), then into the code field.
        for field, typed in (("#carnet", "WIFI:S:x;;"), ("#carnet", "WIFI:T:WPA;S:CustomsGuest;P:horse-battery;;"),
                             ("#code", "WIFI:S:x;;")):
            await pilot.press("ctrl+l")
            await until(pilot, lambda: _value(app, "#carnet") == "" and _value(app, "#code") == "")
            if field == "#code":
                app.navigator.scan.query_one("#carnet", Input).value = carnet.carnet_id
            app.navigator.scan.query_one(field, Input).focus()
            await pilot.pause()
            await pilot.press(*typed, "enter")
            await until(pilot, lambda: status.has_class("problem"), timeout=10)
            assert "This is not a carnet QR" in message(app), message(app)
            assert typed[:20] in message(app)
            assert isinstance(app.screen, ScanScreen)
            assert app.is_running

    assert history_of(world, carnet) == []


# --- 7. no keyring: the token is typed and never written ----------------------------------------------------


@pytest.mark.usefixtures("no_keyring")
async def test_without_a_keyring_the_typed_token_signs_in_and_is_not_written(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_dirs = [config_dir(), data_dir()]
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    for variable, sub in (("XDG_CONFIG_HOME", ".config"), ("XDG_DATA_HOME", ".local/share"),
                             ("XDG_CACHE_HOME", ".cache"), ("XDG_STATE_HOME", ".local/state")):
        monkeypatch.setenv(variable, str(home / sub))
    assert config_dir().is_relative_to(home)
    token = world.tokens["officer.ch"]

    settings = Settings(central_url=world.url, integration_account="officer.ch")
    app = EcarnetApp(lambda typed: connect_configured(settings, typed))
    async with app.run_test(size=SIZE) as pilot:
        await on_step(pilot, app, TokenDialog)
        assert "no keyring" in screen_text(app)
        await pilot.press(*token)
        assert token not in screen_text(app)  # a password field
        await pilot.press("enter")
        await signed_in(pilot, app)
        assert isinstance(app.screen, ScanScreen)
        assert app.desk.me is not None and app.desk.me.account.account_id == "officer.ch"
        assert message(app) == "Connected to 127.0.0.1"

    central_files = {p for p in tmp_path.iterdir() if p.name.startswith("central.sqlite3")}
    searched = [p for p in tmp_path.rglob("*") if p.is_file() and p not in central_files]
    for folder in real_dirs:
        if folder.is_dir():
            searched += [p for p in folder.rglob("*") if p.is_file()]
    for path in searched:
        assert token.encode() not in path.read_bytes(), path


# --- 8. Escape goes back and keeps what was typed -----------------------------------------------------------


async def test_escape_goes_back_without_losing_what_was_typed(world: World) -> None:
    carnet = await _travelled(world, _eu_carnet("7801"))
    code = fresh_code()
    world.declare(carnet, T.IMPORTATION, code, "1-5")
    before = history_of(world, carnet)

    app = workstation(world)
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot, app)
        await scan(pilot, app, carnet.carnet_id, code)
        await on_step(pilot, app, CheckCarnetScreen)
        await pilot.press("ctrl+n")
        await on_step(pilot, app, CheckGoodsScreen)
        await _type_into(pilot, app, "#declared_goods", "2-4,7")
        await _type_into(pilot, app, "#place_of_use", "Palexpo")
        await pilot.press("ctrl+n")
        await on_step(pilot, app, CommitScreen)
        await _type_into(pilot, app, "#customs_reference", "GE-42")

        await pilot.press("escape")
        await on_step(pilot, app, CheckGoodsScreen)
        await pilot.press("escape")
        await on_step(pilot, app, CheckCarnetScreen)
        await pilot.press("ctrl+n")
        await on_step(pilot, app, CheckGoodsScreen)
        assert _value(app, "#declared_goods") == "2-4,7"
        assert _value(app, "#place_of_use") == "Palexpo"
        await pilot.press("ctrl+n")
        await on_step(pilot, app, CommitScreen)
        assert _value(app, "#customs_reference") == "GE-42"
        assert "Declared goods: 2-4,7" in _static(app, "#declared-summary")

    assert history_of(world, carnet) == before


# --- 9. findings to confirm ---------------------------------------------------------------------------------


async def test_reexporting_items_not_imported_asks_for_confirmation(world: World) -> None:
    carnet = await _travelled(world, _eu_carnet("7901"), "1-10", "1-5")
    code = fresh_code()
    world.declare(carnet, T.REEXPORTATION, code, "1-8")
    before = history_of(world, carnet)

    app = workstation(world)
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot, app)
        await scan(pilot, app, carnet.carnet_id, code)
        await _to_commit_step(pilot, app)
        await pilot.press("ctrl+n")
        await on_step(pilot, app, FindingsDialog)
        finding = warning_text("items_not_imported_here", "6-8")
        assert [str(s.render()) for s in app.screen.query(Static).results(Static)
                if str(s.render()).startswith("•")] == [f"• {finding}"]

        await pilot.press("n")
        await on_step(pilot, app, CommitScreen)
        await _says(pilot, app, "Not committed.")
        assert history_of(world, carnet) == before

        await pilot.press("ctrl+n")
        await on_step(pilot, app, FindingsDialog)
        await pilot.press("y")
        await on_step(pilot, app, ReceiptScreen)

    recorded = history_of(world, carnet)
    assert len(recorded) == len(before) + 1
    last = recorded[-1]
    assert (last.type, last.goods.declared_goods) == (T.REEXPORTATION, "1-8")
    assert last.confirmed_warnings == (WarningCode.ITEMS_NOT_IMPORTED_HERE,)


# --- 10. bad input: a clear message, nothing lost ------------------------------------------------------------


async def test_bad_ranges_and_dates_are_explained_and_kept(world: World) -> None:
    carnet = await _travelled(world, _eu_carnet("8001"))
    code = fresh_code()
    world.declare(carnet, T.IMPORTATION, code, "1-5", place_of_use="Basel")
    before = history_of(world, carnet)

    app = workstation(world)
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot, app)
        await scan(pilot, app, carnet.carnet_id, code)
        await on_step(pilot, app, CheckCarnetScreen)
        await pilot.press("ctrl+n")
        await on_step(pilot, app, CheckGoodsScreen)

        await _type_into(pilot, app, "#declared_goods", "1-3,1-99")
        await pilot.press("enter")
        await _says(pilot, app, "'1-99': the carnet lists only 20 items.")
        await pilot.press("ctrl+n")
        await _says(pilot, app, "'1-99': the carnet lists only 20 items.")
        assert isinstance(app.screen, CheckGoodsScreen)
        assert _value(app, "#declared_goods") == "1-3,1-99"
        assert _value(app, "#place_of_use") == "Basel"

        await _type_into(pilot, app, "#declared_goods", "1-3,19")
        await pilot.press("ctrl+n")
        await on_step(pilot, app, CommitScreen)
        for typed, said in (
            ("2027-01-31", "The final date cannot be after the carnet's validity (2026-12-31)."),
            ("2026-06-01", "2026-06-01 is in the past: the final date cannot be before today."),
            ("31/02/2026", "'31/02/2026' is not a date: write it as YYYY-MM-DD or DD/MM/YYYY."),
        ):
            await _type_into(pilot, app, "#final-date", typed)
            await pilot.press("ctrl+n")
            await _says(pilot, app, said)
            assert isinstance(app.screen, CommitScreen)
            assert _value(app, "#final-date") == typed
            assert history_of(world, carnet) == before

        await _type_into(pilot, app, "#final-date", "30/11/2026")
        await pilot.press("ctrl+n")
        await on_step(pilot, app, ReceiptScreen)
        assert "Final date: 30/11/2026" in _static(app, "#receipt-summary")

    last = history_of(world, carnet)[-1]
    assert (last.type, last.goods.declared_goods, last.goods.place_of_use) == (T.IMPORTATION, "1-3,19", "Basel")
    assert last.customs.final_date == date(2026, 11, 30)


# --- 11. a demo carnet on hold stops at step 2 ---------------------------------------------------------------


async def test_a_carnet_on_hold_stops_at_step_two(demo_world: World) -> None:
    codes = {c.carnet_id: c.transaction_code for c in demo_codes(demo_world.store) if c.trainee == 0}
    before = len(history_of(demo_world, "120010"))

    app = workstation(demo_world)
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot, app)
        await scan(pilot, app, "120010", codes["120010"])
        await on_step(pilot, app, CheckCarnetScreen)
        on_hold = refusal_text("carnet_on_hold")
        assert on_hold is not None
        stop = app.screen.query_one("#stop", Static)
        # Held at this very office: the officer is told how to release it and resume.
        assert stop.display
        assert str(stop.render()) == on_hold + " Press Ctrl+O to release it and resume where it stopped."
        holds = [line for s in app.screen.query(".hold").results(Static) for line in str(s.render()).splitlines()]
        assert len(holds) == 1 and holds[0].endswith("Seal numbers do not match the general list")
        await pilot.press("ctrl+n")
        await _says(pilot, app, on_hold)
        assert isinstance(app.screen, CheckCarnetScreen)

    assert len(history_of(demo_world, "120010")) == before
