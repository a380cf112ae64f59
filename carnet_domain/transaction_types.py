"""Transaction types and the per-type field table: which fields steps 3 and 4 show for each type.

Types are data, not screens: the wizard draws steps 3 and 4 from :data:`TYPE_SPECS`, which follows the
Customs User Guide (lines 1891-2642).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class TransactionType(StrEnum):
    VALIDATION = "validation"
    PRE_EXPORTATION = "pre_exportation"
    EXPORTATION = "exportation"
    IMPORTATION = "importation"
    REEXPORTATION = "reexportation"
    REIMPORTATION = "reimportation"
    TRANSIT_OPEN = "transit_open"
    TRANSIT_CLOSE = "transit_close"


class TxField(StrEnum):
    """A field of a transaction as steps 3 and 4 show it."""

    DECLARED_GOODS = "declared_goods"
    IDENTIFICATION_MARKS = "identification_marks"
    DIVERTED_GOODS = "diverted_goods"
    """Goods that will NOT be re-exported / re-imported (diverted to home use)."""
    PROCESSED_ABROAD = "processed_abroad"
    PLACE_OF_USE = "place_of_use"
    MEANS_OF_TRANSPORT = "means_of_transport"
    PACKAGING_DETAILS = "packaging_details"
    HOLDER_REMARKS = "holder_remarks"
    GOODS_EXAMINED = "goods_examined"
    FINAL_DATE = "final_date"
    CUSTOMS_SEALS = "customs_seals"
    ACTION_GOODS_PRODUCED = "action_goods_produced"
    """Action taken in respect of goods produced but not re-exported."""
    ACTION_GOODS_NOT_PRODUCED = "action_goods_not_produced"
    """Action taken in respect of goods NOT produced and NOT intended for later re-exportation."""
    CUSTOMS_REFERENCE = "customs_reference"
    CUSTOMS_REMARKS = "customs_remarks"


class Side(StrEnum):
    HOME = "home"
    """Done by the customs of the carnet's home territory."""
    FOREIGN = "foreign"
    """Done in a territory of Box P."""


@dataclass(frozen=True, slots=True)
class TypeSpec:
    type: TransactionType
    side: Side
    step3: tuple[TxField, ...]
    step4: tuple[TxField, ...]
    declared_editable: bool = True
    """Whether the officer may change the declared item ranges (Validation covers the whole list)."""
    final_date_default_validity: bool = False
    """A blank final date means the carnet's validity (Importation, line 2207)."""
    allowed_when_expired: bool = False


_HOLDER = (TxField.MEANS_OF_TRANSPORT, TxField.PACKAGING_DETAILS, TxField.HOLDER_REMARKS)
_CUSTOMS = (TxField.CUSTOMS_REFERENCE, TxField.CUSTOMS_REMARKS)
_GOODS = (TxField.DECLARED_GOODS, TxField.IDENTIFICATION_MARKS)

_EXPORT_SPEC = dict(
    side=Side.HOME,
    step3=(*_GOODS, *_HOLDER),
    step4=(TxField.FINAL_DATE, *_CUSTOMS),
)

TYPE_SPECS: dict[TransactionType, TypeSpec] = {
    spec.type: spec
    for spec in (
        TypeSpec(
            TransactionType.VALIDATION,
            Side.HOME,
            step3=_GOODS,
            step4=(TxField.GOODS_EXAMINED, *_CUSTOMS),
            declared_editable=False,
        ),
        TypeSpec(TransactionType.PRE_EXPORTATION, **_EXPORT_SPEC),  # type: ignore[arg-type]
        TypeSpec(TransactionType.EXPORTATION, **_EXPORT_SPEC),  # type: ignore[arg-type]
        TypeSpec(
            TransactionType.IMPORTATION,
            Side.FOREIGN,
            step3=(*_GOODS, TxField.PLACE_OF_USE, *_HOLDER),
            step4=(TxField.FINAL_DATE, *_CUSTOMS),
            final_date_default_validity=True,
        ),
        TypeSpec(
            TransactionType.REEXPORTATION,
            Side.FOREIGN,
            step3=(*_GOODS, TxField.DIVERTED_GOODS, *_HOLDER),
            step4=(TxField.ACTION_GOODS_PRODUCED, TxField.ACTION_GOODS_NOT_PRODUCED, *_CUSTOMS),
            allowed_when_expired=True,
        ),
        TypeSpec(
            TransactionType.REIMPORTATION,
            Side.HOME,
            step3=(*_GOODS, TxField.DIVERTED_GOODS, TxField.PROCESSED_ABROAD, *_HOLDER),
            step4=_CUSTOMS,
            allowed_when_expired=True,
        ),
        TypeSpec(
            TransactionType.TRANSIT_OPEN,
            Side.FOREIGN,
            step3=(*_GOODS, TxField.PLACE_OF_USE, *_HOLDER),
            step4=(TxField.FINAL_DATE, TxField.CUSTOMS_SEALS, *_CUSTOMS),
        ),
        TypeSpec(
            TransactionType.TRANSIT_CLOSE,
            Side.FOREIGN,
            step3=(*_GOODS, *_HOLDER),
            step4=_CUSTOMS,
        ),
    )
}


def spec_of(kind: TransactionType) -> TypeSpec:
    return TYPE_SPECS[kind]


def declaration_type(kind: TransactionType) -> TransactionType:
    """The type a holder declares: the EU's Pre-exportation and Exit both answer an Exportation."""
    return TransactionType.EXPORTATION if kind is TransactionType.PRE_EXPORTATION else kind


VEHICLE_PASSAGES = frozenset({TransactionType.IMPORTATION, TransactionType.REEXPORTATION})
"""What a vehicle carnet (CPD) records at a border post: the vehicle's entry and its exit (1954 and 1956 conventions,
art. 2 and 15). Its extension, seizures and terminations are records of its vehicle file, not transactions."""
