"""Validity of at most one year from issue: valid until the day before the anniversary, inclusive."""

from __future__ import annotations

from datetime import date

import pytest

from carnet_domain.cpd.convention import Convention
from carnet_domain.cpd.decision import CpdReason, Verdict
from carnet_domain.cpd.validity import check_validity_period, latest_valid_until, valid_until_of
from tests.unit.cpd.factories import BOTH, DAY, ISSUE, VALID_UNTIL, cpd, extension

R = CpdReason


def test_latest_valid_until_is_the_day_before_the_anniversary() -> None:
    assert latest_valid_until(ISSUE) == VALID_UNTIL == date(2027, 3, 9)
    assert latest_valid_until(date(2026, 1, 1)) == date(2026, 12, 31)
    assert latest_valid_until(date(2028, 2, 29)) == date(2029, 2, 28)


@pytest.mark.parametrize("convention", BOTH)
@pytest.mark.parametrize(
    ("valid_until", "reason", "days_over"),
    [
        (VALID_UNTIL - DAY, R.VALIDITY_WITHIN_ONE_YEAR, 0),
        (VALID_UNTIL, R.VALIDITY_WITHIN_ONE_YEAR, 0),
        (VALID_UNTIL + DAY, R.VALIDITY_OVER_ONE_YEAR, 1),
        (date(2027, 3, 10), R.VALIDITY_OVER_ONE_YEAR, 1),  # the anniversary itself is one day too many
    ],
)
def test_one_year_from_issue_at_its_boundary(
    convention: Convention, valid_until: date, reason: CpdReason, days_over: int
) -> None:
    decision = check_validity_period(cpd(convention, valid_until=valid_until))
    assert decision.reason is reason
    assert decision.figures["latest_valid_until"] == VALID_UNTIL
    assert decision.figures["issue_date"] == ISSUE
    assert decision.figures["valid_until"] == valid_until
    assert decision.figures["days_over"] == days_over
    assert decision.verdict is (Verdict.OK if days_over == 0 else Verdict.FLAG)


def test_the_article_differs_between_the_conventions() -> None:
    assert str(check_validity_period(cpd(Convention.COMMERCIAL_1956)).citation) == "1956 art. 7.3"
    assert str(check_validity_period(cpd(Convention.PRIVATE_1954)).citation) == "1954 art. 6.3"


@pytest.mark.parametrize(
    ("valid_until", "reason"),
    [
        (date(2029, 2, 27), R.VALIDITY_WITHIN_ONE_YEAR),
        (date(2029, 2, 28), R.VALIDITY_WITHIN_ONE_YEAR),
        (date(2029, 3, 1), R.VALIDITY_OVER_ONE_YEAR),
    ],
)
def test_issued_on_29_february(valid_until: date, reason: CpdReason) -> None:
    carnet = cpd(issue=date(2028, 2, 29), valid_until=valid_until)
    assert check_validity_period(carnet).reason is reason


def test_the_extension_gives_the_last_valid_day() -> None:
    carnet = cpd()
    assert valid_until_of(carnet) == VALID_UNTIL
    assert valid_until_of(carnet, extension(date(2027, 5, 1))) == date(2027, 5, 1)
