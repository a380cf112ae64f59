"""Calendar periods with inclusive ends, the way the carnet prints "valid until ... inclusive".

A period of *n* months that starts on a day ends on the day before the same day of the month *n* months
later; when that day does not exist (31 April, 29 February of a common year) the period ends on the last day
of that month. So one year from 10 March 2026 runs to 9 March 2027, one year from 29 February 2028 to
28 February 2029, and three months from 1 March to 31 May.
"""

from __future__ import annotations

from datetime import date, timedelta

DAY = timedelta(days=1)


def same_day_later(start: date, months: int) -> date:
    """The same day of the month ``months`` later, or the 1st of the next month when that day is missing."""
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    try:
        return date(year, month + 1, start.day)
    except ValueError:
        return date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1)


def period_end(start: date, *, months: int) -> date:
    """The last day (inclusive) of a period of ``months`` calendar months that starts on ``start``."""
    return same_day_later(start, months) - DAY


def year_end(start: date) -> date:
    """The last day (inclusive) of one year starting on ``start``."""
    return period_end(start, months=12)


def inclusive_days(first: date, last: date) -> int:
    """How many days from ``first`` to ``last``, both counted (0 when ``last`` is before ``first``)."""
    return max((last - first).days + 1, 0)
