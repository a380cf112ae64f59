"""One-time set-password codes: what a new account, or one whose password was reset, signs in with once to choose
its password (guide line 3048: the link expires after 5 days). Shown once, kept as SHA-256, typed in the password
field; dashes, spaces and letter case do not matter."""

from __future__ import annotations

import secrets

from carnet_domain.payload import CODE_ALPHABET

GROUPS = 4
GROUP_LENGTH = 4


def new_setup_code() -> str:
    """16 characters of a 28-letter alphabet (about 77 bits), in groups of four: ``KD4F-9XHB-...``."""
    return "-".join("".join(secrets.choice(CODE_ALPHABET) for _ in range(GROUP_LENGTH)) for _ in range(GROUPS))


def normal_setup_code(typed: str) -> str:
    return "".join(typed.split()).replace("-", "").upper()
