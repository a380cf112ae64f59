"""The Global Transition Plan's paper-twin prompts."""

from __future__ import annotations

import pytest

from carnet_domain.carnet import PaperTwin
from carnet_domain.transaction_types import TransactionType as T
from carnet_domain.transition import PaperPrompt, paper_prompts
from tests.central_world import make_carnet


@pytest.mark.parametrize("twin", [PaperTwin.CLONED_NUMBER, PaperTwin.CROSS_REFERENCED])
def test_validating_a_carnet_with_a_paper_twin_asks_for_the_green_cover_stamp(twin: PaperTwin) -> None:
    carnet = make_carnet("1", "CH1", paper_twin=twin, paper_twin_number="P-1")
    assert paper_prompts(carnet, T.VALIDATION) == [PaperPrompt.STAMP_GREEN_COVER]
    assert paper_prompts(carnet, T.EXPORTATION) == []


def test_a_carnet_from_a_paper_country_asks_to_check_the_paper_validation_on_arrival() -> None:
    carnet = make_carnet("2", "TR2", home="TR", departure_paper_country=True,
                         paper_twin=PaperTwin.CROSS_REFERENCED, paper_twin_number="TR/1")
    assert paper_prompts(carnet, T.IMPORTATION) == [PaperPrompt.CHECK_PAPER_VALIDATION]
    assert paper_prompts(carnet, T.TRANSIT_OPEN) == [PaperPrompt.CHECK_PAPER_VALIDATION]
    assert paper_prompts(carnet, T.REEXPORTATION) == []


def test_a_purely_digital_carnet_has_no_prompt() -> None:
    carnet = make_carnet("3", "CH3")
    assert all(paper_prompts(carnet, kind) == [] for kind in T)


def test_procedure_steps_check_the_type_and_the_carnets_role() -> None:
    from carnet_domain.carnet import OrderType
    from carnet_domain.procedures import STEPS, Procedure, StepProblem, step_problem

    original = make_carnet("10", "O10", replaced_by="11")
    replacement = make_carnet("11", "R11", order_type=OrderType.REPLACEMENT, replaces="10")
    other = make_carnet("12", "X12")
    validation, exportation, reimportation = STEPS[Procedure.REPLACEMENT_HOME]
    assert step_problem(validation, replacement, T.VALIDATION, []) is None
    assert step_problem(validation, original, T.VALIDATION, []) is StepProblem.NOT_A_REPLACEMENT
    assert step_problem(validation, replacement, T.EXPORTATION, []) is StepProblem.WRONG_TYPE
    assert step_problem(exportation, replacement, T.PRE_EXPORTATION, [replacement]) is None
    assert step_problem(reimportation, original, T.REIMPORTATION, [replacement, replacement]) is None
    assert step_problem(reimportation, other, T.REIMPORTATION, [replacement]) is StepProblem.NOT_THE_ORIGINAL
    back = STEPS[Procedure.EXTEND_FINAL_DATE][1]
    assert step_problem(back, other, T.IMPORTATION, [original]) is StepProblem.OTHER_CARNET
    assert step_problem(back, original, T.IMPORTATION, [original]) is None
