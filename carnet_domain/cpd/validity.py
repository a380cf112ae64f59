"""Validity of at most one year from issue, and its one extension (1956 art. 7.3, 21, 22, Annex 3;
1954 art. 6.3, 21, 22, Annex 3).

Inclusive convention: ``valid_until`` is the last day the carnet may be used, so "not more than one year
from the date of issue" means ``valid_until`` is at most the day before the issue date's anniversary
(issued 10 March 2026: valid until 9 March 2027 at the latest; issued 29 February 2028: until 28 February
2029). An extension runs from the day after the previous expiry: at most one year (art. 22.3), normally at
most three calendar months (Annex 3, 2(d)), so the new ``valid_until`` is at most the same date one year
later, and normally at most three months later (previous expiry 31 March: 30 June; 28 February 2027:
31 May 2027). It is granted by the customs of the guaranteeing association's own country (Annex 3, 2(e))
and recognised in every other country (art. 21).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from pydantic import Field

from carnet_domain.carnet import Carnet, Model, Party
from carnet_domain.cpd.convention import convention_of
from carnet_domain.cpd.decision import CpdReason, Decision, decide
from carnet_domain.cpd.periods import DAY, period_end, year_end

R = CpdReason

EXTENSION_MONTHS_NORMALLY = 3
"""Annex 3, 2(d): "should not normally exceed three months from the previous date of expiry"."""


def latest_valid_until(issue_date: date) -> date:
    """The last ``valid_until`` that keeps validity within one year of issue."""
    return year_end(issue_date)


def check_validity_period(carnet: Carnet) -> Decision:
    """Flags a carnet whose validity runs past one year from its issue date."""
    latest = latest_valid_until(carnet.issue_date)
    reason = R.VALIDITY_WITHIN_ONE_YEAR if carnet.valid_until <= latest else R.VALIDITY_OVER_ONE_YEAR
    return decide(
        reason, convention_of(carnet),
        issue_date=carnet.issue_date, valid_until=carnet.valid_until, latest_valid_until=latest,
        days_over=max((carnet.valid_until - latest).days, 0),
    )


class Extension(Model):
    """An extension of validity as stamped on the cover (Annex 3): who asked, until when, who granted it."""

    requested_by: Party
    """The guaranteeing association that presented the request (art. 22.1)."""
    requested_on: date
    requested_until: date
    granted_until: date
    """What customs granted; it may be shorter than requested (Annex 3, 2(f))."""
    authority: str = Field(min_length=1, max_length=200)
    """The customs authority that granted it, e.g. "Federal Office for Customs, Bern"."""
    country: str = Field(min_length=2, max_length=2)
    """The country of that authority."""
    granted_on: date
    registry_number: str = Field(default="", max_length=40)
    place: str = Field(default="", max_length=100)
    exceptional: bool = False
    """Marked exceptional: allowed beyond three months past the previous expiry (never beyond one year)."""
    force_majeure_late: bool = False
    """The request came after expiry because force majeure made it impossible before (art. 22.1)."""


def valid_until_of(carnet: Carnet, extension: Extension | None = None) -> date:
    """The carnet's last valid day, with its extension if one was granted (recognised everywhere, art. 21)."""
    return extension.granted_until if extension is not None else carnet.valid_until


def extension_limits(previous_expiry: date) -> tuple[date, date]:
    """(normal limit, absolute limit) for the new ``valid_until``: three months and one year after expiry."""
    start = previous_expiry + DAY
    return period_end(start, months=EXTENSION_MONTHS_NORMALLY), year_end(start)


def _same_party(a: Party, b: Party) -> bool:
    return (a.name.strip().casefold(), a.country.upper()) == (b.name.strip().casefold(), b.country.upper())


def check_extension(carnet: Carnet, extension: Extension, earlier: Sequence[Extension] = ()) -> tuple[Decision, ...]:
    """Every finding on ``extension`` of ``carnet``, given the extensions already granted (``earlier``).

    Never empty: when nothing stands in the way, one EXTENSION_GRANTED (with EXTENSION_EXCEPTIONAL before it
    if it runs past three months).
    """
    convention = convention_of(carnet)
    expiry = carnet.valid_until
    normal, absolute = extension_limits(expiry)
    found: list[Decision] = []

    def add(reason: CpdReason, **figures: date | int | str) -> None:
        found.append(decide(reason, convention, **figures))

    if earlier:
        first = earlier[0]
        add(R.EXTENSION_ALREADY_EXTENDED, granted_on=first.granted_on, granted_until=first.granted_until,
            authority=first.authority, country=first.country)
    if extension.requested_on > expiry:
        late = R.EXTENSION_LATE_FORCE_MAJEURE if extension.force_majeure_late else R.EXTENSION_REQUEST_AFTER_EXPIRY
        add(late, requested_on=extension.requested_on, valid_until=expiry)
    guarantor = carnet.guaranteed_by
    if not _same_party(extension.requested_by, guarantor):
        add(R.EXTENSION_NOT_BY_GUARANTOR, requested_by=extension.requested_by.name,
            guaranteed_by=guarantor.name)
    if extension.country.upper() != guarantor.country.upper():
        add(R.EXTENSION_WRONG_COUNTRY, country=extension.country, guarantor_country=guarantor.country)
    if extension.granted_on < extension.requested_on:
        add(R.EXTENSION_GRANTED_BEFORE_REQUEST, granted_on=extension.granted_on,
            requested_on=extension.requested_on)
    if extension.granted_until > extension.requested_until:
        add(R.EXTENSION_BEYOND_REQUEST, granted_until=extension.granted_until,
            requested_until=extension.requested_until)
    limits = dict(previous_valid_until=expiry, granted_until=extension.granted_until, normal_limit=normal,
                  absolute_limit=absolute)
    if extension.granted_until <= expiry:
        add(R.EXTENSION_NOT_LATER, **limits)
    elif extension.granted_until > absolute:
        add(R.EXTENSION_OVER_ONE_YEAR, **limits)
    elif extension.granted_until > normal:
        add(R.EXTENSION_EXCEPTIONAL if extension.exceptional else R.EXTENSION_OVER_THREE_MONTHS, **limits)
    if not any(d.refused for d in found):
        add(R.EXTENSION_GRANTED, authority=extension.authority, country=extension.country,
            granted_on=extension.granted_on, **limits)
    return tuple(found)
