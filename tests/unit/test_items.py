"""Item ranges such as ``1-2,5,7,9-10``, checked against a plain Python set as the model."""

from __future__ import annotations

import itertools
import re
import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carnet_domain.items import ItemRangeError, ItemRanges

MAX_ITEM = 300
CANONICAL = re.compile(r"^(?:[1-9][0-9]*(?:-[1-9][0-9]*)?(?:,[1-9][0-9]*(?:-[1-9][0-9]*)?)*)?$")

item_sets = st.frozensets(st.integers(min_value=1, max_value=MAX_ITEM), max_size=60)


def canonical(items: frozenset[int] | set[int]) -> str:
    """The canonical text of a set, computed independently: sorted maximal runs, ``a-b`` or ``a``."""
    runs: list[list[int]] = []
    for item in sorted(items):
        if runs and item == runs[-1][1] + 1:
            runs[-1][1] = item
        else:
            runs.append([item, item])
    return ",".join(str(lo) if lo == hi else f"{lo}-{hi}" for lo, hi in runs)


@st.composite
def spans(draw: st.DrawFn) -> list[tuple[int, int]]:
    """Arbitrary, possibly overlapping, adjacent or repeated ranges within 1..MAX_ITEM."""
    result = []
    for _ in range(draw(st.integers(min_value=0, max_value=12))):
        lo = draw(st.integers(min_value=1, max_value=MAX_ITEM))
        hi = draw(st.integers(min_value=lo, max_value=min(MAX_ITEM, lo + 40)))
        result.append((lo, hi))
    return result


def text_of(parts: list[tuple[int, int]], separator: str = ",") -> str:
    return separator.join(str(lo) if lo == hi else f"{lo}-{hi}" for lo, hi in parts)


def model_of(parts: list[tuple[int, int]]) -> set[int]:
    return {i for lo, hi in parts for i in range(lo, hi + 1)}


# --- Canonical form ---------------------------------------------------------------------------------------


def test_the_guides_example_normalises() -> None:
    assert ItemRanges.parse("1,3,3,8,4,12").format() == "1,3-4,8,12"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ""),
        ("1-2,5,7,9-10", "1-2,5,7,9-10"),
        ("9-10", "9-10"),
        ("5,4,3,2,1", "1-5"),
        ("1-3,4-6", "1-6"),
        ("1-5,2-3", "1-5"),
        ("7,7,7", "7"),
        ("1 - 3 ; 5", "1-3,5"),
        ("1,\t2", "1-2"),
        ("3-3", "3"),
    ],
)
def test_examples_normalise(text: str, expected: str) -> None:
    assert ItemRanges.parse(text).format() == expected
    assert str(ItemRanges.parse(text)) == expected


@given(spans())
def test_format_of_parse_is_canonical_and_idempotent(parts: list[tuple[int, int]]) -> None:
    once = ItemRanges.parse(text_of(parts)).format()
    assert CANONICAL.match(once)
    assert once == canonical(model_of(parts))
    assert ItemRanges.parse(once).format() == once
    assert ItemRanges.parse(once) == ItemRanges.parse(text_of(parts))


@given(spans())
def test_spans_are_sorted_disjoint_and_not_adjacent(parts: list[tuple[int, int]]) -> None:
    ranges = ItemRanges.parse(text_of(parts))
    for lo, hi in ranges.spans:
        assert 1 <= lo <= hi
    for (_, hi), (lo, _) in itertools.pairwise(ranges.spans):
        assert lo > hi + 1


@given(st.data(), item_sets)
def test_any_permutation_or_duplication_gives_the_same_ranges(data: st.DataObject, items: frozenset[int]) -> None:
    extra = data.draw(st.lists(st.sampled_from(sorted(items)), max_size=30)) if items else []
    shuffled = data.draw(st.permutations([*items, *extra]))
    separator = data.draw(st.sampled_from([",", ";", ", "]))
    ranges = ItemRanges.parse(separator.join(str(i) for i in shuffled))
    assert ranges == ItemRanges.parse(",".join(str(i) for i in sorted(items)))
    assert ranges == ItemRanges.of(items)
    assert ranges.format() == canonical(items)


# --- Agreement with a set model ---------------------------------------------------------------------------


@given(spans())
def test_len_membership_and_iteration_agree_with_a_set(parts: list[tuple[int, int]]) -> None:
    model = model_of(parts)
    ranges = ItemRanges.parse(text_of(parts))
    assert len(ranges) == len(model)
    assert bool(ranges) == bool(model)
    assert list(ranges) == sorted(model)
    assert ranges.max() == max(model, default=0)
    for i in range(0, MAX_ITEM + 2):
        assert (i in ranges) == (i in model)
    assert "1" not in ranges
    assert None not in ranges


@given(spans(), spans())
def test_union_and_difference_agree_with_a_set(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> None:
    ra, rb = ItemRanges.parse(text_of(a)), ItemRanges.parse(text_of(b))
    ma, mb = model_of(a), model_of(b)
    assert set(ra.union(rb)) == ma | mb
    assert ra.union(rb).format() == canonical(ma | mb)
    assert set(ra.difference(rb)) == ma - mb
    assert ra.difference(rb).format() == canonical(ma - mb)
    assert ra.issubset(rb) == (ma <= mb)


@given(st.integers(min_value=0, max_value=MAX_ITEM))
def test_all_covers_exactly_the_general_list(count: int) -> None:
    assert set(ItemRanges.all(count)) == set(range(1, count + 1))
    assert ItemRanges.all(count).format() == ("" if count == 0 else "1" if count == 1 else f"1-{count}")


@given(spans(), st.integers(min_value=1, max_value=MAX_ITEM))
def test_item_count_accepts_exactly_the_items_on_the_list(parts: list[tuple[int, int]], count: int) -> None:
    text = text_of(parts)
    if max(model_of(parts), default=0) <= count:
        assert set(ItemRanges.parse(text, count)) == model_of(parts)
    else:
        with pytest.raises(ItemRangeError) as caught:
            ItemRanges.parse(text, count)
        first_bad = next(f"{lo}-{hi}" if lo != hi else str(lo) for lo, hi in parts if hi > count)
        assert caught.value.part == first_bad


# --- Refusals ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "item_count", "part"),
    [
        ("abc", None, "abc"),
        ("1,x,3", None, "x"),
        ("1,2a", None, "2a"),
        ("3-1", None, "3-1"),
        ("2,10-4", None, "10-4"),
        ("0", None, "0"),
        ("0-4", None, "0-4"),
        ("5", 4, "5"),
        ("1-2,3-5", 4, "3-5"),
        ("1,,2", None, ""),
        ("1,", None, ""),
        (",1", None, ""),
        ("-3", None, "-3"),
        ("1-", None, "1-"),
        ("-", None, "-"),
        ("1-2-3", None, "1-2-3"),
        ("١", None, "١"),
        ("1,٣", None, "٣"),
        ("1-٣", None, "1-٣"),
        ("²", None, "²"),
        ("４", None, "４"),
        ("+3", None, "+3"),
        ("1.5", None, "1.5"),
        ("12345678", None, "12345678"),
    ],
)
def test_every_bad_input_is_refused_naming_the_bad_part(text: str, item_count: int | None, part: str) -> None:
    with pytest.raises(ItemRangeError) as caught:
        ItemRanges.parse(text, item_count)
    assert caught.value.part == part
    assert isinstance(caught.value, ValueError)
    if part:
        assert part in str(caught.value)


def test_a_reversed_range_says_how_to_write_it() -> None:
    with pytest.raises(ItemRangeError, match="write 1-3"):
        ItemRanges.parse("3-1")


def test_beyond_the_item_count_says_how_many_items_there_are() -> None:
    with pytest.raises(ItemRangeError, match="only 4 items"):
        ItemRanges.parse("5", item_count=4)


def test_zero_item_count_refuses_every_item() -> None:
    assert ItemRanges.parse("", 0) == ItemRanges()
    with pytest.raises(ItemRangeError) as caught:
        ItemRanges.parse("1", 0)
    assert caught.value.part == "1"


def test_too_many_parts_are_refused() -> None:
    with pytest.raises(ItemRangeError, match="too many parts"):
        ItemRanges.parse(",".join(["1"] * 10_001))


ARABIC_INDIC = "٠١٢٣٤٥٦٧٨٩"

bad_parts = st.one_of(
    st.text(alphabet=string.ascii_letters, min_size=1, max_size=5),
    st.integers(min_value=1, max_value=50).flatmap(
        lambda lo: st.integers(min_value=lo + 1, max_value=lo + 50).map(lambda hi: f"{hi}-{lo}")
    ),
    st.just("0"),
    st.integers(min_value=1, max_value=50).map(lambda hi: f"0-{hi}"),
    st.integers(min_value=51, max_value=10_000).map(str),
    st.integers(min_value=1, max_value=50).map(lambda n: f"-{n}"),
    st.integers(min_value=1, max_value=50).map(lambda n: f"{n}-"),
    st.just(""),
    st.text(alphabet=ARABIC_INDIC, min_size=1, max_size=3),
)


@given(
    st.lists(st.integers(min_value=1, max_value=50).map(str), min_size=1, max_size=8),
    bad_parts,
    st.data(),
)
def test_one_bad_part_among_good_ones_is_named(good: list[str], bad: str, data: st.DataObject) -> None:
    position = data.draw(st.integers(min_value=0, max_value=len(good)))
    text = ",".join([*good[:position], bad, *good[position:]])
    with pytest.raises(ItemRangeError) as caught:
        ItemRanges.parse(text, item_count=50)
    assert caught.value.part == bad
