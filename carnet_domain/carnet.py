"""The carnet itself: an ATA carnet (goods) or a Carnet de Passages en Douane (a vehicle)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator


class CarnetKind(StrEnum):
    ATA = "ATA"
    CPD = "CPD"


class OrderType(StrEnum):
    ORIGINAL = "original"
    REPLACEMENT = "replacement"


class PaperTwin(StrEnum):
    """How a digital carnet relates to a paper carnet during the Global Transition Plan."""

    NONE = "none"
    CLONED_NUMBER = "cloned_number"
    CROSS_REFERENCED = "cross_referenced"


class VehicleUse(StrEnum):
    PRIVATE = "private"
    COMMERCIAL = "commercial"


class Model(BaseModel):
    """Base of every domain record: immutable, and unknown fields are refused."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Party(Model):
    """A holder, representative or association as printed on the carnet."""

    name: str = Field(max_length=200)
    address: str = Field(default="", max_length=400)
    country: str = Field(default="", max_length=2)


class GeneralListItem(Model):
    """One line of an ATA carnet's general list."""

    item_no: int = Field(ge=1)
    pieces: int = Field(ge=1)
    description: str = Field(max_length=500)
    origin_country: str = Field(default="", max_length=2)
    value: Decimal = Field(ge=0, max_digits=14, decimal_places=2)
    weight_or_volume: Decimal | None = Field(default=None, ge=0)
    unit: str = Field(default="", max_length=12)
    identification_marks: str = Field(default="", max_length=200)


class Vehicle(Model):
    """The particulars of a vehicle on a Carnet de Passages en Douane (1954 and 1956 conventions)."""

    vehicle_type: str = Field(max_length=60)
    registration_country: str = Field(max_length=2)
    registration_number: str = Field(max_length=20)
    make: str = Field(max_length=60)
    chassis_vin: str = Field(max_length=30)
    engine_number: str = Field(default="", max_length=30)
    cylinders: int | None = Field(default=None, ge=0)
    power_kw: int | None = Field(default=None, ge=0)
    body: str = Field(default="", max_length=60)
    colour: str = Field(default="", max_length=40)
    seats_or_payload: str = Field(default="", max_length=40)
    spare_tyres: int = Field(default=0, ge=0)
    radio_accessories: str = Field(default="", max_length=200)
    net_weight_kg: int | None = Field(default=None, ge=0)
    value: Decimal = Field(ge=0, max_digits=14, decimal_places=2)


class Trailer(Model):
    """A trailer's particulars when it is declared on the towing vehicle's carnet (1954 art. 9.4)."""

    registration_country: str = Field(max_length=2)
    registration_number: str = Field(max_length=20)
    make: str = Field(default="", max_length=60)
    chassis_vin: str = Field(max_length=30)
    net_weight_kg: int | None = Field(default=None, ge=0)
    value: Decimal = Field(ge=0, max_digits=14, decimal_places=2)


class Carnet(Model):
    """An electronic carnet as the central knows it.

    ``valid_until`` is inclusive: a carnet valid until 4 April may be used all of 4 April.
    ``home_territory`` is the customs territory of the issuing association (where validation, exportation
    and re-importation happen); ``valid_territories`` is Box P.
    """

    carnet_id: str = Field(pattern=r"^[0-9]{1,12}$")
    number: str = Field(min_length=1, max_length=20)
    kind: CarnetKind
    holder: Party
    representatives: tuple[Party, ...] = ()
    issued_by: Party
    guaranteed_by: Party
    issue_date: date
    valid_until: date
    intended_use: str = Field(default="", max_length=200)
    total_value: Decimal = Field(ge=0)
    currency: str = Field(min_length=3, max_length=3)
    total_weight: str = Field(default="", max_length=40)
    home_territory: str
    valid_territories: tuple[str, ...] = ()
    excluded_territories: tuple[str, ...] = ()
    order_type: OrderType = OrderType.ORIGINAL
    replaces: str | None = None
    replaced_by: str | None = None
    paper_twin: PaperTwin = PaperTwin.NONE
    paper_twin_number: str = ""
    departure_paper_country: bool = False
    items: tuple[GeneralListItem, ...] = ()
    vehicle: Vehicle | None = None
    vehicle_use: VehicleUse | None = None
    single_journey: bool = False
    """A CPD made valid for one journey only (1956 art. 15): one entry into each territory."""
    trailer: Trailer | None = None
    """A trailer declared on this carnet (private vehicles only, 1954 art. 9.4)."""
    trailer_carnet_id: str | None = Field(default=None, pattern=r"^[0-9]{1,12}$")
    """The trailer's own carnet (commercial vehicles, 1956 art. 10.5)."""

    @model_validator(mode="after")
    def _consistent(self) -> Carnet:
        if self.valid_until < self.issue_date:
            raise ValueError("valid_until is before issue_date")
        if self.kind is CarnetKind.CPD and (self.vehicle is None or self.vehicle_use is None):
            raise ValueError("a CPD carnet needs its vehicle particulars and its private or commercial use")
        if self.kind is CarnetKind.ATA and self.vehicle is not None:
            raise ValueError("an ATA carnet has a general list, not vehicle particulars")
        if self.kind is CarnetKind.ATA and (self.single_journey or self.trailer or self.trailer_carnet_id):
            raise ValueError("single journey and trailers belong to a vehicle carnet (CPD)")
        if self.trailer is not None and self.trailer_carnet_id is not None:
            raise ValueError("a trailer is either on this carnet or on its own carnet")
        numbers = [item.item_no for item in self.items]
        if numbers != list(range(1, len(numbers) + 1)):
            raise ValueError("general list items must be numbered 1, 2, 3... in order")
        return self

    @property
    def item_count(self) -> int:
        """Items on the general list; a vehicle carnet counts its vehicle as one item."""
        return len(self.items) if self.kind is CarnetKind.ATA else 1

    def is_expired_on(self, day: date) -> bool:
        return day > self.valid_until

    def is_valid_on(self, day: date) -> bool:
        return self.issue_date <= day <= self.valid_until

    def covers(self, territory: str) -> bool:
        """Box P: whether the carnet may be used in ``territory`` under a guarantee."""
        return territory in self.valid_territories and territory not in self.excluded_territories
