"""An officer used to another key for Commit remaps it in the settings (``[keymap] commit = "f10"``): the new key
commits, the key bar and F1 show it, and Ctrl+N no longer commits at step 4."""

from __future__ import annotations

from textual.widgets import Label, Static

from carnet_domain.transaction_types import TransactionType as T
from ecarnet_tui.app import EcarnetApp
from ecarnet_tui.navigation.keys import actions, keymap_problem
from ecarnet_tui.screens.dialogs.help import HelpDialog
from ecarnet_tui.screens.wizard.check_carnet import CheckCarnetScreen
from ecarnet_tui.screens.wizard.check_goods import CheckGoodsScreen
from ecarnet_tui.screens.wizard.commit import CommitScreen
from ecarnet_tui.screens.wizard.receipt import ReceiptScreen
from ecarnet_tui.settings import Settings
from tests.api.helpers import fresh_code, history_of
from tests.central_world import World, make_carnet
from tests.ui.harness import on_step, scan, signed_in, workstation
from tests.ui.waiting import until


def key_bar(app: EcarnetApp) -> str:
    return str(app.screen.query_one("#key-bar", Static).render())


async def test_commit_remapped_to_f10_commits_and_shows_as_f10(world: World) -> None:
    carnet = world.add_carnet(make_carnet("9371", "CHKEY9371"))
    code = fresh_code()
    world.declare(carnet, T.VALIDATION, code)
    app = workstation(world, settings=Settings(keymap={"commit": "f10"}))
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in(pilot, app)
        await scan(pilot, app, carnet.number, code)
        for step in (CheckCarnetScreen, CheckGoodsScreen):
            await on_step(pilot, app, step)
            await pilot.press("ctrl+n")  # "next" is not remapped: Ctrl+N still goes on at steps 2 and 3
        await on_step(pilot, app, CommitScreen)
        await until(pilot, lambda: "Commit" in key_bar(app))
        assert "f10 Commit" in key_bar(app) and "^n Commit" not in key_bar(app)

        await pilot.press("f1")
        await until(pilot, lambda: isinstance(app.screen, HelpDialog))
        shown = " ".join(str(w.render()) for w in app.screen.query(Static)) + \
            " ".join(str(w.render()) for w in app.screen.query(Label))
        assert "F10 commits" in shown and "Ctrl+N commits" not in shown
        await pilot.press("escape")
        await on_step(pilot, app, CommitScreen)

        await pilot.press("ctrl+n")  # the old key does nothing here now
        await pilot.pause(0.2)
        assert isinstance(app.screen, CommitScreen) and history_of(world, carnet.carnet_id) == []
        await pilot.press("f10")
        await on_step(pilot, app, ReceiptScreen)
    assert [t.type for t in history_of(world, carnet.carnet_id)] == [T.VALIDATION]


def test_a_keymap_naming_no_action_or_no_key_is_refused_with_what_to_do() -> None:
    known = actions(EcarnetApp)
    assert {"commit", "next", "hold", "help", "quit"} <= set(known)
    assert keymap_problem({"commit": "f10"}, known) is None
    problem = keymap_problem({"comit": "f10"}, known)
    assert problem is not None and "comit" in problem and "ecarnet --keys" in problem
    problem = keymap_problem({"commit": "ctrl+shift+banana"}, known)
    assert problem is not None and "not a key" in problem
