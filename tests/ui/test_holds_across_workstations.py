"""A hold placed on one workstation blocks every other workstation of the same customs territory and none of
another (guide line 2730): three workstations on one real central — Genève Aéroport holds, Basel Rheinhafen
(another region of Switzerland) is refused, Paris Charles de Gaulle (the EU) commits."""

from __future__ import annotations

import uuid

from textual.widgets import Static

from carnet_domain.transaction import GoodsDeclaration
from carnet_domain.transaction_types import TransactionType as T
from central_contract.models import CommitRequest
from ecarnet_tui.screens.dialogs.ask import AskDialog
from ecarnet_tui.screens.wizard.check_carnet import CheckCarnetScreen
from ecarnet_tui.screens.wizard.check_goods import CheckGoodsScreen
from ecarnet_tui.screens.wizard.commit import CommitScreen
from ecarnet_tui.screens.wizard.receipt import ReceiptScreen
from ecarnet_tui.screens.wizard.scan import ScanScreen
from reference_central import records
from tests.api.helpers import history_of, refused
from tests.api.shift_world import commit, declared, new_account, validated_in_france
from tests.central_world import World
from tests.ui.harness import message, on_step, scan, signed_in, workstation
from tests.ui.waiting import until

SIZE = (80, 24)


async def test_a_hold_blocks_the_same_territory_only(world: World, close_clients: None) -> None:
    carnet = await validated_in_france(world, "9901", "EU-HX9901")
    await commit(world, world.client("officer.fr"), carnet, T.EXPORTATION, "1-20")
    importation = declared(world, carnet, T.IMPORTATION, "1-20")
    reimportation = declared(world, carnet, T.REIMPORTATION, "1-20")
    basel = new_account(world, "officer.basel", "basel-rhein")

    # Workstation A, Genève Aéroport: the carnet is put on hold at step 2.
    a = workstation(world, "officer.ch")
    async with a.run_test(size=SIZE) as pilot:
        await signed_in(pilot, a)
        await scan(pilot, a, carnet.number, importation)
        await on_step(pilot, a, CheckCarnetScreen)
        await pilot.press("ctrl+o")
        await on_step(pilot, a, AskDialog)
        await pilot.press(*"Seals to check", "enter")
        await on_step(pilot, a, ScanScreen)
        await until(pilot, lambda: "is on hold" in message(a))
    with world.store.transaction() as db:
        [held] = records.active_holds(db, carnet.carnet_id)
    assert (held.territory, held.office_id) == ("CH", "gva-airport")
    assert isinstance(held.draft.get("started_at"), str)  # the supervisor's list shows when it was begun

    # Workstation B, Basel Rheinhafen (same territory, another region): stopped at lookup, refused at commit.
    b = workstation(world, basel)
    async with b.run_test(size=SIZE) as pilot:
        await signed_in(pilot, b)
        await scan(pilot, b, carnet.number, importation)
        await on_step(pilot, b, CheckCarnetScreen)
        stop = str(b.screen.query_one("#stop", Static).render())
        assert "on hold" in stop
        assert "Ctrl+O" not in stop  # only an officer of Genève Aéroport may release it
        assert "Seals to check" in str(b.screen.query_one("#holds", Static).render())
        await pilot.press("ctrl+n")
        assert isinstance(b.screen, CheckCarnetScreen)
        await pilot.press("ctrl+o")
        await until(pilot, lambda: "only an officer of that office" in message(b))
    error = await refused(world.client(basel).commit(CommitRequest(
        carnet_id=carnet.carnet_id, transaction_code=importation, type=T.IMPORTATION,
        goods=GoodsDeclaration(declared_goods="1-20")), str(uuid.uuid4())), "carnet_on_hold")
    assert error.detail == "Seals to check"

    # Workstation C, Paris Charles de Gaulle (the EU): the hold is not its territory's; the re-importation goes.
    c = workstation(world, "officer.fr")
    async with c.run_test(size=SIZE) as pilot:
        await signed_in(pilot, c)
        await scan(pilot, c, carnet.number, reimportation)
        await on_step(pilot, c, CheckCarnetScreen)
        assert not c.screen.query_one("#stop", Static).display
        assert not c.screen.query_one("#holds", Static).display
        for screen in (CheckCarnetScreen, CheckGoodsScreen, CommitScreen):
            await on_step(pilot, c, screen)
            await pilot.press("ctrl+n")
        await on_step(pilot, c, ReceiptScreen)

    recorded = history_of(world, carnet)
    assert [t.type for t in recorded] == [T.VALIDATION, T.PRE_EXPORTATION, T.EXPORTATION, T.REIMPORTATION]
    assert (recorded[-1].office_id, recorded[-1].territory) == ("cdg", "EU")
    with world.store.transaction() as db:
        assert [h.hold_id for h in records.active_holds(db, carnet.carnet_id)] == [held.hold_id]
