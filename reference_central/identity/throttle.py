"""Failed sign-ins, counted in the database (the central may run as several processes).

An account (by the name typed, whether or not it exists, so that a lock says nothing about existence) is locked
for a while after a few failures. A client address is never locked, only slowed down: a whole border post may sit
behind one address, and one officer's typos must not keep the others out.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from reference_central.database import Db, Row, replace
from reference_central.identity.policy import IdentityPolicy

MAX_ADDRESS_WAIT = 60
"""The longest an address is made to wait between tries, in seconds."""


def account_key(typed: str) -> str:
    return "account:" + " ".join(typed.split()).lower()


def address_key(address: str) -> str:
    return "address:" + address


def _row(db: Db, key: str) -> Row | None:
    row: Row | None = db.execute("SELECT * FROM throttle WHERE key = ?", (key,)).fetchone()
    return row


def wait_for_account(db: Db, key: str, now: datetime) -> int:
    """Seconds before ``key`` may try again (0: now)."""
    row = _row(db, key)
    if row is None or not row["locked_until"]:
        return 0
    left = (datetime.fromisoformat(row["locked_until"]) - now).total_seconds()
    return max(0, math.ceil(left))


def wait_for_address(db: Db, key: str, now: datetime, policy: IdentityPolicy) -> int:
    row = _row(db, key)
    if row is None or now - datetime.fromisoformat(row["first_at"]) > timedelta(minutes=policy.window_minutes):
        return 0
    beyond = int(row["failures"]) - policy.slow_after
    if beyond < 0:
        return 0
    wait = min(MAX_ADDRESS_WAIT, 2 ** min(beyond + 1, 10))  # 2, 4, 8... seconds
    left = (datetime.fromisoformat(row["last_at"]) + timedelta(seconds=wait) - now).total_seconds()
    return max(0, math.ceil(left))


def failed(db: Db, key: str, now: datetime, policy: IdentityPolicy, *, lock: bool) -> bool:
    """Count a failure of ``key``; with ``lock``, lock it once it has failed too often. True when it was just
    locked."""
    row = _row(db, key)
    if row is not None and row["locked_until"] and datetime.fromisoformat(row["locked_until"]) > now:
        # Already locked (a failure under another name of the same account): the lock stands as it was.
        db.execute("UPDATE throttle SET last_at = ? WHERE key = ?", (now.isoformat(), key))
        return False
    window = timedelta(minutes=policy.window_minutes)
    if row is None or now - datetime.fromisoformat(row["first_at"]) > window:
        failures, first = 1, now
    else:
        failures, first = int(row["failures"]) + 1, datetime.fromisoformat(row["first_at"])
    locked_until = None
    if lock and failures >= policy.lock_after:
        locked_until = (now + timedelta(minutes=policy.lock_minutes)).isoformat()
        failures, first = 0, now  # a new count starts with the lock
    replace(db, "throttle", (key, failures, first.isoformat(), now.isoformat(), locked_until))
    return locked_until is not None


def cleared(db: Db, key: str) -> None:
    db.execute("DELETE FROM throttle WHERE key = ?", (key,))
