"""Step 1's camera: what it is doing, which decoders read, and a small live picture to aim with.

The camera runs in its own thread (:mod:`ecarnet_tui.scanner.camera`); what it reports arrives here as
messages, and a code it reads goes to the screen as :class:`CameraPanel.CodesRead`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Static

from ecarnet_tui.i18n import _
from ecarnet_tui.literal import literal_lines

if TYPE_CHECKING:  # the camera's module is loaded when a camera starts, not when the workstation does
    from ecarnet_tui.scanner.camera import Camera, CameraConfig, CameraEvent, CameraStatus
    from ecarnet_tui.scanner.decoders import Reading
    from ecarnet_tui.scanner.preview import Preview

PREVIEW_ROWS = 8
PREVIEW_COLUMNS = 40
OUTLINE = Style(color="#00d000", bgcolor="#00d000")


def _grey(level: int) -> str:
    value = level * 17
    return f"#{value:02x}{value:02x}{value:02x}"


_CELLS: dict[tuple[int, int, bool], Style] = {}


def _cell(upper: int, lower: int, marked: bool) -> Style:
    style = _CELLS.get((upper, lower, marked))
    if style is None:
        style = OUTLINE if marked else Style(color=_grey(upper), bgcolor=_grey(lower))
        _CELLS[upper, lower, marked] = style
    return style


def preview_text(preview: Preview) -> Text:
    from ecarnet_tui.scanner.preview import runs

    text = Text(no_wrap=True, overflow="crop")
    for row in runs(preview):
        for upper, lower, marked, count in row:
            text.append("▀" * count, _cell(upper, lower, marked))
        text.append("\n")
    text.rstrip()
    return text


class CameraPanel(Horizontal):
    DEFAULT_CSS = """
    CameraPanel {
        height: auto;
        max-height: 8;
        padding: 0 1;
        display: none;
    }
    CameraPanel #camera-preview {
        width: auto;
        height: auto;
        margin-right: 1;
    }
    CameraPanel #camera-status {
        width: 1fr;
        height: auto;
    }
    """

    class CodesRead(Message):
        """The camera read one or more codes (their text exactly as decoded)."""

        def __init__(self, readings: list[Reading]) -> None:
            super().__init__()
            self.readings = readings

    class _Reported(Message):
        def __init__(self, camera: Camera, event: CameraEvent) -> None:
            super().__init__()
            self.camera = camera
            self.event = event

    def __init__(self) -> None:
        super().__init__(id="camera")
        self.camera: Camera | None = None
        self.status: CameraStatus | None = None
        self.previews_shown = 0

    def compose(self) -> ComposeResult:
        yield Static("", id="camera-preview")
        yield Static("", id="camera-status")

    @property
    def running(self) -> bool:
        return self.camera is not None

    def start(self, config: CameraConfig) -> None:
        from ecarnet_tui.scanner.camera import Camera

        if self.camera is not None:
            return
        self.display = True
        self.query_one("#camera-preview", Static).display = config.preview
        camera = Camera(config, lambda event: self._from_camera(camera, event))
        camera.set_preview_size(PREVIEW_COLUMNS, PREVIEW_ROWS)
        self.camera = camera
        self._show(_("Starting the camera…"))
        camera.start()

    def stop(self) -> None:
        """Release the camera; the thread ends on its own, the screen does not wait for it."""
        if self.camera is not None:
            self.camera.stop()
            self.camera = None
        self.status = None
        self.display = False
        self.query_one("#camera-preview", Static).update("")

    def on_unmount(self) -> None:
        if self.camera is not None:
            self.camera.stop()

    def _from_camera(self, camera: Camera, event: CameraEvent) -> None:
        """Called on the camera's thread: hand the event to the screen's thread."""
        self.post_message(self._Reported(camera, event))

    def on_camera_panel__reported(self, message: _Reported) -> None:
        from ecarnet_tui.scanner.camera import CameraState, CameraStatus, CodesSeen, PreviewReady

        message.stop()
        event = message.event
        camera = self.camera
        if camera is None or message.camera is not camera:
            return  # a late report from a camera already stopped (perhaps already replaced by a new one)
        if isinstance(event, PreviewReady):
            preview = camera.take_preview()
            if preview is not None:
                self.query_one("#camera-preview", Static).update(preview_text(preview))
                self.previews_shown += 1
        elif isinstance(event, CodesSeen):
            self.post_message(self.CodesRead(event.readings))
        elif isinstance(event, CameraStatus):
            self.status = event
            self._show(self._describe(event, camera), problem=event.state in (CameraState.UNAVAILABLE,
                                                                                CameraState.LOST))

    @staticmethod
    def _describe(status: CameraStatus, camera: Camera) -> str:
        from ecarnet_tui.scanner.camera import CameraState

        decoders = _("Decoders: {names}.").format(names=status.decoders) if status.decoders else ""
        if status.state is CameraState.RUNNING:
            text = _("Camera on ({source}): hold the QR in front of it. F5 stops it.").format(
                source=camera.source.describe())
        elif status.state is CameraState.UNAVAILABLE:
            text = _("No picture from the camera: {why}. Type the code or use a scanner meanwhile.").format(
                why=status.detail)
        elif status.state is CameraState.LOST:
            text = _("The camera was lost: {why}. Type the code or use a scanner meanwhile.").format(
                why=status.detail)
        else:
            text = _("Starting the camera…")
        return f"{text}\n{decoders}" if decoders else text

    def _show(self, text: str, problem: bool = False) -> None:
        line = self.query_one("#camera-status", Static)
        line.update(literal_lines(text.split("\n")))
        line.set_class(problem, "problem")
