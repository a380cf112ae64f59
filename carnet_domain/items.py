"""Item ranges such as ``1-2,5,7,9-10``: parse, normalise and format.

The guide itself shows declarations written as ``1,3,3,8,4,12``; parsing accepts any order, duplicates
and overlaps and normalises them into sorted, merged ranges.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

MAX_PARTS = 10_000


class ItemRangeError(ValueError):
    """A range text that cannot be read; ``part`` names the offending piece and ``reason`` says why, as one
    of ``empty``, ``too_many``, ``reversed``, ``zero``, ``beyond`` or ``not_a_number`` (for translations)."""

    def __init__(self, message: str, part: str, reason: str = "not_a_number", limit: int = 0) -> None:
        super().__init__(message)
        self.part = part
        self.reason = reason
        self.limit = limit


@dataclass(frozen=True, slots=True)
class ItemRanges:
    """A normalised set of item numbers, kept as sorted, disjoint, non-adjacent ranges."""

    spans: tuple[tuple[int, int], ...] = ()

    @classmethod
    def parse(cls, text: str, item_count: int | None = None) -> ItemRanges:
        """Read ``text``; with ``item_count`` refuse items beyond the carnet's general list.

        Empty text is the empty set. Spaces are ignored; ``;`` is accepted as a separator.
        """
        cleaned = text.replace(" ", "").replace("\t", "").replace(";", ",")
        if not cleaned:
            return cls()
        parts = cleaned.split(",")
        if len(parts) > MAX_PARTS:
            raise ItemRangeError(f"too many parts (more than {MAX_PARTS})", cleaned[:20], "too_many", MAX_PARTS)
        spans: list[tuple[int, int]] = []
        for part in parts:
            spans.append(_parse_part(part, item_count))
        return cls.from_spans(spans)

    @classmethod
    def from_spans(cls, spans: Iterable[tuple[int, int]]) -> ItemRanges:
        merged: list[tuple[int, int]] = []
        for lo, hi in sorted(spans):
            if merged and lo <= merged[-1][1] + 1:
                merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
            else:
                merged.append((lo, hi))
        return cls(tuple(merged))

    @classmethod
    def of(cls, items: Iterable[int]) -> ItemRanges:
        return cls.from_spans((i, i) for i in items)

    @classmethod
    def all(cls, item_count: int) -> ItemRanges:
        return cls(((1, item_count),)) if item_count > 0 else cls()

    def format(self) -> str:
        return ",".join(str(lo) if lo == hi else f"{lo}-{hi}" for lo, hi in self.spans)

    def __str__(self) -> str:
        return self.format()

    def __iter__(self) -> Iterator[int]:
        for lo, hi in self.spans:
            yield from range(lo, hi + 1)

    def __len__(self) -> int:
        return sum(hi - lo + 1 for lo, hi in self.spans)

    def __bool__(self) -> bool:
        return bool(self.spans)

    def __contains__(self, item: object) -> bool:
        return isinstance(item, int) and any(lo <= item <= hi for lo, hi in self.spans)

    def union(self, other: ItemRanges) -> ItemRanges:
        return ItemRanges.from_spans(self.spans + other.spans)

    def difference(self, other: ItemRanges) -> ItemRanges:
        return ItemRanges.of(i for i in self if i not in other)

    def issubset(self, other: ItemRanges) -> bool:
        return all(i in other for i in self)

    def max(self) -> int:
        return self.spans[-1][1] if self.spans else 0


def _parse_part(part: str, item_count: int | None) -> tuple[int, int]:
    if not part:
        raise ItemRangeError("an empty part (two commas in a row, or a comma at an end)", part, "empty")
    if "-" in part:
        lo_text, _, hi_text = part.partition("-")
        lo, hi = _number(lo_text, part), _number(hi_text, part)
        if lo > hi:
            raise ItemRangeError(f"'{part}' is reversed: write {hi}-{lo}", part, "reversed")
    else:
        lo = hi = _number(part, part)
    if lo == 0:
        raise ItemRangeError(f"'{part}': items are numbered from 1", part, "zero")
    if item_count is not None and hi > item_count:
        raise ItemRangeError(f"'{part}': the carnet lists only {item_count} items", part, "beyond", item_count)
    return lo, hi


def _number(text: str, part: str) -> int:
    if not text.isascii() or not text.isdigit() or len(text) > 7:
        raise ItemRangeError(f"'{part}' is not an item number or a range like 3-7", part)
    return int(text)
