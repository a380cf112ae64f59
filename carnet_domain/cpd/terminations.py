"""Ends of a stay other than an exit: each one, once recorded, discharges the entry it names.

Badly damaged vehicle (1956 art. 14.1; 1954 art. 13.1), in a duly authenticated accident: import duties
paid (a), abandoned free of expense to the treasury (b), or destroyed under official supervision (c).
Force majeure (art. 25 bis in both): destroyed or irrecoverably lost, proved to customs' satisfaction (the
1956 text names acts of war, riots and natural disasters; the 1954 translation names none). Lost or stolen
during a seizure by the authorities (1956 art. 14.4 only: the 1954 convention has no such paragraph).

Regularisation (art. 24.1 and Annex 4 in both): a certificate from an official authority (consul, customs,
police, mayor, judicial officer...) that the vehicle was presented to it outside the country of importation,
accepted whether or not the carnet has expired. Here a controller (or higher) records it, with the date.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date
from enum import StrEnum

from pydantic import Field

from carnet_domain.carnet import Model
from carnet_domain.cpd.convention import Convention, Rule, provides
from carnet_domain.cpd.decision import CpdReason, Decision, Figure, decide
from carnet_domain.cpd.exit_timing import Seizure
from carnet_domain.cpd.passages import Passage, PassageKind, stays
from carnet_domain.organisation import Role, supervises

R = CpdReason


class TerminationKind(StrEnum):
    DUTIES_PAID = "duties_paid"
    ABANDONED_TO_TREASURY = "abandoned_to_treasury"
    DESTROYED_UNDER_SUPERVISION = "destroyed_under_supervision"
    FORCE_MAJEURE_LOSS = "force_majeure_loss"
    LOST_DURING_SEIZURE = "lost_during_seizure"


DAMAGED = frozenset({TerminationKind.DUTIES_PAID, TerminationKind.ABANDONED_TO_TREASURY,
                     TerminationKind.DESTROYED_UNDER_SUPERVISION})

_RECORDED = {
    TerminationKind.DUTIES_PAID: R.TERMINATED_DUTIES_PAID,
    TerminationKind.ABANDONED_TO_TREASURY: R.TERMINATED_ABANDONED,
    TerminationKind.DESTROYED_UNDER_SUPERVISION: R.TERMINATED_DESTROYED,
    TerminationKind.FORCE_MAJEURE_LOSS: R.TERMINATED_FORCE_MAJEURE,
    TerminationKind.LOST_DURING_SEIZURE: R.TERMINATED_LOST_IN_SEIZURE,
}


class Termination(Model):
    entry_id: str = Field(min_length=1, max_length=40)
    """The entry it discharges."""
    kind: TerminationKind
    on: date
    recorded_by: str = Field(min_length=1, max_length=200)
    authority: str = Field(default="", max_length=200)
    """The customs office that supervised or accepted it."""
    reference: str = Field(default="", max_length=100)
    accident_authenticated: bool = False
    """A damaged vehicle: the accident is duly authenticated (art. 14.1 / 13.1)."""
    evidence: str = Field(default="", max_length=500)
    """The proof of force majeure, or of the seizure."""
    seizure: Seizure | None = None


class OfficialAuthority(StrEnum):
    CONSUL = "consul"
    CUSTOMS = "customs"
    POLICE = "police"
    MAYOR = "mayor"
    JUDICIAL_OFFICER = "judicial_officer"
    OTHER_OFFICIAL = "other_official"


class CertificateOfLocation(Model):
    """Annex 4: an official authority attests the vehicle was presented to it, outside the country."""

    authority_kind: OfficialAuthority
    authority_name: str = Field(min_length=1, max_length=200)
    country: str = Field(min_length=2, max_length=2)
    place: str = Field(default="", max_length=200)
    presented_on: date
    issued_on: date
    reference: str = Field(default="", max_length=100)


class Regularisation(Model):
    entry_id: str = Field(min_length=1, max_length=40)
    certificate: CertificateOfLocation
    recorded_by: str = Field(min_length=1, max_length=200)
    recorded_by_role: Role
    recorded_on: date


def _open_entry(passages: Sequence[Passage], entry_id: str, settled: Collection[str]) -> Passage | None:
    for stay in stays(passages):
        if stay.entry.passage_id == entry_id and stay.exit is None and entry_id not in settled:
            return stay.entry
    return None


def _entry_problem(
    convention: Convention, passages: Sequence[Passage], entry_id: str, settled: Collection[str], on: date
) -> tuple[Passage | None, Decision | None]:
    entry = _open_entry(passages, entry_id, settled)
    if entry is None:
        known = any(p.passage_id == entry_id and p.kind is PassageKind.ENTRY for p in passages)
        return None, decide(R.ENTRY_NOT_OPEN, convention, entry_id=entry_id, known="yes" if known else "no")
    if on < entry.on:
        return entry, decide(R.SETTLED_BEFORE_ENTRY, convention, entry_id=entry_id, entry_on=entry.on,
                             settled_on=on)
    return entry, None


def check_termination(
    convention: Convention, termination: Termination, passages: Sequence[Passage], settled: Collection[str] = ()
) -> tuple[Decision, ...]:
    """Findings on recording ``termination``; never empty. ``settled``: entries already settled."""
    t = termination
    figures: dict[str, Figure] = dict(entry_id=t.entry_id, kind=t.kind.value, on=t.on)
    found: list[Decision] = []
    entry, problem = _entry_problem(convention, passages, t.entry_id, settled, t.on)
    if problem is not None:
        found.append(problem)
    if entry is not None:
        figures.update(entry_on=entry.on, territory=entry.territory)
    if t.kind in DAMAGED and not t.accident_authenticated:
        found.append(decide(R.ACCIDENT_NOT_AUTHENTICATED, convention, **figures))
    if t.kind is TerminationKind.FORCE_MAJEURE_LOSS and not t.evidence.strip():
        found.append(decide(R.FORCE_MAJEURE_NOT_PROVEN, convention, **figures))
    if t.kind is TerminationKind.LOST_DURING_SEIZURE:
        if not provides(convention, Rule.LOSS_DURING_SEIZURE):
            found.append(decide(R.SEIZURE_LOSS_NOT_PROVIDED, convention, **figures))
        elif t.seizure is None or not t.seizure.suspends:
            by = t.seizure.seized_by.value if t.seizure is not None else "none"
            found.append(decide(R.SEIZURE_LOSS_NOT_BY_AUTHORITIES, convention, seized_by=by, **figures))
    if not any(d.refused for d in found):
        found.append(decide(_RECORDED[t.kind], convention, recorded_by=t.recorded_by, **figures))
    return tuple(found)


def check_regularisation(
    convention: Convention,
    regularisation: Regularisation,
    passages: Sequence[Passage],
    *,
    territory_countries: Collection[str] | None = None,
    settled: Collection[str] = (),
) -> tuple[Decision, ...]:
    """Findings on regularising an undischarged entry by a certificate of location; never empty.

    ``territory_countries``: the countries of the entry's customs territory (default: the territory code
    itself, as for CH); the certificate must come from outside them.
    """
    reg, cert = regularisation, regularisation.certificate
    figures: dict[str, Figure] = dict(
        entry_id=reg.entry_id, authority_kind=cert.authority_kind.value, authority=cert.authority_name,
        certificate_country=cert.country, presented_on=cert.presented_on, issued_on=cert.issued_on,
        recorded_by=reg.recorded_by, recorded_on=reg.recorded_on,
    )
    found: list[Decision] = []
    entry, problem = _entry_problem(convention, passages, reg.entry_id, settled, cert.presented_on)
    if problem is not None:
        found.append(problem)
    if entry is not None:
        figures.update(entry_on=entry.on, territory=entry.territory)
        countries = {c.upper() for c in (territory_countries or (entry.territory,))}
        if cert.country.upper() in countries:
            found.append(decide(R.CERTIFICATE_INSIDE_TERRITORY, convention, **figures))
    if reg.recorded_on < cert.issued_on:
        found.append(decide(R.CERTIFICATE_RECORDED_BEFORE_ISSUE, convention, **figures))
    if not supervises(reg.recorded_by_role):
        found.append(decide(R.REGULARISATION_NOT_CONTROLLER, convention, role=reg.recorded_by_role.value,
                            **figures))
    if not any(d.refused for d in found):
        found.append(decide(R.REGULARISED, convention, **figures))
    return tuple(found)
