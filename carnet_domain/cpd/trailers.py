"""Trailers: on their own carnet, or (private vehicles only) on the towing vehicle's.

1956 art. 10.5: "Trailers shall be covered by separate importation papers": a commercial trailer has its
own carnet, linked here by its carnet id. 1954 art. 9.4 lists, among the accessories to declare with their
particulars, "trailers not the object of a separate document": a private trailer may be on the same carnet.
"""

from __future__ import annotations

from decimal import Decimal

from pydantic import Field, model_validator

from carnet_domain.carnet import Model
from carnet_domain.cpd.convention import Convention
from carnet_domain.cpd.decision import CpdReason, Decision, decide

R = CpdReason


class Trailer(Model):
    """A trailer's particulars when it is declared on the towing vehicle's carnet."""

    registration_country: str = Field(max_length=2)
    registration_number: str = Field(max_length=20)
    make: str = Field(default="", max_length=60)
    chassis_vin: str = Field(max_length=30)
    net_weight_kg: int | None = Field(default=None, ge=0)
    value: Decimal = Field(ge=0, max_digits=14, decimal_places=2)


class TrailerCover(Model):
    """How a trailer towed by the carnet's vehicle is covered: on this carnet, or on its own."""

    on_this_carnet: Trailer | None = None
    own_carnet_id: str | None = Field(default=None, pattern=r"^[0-9]{1,12}$")

    @model_validator(mode="after")
    def _one_way(self) -> TrailerCover:
        if (self.on_this_carnet is None) == (self.own_carnet_id is None):
            raise ValueError("a trailer is either on this carnet or on its own carnet")
        return self


def check_trailer(convention: Convention, cover: TrailerCover) -> Decision:
    if cover.own_carnet_id is not None:
        return decide(R.TRAILER_ON_OWN_CARNET, convention, trailer_carnet_id=cover.own_carnet_id)
    assert cover.on_this_carnet is not None
    plate = cover.on_this_carnet.registration_number
    if convention is Convention.COMMERCIAL_1956:
        return decide(R.TRAILER_NEEDS_OWN_CARNET, convention, trailer_plate=plate)
    return decide(R.TRAILER_ON_SAME_CARNET, convention, trailer_plate=plate)
