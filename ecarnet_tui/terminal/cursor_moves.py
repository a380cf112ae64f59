"""The shortest sequence that moves a terminal's cursor from one cell to another (columns and rows count from 0)."""

from __future__ import annotations

Position = tuple[int, int]


def cursor_move(current: Position | None, target: Position) -> str:
    """``current`` is None when the cursor's place is not known (then only an absolute move will do)."""
    if current == target:
        return ""
    x, y = target
    options = [_absolute(x, y)]
    if current is not None:
        cx, cy = current
        if cy == y:
            options.append(f"\x1b[{x + 1}G" if x else "\r")
            if x > cx:
                options.append(_repeat("C", x - cx))
            else:
                options.append("\b" * (cx - x) if cx - x <= 2 else _repeat("D", cx - x))
        elif cx == x:
            options.append(_repeat("B", y - cy) if y > cy else _repeat("A", cy - y))
    return min(options, key=len)


def _absolute(x: int, y: int) -> str:
    if x == 0:
        return "\x1b[H" if y == 0 else f"\x1b[{y + 1}H"
    return f"\x1b[{y + 1};{x + 1}H"


def _repeat(final: str, count: int) -> str:
    return f"\x1b[{final}" if count == 1 else f"\x1b[{count}{final}"
