"""Who may drive the vehicle: the holder, or a person the holder duly authorised.

1956 art. 12: persons duly authorised by the holder may drive; customs may require evidence of the
authorisation and refuse the vehicle's use when it is insufficient. There is no residence condition.

1954 art. 11.1: the authorised person must also have his normal residence outside the country of
importation; art. 11.2 lets customs tolerate, in exceptional cases, a driver resident there (e.g. one driving
on the holder's account and instructions). The holder too must reside outside it (1954 art. 2.1); the 1956
convention asks instead that the vehicle be registered in, and operated from, another Contracting Party.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from pydantic import Field

from carnet_domain.carnet import Carnet, Model
from carnet_domain.cpd.convention import Convention, convention_of
from carnet_domain.cpd.decision import CpdReason, Decision, Figure, decide

R = CpdReason


class DriverAuthorisation(Model):
    """The holder's authorisation for another person to drive, as shown to customs."""

    driver_name: str = Field(min_length=1, max_length=200)
    authorised_by: str = Field(min_length=1, max_length=200)
    """The name of the holder who signed it."""
    authorised_on: date
    residence_country: str = Field(default="", max_length=2)
    """The driver's normal residence (1954 art. 11.1); blank when not stated."""
    evidence: str = Field(default="", max_length=200)
    """The document shown, e.g. "signed letter of authority"."""


def check_driver_residence(
    convention: Convention, residence_country: str, territory_countries: Collection[str], *,
    tolerated: bool = False, **figures: Figure,
) -> Decision | None:
    """1954 art. 11: a driver other than the holder who normally resides in the country of importation is
    refused, unless customs exceptionally tolerate it (art. 11.2); ``None`` when the rule does not apply."""
    countries = {c.upper() for c in territory_countries}
    if convention is not Convention.PRIVATE_1954 or residence_country.upper() not in countries:
        return None
    figures = {"residence_country": residence_country.upper(),
               "territory_countries": ",".join(sorted(countries)), **figures}
    resident = R.DRIVER_RESIDENT_TOLERATED if tolerated else R.DRIVER_RESIDENT_IN_TERRITORY
    return decide(resident, convention, **figures)


def check_driver(
    carnet: Carnet,
    *,
    on: date,
    territory_countries: Collection[str],
    authorisation: DriverAuthorisation | None = None,
    tolerated: bool = False,
) -> tuple[Decision, ...]:
    """Findings on the driver at an entry into the territory made of ``territory_countries`` on ``on``.

    ``authorisation`` is ``None`` when the holder drives. ``tolerated`` records that customs exceptionally
    tolerate a driver resident in the country of importation (1954 art. 11.2). Never empty.
    """
    convention = convention_of(carnet)
    private = convention is Convention.PRIVATE_1954
    countries = {c.upper() for c in territory_countries}
    holder = carnet.holder
    base: dict[str, Figure] = dict(holder=holder.name, on=on, territory_countries=",".join(sorted(countries)))
    found: list[Decision] = []
    if private and holder.country.upper() in countries:
        found.append(decide(R.HOLDER_RESIDENT_IN_TERRITORY, convention, holder_country=holder.country, **base))
    if authorisation is None:
        if not found:
            found.append(decide(R.DRIVER_IS_HOLDER, convention, **base))
        return tuple(found)

    figures: dict[str, Figure] = dict(
        base, driver=authorisation.driver_name, authorised_by=authorisation.authorised_by,
        authorised_on=authorisation.authorised_on, residence_country=authorisation.residence_country,
    )
    if authorisation.authorised_by.strip().casefold() != holder.name.strip().casefold():
        found.append(decide(R.DRIVER_AUTHORISED_BY_OTHER, convention, **figures))
    if authorisation.authorised_on > on:
        found.append(decide(R.DRIVER_AUTHORISED_LATER, convention, **figures))
    rest = {k: v for k, v in figures.items() if k not in ("residence_country", "territory_countries")}
    resident = check_driver_residence(convention, authorisation.residence_country, countries, tolerated=tolerated,
                                      **rest)
    if resident is not None:
        found.append(resident)
    if not any(d.refused for d in found):
        found.append(decide(R.DRIVER_AUTHORISED, convention, **figures))
    return tuple(found)
