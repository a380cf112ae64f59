"""The desk's password verifiers: an Argon2id hash of an officer's password, written at an online sign-in, so
that the same officer can unlock the idle lock, and sign in here while the central cannot be reached. Never the
password itself, never in the keyring."""

from __future__ import annotations

from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError


@dataclass(frozen=True)
class VerifierCost:
    time_cost: int
    memory_kib: int
    parallelism: int = 1


DESK_COST = VerifierCost(time_cost=2, memory_kib=65536)
"""The central's benchmarked Argon2id profile (``benchmarks/sign_in.py``): 50-250 ms a verification."""
CHEAP_COST = VerifierCost(time_cost=1, memory_kib=64)
"""For tests only."""


class Verifiers:
    """Makes and checks verifiers at one cost. Both take tens of milliseconds: call them from a thread worker."""

    def __init__(self, cost: VerifierCost = DESK_COST) -> None:
        self.cost = cost
        self._hasher = PasswordHasher(time_cost=cost.time_cost, memory_cost=cost.memory_kib,
                                      parallelism=cost.parallelism)

    def make(self, password: str) -> str:
        return self._hasher.hash(password)

    def check(self, verifier: str, password: str) -> bool:
        if not verifier:
            return False
        try:
            return bool(self._hasher.verify(verifier, password))
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False
