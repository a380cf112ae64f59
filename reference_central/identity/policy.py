"""The central's identity settings, kept in its database (every process of the central reads the same) and set
with ``ecarnet-central policy``."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reference_central.store import Store

META_PREFIX = "policy."


@dataclass(frozen=True)
class IdentityPolicy:
    mfa_required: bool = True
    """Every person signs in with a second factor (enrolled at the first sign-in)."""
    idle_minutes: int = 30
    session_hours: int = 12
    offline_days: int = 7
    """How long after an online sign-in a workstation may sign the officer in offline (the grant's life)."""
    set_password_days: int = 5
    """A set-password code's life (guide line 3048: the link expires after 5 days)."""
    lock_after: int = 5
    """Failed sign-ins of one account within ``window_minutes`` that lock it..."""
    lock_minutes: int = 15
    """...for this long."""
    window_minutes: int = 15
    slow_after: int = 10
    """Failed sign-ins from one address within the window after which each further try must wait (never a lock:
    a whole post may sit behind one address)."""
    challenge_minutes: int = 5
    """Between the password and the second factor."""

    @property
    def idle(self) -> timedelta:
        return timedelta(minutes=self.idle_minutes)

    @property
    def session_life(self) -> timedelta:
        return timedelta(hours=self.session_hours)

    @property
    def offline_life(self) -> timedelta:
        return timedelta(days=self.offline_days)


LIMITS: dict[str, tuple[int, int]] = {
    "idle_minutes": (1, 24 * 60), "session_hours": (1, 24 * 7), "offline_days": (0, 30),
    "set_password_days": (1, 30), "lock_after": (3, 100), "lock_minutes": (1, 24 * 60),
    "window_minutes": (1, 24 * 60), "slow_after": (3, 1000), "challenge_minutes": (1, 30),
}
"""What each number may be set to."""


def read_policy(store: Store, defaults: IdentityPolicy | None = None) -> IdentityPolicy:
    policy = defaults or IdentityPolicy()
    with store.transaction() as db:
        rows = db.execute("SELECT key, value FROM meta WHERE key LIKE ?", (META_PREFIX + "%",)).fetchall()
    changes: dict[str, object] = {}
    names = {f.name: f for f in fields(IdentityPolicy)}
    for row in rows:
        name = str(row["key"])[len(META_PREFIX):]
        if name not in names:
            continue
        value = str(row["value"])
        changes[name] = value == "true" if name == "mfa_required" else int(value)
    return replace(policy, **changes)  # type: ignore[arg-type]


def set_policy(store: Store, name: str, value: str) -> str:
    """Set one setting; returns why it cannot be set, or ``""``."""
    if name == "mfa_required":
        if value not in ("true", "false"):
            return "mfa_required is true or false"
    elif name in LIMITS:
        low, high = LIMITS[name]
        if not value.isdigit() or not low <= int(value) <= high:
            return f"{name} is a whole number from {low} to {high}"
    else:
        return f"unknown setting {name!r}; known: {', '.join(f.name for f in fields(IdentityPolicy))}"
    store.set_meta(META_PREFIX + name, value)
    return ""
