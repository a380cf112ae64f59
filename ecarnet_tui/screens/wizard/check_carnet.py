"""Step 2: the carnet's data and validity, the general list, the history and Box P (lines 1853-1889)."""

from __future__ import annotations

from datetime import date

from rich.table import Table
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Collapsible, Static

from carnet_domain.carnet import Carnet, CarnetKind, Party
from carnet_domain.refusals import RefusalCode
from carnet_domain.transaction import Hold, Rejection, Transaction
from carnet_domain.transition import PaperPrompt, paper_prompts
from ecarnet_tui.formats import (
    country_list,
    country_name,
    field_lines,
    format_amount,
    format_count,
    format_day,
    local_time,
)
from ecarnet_tui.i18n import _
from ecarnet_tui.literal import literal, literal_lines, printable
from ecarnet_tui.screens.common.step import HOLD, StepScreen
from ecarnet_tui.screens.dialogs.findings import FindingsDialog
from ecarnet_tui.services.draft import VEHICLE_PASSAGE_ONLY
from ecarnet_tui.texts.holds import hold_line
from ecarnet_tui.texts.labels import type_name
from ecarnet_tui.texts.refusals import refusal_text
from ecarnet_tui.texts.vehicle_file import stay_lines, vehicle_rows
from ecarnet_tui.widgets.goods_table import GoodsTable


def party(p: Party) -> str:
    """A party's name, address and country (named in the officer's language)."""
    return ", ".join(part for part in (p.name, p.address, country_name(p.country) if p.country else "") if part)


def carnet_fields(
    carnet: Carnet, territory_names: dict[str, str], replaces_valid_until: date | None = None
) -> list[tuple[str, str]]:
    """The rows of step 2, as the guide lists them, plus what a border post needs to see at once; for a
    replacement, the original's last valid day (``replaces_valid_until``), the deadline of its home steps."""
    rows = [
        (_("Holder"), party(carnet.holder)),
        (_("Representatives"), "; ".join(party(r) for r in carnet.representatives)),
        (_("Carnet ID"), carnet.carnet_id),
        (_("Carnet number"), carnet.number),
        (_("Type"), carnet.kind.value),
        (_("Issued by"), party(carnet.issued_by)),
        (_("Guaranteed by"), party(carnet.guaranteed_by)),
        (_("Issued on"), format_day(carnet.issue_date)),
        (_("Valid until"), format_day(carnet.valid_until)),
        (_("Items"), format_count(carnet.item_count)),
        (_("Total value"), format_amount(carnet.total_value, carnet.currency)),
        (_("Total weight"), carnet.total_weight),
        (_("Intended use"), carnet.intended_use),
    ]
    if carnet.replaces:
        rows.append((_("Replaces carnet"), carnet.replaces))
        if replaces_valid_until is not None:
            rows.append((_("Original valid until"), format_day(replaces_valid_until)))
    if carnet.replaced_by:
        rows.append((_("Replaced by carnet"), carnet.replaced_by))
    if carnet.paper_twin_number:
        rows.append((_("Paper carnet"), carnet.paper_twin_number))
    if carnet.departure_paper_country:
        rows.append((_("Departure"), _("from a paper country: check the paper carnet's validation")))
    rows.append((_("Valid in (Box P)"), country_list(carnet.valid_territories, territory_names)))
    if carnet.excluded_territories:
        rows.append((_("Excluded"), country_list(carnet.excluded_territories, territory_names)))
    return rows


def history_table(history: list[Transaction]) -> Table:
    """The transactions this office may see, oldest first; a plain table drawn once (step 2 only reads it)."""
    table = Table(box=None, padding=(0, 1), pad_edge=False, show_edge=False, header_style="bold")
    for heading, wraps in ((_("Type"), False), (_("Time"), False), (_("Goods"), True), (_("Territory"), False),
                           (_("Office"), True), (_("State"), False)):
        table.add_column(heading, no_wrap=not wraps, overflow="fold")  # goods and office wrap, the rest stay whole
    for tx in history:
        table.add_row(
            literal(type_name(tx.type)), literal(local_time(tx.occurred_at)), literal(tx.goods.declared_goods),
            literal(tx.territory), literal(tx.office_name), literal(_("Committed") if tx.committed else _("Cancelled")),
        )
    return table


def rejection_line(rejection: Rejection) -> str:
    return _("Rejected on {when} at {office}: {reason}").format(
        when=local_time(rejection.rejected_at), office=rejection.office_name, reason=rejection.reason)


def paper_prompt_text(prompt: PaperPrompt, carnet: Carnet) -> str:
    paper = carnet.paper_twin_number or carnet.number
    if prompt is PaperPrompt.STAMP_GREEN_COVER:
        return _("Stamp the green cover of paper carnet {paper}: it activates the carnet for paper "
                 "destinations.").format(paper=paper)
    return _("This carnet was activated on paper in a paper country of departure: check the validation "
             "stamp on paper carnet {paper}.").format(paper=paper)


class CheckCarnetScreen(StepScreen):
    """Check the carnet's data and validity, and the type of transaction."""

    STEP = 2
    AUTO_FOCUS = "#check-carnet"
    """The fields scroll with the arrow keys: the history and Box P are further down."""
    BINDINGS = [
        # Ctrl+O on a carnet held at this office releases the hold (after a confirmation): named for what it does.
        HOLD,
        Binding("ctrl+o", "release", _("Release hold"), id="release-hold", priority=True,
                tooltip=_("Release this office's hold on the carnet and resume where it stopped")),
    ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Ctrl+O is Hold, or Release hold when the carnet is held at this office."""
        if action in ("hold", "release"):
            held = self._draft is not None and self.held_here() is not None
            return held if action == "release" else not held
        return True

    def compose(self) -> ComposeResult:
        """Composed without its draft when the home screen prepares it while the officer types at step 1;
        :meth:`show_draft` fills it in when the lookup answers."""
        yield from self.compose_top()
        with VerticalScroll(id="check-carnet"):
            yield Static("", id="stop")
            yield Static("", classes="hold", id="holds")  # at the top: the reason is read before Ctrl+O releases
            yield Static("", classes="field", id="carnet-fields")
            yield Static("", classes="rejection", id="rejections")
            yield Collapsible(title=_("General list"), collapsed=True, id="general-list")  # its table comes later
            yield Static("", id="history", classes="heading")
            yield Static("", id="history-table")
            yield Static("", id="stays", classes="field")
        yield from self.compose_bottom()

    def on_mount(self) -> None:
        if self._draft is not None:
            self.show_draft()

    def show_draft(self) -> None:
        super().show_draft()
        self.refresh_bindings()  # Hold or Release hold
        draft = self.draft
        rows = carnet_fields(draft.carnet, self.desk.territory_names, draft.lookup.replaces_valid_until)
        if draft.is_vehicle:
            rows += vehicle_rows(draft.carnet, draft.lookup.vehicle_file)
        self.query_one("#carnet-fields", Static).update(field_lines(rows))
        holds, rejections = self.query_one("#holds", Static), self.query_one("#rejections", Static)
        holds.update(literal_lines([hold_line(hold) for hold in draft.lookup.holds], "bold"))
        holds.display = bool(draft.lookup.holds)
        rejections.update(literal_lines([rejection_line(r) for r in draft.lookup.rejections]))
        rejections.display = bool(draft.lookup.rejections)
        self.query_one("#general-list").display = draft.carnet.kind is CarnetKind.ATA
        self.query_one("#history", Static).update(_("History") if draft.lookup.history else _("History (none yet)"))
        self.query_one("#history-table", Static).update(history_table(draft.lookup.history))
        stays = stay_lines(draft.lookup.vehicle_file) if draft.lookup.vehicle_file is not None else []
        self.query_one("#stays", Static).update(literal_lines(stays))
        self.query_one("#stays", Static).display = bool(stays)
        reason = self.stop_reason()
        stop = self.query_one("#stop", Static)
        stop.display = reason is not None
        if reason is not None:
            stop.update(literal(reason, "bold"))
            stop.add_class("problem")

    @on(Collapsible.Expanded, "#general-list")
    def show_general_list(self, event: Collapsible.Expanded) -> None:
        """The general list, made the first time it is opened: most officers never open it at step 2."""
        if self.query("#general-list-table"):
            return
        table = GoodsTable(self.draft.carnet.items, self.draft.carnet.currency, id="general-list-table")
        event.collapsible.query_one(Collapsible.Contents).mount(table)
        table.show(None, self.draft.marks)

    def stop_reason(self) -> str | None:
        """Why this transaction cannot go on from here, in the officer's words."""
        code = self.draft.stop_reason()
        if code is None:
            return None
        if code == VEHICLE_PASSAGE_ONLY:
            return _(
                "This is a vehicle carnet (Carnet de Passages en Douane). Only its Importation (the vehicle's "
                "entry) and Re-exportation (its exit) are processed on this workstation: use the CPD procedure "
                "of your office."
            )
        names = self.desk.territory_names
        if code == "territory_not_covered":
            where = self.draft.lookup.office_territory
            return _("This carnet is not valid in {territory}: its Box P does not cover it, so the holder cannot use "
                     "it at this office. Ctrl+T rejects the declaration with a reason.").format(
                territory=names.get(where, where))
        if code == "not_home_territory":
            home = self.draft.carnet.home_territory
            return _("Only the customs of {home}, the carnet's home territory, record a {type}.").format(
                home=names.get(home, home), type=type_name(self.draft.kind))
        text = refusal_text(code) or printable(code)
        if code == RefusalCode.REPLACEMENT_AFTER_ORIGINAL_EXPIRY and (last := self.draft.replacement_deadline):
            text += " " + _("The original carnet was valid until {date}.").format(date=format_day(last))
        if self.held_here() is not None:
            text += " " + _("Press Ctrl+O to release it and resume where it stopped.")
        return text

    def held_here(self) -> Hold | None:
        """The hold an officer of this office may release (any officer of the holding office, line 2732)."""
        return next((h for h in self.draft.lookup.holds if h.office_id == self.draft.office_id), None)

    def action_release(self) -> None:
        """Ctrl+O on a carnet held at this office: after the officer confirms, release it and resume."""
        hold = self.held_here()
        if hold is not None:
            self.confirm_release(hold)

    def action_hold(self) -> None:
        """Ctrl+O holds the carnet; one held at another office is released only there."""
        if self.draft.lookup.holds:
            self.say(_("Held at {office}: only an officer of that office can release it.").format(
                office=self.draft.lookup.holds[0].office_name))
        else:
            super().action_hold()

    def action_next(self) -> None:
        reason = self.stop_reason()
        if reason is not None:
            self.say(reason)
            return
        prompts = paper_prompts(self.draft.carnet, self.draft.kind)
        if not prompts:
            self.go_on()
            return

        def answered(done: bool | None) -> None:
            if done:
                self.go_on()
            else:
                self.say(_("Do the paper carnet's check first, then Ctrl+N."), problem=False)

        self.app.push_screen(
            FindingsDialog([paper_prompt_text(p, self.draft.carnet) for p in prompts],
                           _("The paper carnet:"), _("Y: done, go on   N: not yet")),
            answered,
        )

    @property
    def ready_for_next(self) -> bool:
        """Step 3 is composed ahead only for a carnet that may go on."""
        return self.stop_reason() is None

    def go_on(self) -> None:
        self.post_message(self.Next(self))
