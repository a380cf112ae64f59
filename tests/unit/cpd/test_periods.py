"""Inclusive calendar periods: the day before the same date n months later."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carnet_domain.cpd.periods import inclusive_days, period_end, same_day_later, year_end


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 3, 10), 12, date(2027, 3, 10)),
        (date(2026, 1, 31), 1, date(2026, 3, 1)),  # no 31 February: the 1st of March
        (date(2028, 2, 29), 12, date(2029, 3, 1)),
        (date(2026, 11, 15), 3, date(2027, 2, 15)),
        (date(2026, 12, 31), 2, date(2027, 3, 1)),  # across the year end, no 31 February
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
    ],
)
def test_same_day_later(start: date, months: int, expected: date) -> None:
    assert same_day_later(start, months) == expected


@pytest.mark.parametrize(
    ("start", "months", "last"),
    [
        (date(2026, 3, 10), 12, date(2027, 3, 9)),
        (date(2026, 1, 1), 12, date(2026, 12, 31)),
        (date(2028, 2, 29), 12, date(2029, 2, 28)),
        (date(2027, 3, 1), 3, date(2027, 5, 31)),
        (date(2026, 12, 1), 3, date(2027, 2, 28)),
        (date(2027, 12, 1), 3, date(2028, 2, 29)),
        (date(2026, 1, 31), 3, date(2026, 4, 30)),
    ],
)
def test_period_end_is_inclusive(start: date, months: int, last: date) -> None:
    assert period_end(start, months=months) == last


def test_inclusive_days_counts_both_ends() -> None:
    assert inclusive_days(date(2026, 5, 1), date(2026, 5, 1)) == 1
    assert inclusive_days(date(2026, 5, 1), date(2026, 5, 5)) == 5
    assert inclusive_days(date(2026, 5, 5), date(2026, 5, 1)) == 0


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)))
def test_a_year_is_365_or_366_days(start: date) -> None:
    assert inclusive_days(start, year_end(start)) in (365, 366)


@given(
    st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)),
    st.integers(min_value=1, max_value=400),
    st.integers(min_value=1, max_value=24),
)
def test_period_end_never_goes_back_as_the_start_moves_on(start: date, shift: int, months: int) -> None:
    later = start + timedelta(days=shift)
    assert period_end(later, months=months) >= period_end(start, months=months)
