"""Terminations that discharge an entry: a damaged vehicle (1956 art. 14.1; 1954 art. 13.1), force majeure
(art. 25 bis), loss during a seizure (1956 art. 14.4 only); and regularisation by a certificate of location
(art. 24.1, Annex 4)."""

from __future__ import annotations

from datetime import date

import pytest

from carnet_domain.cpd.convention import Convention
from carnet_domain.cpd.decision import CpdReason, Decision, Verdict
from carnet_domain.cpd.exit_timing import SeizedBy, Seizure
from carnet_domain.cpd.terminations import (
    CertificateOfLocation,
    OfficialAuthority,
    Regularisation,
    Termination,
    TerminationKind,
    check_regularisation,
    check_termination,
)
from carnet_domain.organisation import Role
from tests.unit.cpd.factories import BOTH, DAY, MID, VALID_UNTIL, entry, exit_

R = CpdReason
K = TerminationKind
C56, P54 = Convention.COMMERCIAL_1956, Convention.PRIVATE_1954
HISTORY = [entry("CH", MID, passage_id="E1")]


def reasons(found: tuple[Decision, ...]) -> list[CpdReason]:
    return [d.reason for d in found]


def termination(kind: TerminationKind, on: date = MID + 10 * DAY, **extra: object) -> Termination:
    fields: dict[str, object] = dict(entry_id="E1", kind=kind, on=on, recorded_by="officer.ch",
                                     authority="Customs office Basel", reference="TERM-1")
    fields.update(extra)
    return Termination.model_validate(fields)


@pytest.mark.parametrize(("convention", "article"), [(C56, "1956 art. 14.1"), (P54, "1954 art. 13.1")])
@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        (K.DUTIES_PAID, R.TERMINATED_DUTIES_PAID),
        (K.ABANDONED_TO_TREASURY, R.TERMINATED_ABANDONED),
        (K.DESTROYED_UNDER_SUPERVISION, R.TERMINATED_DESTROYED),
    ],
)
def test_a_badly_damaged_vehicle(
    convention: Convention, article: str, kind: TerminationKind, reason: CpdReason
) -> None:
    found = check_termination(convention, termination(kind, accident_authenticated=True), HISTORY)
    assert reasons(found) == [reason]
    assert str(found[0].citation) == article
    assert found[0].figures["entry_on"] == MID
    assert found[0].figures["territory"] == "CH"
    assert found[0].figures["kind"] == kind.value
    unauthenticated = check_termination(convention, termination(kind), HISTORY)
    assert reasons(unauthenticated) == [R.ACCIDENT_NOT_AUTHENTICATED]
    assert unauthenticated[0].verdict is Verdict.REFUSE


@pytest.mark.parametrize(("convention", "year"), [(C56, "1956"), (P54, "1954")])
def test_force_majeure_loss_needs_its_proof(convention: Convention, year: str) -> None:
    proved = termination(K.FORCE_MAJEURE_LOSS, evidence="Flood: prefecture's certificate of destruction")
    found = check_termination(convention, proved, HISTORY)
    assert reasons(found) == [R.TERMINATED_FORCE_MAJEURE]
    assert str(found[0].citation) == f"{year} art. 25 bis"
    assert reasons(check_termination(convention, termination(K.FORCE_MAJEURE_LOSS), HISTORY)) == [
        R.FORCE_MAJEURE_NOT_PROVEN
    ]


def test_loss_during_a_seizure_by_the_authorities_under_the_1956_convention() -> None:
    by_police = Seizure(seized_by=SeizedBy.AUTHORITIES, seized_on=MID + DAY)
    found = check_termination(C56, termination(K.LOST_DURING_SEIZURE, seizure=by_police), HISTORY)
    assert reasons(found) == [R.TERMINATED_LOST_IN_SEIZURE]
    assert str(found[0].citation) == "1956 art. 14.4"
    by_creditor = Seizure(seized_by=SeizedBy.PRIVATE_SUIT, seized_on=MID + DAY)
    private = check_termination(C56, termination(K.LOST_DURING_SEIZURE, seizure=by_creditor), HISTORY)
    assert reasons(private) == [R.SEIZURE_LOSS_NOT_BY_AUTHORITIES]
    assert private[0].figures["seized_by"] == "private_suit"
    assert reasons(check_termination(C56, termination(K.LOST_DURING_SEIZURE), HISTORY)) == [
        R.SEIZURE_LOSS_NOT_BY_AUTHORITIES
    ]


def test_the_1954_convention_has_no_loss_during_seizure() -> None:
    by_police = Seizure(seized_by=SeizedBy.AUTHORITIES, seized_on=MID + DAY)
    found = check_termination(P54, termination(K.LOST_DURING_SEIZURE, seizure=by_police), HISTORY)
    assert reasons(found) == [R.SEIZURE_LOSS_NOT_PROVIDED]
    assert str(found[0].citation) == "1954: no such provision"


@pytest.mark.parametrize("convention", BOTH)
def test_a_termination_discharges_only_an_open_entry(convention: Convention) -> None:
    ok = termination(K.DUTIES_PAID, accident_authenticated=True)
    exited = [*HISTORY, exit_("CH", MID + 5 * DAY)]
    assert reasons(check_termination(convention, ok, exited)) == [R.ENTRY_NOT_OPEN]
    assert reasons(check_termination(convention, ok, HISTORY, settled={"E1"})) == [R.ENTRY_NOT_OPEN]
    unknown = check_termination(convention, ok, [])
    assert reasons(unknown) == [R.ENTRY_NOT_OPEN]
    assert unknown[0].figures == {"entry_id": "E1", "known": "no"}


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (MID - DAY, [R.SETTLED_BEFORE_ENTRY]),
        (MID, [R.TERMINATED_DUTIES_PAID]),
        (VALID_UNTIL + 90 * DAY, [R.TERMINATED_DUTIES_PAID]),
    ],
)
def test_a_termination_is_on_or_after_the_entry(on: date, expected: list[CpdReason]) -> None:
    found = check_termination(P54, termination(K.DUTIES_PAID, on=on, accident_authenticated=True), HISTORY)
    assert reasons(found) == expected


# --- Regularisation by a certificate of location ----------------------------------------------------------


def certificate(country: str = "FR", presented_on: date = MID + 20 * DAY, issued_on: date | None = None,
                kind: OfficialAuthority = OfficialAuthority.POLICE) -> CertificateOfLocation:
    return CertificateOfLocation(authority_kind=kind, authority_name="Gendarmerie de Lyon", country=country,
                                 place="Lyon", presented_on=presented_on, issued_on=issued_on or presented_on)


def regularisation(cert: CertificateOfLocation | None = None, role: Role = Role.CONTROLLER,
                   recorded_on: date = MID + 40 * DAY) -> Regularisation:
    return Regularisation(entry_id="E1", certificate=cert or certificate(), recorded_by="controller.ch",
                          recorded_by_role=role, recorded_on=recorded_on)


@pytest.mark.parametrize(("convention", "year"), [(C56, "1956"), (P54, "1954")])
@pytest.mark.parametrize("kind", list(OfficialAuthority))
def test_a_certificate_of_location_regularises_the_entry(
    convention: Convention, year: str, kind: OfficialAuthority
) -> None:
    found = check_regularisation(convention, regularisation(certificate(kind=kind)), HISTORY)
    assert reasons(found) == [R.REGULARISED]
    assert str(found[0].citation) == f"{year} art. 24.1, Annex 4"
    figures = found[0].figures
    assert (figures["authority_kind"], figures["certificate_country"]) == (kind.value, "FR")
    assert (figures["recorded_by"], figures["recorded_on"]) == ("controller.ch", MID + 40 * DAY)
    assert figures["entry_on"] == MID


def test_whether_or_not_the_carnet_has_expired() -> None:
    late = certificate(presented_on=VALID_UNTIL + 60 * DAY)
    found = check_regularisation(P54, regularisation(late, recorded_on=VALID_UNTIL + 90 * DAY), HISTORY)
    assert reasons(found) == [R.REGULARISED]


def test_the_certificate_must_place_the_vehicle_outside_the_territory() -> None:
    inside = check_regularisation(P54, regularisation(certificate(country="CH")), HISTORY)
    assert reasons(inside) == [R.CERTIFICATE_INSIDE_TERRITORY]
    eu_entry = [entry("EU", MID, passage_id="E1")]
    in_eu = check_regularisation(P54, regularisation(), eu_entry, territory_countries=("FR", "DE", "IT"))
    assert reasons(in_eu) == [R.CERTIFICATE_INSIDE_TERRITORY]


@pytest.mark.parametrize(
    ("role", "reason"),
    [(Role.OFFICER, R.REGULARISATION_NOT_CONTROLLER), (Role.CONTROLLER, R.REGULARISED),
     (Role.REGIONAL_MANAGER, R.REGULARISED), (Role.ADMIN, R.REGULARISED)],
)
def test_recorded_by_a_controller(role: Role, reason: CpdReason) -> None:
    assert reasons(check_regularisation(C56, regularisation(role=role), HISTORY)) == [reason]


@pytest.mark.parametrize(
    ("recorded_on", "expected"),
    [(MID + 19 * DAY, [R.CERTIFICATE_RECORDED_BEFORE_ISSUE]), (MID + 20 * DAY, [R.REGULARISED])],
)
def test_recorded_on_or_after_the_certificates_date(recorded_on: date, expected: list[CpdReason]) -> None:
    assert reasons(check_regularisation(C56, regularisation(recorded_on=recorded_on), HISTORY)) == expected


@pytest.mark.parametrize(
    ("presented_on", "expected"),
    [(MID - DAY, [R.SETTLED_BEFORE_ENTRY]), (MID, [R.REGULARISED])],
)
def test_the_vehicle_was_presented_after_its_entry(presented_on: date, expected: list[CpdReason]) -> None:
    cert = certificate(presented_on=presented_on, issued_on=MID + 20 * DAY)
    assert reasons(check_regularisation(C56, regularisation(cert), HISTORY)) == expected


def test_an_exited_entry_needs_no_regularisation() -> None:
    exited = [*HISTORY, exit_("CH", MID + 5 * DAY)]
    assert reasons(check_regularisation(C56, regularisation(), exited)) == [R.ENTRY_NOT_OPEN]
