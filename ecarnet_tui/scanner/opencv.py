"""OpenCV, imported so that it never writes to the terminal: its warnings would tear the screen."""

from __future__ import annotations

import contextlib
from typing import Any

import ecarnet_tui  # noqa: F401  (sets OpenCV's log level in the environment before cv2 is imported)


def quiet_cv2() -> Any:
    import cv2

    with contextlib.suppress(AttributeError):  # a build without the logging utilities
        cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_SILENT)
    return cv2
