"""Which convention applies, and where each rule sits in it."""

from __future__ import annotations

import pytest

from carnet_domain.carnet import VehicleUse
from carnet_domain.cpd.convention import ARTICLES, Convention, Rule, cite, convention_for, convention_of, provides
from carnet_domain.cpd.decision import CpdReason, Verdict, decide, rule_of, verdict_of
from tests.unit.cpd.factories import cpd
from tests.unit.domain_factories import carnet as ata_carnet

C56 = Convention.COMMERCIAL_1956
P54 = Convention.PRIVATE_1954


def test_vehicle_use_chooses_the_convention() -> None:
    assert convention_for(VehicleUse.PRIVATE) is P54
    assert convention_for(VehicleUse.COMMERCIAL) is C56
    assert convention_of(cpd(C56)) is C56
    assert convention_of(cpd(P54)) is P54


def test_an_ata_carnet_has_no_vehicle_convention() -> None:
    with pytest.raises(ValueError, match="not a Carnet de Passages"):
        convention_of(ata_carnet())


def test_every_rule_is_placed_in_the_table() -> None:
    assert set(ARTICLES) == set(Rule)


@pytest.mark.parametrize(
    ("rule", "commercial", "private"),
    [
        (Rule.VALIDITY_ONE_YEAR, "1956 art. 7.3", "1954 art. 6.3"),
        (Rule.TRAILERS, "1956 art. 10.5", "1954 art. 9.4"),
        (Rule.DRIVER, "1956 art. 12", "1954 art. 11.1"),
        (Rule.INTERNAL_CARRIAGE, "1956 art. 13.3", "1954 art. 14"),
        (Rule.DAMAGED_VEHICLE, "1956 art. 14.1", "1954 art. 13.1"),
        (Rule.SEIZURE_SUSPENDS, "1956 art. 14.2", "1954 art. 13.2"),
        (Rule.PASSAGES, "1956 art. 15", "1954 art. 15"),
        (Rule.LATE_REEXPORT_GRACE, "1956 art. 20", "1954 art. 20"),
        (Rule.EXTENSION_ONCE, "1956 art. 22.3", "1954 art. 22.3"),
        (Rule.REGULARISATION, "1956 art. 24.1, Annex 4", "1954 art. 24.1, Annex 4"),
        (Rule.FORCE_MAJEURE_LOSS, "1956 art. 25 bis", "1954 art. 25 bis"),
        (Rule.NON_DISCHARGE_NOTIFICATION, "1956 art. 26", "1954 art. 26"),
    ],
)
def test_citations_name_the_convention_year_and_article(rule: Rule, commercial: str, private: str) -> None:
    assert str(cite(C56, rule)) == commercial
    assert str(cite(P54, rule)) == private


def test_a_provision_only_one_convention_has() -> None:
    assert provides(C56, Rule.LOSS_DURING_SEIZURE) and not provides(P54, Rule.LOSS_DURING_SEIZURE)
    assert provides(P54, Rule.DRIVER_RESIDENT_EXCEPTION) and not provides(C56, Rule.DRIVER_RESIDENT_EXCEPTION)
    assert str(cite(P54, Rule.LOSS_DURING_SEIZURE)) == "1954: no such provision"


@pytest.mark.parametrize("reason", list(CpdReason))
def test_every_reason_has_a_verdict_and_an_article(reason: CpdReason) -> None:
    assert isinstance(verdict_of(reason), Verdict)
    decision = decide(reason, C56, on="x")
    assert decision.citation.rule is rule_of(reason)
    assert decision.figures == {"on": "x"}
    assert decision.refused is (decision.verdict is Verdict.REFUSE)
