"""CPD carnets and passages for the unit tests, built straight from the domain models."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal

from carnet_domain.carnet import Carnet, CarnetKind, Party, Vehicle, VehicleUse
from carnet_domain.cpd.convention import Convention
from carnet_domain.cpd.passages import Passage, PassageKind
from carnet_domain.cpd.validity import Extension

DAY = timedelta(days=1)
ISSUE = date(2026, 3, 10)
VALID_UNTIL = date(2027, 3, 9)
"""The latest valid-until one year from ISSUE allows."""
MID = date(2026, 6, 15)

ASSOCIATION = Party(name="The Automobile Association", country="GB")
HOLDER = Party(name="Alex Rider", country="GB")

VEHICLE = Vehicle(
    vehicle_type="Passenger car", registration_country="GB", registration_number="LD21 XRV",
    make="Land Rover Defender 110", chassis_vin="SALEA7BU2L2001234", engine_number="306DT-0045123",
    cylinders=6, power_kw=221, body="Station wagon", colour="Green", seats_or_payload="5 seats",
    spare_tyres=1, radio_accessories="Radio, roof tent", net_weight_kg=2323, value=Decimal("65000"),
)

USE = {Convention.PRIVATE_1954: VehicleUse.PRIVATE, Convention.COMMERCIAL_1956: VehicleUse.COMMERCIAL}
BOTH = (Convention.COMMERCIAL_1956, Convention.PRIVATE_1954)

_ids = itertools.count(1)


def cpd(
    convention: Convention = Convention.PRIVATE_1954,
    *,
    issue: date = ISSUE,
    valid_until: date = VALID_UNTIL,
    **extra: object,
) -> Carnet:
    """A CPD carnet of the GB association, valid in CH, EU, NO and MA, for ``convention``'s vehicle use."""
    fields: dict[str, object] = dict(
        carnet_id="220001", number="GB/CPD/0001", kind=CarnetKind.CPD, holder=HOLDER, issued_by=ASSOCIATION,
        guaranteed_by=ASSOCIATION, issue_date=issue, valid_until=valid_until, total_value=Decimal("65000"),
        currency="GBP", home_territory="GB", valid_territories=("CH", "EU", "NO", "MA"), vehicle=VEHICLE,
        vehicle_use=USE[convention],
    )
    fields.update(extra)
    return Carnet.model_validate(fields)


def entry(territory: str, on: date, final_date: date | None = None, passage_id: str | None = None) -> Passage:
    return Passage(passage_id=passage_id or f"P{next(_ids)}", kind=PassageKind.ENTRY, territory=territory,
                   on=on, final_date=final_date)


def exit_(territory: str, on: date) -> Passage:
    return Passage(passage_id=f"P{next(_ids)}", kind=PassageKind.EXIT, territory=territory, on=on)


def extension(
    granted_until: date,
    *,
    requested_until: date | None = None,
    requested_on: date = VALID_UNTIL - 20 * DAY,
    granted_on: date | None = None,
    by: Party = ASSOCIATION,
    country: str = "GB",
    **extra: object,
) -> Extension:
    fields: dict[str, object] = dict(
        requested_by=by, requested_on=requested_on, requested_until=requested_until or granted_until,
        granted_until=granted_until, authority="HM Revenue & Customs, Dover", country=country,
        granted_on=granted_on or requested_on + 5 * DAY, registry_number="EXT-2027-0042",
    )
    fields.update(extra)
    return Extension.model_validate(fields)
