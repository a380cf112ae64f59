"""Where a table or a key of an exercise file is: the line numbers a trainer's editor shows.

``tomllib`` gives no positions for what it reads, so the source text is scanned for the ``n``-th
``[[exercise]]`` header, the ``m``-th ``[[exercise.expect]]`` under it and the ``key =`` lines inside each table,
skipping the inside of multi-line strings (a brief may well contain a line that looks like a header).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]*?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"""^\s*(?:"([^"]*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*=""")


@dataclass
class Table:
    """One table of the file: the line of its header and of each of its keys (1-based)."""

    line: int
    keys: dict[str, int] = field(default_factory=dict)


@dataclass
class ExerciseLines:
    table: Table
    expects: list[Table] = field(default_factory=list)


@dataclass
class FileLines:
    top: Table
    """The keys before any header, and the first header of each other table (by its first name)."""
    exercises: list[ExerciseLines]


def exercise_lines(text: str) -> FileLines:
    """Each ``[[exercise]]`` of ``text`` in order, with its ``[[exercise.expect]]`` tables."""
    found: list[ExerciseLines] = []
    top = Table(1)
    current: Table | None = top
    for number, line in _code_lines(text):
        header = _HEADER.match(line)
        if header and line.lstrip().startswith("["):
            name, array = header.group(1), line.lstrip().startswith("[[")
            current = None
            if array and name == "exercise":
                current = Table(number)
                found.append(ExerciseLines(current))
            elif array and name == "exercise.expect" and found:
                current = Table(number)
                found[-1].expects.append(current)
            else:
                top.keys.setdefault(name.split(".")[0].strip('"\''), number)
            continue
        key = _KEY.match(line)
        if key and current is not None:
            current.keys.setdefault(next(k for k in key.groups() if k is not None), number)
    return FileLines(top, found)


def _code_lines(text: str) -> list[tuple[int, str]]:
    """The lines of ``text`` (numbered from 1) that do not begin inside a multi-line string."""
    kept: list[tuple[int, str]] = []
    inside: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if inside is None:
            kept.append((number, line))
        for quotes in re.findall(r'"""|\'\'\'', line):
            if inside is None:
                inside = quotes
            elif inside == quotes:
                inside = None
    return kept


def line_of(text: str, position: int) -> int:
    """The line (from 1) of the character or byte at ``position``."""
    return text.count("\n", 0, position) + 1
