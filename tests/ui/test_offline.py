"""Working while the central is unreachable: a provisional receipt that becomes final when the link is back,
and a commit the central refuses afterwards, which waits for a supervisor and is resolved."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select, Static

from carnet_domain.carnet import Carnet
from carnet_domain.transaction import GoodsDeclaration, TransactionState
from carnet_domain.transaction_types import TransactionType as T
from central_client.http import HttpCentral
from central_contract.models import CommitRequest, HoldRequest
from ecarnet_tui.app import EcarnetApp
from ecarnet_tui.screens.desk.queue import QueueScreen
from ecarnet_tui.screens.desk.record_later import RecordLaterScreen
from ecarnet_tui.screens.dialogs.ask import AskDialog
from ecarnet_tui.screens.wizard.check_carnet import CheckCarnetScreen
from ecarnet_tui.screens.wizard.check_goods import CheckGoodsScreen
from ecarnet_tui.screens.wizard.commit import CommitScreen
from ecarnet_tui.screens.wizard.receipt import ReceiptScreen
from ecarnet_tui.services.connection import Connection
from offline_queue.items import ItemState
from offline_queue.store import QueueStore
from reference_central.demo.identity import DEMO_WORKSTATION_KEY
from tests.api.helpers import fresh_code, history_of
from tests.central_world import World, make_carnet
from tests.ui.harness import on_step, retype, scan, signed_in
from tests.ui.sign_in_harness import sign_in_as, unsigned_desk
from tests.ui.switchable_link import SwitchableLink
from tests.ui.waiting import until

SIZE = (80, 24)


@pytest.fixture
async def link(world: World) -> AsyncIterator[SwitchableLink]:
    line = SwitchableLink(world.url)
    await line.up()
    yield line
    await line.down()


def _desk(world: World, link: SwitchableLink, queue: QueueStore, account: str = "officer.ch") -> EcarnetApp:
    token = world.tokens[account]
    return EcarnetApp(lambda _typed: Connection(HttpCentral(link.url, token, workstation_key=DEMO_WORKSTATION_KEY),
                                                link.url, embedded=False, signed_in=True),
                      queue=queue, clock=world.clock)


async def _exported(world: World, carnet_id: str) -> tuple[Carnet, str]:
    """An EU carnet validated and exported in France, with an Importation of items 1-5 declared for Switzerland;
    the importation's code."""
    carnet = world.add_carnet(make_carnet(carnet_id, f"EU-OFF{carnet_id}", home="EU"))
    fr = world.client("officer.fr")
    for kind, goods in ((T.VALIDATION, ""), (T.EXPORTATION, "1-20")):
        code = fresh_code()
        world.declare(carnet, kind, code, goods)
        await fr.commit(CommitRequest(carnet_id=carnet_id, transaction_code=code, type=kind,
                                      goods=GoodsDeclaration(declared_goods=goods)), str(uuid.uuid4()))
    importation = fresh_code()
    world.declare(carnet, T.IMPORTATION, importation, "1-5")
    return carnet, importation


async def _looked_up_then_offline(pilot: Pilot[Any], app: EcarnetApp, link: SwitchableLink, carnet: Carnet,
                                  code: str) -> None:
    """Look the carnet up while online (the workstation keeps it), back to step 1, then the link goes down."""
    await signed_in(pilot, app)
    await scan(pilot, app, carnet.carnet_id, code)
    await on_step(pilot, app, CheckCarnetScreen)
    await pilot.press("escape")
    await until(pilot, lambda: app.screen is app.navigator.scan)
    await pilot.press("ctrl+l")
    await link.down()


async def _through_offline_wizard(pilot: Pilot[Any], app: EcarnetApp, carnet: Carnet, code: str) -> None:
    await scan(pilot, app, carnet.carnet_id, code)
    await on_step(pilot, app, CheckCarnetScreen)
    assert "Offline" in str(app.navigator.scan.query_one("#connection", Static).render())
    await pilot.press("ctrl+n")
    await on_step(pilot, app, CheckGoodsScreen)
    await pilot.press("ctrl+n")
    await on_step(pilot, app, CommitScreen)
    await retype(pilot, app, "#customs_reference", "GVA-OFFLINE-1")
    await pilot.press("ctrl+n")
    await on_step(pilot, app, ReceiptScreen)


def _shown(app: EcarnetApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def test_an_offline_importation_gets_a_provisional_receipt_that_becomes_final(
    world: World, link: SwitchableLink, tmp_path: Path
) -> None:
    carnet, code = await _exported(world, "9301")
    queue = QueueStore.open(tmp_path / "queue.sqlite3", clock=world.clock)
    app = _desk(world, link, queue)
    async with app.run_test(size=SIZE) as pilot:
        await _looked_up_then_offline(pilot, app, link, carnet, code)
        committed_at = world.clock()
        await _through_offline_wizard(pilot, app, carnet, code)

        # Provisional: a local reference instead of a verification code, no QR, and what was not checked.
        receipt = app.screen
        assert receipt.query_one(".provisional-stamp").display
        assert not receipt.query_one("#verification-qr").display
        [item] = queue.items()
        assert item.state is ItemState.PENDING and item.local_ref in _shown(app, "#verification-code")
        assert "Holds placed since" in _shown(app, "#receipt-summary")
        assert T.IMPORTATION not in [t.type for t in history_of(world, carnet.carnet_id)]
        await until(pilot, lambda: "OFFLINE" in str(receipt.query_one("#title-bar", Static).render()))

        # The link comes back; the officer presses Ctrl+R (or the syncer's next try comes).
        await link.up()
        await pilot.press("ctrl+r")
        await until(pilot, lambda: queue.item(item.seq).state is ItemState.SENT, timeout=30)
        recorded = history_of(world, carnet.carnet_id)[-1]
        assert (recorded.type, recorded.goods.declared_goods, recorded.state) == (
            T.IMPORTATION, "1-5", TransactionState.COMMITTED)
        assert recorded.occurred_at == committed_at  # judged as of the desk's commit, not the sync
        assert recorded.customs.customs_reference == "GVA-OFFLINE-1"
        await until(pilot, lambda: _shown(app, "#verification-code") == recorded.verification_code)
        assert not receipt.query_one(".provisional-stamp").display
        assert receipt.query_one("#verification-qr").display
        assert "final" in _shown(app, "#problem")
    assert len([t for t in history_of(world, carnet.carnet_id) if t.type is T.IMPORTATION]) == 1
    queue.close()


async def test_a_commit_refused_after_the_outage_waits_for_a_supervisor_who_voids_it(
    world: World, link: SwitchableLink, tmp_path: Path
) -> None:
    carnet, code = await _exported(world, "9302")
    path = tmp_path / "queue.sqlite3"
    queue = QueueStore.open(path, clock=world.clock)
    app = unsigned_desk(world, url=link.url, queue=queue)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_as(pilot, app, world, "officer.ch")  # online: the central grants this desk offline work
        await _looked_up_then_offline(pilot, app, link, carnet, code)
        await _through_offline_wizard(pilot, app, carnet, code)
    queue.close()

    # Meanwhile, another officer of the territory put the carnet on hold at the central.
    controller = world.client("controller.ch")
    await controller.hold(HoldRequest(carnet_id=carnet.carnet_id, transaction_code=code, step=2,
                                      reason="Seals broken on arrival", draft={}))

    await link.up()
    queue = QueueStore.open(path, clock=world.clock)
    supervisor = _desk(world, link, queue, "controller.ch")  # sends officer.ch's commit under officer.ch's grant
    async with supervisor.run_test(size=SIZE) as pilot:
        await signed_in(pilot, supervisor)
        await until(pilot, lambda: queue.counts().needs_review == 1, timeout=30)
        [item] = queue.items(ItemState.NEEDS_REVIEW)
        assert item.refusal_code == "carnet_on_hold"
        await pilot.press("ctrl+y")
        await until(pilot, lambda: isinstance(supervisor.screen, QueueScreen))
        table = supervisor.screen.query_one("#queue-items", DataTable)
        await until(pilot, lambda: table.row_count == 1)
        assert "To review" in str(table.get_row_at(0))
        await pilot.press("ctrl+d")
        await until(pilot, lambda: isinstance(supervisor.screen, AskDialog))
        await pilot.press(*"Carnet held for seals; holder told to come back")
        await pilot.press("enter")
        await until(pilot, lambda: queue.item(item.seq).state is ItemState.VOIDED)
        assert "voided" in str(supervisor.screen.query_one("#problem", Static).render())
    voided = queue.item(item.seq)
    assert (voided.decided_by, voided.decision) == ("controller.ch", "Carnet held for seals; holder told to come back")
    actions = [(e.who, e.action, e.subject) for e in queue.journal()]
    assert ("controller.ch", "voided", item.local_ref) in actions
    assert ("sync", "refused", item.local_ref) in actions
    assert ("officer.ch", "queued", item.local_ref) in actions
    assert T.IMPORTATION not in [t.type for t in history_of(world, carnet.carnet_id)]
    queue.close()
    await controller.aclose()


async def test_an_officer_cannot_decide_on_refused_items(world: World, link: SwitchableLink, tmp_path: Path) -> None:
    queue = QueueStore.open(tmp_path / "queue.sqlite3", clock=world.clock)
    app = _desk(world, link, queue)
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot, app)
        await pilot.press("ctrl+y")
        await until(pilot, lambda: isinstance(app.screen, QueueScreen))
        shown = app.screen.active_bindings
        assert "ctrl+d" not in shown or not shown["ctrl+d"].enabled
        assert app.screen.check_action("void", ()) is False
        assert isinstance(app.screen.query_one("#queue-items", DataTable), DataTable)
        assert not app.screen.query(Input)
    queue.close()


async def test_a_carnet_unknown_here_is_recorded_for_later_and_completed_when_the_link_returns(
    world: World, link: SwitchableLink, tmp_path: Path
) -> None:
    carnet, code = await _exported(world, "9303")
    queue = QueueStore.open(tmp_path / "queue.sqlite3", clock=world.clock)
    app = _desk(world, link, queue)
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot, app)
        await link.down()
        # The holder shows the carnet's number (not its ID); this desk never looked it up.
        await scan(pilot, app, carnet.number, code)
        await until(pilot, lambda: "Ctrl+E" in str(app.navigator.scan.query_one("#connection", Static).render()))
        await pilot.press("ctrl+e")
        await until(pilot, lambda: isinstance(app.screen, RecordLaterScreen))
        assert app.screen.query_one("#later-carnet", Input).value == carnet.number
        await pilot.press("ctrl+n")  # no type chosen yet: told what to do, nothing queued
        await until(pilot, lambda: "Choose the type" in str(app.screen.query_one("#problem", Static).render()))
        assert queue.items() == []
        app.screen.query_one("#later-type", Select).value = T.IMPORTATION.value
        await retype(pilot, app, "#later-goods", "1-3,5")
        await retype(pilot, app, "#later-remarks", "Recorded during the outage")
        await pilot.press("ctrl+n")
        await until(pilot, lambda: app.screen is app.navigator.scan)
        [item] = queue.items()
        assert item.local_ref in str(app.navigator.scan.query_one("#connection", Static).render())
        assert item.recorded_without_carnet and item.request.carnet_id == carnet.number

        await link.up()
        await pilot.press("ctrl+r")
        await until(pilot, lambda: queue.item(item.seq).state is ItemState.SENT, timeout=30)
    recorded = history_of(world, carnet.carnet_id)[-1]
    assert (recorded.type, recorded.goods.declared_goods) == (T.IMPORTATION, "1-3,5")
    assert recorded.customs.customs_remarks == "Recorded during the outage"
    assert queue.item(item.seq).request.carnet_id == carnet.carnet_id  # named by the central, then committed
    assert ("sync", "carnet found", item.local_ref) in [(e.who, e.action, e.subject) for e in queue.journal()]
    queue.close()


async def test_holder_data_older_than_the_setting_is_forgotten_when_the_desk_starts(
    world: World, link: SwitchableLink, tmp_path: Path
) -> None:
    carnet, code = await _exported(world, "9304")
    officer = world.client("officer.ch")
    lookup = await officer.lookup(carnet.carnet_id, code)
    now = world.clock()
    queue = QueueStore.open(tmp_path / "queue.sqlite3", clock=lambda: now - timedelta(days=8))
    queue.remember(lookup, "gva-airport")
    queue.close()
    queue = QueueStore.open(tmp_path / "queue.sqlite3", clock=world.clock)
    assert queue.cached_count() == 1
    app = _desk(world, link, queue)  # the default setting keeps 7 days
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot, app)
        assert queue.cached_count() == 0
        await until(pilot, lambda: app.navigator.scan.page is not None)
    assert ("expiry", "cache purged") in [(e.who, e.action) for e in queue.journal()]
    queue.close()
