"""The thin-link display shows exactly what the full output shows. The real ``ecarnet`` runs in a pseudo-terminal
with the thin-link display; its driver also copies Textual's full output to a file. What the terminal received
(the differ's output) and the full output are fed to two terminal emulators (pyte), and at every step of an ATA
importation, a CPD entry, a hold and the desk's lists, after a resize, and after another program wrote on the
terminal and F12 repainted it, the two screens are the same cell by cell: text, colours and attributes. The
receipt's QR decodes from the emulator's screen."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pyte
import pytest
import zxingcpp

from carnet_domain.payload import CODE_ALPHABET, TransactionPayload, verification_payload
from tests.terminal.pty_desk import PtyDesk
from tests.terminal.test_burst_input import code_of

PIXELS = 4
SCAN = "Last transactions at this office"


class TwoScreens:
    """The desk over the thin link, and a second emulator fed with Textual's full output."""

    def __init__(self, home: Path) -> None:
        self.copy = home / "full-output"
        self.copy.touch()
        self.desk = PtyDesk(home, 80, 24, module="tests.terminal.tee_desk",
                            env={"FULL_OUTPUT_COPY": str(self.copy), "ECARNET_DISPLAY": "thin"})
        self.full = pyte.Screen(80, 24)
        self._full_stream = pyte.ByteStream(self.full)
        self._read = 0

    def pump(self, seconds: float = 0.05) -> None:
        self.desk.pump(seconds)
        with self.copy.open("rb") as copy:
            copy.seek(self._read)
            data = copy.read()
        self._read += len(data)
        self._full_stream.feed(data)

    def settle(self, quiet: float = 0.4, timeout: float = 30.0) -> None:
        """Until neither stream has grown for ``quiet`` seconds."""
        deadline = time.monotonic() + timeout
        last = (-1, -1)
        calm_since = time.monotonic()
        while time.monotonic() < deadline:
            self.pump()
            now = (self.desk.written, self._read)
            if now != last:
                last, calm_since = now, time.monotonic()
            elif time.monotonic() - calm_since >= quiet:
                return

    def wait_for(self, text: str, timeout: float = 60.0) -> None:
        self.desk.wait_for(lambda shown: text in shown, timeout)
        self.settle()

    def assert_same(self, where: str) -> None:
        thin, full = self.desk.screen, self.full
        assert (thin.columns, thin.lines) == (full.columns, full.lines)
        differences = [(x, y, thin.buffer[y][x], full.buffer[y][x])
                       for y in range(full.lines) for x in range(full.columns)
                       if thin.buffer[y][x] != full.buffer[y][x]]
        assert not differences, f"{where}: {len(differences)} cells differ, the first {differences[:3]}\n" + \
            self.desk.text()

    def resize(self, columns: int, lines: int) -> None:
        self.full.resize(lines, columns)
        self.desk.resize(columns, lines)


@pytest.fixture
def screens(tmp_path: Path) -> Iterator[TwoScreens]:
    running = TwoScreens(tmp_path)
    try:
        yield running
    finally:
        running.desk.close()


def _luminance(colour: str) -> int:
    named = {"black": 0, "white": 255, "brightwhite": 255}
    if colour in named:
        return named[colour]
    red, green, blue = (int(colour[i:i + 2], 16) for i in (0, 2, 4))
    return 0 if red + green + blue < 3 * 128 else 255


def screen_qr(screen: pyte.Screen) -> np.ndarray:
    """The half blocks on the emulator's screen as a grey image: each cell is its upper and lower module."""
    cells = [(y, x) for y in range(screen.lines) for x in range(screen.columns) if screen.buffer[y][x].data == "▀"]
    top, bottom = min(y for y, _ in cells), max(y for y, _ in cells)
    left, right = min(x for _, x in cells), max(x for _, x in cells)
    rows: list[list[int]] = []
    for y in range(top, bottom + 1):
        upper, lower = [], []
        for x in range(left, right + 1):
            cell = screen.buffer[y][x]
            lower.append(_luminance(cell.bg))
            upper.append(_luminance(cell.fg) if cell.data == "▀" else lower[-1])
        rows += [upper, lower]
    image = np.array(rows, dtype=np.uint8)
    image = np.pad(image, 4, constant_values=255)
    return np.kron(image, np.ones((PIXELS, PIXELS), dtype=np.uint8))


def walk(screens: TwoScreens, steps: list[tuple[bytes, str, str]]) -> None:
    """For each step: its keys, a text the next screen shows, and where the two screens are compared."""
    for keys, shown, where in steps:
        screens.desk.write(keys)
        screens.wait_for(shown)
        screens.assert_same(where)


def _payload(home: Path, carnet_id: str, monkeypatch: pytest.MonkeyPatch) -> bytes:
    return TransactionPayload(carnet_id, code_of(home, carnet_id, monkeypatch), training=True).encode().encode()


def test_the_thin_link_screen_is_the_full_screen_through_every_flow(
    screens: TwoScreens, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk = screens.desk
    screens.wait_for("carnet training")
    screens.assert_same("the sign-in screen")
    desk.sign_in_as_trainee()
    screens.wait_for(SCAN)
    screens.assert_same("the scan")

    # an ATA importation, step by step, to its receipt
    walk(screens, [(_payload(tmp_path, "120003", monkeypatch) + b"\r", "Holder:", "ATA, step 2"),
                   (b"\x0e", "Declared: 5 items", "ATA, step 3"), (b"\x0e", "Customs remarks", "ATA, step 4"),
                   (b"\x0e", "Show the QR or read", "ATA, the receipt")])
    decoded = [result.text for result in zxingcpp.read_barcodes(screen_qr(desk.screen))]
    shown_codes = [word for word in desk.text().split() if len(word) >= 8 and set(word) <= set(CODE_ALPHABET)]
    assert decoded in ([verification_payload(code, training=True)] for code in shown_codes), (decoded, shown_codes)

    # a CPD entry (Ctrl+Y at step 3: what the officer sees matches the carnet)
    walk(screens, [(b"\x1b", SCAN, "the scan again"),
                   (_payload(tmp_path, "120013", monkeypatch) + b"\r", "Holder:", "CPD, step 2"),
                   (b"\x0e", "Chassis / VIN", "CPD, step 3"), (b"\x19\x0e", "Customs remarks", "CPD, step 4"),
                   (b"\x0e", "Show the QR or read", "CPD, the receipt"), (b"\x1b", SCAN, "the scan again")])

    # a hold with its reason, then the desk's lists
    walk(screens, [(_payload(tmp_path, "120004", monkeypatch) + b"\r", "Holder:", "step 2 of a re-exportation"),
                   (b"\x0f", "reason", "the hold's reason asked"),
                   (b"Seals to check\r", "is on hold", "the carnet put on hold"),
                   (b"\x0f", "Carnets on hold at this office", "the carnets on hold"), (b"\x1b", SCAN, "back"),
                   (b"\x19", "Offline queue of this workstation", "the offline queue"), (b"\x1b", SCAN, "back"),
                   (b"\x04", "The desk", "the desk menu"), (b"\x1b", SCAN, "back")])

    # a resize, larger then back
    screens.resize(100, 30)
    screens.settle(quiet=0.6)
    screens.assert_same("at 100x30")
    screens.resize(80, 24)
    screens.settle(quiet=0.6)
    screens.assert_same("back at 80x24")

    # another program writes on the terminal; F12 repaints everything
    desk.stream.feed(b"\x1b[5;10H\x1b[41mBroadcast message from root\x1b[0m\x1b[20;1H\x1b[2K")
    assert "Broadcast message" in desk.text()
    desk.write(b"\x1b[24~")
    screens.settle(quiet=0.6)
    assert "Broadcast message" not in desk.text()
    screens.assert_same("after F12")
    assert os.path.getsize(screens.copy) > 4 * desk.written  # and the thin link carried far less
