"""A provisional receipt is printed for the holder, marked PROVISIONAL with its local reference and what remains to
be checked; when the central accepts the commit, the final receipt is printed by itself."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.message import Message
from textual.notifications import Notify

from central_client.http import HttpCentral
from ecarnet_tui.app import EcarnetApp
from ecarnet_tui.screens.wizard.check_carnet import CheckCarnetScreen
from ecarnet_tui.screens.wizard.check_goods import CheckGoodsScreen
from ecarnet_tui.screens.wizard.commit import CommitScreen
from ecarnet_tui.screens.wizard.receipt import ReceiptScreen
from ecarnet_tui.services.connection import Connection
from ecarnet_tui.settings import Settings
from offline_queue.items import ItemState
from offline_queue.store import QueueStore
from tests.api.helpers import history_of
from tests.central_world import World
from tests.test_receipt_pdf import pages_text
from tests.ui.harness import message, on_step, scan, signed_in
from tests.ui.switchable_link import SwitchableLink
from tests.ui.test_offline import SIZE, _exported, _looked_up_then_offline, _through_offline_wizard, link
from tests.ui.waiting import until

__all__ = ["link"]


def fake_lp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An ``lp`` that queues every job by appending its arguments to a file."""
    tools = tmp_path / "bin"
    tools.mkdir()
    jobs = tmp_path / "lp-jobs.txt"
    (tools / "lp").write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" >> "{jobs}"\necho "request id is Fake-1"\n')
    (tools / "lp").chmod(0o755)
    monkeypatch.setenv("PATH", f"{tools}:/usr/bin:/bin")
    return jobs


async def test_a_provisional_receipt_is_printed_and_its_final_receipt_follows(
    world: World, link: SwitchableLink, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    jobs = fake_lp(tmp_path, monkeypatch)
    folder = tmp_path / "receipts"
    carnet, code = await _exported(world, "9321")
    queue = QueueStore.open(tmp_path / "queue.sqlite3", clock=world.clock)
    token = world.tokens["officer.ch"]
    app = EcarnetApp(lambda _typed: Connection(HttpCentral(link.url, token), link.url, embedded=False, signed_in=True),
                     queue=queue, clock=world.clock,
                     settings=Settings(receipts_folder=str(folder), printer="Desk_Printer"))
    seen: list[Message] = []
    async with app.run_test(size=SIZE, message_hook=seen.append) as pilot:
        await _looked_up_then_offline(pilot, app, link, carnet, code)
        await _through_offline_wizard(pilot, app, carnet, code)
        [item] = queue.items()
        await pilot.press("ctrl+p")
        provisional = folder / f"receipt-provisional-{item.local_ref}.pdf"
        await until(pilot, lambda: str(provisional) in message(app), timeout=30)
        assert message(app).startswith("Receipt sent to printer Desk_Printer")
        text = "\n".join(pages_text(provisional.read_bytes()))
        assert text.count("PROVISIONAL") >= 2  # on every page, and in the running line
        assert item.local_ref in text and carnet.number in text
        assert "Still to be checked by the central" in text and "Holds placed since" in text
        assert "Verification code" not in text
        assert jobs.read_text().splitlines() == ["-d", "Desk_Printer", str(provisional)]

        # The link comes back: the commit is accepted and its final receipt is printed without a key press.
        await link.up()
        await pilot.press("ctrl+r")
        await until(pilot, lambda: queue.item(item.seq).state is ItemState.SENT, timeout=30)
        recorded = history_of(world, carnet.carnet_id)[-1]
        await until(pilot, lambda: len(list(folder.glob(f"receipt-*-{recorded.transaction_id}.pdf"))) == 1,
                    timeout=30)
        [final] = folder.glob(f"receipt-*-{recorded.transaction_id}.pdf")
        final_text = "\n".join(pages_text(final.read_bytes()))
        assert recorded.verification_code in final_text and "PROVISIONAL" not in final_text
        await until(pilot, lambda: len(jobs.read_text().splitlines()) == 6)
        assert jobs.read_text().splitlines()[3:] == ["-d", "Desk_Printer", str(final)]
        told = [m.notification.message for m in seen if isinstance(m, Notify)]
        assert any(item.local_ref in text and "Final receipt" in text and str(final) in text for text in told)
    queue.close()


async def test_a_commit_that_never_reached_the_central_does_not_say_its_answer_was_lost(
    world: World, link: SwitchableLink, tmp_path: Path
) -> None:
    carnet, code = await _exported(world, "9322")
    queue = QueueStore.open(tmp_path / "queue.sqlite3", clock=world.clock)
    token = world.tokens["officer.ch"]
    app = EcarnetApp(lambda _typed: Connection(HttpCentral(link.url, token), link.url, embedded=False, signed_in=True),
                     queue=queue, clock=world.clock)
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot, app)
        await scan(pilot, app, carnet.carnet_id, code)  # looked up online
        for step in (CheckCarnetScreen, CheckGoodsScreen):
            await on_step(pilot, app, step)
            await pilot.press("ctrl+n")
        await on_step(pilot, app, CommitScreen)
        await link.down()  # the line drops before Commit: the request never leaves the desk
        await pilot.press("ctrl+n")
        await on_step(pilot, app, ReceiptScreen, timeout=30)
        summary = str(app.screen.query_one("#receipt-summary").render())
        assert "could not be reached at commit" in summary
        assert "answer to this commit was lost" not in summary
    queue.close()
