"""Where the camera's pictures come from: a device index (``0`` is ``/dev/video0``), a video file, or a
numbered image sequence (``frames/%03d.png``); and, when it will not open, why in words an officer can act on."""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from ecarnet_tui.i18n import _


@dataclass(frozen=True, slots=True)
class CameraSource:
    text: str

    @property
    def index(self) -> int | None:
        stripped = self.text.strip()
        return int(stripped) if stripped.isdigit() else None

    @property
    def is_file(self) -> bool:
        """A video file or an image sequence: it ends, and then starts again."""
        return self.index is None and not self.text.startswith("/dev/")

    @property
    def device(self) -> Path | None:
        if self.index is not None:
            return Path(f"/dev/video{self.index}") if sys.platform.startswith("linux") else None
        return Path(self.text) if self.text.startswith("/dev/") else None

    def describe(self) -> str:
        if self.index is not None:
            return _("camera {number}").format(number=self.index)
        return self.text

    def why_not_open(self) -> str:
        """The likeliest reason the source did not open, and what to do."""
        device = self.device
        if device is not None:
            if not device.exists():
                return _("no camera at {device}: plug one in (it is found again without restarting)").format(
                    device=device)
            if sys.platform.startswith("linux") and not Path("/sys/class/video4linux", device.name).exists():
                return _("{device} is not a camera; check the 'camera' setting").format(device=device)
            if not os.access(device, os.R_OK | os.W_OK):
                return _("permission denied on {device}: ask for your account to be added to the 'video' group").format(
                    device=device)
            return _("{device} did not open: another program may be using it; close that program").format(device=device)
        if self.index is not None:
            return _("camera {number} did not open: check that it is plugged in and not used by another "
                     "program").format(number=self.index)
        path = Path(self.text)
        first = _first_frame(self.text)
        if first is None and not path.exists():
            return _("{path}: no such video file; check the 'camera' setting").format(path=path)
        if first is not None and not first.parent.exists():
            return _("{path}: no such folder of frames; check the 'camera' setting").format(path=path.parent)
        return _("{path}: OpenCV cannot read this video; use another file or a camera").format(path=path)


_FRAME_NUMBER = re.compile(r"%0?\d*d")


def _first_frame(text: str) -> Path | None:
    """The first picture of a numbered sequence such as ``frames/%03d.png``; ``None`` for anything else."""
    if _FRAME_NUMBER.search(text) is None:
        return None
    try:
        return Path(text % 0)
    except (TypeError, ValueError):  # more than one number, or a stray % elsewhere in the name
        return None


def over_ssh() -> bool:
    """Whether the workstation runs in an SSH session (a live preview would cost the link tens of KB a frame)."""
    return any(os.environ.get(name) for name in ("SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY"))
