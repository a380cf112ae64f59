"""``ecarnet`` with the thin-link display, whose driver also copies what Textual writes — the full output, before
the frame differ — to the file named by ``FULL_OUTPUT_COPY``. A test feeds that copy and what the terminal received
to two terminal emulators and compares them.

    python -m tests.terminal.tee_desk [ecarnet's arguments]
"""

from __future__ import annotations

import os
import sys
from typing import Any

from ecarnet_tui import app
from ecarnet_tui.cli import main
from ecarnet_tui.terminal.thin_driver import ThinLinkDriver


class CopyingDriver(ThinLinkDriver):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._copy = os.open(os.environ["FULL_OUTPUT_COPY"], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)

    def write(self, data: str) -> None:
        os.write(self._copy, data.encode())
        super().write(data)


setattr(app, "ThinLinkDriver", CopyingDriver)  # noqa: B010 - the app builds its driver from this name

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
