"""Every screen's key bar shows all its keys, F1 Help included, and the step bar names every step, at 80×24 in
English and in French: the whole wizard (goods and vehicle carnets, a carnet held here) and the desk's screens.

The workstation's modules are imported afresh in each language (see ``tests/ui/test_french.py``).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, cast

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, TabbedContent

from carnet_domain.transaction_types import TransactionType
from central_client.http import HttpCentral
from ecarnet_tui.app import EcarnetApp
from ecarnet_tui.i18n import use_language
from ecarnet_tui.services.connection import Connection
from ecarnet_tui.widgets.steps import StepBar, step_names
from offline_queue.store import QueueStore
from reference_central.demo.seed import demo_codes
from tests.central_world import World
from tests.ui.harness import choose_office, on_step, scan, signed_in
from tests.ui.test_french import Load, french_workstation, interface_in, screen_class, screen_text
from tests.ui.waiting import until

SIZE = (80, 24)
WIDTH = SIZE[0] - 2
"""The step bar's text between its padding."""


def _codes(world: World) -> dict[str, str]:
    return {c.carnet_id: c.transaction_code for c in demo_codes(world.store) if c.trainee == 0}


def _demo_carnet(world: World, scenario: str) -> tuple[str, str]:
    """The ID and the holder's code of the demo carnet of ``scenario`` (trainee 0)."""
    from reference_central.demo.carnets import scenarios

    carnet_id = next(s.carnet.carnet_id for s in scenarios(date.today()) if s.key == scenario)
    return carnet_id, _codes(world)[carnet_id]


def key_bar_problems(app: EcarnetApp, where: str) -> list[str]:
    """What the key bar of the current screen leaves out: a key it should show (every binding shown, once per
    action, as the key bar lists them), or F1 Help at its end."""
    line = screen_text(app).splitlines()[-1]
    shown: list[str] = []
    seen: set[str] = set()
    for active in app.screen.active_bindings.values():
        binding = active.binding
        if binding.show and binding.action not in seen:
            seen.add(binding.action)
            shown.append(f"{app.get_key_display(binding)} {binding.description}")
    problems = [f"{where}: {key!r} missing from {line!r}" for key in shown if key not in line]
    if not problems and not line.rstrip().endswith(shown[-1]):
        problems.append(f"{where}: {line!r} does not end with {shown[-1]!r}")
    return problems


def keys_shown(app: EcarnetApp) -> set[str]:
    return {b.binding.key for b in app.screen.active_bindings.values() if b.binding.show}


def step_bar_problems(app: EcarnetApp, load: Load, where: str, vehicle: bool = False) -> list[str]:
    """The step bar names every step, and shows the transaction type when there is one."""
    from textual.widgets import Static

    steps = load("ecarnet_tui.widgets.steps")
    bar = app.screen.query_one("#step-bar", Static)
    line = screen_text(app).splitlines()[bar.region.y]
    problems = [f"{where}: step {n} {name!r} not named in {line!r}"
                for n, name in enumerate(steps.step_names(vehicle), 1) if f"{n} {name}" not in line]
    kind = getattr(bar, "kind", None)
    if kind is not None:
        upper = load("ecarnet_tui.texts.labels").type_name(kind).upper()
        if upper not in line:
            problems.append(f"{where}: the type {upper!r} is not in {line!r}")
    return problems


async def _wizard(pilot: Pilot[Any], app: EcarnetApp, load: Load, world: World) -> list[str]:
    """Steps 1 to 5 of an importation, step 2 of a carnet held at this office, step 3 of a vehicle carnet."""
    found: list[str] = []
    home = screen_class(load, "wizard.scan", "ScanScreen")
    check_carnet = screen_class(load, "wizard.check_carnet", "CheckCarnetScreen")
    steps = [check_carnet, screen_class(load, "wizard.check_goods", "CheckGoodsScreen"),
             screen_class(load, "wizard.commit", "CommitScreen"), screen_class(load, "wizard.receipt", "ReceiptScreen")]
    await signed_in(pilot, app)
    await choose_office(pilot, app, "gva-airport")
    await until(pilot, lambda: "1 " in screen_text(app).splitlines()[-1])
    found += key_bar_problems(app, "step 1") + step_bar_problems(app, load, "step 1")
    await scan(pilot, app, *_demo_carnet(world, "importation"))
    for number, step in enumerate(steps, 2):
        await on_step(pilot, app, step)
        await pilot.pause()
        found += key_bar_problems(app, f"step {number}") + step_bar_problems(app, load, f"step {number}")
        await pilot.press("ctrl+n")
    await on_step(pilot, app, home)

    await pilot.press("ctrl+l")
    await scan(pilot, app, *_demo_carnet(world, "on-hold"))
    await on_step(pilot, app, check_carnet)
    await until(pilot, lambda: any(b.binding.action == "release" for b in app.screen.active_bindings.values()))
    await pilot.pause()
    found += key_bar_problems(app, "step 2, held here") + step_bar_problems(app, load, "step 2, held here")
    await pilot.press("escape")
    await on_step(pilot, app, home)

    await choose_office(pilot, app, "bardonnex")
    await pilot.press("ctrl+l")
    await scan(pilot, app, *_demo_carnet(world, "cpd-private"))
    await on_step(pilot, app, check_carnet)
    await pilot.press("ctrl+n")
    await on_step(pilot, app, screen_class(load, "wizard.check_vehicle", "CheckVehicleScreen"))
    await pilot.pause()
    found += key_bar_problems(app, "step 3, vehicle") + step_bar_problems(app, load, "step 3, vehicle", True)
    await pilot.press("escape", "escape")
    await on_step(pilot, app, home)
    return found


async def _desk(pilot: Pilot[Any], app: EcarnetApp, load: Load) -> list[str]:
    """Each screen of the desk (Ctrl+D), the supervisor's tabs with a shift open, the details screens, the Logs'
    two views; the carnets on hold (Ctrl+O), the offline queue (Ctrl+Y) and a procedure (Ctrl+G)."""
    found: list[str] = []
    home = screen_class(load, "wizard.scan", "ScanScreen")
    entries = ["predeclarations", "transits", "vehicles", "supervisor", "logs"]
    screens = {"predeclarations": ("desk.predeclarations", "PreDeclarationsScreen"),
               "transits": ("desk.transits", "TransitScreen"), "vehicles": ("desk.vehicle_file", "VehicleFileScreen"),
               "supervisor": ("desk.supervisor", "SupervisorDeskScreen"), "logs": ("desk.logs.screen", "LogsScreen")}
    details = {"predeclarations": ("desk.predeclaration", "PreDeclarationScreen"),
               "transits": ("desk.transit", "TransitDetailsScreen")}
    for index, entry in enumerate(entries):
        await pilot.press("ctrl+d")
        await until(pilot, lambda: type(app.screen).__name__ == "DeskMenu")
        await pilot.press(*["down"] * index, "enter")
        screen = screen_class(load, *screens[entry])
        await on_step(pilot, app, screen)
        await pilot.pause()
        found += key_bar_problems(app, entry)
        if entry in details:
            table = app.screen.query(DataTable).first()
            await until(pilot, lambda: table.row_count > 0)  # noqa: B023
            table.focus()
            await pilot.press("enter")
            await on_step(pilot, app, screen_class(load, *details[entry]))
            await pilot.pause()
            found += key_bar_problems(app, f"{entry}, details")
            await pilot.press("escape")
            await on_step(pilot, app, screen)
        if entry == "supervisor":
            tabs = app.screen.query_one(TabbedContent)
            for shift in ("no shift", "a shift open"):
                if shift != "no shift":
                    tabs.active = "tab-shift"
                    await until(pilot, lambda: "ctrl+b" in keys_shown(app))
                    await pilot.press("ctrl+b")
                    await until(pilot, lambda: "ctrl+f" in keys_shown(app))
                for tab in ("tab-holds", "tab-queue", "tab-shift", "tab-audit"):
                    tabs.active = tab
                    await until(pilot, lambda: tabs.active == tab)  # noqa: B023
                    await pilot.pause()
                    found += key_bar_problems(app, f"supervisor, {tab}, {shift}")
            await pilot.press("escape")  # the audit trail's tab opens on its account field: Escape leaves the field
        if entry == "logs":
            await pilot.press("f3")
            await until(pilot, lambda: app.screen.view == "transactions")  # type: ignore[attr-defined]
            await pilot.pause()
            found += key_bar_problems(app, "logs, transactions")
            await pilot.press("escape")
        await pilot.press("escape")
        await on_step(pilot, app, home)
    await pilot.press("ctrl+o")
    await on_step(pilot, app, screen_class(load, "desk.holds", "HoldsScreen"))
    await pilot.pause()
    found += key_bar_problems(app, "carnets on hold")
    await pilot.press("escape")
    await on_step(pilot, app, home)
    await pilot.press("ctrl+y")
    await on_step(pilot, app, screen_class(load, "desk.queue", "QueueScreen"))
    await pilot.pause()
    found += key_bar_problems(app, "offline queue")
    await pilot.press("escape")
    await on_step(pilot, app, home)
    await pilot.press("ctrl+g")
    await until(pilot, lambda: type(app.screen).__name__ == "ProcedurePicker")
    await pilot.press("enter")
    await on_step(pilot, app, screen_class(load, "desk.procedure", "ProcedureScreen"))
    await pilot.pause()
    found += key_bar_problems(app, "procedure")
    await pilot.press("escape")
    await on_step(pilot, app, home)
    return found


@pytest.mark.parametrize("language", ["en", "fr"])
async def test_every_step_shows_all_its_keys_and_names_every_step(demo_world: World, language: str) -> None:
    with interface_in(language) as load:
        app = french_workstation(load, demo_world, "controller.ch")
        async with app.run_test(size=SIZE) as pilot:
            problems = await _wizard(pilot, app, load, demo_world)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", ["en", "fr"])
async def test_every_desk_screen_shows_all_its_keys(demo_world: World, language: str, tmp_path: Path) -> None:
    with interface_in(language) as load:
        app_class = cast("type[EcarnetApp]", load("ecarnet_tui.app").EcarnetApp)
        token = demo_world.tokens["controller.ch"]
        app = app_class(lambda _typed: Connection(HttpCentral(demo_world.url, token), demo_world.url, embedded=True,
                                                  signed_in=True),
                        queue=QueueStore.open(tmp_path / "queue.sqlite3", clock=demo_world.clock),
                        clock=demo_world.clock)
        async with app.run_test(size=SIZE) as pilot:
            await signed_in(pilot, app)
            problems = await _desk(pilot, app, load)
    assert not problems, "\n".join(problems)


def _named_steps(language: str) -> dict[tuple[bool, TransactionType | None, int], bool]:
    """For each carnet kind (vehicle or not), transaction type (or none, at step 1) and step: whether the step bar
    names every step at 80 columns in ``language``."""
    use_language(language)
    try:
        found = {}
        for vehicle in (False, True):
            for kind in (None, *TransactionType):
                for step in range(1, 6):
                    line = StepBar(step, kind, vehicle).line(WIDTH).plain
                    found[vehicle, kind, step] = all(f"{n} {name}" in line
                                                     for n, name in enumerate(step_names(vehicle), 1))
        return found
    finally:
        use_language("en")


def test_the_step_bar_names_every_step_in_french_where_it_does_in_english() -> None:
    """Only the transit types lose the names in French: "OUVERTURE DE TRANSIT" and "CLÔTURE DE TRANSIT" are 8
    and 5 columns longer than their English names, and the type is never cut."""
    english, french = _named_steps("en"), _named_steps("fr")
    assert all(named for (_vehicle, kind, _step), named in english.items()
               if kind in (None, TransactionType.VALIDATION, TransactionType.EXPORTATION, TransactionType.IMPORTATION))
    lost = {kind for key, named in english.items() if named and not french[key] for kind in [key[1]]}
    assert lost == {TransactionType.TRANSIT_OPEN, TransactionType.TRANSIT_CLOSE}
