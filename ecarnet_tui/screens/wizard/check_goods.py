"""Step 3: the goods declared, their identification marks, and the holder's prefilled fields.

What the screen shows comes from the domain's per-type field table (:data:`TYPE_SPECS`).
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Input, Static

from carnet_domain.goods import GoodsTotals, select_items, totals
from carnet_domain.transaction_types import TxField
from ecarnet_tui.formats import format_amount, format_count
from ecarnet_tui.i18n import _, ngettext
from ecarnet_tui.literal import literal
from ecarnet_tui.screens.common.step import StepScreen
from ecarnet_tui.screens.dialogs.mark import MarkDialog
from ecarnet_tui.services.draft import HOLDER_FIELDS
from ecarnet_tui.services.entry_error import EntryError
from ecarnet_tui.texts.fields import field_label
from ecarnet_tui.texts.problems import entry_problem
from ecarnet_tui.widgets.form import FormRow
from ecarnet_tui.widgets.goods_table import GoodsTable


def totals_line(label: str, found: GoodsTotals, currency: str) -> str:
    """``Declared: 4 items, 5 pieces, CHF 204,000.00`` (an empty label gives the figures alone)."""
    items = ngettext("{n} item", "{n} items", found.items).format(n=format_count(found.items))
    pieces = ngettext("{n} piece", "{n} pieces", found.pieces).format(n=format_count(found.pieces))
    figures = _("{items}, {pieces}, {amount}").format(items=items, pieces=pieces,
                                                      amount=format_amount(found.value, currency))
    return _("{label}: {figures}").format(label=label, figures=figures) if label else figures


class CheckGoodsScreen(StepScreen):
    """Check the goods and put identification marks if required."""

    STEP = 3
    BINDINGS = [
        *StepScreen.BINDINGS,
        # priority: the range inputs have the focus, and a plain Input binds ctrl+u to "delete to the left"
        Binding("ctrl+u", "update", _("Update"), id="update", tooltip=_("Apply the item ranges typed"),
                priority=True),
        Binding("ctrl+f", "filter", _("Filter"), id="filter", tooltip=_("Find items by number, text or marks")),
    ]

    def compose(self) -> ComposeResult:
        yield from self.compose_top()
        draft = self.draft
        spec = draft.spec
        with VerticalScroll(id="check-goods"):
            yield FormRow(field_label(TxField.DECLARED_GOODS), TxField.DECLARED_GOODS.value,
                          draft.ranges.get(TxField.DECLARED_GOODS, ""), placeholder="1-2,5,7,9-10")
            yield FormRow(_("Filter the list"), "filter", placeholder=_("item number, description or marks"))
            yield GoodsTable(draft.carnet.items, draft.carnet.currency, id="goods")
            yield Static("", id="declared-totals", classes="totals")
            for which in (TxField.DIVERTED_GOODS, TxField.PROCESSED_ABROAD):
                if which in spec.step3:
                    yield FormRow(field_label(which), which.value, draft.ranges.get(which, ""))
                    yield Static("", id=f"{which.value}-totals", classes="totals row-totals")
            for which in HOLDER_FIELDS:
                if which in spec.step3:
                    yield FormRow(field_label(which), which.value, draft.text.get(which, ""), max_length=500)
        yield from self.compose_bottom()

    def on_mount(self) -> None:
        if not self.draft.spec.declared_editable:
            self.query_one(f"#{TxField.DECLARED_GOODS.value}", Input).disabled = True
        self.action_update()

    @on(Input.Changed)
    def keep_typing(self, event: Input.Changed) -> None:
        """Everything typed goes into the draft at once, so nothing is lost going back and forth."""
        key = event.input.id or ""
        try:
            which = TxField(key)
        except ValueError:
            return
        if which in HOLDER_FIELDS:
            self.draft.text[which] = event.value
        else:
            self.draft.ranges[which] = event.value

    @on(Input.Changed, "#filter")
    def refilter(self, event: Input.Changed) -> None:
        self._show_declared(event.value)

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        if event.input.id in (TxField.DECLARED_GOODS.value, TxField.DIVERTED_GOODS.value,
                              TxField.PROCESSED_ABROAD.value):
            self.action_update()
        elif event.input.id == "filter":
            self.query_one("#goods", GoodsTable).focus()
        else:
            self.action_next()

    def _show_declared(self, needle: str) -> bool:
        draft = self.draft
        table = self.query_one("#goods", GoodsTable)
        try:
            declared = draft.range_of(TxField.DECLARED_GOODS)
        except EntryError as exc:
            self.say(entry_problem(exc))
            return False
        found = table.show(declared, draft.marks, needle)
        self.query_one("#declared-totals", Static).update(
            literal(totals_line(_("Declared"), found, draft.carnet.currency))
        )
        return True

    def action_update(self) -> None:
        """Apply the ranges typed: the table and every total follow."""
        self.say("")
        if not self._show_declared(self.query_one("#filter", Input).value):
            return
        for which in (TxField.DIVERTED_GOODS, TxField.PROCESSED_ABROAD):
            if which not in self.draft.spec.step3:
                continue
            try:
                items = select_items(self.draft.carnet.items, self.draft.range_of(which))
            except EntryError as exc:
                self.say(entry_problem(exc))
                return
            self.query_one(f"#{which.value}-totals", Static).update(
                literal(totals_line("", totals(items), self.draft.carnet.currency))
            )

    def action_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    @on(GoodsTable.Selected, "#goods")
    def edit_mark(self, event: GoodsTable.Selected) -> None:
        table = event.table
        item_no = event.item_no
        item = self.draft.carnet.items[item_no - 1]

        def keep(mark: str | None) -> None:
            if mark is not None:
                self.draft.marks[item_no] = mark
                table.set_mark(item_no, mark)

        self.app.push_screen(MarkDialog(item_no, item.description, self.draft.marks.get(item_no, "")), keep)


    def action_next(self) -> None:
        try:
            self.draft.check_goods()
        except EntryError as exc:
            self.say(entry_problem(exc))
            self.query_one(f"#{exc.field.value}", Input).focus()
            return
        self.post_message(self.Next(self))
