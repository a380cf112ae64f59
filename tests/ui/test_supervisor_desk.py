"""The supervisor desk (issue 7) in Pilot against the real central: holds of the office or the region with the
guide's columns and their ages, the offline queue's refused commits resolved from the desk (and reported to the
central's audit trail), the hand-over and its PDF report, and an officer told the desk needs a controller."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
from pypdf import PdfReader
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static, TabbedContent

from carnet_domain.transaction import GoodsDeclaration
from carnet_domain.transaction_types import TransactionType as T
from central_contract.identity import AccountChange
from central_contract.models import AuditAction, CommitRequest, QueueDecision, RejectRequest
from ecarnet_tui.app import EcarnetApp
from ecarnet_tui.formats import local_time
from ecarnet_tui.screens.common.places import Place
from ecarnet_tui.screens.desk.supervisor import AUDIT, QUEUE, SHIFT, SupervisorDeskScreen
from ecarnet_tui.screens.dialogs.ask import AskDialog
from ecarnet_tui.screens.dialogs.confirm import ConfirmDialog
from ecarnet_tui.settings import Settings
from ecarnet_tui.widgets.desk_shift import action_name
from offline_queue.items import ItemState
from offline_queue.store import QueueStore
from reference_central import records
from reference_central.demo.identity import DEMO_WORKSTATION_KEY
from tests.api.shift_world import commit, declared, hold, new_account, validated_in_france
from tests.central_world import World, make_carnet
from tests.queue.helpers import sign_in_at
from tests.ui.harness import open_place, signed_in, workstation
from tests.ui.sign_in_harness import granted
from tests.ui.waiting import until

SIZE = (120, 30)
HOLD_COLUMNS = [
    "Carnet", "Carnet type", "Transaction type", "Time", "Cleared goods", "Customs territory", "Customs office",
    "Customs reference", "Held by", "Held since", "Age", "Reason for holding",
]


async def open_desk(pilot: Pilot[Any], app: EcarnetApp) -> SupervisorDeskScreen:
    await signed_in(pilot, app)
    open_place(app, Place.SUPERVISOR)
    await until(pilot, lambda: isinstance(app.screen, SupervisorDeskScreen) and bool(app.screen.query("#problem")))
    desk = app.screen
    assert isinstance(desk, SupervisorDeskScreen)
    return desk


def shown(app: EcarnetApp, selector: str = "#problem") -> str:
    return str(app.screen.query_one(selector, Static).render())


async def answer(pilot: Pilot[Any], app: EcarnetApp, text: str, *, replace: bool = False) -> None:
    """Type ``text`` into the reason dialog on top (wiping what it holds if ``replace``), then Enter."""
    await until(pilot, lambda: isinstance(app.screen, AskDialog) and bool(app.screen.query("#reason")))
    dialog = app.screen
    box = dialog.query_one("#reason", Input)
    if replace:
        await pilot.press("home", "ctrl+k")
    await pilot.press(*text)
    await until(pilot, lambda: box.value.endswith(text))
    await pilot.press("enter")
    await until(pilot, lambda: app.screen is not dialog)


async def test_an_officer_is_told_the_desk_needs_a_controller(world: World) -> None:
    app = workstation(world, "officer.ch")
    async with app.run_test(size=SIZE) as pilot:
        desk = await open_desk(pilot, app)
        refusal = shown(app, "#desk-refused")
        assert "needs a controller" in refusal
        assert "Training Officer CH" in refusal
        assert not desk.query(TabbedContent)
        assert {b.binding.action for b in desk.active_bindings.values() if b.binding.show} == {"back", "help"}
        assert desk.check_action("hand_over", ()) is False
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is app.navigator.scan)


async def test_holds_of_the_office_or_the_region_oldest_first_with_their_ages(
    world: World, close_clients: None
) -> None:
    officer, at_bardonnex = world.client("officer.ch"), world.client("officer.ch", "bardonnex")
    admin_at_basel = world.client("admin", "basel-rhein")
    start = world.clock()
    first = await validated_in_france(world, "9601", "EU-DK9601")
    draft: dict[str, object] = {"ranges": {"declared_goods": "1-5"},
                                "started_at": (start - timedelta(minutes=7)).isoformat()}
    await hold(world, officer, first, "Seals to check", draft=draft, reference="GVA-H-1")
    world.clock.advance(timedelta(days=1))
    second = await validated_in_france(world, "9602", "EU-DK9602")
    await hold(world, at_bardonnex, second, "Broker to call back", office_id="bardonnex")
    basel = await validated_in_france(world, "9603", "EU-DK9603")
    await hold(world, admin_at_basel, basel, "Another region", office_id="basel-rhein")
    world.clock.advance(timedelta(hours=2, minutes=5))
    third = await validated_in_france(world, "9604", "EU-DK9604")
    await hold(world, officer, third, "Goods at the warehouse")
    world.clock.advance(timedelta(minutes=10))

    app = workstation(world, "controller.ch")
    async with app.run_test(size=SIZE) as pilot:
        desk = await open_desk(pilot, app)
        table = desk.query_one("#desk-holds-table", DataTable)
        await until(pilot, lambda: table.row_count == 2)
        assert [str(c.label) for c in table.columns.values()] == HOLD_COLUMNS
        rows = [[str(cell) for cell in table.get_row_at(n)] for n in range(table.row_count)]
        assert rows[0] == ["EU-DK9601", "ATA", "Importation", local_time(start - timedelta(minutes=7)), "1-5",
                           "Switzerland", "Genève Aéroport", "GVA-H-1", "Training Officer CH", local_time(start),
                           "1 d 2 h", "Seals to check"]
        assert [(r[0], r[10]) for r in rows] == [("EU-DK9601", "1 d 2 h"), ("EU-DK9604", "10 min")]
        assert "Genève Aéroport" in shown(app, "#desk-holds-heading")
        # The reason column runs off the screen: the chosen hold is shown whole under the table.
        details = shown(app, "#desk-holds-details")
        assert "EU-DK9601" in details and "Seals to check" in details
        await pilot.press("down")
        await until(pilot, lambda: "Goods at the warehouse" in shown(app, "#desk-holds-details"))
        # Enter asks before releasing; N leaves the carnet on hold.
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("n")
        await until(pilot, lambda: app.screen is desk)
        with world.store.transaction() as db:
            assert len(records.active_holds(db, "9604")) == 1

        await pilot.press("ctrl+t")  # the whole region: Bardonnex too, not Basel (another region)
        await until(pilot, lambda: table.row_count == 3)
        rows = [[str(cell) for cell in table.get_row_at(n)] for n in range(3)]
        assert [(r[0], r[6], r[10]) for r in rows] == [
            ("EU-DK9601", "Genève Aéroport", "1 d 2 h"), ("EU-DK9602", "Bardonnex", "2 h 15 min"),
            ("EU-DK9604", "Genève Aéroport", "10 min")]
        assert "region" in shown(app, "#desk-holds-heading")


async def _refused_commits(world: World, queue: QueueStore, carnet_id: str, hold_carnet_id: str, other_id: str) -> None:
    """Three commits officer.ch made offline that the central will refuse when the desk sends them (under
    officer.ch's grant): items beyond the general list, a carnet put on hold meanwhile, and an importation where the
    holder declared a re-exportation."""
    grant_id = await granted(world, queue, "officer.ch")
    for carnet, goods, kind in ((carnet_id, "1-30", T.IMPORTATION), (hold_carnet_id, "1-5", T.IMPORTATION),
                                (other_id, "1-5", T.REEXPORTATION)):
        with world.store.transaction() as db:
            found = records.carnet(db, carnet)
        assert found is not None
        code = declared(world, found, kind, "1-5")
        queue.add_commit(CommitRequest(carnet_id=carnet, transaction_code=code, type=T.IMPORTATION,
                                       office_id="gva-airport", goods=GoodsDeclaration(declared_goods=goods)),
                         office_id="gva-airport", officer="officer.ch", grant_id=grant_id)


async def test_refused_offline_commits_are_resolved_from_the_desk_and_reported(
    world: World, close_clients: None, tmp_path: Path
) -> None:
    wrong, held, zero = [await validated_in_france(world, f"970{n}", f"EU-DQ970{n}") for n in range(1, 4)]
    await hold(world, world.client("officer.ch"), held, "Seals broken on arrival")
    queue = QueueStore.open(tmp_path / "queue.sqlite3", clock=world.clock)
    await _refused_commits(world, queue, wrong.carnet_id, held.carnet_id, zero.carnet_id)
    first, second, third = sorted(queue.items(), key=lambda i: i.seq)

    app = workstation(world, "controller.ch", queue=queue)
    async with app.run_test(size=SIZE) as pilot:
        desk = await open_desk(pilot, app)
        await until(pilot, lambda: queue.counts().needs_review == 3, timeout=30)
        desk.query_one(TabbedContent).active = QUEUE
        table = desk.query_one("#desk-queue-table", DataTable)
        await until(pilot, lambda: table.row_count == 3)
        assert [str(table.get_row_at(n)[0]) for n in range(3)] == [first.local_ref, second.local_ref, third.local_ref]
        assert "item range" in str(table.get_row_at(0)[-1])

        await pilot.press("ctrl+s")  # resubmit the first, corrected
        await answer(pilot, app, "1-5", replace=True)
        await answer(pilot, app, "Typo in the range")
        await until(pilot, lambda: queue.item(first.seq).state is ItemState.RESUBMITTED)
        await until(pilot, lambda: any(i.state is ItemState.SENT for i in queue.items()), timeout=30)
        await until(pilot, lambda: table.row_count == 2)
        await pilot.press("ctrl+d")  # void the second
        await answer(pilot, app, "Holder sent back to the holding office")
        await until(pilot, lambda: queue.item(second.seq).state is ItemState.VOIDED)
        await until(pilot, lambda: table.row_count == 1)
        await pilot.press("ctrl+o")  # turn the third into a hold at the central
        await answer(pilot, app, "Holder declared a re-exportation: check")
        await until(pilot, lambda: queue.item(third.seq).state is ItemState.HELD)
        await until(pilot, lambda: "on hold at the central" in shown(app))

        controller = world.client("controller.ch")

        async def reported() -> list[Any]:
            return [e for e in await controller.audit(account_id="controller.ch")
                    if e.action is AuditAction.QUEUE_DECISION]

        found: list[Any] = []
        for _ in range(200):
            found = await reported()
            if len(found) == 3:
                break
            await pilot.pause(0.05)
        assert [(e.subject, e.decision, e.reason, e.carnet_id) for e in found] == [
            (first.local_ref, QueueDecision.RESUBMIT, "Typo in the range", wrong.carnet_id),
            (second.local_ref, QueueDecision.VOID, "Holder sent back to the holding office", held.carnet_id),
            (third.local_ref, QueueDecision.HOLD, "Holder declared a re-exportation: check", zero.carnet_id),
        ]
        desk.query_one(TabbedContent).active = AUDIT
        audit = desk.query_one("#desk-audit-table", DataTable)
        account = desk.query_one("#audit-account", Input)
        await until(pilot, lambda: app.focused is account)  # the audit trail's tab opens on its account field
        await pilot.press(*"controller.ch", "enter")
        await until(pilot, lambda: audit.row_count == 4)  # three decisions and the hold they made
        assert "Queue decision (Held)" in [str(c) for c in audit.get_row_at(0)]
    journal = [(e.who, e.action, e.subject) for e in queue.journal()]
    assert ("controller.ch", "resubmitted", first.local_ref) in journal
    assert ("controller.ch", "voided", second.local_ref) in journal
    assert ("controller.ch", "held", third.local_ref) in journal
    queue.close()


async def test_hand_over_saves_a_pdf_with_the_shift_figures(world: World, close_clients: None, tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    queue = QueueStore.open(tmp_path / "queue.sqlite3", clock=world.clock)
    carnets = [world.add_carnet(make_carnet(f"980{n}", f"CH-HO980{n}")) for n in range(1, 6)]
    eu = await validated_in_france(world, "9810", "EU-HO9810")
    code = declared(world, eu, T.IMPORTATION, "1-5")
    queue.add_commit(CommitRequest(carnet_id=eu.carnet_id, transaction_code=code, type=T.IMPORTATION,
                                   goods=GoodsDeclaration(declared_goods="1-99")),
                     office_id="gva-airport", officer="officer.ch",  # refused when sent: still open at hand-over
                     grant_id=await granted(world, queue, "officer.ch"))
    officer, controller = world.client("officer.ch"), world.client("controller.ch")
    second = world.client(new_account(world, "officer2.ch", "gva-airport"))

    app = workstation(world, "controller.ch", training=True, queue=queue,
                      settings=Settings(receipts_folder=str(reports)))
    async with app.run_test(size=SIZE) as pilot:
        desk = await open_desk(pilot, app)
        desk.query_one(TabbedContent).active = SHIFT
        await until(pilot, lambda: "No shift is open" in shown(app, "#desk-shift-heading"))
        await pilot.press("ctrl+b")
        await until(pilot, lambda: "opened by Training Controller CH" in shown(app, "#desk-shift-heading"))
        await until(pilot, lambda: queue.counts().needs_review == 1, timeout=30)
        world.clock.advance(timedelta(minutes=1))

        # During the shift: officer.ch 2 validations and an exportation, officer2.ch 1 validation, controller.ch
        # 1 validation later cancelled; a rejection and a hold.
        await commit(world, officer, carnets[0], T.VALIDATION)
        await commit(world, officer, carnets[1], T.VALIDATION)
        await commit(world, officer, carnets[0], T.EXPORTATION, "1-4")
        await commit(world, second, carnets[2], T.VALIDATION)
        cancelled = await commit(world, controller, carnets[3], T.VALIDATION)
        await controller.cancel(cancelled.transaction_id, "CANCEL" + "B" * 6, "Wrong carnet presented")
        await officer.reject(RejectRequest(carnet_id=carnets[1].carnet_id, reason="Goods not presented",
                                           transaction_code=declared(world, carnets[1], T.EXPORTATION, "1")))
        await hold(world, second, eu, "Seals to check")
        world.clock.advance(timedelta(minutes=1))

        await pilot.press("ctrl+r")
        shift_table = desk.query_one("#desk-shift-table", DataTable)
        await until(pilot, lambda: shift_table.row_count == 2)
        lines = [[str(c) for c in shift_table.get_row_at(n)] for n in range(2)]
        assert [(r[2], r[-1]) for r in lines] == [("Cancellation", "Wrong carnet presented"),
                                                 ("Rejection", "Goods not presented")]

        await pilot.press("ctrl+f")
        await answer(pilot, app, "Warehouse hold to follow up")
        await until(pilot, lambda: desk.report_path is not None, timeout=30)
        assert "Report saved" in shown(app)
        await until(pilot, lambda: "No shift is open" in shown(app, "#desk-shift-heading"))

    path = desk.report_path
    assert path is not None and path.parent == reports.resolve() and path.suffix == ".pdf"
    pages = PdfReader(io.BytesIO(path.read_bytes())).pages
    texts = [page.extract_text() for page in pages]
    assert all("TRAINING – NOT VALID" in text for text in texts)
    text = "\n".join(texts)
    for expected in (
        "Shift hand-over report", "Genève Aéroport", "Training Controller CH", "Warehouse hold to follow up",
        "Validation 3", "Exportation 1", "Total 4",
        "Training Officer CH (officer.ch) Exportation 1, Validation 2 3",
        "Officer officer2.ch (officer2.ch) Validation 1 1",
        "Opened during the shift 1", "Released during the shift 0", "Still open 1", "Seals to check",
        "Wrong carnet presented", "Goods not presented",
        "To review 1", "Accepted 0", "Waiting 0",
    ):
        assert expected in text, (expected, text)
    [refused] = queue.items(ItemState.NEEDS_REVIEW)
    assert refused.local_ref in text
    queue.close()
    await second.aclose()


async def test_the_regions_trail_names_every_action_the_central_writes(world: World, close_clients: None) -> None:
    """Sign-ins, account changes and an office's edit are in the region's trail beside the holds: each reads in
    words (a sign-in line used to stop the trail from showing at all)."""
    await sign_in_at(world, DEMO_WORKSTATION_KEY, "officer.ch")
    manager = world.client("manager.ch")
    await manager.change_account("officer.ch", AccountChange(badge="CH-T-002"))
    async with httpx.AsyncClient(base_url=world.url, timeout=10.0) as http:
        edited = await http.patch("/v1/offices/bardonnex", json={"opening_hours": "06:00-22:00"},
                                  headers={"Authorization": f"Bearer {world.tokens['manager.ch']}"})
        assert edited.status_code == 200, edited.text
    assert {a.value for a in AuditAction} == {a.value for a in AuditAction if action_name(a) != a.value}
    app = workstation(world, "manager.ch")
    async with app.run_test(size=(120, 32)) as pilot:
        desk = await open_desk(pilot, app)
        desk.query_one(TabbedContent).active = AUDIT
        audit = desk.query_one("#desk-audit-table", DataTable)
        await until(pilot, lambda: app.focused is desk.query_one("#audit-account", Input))
        await pilot.press("enter")  # no account: the region's trail
        await until(pilot, lambda: audit.row_count >= 3)
        actions = {str(audit.get_row_at(i)[2]) for i in range(audit.row_count)}
        assert {"Signed in", "Account changed", "Office changed"} <= actions, actions
