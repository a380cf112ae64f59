"""What the workstation loads before the officer's first keystroke: step 1 and the flow, not the desk's lists,
the later steps, the PDF library or the camera. Checked in a fresh interpreter."""

from __future__ import annotations

import subprocess
import sys

from textual.screen import Screen

from ecarnet_tui.navigation.places import SCREENS, build_place
from ecarnet_tui.screens.common.places import Place

LATER = ("ecarnet_tui.screens.desk", "ecarnet_tui.screens.wizard.check_", "ecarnet_tui.screens.wizard.commit",
         "ecarnet_tui.screens.wizard.receipt", "ecarnet_tui.printing", "ecarnet_tui.exports", "cv2", "fpdf",
         "openpyxl", "segno")


def test_starting_the_workstation_loads_only_what_step_1_needs() -> None:
    code = "import sys\nimport ecarnet_tui.cli\nimport ecarnet_tui.app\nprint('\\n'.join(sorted(sys.modules)))\n"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert "ecarnet_tui.screens.wizard.scan" in loaded
    early = sorted(m for m in loaded if m.startswith(LATER))
    assert early == [], f"loaded before the first keystroke: {early}"


def test_every_place_that_is_a_screen_resolves_to_one() -> None:
    for place, (module, name) in SCREENS.items():
        screen_class = getattr(__import__(module, fromlist=[name]), name)
        assert issubclass(screen_class, Screen), place
    # The desk's menu and the procedures' picker are dialogs the navigator answers itself.
    assert set(Place) - set(SCREENS) == {Place.DESK, Place.PROCEDURES}
    assert build_place(None, Place.DESK) is None  # type: ignore[arg-type]
