"""Entries and exits of the vehicle, territory by territory (1956 and 1954 art. 15, 13.1/12.1).

During its validity the vehicle may enter and leave as often as necessary, each passage endorsed; a carnet
made valid for a single journey may not bring the vehicle into a territory a second time (read here per
territory: one journey may cross several territories, each once). An entry needs the carnet valid that day
and the territory covered (1956 art. 8.2; 1954 art. 7.2); the vehicle must not already be inside. The final
date D for re-exportation set at entry lies between the entry and the carnet's last valid day, inclusive
(re-exportation "within the period of validity", 1956 art. 13.1; 1954 art. 12.1); a blank D means that day.
An exit needs an open entry in the territory: one neither exited nor settled by a termination or a
regularisation. Exits stay possible after expiry.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from pydantic import Field, model_validator

from carnet_domain.carnet import Carnet, Model
from carnet_domain.cpd.convention import convention_of
from carnet_domain.cpd.decision import CpdReason, Decision, Figure, decide
from carnet_domain.cpd.validity import Extension, valid_until_of

R = CpdReason


class PassageKind(StrEnum):
    ENTRY = "entry"
    EXIT = "exit"


class Passage(Model):
    """An endorsed entry into or exit from a customs territory."""

    passage_id: str = Field(min_length=1, max_length=40)
    kind: PassageKind
    territory: str = Field(min_length=2, max_length=10)
    on: date
    final_date: date | None = None
    """D, the final date for re-exportation, set at entry (never on an exit)."""
    office: str = Field(default="", max_length=200)

    @model_validator(mode="after")
    def _final_date_on_entries(self) -> Passage:
        if self.kind is PassageKind.EXIT and self.final_date is not None:
            raise ValueError("only an entry sets a final date for re-exportation")
        return self


@dataclass(frozen=True, slots=True)
class Stay:
    """One entry and the exit that ended it, if any."""

    entry: Passage
    exit: Passage | None


def stays(passages: Iterable[Passage]) -> tuple[Stay, ...]:
    """Every stay, by entry date: each exit ends the earliest entry left open in its territory."""
    ordered = sorted(passages, key=lambda p: p.on)  # stable: same-day passages keep their recorded order
    entries: list[Passage] = []
    exits: dict[str, Passage] = {}
    for passage in ordered:
        if passage.kind is PassageKind.ENTRY:
            entries.append(passage)
            continue
        match = next(
            (e for e in entries if e.territory == passage.territory and e.passage_id not in exits), None
        )
        if match is not None:
            exits[match.passage_id] = passage
    return tuple(Stay(e, exits.get(e.passage_id)) for e in entries)


def open_entry(passages: Iterable[Passage], territory: str, settled: Collection[str] = ()) -> Passage | None:
    """The entry into ``territory`` not yet ended by an exit nor ``settled`` (ids of terminated or
    regularised entries)."""
    for stay in stays(passages):
        entry = stay.entry
        if stay.exit is None and entry.territory == territory and entry.passage_id not in settled:
            return entry
    return None


def final_date_of(entry: Passage, valid_until: date, original_valid_until: date | None = None) -> date:
    """D for an entry: as set, or the carnet's last valid day (``valid_until``, as extended) when left blank.
    A D set to the carnet's validity before its extension (``original_valid_until``) follows the extension:
    re-exportation is due within the validity (1956 art. 13.1; 1954 art. 12.1), which the extension prolongs."""
    if entry.final_date is None or entry.final_date == original_valid_until:
        return valid_until
    return entry.final_date


def check_entry(
    carnet: Carnet,
    passages: Sequence[Passage],
    *,
    territory: str,
    on: date,
    final_date: date | None = None,
    single_journey: bool = False,
    extension: Extension | None = None,
    settled: Collection[str] = (),
) -> tuple[Decision, ...]:
    """Findings on an entry into ``territory`` on ``on`` with final date ``final_date``; never empty."""
    convention = convention_of(carnet)
    valid_until = valid_until_of(carnet, extension)
    final = final_date if final_date is not None else valid_until
    base: dict[str, Figure] = dict(territory=territory, entry_on=on, issue_date=carnet.issue_date,
                                   valid_until=valid_until, final_date=final)
    found: list[Decision] = []

    def add(reason: CpdReason, **figures: Figure) -> None:
        found.append(decide(reason, convention, **{**base, **figures}))

    if on < carnet.issue_date:
        add(R.ENTRY_BEFORE_VALIDITY)
    if on > valid_until:
        add(R.ENTRY_AFTER_EXPIRY, days_after_expiry=(on - valid_until).days)
    if not carnet.covers(territory):
        add(R.ENTRY_TERRITORY_NOT_COVERED, valid_territories=",".join(carnet.valid_territories))
    inside = open_entry(passages, territory, settled)
    if inside is not None:
        add(R.ENTRY_ALREADY_INSIDE, inside_since=inside.on)
    elif single_journey:
        earlier = [s for s in stays(passages) if s.entry.territory == territory]
        if earlier:
            first = earlier[0]
            left = first.exit.on if first.exit is not None else ""
            add(R.ENTRY_SINGLE_JOURNEY_USED, first_entry_on=first.entry.on, first_exit_on=left)
    if final < on:
        add(R.FINAL_DATE_BEFORE_ENTRY)
    elif final > valid_until:
        add(R.FINAL_DATE_BEYOND_VALIDITY, days_beyond=(final - valid_until).days)
    if not any(d.refused for d in found):
        add(R.ENTRY_ACCEPTED)
    return tuple(found)


def check_exit(
    carnet: Carnet,
    passages: Sequence[Passage],
    *,
    territory: str,
    on: date,
    extension: Extension | None = None,
    settled: Collection[str] = (),
) -> Decision:
    """Whether an exit from ``territory`` on ``on`` ends an open entry; how timely it is, see
    :mod:`carnet_domain.cpd.exit_timing`."""
    convention = convention_of(carnet)
    entry = open_entry(passages, territory, settled)
    if entry is None:
        return decide(R.EXIT_WITHOUT_ENTRY, convention, territory=territory, exit_on=on)
    final = final_date_of(entry, valid_until_of(carnet, extension), carnet.valid_until)
    figures: dict[str, Figure] = dict(territory=territory, exit_on=on, entry_on=entry.on, final_date=final,
                                      entry_id=entry.passage_id)
    if on < entry.on:
        return decide(R.EXIT_BEFORE_ENTRY, convention, **figures)
    return decide(R.EXIT_ACCEPTED, convention, **figures)
