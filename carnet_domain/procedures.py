"""The guide's special procedures as sequences of ordinary transactions (lines 2788-2803).

- Extending the final dates: a Re-exportation, then an Importation with the new final date.
- Terminating temporary admission (home use, customs warehouse, other circumstances): a Re-exportation
  with the termination stated in the customs remarks.
- Replacement carnets: at home, Validation and Exportation of the replacement and Re-importation of the
  original; abroad, Importation of the replacement and Re-exportation of the original.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from carnet_domain.carnet import Carnet, OrderType
from carnet_domain.transaction_types import TransactionType as T


class Procedure(StrEnum):
    EXTEND_FINAL_DATE = "extend_final_date"
    TERMINATE_ADMISSION = "terminate_admission"
    REPLACEMENT_HOME = "replacement_home"
    REPLACEMENT_FOREIGN = "replacement_foreign"


class CarnetRole(StrEnum):
    ANY = "any"
    ORIGINAL = "original"
    """The carnet a replacement replaces."""
    REPLACEMENT = "replacement"


@dataclass(frozen=True, slots=True)
class ProcedureStep:
    kind: T
    role: CarnetRole = CarnetRole.ANY


STEPS: dict[Procedure, tuple[ProcedureStep, ...]] = {
    Procedure.EXTEND_FINAL_DATE: (ProcedureStep(T.REEXPORTATION), ProcedureStep(T.IMPORTATION)),
    Procedure.TERMINATE_ADMISSION: (ProcedureStep(T.REEXPORTATION),),
    Procedure.REPLACEMENT_HOME: (
        ProcedureStep(T.VALIDATION, CarnetRole.REPLACEMENT),
        ProcedureStep(T.EXPORTATION, CarnetRole.REPLACEMENT),
        ProcedureStep(T.REIMPORTATION, CarnetRole.ORIGINAL),
    ),
    Procedure.REPLACEMENT_FOREIGN: (
        ProcedureStep(T.IMPORTATION, CarnetRole.REPLACEMENT),
        ProcedureStep(T.REEXPORTATION, CarnetRole.ORIGINAL),
    ),
}


class StepProblem(StrEnum):
    WRONG_TYPE = "wrong_type"
    NOT_A_REPLACEMENT = "not_a_replacement"
    NOT_THE_ORIGINAL = "not_the_original"
    OTHER_CARNET = "other_carnet"
    """Every step of an extension or a termination is on the same carnet."""


def step_problem(
    step: ProcedureStep, carnet: Carnet, kind: T, earlier: list[Carnet]
) -> StepProblem | None:
    """Why ``carnet``'s ``kind`` declaration does not fit ``step``, given the carnets of the earlier steps."""
    if kind is not step.kind and not (step.kind is T.EXPORTATION and kind is T.PRE_EXPORTATION):
        return StepProblem.WRONG_TYPE
    if step.role is CarnetRole.REPLACEMENT:
        if carnet.order_type is not OrderType.REPLACEMENT or carnet.replaces is None:
            return StepProblem.NOT_A_REPLACEMENT
        if any(c.carnet_id not in (carnet.carnet_id, carnet.replaces) for c in earlier):
            return StepProblem.OTHER_CARNET
    elif step.role is CarnetRole.ORIGINAL:
        replacements = [c for c in earlier if c.order_type is OrderType.REPLACEMENT]
        if carnet.replaced_by is None or (replacements and replacements[0].replaces != carnet.carnet_id):
            return StepProblem.NOT_THE_ORIGINAL
    elif earlier and earlier[0].carnet_id != carnet.carnet_id:
        return StepProblem.OTHER_CARNET
    return None
