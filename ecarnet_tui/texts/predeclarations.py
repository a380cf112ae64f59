"""The officer-facing names of what pre-notifications and pre-declarations carry, translated."""

from __future__ import annotations

from carnet_domain.predeclaration import (
    MeansOfTransport,
    PreDeclarationKind,
    PreDeclarationState,
    TransportMode,
)
from ecarnet_tui.formats import format_number
from ecarnet_tui.i18n import _

NONE = "—"
"""Shown where a pre-notification gives no detail."""


def kind_name(kind: PreDeclarationKind) -> str:
    return {
        PreDeclarationKind.PRE_NOTIFICATION: _("Pre-notification"),
        PreDeclarationKind.AUTOMATIC: _("Automatic transaction"),
    }[kind]


def state_name(state: PreDeclarationState) -> str:
    return {
        PreDeclarationState.PENDING: _("Pending"),
        PreDeclarationState.ACKNOWLEDGED: _("Acknowledged"),
        PreDeclarationState.REJECTED: _("Rejected"),
        PreDeclarationState.COMMITTED: _("Committed"),
    }[state]


def transport_mode_name(mode: TransportMode | None) -> str:
    if mode is None:
        return NONE
    return {TransportMode.CARGO: _("Cargo"), TransportMode.HAND_CARRY: _("Hand carry")}[mode]


def means_name(means: MeansOfTransport | None) -> str:
    if means is None:
        return NONE
    return {
        MeansOfTransport.AIR: _("Air"),
        MeansOfTransport.SEA: _("Sea"),
        MeansOfTransport.ROAD: _("Road"),
        MeansOfTransport.RAIL: _("Rail"),
    }[means]


def size_text(size: int) -> str:
    """A file size as an officer reads it."""
    if size < 1024:
        return _("{n} bytes").format(n=size)
    if size < 1024 * 1024:
        return _("{n} KB").format(n=round(size / 1024))
    return _("{n} MB").format(n=format_number(size / (1024 * 1024), 1))
