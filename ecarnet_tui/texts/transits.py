"""A transit's state in words as well as in colour (transit monitoring, guide lines 2766-2787)."""

from __future__ import annotations

from rich.text import Text

from carnet_domain.transit import TransitState
from ecarnet_tui.i18n import _

STATE_COLOURS = {
    TransitState.IN_PROGRESS: "dark_orange",
    TransitState.CLOSED_IN_TIME: "green",
    TransitState.EXPIRED: "red",
}


def state_label(state: str) -> str:
    """A transit's state in words (the indicator's colour alone would not do)."""
    names = {
        TransitState.IN_PROGRESS: _("Transit in progress"),
        TransitState.CLOSED_IN_TIME: _("Transit closed in due time"),
        TransitState.EXPIRED: _("Transit expired"),
    }
    try:
        return names[TransitState(state)]
    except ValueError:
        return state


def indicator(state: str) -> Text:
    """The coloured indicator with its label: ``● Transit expired`` in red."""
    try:
        colour = STATE_COLOURS[TransitState(state)]
    except ValueError:
        colour = ""
    return Text.assemble(("● ", f"bold {colour}"), (state_label(state), colour))
