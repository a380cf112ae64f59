"""CPD reconciliation and the one-year deadline to notify the guaranteeing association (art. 26)."""

from __future__ import annotations

from datetime import date

import pytest

from carnet_domain.cpd.convention import Convention
from carnet_domain.cpd.decision import CpdReason, Verdict
from carnet_domain.cpd.discharge import (
    WARNING_DAYS,
    DischargeStatus,
    check_notification,
    duties_details_deadline,
    notification_deadline,
    proof_deadline,
    reconcile_cpd,
)
from carnet_domain.cpd.passages import Passage
from carnet_domain.cpd.terminations import (
    CertificateOfLocation,
    OfficialAuthority,
    Regularisation,
    Termination,
    TerminationKind,
)
from carnet_domain.organisation import Role
from tests.unit.cpd.factories import BOTH, DAY, MID, VALID_UNTIL, cpd, entry, exit_, extension

R = CpdReason
S = DischargeStatus
AFTER = VALID_UNTIL + DAY
DEADLINE = date(2028, 3, 9)
"""One year after the expiry of a carnet valid until 9 March 2027."""


def open_stay() -> list[Passage]:
    return [entry("CH", MID, passage_id="E1")]


@pytest.mark.parametrize("convention", BOTH)
@pytest.mark.parametrize(("today", "status"), [(VALID_UNTIL - DAY, S.NOT_APPLICABLE),
                                               (VALID_UNTIL, S.NOT_APPLICABLE), (AFTER, S.TO_CHECK)])
def test_not_applicable_while_valid_then_to_check(convention: Convention, today: date, status: S) -> None:
    result = reconcile_cpd(cpd(convention), open_stay(), today=today)
    assert result.status is status
    assert [e.passage_id for e in result.outstanding] == ["E1"]
    assert result.decision.figures["outstanding_entries"] == "E1:CH"


@pytest.mark.parametrize("convention", BOTH)
def test_discharged_when_every_entry_was_ended(convention: Convention) -> None:
    history = [entry("CH", MID), exit_("CH", MID + DAY), entry("EU", MID + 2 * DAY), exit_("EU", MID + 9 * DAY)]
    result = reconcile_cpd(cpd(convention), history, today=AFTER)
    assert result.status is S.DISCHARGED
    assert result.outstanding == ()
    assert result.notification is None
    assert str(result.decision.citation) == f"{convention.year} art. 17, 18"


def test_a_termination_or_a_regularisation_discharges_the_entry() -> None:
    ended = Termination(entry_id="E1", kind=TerminationKind.ABANDONED_TO_TREASURY, on=MID + 3 * DAY,
                        recorded_by="officer.ch", accident_authenticated=True)
    assert reconcile_cpd(cpd(), open_stay(), today=AFTER, terminations=[ended]).status is S.DISCHARGED
    certificate = CertificateOfLocation(authority_kind=OfficialAuthority.CONSUL, authority_name="British Consulate",
                                        country="FR", presented_on=AFTER, issued_on=AFTER)
    regularised = Regularisation(entry_id="E1", certificate=certificate, recorded_by="controller.ch",
                                 recorded_by_role=Role.CONTROLLER, recorded_on=AFTER + DAY)
    assert reconcile_cpd(cpd(), open_stay(), today=AFTER, regularisations=[regularised]).status is S.DISCHARGED


def test_an_extension_keeps_it_not_applicable_until_its_end() -> None:
    ext = extension(date(2027, 6, 9))
    assert reconcile_cpd(cpd(), open_stay(), today=date(2027, 6, 9), extension=ext).status is S.NOT_APPLICABLE
    after = reconcile_cpd(cpd(), open_stay(), today=date(2027, 6, 10), extension=ext)
    assert after.status is S.TO_CHECK
    assert after.notification is not None
    assert after.notification.figures["deadline"] == date(2028, 6, 9)


def test_to_check_comes_with_the_notification_deadline() -> None:
    result = reconcile_cpd(cpd(), open_stay(), today=AFTER)
    assert result.decision.verdict is Verdict.FLAG
    assert result.notification is not None
    assert result.notification.reason is R.NOTIFICATION_OPEN
    assert result.notification.figures["deadline"] == DEADLINE


@pytest.mark.parametrize(
    ("valid_until", "deadline"),
    [
        (VALID_UNTIL, DEADLINE),
        (date(2026, 12, 31), date(2027, 12, 31)),
        (date(2028, 2, 29), date(2029, 2, 28)),
        (date(2027, 2, 28), date(2028, 2, 29)),  # the year runs from 1 March 2027
    ],
)
def test_one_year_from_expiry(valid_until: date, deadline: date) -> None:
    assert notification_deadline(valid_until) == deadline


@pytest.mark.parametrize(("convention", "year"), [(BOTH[0], "1956"), (BOTH[1], "1954")])
@pytest.mark.parametrize(
    ("as_of", "reason", "days_left"),
    [
        (VALID_UNTIL, R.NOTIFICATION_NOT_DUE, None),
        (AFTER, R.NOTIFICATION_OPEN, 365),
        (DEADLINE - (WARNING_DAYS + 1) * DAY, R.NOTIFICATION_OPEN, 31),
        (DEADLINE - WARNING_DAYS * DAY, R.NOTIFICATION_WARNING, 30),
        (DEADLINE - DAY, R.NOTIFICATION_WARNING, 1),
        (DEADLINE, R.NOTIFICATION_WARNING, 0),
        (DEADLINE + DAY, R.NOTIFICATION_LAPSED, -1),
    ],
)
def test_the_warning_window_and_the_lapse(
    convention: Convention, year: str, as_of: date, reason: CpdReason, days_left: int | None
) -> None:
    decision = check_notification(cpd(convention), as_of=as_of)
    assert decision.reason is reason
    assert str(decision.citation) == f"{year} art. 26"
    assert decision.figures["deadline"] == DEADLINE
    assert decision.figures["warning_from"] == DEADLINE - 30 * DAY
    assert decision.figures.get("days_left") == days_left


@pytest.mark.parametrize(
    ("notified_on", "reason"),
    [(DEADLINE - DAY, R.NOTIFIED_IN_TIME), (DEADLINE, R.NOTIFIED_IN_TIME), (DEADLINE + DAY, R.NOTIFIED_LATE)],
)
def test_a_notification_made(notified_on: date, reason: CpdReason) -> None:
    decision = check_notification(cpd(), as_of=DEADLINE + 100 * DAY, notified_on=notified_on)
    assert decision.reason is reason
    assert decision.figures["notified_on"] == notified_on


def test_a_custom_warning_window() -> None:
    assert check_notification(cpd(), as_of=DEADLINE - 60 * DAY, warning_days=60).reason is R.NOTIFICATION_WARNING
    assert check_notification(cpd(), as_of=DEADLINE - 61 * DAY, warning_days=60).reason is R.NOTIFICATION_OPEN


def test_the_deadlines_after_a_notification() -> None:
    notified = date(2027, 5, 10)
    assert duties_details_deadline(notified) == date(2028, 5, 10)
    assert proof_deadline(notified, VALID_UNTIL) == date(2028, 5, 10)
    # Notified before expiry: the association's year runs from the expiry (art. 27.1).
    assert proof_deadline(date(2027, 1, 15), VALID_UNTIL) == DEADLINE
