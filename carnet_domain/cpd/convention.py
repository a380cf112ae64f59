"""The two conventions a Carnet de Passages en Douane is drawn up under, and where each rule sits in them.

Private vehicles come under the Customs Convention on the Temporary Importation of Private Road Vehicles
(New York, 4 June 1954); commercial vehicles under the Customs Convention on the Temporary Importation of
Commercial Road Vehicles (Geneva, 18 May 1956). The carnet is the same document (1956 Annex 1: "drawn up in
accordance with ... (1954) and ... (1956)").

The 1954 references are read from the Swiss English translation (RS 0.631.251.4), whose headings for
articles 9, 20, 21, 22 and 23 are garbled ("Art.", "Art. 1"); their numbers follow from the order between
articles 8 and 10 and between 19 and 24.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from carnet_domain.carnet import Carnet, CarnetKind, VehicleUse


class Convention(StrEnum):
    COMMERCIAL_1956 = "commercial_1956"
    PRIVATE_1954 = "private_1954"

    @property
    def year(self) -> int:
        return 1956 if self is Convention.COMMERCIAL_1956 else 1954


class Rule(StrEnum):
    """A provision the domain applies; :data:`ARTICLES` places it in each convention."""

    BENEFICIARY = "beneficiary"
    VALIDITY_ONE_YEAR = "validity_one_year"
    TERRITORIES = "territories"
    IDENTIFICATION = "identification"
    PARTICULARS = "particulars"
    TRAILERS = "trailers"
    ALTERATIONS = "alterations"
    DRIVER = "driver"
    DRIVER_RESIDENT_EXCEPTION = "driver_resident_exception"
    REEXPORT_WITHIN_VALIDITY = "reexport_within_validity"
    EXIT_EVIDENCE = "exit_evidence"
    INTERNAL_CARRIAGE = "internal_carriage"
    HIRED_VEHICLES = "hired_vehicles"
    DAMAGED_VEHICLE = "damaged_vehicle"
    SEIZURE_SUSPENDS = "seizure_suspends"
    LOSS_DURING_SEIZURE = "loss_during_seizure"
    PASSAGES = "passages"
    DISCHARGE = "discharge"
    LATE_REEXPORT_GRACE = "late_reexport_grace"
    EXTENSION_RECOGNISED = "extension_recognised"
    EXTENSION_REQUEST = "extension_request"
    EXTENSION_ONCE = "extension_once"
    EXTENSION_LENGTH = "extension_length"
    EXTENSION_GRANT = "extension_grant"
    REGULARISATION = "regularisation"
    FORCE_MAJEURE_LOSS = "force_majeure_loss"
    NON_DISCHARGE_NOTIFICATION = "non_discharge_notification"
    PROOF_OF_REEXPORTATION = "proof_of_reexportation"


ARTICLES: dict[Rule, tuple[str | None, str | None]] = {
    # rule: (1956 commercial, 1954 private); None where that convention has no such provision.
    Rule.BENEFICIARY: ("art. 2.1", "art. 2.1"),
    Rule.VALIDITY_ONE_YEAR: ("art. 7.3", "art. 6.3"),
    Rule.TERRITORIES: ("art. 7.2, 8.2", "art. 6.2, 7.2"),
    Rule.IDENTIFICATION: ("art. 1(d), Annex 1", "art. 1(d), Annex 2"),
    Rule.PARTICULARS: ("art. 10.1-10.4", "art. 9.1-9.4"),
    Rule.TRAILERS: ("art. 10.5", "art. 9.4"),
    Rule.ALTERATIONS: ("art. 11", "art. 10"),
    Rule.DRIVER: ("art. 12", "art. 11.1"),
    Rule.DRIVER_RESIDENT_EXCEPTION: (None, "art. 11.2"),
    Rule.REEXPORT_WITHIN_VALIDITY: ("art. 13.1", "art. 12.1"),
    Rule.EXIT_EVIDENCE: ("art. 13.2", "art. 12.2"),
    Rule.INTERNAL_CARRIAGE: ("art. 13.3", "art. 14"),
    Rule.HIRED_VEHICLES: ("art. 13.4", "art. 12.1"),
    Rule.DAMAGED_VEHICLE: ("art. 14.1", "art. 13.1"),
    Rule.SEIZURE_SUSPENDS: ("art. 14.2", "art. 13.2"),
    Rule.LOSS_DURING_SEIZURE: ("art. 14.4", None),
    Rule.PASSAGES: ("art. 15", "art. 15"),
    Rule.DISCHARGE: ("art. 17, 18", "art. 17, 18"),
    Rule.LATE_REEXPORT_GRACE: ("art. 20", "art. 20"),
    Rule.EXTENSION_RECOGNISED: ("art. 21", "art. 21"),
    Rule.EXTENSION_REQUEST: ("art. 22.1", "art. 22.1"),
    Rule.EXTENSION_ONCE: ("art. 22.3", "art. 22.3"),
    Rule.EXTENSION_LENGTH: ("Annex 3, 2(d)", "Annex 3, 2(d)"),
    Rule.EXTENSION_GRANT: ("Annex 3, 2(e)-(f)", "Annex 3, 2(e)-(f)"),
    Rule.REGULARISATION: ("art. 24.1, Annex 4", "art. 24.1, Annex 4"),
    Rule.FORCE_MAJEURE_LOSS: ("art. 25 bis", "art. 25 bis"),
    Rule.NON_DISCHARGE_NOTIFICATION: ("art. 26", "art. 26"),
    Rule.PROOF_OF_REEXPORTATION: ("art. 27.1", "art. 27.1"),
}


@dataclass(frozen=True, slots=True)
class Citation:
    """Where ``rule`` sits in ``convention``: ``str()`` gives e.g. "1956 art. 20"."""

    convention: Convention
    rule: Rule
    reference: str | None
    """``None`` when the convention has no such provision (e.g. 1956 art. 14.4 has no 1954 equivalent)."""

    def __str__(self) -> str:
        if self.reference is None:
            return f"{self.convention.year}: no such provision"
        return f"{self.convention.year} {self.reference}"


def cite(convention: Convention, rule: Rule) -> Citation:
    commercial, private = ARTICLES[rule]
    return Citation(convention, rule, commercial if convention is Convention.COMMERCIAL_1956 else private)


def provides(convention: Convention, rule: Rule) -> bool:
    """Whether ``convention`` has a provision for ``rule`` at all."""
    return cite(convention, rule).reference is not None


def convention_for(use: VehicleUse) -> Convention:
    """Private use (1954 art. 1(c)) comes under the 1954 convention, commercial use (1956 art. 1(c)) under 1956."""
    return Convention.PRIVATE_1954 if use is VehicleUse.PRIVATE else Convention.COMMERCIAL_1956


def convention_of(carnet: Carnet) -> Convention:
    """The convention of a CPD carnet, from its vehicle's use; an ATA carnet has none."""
    if carnet.kind is not CarnetKind.CPD or carnet.vehicle_use is None:
        raise ValueError(f"carnet {carnet.number} is not a Carnet de Passages en Douane")
    return convention_for(carnet.vehicle_use)
