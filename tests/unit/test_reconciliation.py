"""Reconciliation after validity, transit monitoring and the history each territory sees."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from carnet_domain.goods_balance import balance_of
from carnet_domain.history import visible_history
from carnet_domain.items import ItemRanges
from carnet_domain.reconciliation import ReconciliationStatus, reconcile
from carnet_domain.transaction import Transaction
from carnet_domain.transaction_types import TransactionType
from carnet_domain.transit import TransitState, open_transit_in, transits
from tests.unit.domain_factories import ISSUE, VALID_UNTIL, carnet, tx

T = TransactionType
S = ReconciliationStatus
DAY = timedelta(days=1)
AFTER = VALID_UNTIL + DAY


def d(month: int, day: int) -> date:
    return date(2026, month, day)


def ranges(text: str) -> ItemRanges:
    return ItemRanges.parse(text)


def round_trip(start: date, items: str = "1-10", territory: str = "EU") -> list[Transaction]:
    """Export, import, re-export and re-import ``items`` over four days from ``start``."""
    return [
        tx(T.EXPORTATION, "CH", start, items),
        tx(T.IMPORTATION, territory, start + DAY, items),
        tx(T.REEXPORTATION, territory, start + 2 * DAY, items),
        tx(T.REIMPORTATION, "CH", start + 3 * DAY, items),
    ]


# --- Reconciliation --------------------------------------------------------------------------------------


def test_reconciliation_is_not_applicable_on_the_last_day_of_validity() -> None:
    outbound = [tx(T.VALIDATION, "CH", ISSUE, "1-10"), tx(T.EXPORTATION, "CH", d(3, 1), "1-10")]
    result = reconcile(carnet(), outbound, VALID_UNTIL)
    assert result.status is S.NOT_APPLICABLE
    assert result.outstanding == {"exported": ranges("1-10")}


def test_reconciliation_applies_the_day_after_validity() -> None:
    outbound = [tx(T.VALIDATION, "CH", ISSUE, "1-10"), tx(T.EXPORTATION, "CH", d(3, 1), "1-10")]
    assert reconcile(carnet(), outbound, AFTER).status is S.TO_CHECK
    assert reconcile(carnet(), round_trip(d(3, 1)), AFTER).status is S.TERMINATED


def test_a_carnet_never_used_is_terminated() -> None:
    result = reconcile(carnet(), [tx(T.VALIDATION, "CH", ISSUE, "1-20")], AFTER)
    assert result.status is S.TERMINATED
    assert result.outstanding == {}


def test_a_complete_round_trip_is_terminated() -> None:
    result = reconcile(carnet(), round_trip(d(3, 1)), AFTER)
    assert result.status is S.TERMINATED
    assert result.outstanding == {}


def test_items_not_reexported_are_to_check_where_they_were_admitted() -> None:
    history = [
        tx(T.EXPORTATION, "CH", d(3, 1), "1-20"),
        tx(T.IMPORTATION, "EU", d(3, 2), "1-20"),
        tx(T.REEXPORTATION, "EU", d(3, 3), "1-10"),
        tx(T.REIMPORTATION, "CH", d(3, 4), "1-10"),
    ]
    result = reconcile(carnet(), history, AFTER)
    assert result.status is S.TO_CHECK
    assert result.outstanding == {"exported": ranges("11-20"), "admitted:EU": ranges("11-20")}


def test_items_never_exported_do_not_count() -> None:
    """Only five items travelled: the other fifteen on the general list need no clearing."""
    result = reconcile(carnet(), round_trip(d(3, 1), "1-5"), AFTER)
    assert result.status is S.TERMINATED


def test_a_cancelled_transaction_does_not_count() -> None:
    history = [*round_trip(d(3, 1))[:3], tx(T.REIMPORTATION, "CH", d(3, 4), "1-10", cancelled=True)]
    result = reconcile(carnet(), history, AFTER)
    assert result.status is S.TO_CHECK
    assert result.outstanding == {"exported": ranges("1-10")}


def test_a_second_trip_is_followed_on_its_own() -> None:
    second_out = [
        tx(T.EXPORTATION, "CH", d(5, 1), "1-10"),
        tx(T.IMPORTATION, "EU", d(5, 2), "1-10"),
        tx(T.REEXPORTATION, "EU", d(5, 3), "1-10"),
    ]
    result = reconcile(carnet(), [*round_trip(d(3, 1)), *second_out], AFTER)
    assert result.status is S.TO_CHECK
    assert result.outstanding == {"exported": ranges("1-10")}
    back = tx(T.REIMPORTATION, "CH", d(5, 4), "1-10")
    assert reconcile(carnet(), [*round_trip(d(3, 1)), *second_out, back], AFTER).status is S.TERMINATED


def test_two_trips_through_the_same_territory_count_each_admission() -> None:
    history = [
        tx(T.EXPORTATION, "CH", d(3, 1), "1-10"),
        tx(T.IMPORTATION, "EU", d(3, 2), "1-10"),
        tx(T.TRANSIT_OPEN, "GB", d(3, 3), "1-10"),
        tx(T.IMPORTATION, "EU", d(3, 4), "1-10"),
        tx(T.REEXPORTATION, "EU", d(3, 5), "1-10"),
        tx(T.REIMPORTATION, "CH", d(3, 6), "1-10"),
    ]
    result = reconcile(carnet(), history, AFTER)
    assert result.status is S.TO_CHECK
    assert result.outstanding == {"admitted:EU": ranges("1-10"), "transit:GB": ranges("1-10")}


def test_trips_to_different_territories_in_one_year() -> None:
    history = [*round_trip(d(3, 1), "1-10", "EU"), *round_trip(d(6, 1), "1-20", "GB")]
    assert reconcile(carnet(), history, AFTER).status is S.TERMINATED
    assert reconcile(carnet(), history[:-1], AFTER).outstanding == {"exported": ranges("1-20")}


def test_goods_diverted_abroad_clear_both_the_admission_and_the_export() -> None:
    history = [
        tx(T.EXPORTATION, "CH", d(3, 1), "1-10"),
        tx(T.IMPORTATION, "EU", d(3, 2), "1-10"),
        tx(T.REEXPORTATION, "EU", d(3, 3), "1-8", diverted="9-10"),
        tx(T.REIMPORTATION, "CH", d(3, 4), "1-8"),
    ]
    result = reconcile(carnet(), history, AFTER)
    assert result.status is S.TERMINATED
    assert result.outstanding == {}


def test_goods_declared_diverted_at_reimportation_clear_the_export() -> None:
    history = [
        tx(T.EXPORTATION, "CH", d(3, 1), "1-10"),
        tx(T.IMPORTATION, "EU", d(3, 2), "1-10"),
        tx(T.REEXPORTATION, "EU", d(3, 3), "1-10"),
        tx(T.REIMPORTATION, "CH", d(3, 4), "1-7", diverted="8-10"),
    ]
    assert reconcile(carnet(), history, AFTER).status is S.TERMINATED


def test_without_the_diversion_the_same_goods_are_to_check() -> None:
    history = [
        tx(T.EXPORTATION, "CH", d(3, 1), "1-10"),
        tx(T.IMPORTATION, "EU", d(3, 2), "1-10"),
        tx(T.REEXPORTATION, "EU", d(3, 3), "1-8"),
        tx(T.REIMPORTATION, "CH", d(3, 4), "1-8"),
    ]
    result = reconcile(carnet(), history, AFTER)
    assert result.status is S.TO_CHECK
    assert result.outstanding == {"exported": ranges("9-10"), "admitted:EU": ranges("9-10")}


def test_balance_follows_transactions_in_the_order_they_occurred() -> None:
    trip = round_trip(d(3, 1))
    assert balance_of(reversed(trip)).outstanding() == {}
    assert balance_of(trip[:2]).admitted_in("EU") == ranges("1-10")
    assert balance_of(trip[:2]).admitted_in("GB") == ItemRanges()


# --- Transit monitoring ----------------------------------------------------------------------------------

OPENED = d(6, 1)
DUE = d(6, 10)


def opened(final: date | None = DUE, territory: str = "GB", on: date = OPENED) -> Transaction:
    return tx(T.TRANSIT_OPEN, territory, on, "1-5", final_date=final)


@pytest.mark.parametrize(
    ("today", "state"),
    [(OPENED, TransitState.IN_PROGRESS), (DUE, TransitState.IN_PROGRESS), (DUE + DAY, TransitState.EXPIRED)],
)
def test_an_unclosed_transit_is_in_progress_until_its_due_date_inclusive(
    today: date, state: TransitState
) -> None:
    opening = opened()
    [transit] = transits(carnet(), [opening], today)
    assert transit.state is state
    assert transit.due == DUE
    assert transit.opened == opening
    assert transit.closed is None


@pytest.mark.parametrize(
    ("closed_on", "state"),
    [(OPENED, TransitState.CLOSED_IN_TIME), (DUE, TransitState.CLOSED_IN_TIME), (DUE + DAY, TransitState.EXPIRED)],
)
def test_a_close_on_the_due_date_is_in_time_and_the_day_after_is_late(
    closed_on: date, state: TransitState
) -> None:
    opening = opened()
    closing = tx(T.TRANSIT_CLOSE, "GB", closed_on, "1-5", minute=60)
    [transit] = transits(carnet(), [opening, closing], DUE + 30 * DAY)
    assert transit.state is state
    assert transit.closed == closing


def test_a_transit_without_a_final_date_is_due_at_the_carnets_validity() -> None:
    [in_progress] = transits(carnet(), [opened(final=None)], VALID_UNTIL)
    assert in_progress.due == VALID_UNTIL
    assert in_progress.state is TransitState.IN_PROGRESS
    [expired] = transits(carnet(), [opened(final=None)], AFTER)
    assert expired.state is TransitState.EXPIRED


def test_a_close_matches_the_earliest_open_transit_in_its_own_territory() -> None:
    first_gb = opened(territory="GB", on=d(6, 1))
    no = opened(territory="NO", on=d(6, 2))
    second_gb = opened(territory="GB", on=d(6, 3))
    close_gb = tx(T.TRANSIT_CLOSE, "GB", d(6, 4), "1-5")
    result = transits(carnet(), [close_gb, second_gb, no, first_gb], d(6, 5))
    assert [t.opened for t in result] == [first_gb, no, second_gb]
    assert [t.closed for t in result] == [close_gb, None, None]
    assert [t.state for t in result] == [
        TransitState.CLOSED_IN_TIME, TransitState.IN_PROGRESS, TransitState.IN_PROGRESS,
    ]
    assert open_transit_in(carnet(), [first_gb, no, second_gb, close_gb], "GB") == second_gb
    assert open_transit_in(carnet(), [first_gb, close_gb], "GB") is None
    assert open_transit_in(carnet(), [first_gb], "NO") is None


def test_a_cancelled_close_leaves_the_transit_open() -> None:
    opening = opened()
    cancelled = tx(T.TRANSIT_CLOSE, "GB", d(6, 5), "1-5", cancelled=True)
    [transit] = transits(carnet(), [opening, cancelled], d(6, 6))
    assert transit.closed is None
    assert transit.state is TransitState.IN_PROGRESS


# --- Visible history -------------------------------------------------------------------------------------


def journey() -> dict[str, Transaction]:
    return {
        "validation": tx(T.VALIDATION, "CH", d(2, 1), "1-10"),
        "export": tx(T.EXPORTATION, "CH", d(2, 2), "1-10"),
        "eu_import": tx(T.IMPORTATION, "EU", d(2, 3), "1-10"),
        "eu_reexport": tx(T.REEXPORTATION, "EU", d(2, 4), "1-10"),
        "gb_import": tx(T.IMPORTATION, "GB", d(2, 5), "1-10"),
        "gb_reexport": tx(T.REEXPORTATION, "GB", d(2, 6), "1-10"),
        "no_import": tx(T.IMPORTATION, "NO", d(2, 7), "1-10"),
        "no_reexport": tx(T.REEXPORTATION, "NO", d(2, 8), "1-10"),
        "reimport": tx(T.REIMPORTATION, "CH", d(2, 9), "1-10"),
    }


def names(seen: list[Transaction], trip: dict[str, Transaction]) -> list[str]:
    by_id = {t.transaction_id: name for name, t in trip.items()}
    return [by_id[t.transaction_id] for t in seen]


def test_a_territory_sees_everything_before_arrival_its_own_and_the_final_reimportation() -> None:
    trip = journey()
    seen = visible_history(list(reversed(trip.values())), "GB", "CH")
    assert names(seen, trip) == [
        "validation", "export", "eu_import", "eu_reexport", "gb_import", "gb_reexport", "reimport",
    ]


def test_the_first_territory_visited_sees_nothing_of_later_territories() -> None:
    trip = journey()
    assert names(visible_history(list(trip.values()), "EU", "CH"), trip) == [
        "validation", "export", "eu_import", "eu_reexport", "reimport",
    ]


def test_the_home_territory_sees_the_whole_journey() -> None:
    trip = journey()
    assert names(visible_history(list(reversed(trip.values())), "CH", "CH"), trip) == list(trip)


def test_a_territory_not_yet_visited_sees_everything() -> None:
    trip = journey()
    assert names(visible_history(list(trip.values()), "RE", "CH"), trip) == list(trip)


def test_only_the_last_committed_reimportation_elsewhere_is_shown() -> None:
    trip = journey()
    first_back = tx(T.REIMPORTATION, "CH", d(2, 9), "1-5", minute=-60)
    cancelled_last = tx(T.REIMPORTATION, "CH", d(2, 10), "1-10", cancelled=True)
    seen = visible_history([*trip.values(), first_back, cancelled_last], "EU", "CH")
    assert first_back not in seen
    assert cancelled_last not in seen
    assert trip["reimport"] in seen
    assert trip["no_import"] not in seen


def test_a_territory_always_sees_its_own_later_transactions() -> None:
    trip = journey()
    back_in_eu = tx(T.IMPORTATION, "EU", d(2, 11), "1-10")
    seen = visible_history([*trip.values(), back_in_eu], "EU", "CH")
    assert seen[-1] == back_in_eu
    assert trip["gb_import"] not in seen
