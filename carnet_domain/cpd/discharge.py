"""CPD reconciliation, and the deadline for notifying the guaranteeing association of a non-discharge.

N/A while the carnet is valid (its extension included). Afterwards *Discharged* when every entry was ended
by an exit (whose visa is its discharge, art. 17-18 in both conventions), a recorded termination or a
regularisation; otherwise *To check*.

Art. 26 (both conventions): customs lose their claim on the guaranteeing association unless they notify it
of the non-discharge within one year of the date of expiry of the carnet's validity. With ``valid_until``
the last valid day, that year starts the day after it and ends, inclusive, on the same date one year later
(valid until 31 December 2026: notify by 31 December 2027; valid until 28 February 2027: the year from
1 March 2027 ends on 29 February 2028). A warning is due from :data:`WARNING_DAYS` days before that day, the day
itself included; the day after, the claim on the association has lapsed. Art. 26 also gives customs one
year from the notification to state the duties, and art. 27.1 gives the association one year from it (but
not from before the expiry) to prove re-exportation.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from carnet_domain.carnet import Carnet
from carnet_domain.cpd.convention import convention_of
from carnet_domain.cpd.decision import CpdReason, Decision, Figure, decide
from carnet_domain.cpd.passages import Passage, stays
from carnet_domain.cpd.periods import DAY, year_end
from carnet_domain.cpd.terminations import Regularisation, Termination
from carnet_domain.cpd.validity import Extension, valid_until_of

R = CpdReason

WARNING_DAYS = 30


class DischargeStatus(StrEnum):
    NOT_APPLICABLE = "n/a"
    DISCHARGED = "discharged"
    TO_CHECK = "to_check"


@dataclass(frozen=True, slots=True)
class CpdReconciliation:
    status: DischargeStatus
    outstanding: tuple[Passage, ...]
    """Entries neither exited, terminated nor regularised."""
    decision: Decision
    notification: Decision | None
    """Where the non-discharge notification stands, when the status is To check."""


def settled_entries(terminations: Iterable[Termination], regularisations: Iterable[Regularisation]) -> set[str]:
    return {t.entry_id for t in terminations} | {r.entry_id for r in regularisations}


def reconcile_cpd(
    carnet: Carnet,
    passages: Sequence[Passage],
    *,
    today: date,
    terminations: Iterable[Termination] = (),
    regularisations: Iterable[Regularisation] = (),
    extension: Extension | None = None,
    notified_on: date | None = None,
) -> CpdReconciliation:
    """The carnet's discharge as of ``today``; terminations and regularisations are those recorded."""
    convention = convention_of(carnet)
    valid_until = valid_until_of(carnet, extension)
    settled = settled_entries(terminations, regularisations)
    outstanding = tuple(s.entry for s in stays(passages) if s.exit is None and s.entry.passage_id not in settled)
    figures: dict[str, Figure] = dict(
        valid_until=valid_until, today=today, outstanding=len(outstanding),
        outstanding_entries=",".join(f"{e.passage_id}:{e.territory}" for e in outstanding),
    )
    if today <= valid_until:
        return CpdReconciliation(DischargeStatus.NOT_APPLICABLE, outstanding,
                                 decide(R.DISCHARGE_NOT_APPLICABLE, convention, **figures), None)
    if not outstanding:
        return CpdReconciliation(DischargeStatus.DISCHARGED, outstanding,
                                 decide(R.DISCHARGED, convention, **figures), None)
    notification = check_notification(carnet, as_of=today, extension=extension, notified_on=notified_on)
    return CpdReconciliation(DischargeStatus.TO_CHECK, outstanding,
                             decide(R.DISCHARGE_TO_CHECK, convention, **figures), notification)


def notification_deadline(valid_until: date) -> date:
    """The last day to notify the guaranteeing association of a non-discharge (art. 26)."""
    return year_end(valid_until + DAY)


def check_notification(
    carnet: Carnet,
    *,
    as_of: date,
    extension: Extension | None = None,
    notified_on: date | None = None,
    warning_days: int = WARNING_DAYS,
) -> Decision:
    """Where the non-discharge notification stands on ``as_of``."""
    convention = convention_of(carnet)
    valid_until = valid_until_of(carnet, extension)
    last_day = notification_deadline(valid_until)
    figures = dict(valid_until=valid_until, deadline=last_day, as_of=as_of,
                   warning_from=last_day - warning_days * DAY)
    if notified_on is not None:
        reason = R.NOTIFIED_IN_TIME if notified_on <= last_day else R.NOTIFIED_LATE
        return decide(reason, convention, notified_on=notified_on, **figures)
    if as_of <= valid_until:
        return decide(R.NOTIFICATION_NOT_DUE, convention, **figures)
    days_left = (last_day - as_of).days
    if days_left < 0:
        reason = R.NOTIFICATION_LAPSED
    elif days_left <= warning_days:
        reason = R.NOTIFICATION_WARNING
    else:
        reason = R.NOTIFICATION_OPEN
    return decide(reason, convention, days_left=days_left, **figures)


def duties_details_deadline(notified_on: date) -> date:
    """Art. 26: the last day for customs to give the association the amount of the duties."""
    return year_end(notified_on + DAY)


def proof_deadline(notified_on: date, valid_until: date) -> date:
    """Art. 27.1: the last day for the association to prove re-exportation (running from the notification,
    but never from before the carnet's expiry)."""
    return year_end(max(notified_on, valid_until) + DAY)
