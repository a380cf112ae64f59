"""The workstation in French: an importation through all five steps at 80×24, every screen in French.

``ecarnet`` switches the language before it imports the app (``cli.py``), because the descriptions of the
keys in the footer are class attributes, translated when their module is imported. This test does the same:
it imports the workstation's modules afresh after ``use_language("fr")``. Afterwards the English modules are
put back in ``sys.modules``, so that the other tests of this pytest worker keep the classes they imported.
"""

from __future__ import annotations

import importlib
import sys
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import Any, cast

import pytest
from rich.cells import cell_len
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import DataTable, Input, Label

from carnet_domain.transaction import GoodsDeclaration
from carnet_domain.transaction_types import TransactionType as T
from central_client.http import HttpCentral
from central_contract.models import CommitRequest, EuStep
from ecarnet_tui.app import EcarnetApp
from ecarnet_tui.i18n import use_language
from ecarnet_tui.services.connection import Connection
from tests.api.helpers import fresh_code, history_of
from tests.central_world import World, make_carnet
from tests.ui.harness import choose_office, on_step, retype, scan, signed_in
from tests.ui.waiting import until

SIZE = (80, 24)
NBSP = "\u00a0"
"""French puts a no-break space before a colon and between thousands."""
KEPT = "ecarnet_tui.i18n"
"""The language switch itself stays: the fresh modules read its translation."""

Load = Callable[[str], ModuleType]


def _workstation_module(name: str) -> bool:
    return (name == "ecarnet_tui" or name.startswith("ecarnet_tui.")) and name != KEPT


@contextmanager
def interface_in(language: str) -> Iterator[Load]:
    """The workstation's modules imported afresh in ``language``, as ``ecarnet`` imports them after
    ``use_language``; on the way out, English and the modules every other test imported are back."""
    saved = {name: module for name, module in sys.modules.items() if _workstation_module(name)}
    for name in saved:
        del sys.modules[name]
    use_language(language)
    try:
        yield importlib.import_module
    finally:
        use_language("en")
        for name in [name for name in sys.modules if _workstation_module(name)]:
            del sys.modules[name]
        sys.modules.update(saved)


@pytest.fixture
def french() -> Iterator[Load]:
    with interface_in("fr") as load:
        yield load


def screen_text(app: EcarnetApp) -> str:
    """The screen as the officer sees it, line by line."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def footer(app: EcarnetApp) -> str:
    return screen_text(app).splitlines()[-1]


def assert_on_screen(app: EcarnetApp, *texts: str) -> None:
    seen = screen_text(app)
    missing = [text for text in texts if text not in seen]
    assert not missing, f"{missing} not on screen:\n{seen}"


async def assert_labels_whole(pilot: Pilot[Any], app: EcarnetApp) -> list[str]:
    """Every label of a form row or select row fits its 30 columns and is drawn whole; returns them in order.

    Each label is scrolled into view and the cells drawn where it stands are compared with its text."""
    labels = list(app.screen.query("FormRow > Label, .select-row > Label, .office-row > Label").results(Label))
    assert labels, "this step has no form rows"
    texts = []
    for label in labels:
        text = str(label.render())
        beside_qr = any(node.id == "receipt-text" for node in label.ancestors)  # as wide as it needs, beside the QR
        assert label.size.width == 30 or beside_qr
        assert cell_len(text) <= label.size.width - (0 if beside_qr else 1), f"{text!r} is wider than its column"
        label.scroll_visible(animate=False, immediate=True)
        await pilot.pause()
        area = label.content_region
        assert app.screen.region.contains_region(area), f"{text!r} cannot be scrolled into view"
        seen = screen_text(app)
        drawn = seen.splitlines()[area.y][area.x:area.right]
        assert drawn.rstrip() == text, f"{text!r} is drawn as {drawn!r}:\n{seen}"
        texts.append(text)
    return texts


def french_workstation(load: Load, world: World, account: str) -> EcarnetApp:
    app_class = cast("type[EcarnetApp]", load("ecarnet_tui.app").EcarnetApp)
    token = world.tokens[account]
    return app_class(lambda _typed: Connection(HttpCentral(world.url, token), world.url, embedded=True, signed_in=True),
                     clock=world.clock)


def screen_class(load: Load, module: str, name: str) -> type[Screen[Any]]:
    return cast("type[Screen[Any]]", getattr(load(f"ecarnet_tui.screens.{module}"), name))


async def exported_eu_carnet(world: World) -> tuple[str, str]:
    """A carnet of home EU validated and exported at Paris CDG, through the API: ready to enter Switzerland.
    Returns its ID and the holder's code for the importation."""
    carnet = world.add_carnet(make_carnet("71", "EU-FR0001", home="EU"))
    client = world.client("officer.fr")
    for kind, declared, eu_step in ((T.VALIDATION, "", None), (T.EXPORTATION, "1-20", EuStep.EXIT)):
        code = fresh_code()
        world.declare(carnet, kind, code, declared)
        body = CommitRequest(carnet_id=carnet.carnet_id, transaction_code=code, type=kind, eu_step=eu_step,
                             goods=GoodsDeclaration(declared_goods=declared))
        await client.commit(body, str(uuid.uuid4()))
    code = fresh_code()
    world.declare(carnet, T.IMPORTATION, code, "1-20", place_of_use="Palexpo, Genève", means_of_transport="camion")
    return carnet.carnet_id, code


async def test_an_importation_in_french_at_80x24(world: World, close_clients: None, french: Load) -> None:
    carnet_id, code = await exported_eu_carnet(world)
    before = len(history_of(world, carnet_id))
    home = screen_class(french, "wizard.scan", "ScanScreen")
    check_carnet = screen_class(french, "wizard.check_carnet", "CheckCarnetScreen")
    check_goods = screen_class(french, "wizard.check_goods", "CheckGoodsScreen")
    commit = screen_class(french, "wizard.commit", "CommitScreen")
    receipt = screen_class(french, "wizard.receipt", "ReceiptScreen")
    app = french_workstation(french, world, "officer.ch")
    async with app.run_test(size=SIZE) as pilot:
        # Step 1, from the first screen on.
        await signed_in(pilot, app)
        await choose_office(pilot, app, "bardonnex")
        await until(pilot, lambda: f"Agent{NBSP}: " in screen_text(app))
        assert_on_screen(app, "FORMATION — carnets de démonstration", "1 Lecture",
                         "(Agent), territoire douanier Suisse", "Dernières transactions de ce bureau")
        labels = await assert_labels_whole(pilot, app)
        assert labels == ["Identifiant/n° du carnet", "Code de transaction", "Bureau de douane"]
        assert "Suivant" in footer(app) and "Bureau" in footer(app) and footer(app).rstrip().endswith("Aide")
        await scan(pilot, app, carnet_id, code)

        # Step 2: the carnet.
        await on_step(pilot, app, check_carnet)
        await until(pilot, lambda: "IMPORTATION" in screen_text(app))
        assert_on_screen(app, "2 Carnet", f"Titulaire{NBSP}: Test Holder", "Association émettrice",
                         "Association garante", f"Valable jusqu'au{NBSP}: 31/12/2026", "valable jusqu'au 31/12/2026")
        assert "Retour" in footer(app) and "Suivant" in footer(app)
        await pilot.press("ctrl+n")

        # Step 3: the goods.
        await on_step(pilot, app, check_goods)
        await until(pilot, lambda: f"Déclarées{NBSP}: 20 articles, 20 pièces" in screen_text(app))
        assert_on_screen(app, "3 Marchandises", "Désignation", "Marques d'identif.")
        assert (await assert_labels_whole(pilot, app))[:2] == ["Marchandises déclarées (n°)", "Filtrer la liste"]
        assert "Appliquer" in footer(app)
        await retype(pilot, app, "#declared_goods", "1-10")
        await pilot.press("ctrl+u")
        ten = f"Déclarées{NBSP}: 10 articles, 10 pièces, 1{NBSP}000,00{NBSP}CHF"
        await until(pilot, lambda: ten in screen_text(app))
        await retype(pilot, app, "#means_of_transport", "fourgon")
        labels = await assert_labels_whole(pilot, app)
        assert "Utilisées / transportées à" in labels and "Moyen de transport" in labels
        await pilot.press("ctrl+n")

        # Step 4: the customs fields and the commit.
        await on_step(pilot, app, commit)
        assert_on_screen(app, "4 Enregistrer", f"Bureau de douane{NBSP}: Bardonnex",
                         f"Marchandises déclarées{NBSP}: 1-10",
                         "vide = validité du carnet, 31/12/2026")
        assert await assert_labels_whole(pilot, app) == [
            "Date limite de réexportation", "N° de référence douanière", "Remarques de la douane",
        ]
        assert "Enregistrer" in footer(app)
        await retype(pilot, app, "#customs_reference", "I7")
        await retype(pilot, app, "#customs_remarks", "plombs intacts")
        await pilot.press("ctrl+n")

        # Step 5: the receipt, as the central recorded it.
        await on_step(pilot, app, receipt)
        history = history_of(world, carnet_id)
        assert len(history) == before + 1
        recorded = history[-1]
        assert recorded.type is T.IMPORTATION and recorded.committed
        assert recorded.office_id == "bardonnex" and recorded.officer_id == "officer.ch"
        assert recorded.goods.declared_goods == "1-10"
        assert recorded.goods.means_of_transport == "fourgon"
        assert recorded.customs.customs_reference == "I7"
        assert recorded.customs.customs_remarks == "plombs intacts"
        await until(pilot, lambda: "Montrez le QR au titulaire" in screen_text(app))
        assert_on_screen(app, "5 Récépissé", "Code de vérification",
                         recorded.verification_code, "Importation enregistrée le", "à Bardonnex par",
                         f"Date limite{NBSP}: 31/12/2026")
        assert await assert_labels_whole(pilot, app) == ["Code d'annulation"]
        assert "Nouvelle transaction" in footer(app)

        # And back to step 1, where the office's list shows it in French.
        await pilot.press("ctrl+n")
        await on_step(pilot, app, home)
        table = app.screen.query_one("#last-transactions", DataTable)
        await until(pilot, lambda: recorded.transaction_id in table.rows)
        row = [str(cell) for cell in table.get_row(recorded.transaction_id)]
        assert row[2] == "Importation" and row[3] == "Enregistrée"
        assert app.focused is app.screen.query_one("#carnet", Input)


def test_english_is_back_for_the_other_tests() -> None:
    """What ``interface_in`` leaves behind: the English modules, in English."""
    import ecarnet_tui.app as before

    with interface_in("fr") as load:
        french_app = load("ecarnet_tui.app").EcarnetApp
        assert french_app is not before.EcarnetApp
        assert {b.description for b in french_app.BINDINGS} >= {"Quitter", "Actualiser"}
    import ecarnet_tui.app as after
    from ecarnet_tui.i18n import _

    assert after is before
    assert {b.description for b in cast("list[Any]", after.EcarnetApp.BINDINGS)} >= {"Quit", "Refresh"}
    assert _("Transaction code") == "Transaction code"
