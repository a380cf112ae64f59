"""The rules a transaction must pass, at their date and territory boundaries."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

import pytest

from carnet_domain.carnet import Carnet, OrderType
from carnet_domain.cpd.convention import Convention
from carnet_domain.organisation import Territory
from carnet_domain.refusals import Refusal, RefusalCode, Warning, WarningCode
from carnet_domain.rules import (
    Assessment,
    assess,
    check_carnet,
    code_status,
    effective_final_date,
    effective_goods,
    is_validated,
    replacement_deadline,
    replacement_refusal,
    validation_refusal,
)
from carnet_domain.transaction import CustomsEntries, Declaration, GoodsDeclaration, Hold, Transaction
from carnet_domain.transaction_types import TransactionType, declaration_type
from tests.unit.cpd.factories import BOTH, cpd
from tests.unit.domain_factories import (
    CH,
    CODE,
    EU,
    GB,
    ISSUE,
    NO,
    RE,
    VALID_UNTIL,
    carnet,
    hold,
    tx,
)

T = TransactionType
R = RefusalCode
W = WarningCode
DAY = timedelta(days=1)
MID = date(2026, 6, 15)

TERRITORY_OF = {"CH": CH, "EU": EU, "GB": GB, "NO": NO, "RE": RE}
HOME_TYPES = (T.VALIDATION, T.EXPORTATION, T.REIMPORTATION)
FOREIGN_TYPES = (T.IMPORTATION, T.REEXPORTATION, T.TRANSIT_OPEN, T.TRANSIT_CLOSE)


def validated(on: date = ISSUE) -> Transaction:
    return tx(T.VALIDATION, "CH", on, "1-20", minute=-600)


def run(
    kind: TransactionType,
    territory: Territory,
    on: date = MID,
    declared: str = "1-5",
    *,
    of: Carnet | None = None,
    history: Sequence[Transaction] = (),
    holds: Sequence[Hold] = (),
    code: str = CODE,
    declared_type: TransactionType | None = None,
    diverted: str = "",
    processed_abroad: str = "",
    marks: dict[int, str] | None = None,
    final_date: date | None = None,
    replaces_valid_until: date | None = None,
) -> Assessment:
    the_carnet = of or carnet()
    goods = GoodsDeclaration(
        declared_goods=declared,
        diverted_goods=diverted,
        processed_abroad=processed_abroad,
        identification_marks=marks or {},
    )
    declaration = Declaration(
        carnet_id=the_carnet.carnet_id,
        transaction_code=code,
        type=declared_type or declaration_type(kind),
        **goods.model_dump(),
    )
    return assess(
        carnet=the_carnet,
        declaration=declaration,
        kind=kind,
        goods=goods,
        customs=CustomsEntries(final_date=final_date),
        history=history,
        holds=holds,
        territory=territory,
        on=on,
        replaces_valid_until=replaces_valid_until,
    )


def codes(assessment: Assessment) -> set[RefusalCode]:
    return {r.code for r in assessment.refusals}


def ready_for(kind: TransactionType, on: date) -> tuple[Territory, list[Transaction]]:
    """Where ``kind`` may be done and a history after which items 1-5 are where it expects them."""
    history = [validated()]
    before = on - 2 * DAY
    if kind is T.REIMPORTATION:
        history.append(tx(T.EXPORTATION, "CH", before, "1-5"))
        return CH, history
    if kind is T.REEXPORTATION:
        history.append(tx(T.IMPORTATION, "GB", before, "1-5"))
        return GB, history
    if kind is T.TRANSIT_CLOSE:
        history.append(tx(T.TRANSIT_OPEN, "GB", before, "1-5"))
        return GB, history
    if kind in HOME_TYPES:
        return CH, [] if kind is T.VALIDATION else history
    return GB, history


# --- Validity: valid_until is inclusive ------------------------------------------------------------------


@pytest.mark.parametrize("kind", [t for t in T if t is not T.PRE_EXPORTATION])
def test_every_type_passes_on_the_last_day_of_validity(kind: TransactionType) -> None:
    territory, history = ready_for(kind, VALID_UNTIL)
    result = run(kind, territory, VALID_UNTIL, history=history)
    assert result.refusals == ()
    assert result.warnings == ()


def test_importation_the_day_after_validity_is_refused_as_expired() -> None:
    result = run(T.IMPORTATION, GB, VALID_UNTIL + DAY, history=[validated()])
    assert result.refusals == (Refusal(R.CARNET_EXPIRED, "2026-12-31"),)


@pytest.mark.parametrize("kind", [T.REEXPORTATION, T.REIMPORTATION])
def test_reexportation_and_reimportation_pass_after_validity(kind: TransactionType) -> None:
    territory, history = ready_for(kind, VALID_UNTIL + DAY)
    result = run(kind, territory, VALID_UNTIL + DAY, history=history)
    assert result.refusals == ()
    assert result.warnings == ()
    later = run(kind, territory, VALID_UNTIL + 400 * DAY, history=history)
    assert later.refusals == ()


@pytest.mark.parametrize("kind", list(T))
def test_only_reexportation_and_reimportation_are_allowed_when_expired(kind: TransactionType) -> None:
    the_carnet = carnet()
    expected = None if kind in (T.REEXPORTATION, T.REIMPORTATION) else Refusal(R.CARNET_EXPIRED, "2026-12-31")
    assert check_carnet(the_carnet, kind, VALID_UNTIL + DAY) == expected
    assert check_carnet(the_carnet, kind, VALID_UNTIL) is None


def test_validation_passes_on_the_issue_date() -> None:
    result = run(T.VALIDATION, CH, ISSUE, "")
    assert result.refusals == ()


def test_validation_the_day_before_issue_is_not_yet_valid() -> None:
    result = run(T.VALIDATION, CH, ISSUE - DAY, "")
    assert result.refusals == (Refusal(R.CARNET_NOT_YET_VALID, "2026-01-01"),)


@pytest.mark.parametrize("kind", list(T))
def test_no_type_is_allowed_before_the_issue_date(kind: TransactionType) -> None:
    the_carnet = carnet()
    assert check_carnet(the_carnet, kind, ISSUE - DAY) == Refusal(R.CARNET_NOT_YET_VALID, "2026-01-01")
    assert check_carnet(the_carnet, kind, ISSUE) is None


def test_a_carnet_valid_for_a_single_day_is_valid_that_day_only() -> None:
    one_day = carnet(issue=MID, valid_until=MID)
    assert check_carnet(one_day, T.IMPORTATION, MID) is None
    assert check_carnet(one_day, T.IMPORTATION, MID - DAY) == Refusal(R.CARNET_NOT_YET_VALID, MID.isoformat())
    assert check_carnet(one_day, T.IMPORTATION, MID + DAY) == Refusal(R.CARNET_EXPIRED, MID.isoformat())


# --- Validation ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", [t for t in T if t is not T.VALIDATION])
def test_nothing_but_validation_before_the_carnet_is_validated(kind: TransactionType) -> None:
    territory = EU if kind is T.PRE_EXPORTATION else (CH if kind in HOME_TYPES else GB)
    the_carnet = carnet(home="EU") if kind is T.PRE_EXPORTATION else carnet()
    result = run(kind, territory, of=the_carnet)
    assert R.NOT_VALIDATED in codes(result)


def test_a_second_validation_is_refused() -> None:
    result = run(T.VALIDATION, CH, history=[validated()])
    assert result.refusals == (Refusal(R.ALREADY_VALIDATED),)


def test_a_cancelled_validation_does_not_count() -> None:
    cancelled = tx(T.VALIDATION, "CH", ISSUE, "1-20", cancelled=True)
    assert not is_validated(carnet(), [cancelled])
    assert run(T.VALIDATION, CH, history=[cancelled]).refusals == ()
    assert R.NOT_VALIDATED in codes(run(T.IMPORTATION, GB, history=[cancelled]))


def test_a_departure_paper_country_counts_as_validated() -> None:
    paper = carnet(departure_paper_country=True)
    assert is_validated(paper, [])
    assert run(T.IMPORTATION, GB, of=paper).refusals == ()
    assert run(T.VALIDATION, CH, of=paper).refusals == (Refusal(R.ALREADY_VALIDATED),)


@pytest.mark.parametrize("convention", BOTH)
def test_a_vehicle_carnet_is_used_with_no_validation(convention: Convention) -> None:
    """Neither vehicle convention has a validation step: the vehicle enters and leaves on a valid carnet
    (1954 and 1956 art. 2 and 15)."""
    vehicle = cpd(convention)
    assert is_validated(vehicle, [])
    assert validation_refusal(vehicle, T.IMPORTATION, validated=False) is None
    entry = run(T.IMPORTATION, CH, declared="1", of=vehicle)
    assert entry.refusals == ()
    exit_history = [tx(T.IMPORTATION, "CH", MID - 3 * DAY, "1", of=vehicle)]
    assert run(T.REEXPORTATION, CH, declared="1", of=vehicle, history=exit_history).refusals == ()


@pytest.mark.parametrize("convention", BOTH)
def test_a_validation_declared_on_a_vehicle_carnet_is_refused(convention: Convention) -> None:
    vehicle = cpd(convention)
    at_home = run(T.VALIDATION, GB, declared="", of=vehicle)
    assert at_home.refusals == (Refusal(R.NO_VALIDATION_FOR_VEHICLES),)
    assert R.NO_VALIDATION_FOR_VEHICLES in codes(run(T.VALIDATION, CH, declared="", of=vehicle))
    assert validation_refusal(vehicle, T.VALIDATION, validated=True) == Refusal(R.NO_VALIDATION_FOR_VEHICLES)
    # An ATA carnet still needs its one Validation first.
    assert validation_refusal(carnet(), T.VALIDATION, validated=False) is None
    assert validation_refusal(carnet(), T.IMPORTATION, validated=False) == Refusal(R.NOT_VALIDATED)


def test_validation_covers_the_whole_general_list() -> None:
    goods = effective_goods(carnet(), T.VALIDATION, GoodsDeclaration(declared_goods="3"))
    assert goods.declared_goods == "1-20"
    blank = effective_goods(carnet(), T.IMPORTATION, GoodsDeclaration())
    assert blank.declared_goods == ""


def test_only_validation_may_declare_no_goods() -> None:
    assert run(T.VALIDATION, CH, declared="").refusals == ()
    assert run(T.IMPORTATION, GB, declared="", history=[validated()]).refusals == (
        Refusal(R.NO_GOODS_DECLARED),
    )


# --- Replacement carnets (line 2790) ---------------------------------------------------------------------

ORIGINAL_UNTIL = date(2026, 9, 30)
"""The last valid day of the original carnet the replacement replaces."""


def original() -> Carnet:
    """The original carnet, replaced by carnet 120002 and exported with items 1-5."""
    return carnet(valid_until=ORIGINAL_UNTIL, replaced_by="120002")


def replacement(home: str = "CH") -> Carnet:
    """The replacement carnet of ``home``: issued a month before the original expires, valid beyond it."""
    return carnet(home=home, order_type=OrderType.REPLACEMENT, replaces="120001", issue=date(2026, 9, 1))


@pytest.mark.parametrize(("kind", "territory", "home"), [
    (T.VALIDATION, CH, "CH"), (T.EXPORTATION, CH, "CH"), (T.PRE_EXPORTATION, EU, "EU"), (T.EXPORTATION, EU, "EU")])
def test_a_replacement_is_validated_and_exported_by_the_originals_last_valid_day(
    kind: TransactionType, territory: Territory, home: str,
) -> None:
    new = replacement(home=home)
    history = [] if kind is T.VALIDATION else [validated(date(2026, 9, 1))]
    on_time = run(kind, territory, ORIGINAL_UNTIL, of=new, history=history, replaces_valid_until=ORIGINAL_UNTIL)
    assert on_time.refusals == ()
    late = run(kind, territory, ORIGINAL_UNTIL + DAY, of=new, history=history, replaces_valid_until=ORIGINAL_UNTIL)
    assert late.refusals == (Refusal(R.REPLACEMENT_AFTER_ORIGINAL_EXPIRY, "2026-09-30"),)
    assert replacement_deadline(new, kind, ORIGINAL_UNTIL) == ORIGINAL_UNTIL


def test_the_original_is_re_imported_by_its_last_valid_day() -> None:
    """A carnet's Re-importation is allowed after its expiry, but not the original's of a replacement."""
    history = [validated(), tx(T.EXPORTATION, "CH", date(2026, 2, 1), "1-5")]
    assert run(T.REIMPORTATION, CH, ORIGINAL_UNTIL, of=original(), history=history).refusals == ()
    late = run(T.REIMPORTATION, CH, ORIGINAL_UNTIL + DAY, of=original(), history=history)
    assert late.refusals == (Refusal(R.REPLACEMENT_AFTER_ORIGINAL_EXPIRY, "2026-09-30"),)
    unreplaced = carnet(valid_until=ORIGINAL_UNTIL)
    assert run(T.REIMPORTATION, CH, ORIGINAL_UNTIL + DAY, of=unreplaced, history=history).refusals == ()


def test_the_replacements_other_steps_and_the_originals_abroad_have_no_such_deadline() -> None:
    after = ORIGINAL_UNTIL + 30 * DAY
    new = replacement()
    abroad = [validated(date(2026, 9, 1)), tx(T.EXPORTATION, "CH", date(2026, 9, 2), "1-5")]
    for kind, territory, history in ((T.IMPORTATION, GB, abroad),
                                     (T.REIMPORTATION, CH, abroad)):
        assert replacement_deadline(new, kind, ORIGINAL_UNTIL) is None
        assert run(kind, territory, after, of=new, history=history, replaces_valid_until=ORIGINAL_UNTIL).refusals == ()
    imported = [validated(), tx(T.EXPORTATION, "CH", date(2026, 2, 1), "1-5"),
                tx(T.IMPORTATION, "GB", date(2026, 2, 2), "1-5")]
    assert run(T.REEXPORTATION, GB, after, of=original(), history=imported).refusals == ()
    # A replacement whose original the central does not know: no deadline to judge by.
    assert replacement_refusal(new, T.EXPORTATION, after, None) is None


# --- Holds -----------------------------------------------------------------------------------------------


def test_a_hold_in_the_eu_blocks_at_the_eu() -> None:
    result = run(T.IMPORTATION, EU, history=[validated()], holds=[hold("EU", reason="Seals broken")])
    assert result.refusals == (Refusal(R.CARNET_ON_HOLD, "Seals broken"),)


def test_a_hold_in_the_eu_does_not_block_at_ch_or_gb() -> None:
    holds = [hold("EU")]
    history = [validated(), tx(T.EXPORTATION, "CH", MID - 2 * DAY, "1-5")]
    assert run(T.REIMPORTATION, CH, history=history, holds=holds).refusals == ()
    assert run(T.IMPORTATION, GB, history=history, holds=holds).refusals == ()


def test_a_released_hold_blocks_nothing() -> None:
    result = run(T.IMPORTATION, EU, history=[validated()], holds=[hold("EU", released=True)])
    assert result.refusals == ()


# --- Transaction codes -----------------------------------------------------------------------------------


def test_a_used_code_is_refused_naming_the_transaction_that_used_it() -> None:
    first = tx(T.IMPORTATION, "GB", MID - DAY, "1-5", code=CODE)
    result = run(T.IMPORTATION, GB, history=[validated(), first], code=CODE)
    assert result.refusals == (Refusal(R.CODE_USED, first.transaction_id),)


def test_a_used_code_is_refused_for_any_type() -> None:
    first = tx(T.IMPORTATION, "GB", MID - DAY, "1-5", code=CODE)
    result = run(T.REEXPORTATION, GB, history=[validated(), first], code=CODE)
    assert result.refusals == (Refusal(R.CODE_USED, first.transaction_id),)


def test_the_code_of_a_cancelled_transaction_may_be_used_again() -> None:
    cancelled = tx(T.IMPORTATION, "GB", MID - DAY, "1-5", code=CODE, cancelled=True)
    assert code_status([cancelled], CODE, T.IMPORTATION) is None
    assert run(T.IMPORTATION, GB, history=[validated(), cancelled], code=CODE).refusals == ()


def test_a_code_used_again_after_its_cancelled_use_was_redone_is_refused() -> None:
    cancelled = tx(T.IMPORTATION, "GB", MID - 2 * DAY, "1-5", code=CODE, cancelled=True)
    redone = tx(T.IMPORTATION, "GB", MID - DAY, "1-5", code=CODE)
    result = run(T.IMPORTATION, GB, history=[validated(), cancelled, redone], code=CODE)
    assert result.refusals == (Refusal(R.CODE_USED, redone.transaction_id),)


def test_a_different_code_is_not_refused() -> None:
    first = tx(T.IMPORTATION, "GB", MID - DAY, "1-5", code=CODE)
    assert code_status([first], "STVX23456789", T.IMPORTATION) is None


def test_eu_exit_may_use_the_code_its_pre_exportation_used() -> None:
    eu_home = carnet(home="EU")
    pre = tx(T.PRE_EXPORTATION, "EU", MID - DAY, "1-5", code=CODE, of=eu_home)
    history = [tx(T.VALIDATION, "EU", ISSUE, "1-20", of=eu_home), pre]
    assert run(T.EXPORTATION, EU, of=eu_home, history=history, code=CODE).refusals == ()
    assert run(T.PRE_EXPORTATION, EU, of=eu_home, history=history, code=CODE).refusals == (
        Refusal(R.CODE_USED, pre.transaction_id),
    )


def test_eu_exit_may_not_use_a_code_an_exit_already_used() -> None:
    eu_home = carnet(home="EU")
    pre = tx(T.PRE_EXPORTATION, "EU", MID - DAY, "1-5", code=CODE, of=eu_home)
    exit_ = tx(T.EXPORTATION, "EU", MID - DAY, "1-5", code=CODE, of=eu_home, minute=30)
    history = [tx(T.VALIDATION, "EU", ISSUE, "1-20", of=eu_home), pre, exit_]
    assert run(T.EXPORTATION, EU, of=eu_home, history=history, code=CODE).refusals == (
        Refusal(R.CODE_USED, exit_.transaction_id),
    )


def test_only_exportation_may_reuse_a_pre_exportation_code() -> None:
    pre = tx(T.PRE_EXPORTATION, "EU", MID - DAY, "1-5", code=CODE)
    assert code_status([pre], CODE, T.EXPORTATION) is None
    for kind in (T.PRE_EXPORTATION, T.IMPORTATION, T.REIMPORTATION, T.VALIDATION):
        assert code_status([pre], CODE, kind) == Refusal(R.CODE_USED, pre.transaction_id)


def test_pre_exportation_outside_a_two_step_territory_is_refused() -> None:
    result = run(T.PRE_EXPORTATION, CH, history=[validated()])
    assert result.refusals == (Refusal(R.EU_STEP_NOT_APPLICABLE, "CH"),)


def test_pre_exportation_answers_an_exportation_declaration() -> None:
    eu_home = carnet(home="EU")
    history = [tx(T.VALIDATION, "EU", ISSUE, "1-20", of=eu_home)]
    assert run(T.PRE_EXPORTATION, EU, of=eu_home, history=history).refusals == ()
    refused = run(T.PRE_EXPORTATION, EU, of=eu_home, history=history, declared_type=T.PRE_EXPORTATION)
    assert refused.refusals == (Refusal(R.TYPE_MISMATCH, "pre_exportation"),)


def test_a_type_other_than_declared_is_refused() -> None:
    result = run(T.REEXPORTATION, GB, history=[validated()], declared_type=T.IMPORTATION)
    assert Refusal(R.TYPE_MISMATCH, "importation") in result.refusals


# --- Transit ---------------------------------------------------------------------------------------------


def test_transit_close_without_an_open_transit_is_refused() -> None:
    result = run(T.TRANSIT_CLOSE, GB, history=[validated()])
    assert result.refusals == (Refusal(R.NO_OPEN_TRANSIT, "GB"),)


def test_transit_close_in_another_territory_than_the_open_one_is_refused() -> None:
    history = [validated(), tx(T.TRANSIT_OPEN, "GB", MID - DAY, "1-5")]
    assert run(T.TRANSIT_CLOSE, NO, history=history).refusals == (Refusal(R.NO_OPEN_TRANSIT, "NO"),)
    assert run(T.TRANSIT_CLOSE, GB, history=history).refusals == ()


def test_a_closed_transit_cannot_be_closed_again() -> None:
    history = [
        validated(),
        tx(T.TRANSIT_OPEN, "GB", MID - 2 * DAY, "1-5"),
        tx(T.TRANSIT_CLOSE, "GB", MID - DAY, "1-5"),
    ]
    assert run(T.TRANSIT_CLOSE, GB, history=history).refusals == (Refusal(R.NO_OPEN_TRANSIT, "GB"),)


def test_a_cancelled_transit_open_opens_nothing() -> None:
    history = [validated(), tx(T.TRANSIT_OPEN, "GB", MID - DAY, "1-5", cancelled=True)]
    assert run(T.TRANSIT_CLOSE, GB, history=history).refusals == (Refusal(R.NO_OPEN_TRANSIT, "GB"),)


def test_closing_other_goods_than_in_transit_is_a_warning_naming_the_transit_goods() -> None:
    history = [validated(), tx(T.TRANSIT_OPEN, "GB", MID - DAY, "1-5")]
    result = run(T.TRANSIT_CLOSE, GB, declared="1-3", history=history)
    assert result.refusals == ()
    assert result.warnings == (Warning(W.TRANSIT_GOODS_DIFFER, "1-5"),)


# --- Items not imported here / not exported --------------------------------------------------------------


def test_reexporting_items_not_imported_here_warns_with_exactly_the_missing_items() -> None:
    history = [
        validated(),
        tx(T.IMPORTATION, "GB", MID - 3 * DAY, "1-5,9"),
        tx(T.IMPORTATION, "EU", MID - 2 * DAY, "6-8"),
    ]
    result = run(T.REEXPORTATION, GB, declared="1-10,12", history=history)
    assert result.refusals == ()
    assert result.warnings == (Warning(W.ITEMS_NOT_IMPORTED_HERE, "6-8,10,12"),)


def test_reexporting_items_already_reexported_warns() -> None:
    history = [
        validated(),
        tx(T.IMPORTATION, "GB", MID - 3 * DAY, "1-5"),
        tx(T.REEXPORTATION, "GB", MID - 2 * DAY, "1-2"),
    ]
    result = run(T.REEXPORTATION, GB, declared="1-5", history=history)
    assert result.warnings == (Warning(W.ITEMS_NOT_IMPORTED_HERE, "1-2"),)


def test_reexporting_exactly_what_was_imported_here_does_not_warn() -> None:
    history = [validated(), tx(T.IMPORTATION, "GB", MID - 3 * DAY, "1-5")]
    assert run(T.REEXPORTATION, GB, declared="2-4", history=history).warnings == ()


def test_reimporting_items_not_exported_warns_unless_departure_was_on_paper() -> None:
    history = [validated(), tx(T.EXPORTATION, "CH", MID - 3 * DAY, "1-3")]
    result = run(T.REIMPORTATION, CH, declared="1-5", history=history)
    assert result.refusals == ()
    assert result.warnings == (Warning(W.ITEMS_NOT_EXPORTED, "4-5"),)
    paper = carnet(departure_paper_country=True)
    assert run(T.REIMPORTATION, CH, of=paper, declared="1-5").warnings == ()


def test_warnings_block_until_confirmed() -> None:
    history = [validated(), tx(T.IMPORTATION, "GB", MID - DAY, "1-5")]
    result = run(T.REEXPORTATION, GB, declared="1-6", history=history)
    assert result.blocking(()) == (Warning(W.ITEMS_NOT_IMPORTED_HERE, "6"),)
    assert result.blocking({"items_not_imported_here"}) == ()


# --- Territories -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", HOME_TYPES)
def test_home_types_outside_the_home_territory_are_refused(kind: TransactionType) -> None:
    history = [] if kind is T.VALIDATION else [validated()]
    result = run(kind, GB, history=history, declared="1-20" if kind is T.VALIDATION else "1-5")
    assert Refusal(R.NOT_HOME_TERRITORY, "CH") in result.refusals


@pytest.mark.parametrize("kind", [T.IMPORTATION, T.REEXPORTATION, T.TRANSIT_OPEN])
def test_foreign_types_at_home_are_refused_as_not_covered(kind: TransactionType) -> None:
    result = run(kind, CH, history=[validated()])
    assert Refusal(R.TERRITORY_NOT_COVERED, "CH") in result.refusals


def test_a_territory_outside_box_p_is_not_covered() -> None:
    narrow = carnet(valid_territories=("EU", "GB"))
    assert run(T.IMPORTATION, EU, of=narrow, history=[validated()]).refusals == ()
    assert run(T.IMPORTATION, NO, of=narrow, history=[validated()]).refusals == (
        Refusal(R.TERRITORY_NOT_COVERED, "NO"),
    )


def test_an_excluded_territory_is_not_covered_even_if_listed() -> None:
    excluding = carnet(excluded_territories=("RE",))
    assert "RE" in excluding.valid_territories
    assert run(T.IMPORTATION, RE, of=excluding, history=[validated()]).refusals == (
        Refusal(R.TERRITORY_NOT_COVERED, "RE"),
    )
    assert run(T.IMPORTATION, EU, of=excluding, history=[validated()]).refusals == ()


# --- Item ranges -----------------------------------------------------------------------------------------


def test_the_last_item_is_accepted_and_one_beyond_is_refused() -> None:
    assert run(T.IMPORTATION, GB, declared="20", history=[validated()]).refusals == ()
    result = run(T.IMPORTATION, GB, declared="18-21", history=[validated()])
    assert codes(result) == {R.BAD_ITEM_RANGE}
    assert "18-21" in result.refusals[0].detail


def test_diverted_and_processed_abroad_beyond_the_list_are_refused() -> None:
    history = [validated(), tx(T.EXPORTATION, "CH", MID - DAY, "1-5")]
    result = run(T.REIMPORTATION, CH, history=history, diverted="21", processed_abroad="22-23")
    assert [r.code for r in result.refusals] == [R.BAD_ITEM_RANGE, R.BAD_ITEM_RANGE]
    assert "21" in result.refusals[0].detail
    assert "22-23" in result.refusals[1].detail


def test_identification_marks_beyond_the_list_are_refused() -> None:
    result = run(T.IMPORTATION, GB, history=[validated()], marks={3: "SN 1", 21: "SN 2", 25: "SN 3"})
    assert result.refusals == (Refusal(R.BAD_ITEM_RANGE, "21,25"),)
    assert run(T.IMPORTATION, GB, history=[validated()], marks={20: "SN"}).refusals == ()


# --- Final dates -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("final", "refusal"),
    [
        (MID, None),
        (VALID_UNTIL, None),
        (MID - DAY, Refusal(R.FINAL_DATE_INVALID, "before the transaction date")),
        (VALID_UNTIL + DAY, Refusal(R.FINAL_DATE_INVALID, "after the carnet's validity")),
    ],
)
@pytest.mark.parametrize("kind", [T.IMPORTATION, T.TRANSIT_OPEN])
def test_a_final_date_must_lie_between_the_transaction_and_the_validity(
    kind: TransactionType, final: date, refusal: Refusal | None
) -> None:
    result = run(kind, GB, MID, history=[validated()], final_date=final)
    assert result.refusals == (() if refusal is None else (refusal,))


def test_a_final_date_is_ignored_where_the_type_has_none() -> None:
    history = [validated(), tx(T.EXPORTATION, "CH", MID - DAY, "1-5")]
    assert run(T.REIMPORTATION, CH, history=history, final_date=VALID_UNTIL + DAY).refusals == ()


def test_importations_blank_final_date_is_the_validity() -> None:
    the_carnet = carnet()
    assert effective_final_date(the_carnet, T.IMPORTATION, None) == VALID_UNTIL
    assert effective_final_date(the_carnet, T.IMPORTATION, MID) == MID
    for kind in (T.TRANSIT_OPEN, T.EXPORTATION, T.REEXPORTATION):
        assert effective_final_date(the_carnet, kind, None) is None
        assert effective_final_date(the_carnet, kind, MID) == MID
