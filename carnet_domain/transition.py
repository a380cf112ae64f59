"""The Global Transition Plan's prompts: what an officer must do with the paper twin of a digital carnet
(guide lines 480-545)."""

from __future__ import annotations

from enum import StrEnum

from carnet_domain.carnet import Carnet, PaperTwin
from carnet_domain.transaction_types import TransactionType


class PaperPrompt(StrEnum):
    STAMP_GREEN_COVER = "stamp_green_cover"
    """Validating at a digital departure a carnet with a paper twin: stamp the paper's green cover (line 542)."""
    CHECK_PAPER_VALIDATION = "check_paper_validation"
    """A carnet activated on paper in a paper country of departure: check the stamp on the paper (line 522)."""


def paper_prompts(carnet: Carnet, kind: TransactionType) -> list[PaperPrompt]:
    prompts: list[PaperPrompt] = []
    if kind is TransactionType.VALIDATION and carnet.paper_twin is not PaperTwin.NONE:
        prompts.append(PaperPrompt.STAMP_GREEN_COVER)
    if carnet.departure_paper_country and kind in (TransactionType.IMPORTATION, TransactionType.TRANSIT_OPEN):
        prompts.append(PaperPrompt.CHECK_PAPER_VALIDATION)
    return prompts
