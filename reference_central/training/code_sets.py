"""Code sets: whose carnets are whose. A trainee account (``trainee01`` ... ``trainee50``) plays the code set of its
number, every other account (the demo's ``officer.ch``, the trainer) code set 0. A code set's copy of a demo scenario
is the scenario's carnet with its ID moved by 100 per set (:func:`reference_central.demo.seed._for_trainee`), and
its declarations say their set."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

from reference_central.database import Db

if TYPE_CHECKING:
    from reference_central.demo.carnets import Scenario

MAX_TRAINEES = 50
"""The most trainees a classroom seeds (code sets 1..50)."""
TRAINEE_ID = re.compile(r"^trainee(\d{2})$")
SET_STEP = 100
"""How far apart two code sets' copies of one carnet's ID are."""


def trainee_account(trainee: int) -> str:
    """The account of code set ``trainee`` (1..50)."""
    return f"trainee{trainee:02d}"


def code_set_of(account_id: str) -> int:
    """The code set ``account_id`` plays: its number for a trainee, 0 for anyone else."""
    found = TRAINEE_ID.match(account_id)
    number = int(found.group(1)) if found else 0
    return number if 1 <= number <= MAX_TRAINEES else 0


def is_trainee(account_id: str) -> bool:
    return code_set_of(account_id) > 0


@lru_cache(maxsize=1)
def demo_scenarios() -> dict[str, Scenario]:
    """Each demo scenario by its key, built on a fixed date: for their carnets' IDs and their declarations, which
    are the same on every date (never for their dates)."""
    from reference_central.demo.carnets import scenarios

    return {s.key: s for s in scenarios(date(2026, 1, 1))}


def scenario_carnets() -> dict[str, str]:
    """Each demo scenario's carnet ID (set 0), by the scenario's key."""
    return {key: s.carnet.carnet_id for key, s in demo_scenarios().items()}


@lru_cache(maxsize=1)
def _scenario_of_carnet() -> dict[str, str]:
    return {carnet_id: key for key, carnet_id in scenario_carnets().items()}


def carnet_in_set(scenario: str, code_set: int) -> str:
    """The ID of code set ``code_set``'s copy of ``scenario``'s carnet."""
    return str(int(scenario_carnets()[scenario]) + SET_STEP * code_set)


def carnet_code_set(db: Db, carnet_id: str) -> int | None:
    """The code set a carnet's declarations belong to; ``None`` for a carnet with none (not the demo's)."""
    row = db.execute("SELECT MAX(trainee) FROM declarations WHERE carnet_id = ?", (carnet_id,)).fetchone()
    return None if row is None or row[0] is None else int(row[0])


def scenario_of(carnet_id: str, code_set: int) -> str | None:
    """The demo scenario whose carnet ``carnet_id`` is code set ``code_set``'s copy of, if any."""
    if not carnet_id.isdigit():
        return None
    return _scenario_of_carnet().get(str(int(carnet_id) - SET_STEP * code_set))
