"""The sign-in screen at 80×24, against the real central: the first sign-in enrols the authenticator (a QR drawn in
the terminal that a phone reads, and the secret as text for SSH), later ones take its code; the training central
lists the demo accounts; wrong answers say what to do and lose nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, cast

import pyotp
import zxingcpp
from textual.widgets import ContentSwitcher, DataTable, Input, Static

from carnet_domain.organisation import Account
from carnet_domain.transaction_types import TransactionType as T
from central_client.http import HttpCentral
from central_contract.models import CommitRequest
from ecarnet_tui.app import EcarnetApp
from ecarnet_tui.screens.identity.sign_in import SignInScreen
from ecarnet_tui.screens.wizard.scan import ScanScreen
from ecarnet_tui.services.connection import Connection
from ecarnet_tui.widgets.qr import QRCode
from reference_central import records
from reference_central.demo.identity import DEMO_PASSWORD, DEMO_WORKSTATION_KEY, demo_totp_secret
from tests.api.helpers import fresh_code
from tests.central_world import World, make_carnet
from tests.ui.harness import message, screen_text
from tests.ui.sign_in_harness import (
    office_at_sign_in,
    on_sign_in,
    sign_in_as,
    totp_now,
    type_credentials,
    unsigned_desk,
)
from tests.ui.test_french import Load, french
from tests.ui.test_receipt_qr import widget_image
from tests.ui.waiting import until

__all__ = ["french"]

SIZE = (80, 24)


def problem(screen: SignInScreen) -> str:
    return str(screen.query_one("#problem", Static).render())


def stage(screen: SignInScreen) -> str:
    return (screen.query_one("#stages", ContentSwitcher).current or "").removeprefix("stage-")


def account(world: World, account_id: str) -> Account:
    with world.store.transaction() as db:
        found = records.account(db, account_id)
    assert found is not None
    return found


async def test_the_first_sign_in_enrols_the_authenticator_from_the_qr_or_the_secret(world: World) -> None:
    world.server.central.reset_mfa(None, "officer.ch")
    app = unsigned_desk(world)
    async with app.run_test(size=SIZE) as pilot:
        await type_credentials(pilot, app, "officer.ch")
        screen = await on_sign_in(pilot, app)
        code_box = screen.query_one("#enrol-code", Input)
        await until(pilot, lambda: app.focused is code_box)
        qr = screen.query_one("#enrol-qr", QRCode)
        assert qr.region.bottom <= SIZE[1] - 1, "the QR fits above the key bar"
        uri = [r.text for r in zxingcpp.read_barcodes(widget_image(qr))]
        assert len(uri) == 1
        assert uri[0].startswith("otpauth://totp/") and "officer.ch" in uri[0]
        secret = pyotp.parse_uri(uri[0]).secret
        shown = str(screen.query_one("#enrol-secret", Static).render()).replace(" ", "")
        assert shown == secret, "the secret is also given as text, for a terminal over SSH"

        await pilot.press(*"000000", "enter")  # a wrong code first: said, and the QR stays
        await until(pilot, lambda: "wrong" in problem(screen))
        assert app.focused is code_box
        world.clock.advance(timedelta(seconds=31))
        await pilot.press(*pyotp.TOTP(secret).at(world.clock()), "enter")
        await until(pilot, lambda: stage(screen) == "recovery")
        codes = str(screen.query_one("#recovery-codes", Static).render()).split()
        assert len(codes) == 8
        await pilot.press("enter")
        await office_at_sign_in(pilot, app)
        await until(pilot, lambda: isinstance(app.screen, ScanScreen) and app.desk.me is not None)
        assert app.desk.session is not None and app.desk.session.grant is not None, "a registered desk: a grant"
    # enrolled: the next sign-in asks for the code, and a recovery code works once
    again = unsigned_desk(world)
    async with again.run_test(size=SIZE) as pilot:
        await type_credentials(pilot, again, "officer.ch")
        screen = await on_sign_in(pilot, again)
        totp = screen.query_one("#totp", Input)
        await until(pilot, lambda: again.focused is totp)
        await pilot.press(*codes[0], "enter")
        await office_at_sign_in(pilot, again)
        assert again.desk.session is not None and again.desk.session.account_id == "officer.ch"


async def test_a_demo_officer_signs_in_with_the_code_the_training_screen_shows(demo_world: World) -> None:
    app = unsigned_desk(demo_world, training=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await on_sign_in(pilot, app)
        table = screen.query_one("#demo-accounts", DataTable)
        await until(pilot, lambda: table.row_count >= 10)
        text = screen_text(app)
        assert "carnet training" in text and "TRAINING" in text
        shown = {str(table.get_row_at(n)[0]): str(table.get_row_at(n)[2]) for n in range(table.row_count)}
        assert shown["officer.fr"] == pyotp.TOTP(demo_totp_secret("officer.fr")).at(demo_world.clock())
        await sign_in_as(pilot, app, demo_world, "officer.fr", office="cdg")
        assert app.desk.office_id == "cdg"
        assert "Training Officer FR" in screen_text(app)


async def test_the_central_has_the_session_work_at_the_office_chosen_at_sign_in(
    world: World, close_clients: None,
) -> None:
    """The training workstation is at Genève Aéroport; officer.ch chooses Bardonnex, another office of the region: the
    central binds the session there, so the desk's requests about Bardonnex are answered (its last transactions)."""
    carnet = world.add_carnet(make_carnet("9801", "CHSI9801"))
    code = fresh_code()
    world.declare(carnet, T.VALIDATION, code)
    made = await world.client("officer.ch", "bardonnex").commit(
        CommitRequest(carnet_id=carnet.carnet_id, transaction_code=code, type=T.VALIDATION), fresh_code())
    app = unsigned_desk(world)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_as(pilot, app, world, "officer.ch", office="bardonnex")
        assert app.desk.office_id == "bardonnex"
        assert (await app.desk.central.me()).office.office_id == "bardonnex"
        table = app.navigator.scan.query_one("#last-transactions", DataTable)
        await until(pilot, lambda: table.row_count == 1)
        assert str(table.get_row_at(0)[0]) == made.transaction.carnet_id
        assert "another customs office" not in message(app)


async def test_wrong_passwords_say_so_and_a_lock_out_says_when_to_try_again(world: World) -> None:
    app = unsigned_desk(world)
    async with app.run_test(size=SIZE) as pilot:
        screen = await on_sign_in(pilot, app)
        for attempt in range(5):
            await type_credentials(pilot, app, "officer.ch", f"not the password {attempt}")
            await until(pilot, lambda: "wrong" in problem(screen) or "try again in" in problem(screen))
            assert screen.query_one("#account", Input).value == "officer.ch", "the account typed stays"
            assert screen.query_one("#password", Input).value == "", "a wrong password is cleared"
        await type_credentials(pilot, app, "officer.ch", DEMO_PASSWORD)  # right, but locked now
        await until(pilot, lambda: "try again in 15 min" in problem(screen))
        assert app.desk.session is None


async def test_a_new_password_is_chosen_after_a_reset_with_the_rules_said(world: World) -> None:
    code = world.server.central.reset_password(account(world, "manager.ch"), "officer.ch").code
    app = unsigned_desk(world)
    async with app.run_test(size=SIZE) as pilot:
        await type_credentials(pilot, app, "officer.ch", code)
        screen = await on_sign_in(pilot, app)
        first = screen.query_one("#new-password", Input)
        await until(pilot, lambda: app.focused is first)
        await pilot.press(*"short", "enter", *"short", "enter")
        await until(pilot, lambda: "12 characters" in problem(screen))
        first.value = ""
        first.focus()
        await pilot.press(*"officer.ch rocks 2026", "enter", *"officer.ch rocks 2026", "enter")
        totp = screen.query_one("#totp", Input)
        await until(pilot, lambda: app.focused is totp)
        await pilot.press(*totp_now(world, "officer.ch"), "enter")
        await until(pilot, lambda: "name" in problem(screen))  # the central's rule, in the officer's words
        assert stage(screen) == "new-password"
        for box in (first, screen.query_one("#new-password-again", Input)):
            box.value = ""
        first.focus()
        await pilot.press(*"three plain words", "enter", *"three plain words", "enter")
        await until(pilot, lambda: app.focused is totp)
        await pilot.press(*totp_now(world, "officer.ch"), "enter")
        await office_at_sign_in(pilot, app)
        assert app.desk.session is not None and app.desk.session.account_id == "officer.ch"


async def test_the_sign_in_speaks_french(world: World, french: Load) -> None:
    app_class = cast("type[EcarnetApp]", french("ecarnet_tui.app").EcarnetApp)
    app = app_class(lambda _typed: Connection(HttpCentral(world.url, workstation_key=DEMO_WORKSTATION_KEY),
                                              world.url, embedded=False), clock=world.clock)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: type(app.screen).__name__ == "SignInScreen" and app.screen.is_mounted
                    and bool(app.screen.query("#account")))  # pushed, then composed and mounted
        screen: Any = app.screen
        box = screen.query_one("#account")
        box.focus()
        await pilot.press(*"officer.ch", "enter", *"pas le bon mot de passe", "enter")
        await until(pilot, lambda: "passe" in str(screen.query_one("#problem").render()))
        text = screen_text(app)
        assert "Mot de passe" in text, text
        assert "erroné" in str(screen.query_one("#problem").render()) or "faux" in str(
            screen.query_one("#problem").render())
