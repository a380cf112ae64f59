"""How the desk writes times for the officer: stored in UTC, shown in the workstation's local time."""

from __future__ import annotations

from datetime import datetime


def local_time(moment: datetime) -> str:
    """A UTC time shown in the workstation's local time zone."""
    return moment.astimezone().strftime("%d/%m/%Y %H:%M")
