"""Showing text from a holder, a QR or the central exactly as it is: never as markup or control codes."""

from __future__ import annotations

import unicodedata

from rich.text import Text


def printable(value: str) -> str:
    """``value`` with every control character replaced by a visible escape such as ``\\x1b``."""
    return "".join(
        char if char == " " or unicodedata.category(char)[0] != "C" else repr(char)[1:-1] for char in value
    )


def literal(value: object, style: str = "") -> Text:
    """A Rich ``Text`` that shows ``value`` literally: brackets stay brackets, escapes stay visible."""
    return Text(printable(str(value)), style=style)


def literal_lines(lines: list[str], style: str = "") -> Text:
    """Several lines of outside text, each shown literally, one below the other."""
    return Text("\n").join(literal(line, style) for line in lines)
