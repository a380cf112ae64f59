"""Passwords: Argon2id hashes, and the policy a new password must meet (length over complexity, NIST SP 800-63B:
no composition rules, but never the account's own name or a password everyone tries first)."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError


@dataclass(frozen=True)
class Argon2Profile:
    """Argon2id's costs. One verification should take 50-250 ms on the central's machine
    (``benchmarks/sign_in.py`` measures it): slow for a guesser, unnoticed by an officer."""

    time_cost: int
    memory_kib: int
    parallelism: int = 1

    def hasher(self) -> PasswordHasher:
        return PasswordHasher(time_cost=self.time_cost, memory_cost=self.memory_kib, parallelism=self.parallelism)


DEFAULT_PROFILE = Argon2Profile(time_cost=2, memory_kib=65536)
"""RFC 9106's second recommendation in memory (64 MiB), two passes: the benchmarked default."""
CHEAP_PROFILE = Argon2Profile(time_cost=1, memory_kib=64)
"""For tests only: the same code path at a fraction of a millisecond."""

MIN_LENGTH = 12
MAX_LENGTH = 256


def hash_password(password: str, profile: Argon2Profile) -> str:
    return profile.hasher().hash(password)


def verify_password(stored: str, password: str, profile: Argon2Profile) -> bool:
    """Whether ``password`` matches ``stored`` (a PHC string, whatever profile made it)."""
    try:
        return bool(profile.hasher().verify(stored, password))
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


_DUMMY: dict[Argon2Profile, str] = {}


def burn_time(password: str, profile: Argon2Profile) -> None:
    """Spend what a verification costs, for an account that does not exist: the answer's delay says nothing."""
    if profile not in _DUMMY:
        _DUMMY[profile] = hash_password("not an account's password", profile)
    verify_password(_DUMMY[profile], password, profile)


def _common() -> frozenset[str]:
    text = resources.files("reference_central.identity").joinpath("common_passwords.txt").read_text("utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#"))


COMMON = _common()


def password_problem(password: str, account_id: str, email: str = "") -> str:
    """Why ``password`` may not be used, in a sentence for the person choosing it; ``""`` when it may."""
    rule = password_rule(password, account_id, email)
    return RULES[rule] if rule else ""


RULES = {
    "too_short": f"at least {MIN_LENGTH} characters are needed (a few words make a good one)",
    "too_long": f"at most {MAX_LENGTH} characters",
    "control_characters": "control characters are not allowed",
    "contains_name": "it must not contain the account's name or e-mail address",
    "common": "it is one of the passwords tried first by anyone guessing: choose another",
    "repetitive": "it repeats too few characters: choose another",
}
"""The rules a new password must meet; the refusal names the rule (``extra.rule``) so that a workstation says it in
the officer's language."""


def password_rule(password: str, account_id: str, email: str = "") -> str:
    """The rule ``password`` breaks (a key of :data:`RULES`), or ``""``."""
    if len(password) < MIN_LENGTH:
        return "too_short"
    if len(password) > MAX_LENGTH:
        return "too_long"
    if any(ord(c) < 32 or ord(c) == 127 for c in password):
        return "control_characters"
    lowered = password.lower()
    names = {account_id.lower(), email.lower(), email.lower().split("@", 1)[0]} - {""}
    if any(len(name) >= 3 and name in lowered for name in names):
        return "contains_name"
    if lowered in COMMON or lowered.rstrip("0123456789!.") in COMMON:
        return "common"
    if len(set(lowered)) <= 3:
        return "repetitive"
    return ""
