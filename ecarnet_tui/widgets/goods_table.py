"""The general list as a virtual table: only the visible rows are drawn, so a 1000-item carnet filters and
scrolls as fast as a 13-item one. Text is placed cell by cell, never parsed as markup."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from carnet_domain.carnet import GeneralListItem
from carnet_domain.goods import GoodsTotals, matches, select_items, totals
from carnet_domain.items import ItemRanges
from ecarnet_tui.formats import format_figure, format_number
from ecarnet_tui.i18n import _
from ecarnet_tui.literal import printable

FIXED = (("item", 5), ("pieces", 6), ("origin", 6), ("value", 12))
WIDE_ONLY = (("weight", 9), ("unit", 5))
"""Weight/volume and unit, often blank on ATA lists, are shown only where there is room (100 columns)."""
MIN_DESCRIPTION, MIN_MARKS, WIDE = 14, 20, 100


@dataclass(frozen=True)
class Columns:
    description: int
    marks: int
    wide: bool

    def cells(self, values: dict[str, str]) -> str:
        widths = dict(FIXED + WIDE_ONLY)
        parts = [
            set_cell_size(printable(values["item"]), widths["item"]),
            set_cell_size(printable(values["pieces"]), widths["pieces"]),
            set_cell_size(printable(values["description"]), self.description),
            set_cell_size(printable(values["origin"]), widths["origin"]),
            set_cell_size(printable(values["value"]).rjust(widths["value"] - 1) + " ", widths["value"]),
        ]
        if self.wide:
            parts += [set_cell_size(printable(values[k]), widths[k]) for k in ("weight", "unit")]
        parts.append(set_cell_size(printable(values["marks"]), self.marks))
        return " ".join(parts)


def columns_for(width: int) -> Columns:
    """Description and identification marks share what the fixed columns leave, marks getting a third."""
    wide = width >= WIDE
    fixed = FIXED + (WIDE_ONLY if wide else ())
    free = width - sum(w for _, w in fixed) - len(fixed) - 2
    marks = max(MIN_MARKS, free // 3)
    return Columns(max(MIN_DESCRIPTION, free - marks), marks, wide)


class GoodsTable(ScrollView, can_focus=True):
    """Item no., pieces, description, origin, value, weight/volume, unit and identification marks.

    Up/Down/PageUp/PageDown move the cursor; Enter (or a click on the cursor row) posts :class:`Selected`.
    """

    BINDINGS = [
        Binding("up", "cursor(-1)", show=False),
        Binding("down", "cursor(1)", show=False),
        Binding("pageup", "page(-1)", show=False),
        Binding("pagedown", "page(1)", show=False),
        Binding("home", "cursor(-1000000)", show=False),
        Binding("end", "cursor(1000000)", show=False),
        Binding("enter", "select", _("Marks"), id="marks", tooltip=_("Type the identification marks")),
    ]
    COMPONENT_CLASSES = {"goods-table--header", "goods-table--cursor", "goods-table--odd"}
    DEFAULT_CSS = """
    GoodsTable {
        height: auto;
        max-height: 12;
        background: $surface;
    }
    GoodsTable > .goods-table--header {
        text-style: bold;
        background: $primary 40%;
    }
    GoodsTable > .goods-table--cursor {
        background: $accent 50%;
    }
    GoodsTable:focus > .goods-table--cursor {
        background: $accent;
    }
    GoodsTable > .goods-table--odd {
        background: $boost;
    }
    """

    cursor_row: reactive[int] = reactive(0)

    class Selected(Message):
        """The officer chose an item (to type its identification marks)."""

        def __init__(self, table: GoodsTable, item_no: int) -> None:
            super().__init__()
            self.table = table
            self.item_no = item_no

        @property
        def control(self) -> GoodsTable:
            return self.table

    def __init__(self, general_list: Sequence[GeneralListItem], currency: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.general_list = general_list
        self.currency = currency
        self.marks: dict[int, str] = {}
        self._keys: list[int] = []
        self._lines: dict[int, str] = {}
        self._columns = columns_for(80)
        self.shown_needle = ""
        """The filter text of what is shown now."""

    @property
    def row_count(self) -> int:
        return len(self._keys)

    def show(self, ranges: ItemRanges | None, marks: dict[int, str], needle: str = "") -> GoodsTotals:
        """Show the items of ``ranges`` (all if ``None``) that match ``needle``; return the range's totals."""
        chosen = self.general_list if ranges is None else select_items(self.general_list, ranges)
        self.marks = marks
        self._keys = [item.item_no for item in chosen if matches(item, needle, marks.get(item.item_no, ""))]
        self._lines.clear()
        self.shown_needle = needle
        self.cursor_row = min(self.cursor_row, max(0, len(self._keys) - 1))
        self.virtual_size = Size(self.size.width, len(self._keys) + 1)
        self.refresh()
        return totals(chosen)

    def item_at_cursor(self) -> int | None:
        return self._keys[self.cursor_row] if 0 <= self.cursor_row < len(self._keys) else None

    def set_mark(self, item_no: int, mark: str) -> None:
        self.marks[item_no] = mark
        self._lines.pop(item_no, None)
        self.refresh()

    def row_text(self, index: int) -> str:
        """The text of row ``index`` as drawn (for tests and screen readers)."""
        return self._line(self._keys[index])

    def _line(self, item_no: int) -> str:
        line = self._lines.get(item_no)
        if line is None:
            item = self.general_list[item_no - 1]
            line = self._columns.cells({
                "item": str(item.item_no), "pieces": str(item.pieces), "description": item.description,
                "origin": item.origin_country, "value": format_figure(item.value, self.currency),
                "weight": "" if item.weight_or_volume is None else format_number(item.weight_or_volume),
                "unit": item.unit, "marks": self.marks.get(item_no, ""),
            })
            self._lines[item_no] = line
        return line

    def _header(self) -> str:
        return self._columns.cells({
            "item": _("Item"), "pieces": _("Pieces"), "description": _("Description"), "origin": _("Origin"),
            "value": _("Value ({currency})").format(currency=self.currency), "weight": _("Weight/vol."),
            "unit": _("Unit"), "marks": _("Identification marks"),
        })

    def on_resize(self, event: events.Resize) -> None:
        columns = columns_for(event.size.width)
        if columns != self._columns:
            self._columns = columns
            self._lines.clear()
        self.virtual_size = Size(event.size.width, len(self._keys) + 1)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if y == 0:
            return self._strip(self._header(), self.get_component_rich_style("goods-table--header"), width)
        index = self.scroll_offset.y + y - 1
        if index >= len(self._keys):
            return Strip.blank(width, self.rich_style)
        style = self.rich_style
        if index == self.cursor_row:
            style += self.get_component_rich_style("goods-table--cursor")
        elif index % 2:
            style += self.get_component_rich_style("goods-table--odd")
        return self._strip(self._line(self._keys[index]), style, width)

    @staticmethod
    def _strip(text: str, style: Style, width: int) -> Strip:
        text = set_cell_size(text, width) if cell_len(text) != width else text
        return Strip([Segment(text, style)], width)

    def watch_cursor_row(self, old: int, new: int) -> None:
        visible = max(1, self.size.height - 1)
        top = self.scroll_offset.y
        if new < top:
            self.scroll_to(y=new, animate=False)
        elif new >= top + visible:
            self.scroll_to(y=new - visible + 1, animate=False)
        self.refresh()

    def action_cursor(self, delta: int) -> None:
        if self._keys:
            self.cursor_row = max(0, min(len(self._keys) - 1, self.cursor_row + delta))

    def action_page(self, direction: int) -> None:
        self.action_cursor(direction * max(1, self.size.height - 2))

    def action_select(self) -> None:
        item_no = self.item_at_cursor()
        if item_no is not None:
            self.post_message(self.Selected(self, item_no))

    def on_click(self, event: events.Click) -> None:
        index = self.scroll_offset.y + event.y - 1
        if 0 <= index < len(self._keys):
            if index == self.cursor_row:
                self.action_select()
            self.cursor_row = index
