"""Trailers: on their own carnet, or (private vehicles only) on the towing vehicle's.

1956 art. 10.5: "Trailers shall be covered by separate importation papers": a commercial trailer has its
own carnet, linked here by its carnet id. 1954 art. 9.4 lists, among the accessories to declare with their
particulars, "trailers not the object of a separate document": a private trailer may be on the same carnet.
"""

from __future__ import annotations

from pydantic import Field, model_validator

from carnet_domain.carnet import Carnet, Model, Trailer
from carnet_domain.cpd.convention import Convention
from carnet_domain.cpd.decision import CpdReason, Decision, decide

R = CpdReason


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


def cover_of(carnet: Carnet) -> TrailerCover | None:
    """How the carnet covers a trailer, if it names one."""
    if carnet.trailer is not None:
        return TrailerCover(on_this_carnet=carnet.trailer)
    if carnet.trailer_carnet_id is not None:
        return TrailerCover(own_carnet_id=carnet.trailer_carnet_id)
    return None
