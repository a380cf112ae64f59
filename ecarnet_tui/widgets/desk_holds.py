"""The supervisor desk's holds: every carnet on hold at the office or across its region, oldest first, with the
guide's columns (lines 2749-2764) and how long each has been held."""

from __future__ import annotations

from datetime import datetime, timedelta

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from carnet_domain.transaction import Hold
from ecarnet_tui.formats import local_time
from ecarnet_tui.i18n import _
from ecarnet_tui.literal import literal
from ecarnet_tui.texts.holds import hold_details
from ecarnet_tui.texts.labels import type_name


def hold_age(since: datetime, now: datetime) -> str:
    """How long a carnet has been held: ``2 d 3 h``, ``4 h 05 min``, ``12 min``."""
    minutes = max(0, int((now - since) / timedelta(minutes=1)))
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return _("{days} d {hours} h").format(days=days, hours=hours)
    if hours:
        return _("{hours} h {minutes} min").format(hours=hours, minutes=f"{minutes:02d}")
    return _("{minutes} min").format(minutes=minutes)


def draft_text(hold: Hold, *keys: str) -> str:
    """A value the hold's draft keeps (what the officer had typed), or ``""``."""
    value: object = hold.draft
    for key in keys:
        value = value.get(key) if isinstance(value, dict) else None
    return value if isinstance(value, str) else ""


def started(hold: Hold) -> str:
    """When the officer began the transaction that was held (the guide's "Time"), if the workstation said."""
    text = draft_text(hold, "started_at")
    try:
        return local_time(datetime.fromisoformat(text)) if text else ""
    except ValueError:
        return ""


class DeskHolds(Vertical):
    """The holds of the office or of its region, as the supervisor's desk gives them (:meth:`show`)."""

    def __init__(self) -> None:
        super().__init__(id="desk-holds")
        self.holds: list[Hold] = []

    def compose(self) -> ComposeResult:
        yield Static("", classes="heading", id="desk-holds-heading")
        yield DataTable(id="desk-holds-table", cursor_type="row", zebra_stripes=True)
        yield Static("", classes="details", id="desk-holds-details")

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns(
            _("Carnet"), _("Carnet type"), _("Transaction type"), _("Time"), _("Cleared goods"),
            _("Customs territory"), _("Customs office"), _("Customs reference"), _("Held by"), _("Held since"),
            _("Age"), _("Reason for holding"),
        )

    def show(self, holds: list[Hold], heading: str, now: datetime, territory_names: dict[str, str]) -> None:
        """The holds to list (oldest first), under ``heading``; their ages as of ``now``."""
        self.holds = sorted(holds, key=lambda h: h.held_since)
        self.query_one("#desk-holds-heading", Static).update(literal(heading))
        table = self.query_one(DataTable)
        table.clear()
        for hold in self.holds:
            table.add_row(*(literal(cell) for cell in (
                hold.carnet_number, hold.carnet_kind.value, type_name(hold.transaction_type), started(hold),
                draft_text(hold, "ranges", "declared_goods"), territory_names.get(hold.territory, hold.territory),
                hold.office_name, hold.customs_reference, hold.held_by_name, local_time(hold.held_since),
                hold_age(hold.held_since, now), hold.reason,
            )), key=hold.hold_id)
        self.highlighted()

    @on(DataTable.RowHighlighted, "#desk-holds-table")
    def highlighted(self) -> None:
        """The chosen hold whole under the table: the reason column runs off even a wide screen."""
        hold = self.chosen()
        details = self.query_one("#desk-holds-details", Static)
        details.update(literal(hold_details(hold)) if hold is not None else "")
        details.display = hold is not None

    def chosen(self) -> Hold | None:
        table = self.query_one(DataTable)
        if not self.holds or table.cursor_row >= len(self.holds):
            return None
        return self.holds[table.cursor_row]
