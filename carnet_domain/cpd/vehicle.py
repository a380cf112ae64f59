"""The vehicle on the carnet: the form's particulars, and whether the vehicle at the desk is that vehicle.

:class:`carnet_domain.carnet.Vehicle` already holds the particulars of the carnet and the triptych
(1954 Annex 2; 1956 art. 10, Annex 1): registration, make, chassis (VIN) and engine numbers, cylinders,
power, body, colour, seats or payload, spare tyres, radio and accessories, net weight (metric, art. 10.1 /
9.1) and value. :class:`Particulars` adds what the forms have and that model lacks: the interior trim and
the currency of the value (the issuing country's, 1956 art. 10.2; 1954 art. 9.2), which is the carnet's.

:func:`compare_identity` compares the plate, VIN and engine number read at the desk with the carnet's,
after normalising case, spaces and dashes. A VIN never contains I, O or Q (ISO 3779): a read VIN with one of
them is a misreading, never a match. Plates and engine numbers may change with the association's approval
(1956 art. 11; 1954 art. 10); a different chassis means a different vehicle.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from pydantic import Field

from carnet_domain.carnet import Carnet, Model, Vehicle
from carnet_domain.cpd.convention import Convention, convention_of
from carnet_domain.cpd.decision import CpdReason, Decision, decide

R = CpdReason

_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212]+")
"""Whitespace and every dash: hyphen, non-breaking hyphen, figure dash, en and em dashes, minus sign."""
VIN_FORBIDDEN = frozenset("IOQ")


class Particulars(Model):
    """The vehicle's particulars as the forms print them."""

    vehicle: Vehicle
    value_currency: str = Field(min_length=3, max_length=3)
    interior_trim: str = Field(default="", max_length=60)
    """1954 Annex 2: "interior trim" (garniture intérieure)."""

    @classmethod
    def of(cls, carnet: Carnet, *, interior_trim: str = "") -> Particulars:
        if carnet.vehicle is None:
            raise ValueError(f"carnet {carnet.number} has no vehicle particulars")
        return cls(vehicle=carnet.vehicle, value_currency=carnet.currency, interior_trim=interior_trim)


def normalise(text: str) -> str:
    """Upper case, without spaces or dashes: "ld21-xrv " and "LD21 XRV" are the same plate."""
    return _SEPARATORS.sub("", text).upper()


def vin_letters_invalid(vin: str) -> str:
    """The letters of ``vin`` a VIN never uses (I, O, Q), in order, e.g. "O" for a zero read as a letter."""
    return "".join(c for c in normalise(vin) if c in VIN_FORBIDDEN)


class Match(StrEnum):
    MATCH = "match"
    MISMATCH = "mismatch"
    NOT_SEEN = "not_seen"
    """Nothing was read at the desk for this field."""
    NOT_ON_CARNET = "not_on_carnet"
    """The carnet leaves the field blank (an engine number is optional)."""
    INVALID = "invalid"
    """A VIN read with I, O or Q: misread, never a match."""


@dataclass(frozen=True, slots=True)
class IdentityCheck:
    plate: Match
    vin: Match
    engine: Match
    carnet_plate: str
    carnet_vin: str
    carnet_engine: str
    seen_plate: str
    seen_vin: str
    seen_engine: str

    @property
    def mismatches(self) -> tuple[str, ...]:
        """The fields that do not match: any of "plate", "vin", "engine" (an invalid VIN counts)."""
        fields = (("plate", self.plate), ("vin", self.vin), ("engine", self.engine))
        return tuple(name for name, m in fields if m in (Match.MISMATCH, Match.INVALID))

    def decisions(self, convention: Convention) -> tuple[Decision, ...]:
        """What the comparison means for the officer; never empty."""
        figures = dict(carnet_plate=self.carnet_plate, seen_plate=self.seen_plate,
                       carnet_vin=self.carnet_vin, seen_vin=self.seen_vin,
                       carnet_engine=self.carnet_engine, seen_engine=self.seen_engine)
        found: list[Decision] = []
        if self.vin is Match.INVALID:
            found.append(decide(R.IDENTITY_VIN_INVALID, convention,
                                invalid_letters=vin_letters_invalid(self.seen_vin), **figures))
        elif self.vin is Match.MISMATCH:
            found.append(decide(R.IDENTITY_VIN_MISMATCH, convention, **figures))
        differ = [name for name in self.mismatches if name != "vin"]
        if differ:
            found.append(decide(R.IDENTITY_PARTICULARS_DIFFER, convention, fields=",".join(differ), **figures))
        unseen = [n for n, m in (("plate", self.plate), ("vin", self.vin), ("engine", self.engine))
                  if m is Match.NOT_SEEN]
        if unseen:
            found.append(decide(R.IDENTITY_NOT_SEEN, convention, fields=",".join(unseen), **figures))
        if not found:
            found.append(decide(R.IDENTITY_MATCHES, convention, **figures))
        return tuple(found)


def _match(on_carnet: str, seen: str | None, *, vin: bool = False) -> Match:
    if seen is None or not normalise(seen):
        return Match.NOT_SEEN
    if vin and vin_letters_invalid(seen):
        return Match.INVALID
    if not normalise(on_carnet):
        return Match.NOT_ON_CARNET
    return Match.MATCH if normalise(on_carnet) == normalise(seen) else Match.MISMATCH


def compare_identity(
    carnet_vehicle: Vehicle, seen_plate: str | None, seen_vin: str | None, seen_engine: str | None
) -> IdentityCheck:
    """Which of plate, VIN and engine number read at the desk differ from the carnet's (normalised)."""
    return IdentityCheck(
        plate=_match(carnet_vehicle.registration_number, seen_plate),
        vin=_match(carnet_vehicle.chassis_vin, seen_vin, vin=True),
        engine=_match(carnet_vehicle.engine_number, seen_engine),
        carnet_plate=normalise(carnet_vehicle.registration_number),
        carnet_vin=normalise(carnet_vehicle.chassis_vin),
        carnet_engine=normalise(carnet_vehicle.engine_number),
        seen_plate=normalise(seen_plate or ""),
        seen_vin=normalise(seen_vin or ""),
        seen_engine=normalise(seen_engine or ""),
    )


def check_identity(
    carnet: Carnet, seen_plate: str | None, seen_vin: str | None, seen_engine: str | None
) -> tuple[Decision, ...]:
    """:func:`compare_identity` on a CPD carnet's vehicle, as decisions under its convention."""
    if carnet.vehicle is None:
        raise ValueError(f"carnet {carnet.number} has no vehicle particulars")
    check = compare_identity(carnet.vehicle, seen_plate, seen_vin, seen_engine)
    return check.decisions(convention_of(carnet))
