"""Committed transactions per month as columns of Unicode block characters, read at a glance in a terminal: one
column a month, the oldest on the left, each month's short name under it in the officer's language."""

from __future__ import annotations

from ecarnet_tui.formats import format_count, format_month
from ecarnet_tui.i18n import _

BLOCKS = " ▁▂▃▄▅▆▇█"
"""A cell filled by eighths, from empty to full."""
ROWS = 4
"""How many lines the columns are high."""


def month_chart(months: list[tuple[str, int]], width: int = 6) -> str:
    """The chart of ``months`` (``YYYY-MM``, count), ``width`` characters a month: a title naming the busiest month,
    the columns, and the months' names."""
    if not months:
        return ""
    most = max(count for _month, count in months)
    if most == 0:
        title = _("Committed transactions per month: none in these months.")
    else:
        busiest = next(month for month, count in months if count == most)
        title = _("Committed transactions per month (most: {count} in {month})").format(
            count=format_count(most), month=format_month(busiest))
    bar = max(1, width - 2)
    eighths = [0 if most == 0 else max(1 if count else 0, round(count * ROWS * 8 / most)) for _m, count in months]
    lines = [title]
    for row in reversed(range(ROWS)):
        cells = (BLOCKS[min(8, max(0, filled - row * 8))] * bar for filled in eighths)
        lines.append("".join(cell.ljust(width) for cell in cells).rstrip())
    lines.append("".join(format_month(month, short=True)[: width - 1].ljust(width) for month, _c in months).rstrip())
    return "\n".join(lines)
