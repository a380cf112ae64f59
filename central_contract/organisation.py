"""The bodies of the organisation's routes: creating and editing customs offices and regions (docs/api.md,
"Offices and regions"). What an office holds follows the guide's office template (lines 3194-3206)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from carnet_domain.organisation import OfficeType
from central_contract.bounds import Code, Name, Note, Text
from central_contract.strict import Strict

IDENTIFIER = r"^[a-z0-9][a-z0-9-]{1,39}$"
"""An office's or a region's ID: lower-case letters, digits and hyphens, 2 to 40 characters."""

Address = Annotated[str, Text(300, lines=True)]
"""A street address, possibly on several lines (at most 300 characters)."""
Postcode = Annotated[str, Text(20)]
City = Annotated[str, Text(100)]
Phone = Annotated[str, Text(40, pattern=r"^(\+?[0-9][0-9 ().\/-]*)?$")]
"""A telephone number: digits, spaces and ``+ ( ) . / -`` (at most 40 characters), or blank."""
Email = Annotated[str, Text(200, pattern=r"^([^@\s]+@[^@\s]+\.[^@\s]+)?$")]
"""An e-mail address (at most 200 characters), or blank."""
OpeningHours = Annotated[str, Text(500, lines=True)]
Latitude = Annotated[float, Field(ge=-90, le=90, allow_inf_nan=False)]
Longitude = Annotated[float, Field(ge=-180, le=180, allow_inf_nan=False)]
TimeZone = Annotated[str, Text(60, min_length=1)]
"""An IANA time zone name (``Europe/Zurich``); the central checks it is one it knows."""
OfficeTypes = Annotated[list[OfficeType], Field(max_length=len(OfficeType))]


def office_types(types: list[OfficeType]) -> tuple[OfficeType, ...]:
    """``types`` as an office keeps them: each once, in the order of :class:`OfficeType`."""
    return tuple(t for t in OfficeType if t in types)


def _pair(latitude: float | None, longitude: float | None) -> None:
    if (latitude is None) != (longitude is None):
        raise PydanticCustomError("coordinates_pair", "latitude and longitude go together: give both, or neither")


class OfficeDetails(Strict):
    """What the guide's office template holds besides its name, region and state; all optional."""

    types: OfficeTypes = Field(default_factory=list)
    address: Address = ""
    postcode: Postcode = ""
    city: City = ""
    phone: Phone = ""
    email: Email = ""
    opening_hours: OpeningHours = ""
    latitude: Latitude | None = None
    longitude: Longitude | None = None


class NewOffice(OfficeDetails):
    office_id: str = Field(pattern=IDENTIFIER)
    name: Name
    region_id: Code
    timezone: TimeZone = "UTC"
    active: bool = True
    """The guide's "Activated" box: an office may be created deactivated, and activated later."""

    @model_validator(mode="after")
    def _coordinates(self) -> NewOffice:
        _pair(self.latitude, self.longitude)
        return self


class OfficeChange(Strict):
    """An office's edit: each field given is changed, each left out stays; ``latitude`` and ``longitude`` given as
    ``null`` (both) remove the coordinates. Moving it to another region moves it to that region's customs
    territory. Activating and deactivating have routes of their own."""

    name: Name | None = None
    region_id: Code | None = None
    timezone: TimeZone | None = None
    types: OfficeTypes | None = None
    address: Address | None = None
    postcode: Postcode | None = None
    city: City | None = None
    phone: Phone | None = None
    email: Email | None = None
    opening_hours: OpeningHours | None = None
    latitude: Latitude | None = None
    longitude: Longitude | None = None

    @model_validator(mode="after")
    def _nulls(self) -> OfficeChange:
        given = self.model_fields_set
        nulls = sorted(name for name in given - {"latitude", "longitude"} if getattr(self, name) is None)
        if nulls:
            raise PydanticCustomError("null_field", "{fields}: null is not a value; leave a field out to keep it",
                                      {"fields": ", ".join(nulls)})
        if ("latitude" in given) != ("longitude" in given):
            raise PydanticCustomError("coordinates_pair",
                                      "latitude and longitude go together: give both, or neither")
        _pair(self.latitude, self.longitude)
        return self

    def changes(self) -> dict[str, Any]:
        """The fields given, as the office keeps them."""
        found: dict[str, Any] = {name: getattr(self, name) for name in sorted(self.model_fields_set)}
        if "types" in found:
            found["types"] = office_types(found["types"])
        return found


class OfficeDeactivation(Strict):
    reason: Note = ""
    """Why, for the audit trail."""


class NewRegion(Strict):
    region_id: str = Field(pattern=IDENTIFIER)
    name: Name
    country: str = Field(pattern=r"^[A-Z]{2}$")
    territory: Code


class RegionChange(Strict):
    """A region's edit: each field given is changed. Its customs territory is not (its offices' history is there)."""

    name: Name | None = None
    country: Annotated[str, Text(2, pattern=r"^[A-Z]{2}$")] | None = None

    @model_validator(mode="after")
    def _nulls(self) -> RegionChange:
        nulls = sorted(name for name in self.model_fields_set if getattr(self, name) is None)
        if nulls:
            raise PydanticCustomError("null_field", "{fields}: null is not a value; leave a field out to keep it",
                                      {"fields": ", ".join(nulls)})
        return self

    def changes(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in sorted(self.model_fields_set)}

