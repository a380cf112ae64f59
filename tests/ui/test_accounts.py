"""The accounts screen against a real central, at 80×24: a Regional manager searches their region's accounts,
creates an officer (whose one-time code is shown once and works), changes one, disables and enables it, and
makes a password code; the roles offered are those the role may give; an officer is not offered the screen and
the central refuses it; an account's name with markup and control characters shows literally."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Select
from textual.widgets.select import InvalidSelectValueError

from carnet_domain.organisation import AccountStatus, Role
from central_client.errors import CentralRefused
from central_contract.identity import SignInNeed
from ecarnet_tui.navigation.navigator import entries_for
from ecarnet_tui.screens.admin.accounts import AccountsScreen
from ecarnet_tui.screens.common.places import Place
from ecarnet_tui.screens.dialogs.ask import AskDialog
from ecarnet_tui.screens.dialogs.confirm import ConfirmDialog
from ecarnet_tui.screens.dialogs.record_form import RecordFormDialog
from reference_central import records
from tests.central_world import World
from tests.ui.admin_harness import fill, open_admin, rows
from tests.ui.harness import message, screen_text, workstation
from tests.ui.sign_in_harness import sign_in_as, unsigned_desk
from tests.ui.waiting import until

SIZE = (80, 24)


def stored(world: World, account_id: str) -> Any:
    with world.store.transaction() as db:
        return records.account(db, account_id)


async def search(pilot: Pilot[Any], screen: AccountsScreen, text: str) -> None:
    field = screen.query_one("#accounts-search", Input)
    field.value = ""
    field.focus()
    await pilot.press(*text)
    await pilot.press("enter")


async def test_a_regional_manager_manages_the_accounts_of_their_region(world: World, close_clients: None) -> None:
    app = workstation(world, "manager.ch")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_admin(pilot, app, Place.ACCOUNTS, AccountsScreen)
        await until(pilot, lambda: "officer.ch" in rows(screen))
        assert "officer.fr" not in rows(screen)  # another region's: the central does not answer it
        await search(pilot, screen, "controller geneve")
        assert rows(screen) == ["controller.ch"]
        assert "Training Controller CH" in screen_text(app)

        # A new officer: the roles offered are those a Regional manager may give
        await pilot.press("ctrl+n")
        dialog = await fill(pilot, app, {"account_id": "j.martin", "display_name": "[red]Jeanne[/red] \u202eMartin",
                                         "email": "j.martin@douane.invalid", "role": "officer",
                                         "office_id": "bardonnex"})
        with pytest.raises(InvalidSelectValueError):  # a Regional manager is not offered the Admin role
            dialog.query_one("#role", Select).value = Role.ADMIN.value
        await pilot.press("ctrl+n")
        await until(pilot, lambda: "bidirectional" in screen_text(app))  # said in the form, nothing sent
        assert isinstance(app.screen, RecordFormDialog) and stored(world, "j.martin") is None
        await fill(pilot, app, {"display_name": "[red]Jeanne[/red] Martin"})
        await pilot.press("ctrl+n")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        shown = screen_text(app)
        code = next(line for line in shown.splitlines() if "One-time code:" in line).split(":", 1)[1].split()[0]
        await pilot.press("y")
        await until(pilot, lambda: rows(screen) == ["j.martin"])  # the search now names the new account
        assert stored(world, "j.martin").office_id == "bardonnex"
        assert "[red]Jeanne[/red]" in screen_text(app)  # the name as typed, not as markup

        # The code signs the officer in once, to choose a password
        from central_client.http import HttpCentral
        first = HttpCentral(world.url)
        world.clients.append(first)
        step = await first.sign_in("j.martin", code)
        assert SignInNeed.NEW_PASSWORD in step.needs  # the code opened the sign-in: next, a password of their own

        # Changing the role and office
        await pilot.press("ctrl+e")
        await fill(pilot, app, {"role": "controller", "office_id": "gva-airport"})
        await pilot.press("ctrl+n")
        await until(pilot, lambda: stored(world, "j.martin").role is Role.CONTROLLER)
        assert stored(world, "j.martin").office_id == "gva-airport"
        await until(pilot, lambda: "changed" in message(app))

        # Disabling asks why, then enabling asks to confirm
        await pilot.press("ctrl+d")
        await until(pilot, lambda: isinstance(app.screen, AskDialog))
        await pilot.press(*"left the service", "enter")
        await until(pilot, lambda: stored(world, "j.martin").status is AccountStatus.DISABLED)
        await until(pilot, lambda: "Disabled" in screen_text(app))
        await pilot.press("ctrl+d")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await until(pilot, lambda: stored(world, "j.martin").status is AccountStatus.ACTIVE)

        # A password code, shown once
        await pilot.press("ctrl+p")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog) and "One-time code" in screen_text(app))
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, AccountsScreen))


async def test_a_refused_account_keeps_what_was_typed(world: World, close_clients: None) -> None:
    app = workstation(world, "manager.ch")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_admin(pilot, app, Place.ACCOUNTS, AccountsScreen)
        await until(pilot, lambda: bool(rows(screen)))
        await pilot.press("ctrl+n")
        await fill(pilot, app, {"account_id": "officer.ch", "display_name": "Someone Else"})
        await pilot.press("ctrl+n")
        await until(pilot, lambda: isinstance(app.screen, AccountsScreen) and "already" in message(app).lower())
        await pilot.press("ctrl+n")
        dialog = await fill(pilot, app, {})
        assert dialog.query_one("#display_name", Input).value == "Someone Else"  # kept for another try
        await pilot.press("escape")


async def test_an_officer_is_not_offered_the_accounts(world: World, close_clients: None) -> None:
    assert Place.ACCOUNTS not in {entry.place for entry in entries_for(Role.OFFICER)}
    assert Place.ACCOUNTS in {entry.place for entry in entries_for(Role.REGIONAL_MANAGER)}
    app = workstation(world, "officer.ch")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_admin(pilot, app, Place.ACCOUNTS, AccountsScreen)  # reached anyway: the central decides
        await until(pilot, lambda: bool(message(app)) and "Loading" not in message(app))
        assert rows(screen) == []
        assert "problem" in screen.query_one("#problem").classes


async def test_a_regional_manager_reads_and_ends_an_officers_sessions(world: World, close_clients: None) -> None:
    officer = world.client("officer.ch")
    assert (await officer.me()).account.account_id == "officer.ch"
    app = workstation(world, "manager.ch")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_admin(pilot, app, Place.ACCOUNTS, AccountsScreen)
        await until(pilot, lambda: "officer.ch" in rows(screen))
        await search(pilot, screen, "officer.ch")
        await until(pilot, lambda: rows(screen) == ["officer.ch"])
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        assert "session" in screen_text(app) and "last seen" in screen_text(app)
        await pilot.press("y")
        await until(pilot, lambda: "are ended" in message(app))
    with pytest.raises(CentralRefused, match="session"):
        await officer.me()


async def test_an_account_never_used_is_deleted_one_with_history_is_not(world: World, close_clients: None) -> None:
    app = workstation(world, "manager.ch")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_admin(pilot, app, Place.ACCOUNTS, AccountsScreen)
        await until(pilot, lambda: "officer.ch" in rows(screen))
        await pilot.press("ctrl+n")
        await fill(pilot, app, {"account_id": "typo.officer", "display_name": "Typo", "role": "officer",
                                "office_id": "gva-airport"})
        await pilot.press("ctrl+n")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("n")  # the code dialog
        await until(pilot, lambda: rows(screen) == ["typo.officer"])
        screen.table.focus()
        await pilot.press("delete")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await until(pilot, lambda: stored(world, "typo.officer") is None and "deleted" in message(app))

        await search(pilot, screen, "officer.ch")  # it signed in: it has a history
        await until(pilot, lambda: rows(screen) == ["officer.ch"])
        await pilot.press("delete")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await until(pilot, lambda: "disable it instead" in message(app))
        assert stored(world, "officer.ch") is not None


async def test_a_forms_fields_are_wide_enough_to_type_in_after_a_sign_in(world: World, close_clients: None) -> None:
    """As at a real desk: the sign-in screen's rows come first, then a form in a dialog. Its labels keep their
    column and its inputs the rest of the row, so what is typed shows (a dialog's wide labels once squeezed the
    inputs to nothing)."""
    app = unsigned_desk(world)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_as(pilot, app, world, "manager.ch", office="gva-airport")
        await open_admin(pilot, app, Place.ACCOUNTS, AccountsScreen)
        await pilot.press("ctrl+n")
        await until(pilot, lambda: isinstance(app.screen, RecordFormDialog))
        await pilot.press(*"j.martin")
        await pilot.pause()
        field = app.screen.query_one("#account_id", Input)
        assert field.size.width >= 30 and field.value == "j.martin"
        assert "j.martin" in screen_text(app)
