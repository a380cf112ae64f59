"""A terminal's pen: the graphic rendition (SGR) a cell is drawn with. Read from the codes a program writes, and
written back with the fewest codes that take the terminal from one pen to the next."""

from __future__ import annotations

from typing import NamedTuple


class Pen(NamedTuple):
    """Attributes (SGR codes such as "1" bold or "7" reverse), foreground and background ("" is the terminal's
    default colour, else the code that sets it: "31", "97", "38;5;208", "48;2;0;0;128"...)."""

    attributes: frozenset[str] = frozenset()
    foreground: str = ""
    background: str = ""


DEFAULT_PEN = Pen()

_OFF: dict[str, frozenset[str]] = {
    "22": frozenset({"1", "2"}), "23": frozenset({"3"}), "24": frozenset({"4", "21"}), "25": frozenset({"5", "6"}),
    "27": frozenset({"7"}), "28": frozenset({"8"}), "29": frozenset({"9"}), "54": frozenset({"51", "52"}),
    "55": frozenset({"53"}),
}
"""Each code that turns attributes off, and the attributes it turns off."""
_OFF_CODE = {attribute: code for code, attributes in _OFF.items() for attribute in attributes}


def _colour_kind(code: int) -> str:
    if 30 <= code <= 37 or 90 <= code <= 97:
        return "fg"
    if 40 <= code <= 47 or 100 <= code <= 107:
        return "bg"
    return ""


def apply_sgr(pen: Pen, parameters: str) -> Pen:
    """The pen after ``ESC [ parameters m``."""
    codes = parameters.split(";") if parameters else ["0"]
    attributes = set(pen.attributes)
    foreground, background = pen.foreground, pen.background
    index = 0
    while index < len(codes):
        token = codes[index]
        index += 1
        code = int(token) if token.isdigit() else -1
        if code == 0 or token == "":
            attributes.clear()
            foreground = background = ""
        elif code in (38, 48):
            width = {"5": 2, "2": 4}.get(codes[index] if index < len(codes) else "", 0)
            colour = ";".join([str(code), *codes[index:index + width]])
            index += width
            if code == 38:
                foreground = colour
            else:
                background = colour
        elif code == 39:
            foreground = ""
        elif code == 49:
            background = ""
        elif _colour_kind(code) == "fg":
            foreground = str(code)
        elif _colour_kind(code) == "bg":
            background = str(code)
        elif str(code) in _OFF:
            attributes -= _OFF[str(code)]
        else:
            attributes.add(str(code) if code >= 0 else token)
    return Pen(frozenset(attributes), foreground, background)


def pen_change(current: Pen, target: Pen) -> str:
    """The shortest SGR sequence that takes the terminal from ``current`` to ``target`` ("" when they are equal)."""
    if current == target:
        return ""
    full = ["0", *sorted(target.attributes)] + [colour for colour in (target.foreground, target.background) if colour]
    step = _step_codes(current, target)
    codes = step if step is not None and len(";".join(step)) <= len(";".join(full)) else full
    return "\x1b[" + ";".join(codes) + "m"


def _step_codes(current: Pen, target: Pen) -> list[str] | None:
    codes: list[str] = []
    attributes = set(current.attributes)
    for attribute in sorted(current.attributes - target.attributes):
        off = _OFF_CODE.get(attribute)
        if off is None:
            return None
        if off not in codes:
            codes.append(off)
            attributes -= _OFF[off]
    codes.extend(sorted(target.attributes - attributes))
    if target.foreground != current.foreground:
        codes.append(target.foreground or "39")
    if target.background != current.background:
        codes.append(target.background or "49")
    return codes
