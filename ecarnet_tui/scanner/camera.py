"""The camera: OpenCV capture and decoding in a background thread, so frames never block the screen.

The thread opens the source, reads frames at the configured rate, decodes each through the cascade and reports
what happens through one callback (called on the camera's thread): :class:`CameraStatus` when it starts,
runs, loses the camera or stops; :class:`CodesSeen` when a code is read; :class:`PreviewReady` when a new
low-resolution picture can be taken with :meth:`Camera.take_preview`. A lost camera is opened again every
``retry_seconds`` until it is back or the camera is stopped.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any

from ecarnet_tui.i18n import _
from ecarnet_tui.scanner.camera_source import CameraSource

if TYPE_CHECKING:
    import numpy as np

    from ecarnet_tui.scanner.cascade import Cascade
    from ecarnet_tui.scanner.decoders import Reading
    from ecarnet_tui.scanner.preview import Preview


class CameraState(Enum):
    STARTING = "starting"
    RUNNING = "running"
    UNAVAILABLE = "unavailable"
    LOST = "lost"
    STOPPED = "stopped"


@dataclass(frozen=True, slots=True)
class CameraStatus:
    state: CameraState
    detail: str = ""
    decoders: str = ""


@dataclass(frozen=True, slots=True)
class CodesSeen:
    readings: list[Reading]
    frame: int


@dataclass(frozen=True, slots=True)
class PreviewReady:
    pass


CameraEvent = CameraStatus | CodesSeen | PreviewReady


@dataclass(frozen=True, slots=True)
class CameraConfig:
    source: str = "0"
    width: int = 1280
    height: int = 720
    fps: float = 30.0
    preview: bool = False
    preview_fps: float = 8.0
    retry_seconds: float = 2.0
    whole_cascade_every: int = 3
    repeat_after: float = 3.0
    """A code that stays in view is reported again after this many seconds."""


FRAMES_KEPT = 10_000


@dataclass
class CameraCounters:
    frames: int = 0
    decoded: int = 0
    opened: int = 0
    lost: int = 0
    decode_ms: deque[float] = field(default_factory=lambda: deque(maxlen=FRAMES_KEPT))
    """The decoding times of the last frames (a camera runs all day)."""


class Camera:
    def __init__(self, config: CameraConfig, on_event: Callable[[CameraEvent], None],
                 cascade: Cascade | None = None) -> None:
        self.config = config
        self.source = CameraSource(config.source)
        self._on_event = on_event
        self._cascade = cascade
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._preview_lock = threading.Lock()
        self._preview: Preview | None = None
        self._preview_posted = False
        self._preview_size = (48, 16)
        self.counters = CameraCounters()
        self.state = CameraState.STOPPED

    # --- control, from any thread -------------------------------------------------------------------------

    def start(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="ecarnet-camera", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Ask the thread to release the camera and end; returns at once."""
        self._stop.set()

    def join(self, timeout: float | None = None) -> bool:
        """Wait for the thread to end; whether it has."""
        if self._thread is not None:
            self._thread.join(timeout)
            return not self._thread.is_alive()
        return True

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def set_preview_size(self, columns: int, rows: int) -> None:
        self._preview_size = (max(4, columns), max(2, rows))

    def take_preview(self) -> Preview | None:
        with self._preview_lock:
            preview, self._preview, self._preview_posted = self._preview, None, False
        return preview

    # --- the thread ---------------------------------------------------------------------------------------

    def _emit(self, event: CameraEvent) -> None:
        final = isinstance(event, CameraStatus) and event.state is CameraState.STOPPED
        if self._stop.is_set() and not final:
            return  # stopped while a frame was being handled: only the final status is reported
        if isinstance(event, CameraStatus):
            self.state = event.state
        try:
            self._on_event(event)
        except Exception:  # the screen went away while the camera ran: stop quietly
            self._stop.set()

    def _run(self) -> None:
        try:
            self._serve()
        except Exception as exc:  # a fault of this code or of OpenCV: say it, never leave the screen waiting
            self._emit(CameraStatus(CameraState.UNAVAILABLE, _("the camera stopped on an error: {error}").format(
                error=f"{type(exc).__name__}: {exc}")))
        finally:
            self._emit(CameraStatus(CameraState.STOPPED, self.source.describe()))

    def _serve(self) -> None:
        self._emit(CameraStatus(CameraState.STARTING, self.source.describe()))
        from ecarnet_tui.scanner.cascade import Cascade
        from ecarnet_tui.scanner.opencv import quiet_cv2

        cv2 = quiet_cv2()

        cascade = self._cascade or Cascade()
        while not self._stop.is_set():
            capture = self._open(cv2)
            if capture is None:
                self._emit(CameraStatus(CameraState.UNAVAILABLE, self.source.why_not_open(), cascade.describe()))
                if self._stop.wait(self.config.retry_seconds):
                    break
                continue
            self.counters.opened += 1
            self._emit(CameraStatus(CameraState.RUNNING, self.source.describe(), cascade.describe()))
            try:
                lost = self._stream(cv2, capture, cascade)
            finally:
                capture.release()
            if lost and not self._stop.is_set():
                self.counters.lost += 1
                why = _("{source} stopped sending pictures (unplugged?): trying again").format(
                    source=self.source.describe())
                self._emit(CameraStatus(CameraState.LOST, why, cascade.describe()))
                if self._stop.wait(self.config.retry_seconds):
                    break

    def _open(self, cv2: Any) -> Any:
        index, device = self.source.index, self.source.device
        if device is not None and not device.exists():
            return None
        try:
            if index is not None and device is not None:
                capture = cv2.VideoCapture(index, cv2.CAP_V4L2)
            else:
                capture = cv2.VideoCapture(index if index is not None else self.source.text)
        except Exception:
            return None
        if not capture.isOpened():
            capture.release()
            return None
        if index is not None:
            capture.set(cv2.CAP_PROP_FRAME_WIDTH, self.config.width)
            capture.set(cv2.CAP_PROP_FRAME_HEIGHT, self.config.height)
            capture.set(cv2.CAP_PROP_FPS, self.config.fps)
            capture.set(cv2.CAP_PROP_BUFFERSIZE, 1)  # the newest frame, not one from a second ago
        return capture

    def _read(self, cv2: Any, capture: Any) -> Any:
        ok, frame = capture.read()
        if ok:
            return frame
        if self.source.is_file:  # the end of a video or of a sequence of frames: start again
            capture.set(cv2.CAP_PROP_POS_FRAMES, 0)
            ok, frame = capture.read()
            return frame if ok else None
        for _attempt in range(3):  # a camera may miss a frame now and then
            if self._stop.wait(0.05):
                return None
            ok, frame = capture.read()
            if ok:
                return frame
        return None

    def _stream(self, cv2: Any, capture: Any, cascade: Cascade) -> bool:
        """Read, decode and preview until the camera is stopped (False) or lost (True)."""
        period = 1.0 / self.config.fps
        preview_period = 1.0 / self.config.preview_fps
        next_frame = last_preview = time.monotonic()
        last_texts: tuple[str, ...] = ()
        last_report = 0.0
        while not self._stop.is_set():
            frame = self._read(cv2, capture)
            if frame is None:
                return not self._stop.is_set()
            self.counters.frames += 1
            # The first decoder on every frame, the whole cascade on every few: a code held up to the camera
            # stays in view for many frames, and an old PC keeps a core for everything else.
            whole = self.counters.frames % self.config.whole_cascade_every == 0
            scan = cascade.read(frame, None if whole else 1)
            self.counters.decode_ms.append(scan.ms)
            now = time.monotonic()
            if scan.found:
                texts = tuple(sorted(r.text for r in scan.readings))
                if texts != last_texts or now - last_report >= self.config.repeat_after:
                    self.counters.decoded += 1
                    last_texts, last_report = texts, now
                    self._emit(CodesSeen(scan.readings, self.counters.frames))
            if self.config.preview and now - last_preview >= preview_period:
                last_preview = now
                self._make_preview(cv2, frame, scan.readings)
            next_frame += period
            if next_frame < now - period:
                next_frame = now  # behind: skip ahead instead of hurrying
            if self._stop.wait(max(0.0, next_frame - time.monotonic())):
                return False
        return False

    def _make_preview(self, cv2: Any, frame: np.ndarray, readings: list[Reading]) -> None:
        from ecarnet_tui.scanner.preview import shrink

        preview = shrink(frame, *self._preview_size, readings)
        with self._preview_lock:
            self._preview = preview
            post = not self._preview_posted
            self._preview_posted = True
        if post:
            self._emit(PreviewReady())
