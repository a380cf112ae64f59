"""Who may drive (1956 art. 12; 1954 art. 2.1, 11) and how a trailer is covered (1956 art. 10.5; 1954 art. 9.4)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from carnet_domain.carnet import Party, Trailer
from carnet_domain.cpd.convention import Convention
from carnet_domain.cpd.decision import CpdReason, Decision, Verdict
from carnet_domain.cpd.driver import DriverAuthorisation, check_driver, check_driver_residence
from carnet_domain.cpd.trailers import TrailerCover, check_trailer
from tests.unit.cpd.factories import BOTH, DAY, MID, cpd

R = CpdReason
C56, P54 = Convention.COMMERCIAL_1956, Convention.PRIVATE_1954
SWISS = ("CH",)
EU = ("FR", "DE", "IT", "ES")


def authorised(residence: str = "GB", by: str = "Alex Rider", on: date = MID - 30 * DAY) -> DriverAuthorisation:
    return DriverAuthorisation(driver_name="Sam Jones", authorised_by=by, authorised_on=on,
                               residence_country=residence, evidence="Signed letter of authority")


def reasons(found: tuple[Decision, ...]) -> list[CpdReason]:
    return [d.reason for d in found]


@pytest.mark.parametrize("convention", BOTH)
def test_the_holder_may_drive(convention: Convention) -> None:
    found = check_driver(cpd(convention), on=MID, territory_countries=SWISS)
    assert reasons(found) == [R.DRIVER_IS_HOLDER]


def test_a_private_holder_resident_in_the_country_of_importation_is_not_a_beneficiary() -> None:
    found = check_driver(cpd(P54, holder=Party(name="Alex Rider", country="CH")), on=MID, territory_countries=SWISS)
    assert reasons(found) == [R.HOLDER_RESIDENT_IN_TERRITORY]
    assert str(found[0].citation) == "1954 art. 2.1"
    commercial = check_driver(cpd(C56, holder=Party(name="Alex Rider", country="CH")), on=MID,
                              territory_countries=SWISS)
    assert reasons(commercial) == [R.DRIVER_IS_HOLDER]


@pytest.mark.parametrize(("convention", "article"), [(C56, "1956 art. 12"), (P54, "1954 art. 11.1")])
def test_a_person_duly_authorised_by_the_holder(convention: Convention, article: str) -> None:
    found = check_driver(cpd(convention), on=MID, territory_countries=SWISS, authorisation=authorised())
    assert reasons(found) == [R.DRIVER_AUTHORISED]
    assert str(found[0].citation) == article
    assert found[0].figures["driver"] == "Sam Jones"
    assert found[0].figures["authorised_on"] == MID - 30 * DAY


@pytest.mark.parametrize("convention", BOTH)
@pytest.mark.parametrize(
    ("authorised_on", "reason"),
    [(MID - DAY, R.DRIVER_AUTHORISED), (MID, R.DRIVER_AUTHORISED), (MID + DAY, R.DRIVER_AUTHORISED_LATER)],
)
def test_the_authorisation_must_exist_on_the_day(
    convention: Convention, authorised_on: date, reason: CpdReason
) -> None:
    found = check_driver(cpd(convention), on=MID, territory_countries=SWISS,
                         authorisation=authorised(on=authorised_on))
    assert reasons(found) == [reason]


@pytest.mark.parametrize("convention", BOTH)
def test_an_authorisation_signed_by_someone_else(convention: Convention) -> None:
    found = check_driver(cpd(convention), on=MID, territory_countries=SWISS,
                         authorisation=authorised(by="Someone Else"))
    assert reasons(found) == [R.DRIVER_AUTHORISED_BY_OTHER]
    assert found[0].verdict is Verdict.REFUSE


def test_a_driver_resident_in_the_country_of_importation() -> None:
    refused = check_driver(cpd(P54), on=MID, territory_countries=EU, authorisation=authorised("FR"))
    assert reasons(refused) == [R.DRIVER_RESIDENT_IN_TERRITORY]
    assert str(refused[0].citation) == "1954 art. 11.1"
    tolerated = check_driver(cpd(P54), on=MID, territory_countries=EU, authorisation=authorised("FR"),
                             tolerated=True)
    assert reasons(tolerated) == [R.DRIVER_RESIDENT_TOLERATED, R.DRIVER_AUTHORISED]
    assert str(tolerated[0].citation) == "1954 art. 11.2"
    assert tolerated[0].verdict is Verdict.FLAG
    # The 1956 convention has no residence condition on the driver.
    commercial = check_driver(cpd(C56), on=MID, territory_countries=EU, authorisation=authorised("FR"))
    assert reasons(commercial) == [R.DRIVER_AUTHORISED]


TRAILER = Trailer(registration_country="GB", registration_number="TR 123", chassis_vin="SA9TRAILER0000001",
                  value=Decimal("4000"))


def test_a_commercial_trailer_needs_its_own_carnet() -> None:
    refused = check_trailer(C56, TrailerCover(on_this_carnet=TRAILER))
    assert refused.reason is R.TRAILER_NEEDS_OWN_CARNET
    assert refused.verdict is Verdict.REFUSE
    assert str(refused.citation) == "1956 art. 10.5"
    linked = check_trailer(C56, TrailerCover(own_carnet_id="220002"))
    assert linked.reason is R.TRAILER_ON_OWN_CARNET
    assert linked.figures == {"trailer_carnet_id": "220002"}


def test_a_private_trailer_may_be_on_the_same_carnet() -> None:
    same = check_trailer(P54, TrailerCover(on_this_carnet=TRAILER))
    assert same.reason is R.TRAILER_ON_SAME_CARNET
    assert str(same.citation) == "1954 art. 9.4"
    assert same.figures == {"trailer_plate": "TR 123"}
    assert check_trailer(P54, TrailerCover(own_carnet_id="220002")).reason is R.TRAILER_ON_OWN_CARNET


def test_a_trailer_is_covered_one_way() -> None:
    with pytest.raises(ValueError, match="either"):
        TrailerCover()
    with pytest.raises(ValueError, match="either"):
        TrailerCover(on_this_carnet=TRAILER, own_carnet_id="220002")


@pytest.mark.parametrize(("residence", "tolerated", "expected"), [
    ("fr", False, R.DRIVER_RESIDENT_IN_TERRITORY),  # the territory's countries, any case
    ("DE", True, R.DRIVER_RESIDENT_TOLERATED),
    ("GB", False, None),
    ("", False, None),
])
def test_the_residence_of_a_private_vehicles_driver(
    residence: str, tolerated: bool, expected: CpdReason | None
) -> None:
    found = check_driver_residence(P54, residence, EU, tolerated=tolerated)
    assert (found.reason if found else None) is expected
    if found is not None:
        assert found.figures["residence_country"] == residence.upper() and str(found.citation).startswith("1954")


def test_a_commercial_vehicles_driver_may_live_anywhere() -> None:
    assert check_driver_residence(C56, "FR", EU) is None
