"""The rules a transaction must pass, evaluated as of the transaction's own time.

A workstation may commit offline and send the transaction later: rules use the office's calendar date when
the officer committed (``on``), so a commit made before expiry stays valid when it reaches the central
after it. Refusals stop the commit; warnings need the officer's confirmation.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date

from carnet_domain.carnet import Carnet, CarnetKind, OrderType
from carnet_domain.goods_balance import balance_of
from carnet_domain.items import ItemRangeError, ItemRanges
from carnet_domain.organisation import Territory
from carnet_domain.refusals import Refusal, RefusalCode, Warning, WarningCode
from carnet_domain.transaction import CustomsEntries, Declaration, GoodsDeclaration, Hold, Transaction
from carnet_domain.transaction_types import Side, TransactionType, TxField, declaration_type, spec_of

R = RefusalCode
T = TransactionType


@dataclass(frozen=True, slots=True)
class Assessment:
    refusals: tuple[Refusal, ...]
    warnings: tuple[Warning, ...]

    def blocking(self, confirmed: Collection[str]) -> tuple[Warning, ...]:
        """The warnings not yet confirmed by the officer."""
        return tuple(w for w in self.warnings if w.code not in confirmed)


def is_validated(carnet: Carnet, history: Sequence[Transaction]) -> bool:
    """Whether the carnet may be used beyond a Validation.

    An ATA carnet is validated by a committed Validation, or on paper in a paper country of departure
    (line 401). A vehicle carnet (CPD) has no validation step: the vehicle is admitted on a valid carnet
    (1954 and 1956 conventions, art. 2 and 15), so it is usable as issued.
    """
    return carnet.kind is CarnetKind.CPD or carnet.departure_paper_country or any(
        t.committed and t.type is T.VALIDATION for t in history
    )


def validation_refusal(carnet: Carnet, kind: TransactionType, validated: bool) -> Refusal | None:
    """Whether ``kind`` fits the carnet's validation: a CPD has none, whatever ``validated`` says; an ATA carnet
    is validated once, before anything else."""
    if carnet.kind is CarnetKind.CPD:
        return Refusal(R.NO_VALIDATION_FOR_VEHICLES) if kind is T.VALIDATION else None
    if kind is T.VALIDATION and validated:
        return Refusal(R.ALREADY_VALIDATED)
    if kind is not T.VALIDATION and not validated:
        return Refusal(R.NOT_VALIDATED)
    return None


def code_status(history: Sequence[Transaction], code: str, kind: TransactionType) -> Refusal | None:
    """Single use: a code is spent by a committed transaction unless it was cancelled.

    In a two-step territory the Exit may use the code its Pre-exportation used.
    """
    spent = [t for t in history if t.committed and t.transaction_code == code]
    if not spent:
        return None
    if kind is T.EXPORTATION and all(t.type is T.PRE_EXPORTATION for t in spent):
        return None
    return Refusal(R.CODE_USED, spent[-1].transaction_id)


def check_carnet(carnet: Carnet, kind: TransactionType, on: date) -> Refusal | None:
    """Whether the carnet's validity allows ``kind`` on the office's date ``on`` (valid until is inclusive)."""
    if on < carnet.issue_date:
        return Refusal(R.CARNET_NOT_YET_VALID, carnet.issue_date.isoformat())
    if carnet.is_expired_on(on) and not spec_of(kind).allowed_when_expired:
        return Refusal(R.CARNET_EXPIRED, carnet.valid_until.isoformat())
    return None


def territory_refusal(carnet: Carnet, kind: TransactionType, territory: str) -> Refusal | None:
    """Whether ``kind`` may be recorded in customs territory ``territory``: the home territory's own transactions
    there only, the others where Box P covers (listed and not excluded)."""
    side = spec_of(kind).side
    if side is Side.HOME and territory != carnet.home_territory:
        return Refusal(R.NOT_HOME_TERRITORY, carnet.home_territory)
    if side is Side.FOREIGN and not carnet.covers(territory):
        return Refusal(R.TERRITORY_NOT_COVERED, territory)
    return None


REPLACEMENT_STEPS = frozenset({T.VALIDATION, T.PRE_EXPORTATION, T.EXPORTATION})
"""What home customs do on a replacement carnet before its original expires (line 2790); the original's own
step then is its Re-importation."""


def replacement_deadline(carnet: Carnet, kind: TransactionType, replaces_valid_until: date | None) -> date | None:
    """The last day ``kind`` may be made on ``carnet`` when it is a home step of a replacement: the original
    carnet's last valid day (inclusive), ``replaces_valid_until`` for the replacement itself. ``None`` when
    ``kind`` is no such step, or the replacement's original is not known."""
    if carnet.order_type is OrderType.REPLACEMENT and kind in REPLACEMENT_STEPS:
        return replaces_valid_until
    if carnet.replaced_by is not None and kind is T.REIMPORTATION:
        return carnet.valid_until
    return None


def replacement_refusal(
    carnet: Carnet, kind: TransactionType, on: date, replaces_valid_until: date | None
) -> Refusal | None:
    """A replacement is validated and exported at home, and its original re-imported there, "before the
    expiration of validity of the original carnet" (line 2790): on its last valid day still, not the day after."""
    last = replacement_deadline(carnet, kind, replaces_valid_until)
    if last is not None and on > last:
        return Refusal(R.REPLACEMENT_AFTER_ORIGINAL_EXPIRY, last.isoformat())
    return None


def final_date_problem(carnet: Carnet, final: date, on: date) -> str | None:
    """Why a final date for re-exportation or re-importation is not allowed, if it is not."""
    if final < on:
        return "before the transaction date"
    if final > carnet.valid_until:
        return "after the carnet's validity"
    return None


def assess(
    *,
    carnet: Carnet,
    declaration: Declaration,
    kind: TransactionType,
    goods: GoodsDeclaration,
    customs: CustomsEntries,
    history: Sequence[Transaction],
    holds: Sequence[Hold],
    territory: Territory,
    on: date,
    replaces_valid_until: date | None = None,
) -> Assessment:
    """Every refusal and warning for committing ``kind`` at an office of ``territory`` on ``on``;
    ``replaces_valid_until`` is the last valid day of the carnet a replacement replaces."""
    refusals: list[Refusal] = []
    warnings: list[Warning] = []
    committed = [t for t in history if t.committed]

    if declaration_type(kind) is not declaration.type:
        refusals.append(Refusal(R.TYPE_MISMATCH, declaration.type.value))
    if (used := code_status(committed, declaration.transaction_code, kind)) is not None:
        refusals.append(used)
    if held := [h for h in holds if h.active and h.territory == territory.code]:
        refusals.append(Refusal(R.CARNET_ON_HOLD, held[0].reason))
    if (validity := check_carnet(carnet, kind, on)) is not None:
        refusals.append(validity)
    if (late := replacement_refusal(carnet, kind, on, replaces_valid_until)) is not None:
        refusals.append(late)

    if (validation := validation_refusal(carnet, kind, is_validated(carnet, committed))) is not None:
        refusals.append(validation)

    spec = spec_of(kind)
    if (where := territory_refusal(carnet, kind, territory.code)) is not None:
        refusals.append(where)
    if kind in (T.PRE_EXPORTATION,) and not territory.two_step_export:
        refusals.append(Refusal(R.EU_STEP_NOT_APPLICABLE, territory.code))

    declared = _ranges(goods.declared_goods, carnet.item_count, refusals)
    _ranges(goods.diverted_goods, carnet.item_count, refusals)
    _ranges(goods.processed_abroad, carnet.item_count, refusals)
    if declared is not None and not declared and kind is not T.VALIDATION:
        refusals.append(Refusal(R.NO_GOODS_DECLARED))
    bad_marks = [str(i) for i in goods.identification_marks if i > carnet.item_count]
    if bad_marks:
        refusals.append(Refusal(R.BAD_ITEM_RANGE, ",".join(bad_marks)))

    final = customs.final_date if TxField.FINAL_DATE in spec.step4 else None
    if final is not None and (problem := final_date_problem(carnet, final, on)) is not None:
        refusals.append(Refusal(R.FINAL_DATE_INVALID, problem))

    balance = balance_of(committed)
    if kind is T.TRANSIT_CLOSE:
        transit_goods = balance.in_transit_in(territory.code)
        if not transit_goods:
            refusals.append(Refusal(R.NO_OPEN_TRANSIT, territory.code))
        elif declared is not None and declared != transit_goods:
            warnings.append(Warning(WarningCode.TRANSIT_GOODS_DIFFER, transit_goods.format()))
    if kind is T.REEXPORTATION and declared:
        missing = declared.difference(balance.admitted_in(territory.code))
        if missing:
            warnings.append(Warning(WarningCode.ITEMS_NOT_IMPORTED_HERE, missing.format()))
    if kind is T.REIMPORTATION and declared and not carnet.departure_paper_country:
        missing = declared.difference(balance.exported_items())
        if missing:
            warnings.append(Warning(WarningCode.ITEMS_NOT_EXPORTED, missing.format()))
    return Assessment(tuple(refusals), tuple(warnings))


def _ranges(text: str, item_count: int, refusals: list[Refusal]) -> ItemRanges | None:
    try:
        return ItemRanges.parse(text, item_count)
    except ItemRangeError as exc:
        refusals.append(Refusal(R.BAD_ITEM_RANGE, str(exc)))
        return None


def effective_final_date(carnet: Carnet, kind: TransactionType, final: date | None) -> date | None:
    """Importation's blank final date means the carnet's validity (line 2207)."""
    if final is None and spec_of(kind).final_date_default_validity:
        return carnet.valid_until
    return final


def effective_goods(carnet: Carnet, kind: TransactionType, goods: GoodsDeclaration) -> GoodsDeclaration:
    """Validation covers the whole general list; a blank declaration elsewhere stays blank (refused)."""
    if kind is T.VALIDATION:
        return goods.model_copy(update={"declared_goods": ItemRanges.all(carnet.item_count).format()})
    return goods
