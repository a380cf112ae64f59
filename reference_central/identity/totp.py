"""The second factor: TOTP (RFC 6238, 30-second steps, 6 digits, SHA-1 as every authenticator app speaks it),
accepted one step either side of the central's clock, each step at most once per account."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime

import pyotp

from carnet_domain.payload import CODE_ALPHABET

STEP_SECONDS = 30
DRIFT_STEPS = 1
"""A code of the step before or after the current one is accepted: clocks and typing take time."""
ISSUER = "eCarnet"
RECOVERY_CODES = 8
RECOVERY_LENGTH = 12
"""12 characters of a 28-letter alphabet: about 58 bits each; kept salted and hashed."""


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, account_id: str, issuer: str = ISSUER) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=account_id, issuer_name=issuer)


def step_of(moment: datetime) -> int:
    return int(moment.timestamp()) // STEP_SECONDS


def code_at(secret: str, moment: datetime) -> str:
    return pyotp.TOTP(secret).at(moment)


def seconds_left(moment: datetime) -> int:
    return STEP_SECONDS - int(moment.timestamp()) % STEP_SECONDS


def matching_step(secret: str, code: str, moment: datetime, last_used_step: int) -> int | None:
    """The step ``code`` belongs to (within :data:`DRIFT_STEPS` of ``moment``) if it is right and newer than
    ``last_used_step``; ``None`` otherwise (wrong, too far off, or replayed)."""
    typed = "".join(code.split())
    if len(typed) != 6 or not typed.isdigit():
        return None
    now = step_of(moment)
    totp = pyotp.TOTP(secret)
    for step in range(now - DRIFT_STEPS, now + DRIFT_STEPS + 1):
        if step > last_used_step and hmac.compare_digest(totp.generate_otp(step), typed):
            return step
    return None


def new_recovery_codes() -> list[str]:
    return ["".join(secrets.choice(CODE_ALPHABET) for _ in range(RECOVERY_LENGTH)) for _ in range(RECOVERY_CODES)]


def hash_recovery(code: str, salt: str) -> str:
    return hashlib.sha256(f"{salt}:{normal_recovery(code)}".encode()).hexdigest()


def normal_recovery(code: str) -> str:
    return "".join(code.split()).replace("-", "").upper()
