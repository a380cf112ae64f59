"""The supervisor desk (issue 7; the guide's controller and manager chapters, lines 2805-2842, 2975-3060): the
holds of the office or its region, the offline queue's refused commits with their decisions, the shift with its
cancellations and rejections, the audit trail per account, and opening and handing over a shift, which saves
a PDF report. For Controllers, Regional managers and Admins; an officer is told it needs a controller."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Input, Static, TabbedContent, TabPane, Tabs

from carnet_domain.organisation import supervises
from central_client.errors import CentralError
from ecarnet_tui.i18n import _
from ecarnet_tui.literal import literal
from ecarnet_tui.screens.common.queue_decisions import QueueDecisions, not_reviewable
from ecarnet_tui.screens.common.workstation import TrainingBanner, WorkstationScreen
from ecarnet_tui.screens.dialogs.ask import AskDialog
from ecarnet_tui.texts.desk_help import supervisor_help
from ecarnet_tui.texts.labels import role_name
from ecarnet_tui.texts.problems import describe
from ecarnet_tui.widgets.desk_audit import DeskAudit
from ecarnet_tui.widgets.desk_holds import DeskHolds
from ecarnet_tui.widgets.desk_queue import DeskQueue
from ecarnet_tui.widgets.desk_shift import DeskShift
from ecarnet_tui.widgets.key_bar import KeyBar
from ecarnet_tui.widgets.title_bar import TitleBar
from offline_queue.items import ItemState, QueuedCommit

if TYPE_CHECKING:
    from carnet_domain.organisation import Office
    from ecarnet_tui.services.desk import DeskServices

HOLDS, QUEUE, SHIFT, AUDIT = "tab-holds", "tab-queue", "tab-shift", "tab-audit"


class SupervisorDeskScreen(WorkstationScreen):
    """The shift supervisor's desk, in four tabs."""

    AUTO_FOCUS = "#desk-holds-table"
    """The holds list takes the arrow keys from the start; Shift+Tab reaches the tab bar."""

    BINDINGS = [
        Binding("escape", "back", _("Back"), id="desk-back"),
        Binding("ctrl+r", "reload", _("Reload"), id="desk-reload", priority=True),
        Binding("ctrl+t", "scope", _("Office/region"), id="desk-scope",
                tooltip=_("Holds of this office or of its whole region")),
        Binding("ctrl+s", "resubmit", _("Resubmit"), id="desk-resubmit", tooltip=_("Correct and send again")),
        Binding("ctrl+o", "hold", _("Hold"), id="desk-hold", priority=True,
                tooltip=_("Put the carnet on hold at the central instead")),
        Binding("ctrl+d", "void", _("Void"), id="desk-void", tooltip=_("Give the commit up, with a reason")),
        Binding("ctrl+b", "open_shift", _("Open shift"), id="desk-open-shift",
                tooltip=_("Open a shift at this office")),
        Binding("ctrl+f", "hand_over", _("Hand over"), id="desk-hand-over",
                tooltip=_("Close the shift and save its report")),
    ]

    def __init__(self, desk: DeskServices) -> None:
        super().__init__(desk)
        self.allowed = False
        self.report_path: Path | None = None
        """Where the last hand-over report was saved."""
        self.region_wide = False
        """Ctrl+T: the holds of every office of the region, not only this one's."""
        self.decisions = QueueDecisions(self, self.say, self.show_queue)

    def compose(self) -> ComposeResult:
        me = self.desk.me
        self.allowed = me is not None and supervises(me.account.role)
        yield TitleBar(self.desk.link, self.desk.sync)
        yield TrainingBanner()
        if not self.allowed:
            yield Static(literal(self.refusal()), classes="problem", id="desk-refused")
        else:
            with TabbedContent(initial=HOLDS, id="desk-tabs"):
                with TabPane(_("Holds"), id=HOLDS):
                    yield DeskHolds()
                with TabPane(_("Offline queue"), id=QUEUE):
                    yield DeskQueue()
                with TabPane(_("Shift"), id=SHIFT):
                    yield DeskShift()
                with TabPane(_("Audit trail"), id=AUDIT):
                    yield DeskAudit()
        yield Static("", id="problem")
        yield KeyBar()

    def help_text(self) -> tuple[str, list[str]]:
        return supervisor_help({HOLDS: "holds", QUEUE: "queue", SHIFT: "shift", AUDIT: "audit"}.get(self.tab, ""))

    def refusal(self) -> str:
        me = self.desk.me
        if me is None:
            return _("The supervisor desk needs a controller: the workstation is not signed in yet.")
        return _("The supervisor desk needs a controller, a regional manager or an admin; {name} is signed in as "
                 "{role}. Ask your controller.").format(name=me.account.display_name, role=role_name(me.account.role))

    def on_mount(self) -> None:
        if self.allowed:
            self.desk.link.subscribe(self, lambda _status: self.show_queue())
            self.action_reload()

    def on_unmount(self) -> None:
        self.desk.link.unsubscribe(self)

    @property
    def tab(self) -> str:
        tabs = self.query(TabbedContent)
        return tabs.first().active if tabs else ""

    def _pane_widget(self) -> Input | DataTable[object] | None:
        """Where the tab in front takes keys: its field (the audit trail's account), else its list."""
        pane = self.query_one(TabbedContent).get_pane(self.tab)
        fields, tables = pane.query(Input), pane.query(DataTable)
        return fields.first() if fields else tables.first() if tables else None

    @on(TabbedContent.TabActivated)
    def tab_changed(self) -> None:
        """The tab's own keys; the focus stays on the tab bar while the arrow keys go from tab to tab, and moves into
        the tab otherwise (a click, a key that opens a tab)."""
        self.refresh_bindings()
        if not isinstance(self.focused, Tabs) and (target := self._pane_widget()) is not None:
            target.focus()

    def on_key(self, event: events.Key) -> None:
        """Typing on the tab bar or on a list goes into the tab's field, when it has one (the audit trail's account);
        Down or Enter on the tab bar goes into the tab."""
        if not self.allowed:
            return
        target = self._pane_widget()
        if target is None:
            return
        if isinstance(self.focused, Tabs) and event.key in ("down", "enter"):
            self.set_focus(target)
            event.stop()
        elif event.is_printable and event.character and not isinstance(self.focused, Input) \
                and isinstance(target, Input):
            self.set_focus(target)  # now, so that the keys after this one go there too
            target.call_later(target.insert_text_at_cursor, event.character)  # after the field takes the focus
            event.stop()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """What a role may not do is not offered; each tab shows its own keys."""
        if action == "back":
            return True
        if not self.allowed:
            return False
        panes = self.query(DeskShift)
        shift = panes.first() if panes else None
        wanted = {"scope": self.tab == HOLDS, "resubmit": self.tab == QUEUE, "hold": self.tab == QUEUE,
                  "void": self.tab == QUEUE, "open_shift": shift is not None and shift.loaded and shift.shift is None,
                  "hand_over": shift is not None and shift.shift is not None}
        return wanted.get(action, True)

    def action_back(self) -> None:
        """Escape in a field leaves the field for the tab's list (nothing typed is lost); from the list it goes back."""
        if isinstance(self.focused, Input) and self.allowed:
            tables = self.query_one(TabbedContent).get_pane(self.tab).query(DataTable)
            if tables:
                tables.first().focus()
                return
        self.dismiss()

    def action_reload(self) -> None:
        self.say(_("Loading…"), problem=False)
        self.show_queue()
        self.load()

    @work(exclusive=True, group="desk", exit_on_error=False)
    async def load(self) -> None:
        await asyncio.gather(self.load_holds(), self.load_shift(), self.load_audit())
        if str(self.query_one("#problem", Static).render()) == _("Loading…"):
            self.say("", problem=False)

    # --- what the tabs show: the screen's workers fetch it, the widgets show it -------------------------------

    def show_queue(self) -> None:
        queue = self.desk.queue
        items = queue.items(ItemState.NEEDS_REVIEW) if queue is not None else []
        self.query_one(DeskQueue).show(items, queue.counts() if queue is not None else None)

    def offices(self) -> list[Office]:
        """The offices whose holds are shown: this one, or every office of its region that the account may see."""
        desk = self.desk
        mine = [desk.office] if desk.office is not None else []
        if not self.region_wide or not mine:
            return mine
        return [o for o in desk.me.offices if o.region_id == mine[0].region_id] if desk.me else mine

    async def load_holds(self) -> None:
        desk, offices = self.desk, self.offices()
        where = ", ".join(o.name for o in offices) or desk.office_id
        heading = _("Carnets on hold in the region ({offices}), oldest first") if self.region_wide else \
            _("Carnets on hold at {offices}, oldest first")
        try:
            if self.region_wide and offices:
                # The central answers for the office the session works at, or for its whole customs territory: the
                # region's holds are the territory's held at one of the region's offices.
                shown = {o.office_id for o in offices}
                holds = [h for h in await desk.central.holds(territory_wide=True) if h.office_id in shown]
            else:
                holds = [h for o in offices for h in await desk.central.holds(o.office_id)]
        except CentralError as exc:
            self.say(describe(exc))
            return
        self.query_one(DeskHolds).show(holds, heading.format(offices=where), desk.clock(), desk.territory_names)

    async def load_shift(self) -> None:
        desk = self.desk
        try:
            shift = await desk.central.current_shift(desk.office_id)
            entries = await desk.central.audit(office_id=desk.office_id, since=shift.opened_at) if shift else []
        except CentralError as exc:
            self.say(describe(exc))
            return
        self.query_one(DeskShift).show(shift, entries)
        self.refresh_bindings()

    async def load_audit(self) -> None:
        account = self.query_one(DeskAudit).account
        try:
            entries = await self.desk.central.audit(account_id=account or None)
        except CentralError as exc:
            self.say(describe(exc))
            return
        self.query_one(DeskAudit).show(entries, account)
        self.say("", problem=False)

    @on(DeskAudit.AccountChosen)
    def account_chosen(self) -> None:
        self.run_worker(self.load_audit(), group="desk-audit", exclusive=True, exit_on_error=False)

    def action_scope(self) -> None:
        self.region_wide = not self.region_wide
        self.run_worker(self.load_holds(), group="desk-holds", exclusive=True, exit_on_error=False)

    @on(DataTable.RowSelected, "#desk-holds-table")
    def hold_chosen(self) -> None:
        """Enter on a hold of this office releases it and resumes the transaction where it stopped."""
        hold = self.query_one(DeskHolds).chosen()
        if hold is None:
            return
        if hold.office_id != self.desk.office_id:
            self.say(_("Held at {office}: only an officer of that office can release it.").format(
                office=hold.office_name))
            return
        self.confirm_release(hold)

    # --- the offline queue's refused commits (shared with the queue screen) --------------------------------

    def _review_item(self) -> QueuedCommit | None:
        item = self.query_one(DeskQueue).chosen()
        if item is None:
            self.say(_("No refused commit is waiting for a decision."), problem=False)
            return None
        if (why := not_reviewable(item)) is not None:
            self.say(why)
            return None
        return item

    def action_resubmit(self) -> None:
        if (item := self._review_item()) is not None:
            self.decisions.resubmit(item)

    def action_hold(self) -> None:
        if (item := self._review_item()) is not None:
            self.decisions.hold(item)

    def action_void(self) -> None:
        if (item := self._review_item()) is not None:
            self.decisions.void(item)

    # --- the shift ---------------------------------------------------------------------------------------------

    def action_open_shift(self) -> None:
        self.say(_("Opening a shift…"), problem=False)
        self.open_shift()

    @work(exclusive=True, group="desk-shift", exit_on_error=False)
    async def open_shift(self) -> None:
        app = self.desk
        try:
            await app.central.open_shift(app.office_id)
        except CentralError as exc:
            self.say(describe(exc))
            return
        await self.load_shift()
        self.say(_("Shift opened at this office."), problem=False)

    def action_hand_over(self) -> None:
        shift = self.query_one(DeskShift).shift
        if shift is None:
            return

        def noted(note: str | None) -> None:
            if note:
                self.say(_("Handing the shift over…"), problem=False)
                self.hand_over(shift.shift_id, note)

        self.app.push_screen(AskDialog(_("A note for whoever takes over the shift:"),
                                          placeholder=_("what the next supervisor should know")), noted)

    @work(exclusive=True, group="desk-shift", exit_on_error=False)
    async def hand_over(self, shift_id: str, note: str) -> None:
        from ecarnet_tui.printing.fonts import FontMissing, find_fonts, font_dirs
        from ecarnet_tui.printing.handover_content import queue_state

        app = self.desk
        try:
            report = await app.central.hand_over(shift_id, note)
        except CentralError as exc:
            self.say(describe(exc))
            return
        self.say(_("Shift handed over; saving its report…"), problem=False)
        await self.load_shift()
        state = queue_state(app.queue)

        def save() -> Path:
            # fpdf2 is loaded here, in a thread: loading it takes a second or more on an old PC, and the desk must
            # keep answering meanwhile.
            from ecarnet_tui.printing.handover_pdf import save_handover

            fonts = find_fonts(font_dirs(app.settings.font_path))
            return save_handover(report, state, app.settings.receipts_path, training=app.training, fonts=fonts)

        try:
            self.report_path = await asyncio.to_thread(save)
        except (FontMissing, OSError) as exc:
            self.say(_("The shift is handed over, but its report could not be saved: {problem}").format(
                problem=exc))
            return
        self.say(_("Shift handed over ({total} transactions). Report saved to {path}.").format(
            total=report.total, path=self.report_path), problem=False)
