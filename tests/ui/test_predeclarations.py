"""The Pre-declaration list and its details on the workstation (guide lines 2699-2729), against a real
central on loopback: the guide's columns, Acknowledge, Reject with a reason, no Commit for a pre-notification,
and Commit of a pre-declaration that allows automatic transaction through the wizard."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from carnet_domain.predeclaration import PreDeclaration, PreDeclarationState
from carnet_domain.transaction import GoodsDeclaration
from carnet_domain.transaction_types import TransactionType as T
from central_contract.models import CommitRequest
from ecarnet_tui.app import EcarnetApp
from ecarnet_tui.formats import local_time
from ecarnet_tui.screens.common.places import Place
from ecarnet_tui.screens.desk.predeclaration import PreDeclarationScreen
from ecarnet_tui.screens.desk.predeclarations import PreDeclarationsScreen
from ecarnet_tui.screens.dialogs.ask import AskDialog
from ecarnet_tui.screens.wizard.check_carnet import CheckCarnetScreen
from ecarnet_tui.screens.wizard.check_goods import CheckGoodsScreen
from ecarnet_tui.screens.wizard.commit import CommitScreen
from ecarnet_tui.screens.wizard.receipt import ReceiptScreen
from ecarnet_tui.widgets.key_bar import KeyBar
from reference_central import predeclaration_records
from tests.api.helpers import fresh_code, history_of
from tests.central_world import World, make_carnet
from tests.ui.harness import message, on_step, open_place, signed_in, workstation
from tests.ui.waiting import until

NOW = datetime(2026, 6, 15, 10, 0, tzinfo=UTC)
GUIDE_COLUMNS = ["Carnet ID", "Carnet number", "Arrival", "Carnet type", "Type", "Transport mode",
                 "Means of transport", "Identification", "Customs office"]


def create(world: World, **body: object) -> str:
    """A pre-declaration sent as the holder's app would (the admin on the reference central, from a session working at
    the office it is addressed to); its ID."""
    fields: dict[str, object] = {"kind": "pre_notification", "office_id": "gva-airport",
                                 "arrival_at": (NOW + timedelta(hours=4)).isoformat(), "transport_mode": "cargo",
                                 "means_of_transport": "air", "identification": "LX 8120"}
    fields.update(body)
    admin = world.token("admin", str(fields["office_id"]))
    with httpx.Client(base_url=world.url, headers={"Authorization": f"Bearer {admin}"}) as http:
        response = http.post("/v1/predeclarations", json=fields)
    assert response.status_code == 201, response.text
    return str(response.json()["predeclaration_id"])


def stored(world: World, predeclaration_id: str) -> PreDeclaration:
    with world.store.transaction() as db:
        found = predeclaration_records.one(db, predeclaration_id)
    assert found is not None
    return found


def cells(table: DataTable[Any], row: int) -> list[str]:
    return [str(cell) for cell in table.get_row_at(row)]


def keys(app: EcarnetApp) -> str:
    return str(app.screen.query_one(KeyBar).render())


async def open_list(pilot: Pilot[Any], app: EcarnetApp, rows: int) -> DataTable[Any]:
    await signed_in(pilot, app)
    # Step 1's list of last transactions first: a page arriving while the app closes has no home to go to.
    await until(pilot, lambda: app.navigator.scan.page is not None)
    open_place(app, Place.PREDECLARATIONS)
    await on_step(pilot, app, PreDeclarationsScreen)
    await until(pilot, lambda: bool(app.screen.query("#predeclarations")))
    table: DataTable[Any] = app.screen.query_one("#predeclarations", DataTable)
    await until(pilot, lambda: table.row_count == rows and app.focused is table)
    return table


async def open_details(pilot: Pilot[Any], app: EcarnetApp, rows: int, row: int = 0) -> PreDeclarationScreen:
    table = await open_list(pilot, app, rows)
    table.move_cursor(row=row)
    await pilot.press("enter")
    await on_step(pilot, app, PreDeclarationScreen)
    screen = app.screen
    assert isinstance(screen, PreDeclarationScreen)
    await until(pilot, lambda: screen.pre is not None and "Loading" not in message(app))
    return screen


async def test_the_list_shows_the_guide_columns_for_the_offices_of_the_region(demo_world: World) -> None:
    app = workstation(demo_world)
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_list(pilot, app, 4)  # Genève Aéroport's three and Bardonnex's; not Paris CDG's
        labels = [str(column.label) for column in table.columns.values()]
        assert labels == [*GUIDE_COLUMNS, "Kind", "State"]
        rows = [cells(table, n) for n in range(table.row_count)]
        offices = sorted(row[8] for row in rows)
        assert offices == ["Bardonnex", "Genève Aéroport", "Genève Aéroport", "Genève Aéroport"]
        automatic = next(row for row in rows if row[9] == "Automatic transaction")
        arrival = datetime.fromisoformat("2026-06-15T12:00:00+00:00")  # 14:00 in Geneva, today
        assert automatic == ["120003", "FRDEMO260003", local_time(arrival), "ATA", "Importation", "Hand carry",
                             "Air", "AF1142", "Genève Aéroport", "Automatic transaction", "Pending"]
        anonymous = next(row for row in rows if row[6] == "Air" and row[7] == "LX 8120")
        assert anonymous[:2] == ["—", "—"]
        assert anonymous[5] == "Cargo"
        with demo_world.store.transaction() as db:  # latest arrival first, as the central sorts them
            expected = predeclaration_records.at_offices(db, ["gva-airport", "bardonnex"])
        assert [row[7] for row in rows] == [pre.identification for pre in expected]


async def test_acknowledge_a_pre_notification(world: World) -> None:
    pre_id = create(world, attachments=[{"name": "packing-list.pdf", "size": 48213, "media_type": "application/pdf"}])
    app = workstation(world)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_details(pilot, app, 1)
        details = str(screen.query_one("#predeclaration-fields", Static).render())
        for line in ("Kind: Pre-notification", "State: Pending", "Carnet ID: —", "Identification: LX 8120",
                     "Transport mode: Cargo", "Customs office: Genève Aéroport"):
            assert line in details
        assert "packing-list.pdf (47 KB, application/pdf)" in str(
            screen.query_one("#predeclaration-attachments", Static).render())
        assert "Acknowledge" in keys(app)
        assert "Reject" in keys(app)
        await pilot.press("ctrl+a")
        await until(pilot, lambda: "Acknowledged" in message(app))
        assert "State: Acknowledged" in str(screen.query_one("#predeclaration-fields", Static).render())
        assert "Acknowledge" not in keys(app)
        assert "Reject" not in keys(app)
        await pilot.press("escape")
        await on_step(pilot, app, PreDeclarationsScreen)
        table = app.screen.query_one("#predeclarations", DataTable)
        await until(pilot, lambda: table.row_count == 1 and cells(table, 0)[-1] == "Acknowledged")

    record = stored(world, pre_id)
    assert (record.state, record.decided_by) == (PreDeclarationState.ACKNOWLEDGED, "officer.ch")


async def test_reject_with_a_reason(world: World) -> None:
    pre_id = create(world)
    app = workstation(world)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_details(pilot, app, 1)
        await pilot.press("ctrl+t")
        await on_step(pilot, app, AskDialog)
        await pilot.press("enter")
        assert "A reason is needed" in str(app.screen.query_one("#reason-hint", Static).render())
        await pilot.press(*"Goods to be inspected", "enter")
        await on_step(pilot, app, PreDeclarationScreen)
        await until(pilot, lambda: "Rejected" in message(app))
        assert "Reason: Goods to be inspected" in str(app.screen.query_one("#predeclaration-fields", Static).render())
        await pilot.press("escape")
        await on_step(pilot, app, PreDeclarationsScreen)
        table = app.screen.query_one("#predeclarations", DataTable)
        await until(pilot, lambda: table.row_count == 0 and "No pre-declaration" in message(app))
        await pilot.press("f4")  # the closed ones too
        await until(pilot, lambda: table.row_count == 1 and cells(table, 0)[-1] == "Rejected")

    record = stored(world, pre_id)
    assert (record.state, record.reason, record.decided_by) == (
        PreDeclarationState.REJECTED, "Goods to be inspected", "officer.ch")


async def test_a_pre_notification_offers_no_commit_and_another_office_no_action(world: World) -> None:
    carnet = world.add_carnet(make_carnet("9301", "CHPN9301"))
    create(world, carnet=carnet.number, arrival_at=(NOW + timedelta(hours=8)).isoformat())
    create(world, office_id="bardonnex")
    app = workstation(world)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_details(pilot, app, 2)  # the latest arrival first: the one naming its carnet
        assert "Carnet number: CHPN9301" in str(app.screen.query_one("#predeclaration-fields", Static).render())
        assert "Commit" not in keys(app)
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, PreDeclarationScreen)
        await pilot.press("escape")
        await on_step(pilot, app, PreDeclarationsScreen)
        table = app.screen.query_one("#predeclarations", DataTable)
        await until(pilot, lambda: table.row_count == 2)
        table.move_cursor(row=1)
        await pilot.press("enter")
        await on_step(pilot, app, PreDeclarationScreen)
        await until(pilot, lambda: "only its officers act on it" in message(app))
        assert "Acknowledge" not in keys(app)
        assert "Reject" not in keys(app)


async def test_commit_opens_step_two_and_the_wizard_commits_it(world: World) -> None:
    carnet = world.add_carnet(make_carnet("9302", "FRPD9302", home="EU"))
    fr = world.client("officer.fr")
    for kind, declared in ((T.VALIDATION, ""), (T.EXPORTATION, "1-20")):
        code = fresh_code()
        world.declare(carnet, kind, code, declared)
        await fr.commit(CommitRequest(carnet_id=carnet.carnet_id, transaction_code=code, type=kind,
                                      goods=GoodsDeclaration(declared_goods=declared)), fresh_code())
    await fr.aclose()
    code = fresh_code()
    world.declare(carnet, T.IMPORTATION, code, "1-20", means_of_transport="Air")
    pre_id = create(world, kind="automatic_transaction", carnet=carnet.number, transaction_code=code,
                    transport_mode="hand_carry", identification="AF1142")
    app = workstation(world)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_details(pilot, app, 1)
        assert "Commit" in keys(app)
        await pilot.press("ctrl+n")
        await on_step(pilot, app, CheckCarnetScreen)
        draft = app.screen.draft  # type: ignore[attr-defined]
        assert (draft.lookup.carnet.carnet_id, draft.lookup.declaration.transaction_code) == ("9302", code)
        assert stored(world, pre_id).state is PreDeclarationState.PENDING
        await pilot.press("ctrl+n")
        await on_step(pilot, app, CheckGoodsScreen)
        await pilot.press("ctrl+n")
        await on_step(pilot, app, CommitScreen)
        await pilot.press("ctrl+n")
        await on_step(pilot, app, ReceiptScreen)

    recorded = history_of(world, "9302")[-1]
    assert (recorded.type, recorded.transaction_code) == (T.IMPORTATION, code)
    client = world.client("officer.ch")
    pre = await client.predeclaration(pre_id)
    await client.aclose()
    assert (pre.state, pre.transaction_id, pre.decided_by) == (
        PreDeclarationState.COMMITTED, recorded.transaction_id, "officer.ch")
