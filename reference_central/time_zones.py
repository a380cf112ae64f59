"""The time zones an office may be in: the IANA names this machine's time zone database holds."""

from __future__ import annotations

from functools import lru_cache
from zoneinfo import available_timezones


@lru_cache(maxsize=1)
def _known() -> frozenset[str]:
    return frozenset(available_timezones())


def known_time_zone(name: str) -> bool:
    """Whether ``name`` is an IANA time zone (``Europe/Zurich``). Asked of the name list, never of the files: a
    name such as ``Europe`` (a folder of the database) or ``zone.tab`` (a file that is no zone) is not one."""
    return name in _known()
