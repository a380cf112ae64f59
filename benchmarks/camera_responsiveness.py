"""Typing at step 1 while the camera runs: does the camera's thread slow the officer's keys down?

Starts the reference central on loopback and the workstation headless against it, with a file-fed camera:
a 1280x720 MJPG video at 30 frames a second, with the live preview on. The video is what the camera sees
while the officer waits at an empty desk: a light desk with sensor noise, and for half of each two-second
loop a poster's QR (a web address, not a carnet QR), so that the camera decodes every frame, finds a code
now and then, and never leaves step 1.

The officer types carnet numbers into ``#carnet``, one key every ``--spacing`` seconds (``--keys`` keys in
all; the field is emptied between numbers, untimed). Each key is posted as the terminal driver posts it
(Pilot's own ``press`` waits for the process to go idle, which a camera's thread never lets it), and timed
from posting it to the first frame drawn after the field painted the new value (the frame clock of
``benchmarks.desk_session``: headless, composed and rendered, not written to a terminal). The same keys
are timed with the camera off first, as the baseline. Reports median and p95 of keypress-to-update with the
camera off and on, their ratio, the frames per second the camera achieved while the keys were typed, its
decode time per frame (median and p95, from ``Camera.counters``) and the previews drawn. Target: p95 ≤
100 ms with the camera at 30 frames a second.

    .venv/bin/python -m benchmarks.camera_responsiveness [--keys 200] [--spacing 0.05]
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.console import RenderableType
from textual import events
from textual.pilot import Pilot
from textual.screen import Screen
from textual.strip import Strip
from textual.widgets import Input, Static

from benchmarks.demo_sessions import demo_session
from benchmarks.desk_session import FrameClock
from benchmarks.goods_list import _p95
from central_client.http import HttpCentral
from ecarnet_tui.scanner.camera import CameraState
from ecarnet_tui.services.connection import Connection
from ecarnet_tui.settings import Settings
from ecarnet_tui.widgets.camera_panel import CameraPanel
from reference_central.demo.seed import seed_demo
from reference_central.server import BackgroundCentral
from reference_central.service import Central
from reference_central.store import Store

WIDTH, HEIGHT, FPS = 1280, 720, 30
LOOP_FRAMES = 60
POSTER = "https://www.example.org/customs/ata-carnets/help-desk"
NUMBERS = ("CHPR20260042", "FR0031557X", "EUT880012", "4711200034")
"""What the officer types: carnet numbers and IDs, never a payload (which would be split into the form)."""


class KeyClock(FrameClock):
    """The frame clock, also noting the first frame drawn after ``#carnet`` painted an expected value."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.painted: str | None = None
        """The value the watched field showed when it last rendered."""
        self.expected: str | None = None
        self.shown = asyncio.Event()
        self.shown_at = 0.0

    def watch_painting(self, field: Input) -> None:
        """Note what ``field`` shows each time it renders (during the compositor's update, before the frame)."""
        render = field.render_line

        def render_line(y: int) -> Strip:
            if y == 0:
                self.painted = field.value
            return render(y)

        setattr(field, "render_line", render_line)  # noqa: B010 - an instance's method, for this benchmark only

    def expect(self, value: str) -> None:
        self.expected = value
        self.shown.clear()

    def _display(self, screen: Screen[Any], renderable: RenderableType | None) -> None:
        super()._display(screen, renderable)
        if renderable is not None and self.expected is not None and self.painted == self.expected:
            self.shown_at = self.frames[-1][0]
            self.expected = None
            self.shown.set()


@dataclass
class CameraFigures:
    fps: float
    decode_ms: list[float]
    previews: int
    reads: int
    """Times the camera reported the poster's QR (a code in view is reported again every few seconds)."""


def write_video(path: Path) -> Path:
    """Two seconds of an empty desk, with a poster's QR in view for the first half."""
    import io

    import cv2
    import numpy as np
    import segno

    rng = np.random.default_rng(2026)
    desk = cv2.GaussianBlur(rng.integers(150, 230, (HEIGHT, WIDTH), dtype=np.uint8), (0, 0), 12)
    buffer = io.BytesIO()
    segno.make(POSTER, error="m").save(buffer, kind="png", scale=6, border=4)
    qr = cv2.imdecode(np.frombuffer(buffer.getvalue(), np.uint8), cv2.IMREAD_GRAYSCALE)
    assert qr is not None
    with_poster = desk.copy()
    top, left = 140, 760
    with_poster[top:top + qr.shape[0], left:left + qr.shape[1]] = qr
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"MJPG"), FPS, (WIDTH, HEIGHT))
    for n in range(LOOP_FRAMES):
        scene = with_poster if n < LOOP_FRAMES // 2 else desk
        noise = rng.integers(-6, 7, (HEIGHT, WIDTH), dtype=np.int16)
        frame = np.clip(scene.astype(np.int16) + noise, 0, 255).astype(np.uint8)
        writer.write(cv2.cvtColor(frame, cv2.COLOR_GRAY2BGR))
    writer.release()
    return path


async def _wait(pilot: Pilot[Any], condition: Callable[[], bool], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError
        await pilot.pause(0.01)


async def _painted(app: KeyClock, value: str) -> None:
    await asyncio.wait_for(app.shown.wait(), 30)
    assert app.painted == value


async def type_keys(app: KeyClock, field: Input, keys: int, spacing: float) -> list[float]:
    """Milliseconds from posting each key to the first frame after the field painted it."""
    latencies: list[float] = []
    position = 0
    while len(latencies) < keys:
        number = NUMBERS[position % len(NUMBERS)]
        position += 1
        if field.value:
            app.expect("")
            field.value = ""
            await _painted(app, "")
        await asyncio.sleep(spacing)
        for char in number[: keys - len(latencies)]:
            expected = field.value + char
            app.expect(expected)
            started = time.perf_counter()
            app.post_message(events.Key(char, char))
            await _painted(app, expected)
            latencies.append((app.shown_at - started) * 1000)
            await asyncio.sleep(max(0.0, started + spacing - time.perf_counter()))
    return latencies


async def measure(keys: int, spacing: float) -> tuple[list[float], list[float], CameraFigures]:
    folder = Path(tempfile.mkdtemp())
    video = write_video(folder / "desk.avi")
    store = Store(folder / "central.sqlite3")
    seed_demo(store, datetime.now(UTC))
    server = BackgroundCentral(Central(store))
    server.start()
    central = HttpCentral(server.url, await demo_session(server.url, "officer.ch"))
    settings = Settings(camera=str(video), camera_fps=str(FPS), camera_preview="on", camera_on_start="no")
    app = KeyClock(lambda _t: Connection(central, server.url, embedded=False, signed_in=True), settings=settings)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await _wait(pilot, lambda: app.desk.connected.is_set() and app.desk.me is not None)
            field = app.navigator.scan.query_one("#carnet", Input)
            field.focus()
            await _wait(pilot, lambda: app.focused is field)
            app.watch_painting(field)
            await pilot.pause(0.5)

            off = await type_keys(app, field, keys, spacing)

            panel = app.navigator.scan.query_one(CameraPanel)
            await pilot.press("f5")
            camera = panel.camera
            assert camera is not None

            def warm() -> bool:
                status = panel.status
                return (status is not None and status.state is CameraState.RUNNING
                        and camera.counters.frames >= 2 * FPS and panel.previews_shown >= 2)

            await _wait(pilot, warm)
            frames0, previews0, reads0 = camera.counters.frames, panel.previews_shown, camera.counters.decoded
            started = time.perf_counter()
            on = await type_keys(app, field, keys, spacing)
            elapsed = time.perf_counter() - started
            frames = camera.counters.frames - frames0
            figures = CameraFigures(
                fps=frames / elapsed,
                decode_ms=list(camera.counters.decode_ms)[-frames:],  # one decode per frame
                previews=panel.previews_shown - previews0,
                reads=camera.counters.decoded - reads0,
            )
            assert "not a carnet QR" in str(app.navigator.scan.query_one("#connection", Static).render()), \
                "the camera did not read the poster's QR"
            assert camera.running, "the camera stopped"
            assert app.screen is app.navigator.scan, "the camera must not have left step 1"
            await pilot.press("f5")
    finally:
        await central.aclose()
        server.stop()
        store.close()
        shutil.rmtree(folder, ignore_errors=True)
    return off, on, figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keys", type=int, default=200, help="keys typed with the camera off, then on")
    parser.add_argument("--spacing", type=float, default=0.05, help="seconds from one key to the next")
    args = parser.parse_args()
    off, on, camera = asyncio.run(measure(args.keys, args.spacing))
    med = statistics.median
    print(f"Typing into step 1's carnet field, {len(on)} keys {args.spacing * 1000:.0f} ms apart "
          "(keypress to the frame showing it)")
    print(f"  camera off                 median {med(off):6.1f} ms  p95 {_p95(off):6.1f} ms")
    print(f"  camera on, {FPS} fps, preview median {med(on):6.1f} ms  p95 {_p95(on):6.1f} ms  "
          "(target: p95 <= 100 ms)")
    print(f"  ratio on/off               median {med(on) / med(off):6.2f}     p95 {_p95(on) / _p95(off):6.2f}")
    print(f"Camera while the keys were typed: {camera.fps:.1f} frames/s achieved (asked {FPS}), decode median "
          f"{med(camera.decode_ms):.1f} ms, p95 {_p95(camera.decode_ms):.1f} ms per frame, "
          f"{camera.previews} previews drawn, the poster's QR reported {camera.reads} times")


if __name__ == "__main__":
    main()
