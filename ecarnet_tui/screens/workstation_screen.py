"""What every full screen of the workstation shares: the app it belongs to, and the training banner."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.screen import Screen
from textual.widgets import Static

from ecarnet_tui.i18n import _

if TYPE_CHECKING:
    from ecarnet_tui.app import EcarnetApp


class TrainingBanner(Static):
    """Says, on every screen of a training session, that nothing here is real."""

    def __init__(self) -> None:
        super().__init__(_("TRAINING — demo carnets, no real data"), classes="training-banner")


class WorkstationScreen(Screen[None]):
    @property
    def workstation(self) -> EcarnetApp:
        return cast("EcarnetApp", self.app)
