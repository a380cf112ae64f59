"""The workstation's log: what failed and its traceback, for a supervisor or support; never shown on screen."""

from __future__ import annotations

import logging
import os
from logging.handlers import RotatingFileHandler
from pathlib import Path

LOG_NAME = "ecarnet.log"


def keep_log(folder: Path) -> Path:
    """Send the ``ecarnet`` logger to ``folder/ecarnet.log`` (1 MB, three old ones kept), readable by its owner only;
    returns the file's path. A log that cannot be written is left out: the desk works without it. The embedded demo
    central's failures (logger ``reference_central``: a traceback and its incident ID) go there too."""
    path = folder / LOG_NAME
    try:
        folder.mkdir(parents=True, exist_ok=True)
        os.close(os.open(path, os.O_CREAT | os.O_APPEND | os.O_WRONLY, 0o600))
        handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    except OSError:
        return path
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    for name in ("ecarnet", "reference_central"):
        logger = logging.getLogger(name)
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    return path
