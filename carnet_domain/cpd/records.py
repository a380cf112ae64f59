"""What the central records on a vehicle carnet besides its passages: the extension, seizures, terminations,
regularisations and the notification of a non-discharge, each with who recorded it and when (UTC).

:func:`exits_judged` reads each exit against its entry's final date D, the seizures and the explanation the
officer recorded, the same way the central judged it at the commit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from pydantic import Field

from carnet_domain.carnet import Carnet, Model
from carnet_domain.cpd.convention import convention_of
from carnet_domain.cpd.decision import Decision
from carnet_domain.cpd.exit_timing import Seizure, exit_timing
from carnet_domain.cpd.passages import Passage, final_date_of, stays
from carnet_domain.cpd.terminations import Regularisation, Termination
from carnet_domain.cpd.validity import Extension, valid_until_of


class Recorded(Model):
    record_id: str = Field(min_length=1, max_length=40)
    recorded_by: str = Field(min_length=1, max_length=200)
    """The account that recorded it."""
    recorded_by_name: str = Field(default="", max_length=200)
    recorded_at: datetime
    office_id: str = Field(default="", max_length=40)


class ExtensionRecord(Recorded):
    extension: Extension


class SeizureRecord(Recorded):
    seizure: Seizure
    released_by: str = Field(default="", max_length=200)


class TerminationRecord(Recorded):
    termination: Termination


class RegularisationRecord(Recorded):
    regularisation: Regularisation


class NotificationRecord(Recorded):
    """The guaranteeing association notified of the non-discharge (art. 26)."""

    notified_on: date
    reference: str = Field(default="", max_length=100)


class VehicleRecords(Model):
    extension: ExtensionRecord | None = None
    seizures: tuple[SeizureRecord, ...] = ()
    terminations: tuple[TerminationRecord, ...] = ()
    regularisations: tuple[RegularisationRecord, ...] = ()
    notification: NotificationRecord | None = None

    @property
    def granted(self) -> Extension | None:
        return self.extension.extension if self.extension is not None else None

    @property
    def settled(self) -> set[str]:
        """Entries ended by a termination or a regularisation."""
        return ({t.termination.entry_id for t in self.terminations}
                | {r.regularisation.entry_id for r in self.regularisations})

    def seizures_of(self) -> tuple[Seizure, ...]:
        return tuple(s.seizure for s in self.seizures)

    def seizures_since(self, entry: Passage) -> tuple[Seizure, ...]:
        """The seizures made during the stay that ``entry`` began: those that may suspend its D."""
        return tuple(s for s in self.seizures_of() if s.seized_on >= entry.on)


@dataclass(frozen=True, slots=True)
class JudgedExit:
    entry: Passage
    exit: Passage
    decision: Decision
    """EXIT_TIMELY, EXIT_LATE_EXPLAINED, EXIT_LATE_UNEXPLAINED or EXIT_LATE, with its figures."""


def timing_of_exit(
    carnet: Carnet, entry: Passage, records: VehicleRecords, exit_on: date, explanation: str = ""
) -> Decision:
    """How timely an exit on ``exit_on`` ends the stay ``entry`` began: against its D (following the
    extension when D was the validity), moved by the seizures since the entry."""
    final = final_date_of(entry, valid_until_of(carnet, records.granted), carnet.valid_until)
    return exit_timing(convention_of(carnet), final, exit_on, explanation=explanation,
                       seizures=records.seizures_since(entry))


def exits_judged(
    carnet: Carnet, passages: Sequence[Passage], records: VehicleRecords, explanations: dict[str, str]
) -> tuple[JudgedExit, ...]:
    """Each exit's timing; ``explanations``: the delay explanation recorded with each exit, by its id."""
    return tuple(
        JudgedExit(stay.entry, stay.exit, timing_of_exit(carnet, stay.entry, records, stay.exit.on,
                                                         explanations.get(stay.exit.passage_id, "")))
        for stay in stays(passages) if stay.exit is not None
    )
