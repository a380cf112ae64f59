"""Ctrl+P on the receipt: the PDF is made in a thread, saved in the receipts folder, printed when a printer is
set, and the message line says where it went — also when printing fails."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from textual.pilot import Pilot

from ecarnet_tui.app import EcarnetApp
from ecarnet_tui.settings import Settings
from tests.central_world import World
from tests.ui.harness import message, validated_to_receipt, workstation
from tests.ui.waiting import until


async def print_and_wait(pilot: Pilot[Any], app: EcarnetApp, folder: Path) -> Path:
    """Press Ctrl+P; the saved PDF once the message line names it."""
    assert app.active_bindings["ctrl+p"].binding.action == "print_receipt", "Ctrl+P must not open the palette"
    await pilot.press("ctrl+p")
    await until(pilot, lambda: any(folder.glob("*.pdf")) and str(next(folder.glob("*.pdf"))) in message(app),
                timeout=30)
    [saved] = folder.glob("*.pdf")
    return saved


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(path.read_bytes())).pages)


async def test_ctrl_p_saves_the_receipt_and_says_where(world: World, tmp_path: Path) -> None:
    folder = tmp_path / "receipts"
    app = workstation(world, settings=Settings(receipts_folder=str(folder)))
    async with app.run_test(size=(80, 24)) as pilot:
        verification_code = await validated_to_receipt(pilot, app, world, "4301")
        saved = await print_and_wait(pilot, app, folder)
        assert "Receipt saved to" in message(app)
        assert "problem" not in app.screen.query_one("#problem").classes
        assert saved.name.startswith("receipt-CHPR00004301-validation-")
        text = pdf_text(saved)
        assert verification_code in text and "CHPR00004301" in text


@pytest.mark.parametrize("lp", ["refusing", "missing", "working"])
async def test_printing_to_the_configured_printer(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lp: str
) -> None:
    folder = tmp_path / "receipts"
    tools = tmp_path / "bin"
    tools.mkdir()
    record = tmp_path / "lp-args.txt"
    scripts = {
        "refusing": 'echo "lp: The printer or class does not exist." >&2\nexit 1',
        "working": f'printf "%s\\n" "$@" > "{record}"\necho "request id is Fake-1 (1 file(s))"',
    }
    if lp in scripts:
        (tools / "lp").write_text("#!/bin/sh\n" + scripts[lp] + "\n")
        (tools / "lp").chmod(0o755)
        monkeypatch.setenv("PATH", f"{tools}:/usr/bin:/bin")
    else:
        monkeypatch.setenv("PATH", str(tools))
    app = workstation(world, settings=Settings(receipts_folder=str(folder), printer="Fake_Printer"))
    async with app.run_test(size=(80, 24)) as pilot:
        carnet_id = {"refusing": "4302", "missing": "4303"}.get(lp, "4304")
        verification_code = await validated_to_receipt(pilot, app, world, carnet_id)
        saved = await print_and_wait(pilot, app, folder)
        shown = message(app)
        problem = "problem" in app.screen.query_one("#problem").classes
        assert verification_code in pdf_text(saved), "the receipt is saved whatever the printer does"
    if lp == "working":
        assert shown.startswith("Receipt sent to printer Fake_Printer and saved to") and not problem
        assert record.read_text().splitlines() == ["-d", "Fake_Printer", str(saved)]
    elif lp == "refusing":
        assert shown == f"Not printed, saved to {saved}: printer Fake_Printer refused it: lp: The printer or class " \
                        "does not exist."
        assert problem
    else:
        assert shown == f"Not printed, saved to {saved}: the 'lp' command is not installed " \
                        "(Debian package cups-client)."
        assert problem
