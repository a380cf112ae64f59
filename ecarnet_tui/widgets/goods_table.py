"""The general list as a table: the items a range selects, filtered, with their identification marks."""

from __future__ import annotations

from collections.abc import Sequence

from textual.coordinate import Coordinate
from textual.widgets import DataTable

from carnet_domain.carnet import GeneralListItem
from carnet_domain.goods import GoodsTotals, matches, select_items, totals
from carnet_domain.items import ItemRanges
from ecarnet_tui.i18n import _
from ecarnet_tui.literal import literal

MARKS_COLUMN = "marks"


class GoodsTable(DataTable[object]):
    """Item no., pieces, description, origin, value, weight/volume, unit and identification marks."""

    def __init__(self, general_list: Sequence[GeneralListItem], currency: str, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.general_list = general_list
        self.currency = currency
        self._keys: list[int] = []

    def on_mount(self) -> None:
        self.add_column(_("Item"), key="item")
        self.add_column(_("Pieces"), key="pieces")
        self.add_column(_("Description"), key="description")
        self.add_column(_("Origin"), key="origin")
        self.add_column(_("Value ({currency})").format(currency=self.currency), key="value")
        self.add_column(_("Weight/vol."), key="weight")
        self.add_column(_("Unit"), key="unit")
        self.add_column(_("Identification marks"), key=MARKS_COLUMN)

    def show(self, ranges: ItemRanges | None, marks: dict[int, str], needle: str = "") -> GoodsTotals:
        """Show the items of ``ranges`` (all if ``None``) that match ``needle``; return the range's totals."""
        chosen = self.general_list if ranges is None else select_items(self.general_list, ranges)
        visible = [item for item in chosen if matches(item, needle, marks.get(item.item_no, ""))]
        self.clear()
        self.add_rows(

                (
                    literal(item.item_no), literal(item.pieces), literal(item.description),
                    literal(item.origin_country), literal(f"{item.value:,.2f}"),
                    literal("" if item.weight_or_volume is None else item.weight_or_volume), literal(item.unit),
                    literal(marks.get(item.item_no, "")),
                )
                for item in visible

        )
        self._keys = [item.item_no for item in visible]
        return totals(chosen)

    def item_at_cursor(self) -> int | None:
        return self._keys[self.cursor_row] if 0 <= self.cursor_row < len(self._keys) else None

    def set_mark(self, item_no: int, mark: str) -> None:
        if item_no in self._keys:
            self.update_cell_at(Coordinate(self._keys.index(item_no), len(self.columns) - 1), literal(mark))
