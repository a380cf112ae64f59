"""What the central refused is told in the officer's words, never with an internal number such as "(85)": a queued
commit refused after an outage, one the central failed on time after time, and identification marks beyond the
general list."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable

from carnet_domain.transaction_types import TransactionType as T
from central_client.errors import CentralRefused
from ecarnet_tui.screens.desk.queue import QueueScreen
from ecarnet_tui.texts.problems import describe
from ecarnet_tui.texts.refusals import refusal_text
from offline_queue.items import ItemState
from offline_queue.store import QueueStore
from offline_queue.sync import FAILURES_BEFORE_REVIEW, Syncer
from tests.api.helpers import history_of
from tests.central_world import World
from tests.queue.buggy_central import BuggyCentral, buggy
from tests.queue.helpers import request
from tests.ui.harness import signed_in, workstation
from tests.ui.sign_in_harness import granted
from tests.ui.switchable_link import SwitchableLink
from tests.ui.test_offline import SIZE, _desk, _exported, link
from tests.ui.waiting import until

__all__ = ["buggy", "link"]


async def test_a_queued_commit_refused_as_already_used_is_told_without_an_internal_number(
    world: World, link: SwitchableLink, tmp_path: Path
) -> None:
    carnet, code = await _exported(world, "9351")
    officer = world.client("officer.ch")
    await officer.commit(request(carnet.carnet_id, code, T.IMPORTATION, "1-5"), "first-use-9351")
    used = history_of(world, carnet.carnet_id)[-1].transaction_id
    queue = QueueStore.open(tmp_path / "queue.sqlite3", clock=world.clock)
    item = queue.add_commit(request(carnet.carnet_id, code, T.IMPORTATION, "1-5"), office_id="gva-airport",
                            officer="officer.ch", grant_id=await granted(world, queue, "officer.ch"))
    app = _desk(world, link, queue, "controller.ch")
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot, app)
        await until(pilot, lambda: queue.item(item.seq).state is ItemState.NEEDS_REVIEW, timeout=30)
        refused = queue.item(item.seq)
        assert (refused.refusal_code, refused.refusal_detail) == ("code_used", used)
        await pilot.press("ctrl+y")
        await until(pilot, lambda: isinstance(app.screen, QueueScreen))
        table = app.screen.query_one("#queue-items", DataTable)
        await until(pilot, lambda: table.row_count == 1)
        shown = " ".join(str(cell) for cell in table.get_row_at(0))
        assert (refusal_text("code_used") or "-") in shown
        assert f"({used})" not in shown
    queue.close()
    await officer.aclose()


async def test_a_commit_the_central_failed_on_again_and_again_is_listed_with_its_incidents(
    buggy: tuple[World, BuggyCentral], tmp_path: Path
) -> None:
    world, central = buggy
    carnet, code = await _exported(world, "9361")
    central.broken = {carnet.carnet_id}
    queue = QueueStore.open(tmp_path / "queue.sqlite3", clock=world.clock)
    item = queue.add_commit(request(carnet.carnet_id, code, T.IMPORTATION, "1-5"), office_id="gva-airport",
                            officer="officer.ch")
    syncer = Syncer(queue, world.client("officer.ch"), signed_in=lambda: "officer.ch")
    for _ in range(FAILURES_BEFORE_REVIEW):
        await syncer.drain()
    assert queue.item(item.seq).state is ItemState.NEEDS_REVIEW

    app = workstation(world, "controller.ch", queue=queue)
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot, app)
        await pilot.press("ctrl+y")
        await until(pilot, lambda: isinstance(app.screen, QueueScreen))
        table = app.screen.query_one("#queue-items", DataTable)
        await until(pilot, lambda: table.row_count == 1)
        shown = str(table.get_row_at(0)[-1])
        assert shown.startswith("The central failed on this commit 5 times in a row (incidents INC-0001, INC-0002, "
                                "INC-0003, INC-0004, INC-0005). It is no longer sent on its own"), shown
    queue.close()


def test_identification_marks_beyond_the_general_list_are_named_in_words() -> None:
    text = describe(CentralRefused(422, "bad_item_range", "An item range cannot be read.", "85"))
    assert "Identification marks were typed for items 85" in text and "(85)" not in text
