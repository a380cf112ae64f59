"""What the central refused is told in the officer's words, never with an internal number such as "(85)": a queued
commit refused after an outage, and identification marks beyond the general list."""

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
from tests.api.helpers import history_of
from tests.central_world import World
from tests.queue.helpers import request
from tests.ui.harness import signed_in
from tests.ui.sign_in_harness import granted
from tests.ui.switchable_link import SwitchableLink
from tests.ui.test_offline import SIZE, _desk, _exported, link
from tests.ui.waiting import until

__all__ = ["link"]


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


def test_identification_marks_beyond_the_general_list_are_named_in_words() -> None:
    text = describe(CentralRefused(422, "bad_item_range", "An item range cannot be read.", "85"))
    assert "Identification marks were typed for items 85" in text and "(85)" not in text
