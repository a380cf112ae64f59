"""The camera pipeline fed from files through OpenCV, with the real decoders: a video (MJPG .avi) or a numbered
image sequence stands in for the camera. What is checked is what the screen relies on: the statuses, the codes
(once, then again after ``repeat_after``), the preview, the pacing, a lost camera found again, and a stop that
ends the thread.

No timing assertion measures speed: the machine is shared, so waits are generous and rates broad.
"""

from __future__ import annotations

import io
import itertools
import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt
import pytest
import segno

from benchmarks.qr_corpus import default_corpus
from carnet_domain.payload import TransactionPayload
from ecarnet_tui.scanner.camera import (
    Camera,
    CameraConfig,
    CameraEvent,
    CameraState,
    CameraStatus,
    CodesSeen,
    PreviewReady,
)
from ecarnet_tui.scanner.camera_source import CameraSource
from ecarnet_tui.scanner.preview import Preview

Image = npt.NDArray[Any]
"""A picture as OpenCV hands it over (8-bit, or 16-bit where a test says so)."""

CORPUS = default_corpus()
PHOTOGRAPHS = CORPUS / "zxing-blackbox" / "qrcode-1"
CARNET_TEXT = TransactionPayload("120002", "5D58KCCV4HSV", training=True).encode()
WIDTH, HEIGHT = 1280, 720
QR_AT = (500, 200)
"""Where the QR image (scale 8, border 4) is put in a synthetic frame: its code starts 32 px further in."""
WAIT = 10.0


# --- pictures and videos ---------------------------------------------------------------------------------


def qr_image(text: str, scale: int = 8) -> Image:
    """A QR code as segno draws it (border 4), as a BGR picture."""
    out = io.BytesIO()
    segno.make(text, error="m").save(out, kind="png", scale=scale, border=4)
    image = cv2.imdecode(np.frombuffer(out.getvalue(), np.uint8), cv2.IMREAD_COLOR)
    assert image is not None
    return image


def canvas(width: int = WIDTH, height: int = HEIGHT, shade: int = 200) -> Image:
    return np.full((height, width, 3), shade, np.uint8)


def with_qr(text: str = CARNET_TEXT, width: int = WIDTH, height: int = HEIGHT) -> Image:
    frame = canvas(width, height, 255)
    qr = qr_image(text)
    x, y = QR_AT if width >= QR_AT[0] + qr.shape[1] else (40, 40)
    frame[y : y + qr.shape[0], x : x + qr.shape[1]] = qr
    return frame


def write_video(path: Path, frames: list[Image]) -> Path:
    height, width = frames[0].shape[:2]
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"MJPG"), 30, (width, height))
    assert writer.isOpened(), "OpenCV cannot write MJPG .avi files here"
    for frame in frames:
        writer.write(frame)
    writer.release()
    return path


def photograph_frame(path: Path) -> Image:
    """A 640×480 corpus photograph as a 720p camera would give it: scaled to 960×720, grey bars either side."""
    photo = cv2.imread(str(path), cv2.IMREAD_COLOR)
    assert photo is not None, path
    frame = canvas(shade=128)
    frame[:, 160:1120] = cv2.resize(photo, (960, 720), interpolation=cv2.INTER_LINEAR)
    return frame


def expected_text(image: Path) -> str:
    return normalised(image.with_suffix(".txt").read_bytes().decode("utf-8"))


def normalised(text: str) -> str:
    return text.replace("\r\n", "\n").rstrip()


# --- a camera under test ---------------------------------------------------------------------------------


@dataclass
class Feed:
    """A camera and everything it reported (appended on the camera's thread)."""

    camera: Camera
    events: list[CameraEvent]

    def snapshot(self) -> list[CameraEvent]:
        return list(self.events)

    def statuses(self) -> list[CameraStatus]:
        return [e for e in self.snapshot() if isinstance(e, CameraStatus)]

    def states(self) -> list[CameraState]:
        return [s.state for s in self.statuses()]

    def codes(self) -> list[CodesSeen]:
        return [e for e in self.snapshot() if isinstance(e, CodesSeen)]

    def texts(self) -> list[str]:
        return [normalised(r.text) for seen in self.codes() for r in seen.readings]

    def count(self, state: CameraState) -> int:
        return self.states().count(state)

    def wait(self, condition: Callable[[], bool], what: str, timeout: float = WAIT) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                pytest.fail(f"waited {timeout} s for {what}; the camera reported {self.snapshot()!r}")
            time.sleep(0.02)

    def finish(self) -> list[CameraEvent]:
        """Stop the camera; the thread ends, and the events that came after the stop are returned."""
        before = len(self.events)
        self.camera.stop()
        assert self.camera.join(5), "the camera thread did not end within 5 s of stop()"
        assert not self.camera.running
        return self.events[before:]


@dataclass
class Rig:
    feeds: list[Feed] = field(default_factory=list)
    crashes: list[BaseException | None] = field(default_factory=list)
    """Exceptions that escaped a thread (the camera thread must never die of one)."""

    def start(self, config: CameraConfig, preview_size: tuple[int, int] = (40, 8),
              on_event: Callable[[Feed, CameraEvent], None] | None = None) -> Feed:
        events: list[CameraEvent] = []

        def record(event: CameraEvent) -> None:
            events.append(event)
            if on_event is not None:
                on_event(feed, event)

        camera = Camera(config, record)
        feed = Feed(camera, events)
        camera.set_preview_size(*preview_size)
        self.feeds.append(feed)
        camera.start()
        return feed


@pytest.fixture
def rig(monkeypatch: pytest.MonkeyPatch) -> Iterator[Rig]:
    made = Rig()
    monkeypatch.setattr(threading, "excepthook", lambda args: made.crashes.append(args.exc_value))
    yield made
    for feed in made.feeds:
        feed.camera.stop()
    for feed in made.feeds:
        feed.camera.join(5)


@pytest.fixture(scope="module")
def videos(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("videos")
    blank, code = canvas(), with_qr()
    return {
        # 20 blank frames (two thirds of a second), then the carnet QR for 40 frames
        "late_code": write_video(folder / "late_code.avi", [blank] * 20 + [code] * 40),
        # the QR in every one of 12 frames: shorter than any run, so it loops
        "short_code": write_video(folder / "short_code.avi", [code] * 12),
    }


def assert_previews_fit(previews: list[Preview], columns: int, rows: int) -> None:
    for preview in previews:
        height, width = preview.pixels.shape
        assert preview.pixels.dtype == np.uint8
        assert 0 < width <= columns and 0 < height <= rows * 2 and height % 2 == 0
        if preview.outline is not None:
            assert preview.outline.shape == preview.pixels.shape


def state_of(camera: Camera) -> CameraState:
    return camera.state


def outlined_preview(feed: Feed) -> list[Preview]:
    """Take previews as the screen does (one per PreviewReady) until one shows a found code's outline."""
    taken: list[Preview] = []

    def outlined() -> bool:
        preview = feed.camera.take_preview()
        if preview is not None:
            taken.append(preview)
        return any(p.outline is not None and int(p.outline.sum()) > 0 for p in taken)

    feed.wait(outlined, "a preview with the code's outline")
    return taken


# --- a video -----------------------------------------------------------------------------------------------


def test_a_video_with_a_carnet_qr_after_blank_frames(rig: Rig, videos: dict[str, Path]) -> None:
    feed = rig.start(CameraConfig(source=str(videos["late_code"]), fps=30, preview=True))
    feed.wait(lambda: bool(feed.codes()), "a code")
    previews = outlined_preview(feed)
    after_stop = feed.finish()

    first = feed.codes()[0]
    assert [r.text for r in first.readings] == [CARNET_TEXT]
    assert first.frame > 20  # the blank frames gave nothing
    (reading,) = first.readings
    code_left, code_top = QR_AT[0] + 32, QR_AT[1] + 32  # segno's border: 4 modules of 8 px
    size = 25 * 8  # a version 2 code
    expected = {(code_left, code_top), (code_left + size, code_top), (code_left + size, code_top + size),
                (code_left, code_top + size)}
    assert len(reading.corners) == 4
    for x, y in reading.corners:
        assert min(abs(x - ex) + abs(y - ey) for ex, ey in expected) <= 8, reading.corners

    states = feed.states()
    assert states[:2] == [CameraState.STARTING, CameraState.RUNNING]
    assert states[-1] is CameraState.STOPPED and after_stop[-1:] == feed.statuses()[-1:]
    assert CameraState.LOST not in states and CameraState.UNAVAILABLE not in states
    running = feed.statuses()[1]
    assert running.detail == str(videos["late_code"])
    assert "zxing-cpp" in running.decoders

    assert any(isinstance(e, PreviewReady) for e in feed.events)
    assert_previews_fit(previews, 40, 8)
    assert rig.crashes == []


@pytest.mark.skipif(not PHOTOGRAPHS.is_dir(), reason=f"the QR corpus is not at {CORPUS} (set ECARNET_QR_CORPUS)")
def test_a_video_of_real_camera_photographs(rig: Rig, tmp_path: Path) -> None:
    photos = [PHOTOGRAPHS / f"{n}.png" for n in range(1, 21)]
    frames = [canvas()] * 6
    for photo in photos:  # twelve of one text, then three of another, then five of a third
        frames += [photograph_frame(photo)] * 2
    video = write_video(tmp_path / "photographs.avi", frames)
    in_order = list(dict.fromkeys(expected_text(p) for p in photos))
    assert len(in_order) == 3

    feed = rig.start(CameraConfig(source=str(video), fps=30, preview=True))
    feed.wait(lambda: len(feed.codes()) >= 3, "the three texts of the photographs")
    previews = outlined_preview(feed)
    feed.finish()

    assert feed.texts()[:3] == in_order  # each reported once, when it came into view
    assert feed.codes()[0].frame > 6
    assert feed.states()[:2] == [CameraState.STARTING, CameraState.RUNNING]
    assert feed.states()[-1] is CameraState.STOPPED
    assert_previews_fit(previews, 40, 8)
    assert rig.crashes == []


# --- codes in view: once, then again after repeat_after -------------------------------------------------------


def test_a_code_in_view_for_many_frames_is_reported_once(rig: Rig, videos: dict[str, Path]) -> None:
    feed = rig.start(CameraConfig(source=str(videos["short_code"]), fps=30, repeat_after=60))
    feed.wait(lambda: feed.camera.counters.frames >= 45, "45 frames (the 12-frame video, looped)")
    feed.finish()

    assert len(feed.codes()) == 1
    assert feed.texts() == [CARNET_TEXT]
    assert feed.camera.counters.decoded == 1


def test_a_code_still_in_view_is_reported_again_after_repeat_after(rig: Rig, videos: dict[str, Path]) -> None:
    arrivals: list[float] = []

    def timed(_feed: Feed, event: CameraEvent) -> None:
        if isinstance(event, CodesSeen):
            arrivals.append(time.monotonic())

    feed = rig.start(CameraConfig(source=str(videos["short_code"]), fps=30, repeat_after=0.3), on_event=timed)
    feed.wait(lambda: len(feed.codes()) >= 3, "the code reported three times")
    feed.finish()

    assert set(feed.texts()) == {CARNET_TEXT}
    assert feed.camera.counters.decoded == len(feed.codes())
    frames = [seen.frame for seen in feed.codes()]
    assert frames == sorted(set(frames))
    # never sooner than repeat_after (with room for the thread being scheduled late on a busy machine)
    gaps = [later - earlier for earlier, later in itertools.pairwise(arrivals)]
    assert all(gap >= 0.2 for gap in gaps), gaps


# --- pacing ------------------------------------------------------------------------------------------------


def test_frames_are_paced_and_a_short_video_loops(rig: Rig, videos: dict[str, Path]) -> None:
    feed = rig.start(CameraConfig(source=str(videos["short_code"]), fps=30))
    feed.wait(lambda: feed.camera.counters.frames > 0, "the first frame")
    feed.camera.start()  # already running: nothing more happens
    counters = feed.camera.counters
    start, first = time.monotonic(), counters.frames
    time.sleep(2.0)
    elapsed, frames = time.monotonic() - start, counters.frames - first
    feed.finish()

    per_second = frames / elapsed
    assert 15 <= per_second <= 45, f"{frames} frames in {elapsed:.2f} s"  # 30 a second, on a shared machine
    assert counters.frames > 12  # more than the video holds: it looped
    assert counters.opened == 1 and counters.lost == 0
    assert feed.states() == [CameraState.STARTING, CameraState.RUNNING, CameraState.STOPPED]
    assert counters.decode_ms and min(counters.decode_ms) >= 0


# --- unplugged and plugged in again --------------------------------------------------------------------------


def test_an_unplugged_camera_is_found_again_without_a_restart(rig: Rig, tmp_path: Path) -> None:
    frames = tmp_path / "frames"
    frames.mkdir()
    picture = with_qr(width=640, height=480)
    for n in range(20):
        assert cv2.imwrite(str(frames / f"{n:03d}.png"), picture)
    away = tmp_path / "unplugged"

    feed = rig.start(CameraConfig(source=str(frames / "%03d.png"), fps=30, retry_seconds=0.2))
    feed.wait(lambda: bool(feed.codes()) and CameraState.RUNNING in feed.states(), "running and a code")

    frames.rename(away)
    feed.wait(lambda: CameraState.LOST in feed.states(), "LOST")
    feed.wait(lambda: CameraState.UNAVAILABLE in feed.states(), "UNAVAILABLE")
    lost = next(s for s in feed.statuses() if s.state is CameraState.LOST)
    assert "stopped sending pictures" in lost.detail
    unavailable = next(s for s in feed.statuses() if s.state is CameraState.UNAVAILABLE)
    assert str(frames) in unavailable.detail and "no such folder of frames" in unavailable.detail
    codes_before = len(feed.codes())

    away.rename(frames)
    feed.wait(lambda: feed.count(CameraState.RUNNING) >= 2, "RUNNING again")
    feed.wait(lambda: len(feed.codes()) > codes_before, "a code after the camera came back")
    feed.finish()

    states = feed.states()
    lost_at = states.index(CameraState.LOST)
    assert states[:2] == [CameraState.STARTING, CameraState.RUNNING]
    assert states[lost_at + 1] is CameraState.UNAVAILABLE
    assert CameraState.RUNNING in states[lost_at:] and states[-1] is CameraState.STOPPED
    assert feed.texts()[-1] == CARNET_TEXT
    assert feed.camera.counters.lost >= 1 and feed.camera.counters.opened >= 2
    assert rig.crashes == []


# --- no camera, no such file, not a video ---------------------------------------------------------------------


def assert_keeps_retrying(rig: Rig, source: str, *words: str) -> CameraStatus:
    feed = rig.start(CameraConfig(source=source, retry_seconds=0.1))
    feed.wait(lambda: feed.count(CameraState.UNAVAILABLE) >= 3, "three UNAVAILABLE reports (it retries)")
    after_stop = feed.finish()

    statuses = feed.statuses()
    assert statuses[0].state is CameraState.STARTING
    assert [e.state for e in after_stop if isinstance(e, CameraStatus)][-1:] == [CameraState.STOPPED]
    assert feed.states()[-1] is CameraState.STOPPED
    assert CameraState.RUNNING not in feed.states()
    unavailable = [s for s in statuses if s.state is CameraState.UNAVAILABLE]
    for status in unavailable:
        for word in words:
            assert word in status.detail, status.detail
    assert feed.camera.counters.opened == 0
    assert rig.crashes == []
    return unavailable[0]


def test_no_camera_at_the_index(rig: Rig) -> None:
    if Path("/dev/video7").exists():
        pytest.skip("this machine has a /dev/video7")
    status = assert_keeps_retrying(rig, "7", "/dev/video7", "plug one in")
    assert "zxing-cpp" in status.decoders


def test_a_missing_video_file(rig: Rig, tmp_path: Path) -> None:
    missing = tmp_path / "no-such.avi"
    assert_keeps_retrying(rig, str(missing), str(missing), "no such video file")


def test_a_file_that_is_not_a_video(rig: Rig, tmp_path: Path) -> None:
    text = tmp_path / "notes.avi"
    text.write_text("not a video\n" * 100)
    assert_keeps_retrying(rig, str(text), str(text), "OpenCV cannot read this video")


def test_a_device_that_is_not_a_camera(rig: Rig) -> None:
    """``/dev/null`` exists and can be opened by anyone, but is no camera (no video4linux device of that name):
    the officer is told to check the setting, not that another program holds it."""
    assert_keeps_retrying(rig, "/dev/null", "/dev/null", "is not a camera", "'camera' setting")


def test_permission_denied_on_a_device() -> None:
    """Shown with a real device node this account may not open (``/dev/mem`` is root's alone)."""
    if os.geteuid() == 0:
        pytest.skip("running as root: os.access grants everything, so 'permission denied' cannot be shown")
    locked = next((Path(p) for p in ("/dev/mem", "/dev/port", "/dev/kmsg")
                   if Path(p).exists() and not os.access(p, os.R_OK | os.W_OK)), None)
    if locked is None:
        pytest.skip("no device node here that this account may not open")
    why = CameraSource(str(locked)).why_not_open()
    assert f"permission denied on {locked}" in why and "'video' group" in why


def test_a_missing_video_with_a_percent_sign_in_its_name(rig: Rig, tmp_path: Path) -> None:
    """A '%' that is no frame pattern (``%03d``) must not kill the camera thread."""
    missing = tmp_path / "scan 100%.mp4"
    feed = rig.start(CameraConfig(source=str(missing), retry_seconds=0.1))
    deadline = time.monotonic() + WAIT
    while CameraState.UNAVAILABLE not in feed.states() and not rig.crashes and time.monotonic() < deadline:
        time.sleep(0.02)
    assert rig.crashes == [], f"the camera thread died: {rig.crashes!r}"
    feed.finish()
    unavailable = next(s for s in feed.statuses() if s.state is CameraState.UNAVAILABLE)
    assert str(missing) in unavailable.detail and "no such video file" in unavailable.detail
    assert feed.states()[-1] is CameraState.STOPPED


@pytest.mark.parametrize("text", ["clip 100%.mp4", "frames/%d-%d.png"])
def test_why_not_open_never_raises_on_a_percent_sign(tmp_path: Path, text: str) -> None:
    assert "no such" in CameraSource(str(tmp_path / "gone" / text)).why_not_open()


def test_why_not_open_for_the_kinds_of_source(tmp_path: Path) -> None:
    assert "no such folder of frames" in CameraSource(str(tmp_path / "gone" / "%03d.png")).why_not_open()
    assert str(tmp_path / "gone") in CameraSource(str(tmp_path / "gone" / "%03d.png")).why_not_open()
    assert "no such video file" in CameraSource(str(tmp_path / "x.avi")).why_not_open()
    (tmp_path / "x.avi").write_text("text")
    assert "OpenCV cannot read" in CameraSource(str(tmp_path / "x.avi")).why_not_open()
    assert CameraSource(" 3 ").index == 3 and not CameraSource("3").is_file
    assert CameraSource("/dev/video3").device == Path("/dev/video3") and not CameraSource("/dev/video3").is_file
    assert CameraSource(str(tmp_path / "x.avi")).is_file and CameraSource(str(tmp_path / "x.avi")).index is None


# --- stopping ----------------------------------------------------------------------------------------------------


def test_stop_when_the_step_is_left(rig: Rig, videos: dict[str, Path]) -> None:
    feed = rig.start(CameraConfig(source=str(videos["short_code"]), fps=30, preview=True))
    # the first preview is posted once (the screen has not taken it), so nothing more is due after a code
    feed.wait(lambda: bool(feed.codes()) and PreviewReady() in feed.snapshot(), "a code and a preview")
    assert feed.camera.running and state_of(feed.camera) is CameraState.RUNNING

    after_stop = feed.finish()

    assert after_stop == [CameraStatus(CameraState.STOPPED, str(videos["short_code"]))]
    assert state_of(feed.camera) is CameraState.STOPPED
    assert feed.camera.join(0) and not feed.camera.running
    assert rig.crashes == []


def test_no_event_but_stopped_follows_a_stop_made_while_a_frame_is_handled(rig: Rig,
                                                                            videos: dict[str, Path]) -> None:
    """The screen stops the camera as it handles a code (here: on the camera's thread, in the callback, so the
    stop lands between the camera's own stop checks every time). Nothing but STOPPED may follow."""
    stopped_at: list[int] = []

    def handle(feed: Feed, event: CameraEvent) -> None:
        if isinstance(event, PreviewReady):
            feed.camera.take_preview()  # the screen takes each preview at once
        elif isinstance(event, CodesSeen) and not stopped_at:
            feed.camera.stop()
            stopped_at.append(len(feed.events))

    feed = rig.start(CameraConfig(source=str(videos["short_code"]), fps=30, preview=True, preview_fps=1000),
                     on_event=handle)
    assert feed.camera.join(WAIT), "the camera did not end after being stopped"
    (at,) = stopped_at
    late = feed.events[at:]
    assert late == [CameraStatus(CameraState.STOPPED, str(videos["short_code"]))], late


def test_a_callback_that_raises_stops_the_camera_quietly(rig: Rig, videos: dict[str, Path]) -> None:
    gone: list[bool] = []

    def screen_went_away(_feed: Feed, event: CameraEvent) -> None:
        if gone or isinstance(event, CodesSeen):
            gone.append(True)
            raise RuntimeError("the screen is gone")

    feed = rig.start(CameraConfig(source=str(videos["short_code"]), fps=30, preview=True), on_event=screen_went_away)
    assert feed.camera.join(WAIT), "the camera thread did not end after its callback raised"

    assert not feed.camera.running
    assert rig.crashes == []
    assert len(feed.codes()) == 1
    assert feed.states()[-1] is CameraState.STOPPED
    assert feed.camera.state is CameraState.STOPPED
