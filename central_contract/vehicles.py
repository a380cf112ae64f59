"""The vehicle file of a Carnet de Passages en Douane, and the requests that add to it.

The passages are the carnet's committed Importations (entries) and Re-exportations (exits); the rest is
recorded at ``/carnets/{carnet}/vehicle/...``. A rule of the conventions that stops a request is refused
with the code ``cpd_rule`` and, beside ``detail``, ``decisions``: each ``{"reason", "citation", "figures"}``
of :mod:`carnet_domain.cpd.decision`.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, Field

from carnet_domain.carnet import Party
from carnet_domain.cpd.convention import Convention
from carnet_domain.cpd.decision import CpdReason, Verdict, verdict_of
from carnet_domain.cpd.discharge import DischargeStatus
from carnet_domain.cpd.exit_timing import SeizedBy
from carnet_domain.cpd.passages import Passage
from carnet_domain.cpd.records import (
    ExtensionRecord,
    NotificationRecord,
    RegularisationRecord,
    SeizureRecord,
    TerminationRecord,
    VehicleRecords,
)
from carnet_domain.cpd.terminations import TerminationKind
from central_contract.bounds import Code, Day, Reference, Text
from central_contract.entries import Certificate, Requester
from central_contract.strict import Strict

TEXT = 500
Authority = Annotated[str, Text(200)]


class ExitView(BaseModel):
    """An exit and the entry it ended, with how timely it was."""

    entry_id: str
    exit_id: str
    territory: str
    entry_on: date
    exit_on: date
    final_date: date
    """D as set at entry."""
    extended_final_date: date
    """D with the days of seizure by the authorities added."""
    days_late: int
    timing: CpdReason
    """exit_timely, exit_late_explained, exit_late_unexplained or exit_late (flagged for the controller)."""
    explanation: str = ""

    @property
    def flagged(self) -> bool:
        """Flagged for the controller: late without a satisfactory explanation, or after D+14."""
        return verdict_of(self.timing) is Verdict.FLAG


class VehicleFile(BaseModel):
    """Everything the central knows of a CPD's vehicle, as of the office's date."""

    carnet_id: str
    carnet_number: str
    convention: Convention
    guaranteed_by: Party | None = None
    """The guaranteeing association: it asks for the extension, and is notified of a non-discharge."""
    single_journey: bool
    valid_until: date
    """The last valid day, the extension included."""
    valid_until_before_extension: date | None = None
    """With an extension: the carnet's own last valid day (an entry's D set to it follows the extension)."""
    office_date: date
    passages: list[Passage]
    """Every entry and exit, oldest first; an entry carries its final date D."""
    exits: list[ExitView]
    open_entries: list[str]
    """Entries neither exited, terminated nor regularised (their passage ids)."""
    extension: ExtensionRecord | None = None
    seizures: list[SeizureRecord] = Field(default_factory=list)
    terminations: list[TerminationRecord] = Field(default_factory=list)
    regularisations: list[RegularisationRecord] = Field(default_factory=list)
    notification: NotificationRecord | None = None
    status: DischargeStatus
    notification_deadline: date | None = None
    """While undischarged after expiry: the last day to notify the guaranteeing association (art. 26)."""

    @property
    def records(self) -> VehicleRecords:
        """What is recorded beside the passages, as the domain reads it."""
        return VehicleRecords(extension=self.extension, seizures=tuple(self.seizures),
                              terminations=tuple(self.terminations), regularisations=tuple(self.regularisations),
                              notification=self.notification)

    @property
    def late_exits(self) -> list[ExitView]:
        """Exits flagged for the controller: late without a satisfactory explanation, or after D+14."""
        return [e for e in self.exits if e.flagged]


class ExtensionRequest(Strict):
    """An extension granted by the customs of the guaranteeing association's country (Annex 3)."""

    requested_by: Requester | None = Field(default=None, description="Blank: the guaranteeing association")
    requested_on: Day
    requested_until: Day
    granted_until: Day
    authority: Annotated[str, Text(200, min_length=1, pattern=r"\S")]
    country: str = Field(pattern=r"^[A-Z]{2}$")
    granted_on: Day
    registry_number: Annotated[str, Text(40)] = ""
    place: Reference = ""
    exceptional: bool = False
    force_majeure_late: bool = False


class SeizureRequest(Strict):
    seized_by: SeizedBy
    seized_on: Day
    authority: Authority = ""
    reference: Reference = ""


class ReleaseRequest(Strict):
    released_on: Day


class TerminationRequest(Strict):
    entry_id: Code
    kind: TerminationKind
    on: Day
    authority: Authority = ""
    reference: Reference = ""
    accident_authenticated: bool = False
    evidence: Annotated[str, Text(TEXT, lines=True)] = ""
    seizure_id: Annotated[str, Text(40)] | None = Field(default=None, description="For a loss during a seizure")


class RegularisationRequest(Strict):
    entry_id: Code
    certificate: Certificate


class NotificationRequest(Strict):
    notified_on: Day
    reference: Reference = ""
