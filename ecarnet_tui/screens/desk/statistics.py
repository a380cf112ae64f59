"""Statistics (guide lines 2813-2821), for Controllers, Regional managers and Admins: the committed transactions per
month as a chart, and as tables per type, per office and per month, the active holds and the carnets to check
(potential claims) with their value; the tables export as one XLSX workbook. Keyboard only, at 80×24."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from carnet_domain.organisation import Permission
from central_client.errors import CentralError
from central_contract.models import Statistics
from ecarnet_tui.exports.columns import Cell, as_text
from ecarnet_tui.exports.files import export_name, exports_folder, save_export
from ecarnet_tui.exports.statistics import statistics_tables
from ecarnet_tui.exports.tables import Table
from ecarnet_tui.formats import format_count, format_figure
from ecarnet_tui.i18n import _, ngettext
from ecarnet_tui.literal import literal
from ecarnet_tui.screens.common.workstation import TrainingBanner, WorkstationScreen
from ecarnet_tui.screens.desk.logs.exports import unsaved_text
from ecarnet_tui.texts.desk_help import statistics_help
from ecarnet_tui.texts.problems import describe
from ecarnet_tui.widgets.key_bar import KeyBar
from ecarnet_tui.widgets.month_chart import month_chart
from ecarnet_tui.widgets.title_bar import TitleBar
from ecarnet_tui.worker_failures import LOG

if TYPE_CHECKING:
    from ecarnet_tui.services.desk import DeskServices

VIEWS = ("types", "offices", "months", "to_check")
"""The tables, in the order of their keys (F2-F5) and of the workbook's sheets."""
OWN_ACTIONS = frozenset({"view", "export", "reload"})


def shown(value: Cell) -> str:
    """A cell as the screen shows it: counts and amounts with thousands separators."""
    if isinstance(value, bool) or value is None:
        return as_text(value)
    if isinstance(value, int):
        return format_count(value)
    if isinstance(value, Decimal):
        return format_figure(value)
    return as_text(value)


def summary_text(stats: Statistics) -> str:
    """The active holds and the carnets to check, in words."""
    holds = ngettext("{n} active hold", "{n} active holds", stats.holds_active).format(
        n=format_count(stats.holds_active))
    carnets = sum(t.carnets for t in stats.to_check)
    if not carnets:
        return _("{holds} · no carnet to check").format(holds=holds)
    values = ", ".join(f"{format_figure(t.total_value)} {t.currency}" for t in stats.to_check)
    return ngettext("{holds} · {n} carnet to check ({values})", "{holds} · {n} carnets to check ({values})",
                    carnets).format(holds=holds, n=format_count(carnets), values=values)


class StatisticsScreen(WorkstationScreen):
    """The statistics of the account's scope: a chart of the months, a table at a time (F2-F5), F6 the workbook."""

    DEFAULT_CSS = """
    StatisticsScreen #statistics-chart {
        height: 6;
        padding: 0 1;
    }
    StatisticsScreen #statistics-summary {
        padding: 0 1;
    }
    StatisticsScreen #statistics-table {
        height: 1fr;
    }
    """

    BINDINGS = [
        Binding("escape", "back", _("Back"), id="statistics-back"),
        Binding("f2", "view('types')", _("Types"), id="statistics-types", tooltip=_("Per transaction type")),
        Binding("f3", "view('offices')", _("Offices"), id="statistics-offices", tooltip=_("Per customs office")),
        Binding("f4", "view('months')", _("Months"), id="statistics-months", tooltip=_("Per month")),
        Binding("f5", "view('to_check')", _("To check"), id="statistics-to-check",
                tooltip=_("The carnets to check, per currency")),
        Binding("f6", "export", _("XLSX"), id="statistics-xlsx", tooltip=_("Export the tables as XLSX")),
        Binding("ctrl+r", "reload", _("Reload"), id="statistics-reload", show=False, priority=True),
    ]

    def help_text(self) -> tuple[str, list[str]]:
        return statistics_help()

    def __init__(self, desk: DeskServices) -> None:
        super().__init__(desk)
        self.view = "types"
        self.stats: Statistics | None = None
        self.allowed = True

    def compose(self) -> ComposeResult:
        yield TitleBar(self.desk.link, self.desk.sync)
        yield TrainingBanner()
        yield Static("", id="statistics-heading", classes="heading")
        yield Static("", id="statistics-chart")
        yield Static("", id="statistics-summary")
        yield DataTable(id="statistics-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="problem")
        yield KeyBar()

    def on_mount(self) -> None:
        me = self.desk.me
        if me is None or Permission.STATISTICS not in me.permissions:
            self.allowed = False
            self.say(_("The statistics are for Controllers, Regional managers and Admins: this account cannot "
                       "open them."))
            return
        self.action_reload()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.allowed or action not in OWN_ACTIONS

    def action_reload(self) -> None:
        self.say(_("Loading…"), problem=False)
        self.load()

    @work(exclusive=True, group="statistics", exit_on_error=False)
    async def load(self) -> None:
        try:
            self.stats = await self.desk.central.statistics()
        except CentralError as exc:
            self.say(describe(exc))
            return
        stats = self.stats
        chart = month_chart([(m.month, m.total) for m in stats.by_month])
        # Lines of the chart's own making (block characters, Babel's month names): kept as lines, never markup.
        self.query_one("#statistics-chart", Static).update(Text(chart, no_wrap=True, overflow="crop"))
        self.query_one("#statistics-summary", Static).update(literal(summary_text(stats)))
        self.show_view()
        self.say("", problem=False)

    def tables(self) -> list[Table]:
        assert self.stats is not None
        return statistics_tables(self.stats, self.desk.training)

    def show_view(self) -> None:
        if self.stats is None:
            return
        shown_table = self.tables()[VIEWS.index(self.view)]
        scope = _("everywhere") if self.stats.scope == "all" else _("region {region}").format(region=self.stats.scope)
        self.query_one("#statistics-heading", Static).update(literal(
            _("Statistics, {scope} — {table}").format(scope=scope, table=shown_table.title)))
        grid = self.query_one("#statistics-table", DataTable)
        grid.clear(columns=True)
        grid.add_columns(*shown_table.headings)
        for n, row in enumerate(shown_table.rows):
            grid.add_row(*(literal(shown(value)) for value in row), key=str(n))
        grid.focus()

    def action_view(self, view: str) -> None:
        self.view = view
        self.show_view()

    # --- the tables, as one XLSX workbook ---------------------------------------------------------------

    def exports_folder(self) -> Path:
        settings = self.desk.settings
        return exports_folder(settings.receipts_path, settings.exports_path)

    def action_export(self) -> None:
        if self.stats is None:
            self.say(_("Nothing to export yet: the statistics are still loading."))
            return
        training = self.desk.training
        name = export_name("statistics", "xlsx", self.desk.clock(), training=training)
        self.say(_("Exporting…"), problem=False)
        self.write_book(self.tables(), name)

    def tell(self, text: str, *, problem: bool = True) -> None:
        """On the message line; as a notification if the officer has left the statistics meanwhile."""
        if self.is_current:
            self.say(text, problem=problem)
        else:
            self.app.notify(text, severity="error" if problem else "information", markup=False)

    @work(thread=True, exclusive=True, group="statistics-export", exit_on_error=False)
    def write_book(self, tables: list[Table], name: str) -> None:
        try:
            from ecarnet_tui.exports.xlsx import xlsx_book_bytes  # openpyxl loads in this thread, not at start

            path = save_export(xlsx_book_bytes(_("Statistics"), tables), self.exports_folder(), name)
        except OSError as exc:
            self.app.call_from_thread(self.tell, unsaved_text(self.exports_folder(), exc))
            return
        except Exception as exc:  # an export that cannot be made must not leave "Exporting…" on the screen
            LOG.exception("the statistics export failed")
            self.app.call_from_thread(self.tell, _(
                "The statistics could not be exported ({problem}): nothing was saved. Try again; if it fails again, "
                "tell your administrator what this line says.").format(problem=exc))
            return
        self.app.call_from_thread(self.tell, _("Saved {path}.").format(path=path), problem=False)
