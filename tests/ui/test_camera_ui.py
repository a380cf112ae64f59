"""The camera and the other ways a QR reaches step 1, driven with real keys against a real central on loopback.

The camera is fed from files, as on a training workstation: a 1280x720 MJPG video, or a folder of numbered
PNG frames that the tests rename away and back to unplug and reconnect it. Every wait is on a condition the
officer would see (or on a number of frames the camera read), never on the clock: the machine is shared.
"""

from __future__ import annotations

import functools
import io
import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest
import segno
from rich.text import Text
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, Static

from carnet_domain.carnet import Carnet
from carnet_domain.payload import TransactionPayload
from carnet_domain.transaction_types import TransactionType as T
from ecarnet_tui.app import EcarnetApp
from ecarnet_tui.scanner.camera import Camera, CameraState
from ecarnet_tui.scanner.cascade import Cascade
from ecarnet_tui.screens.dialogs.ask import AskDialog
from ecarnet_tui.screens.wizard.check_carnet import CheckCarnetScreen
from ecarnet_tui.screens.wizard.scan import ScanScreen
from ecarnet_tui.settings import Settings
from ecarnet_tui.widgets.camera_panel import CameraPanel
from tests.api.helpers import fresh_code, history_of
from tests.central_world import World, make_carnet
from tests.ui.harness import message, on_step, scan, signed_in, workstation
from tests.ui.waiting import until

SIZE = (100, 32)
WIDTH, HEIGHT = 1280, 720
AZERTY = str.maketrans("1234567890", "&é\"'(-è_çà")
KEY_NAMES = {"-": "minus", "/": "slash"}
TRAINING_REFUSAL = "This is a TRAINING QR: it is not valid on a live central."

Frames = Sequence[tuple[str | None, int]]
"""What the camera sees: (the QR's text, or None for an empty desk; how many frames in a row)."""


# --- what the camera is fed ---------------------------------------------------------------------------------


def _qr_png(text: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=8, border=4)
    return buffer.getvalue()


def _frame(text: str | None) -> np.ndarray:
    """A white 1280x720 picture, with the QR of ``text`` in the middle if given."""
    frame = np.full((HEIGHT, WIDTH, 3), 255, np.uint8)
    if text is not None:
        qr = cv2.imdecode(np.frombuffer(_qr_png(text), np.uint8), cv2.IMREAD_COLOR)
        assert qr is not None
        height, width = qr.shape[:2]
        top, left = (HEIGHT - height) // 2, (WIDTH - width) // 2
        frame[top:top + height, left:left + width] = qr
    return frame


def _video(path: Path, frames: Frames) -> Path:
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"MJPG"), 30, (WIDTH, HEIGHT))
    assert writer.isOpened()
    for text, count in frames:
        picture = _frame(text)
        for _ in range(count):
            writer.write(picture)
    writer.release()
    return path


def _sequence(folder: Path, frames: Frames) -> None:
    """Numbered PNG frames ``000.png``, ``001.png``… in ``folder`` (what was there before is replaced)."""
    folder.mkdir(exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()
    number = 0
    for text, count in frames:
        ok, png = cv2.imencode(".png", _frame(text))
        assert ok
        for _ in range(count):
            (folder / f"{number:03d}.png").write_bytes(png.tobytes())
            number += 1


def _settings(camera: Path | str, preview: str = "off", on_start: str = "no") -> Settings:
    return Settings(camera=str(camera), camera_preview=preview, camera_fps="30", camera_on_start=on_start)


# --- the central's side ------------------------------------------------------------------------------------


def _declared(world: World, carnet_id: str) -> tuple[Carnet, str]:
    """A new Swiss carnet with a Validation declared for Genève Aéroport (officer.ch's office); its code."""
    carnet = world.add_carnet(make_carnet(carnet_id, f"CHCAM{carnet_id}"))
    code = fresh_code()
    world.declare(carnet, T.VALIDATION, code)
    return carnet, code


def _payload(carnet: Carnet, code: str, training: bool = False) -> str:
    return TransactionPayload(carnet.carnet_id, code, training=training).encode()


# --- what the officer sees ---------------------------------------------------------------------------------


def _panel(app: EcarnetApp) -> CameraPanel:
    return app.navigator.scan.query_one(CameraPanel)


def _camera_status(app: EcarnetApp) -> str:
    return str(app.navigator.scan.query_one("#camera-status", Static).render())


def _value(app: EcarnetApp, selector: str) -> str:
    return app.navigator.scan.query_one(selector, Input).value


def _holds(field: Input, text: str) -> bool:
    return field.value == text


def _running(panel: CameraPanel) -> bool:
    return (panel.camera is not None and panel.camera.running and panel.status is not None
            and panel.status.state is CameraState.RUNNING)


async def _camera_on(pilot: Pilot[Any], app: EcarnetApp) -> Camera:
    """F5, and the panel saying the camera runs; the camera."""
    panel = _panel(app)
    await pilot.press("f5")
    camera = panel.camera
    assert camera is not None
    await until(pilot, lambda: "Camera on" in _camera_status(app))
    return camera


async def _frames_later(pilot: Pilot[Any], camera: Camera, frames: int) -> None:
    """Until the camera has read ``frames`` more frames (about frames/30 seconds of video)."""
    target = camera.counters.frames + frames
    await until(pilot, lambda: camera.counters.frames >= target, timeout=30)


# --- the camera reads a carnet QR -----------------------------------------------------------------------------


async def test_a_carnet_qr_in_front_of_the_camera_opens_step_2_once(world: World, tmp_path: Path) -> None:
    carnet, code = _declared(world, "8101")
    video = _video(tmp_path / "desk.avi", [(None, 30), (_payload(carnet, code), 30)])

    app = workstation(world, settings=_settings(video))
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot, app)
        panel = _panel(app)
        assert not panel.display and panel.camera is None
        first = await _camera_on(pilot, app)
        status = _camera_status(app)
        assert f"Camera on ({video})" in status, status
        cascade = Cascade()  # the decoders this machine has
        assert cascade.active and set(cascade.active) <= {"zxing-cpp", "pyzbar", "opencv"}
        assert f"Decoders: {cascade.describe()}." in status, status

        # No other key: the QR is read and looked up.
        await on_step(pilot, app, CheckCarnetScreen)
        step = app.screen
        assert isinstance(step, CheckCarnetScreen)
        assert (step.draft.carnet.carnet_id, step.draft.lookup.declaration.transaction_code) == (
            carnet.carnet_id, code)
        # Step 2 does not keep the camera: its thread ends.
        await until(pilot, lambda: panel.camera is None and not first.running, timeout=5)

        # Back at step 1 the camera starts again, but the QR still in view is not looked up a second time.
        await pilot.press("escape")
        await on_step(pilot, app, ScanScreen)
        await until(pilot, lambda: _running(panel))
        second = panel.camera
        assert second is not None and second is not first
        await until(pilot, lambda: second.counters.decoded >= 1, timeout=30)  # it read the QR again...
        await _frames_later(pilot, second, 60)  # ...and two seconds of video later
        assert isinstance(app.screen, ScanScreen), message(app)
        assert not message(app).startswith("Looking up"), message(app)

        # Ctrl+L: the officer means to read the QR in view again.
        await pilot.press("ctrl+l")
        assert (_value(app, "#carnet"), _value(app, "#code")) == ("", "")
        await on_step(pilot, app, CheckCarnetScreen)
        step = app.screen
        assert isinstance(step, CheckCarnetScreen)
        assert step.draft.carnet.carnet_id == carnet.carnet_id

    assert history_of(world, carnet) == []


@pytest.mark.parametrize("preview", ["on", "off"])
async def test_the_camera_starts_with_step_1_and_shows_a_preview_when_asked(
    world: World, tmp_path: Path, preview: str
) -> None:
    video = _video(tmp_path / "empty-desk.avi", [(None, 20)])

    app = workstation(world, settings=_settings(video, preview=preview, on_start="yes"))
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot, app)
        panel = _panel(app)
        # No key pressed.
        await until(pilot, lambda: _running(panel))
        camera = panel.camera
        assert camera is not None
        assert panel.display
        assert "Camera on" in _camera_status(app)
        picture = app.navigator.scan.query_one("#camera-preview", Static)
        if preview == "on":
            await until(pilot, lambda: "▀" in str(picture.render()), timeout=30)
            assert picture.display and panel.previews_shown >= 1
        else:
            await _frames_later(pilot, camera, 30)
            assert not picture.display
            assert panel.previews_shown == 0
        # F5 stops it.
        await pilot.press("f5")
        await until(pilot, lambda: not camera.running, timeout=5)
        assert panel.camera is None and not panel.display
        assert message(app) == "Camera stopped."


async def test_without_a_camera_the_officer_is_told_and_types_the_code(world: World) -> None:
    if Path("/dev/video7").exists():
        pytest.skip("this machine has a /dev/video7")
    carnet, code = _declared(world, "8103")

    app = workstation(world, settings=_settings("7"))
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot, app)
        await pilot.press("f5")
        await until(pilot, lambda: "/dev/video7" in _camera_status(app))
        status = _camera_status(app)
        assert "No picture from the camera: no camera at /dev/video7" in status, status
        assert "Type the code or use a scanner meanwhile." in status, status
        assert app.navigator.scan.query_one("#camera-status", Static).has_class("problem")
        assert app.is_running

        await scan(pilot, app, carnet.number, code)
        await on_step(pilot, app, CheckCarnetScreen)
        step = app.screen
        assert isinstance(step, CheckCarnetScreen)
        assert step.draft.carnet.carnet_id == carnet.carnet_id


async def test_a_camera_unplugged_and_plugged_back_reads_again_without_a_restart(
    world: World, tmp_path: Path
) -> None:
    carnet, code = _declared(world, "8104")
    folder, away = tmp_path / "frames", tmp_path / "unplugged"
    _sequence(folder, [(None, 10)])

    app = workstation(world, settings=_settings(folder / "%03d.png"))
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot, app)
        camera = await _camera_on(pilot, app)
        await _frames_later(pilot, camera, 15)

        os.rename(folder, away)  # unplugged
        await until(pilot, lambda: "The camera was lost" in _camera_status(app))
        status = _camera_status(app)
        assert "stopped sending pictures (unplugged?)" in status, status
        assert "Type the code or use a scanner meanwhile." in status, status
        assert camera.counters.lost >= 1

        # The holder's QR appears in the pictures only after the camera is back.
        _sequence(away, [(None, 5), (_payload(carnet, code), 25)])
        os.rename(away, folder)  # plugged back
        await on_step(pilot, app, CheckCarnetScreen, timeout=30)
        step = app.screen
        assert isinstance(step, CheckCarnetScreen)
        assert step.draft.carnet.carnet_id == carnet.carnet_id
        assert camera.counters.opened >= 2  # the same camera object opened the source again
        assert app.is_running


# --- QR codes that are not a holder's live transaction QR ---------------------------------------------------


async def test_a_wifi_qr_in_front_of_the_camera_is_shown_literally_and_not_looked_up(
    world: World, tmp_path: Path
) -> None:
    wifi = "WIFI:T:WPA;S:[bold]x[/bold];P:y;;"
    video = _video(tmp_path / "wifi.avi", [(None, 5), (wifi, 25)])

    app = workstation(world, settings=_settings(video))
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot, app)
        camera = await _camera_on(pilot, app)
        await until(pilot, lambda: "not a carnet QR" in message(app), timeout=30)
        assert message(app) == f"This is not a carnet QR: read “{wifi}”"
        status = app.navigator.scan.query_one("#connection", Static)
        assert status.has_class("problem")
        shown = status.content
        assert isinstance(shown, Text) and not shown.spans and not shown.style  # not markup, not styled
        assert (_value(app, "#carnet"), _value(app, "#code")) == ("", "")
        await _frames_later(pilot, camera, 30)
        assert isinstance(app.screen, ScanScreen)
        assert (_value(app, "#carnet"), _value(app, "#code")) == ("", "")


async def test_a_training_qr_in_front_of_the_camera_is_refused_on_a_live_central(
    world: World, tmp_path: Path
) -> None:
    carnet, code = _declared(world, "8106")
    video = _video(tmp_path / "training.avi", [(None, 5), (_payload(carnet, code, training=True), 25)])

    app = workstation(world, settings=_settings(video))
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot, app)
        assert not app.desk.training
        camera = await _camera_on(pilot, app)
        await until(pilot, lambda: message(app) == TRAINING_REFUSAL, timeout=30)
        assert app.navigator.scan.query_one("#connection", Static).has_class("problem")
        await _frames_later(pilot, camera, 30)
        assert isinstance(app.screen, ScanScreen)
        assert message(app) == TRAINING_REFUSAL  # no "Looking up…"
        # Nor does Enter look it up.
        app.navigator.scan.query_one("#code", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ScanScreen)
        assert message(app) == TRAINING_REFUSAL
    assert history_of(world, carnet) == []


# --- F6: a QR in an image file -------------------------------------------------------------------------------


async def _read_image_file(pilot: Pilot[Any], app: EcarnetApp, name: str) -> None:
    """F6, the file's name typed key by key, Enter; until step 1 says what it found."""
    await pilot.press("f6")
    await on_step(pilot, app, AskDialog)
    box = app.screen.query_one("#reason", Input)
    await until(pilot, lambda: app.focused is box)
    await pilot.press(*name, "enter")
    await on_step(pilot, app, ScanScreen)
    await until(pilot, lambda: not message(app).startswith("Reading "), timeout=30)


async def test_f6_reads_the_qr_from_an_image_file(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    carnet, code = _declared(world, "8107")
    (tmp_path / "qr.png").write_bytes(_qr_png(_payload(carnet, code)))
    assert cv2.imwrite(str(tmp_path / "blank.png"), np.full((400, 400), 255, np.uint8))
    monkeypatch.chdir(tmp_path)  # short names to type: a path relative to where the workstation runs

    app = workstation(world)
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot, app)
        connection = app.navigator.scan.query_one("#connection", Static)

        await _read_image_file(pilot, app, "photo.png")
        assert message(app) == "photo.png: no such file; check the name", message(app)
        assert connection.has_class("problem")

        await _read_image_file(pilot, app, "blank.png")
        assert message(app).startswith("No QR code found in blank.png"), message(app)
        assert connection.has_class("problem")

        await _read_image_file(pilot, app, "qr.png")
        assert message(app) == f"QR read: carnet {carnet.carnet_id}."
        assert not connection.has_class("problem")
        assert (_value(app, "#carnet"), _value(app, "#code")) == (carnet.carnet_id, code)
        assert isinstance(app.screen, ScanScreen)  # F6 fills the form; the officer looks it up
        app.navigator.scan.query_one("#code", Input).focus()
        await pilot.press("enter")
        await on_step(pilot, app, CheckCarnetScreen)
        step = app.screen
        assert isinstance(step, CheckCarnetScreen)
        assert step.draft.carnet.carnet_id == carnet.carnet_id


# --- a keyboard-wedge scanner -----------------------------------------------------------------------------------


async def test_a_wedge_scan_into_the_code_field_on_azerty_with_caps_lock_replaces_a_stale_carnet(
    world: World,
) -> None:
    """test_wizard_cases covers a US-layout scan into either field and an AZERTY one into the carnet field;
    here the scanner types, through AZERTY with caps lock on, into the code field after the officer had
    started typing another carnet, and ends with its own Enter."""
    carnet, code = _declared(world, "8108")
    typed = _payload(carnet, code).lower().translate(AZERTY)
    assert "&" in typed or "é" in typed
    assert not any(c.isdigit() or c.isupper() for c in typed)

    app = workstation(world)
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot, app)
        carnet_field = app.navigator.scan.query_one("#carnet", Input)
        await until(pilot, lambda: app.focused is carnet_field)
        await pilot.press(*"CHPR99", "tab")
        code_field = app.navigator.scan.query_one("#code", Input)
        await until(pilot, lambda: app.focused is code_field)
        await pilot.press(*typed, "enter")
        await on_step(pilot, app, CheckCarnetScreen)
        step = app.screen
        assert isinstance(step, CheckCarnetScreen)
        assert (step.draft.carnet.carnet_id, step.draft.lookup.declaration.transaction_code) == (
            carnet.carnet_id, code)


async def test_a_wedge_scan_after_text_typed_in_the_same_field_is_still_read(world: World) -> None:
    """The officer had begun typing a carnet number when the holder's QR went under the scanner: the payload
    lands after that text in the same field and is still recognised."""
    carnet, code = _declared(world, "8109")
    app = workstation(world)
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot, app)
        carnet_field = app.navigator.scan.query_one("#carnet", Input)
        await until(pilot, lambda: app.focused is carnet_field)
        await pilot.press(*"CHPR99", *_payload(carnet, code), "enter")
        await on_step(pilot, app, CheckCarnetScreen)
        step = app.screen
        assert isinstance(step, CheckCarnetScreen)
        assert (step.draft.carnet.carnet_id, step.draft.lookup.declaration.transaction_code) == (
            carnet.carnet_id, code)


async def test_a_carnet_number_containing_ec1_is_left_as_typed(world: World) -> None:
    app = workstation(world)
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot, app)
        carnet_field = app.navigator.scan.query_one("#carnet", Input)
        await until(pilot, lambda: app.focused is carnet_field)
        await pilot.press(*"FREC1234567")
        await until(pilot, lambda: carnet_field.value == "FREC1234567")
        assert app.navigator.scan.query_one("#code", Input).value == ""


# --- typing while the camera runs ------------------------------------------------------------------------------


async def test_typing_while_the_camera_runs_with_a_preview_loses_no_key(world: World, tmp_path: Path) -> None:
    video = _video(tmp_path / "desk.avi", [(None, 10), ("https://example.org/poster", 10)])
    number = "CHPR-2026-004217/B"

    app = workstation(world, settings=_settings(video, preview="on", on_start="yes"))
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot, app)
        panel = _panel(app)
        await until(pilot, lambda: _running(panel) and panel.previews_shown >= 1, timeout=30)
        camera = panel.camera
        assert camera is not None
        previews, frames = panel.previews_shown, camera.counters.frames
        field = app.navigator.scan.query_one("#carnet", Input)
        field.focus()
        await until(pilot, lambda: app.focused is field)
        for n, char in enumerate(number, 1):
            # As from the terminal, without Pilot's wait for an idle process (the camera's thread is never idle).
            app.post_message(events.Key(KEY_NAMES.get(char, char), char))
            await until(pilot, functools.partial(_holds, field, number[:n]))
        assert field.value == number
        await until(pilot, lambda: panel.previews_shown > previews, timeout=30)
        assert camera.counters.frames > frames and camera.running
        assert isinstance(app.screen, ScanScreen)


# --- stopping and starting again at once --------------------------------------------------------------------------


async def test_a_camera_stopped_and_started_again_at_once_shows_the_new_cameras_state(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """F5 twice in a row on a slow PC: the old camera's thread is still decoding its last frame when the new
    one already runs; what the old one reports as it ends must not overwrite what the new one reported."""
    read = Cascade.read

    def slow_read(self: Cascade, image: np.ndarray, steps: int | None = None) -> Any:
        time.sleep(0.3)  # an old PC decoding a frame with the whole cascade
        return read(self, image, steps)

    monkeypatch.setattr(Cascade, "read", slow_read)
    video = _video(tmp_path / "empty-desk.avi", [(None, 10)])

    app = workstation(world, settings=_settings(video))
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot, app)
        panel = _panel(app)
        first = await _camera_on(pilot, app)
        await until(pilot, lambda: _running(panel))
        await _frames_later(pilot, first, 1)
        await pilot.press("f5")  # off...
        await pilot.press("f5")  # ...and on again
        second = panel.camera
        assert second is not None and second is not first
        await until(pilot, lambda: not first.running)
        await _frames_later(pilot, second, 3)  # the old camera's last words have long arrived
        assert panel.status is not None and panel.status.state is CameraState.RUNNING, panel.status
        assert "Camera on" in _camera_status(app), _camera_status(app)
