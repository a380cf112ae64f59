"""The general list as steps 3 to 5 show it: the items a range selects, a filter, and the totals."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from carnet_domain.carnet import GeneralListItem
from carnet_domain.items import ItemRanges


@dataclass(frozen=True, slots=True)
class GoodsTotals:
    items: int
    pieces: int
    value: Decimal


def select_items(general_list: Sequence[GeneralListItem], ranges: ItemRanges) -> list[GeneralListItem]:
    """The items of ``ranges``, in item order (items are numbered 1..n, so this is direct indexing)."""
    count = len(general_list)
    return [general_list[n - 1] for n in ranges if n <= count]


def totals(items: Iterable[GeneralListItem]) -> GoodsTotals:
    count = pieces = 0
    value = Decimal("0.00")
    for item in items:
        count += 1
        pieces += item.pieces
        value += item.value
    return GoodsTotals(count, pieces, value)


def matches(item: GeneralListItem, needle: str, marks: str = "") -> bool:
    """Whether a filter text finds the item: its number, description, origin or identification marks."""
    text = needle.strip().casefold()
    if not text:
        return True
    if text.isdigit():
        return str(item.item_no).startswith(text) or text in item.description.casefold()
    haystack = f"{item.description}\n{item.origin_country}\n{item.identification_marks}\n{marks}".casefold()
    return text in haystack
