"""The desk in French at 80×24 writes whole French sentences, amounts and counts as French does (``1 000,00 CHF``),
the names of countries and customs territories in French, and a no-break space before every colon: at step 1,
on a carnet at step 2, on a vehicle at step 3, in transit monitoring and in the Logs.

The language is switched as in ``tests/ui/test_french.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from textual.widgets import DataTable, Static

from carnet_domain.transaction_types import TransactionType as T
from reference_central.demo.seed import demo_codes
from tests.api.shift_world import commit, validated_in_france
from tests.central_world import World
from tests.ui.harness import choose_office, on_step, scan, signed_in
from tests.ui.test_french import (
    NBSP,
    SIZE,
    Load,
    assert_on_screen,
    exported_eu_carnet,
    french_workstation,
    interface_in,
    screen_class,
    screen_text,
)
from tests.ui.waiting import until


@pytest.fixture
def french() -> Iterator[Load]:
    with interface_in("fr") as load:
        yield load


ENGLISH_AMOUNT = re.compile(r"\d,\d{3}\.\d{2}|\b\d+\.\d{2}\b")
FRENCH_AMOUNT = re.compile(r"^\d{1,3}(\u00a0\d{3})*,\d{2}$")


def open_in(load: Load, app: object, place: str) -> None:
    """Ask the navigator for a place, with the message classes of the modules imported afresh in French."""
    screen_module, places = load("ecarnet_tui.screens.common.workstation"), load("ecarnet_tui.screens.common.places")
    app.post_message(screen_module.WorkstationScreen.Open(places.Place[place]))  # type: ignore[attr-defined]


def shown(app: object, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())  # type: ignore[attr-defined]


async def test_step_1_and_2_say_whole_sentences_and_french_names_and_numbers(
    world: World, close_clients: None, french: Load,
) -> None:
    carnet_id, code = await exported_eu_carnet(world)
    app = french_workstation(french, world, "officer.ch")
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot, app)
        await choose_office(pilot, app, "bardonnex")
        await until(pilot, lambda: "Connecté" in screen_text(app) and f"Agent{NBSP}:" in screen_text(app))
        assert_on_screen(app, "Connecté au système central de démonstration",
                         f"Agent{NBSP}: Training Officer CH (Agent), territoire douanier Suisse")
        assert "Connecté à le" not in screen_text(app) and "Switzerland" not in screen_text(app)

        await scan(pilot, app, carnet_id, code)
        await on_step(pilot, app, screen_class(french, "wizard.check_carnet", "CheckCarnetScreen"))
        await until(pilot, lambda: "Titulaire" in shown(app, "#carnet-fields"))
        fields = shown(app, "#carnet-fields").splitlines()
        for line in (f"Titulaire{NBSP}: Test Holder", f"Association émettrice{NBSP}: Test Chamber, Suisse",
                     f"Délivré le{NBSP}: 01/01/2026", f"Valable jusqu'au{NBSP}: 31/12/2026", f"Articles{NBSP}: 20",
                     f"Valeur totale{NBSP}: 2{NBSP}000,00{NBSP}CHF",
                     f"Valable dans (case P){NBSP}: Suisse, La Réunion, Royaume-Uni, Norvège, Turquie, Australie, "
                     "États-Unis"):
            assert line in fields, f"{line!r} not in {fields}"
        assert_on_screen(app, f"Titulaire{NBSP}: Test Holder", f"Valeur totale{NBSP}: 2{NBSP}000,00{NBSP}CHF")
        assert not [line for line in fields if re.search(r"\S:", line)], "a colon without its space"


async def test_a_vehicle_at_step_3_in_french(demo_world: World, french: Load) -> None:
    code = next(c.transaction_code for c in demo_codes(demo_world.store) if c.carnet_id == "120013" and not c.trainee)
    app = french_workstation(french, demo_world, "officer.ch")
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot, app)
        await choose_office(pilot, app, "bardonnex")
        await scan(pilot, app, "120013", code)
        await on_step(pilot, app, screen_class(french, "wizard.check_carnet", "CheckCarnetScreen"))
        await pilot.press("ctrl+n")
        await on_step(pilot, app, screen_class(french, "wizard.check_vehicle", "CheckVehicleScreen"))
        particulars = shown(app, "#vehicle-particulars").splitlines()
        for line in (f"Immatriculation{NBSP}: LD21 XRV (GB)", f"Poids net{NBSP}: 2{NBSP}323 kg",
                     f"Valeur{NBSP}: 65{NBSP}000,00{NBSP}GBP"):
            assert line in particulars, f"{line!r} not in {particulars}"
        assert not ENGLISH_AMOUNT.search("\n".join(particulars))


async def test_transit_monitoring_names_the_territories_in_french(
    world: World, close_clients: None, french: Load,
) -> None:
    carnet = await validated_in_france(world, "9601", "EU-TR9601")
    await commit(world, world.client("officer.ch"), carnet, T.TRANSIT_OPEN, "1-3",
                 final_date=world.clock().date() + timedelta(days=2), reference="GVA-T-9")
    app = french_workstation(french, world, "officer.ch")
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot, app)
        open_in(french, app, "TRANSITS")
        await until(pilot, lambda: bool(app.screen.query("#transits")))
        table = app.screen.query_one("#transits", DataTable)
        await until(pilot, lambda: table.row_count == 1)
        row = [str(cell) for cell in table.get_row_at(0)]
        assert "Suisse" in row and "Switzerland" not in row
        await pilot.press("enter")
        await until(pilot, lambda: bool(app.screen.query("#transit-open")))
        opened = shown(app, "#transit-open")
        assert f"Pays{NBSP}: Suisse" in opened, opened


async def test_the_logs_write_amounts_in_french(demo_world: World, french: Load) -> None:
    app = french_workstation(french, demo_world, "controller.ch")
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot, app)
        open_in(french, app, "LOGS")
        await until(pilot, lambda: bool(app.screen.query("#log-carnets")))
        table = app.screen.query_one("#log-carnets", DataTable)
        await until(pilot, lambda: table.row_count > 0)
        headings = [str(c.label) for c in table.columns.values()]
        values = [str(table.get_row_at(n)[headings.index("Valeur totale")]) for n in range(table.row_count)]
        assert values and all(FRENCH_AMOUNT.match(value) for value in values), values
        assert any(NBSP in value for value in values), "no value of a thousand or more to show the separator"
