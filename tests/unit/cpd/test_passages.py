"""Entries and exits per territory (art. 15 in both conventions), the final date D within validity."""

from __future__ import annotations

from datetime import date

import pytest

from carnet_domain.cpd.convention import Convention
from carnet_domain.cpd.decision import CpdReason, Decision, Verdict
from carnet_domain.cpd.passages import (
    Passage,
    PassageKind,
    check_entry,
    check_exit,
    final_date_of,
    open_entry,
    stays,
)
from tests.unit.cpd.factories import BOTH, DAY, ISSUE, MID, VALID_UNTIL, cpd, entry, exit_, extension

R = CpdReason


def reasons(found: tuple[Decision, ...]) -> list[CpdReason]:
    return [d.reason for d in found]


@pytest.mark.parametrize(("convention", "year"), [(BOTH[0], "1956"), (BOTH[1], "1954")])
def test_an_entry_is_accepted_with_its_final_date(convention: Convention, year: str) -> None:
    found = check_entry(cpd(convention), [], territory="CH", on=MID, final_date=MID + 30 * DAY)
    assert reasons(found) == [R.ENTRY_ACCEPTED]
    assert str(found[0].citation) == f"{year} art. 15"
    assert found[0].figures["final_date"] == MID + 30 * DAY
    assert found[0].figures["valid_until"] == VALID_UNTIL


def test_a_blank_final_date_is_the_last_valid_day() -> None:
    found = check_entry(cpd(), [], territory="CH", on=MID)
    assert found[0].figures["final_date"] == VALID_UNTIL


@pytest.mark.parametrize("convention", BOTH)
@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (ISSUE - DAY, [R.ENTRY_BEFORE_VALIDITY]),
        (ISSUE, [R.ENTRY_ACCEPTED]),
        (VALID_UNTIL - DAY, [R.ENTRY_ACCEPTED]),
        (VALID_UNTIL, [R.ENTRY_ACCEPTED]),
        (VALID_UNTIL + DAY, [R.ENTRY_AFTER_EXPIRY, R.FINAL_DATE_BEFORE_ENTRY]),
    ],
)
def test_entry_within_validity(convention: Convention, on: date, expected: list[CpdReason]) -> None:
    assert reasons(check_entry(cpd(convention), [], territory="CH", on=on)) == expected


def test_entry_after_expiry_is_refused_with_the_dates() -> None:
    found = check_entry(cpd(), [], territory="CH", on=VALID_UNTIL + 3 * DAY, final_date=VALID_UNTIL + 9 * DAY)
    assert reasons(found) == [R.ENTRY_AFTER_EXPIRY, R.FINAL_DATE_BEYOND_VALIDITY]
    assert found[0].figures["days_after_expiry"] == 3
    assert found[0].figures["entry_on"] == VALID_UNTIL + 3 * DAY


def test_an_extension_moves_the_last_day_of_entry_and_of_d() -> None:
    ext = extension(date(2027, 6, 9))
    found = check_entry(cpd(), [], territory="CH", on=VALID_UNTIL + DAY, final_date=date(2027, 6, 9),
                        extension=ext)
    assert reasons(found) == [R.ENTRY_ACCEPTED]
    late = check_entry(cpd(), [], territory="CH", on=VALID_UNTIL + DAY, final_date=date(2027, 6, 10),
                       extension=ext)
    assert reasons(late) == [R.FINAL_DATE_BEYOND_VALIDITY]


@pytest.mark.parametrize(("convention", "article"), [(BOTH[0], "1956 art. 13.1"), (BOTH[1], "1954 art. 12.1")])
@pytest.mark.parametrize(
    ("final", "expected"),
    [
        (MID - DAY, [R.FINAL_DATE_BEFORE_ENTRY]),
        (MID, [R.ENTRY_ACCEPTED]),
        (VALID_UNTIL - DAY, [R.ENTRY_ACCEPTED]),
        (VALID_UNTIL, [R.ENTRY_ACCEPTED]),
        (VALID_UNTIL + DAY, [R.FINAL_DATE_BEYOND_VALIDITY]),
    ],
)
def test_final_date_never_beyond_validity(
    convention: Convention, article: str, final: date, expected: list[CpdReason]
) -> None:
    found = check_entry(cpd(convention), [], territory="CH", on=MID, final_date=final)
    assert reasons(found) == expected
    if found[0].refused:
        assert str(found[0].citation) == article


def test_final_date_beyond_validity_says_by_how_much() -> None:
    found = check_entry(cpd(), [], territory="CH", on=MID, final_date=VALID_UNTIL + 5 * DAY)
    assert found[0].figures["days_beyond"] == 5


def test_a_territory_outside_box_p_is_refused() -> None:
    found = check_entry(cpd(), [], territory="US", on=MID)
    assert reasons(found) == [R.ENTRY_TERRITORY_NOT_COVERED]
    assert str(found[0].citation) == "1954 art. 6.2, 7.2"
    assert found[0].figures["valid_territories"] == "CH,EU,NO,MA"


@pytest.mark.parametrize("convention", BOTH)
def test_no_entry_while_already_inside(convention: Convention) -> None:
    inside = [entry("CH", MID - 10 * DAY)]
    found = check_entry(cpd(convention), inside, territory="CH", on=MID)
    assert reasons(found) == [R.ENTRY_ALREADY_INSIDE]
    assert found[0].figures["inside_since"] == MID - 10 * DAY
    assert reasons(check_entry(cpd(convention), inside, territory="EU", on=MID)) == [R.ENTRY_ACCEPTED]


@pytest.mark.parametrize("convention", BOTH)
def test_as_many_passages_as_necessary_during_validity(convention: Convention) -> None:
    history: list[Passage] = []
    for n in range(5):
        day = MID + 10 * n * DAY
        assert reasons(check_entry(cpd(convention), history, territory="CH", on=day)) == [R.ENTRY_ACCEPTED]
        history.append(entry("CH", day))
        assert check_exit(cpd(convention), history, territory="CH", on=day + DAY).reason is R.EXIT_ACCEPTED
        history.append(exit_("CH", day + DAY))
    assert len(stays(history)) == 5


@pytest.mark.parametrize("convention", BOTH)
def test_a_single_journey_carnet_refuses_a_second_entry(convention: Convention) -> None:
    history = [entry("CH", MID), exit_("CH", MID + 3 * DAY)]
    found = check_entry(cpd(convention), history, territory="CH", on=MID + 5 * DAY, single_journey=True)
    assert reasons(found) == [R.ENTRY_SINGLE_JOURNEY_USED]
    assert found[0].figures["first_entry_on"] == MID
    assert found[0].figures["first_exit_on"] == MID + 3 * DAY
    # The journey goes on into another territory.
    onward = check_entry(cpd(convention), history, territory="EU", on=MID + 3 * DAY, single_journey=True)
    assert reasons(onward) == [R.ENTRY_ACCEPTED]
    assert reasons(check_entry(cpd(convention), [], territory="CH", on=MID, single_journey=True)) == [
        R.ENTRY_ACCEPTED
    ]


@pytest.mark.parametrize("convention", BOTH)
def test_an_exit_needs_an_open_entry_in_that_territory(convention: Convention) -> None:
    nothing = check_exit(cpd(convention), [], territory="CH", on=MID)
    assert nothing.reason is R.EXIT_WITHOUT_ENTRY
    assert nothing.verdict is Verdict.REFUSE
    elsewhere = check_exit(cpd(convention), [entry("EU", MID - DAY)], territory="CH", on=MID)
    assert elsewhere.reason is R.EXIT_WITHOUT_ENTRY
    history = [entry("CH", MID - DAY), exit_("CH", MID)]
    assert check_exit(cpd(convention), history, territory="CH", on=MID + DAY).reason is R.EXIT_WITHOUT_ENTRY


def test_an_exit_gives_the_entry_and_its_final_date() -> None:
    history = [entry("CH", MID, final_date=MID + 20 * DAY, passage_id="E1")]
    found = check_exit(cpd(), history, territory="CH", on=MID + 25 * DAY)
    assert found.reason is R.EXIT_ACCEPTED
    assert dict(found.figures) == {"territory": "CH", "exit_on": MID + 25 * DAY, "entry_on": MID,
                                   "final_date": MID + 20 * DAY, "entry_id": "E1"}
    assert str(found.citation) == "1954 art. 12.2"


def test_exits_stay_possible_after_expiry_and_not_before_the_entry() -> None:
    history = [entry("CH", VALID_UNTIL - DAY)]
    assert check_exit(cpd(), history, territory="CH", on=VALID_UNTIL + 30 * DAY).reason is R.EXIT_ACCEPTED
    assert check_exit(cpd(), history, territory="CH", on=VALID_UNTIL - 2 * DAY).reason is R.EXIT_BEFORE_ENTRY


def test_a_settled_entry_is_no_longer_open() -> None:
    history = [entry("CH", MID, passage_id="E1")]
    assert open_entry(history, "CH") is not None
    assert open_entry(history, "CH", settled={"E1"}) is None
    assert check_exit(cpd(), history, territory="CH", on=MID + DAY, settled={"E1"}).reason is R.EXIT_WITHOUT_ENTRY
    assert reasons(check_entry(cpd(), history, territory="CH", on=MID + DAY, settled={"E1"})) == [R.ENTRY_ACCEPTED]


def test_stays_pair_each_exit_with_the_entry_in_its_territory() -> None:
    history = [entry("CH", MID), entry("EU", MID + 2 * DAY), exit_("EU", MID + 4 * DAY), exit_("CH", MID + DAY)]
    paired = stays(history)
    assert [(s.entry.territory, s.exit.on if s.exit else None) for s in paired] == [
        ("CH", MID + DAY), ("EU", MID + 4 * DAY)
    ]


def test_only_an_entry_sets_a_final_date() -> None:
    with pytest.raises(ValueError, match="only an entry"):
        Passage(passage_id="X", kind=PassageKind.EXIT, territory="CH", on=MID, final_date=MID)


@pytest.mark.parametrize(("set_d", "expected"), [
    (None, date(2027, 3, 31)),  # blank: the validity, as extended
    (VALID_UNTIL, date(2027, 3, 31)),  # the validity before the extension: follows it
    (VALID_UNTIL - DAY, VALID_UNTIL - DAY),  # a day before it: stays
])
def test_d_set_to_the_validity_follows_an_extension(set_d: date | None, expected: date) -> None:
    assert final_date_of(entry("CH", MID, set_d), date(2027, 3, 31), VALID_UNTIL) == expected
    # without an extension, D is as set (or the validity)
    assert final_date_of(entry("CH", MID, set_d), VALID_UNTIL) == (set_d or VALID_UNTIL)
