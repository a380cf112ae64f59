"""Whether an exit came in time, given D, the final date for re-exportation set at entry.

On or before D: timely (1956 art. 13.1; 1954 art. 12.1). From D+1 to D+14: late, but the lack of timely
proof "shall be disregarded" when satisfactory explanations of the delay are given (art. 20 in both):
accepted as timely once an explanation is recorded, flagged until then. From D+15: late, flagged for the
controller.

A seizure by the authorities suspends the obligation to re-export for its duration (1956 art. 14.2; 1954
art. 13.2): its days, seizure day and release day both counted, are added to D. A seizure made at the suit
of private persons suspends nothing. Overlapping seizures count each day once; a seizure that begins after
the (already extended) deadline has passed did not keep the vehicle from leaving in time and adds nothing.
A seizure not yet released counts up to the day of the decision.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from pydantic import Field, model_validator

from carnet_domain.carnet import Model
from carnet_domain.cpd.convention import Convention, Rule, cite
from carnet_domain.cpd.decision import CpdReason, Decision, decide
from carnet_domain.cpd.periods import DAY, inclusive_days

R = CpdReason

GRACE_DAYS = 14
"""Art. 20: "within fourteen days from the expiry of the temporary entry deadline"."""


class SeizedBy(StrEnum):
    AUTHORITIES = "authorities"
    PRIVATE_SUIT = "private_suit"
    """At the suit of private persons (a creditor's attachment): the deadline keeps running."""


class Seizure(Model):
    seized_by: SeizedBy
    seized_on: date
    released_on: date | None = None
    authority: str = Field(default="", max_length=200)
    reference: str = Field(default="", max_length=100)

    @model_validator(mode="after")
    def _order(self) -> Seizure:
        if self.released_on is not None and self.released_on < self.seized_on:
            raise ValueError("a seizure is released on or after the day it began")
        return self

    @property
    def suspends(self) -> bool:
        return self.seized_by is SeizedBy.AUTHORITIES


@dataclass(frozen=True, slots=True)
class Deadline:
    final_date: date
    """D as set at entry."""
    suspended_days: int
    """Days of seizure by the authorities added to D."""
    ignored_days: int
    """Days of seizure at the suit of private persons, which add nothing."""

    @property
    def extended(self) -> date:
        return self.final_date + timedelta(days=self.suspended_days)

    @property
    def grace_end(self) -> date:
        return self.extended + timedelta(days=GRACE_DAYS)


def _merged(spans: Iterable[tuple[date, date]]) -> list[tuple[date, date]]:
    merged: list[tuple[date, date]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1] + DAY:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def deadline(final_date: date, seizures: Iterable[Seizure], as_of: date) -> Deadline:
    """D extended by the seizures by the authorities, as known on ``as_of``."""
    spans: dict[bool, list[tuple[date, date]]] = {True: [], False: []}
    for seizure in seizures:
        if seizure.seized_on > as_of:
            continue
        end = min(seizure.released_on or as_of, as_of)
        spans[seizure.suspends].append((seizure.seized_on, end))
    extended, added = final_date, 0
    for start, end in _merged(spans[True]):
        if start > extended:
            break
        days = inclusive_days(start, end)
        extended += timedelta(days=days)
        added += days
    ignored = sum(inclusive_days(s, e) for s, e in _merged(spans[False]))
    return Deadline(final_date, added, ignored)


def exit_timing(
    convention: Convention,
    final_date: date,
    exit_on: date,
    *,
    explanation: str = "",
    seizures: Iterable[Seizure] = (),
) -> Decision:
    """How timely an exit on ``exit_on`` is against D = ``final_date``; ``explanation`` is the delay's
    explanation the officer recorded as satisfactory (blank: none)."""
    seizures = tuple(seizures)
    due = deadline(final_date, seizures, exit_on)
    days_late = max((exit_on - due.extended).days, 0)
    if days_late == 0:
        reason = R.EXIT_TIMELY
    elif days_late <= GRACE_DAYS:
        reason = R.EXIT_LATE_EXPLAINED if explanation.strip() else R.EXIT_LATE_UNEXPLAINED
    else:
        reason = R.EXIT_LATE
    return decide(
        reason, convention,
        final_date=final_date, suspended_days=due.suspended_days, ignored_seizure_days=due.ignored_days,
        extended_final_date=due.extended, grace_end=due.grace_end, exit_on=exit_on, days_late=days_late,
        explanation=explanation.strip(),
        seizure_article=str(cite(convention, Rule.SEIZURE_SUSPENDS)) if seizures else "",
    )
