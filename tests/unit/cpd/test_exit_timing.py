"""Exit timing against D: timely, the 14 days of art. 20, late; seizures by the authorities add days."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carnet_domain.cpd.convention import Convention
from carnet_domain.cpd.decision import CpdReason, Verdict
from carnet_domain.cpd.exit_timing import GRACE_DAYS, SeizedBy, Seizure, deadline, exit_timing
from tests.unit.cpd.factories import BOTH, DAY

R = CpdReason
D = date(2026, 9, 30)
WHY = "Ferry cancelled by storm; harbour master's notice shown"
RANK = {R.EXIT_TIMELY: 0, R.EXIT_LATE_EXPLAINED: 1, R.EXIT_LATE_UNEXPLAINED: 2, R.EXIT_LATE: 3}


def by_authorities(start: date, end: date | None) -> Seizure:
    return Seizure(seized_by=SeizedBy.AUTHORITIES, seized_on=start, released_on=end, authority="Police, Basel")


def by_private_suit(start: date, end: date | None) -> Seizure:
    return Seizure(seized_by=SeizedBy.PRIVATE_SUIT, seized_on=start, released_on=end)


@pytest.mark.parametrize("convention", BOTH)
@pytest.mark.parametrize(
    ("exit_on", "explanation", "reason", "days_late"),
    [
        (D - DAY, "", R.EXIT_TIMELY, 0),
        (D, "", R.EXIT_TIMELY, 0),
        (D + DAY, "", R.EXIT_LATE_UNEXPLAINED, 1),
        (D + DAY, WHY, R.EXIT_LATE_EXPLAINED, 1),
        (D + 13 * DAY, WHY, R.EXIT_LATE_EXPLAINED, 13),
        (D + 14 * DAY, "", R.EXIT_LATE_UNEXPLAINED, 14),
        (D + 14 * DAY, WHY, R.EXIT_LATE_EXPLAINED, 14),
        (D + 14 * DAY, "   ", R.EXIT_LATE_UNEXPLAINED, 14),
        (D + 15 * DAY, WHY, R.EXIT_LATE, 15),
        (D + 15 * DAY, "", R.EXIT_LATE, 15),
        (D + 100 * DAY, WHY, R.EXIT_LATE, 100),
    ],
)
def test_timely_grace_and_late(
    convention: Convention, exit_on: date, explanation: str, reason: CpdReason, days_late: int
) -> None:
    decision = exit_timing(convention, D, exit_on, explanation=explanation)
    assert decision.reason is reason
    assert decision.figures["days_late"] == days_late
    assert decision.figures["final_date"] == D
    assert decision.figures["extended_final_date"] == D
    assert decision.figures["grace_end"] == D + 14 * DAY
    assert decision.figures["exit_on"] == exit_on


def test_verdicts_and_articles() -> None:
    for convention, year, reexport in ((BOTH[0], "1956", "art. 13.1"), (BOTH[1], "1954", "art. 12.1")):
        timely = exit_timing(convention, D, D)
        assert (timely.verdict, str(timely.citation)) == (Verdict.OK, f"{year} {reexport}")
        explained = exit_timing(convention, D, D + DAY, explanation=WHY)
        assert (explained.verdict, str(explained.citation)) == (Verdict.OK, f"{year} art. 20")
        assert explained.figures["explanation"] == WHY
        assert exit_timing(convention, D, D + DAY).verdict is Verdict.FLAG
        assert exit_timing(convention, D, D + 15 * DAY).verdict is Verdict.FLAG


@pytest.mark.parametrize(("convention", "article"), [(BOTH[0], "1956 art. 14.2"), (BOTH[1], "1954 art. 13.2")])
def test_a_seizure_by_the_authorities_adds_its_days_to_d(convention: Convention, article: str) -> None:
    seizure = [by_authorities(D - 10 * DAY, D - 6 * DAY)]  # five days, both ends counted
    timely = exit_timing(convention, D, D + 5 * DAY, seizures=seizure)
    assert timely.reason is R.EXIT_TIMELY
    assert timely.figures["suspended_days"] == 5
    assert timely.figures["extended_final_date"] == D + 5 * DAY
    assert timely.figures["seizure_article"] == article
    assert exit_timing(convention, D, D + 6 * DAY, seizures=seizure).reason is R.EXIT_LATE_UNEXPLAINED
    assert exit_timing(convention, D, D + 19 * DAY, seizures=seizure, explanation=WHY).reason is (
        R.EXIT_LATE_EXPLAINED
    )
    assert exit_timing(convention, D, D + 20 * DAY, seizures=seizure, explanation=WHY).reason is R.EXIT_LATE


@pytest.mark.parametrize("convention", BOTH)
def test_a_seizure_at_the_suit_of_private_persons_suspends_nothing(convention: Convention) -> None:
    seizure = [by_private_suit(D - 10 * DAY, D - 6 * DAY)]
    decision = exit_timing(convention, D, D + 5 * DAY, seizures=seizure)
    assert decision.reason is R.EXIT_LATE_UNEXPLAINED
    assert decision.figures["suspended_days"] == 0
    assert decision.figures["ignored_seizure_days"] == 5
    assert decision.figures["extended_final_date"] == D


def test_no_seizure_no_seizure_article() -> None:
    assert exit_timing(BOTH[0], D, D).figures["seizure_article"] == ""


def test_a_seizure_starting_on_d_counts_one_starting_after_d_does_not() -> None:
    on_d = deadline(D, [by_authorities(D, D + 2 * DAY)], as_of=D + 30 * DAY)
    assert (on_d.suspended_days, on_d.extended) == (3, D + 3 * DAY)
    after_d = deadline(D, [by_authorities(D + DAY, D + 3 * DAY)], as_of=D + 30 * DAY)
    assert (after_d.suspended_days, after_d.extended) == (0, D)


def test_a_second_seizure_within_the_extended_deadline_adds_again() -> None:
    seizures = [by_authorities(D, D + 2 * DAY), by_authorities(D + 3 * DAY, D + 3 * DAY),
                by_authorities(D + 9 * DAY, D + 9 * DAY)]
    due = deadline(D, seizures, as_of=D + 30 * DAY)
    assert (due.suspended_days, due.extended) == (4, D + 4 * DAY)


def test_overlapping_seizures_count_each_day_once() -> None:
    seizures = [by_authorities(D - 10 * DAY, D - 6 * DAY), by_authorities(D - 8 * DAY, D - 4 * DAY)]
    assert deadline(D, seizures, as_of=D + 30 * DAY).suspended_days == 7


def test_a_seizure_not_yet_released_counts_up_to_the_day_of_the_decision() -> None:
    open_seizure = [by_authorities(D - 2 * DAY, None)]
    assert deadline(D, open_seizure, as_of=D + 10 * DAY).suspended_days == 13
    assert exit_timing(BOTH[1], D, D + 10 * DAY, seizures=open_seizure).reason is R.EXIT_TIMELY
    assert deadline(D, [by_authorities(D + 40 * DAY, None)], as_of=D + 10 * DAY).suspended_days == 0


def test_a_seizure_is_released_after_it_began() -> None:
    with pytest.raises(ValueError, match="released on or after"):
        by_authorities(D, D - DAY)


def test_the_grace_is_fourteen_days() -> None:
    assert GRACE_DAYS == 14


_seizures = st.lists(
    st.builds(
        lambda by, start, length: Seizure(seized_by=by, seized_on=D + timedelta(days=start),
                                          released_on=D + timedelta(days=start + length)),
        st.sampled_from(list(SeizedBy)), st.integers(-60, 30), st.integers(0, 20),
    ),
    max_size=4,
)


@given(
    st.sampled_from(BOTH), st.integers(-30, 90), st.integers(0, 30), st.booleans(), _seizures,
)
def test_exit_timing_never_improves_as_the_exit_comes_later(
    convention: Convention, first: int, gap: int, explained: bool, seizures: list[Seizure]
) -> None:
    why = WHY if explained else ""
    earlier = exit_timing(convention, D, D + timedelta(days=first), explanation=why, seizures=seizures)
    later = exit_timing(convention, D, D + timedelta(days=first + gap), explanation=why, seizures=seizures)
    assert RANK[later.reason] >= RANK[earlier.reason]
    late_then, late_now = earlier.figures["days_late"], later.figures["days_late"]
    assert isinstance(late_then, int) and isinstance(late_now, int)
    assert late_now >= late_then


@given(st.integers(-30, 90), _seizures)
def test_private_seizures_never_move_the_deadline(days: int, seizures: list[Seizure]) -> None:
    authorities = [s for s in seizures if s.seized_by is SeizedBy.AUTHORITIES]
    as_of = D + timedelta(days=days)
    assert deadline(D, seizures, as_of).extended == deadline(D, authorities, as_of).extended
