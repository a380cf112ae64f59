"""One extension only, at most a year, normally at most three months past the previous expiry (art. 22,
Annex 3), asked for by the guaranteeing association before expiry and granted by its own country's customs."""

from __future__ import annotations

from datetime import date

import pytest

from carnet_domain.carnet import Party
from carnet_domain.cpd.convention import Convention
from carnet_domain.cpd.decision import CpdReason, Decision, Verdict
from carnet_domain.cpd.validity import check_extension, extension_limits
from tests.unit.cpd.factories import BOTH, DAY, VALID_UNTIL, cpd, extension

R = CpdReason
NORMAL = date(2027, 6, 9)
"""Three months after the previous expiry, VALID_UNTIL (9 March 2027)."""
ABSOLUTE = date(2028, 3, 9)
"""One year after it."""


def reasons(decisions: tuple[Decision, ...]) -> list[CpdReason]:
    return [d.reason for d in decisions]


def test_limits_count_from_the_day_after_expiry() -> None:
    assert extension_limits(VALID_UNTIL) == (NORMAL, ABSOLUTE)
    assert extension_limits(date(2027, 2, 28)) == (date(2027, 5, 31), date(2028, 2, 29))  # from 1 March
    assert extension_limits(date(2026, 11, 30)) == (date(2027, 2, 28), date(2027, 11, 30))
    assert extension_limits(date(2028, 2, 29)) == (date(2028, 5, 31), date(2029, 2, 28))


@pytest.mark.parametrize("convention", BOTH)
@pytest.mark.parametrize(
    ("until", "exceptional", "expected"),
    [
        (VALID_UNTIL, False, [R.EXTENSION_NOT_LATER]),
        (VALID_UNTIL + DAY, False, [R.EXTENSION_GRANTED]),
        (NORMAL - DAY, False, [R.EXTENSION_GRANTED]),
        (NORMAL, False, [R.EXTENSION_GRANTED]),
        (NORMAL + DAY, False, [R.EXTENSION_OVER_THREE_MONTHS]),
        (NORMAL + DAY, True, [R.EXTENSION_EXCEPTIONAL, R.EXTENSION_GRANTED]),
        (ABSOLUTE - DAY, True, [R.EXTENSION_EXCEPTIONAL, R.EXTENSION_GRANTED]),
        (ABSOLUTE, True, [R.EXTENSION_EXCEPTIONAL, R.EXTENSION_GRANTED]),
        (ABSOLUTE + DAY, True, [R.EXTENSION_OVER_ONE_YEAR]),
        (ABSOLUTE + DAY, False, [R.EXTENSION_OVER_ONE_YEAR]),
    ],
)
def test_length_at_three_months_and_one_year(
    convention: Convention, until: date, exceptional: bool, expected: list[CpdReason]
) -> None:
    found = check_extension(cpd(convention), extension(until, exceptional=exceptional))
    assert reasons(found) == expected
    last = found[-1]
    assert last.figures["previous_valid_until"] == VALID_UNTIL
    assert last.figures["granted_until"] == until
    assert last.figures["normal_limit"] == NORMAL
    assert last.figures["absolute_limit"] == ABSOLUTE


def test_the_articles_of_the_length_limits() -> None:
    for convention, year in ((Convention.COMMERCIAL_1956, "1956"), (Convention.PRIVATE_1954, "1954")):
        over_year = check_extension(cpd(convention), extension(ABSOLUTE + DAY))[0]
        over_three = check_extension(cpd(convention), extension(NORMAL + DAY))[0]
        granted = check_extension(cpd(convention), extension(NORMAL))[0]
        assert str(over_year.citation) == f"{year} art. 22.3"
        assert str(over_three.citation) == f"{year} Annex 3, 2(d)"
        assert str(granted.citation) == f"{year} art. 21"  # recognised by every other Contracting Party
        assert granted.figures["authority"] == "HM Revenue & Customs, Dover"
        assert granted.figures["country"] == "GB"


@pytest.mark.parametrize("convention", BOTH)
def test_a_second_extension_is_refused(convention: Convention) -> None:
    first = extension(NORMAL)
    found = check_extension(cpd(convention), extension(NORMAL), earlier=[first])
    assert reasons(found) == [R.EXTENSION_ALREADY_EXTENDED]
    assert found[0].figures["granted_until"] == NORMAL
    assert found[0].verdict is Verdict.REFUSE


@pytest.mark.parametrize(
    ("requested_on", "force_majeure", "expected"),
    [
        (VALID_UNTIL - DAY, False, [R.EXTENSION_GRANTED]),
        (VALID_UNTIL, False, [R.EXTENSION_GRANTED]),
        (VALID_UNTIL + DAY, False, [R.EXTENSION_REQUEST_AFTER_EXPIRY]),
        (VALID_UNTIL + DAY, True, [R.EXTENSION_LATE_FORCE_MAJEURE, R.EXTENSION_GRANTED]),
    ],
)
def test_requested_before_expiry_unless_force_majeure(
    requested_on: date, force_majeure: bool, expected: list[CpdReason]
) -> None:
    ext = extension(NORMAL, requested_on=requested_on, force_majeure_late=force_majeure)
    found = check_extension(cpd(), ext)
    assert reasons(found) == expected
    assert found[0].figures.get("valid_until", VALID_UNTIL) == VALID_UNTIL


def test_only_the_guaranteeing_association_may_request_it() -> None:
    other = Party(name="Touring Club Suisse", country="CH")
    found = check_extension(cpd(), extension(NORMAL, by=other))
    assert reasons(found) == [R.EXTENSION_NOT_BY_GUARANTOR]
    assert found[0].figures == {"requested_by": "Touring Club Suisse", "guaranteed_by": "The Automobile Association"}
    same = Party(name=" the automobile association ", country="gb")
    assert reasons(check_extension(cpd(), extension(NORMAL, by=same))) == [R.EXTENSION_GRANTED]


def test_granted_by_the_customs_of_the_associations_own_country() -> None:
    found = check_extension(cpd(), extension(NORMAL, country="FR"))
    assert reasons(found) == [R.EXTENSION_WRONG_COUNTRY]
    assert found[0].figures == {"country": "FR", "guarantor_country": "GB"}
    assert str(found[0].citation) == "1954 Annex 3, 2(e)-(f)"


def test_customs_may_shorten_the_request_but_not_lengthen_it() -> None:
    shortened = extension(NORMAL - 10 * DAY, requested_until=NORMAL)
    assert reasons(check_extension(cpd(), shortened)) == [R.EXTENSION_GRANTED]
    lengthened = extension(NORMAL, requested_until=NORMAL - 10 * DAY)
    assert reasons(check_extension(cpd(), lengthened)) == [R.EXTENSION_BEYOND_REQUEST]


def test_not_granted_before_it_was_requested() -> None:
    ext = extension(NORMAL, requested_on=VALID_UNTIL - 5 * DAY, granted_on=VALID_UNTIL - 6 * DAY)
    assert reasons(check_extension(cpd(), ext)) == [R.EXTENSION_GRANTED_BEFORE_REQUEST]
    same_day = extension(NORMAL, requested_on=VALID_UNTIL - 5 * DAY, granted_on=VALID_UNTIL - 5 * DAY)
    assert reasons(check_extension(cpd(), same_day)) == [R.EXTENSION_GRANTED]


def test_every_problem_is_reported_at_once() -> None:
    ext = extension(ABSOLUTE + DAY, requested_on=VALID_UNTIL + DAY, country="FR")
    found = check_extension(cpd(), ext, earlier=[extension(NORMAL)])
    assert reasons(found) == [
        R.EXTENSION_ALREADY_EXTENDED, R.EXTENSION_REQUEST_AFTER_EXPIRY, R.EXTENSION_WRONG_COUNTRY,
        R.EXTENSION_OVER_ONE_YEAR,
    ]
