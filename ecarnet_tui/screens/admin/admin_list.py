"""What the administration lists share: a search line over a table of what the central keeps (accounts, offices),
the line under it that shows the chosen row whole, and the actions that ask the central and load the list again
with what it answered. The central decides who may do what; these screens say what it answered."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Generic, TypeVar

from pydantic import BaseModel
from textual import on, work
from textual.app import ComposeResult
from textual.widgets import DataTable, Input, Static

from carnet_domain.organisation import Office, Role
from central_client.errors import CentralError
from ecarnet_tui.i18n import _
from ecarnet_tui.literal import literal
from ecarnet_tui.screens.common.table import TableScreen
from ecarnet_tui.screens.common.workstation import TrainingBanner
from ecarnet_tui.screens.dialogs.confirm import ConfirmDialog
from ecarnet_tui.texts.problems import describe
from ecarnet_tui.widgets.key_bar import KeyBar
from ecarnet_tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from ecarnet_tui.services.desk import DeskServices

Item = TypeVar("Item", bound=BaseModel)
Answer = TypeVar("Answer")


class AdminListScreen(TableScreen, Generic[Item]):
    """A searchable list of ``Item``; subclasses say how to fetch, key, show and match one."""

    DETAILS = True
    WIDTHS: tuple[int, ...] = ()
    """Each column's width: the columns fit 80 terminal columns, the line under the table shows the row whole."""

    def __init__(self, desk: DeskServices) -> None:
        super().__init__(desk)
        self.items: list[Item] = []
        self.typed: dict[str, str] = {}
        """What was typed in the last form, kept when the central refused it or the officer went back."""

    # --- what a subclass says -------------------------------------------------------------------------------------

    async def fetch(self) -> list[Item]:
        raise NotImplementedError

    def key(self, item: Item) -> str:
        raise NotImplementedError

    def row(self, item: Item) -> tuple[str, ...]:
        raise NotImplementedError

    def details(self, item: Item) -> str:
        raise NotImplementedError

    def matches(self, item: Item, search: str) -> bool:
        raise NotImplementedError

    def nothing_matches(self) -> str:
        return _("Nothing matches the search.")

    def nothing_chosen(self) -> str:
        return _("Nothing is chosen: search for it, then pick it in the table.")

    # --- the list -------------------------------------------------------------------------------------------------

    @property
    def search(self) -> Input:
        return self.query_one(f"#{self.TABLE_ID}-search", Input)

    @property
    def role(self) -> Role:
        me = self.desk.me
        return me.account.role if me is not None else Role.OFFICER

    def offices(self) -> list[Office]:
        """The offices the signed-in account may name (its region's, or all for an Admin)."""
        me = self.desk.me
        return list(me.offices) if me is not None else []

    def compose(self) -> ComposeResult:
        yield TitleBar(self.desk.link, self.desk.sync)
        yield TrainingBanner()
        yield Static(self.heading(), classes="heading", id=f"{self.TABLE_ID}-heading")
        yield Input(id=f"{self.TABLE_ID}-search", placeholder=_("search: type any words of a row…"), max_length=100)
        yield DataTable(id=self.TABLE_ID, cursor_type="row", zebra_stripes=True)
        yield Static("", id=f"{self.TABLE_ID}-details", classes="details")
        yield Static("", id="problem")
        yield KeyBar()

    def on_mount(self) -> None:
        for label, width in zip(self.columns(), self.WIDTHS, strict=True):
            self.table.add_column(label, width=width)
        self.search.focus()
        self.action_reload()

    @work(exclusive=True, group="admin-list", exit_on_error=False)
    async def load(self, then: str = "") -> None:
        try:
            self.items = await self.fetch()
        except CentralError as exc:
            self.say(describe(exc))
            return
        self.show(self.search.value)
        self.say(then, problem=False)

    def show(self, search: str) -> None:
        table = self.table
        table.clear()
        shown = [item for item in self.items if self.matches(item, search)]
        for item in shown:
            table.add_row(*(literal(cell) for cell in self.row(item)), key=self.key(item))
        self.show_details(self.details(shown[0]) if shown else self.nothing_matches())

    @on(Input.Changed)
    def searched(self, event: Input.Changed) -> None:
        if event.input is self.search:
            self.show(event.value)

    @on(Input.Submitted)
    def to_the_table(self, event: Input.Submitted) -> None:
        if event.input is self.search:
            self.table.focus()

    @on(DataTable.RowHighlighted)
    def highlighted(self, event: DataTable.RowHighlighted) -> None:
        item = self._item(event.row_key.value)
        self.show_details(self.details(item) if item is not None else "")

    def _item(self, key: str | None) -> Item | None:
        return next((item for item in self.items if self.key(item) == key), None)

    def chosen(self) -> Item | None:
        """The row under the table's cursor; says so when there is none."""
        table = self.table
        if table.row_count == 0:
            self.say(self.nothing_chosen())
            return None
        return self._item(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    # --- asking the central ---------------------------------------------------------------------------------------

    def confirm_then_run(
        self, question: str, lines: list[str], answer: str, call: Callable[[], Awaitable[Answer]], done: str, *,
        after: Callable[[Answer], None] | None = None,
    ) -> None:
        """Ask ``question`` (Y or N, with ``lines`` shown literally); on Y, :meth:`run` what ``call`` makes."""
        def answered(yes: bool | None) -> None:
            if yes:
                self.run(call(), done, after=after)

        self.app.push_screen(ConfirmDialog(question, lines, answer), answered)

    def run(
        self, call: Awaitable[Answer], done: str, *, then_show: str | None = None,
        after: Callable[[Answer], None] | None = None,
    ) -> None:
        """Ask the central ``call``; then the list again with ``done`` said, the search set to ``then_show`` and
        ``after`` given the answer. A refusal is said, and what was typed is kept."""
        self.say(_("Asking the central…"), problem=False)
        self.ask(call, done, then_show, after)

    @work(exclusive=True, group="admin-change", exit_on_error=False)
    async def ask(
        self, call: Awaitable[Answer], done: str, then_show: str | None, after: Callable[[Answer], None] | None,
    ) -> None:
        try:
            answer = await call
        except CentralError as exc:
            self.say(describe(exc))
            return
        self.typed = {}
        if then_show is not None:
            self.search.value = then_show
        self.table.focus()  # the next key acts on the row just changed, not on the search line
        self.load(done)
        if after is not None:
            after(answer)
