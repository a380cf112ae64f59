"""The flow of the desk: which screen comes after which, and where each message from a screen takes the officer.

The five steps — Scan → Check carnet → Check goods | Check vehicle → Commit → Receipt — are a table here; a step
posts :class:`StepScreen.Next` when it is done, and the navigator shows the next one, composed off-stage while the
officer read the current one (:mod:`ecarnet_tui.navigation.preparation`). The desk's lists are places a screen asks
for (:class:`WorkstationScreen.Open`); the navigator builds them with the desk's services. Screens know neither the
app nor each other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.screen import Screen
from textual.timer import Timer

from carnet_domain.organisation import Permission, Role, may, supervises
from ecarnet_tui.i18n import _
from ecarnet_tui.navigation.keys import help_with_keys
from ecarnet_tui.navigation.places import build_place
from ecarnet_tui.navigation.preparation import prepare
from ecarnet_tui.screens.common.places import Place
from ecarnet_tui.screens.common.step import StepScreen
from ecarnet_tui.screens.common.workstation import WorkstationScreen
from ecarnet_tui.screens.dialogs.desk_menu import DeskEntry
from ecarnet_tui.screens.wizard.scan import ScanScreen
from ecarnet_tui.services.draft import Draft
from ecarnet_tui.services.identity import ParkedDraft
from ecarnet_tui.texts.holds import released_text

if TYPE_CHECKING:
    from textual.app import App

    from carnet_domain.transaction import Hold
    from central_contract.models import LookupResponse
    from ecarnet_tui.services.desk import DeskServices

PREPARE_AFTER = 0.2
"""Seconds after a step appears before the next one is composed off-stage (the officer is reading it)."""
PREPARE_STEP2_AFTER = 0.3
"""Seconds after step 1 appears before step 2 is composed (while the officer types the carnet)."""

DESK_ENTRIES: tuple[DeskEntry, ...] = (
    DeskEntry(Place.PREDECLARATIONS, lambda: _("Pre-declarations and pre-notifications"),
              lambda role: may(role, Permission.PROCESS_CARNET)),
    DeskEntry(Place.TRANSITS, lambda: _("Transit monitoring"), lambda role: may(role, Permission.TRANSIT_MONITORING)),
    DeskEntry(Place.VEHICLE_FILE, lambda: _("Vehicle file (CPD): extension, seizure, termination"),
              lambda role: may(role, Permission.PROCESS_CARNET)),
    DeskEntry(Place.SUPERVISOR, lambda: _("Supervisor's desk: holds, queue, shift hand-over"),
              supervises),  # who runs a shift: a controller or higher
    DeskEntry(Place.LOGS, lambda: _("Logs: carnets, reconciliation, exports"),
              lambda role: may(role, Permission.LOGS)),
    DeskEntry(Place.STATISTICS, lambda: _("Statistics: per type, office and month, carnets to check"),
              lambda role: may(role, Permission.STATISTICS)),
    DeskEntry(Place.ACCOUNTS, lambda: _("Accounts: create, change, disable, reset"),
              lambda role: may(role, Permission.CREATE_OFFICER_ACCOUNT)),
    DeskEntry(Place.OFFICES, lambda: _("Customs offices: create, change, deactivate"),
              lambda role: may(role, Permission.CREATE_OFFICE)),
    DeskEntry(Place.REGIONS, lambda: _("Customs regions: create, change, delete"),
              lambda role: may(role, Permission.CREATE_REGION)),
    DeskEntry(Place.WORKSTATIONS, lambda: _("Workstations: register, revoke"),
              lambda role: may(role, Permission.CREATE_OFFICE)),
    DeskEntry(Place.IMPORTS, lambda: _("Bulk creation: regions, offices, accounts from a spreadsheet"),
              lambda role: may(role, Permission.BULK_CREATION)),
    DeskEntry(Place.CLASS, lambda: _("The class: trainees by exercises, controls, report"),
              lambda role: may(role, Permission.CLASSROOM)),  # a trainer's, on a training central only
)
"""Ctrl+D's menu (guide lines 1748-1762): what a role may not open is not offered."""


def entries_for(role: Role) -> list[DeskEntry]:
    return [entry for entry in DESK_ENTRIES if entry.allowed(role)]


def step_after(screen: StepScreen) -> StepScreen | None:
    """The step that follows ``screen`` for its draft (the wizard's table), or ``None`` after the receipt.

    The steps after the scan are imported when first needed, not on the way to the officer's first keystroke.
    """
    draft, desk = screen.draft, screen.desk
    if screen.STEP == 2:
        if draft.is_vehicle:
            from ecarnet_tui.screens.wizard.check_vehicle import CheckVehicleScreen
            return CheckVehicleScreen(draft, desk)
        from ecarnet_tui.screens.wizard.check_goods import CheckGoodsScreen
        return CheckGoodsScreen(draft, desk)
    if screen.STEP == 3:
        from ecarnet_tui.screens.wizard.commit import CommitScreen
        return CommitScreen(draft, desk)
    if screen.STEP == 4:
        from ecarnet_tui.screens.wizard.receipt import ReceiptScreen
        return ReceiptScreen(draft, desk)
    return None


def step2(desk: DeskServices) -> StepScreen:
    """Step 2, without a draft yet (composed ahead while the officer types the carnet at step 1)."""
    from ecarnet_tui.screens.wizard.check_carnet import CheckCarnetScreen
    return CheckCarnetScreen(None, desk)


class Navigator:
    """Takes the officer from screen to screen for one app, over one desk's services."""

    def __init__(self, app: App[Any], desk: DeskServices) -> None:
        self.app = app
        self.desk = desk
        self.scan = ScanScreen(desk)
        """Step 1, the screen every transaction starts from; it stays installed."""
        self._prepared: dict[int, tuple[Screen[Any], Screen[Any]]] = {}
        """Per screen on the stack (by id): the screen composed ahead to follow it."""
        self._timer: Timer | None = None

    def start(self) -> None:
        self.app.install_screen(self.scan, "scan")
        self.app.push_screen("scan")
        self.app.screen_change_signal.subscribe(self.app, self._shown)

    # --- the wizard ----------------------------------------------------------------------------------------

    def begin(self, draft: Draft) -> None:
        """Step 2 of ``draft``: the one composed ahead if there is one, otherwise composed now."""
        ahead = self._take(self.scan)
        screen = ahead if isinstance(ahead, StepScreen) and ahead.STEP == 2 else step2(self.desk)
        screen.load(draft)
        self.app.push_screen(screen)

    def next(self, source: StepScreen) -> None:
        """``source`` is done: its next step, composed ahead while the officer read ``source`` if it could be."""
        screen = self._take(source) or step_after(source)
        if screen is not None:
            self.app.push_screen(screen)

    def finished(self, text: str = "") -> None:
        """Back to step 1, empty, with ``text`` on its status line; inside a guided procedure, back to the
        procedure instead, which takes the next step."""
        from ecarnet_tui.screens.desk.procedure import ProcedureScreen
        while self.app.screen is not self.scan and not isinstance(self.app.screen, ProcedureScreen):
            self.app.pop_screen()
        screen = self.app.screen
        if isinstance(screen, ProcedureScreen):
            if text:
                screen.say(text, problem=False)
            return
        self.scan.start_again(text)

    def resume(self, lookup: LookupResponse, hold: Hold) -> None:
        """Back into the wizard where a released hold stopped, with everything that was typed."""
        self.resume_at(lookup, hold.draft, hold.step, self.desk.office_id, released_text(hold))

    def resume_at(
        self, lookup: LookupResponse, state: dict[str, Any], step: int, office_id: str, announcement: str,
    ) -> None:
        """Back into the wizard at ``step`` of ``lookup``'s transaction, with the draft ``state`` kept when it stopped
        (a released hold, a draft parked at sign-out)."""
        while self.app.screen is not self.scan:
            self.app.pop_screen()
        draft = Draft.start(lookup, office_id, self.desk.clock())
        draft.restore(state)
        steps: list[StepScreen] = [step2(self.desk)]
        steps[0].load(draft)
        while len(steps) < step - 1 and (following := step_after(steps[-1])) is not None:
            steps.append(following)
        steps[-1].announce(announcement)
        for screen in steps:
            self.app.push_screen(screen)

    def park(self, owner: str) -> ParkedDraft | None:
        """The officer leaves the desk in the middle of a transaction: its draft, as typed, is kept for ``owner``
        (offered back to that officer only) and the desk goes back to step 1. A transaction already committed (a
        receipt on screen) leaves nothing to keep."""
        steps = [s for s in self.app.screen_stack if isinstance(s, StepScreen) and s.has_draft]
        parked: ParkedDraft | None = None
        if steps and steps[-1].STEP < 5 and steps[-1].draft.queued is None:
            top = steps[-1]
            parked = ParkedDraft(owner=owner, lookup=top.draft.lookup, state=top.draft.snapshot(), step=top.STEP,
                                 office_id=top.draft.office_id)
            self.desk.parked[owner] = parked
        while len(self.app.screen_stack) > 1 and self.app.screen is not self.scan:
            self.app.pop_screen()
        return parked

    def redo(self, receipt: StepScreen) -> None:
        """The holder cancelled the transaction at step 5: back to step 3 to correct it and commit again."""
        receipt.draft.restart_after_cancellation()
        self.app.pop_screen()  # the receipt
        self.app.pop_screen()  # the commit step: step 3 is on top again
        step3 = self.app.screen
        if isinstance(step3, StepScreen):
            step3.say(_("Transaction cancelled. Correct the declaration and commit again."), problem=False)

    # --- the desk's places -----------------------------------------------------------------------------------

    def open(self, place: Place, subject: object = None) -> None:
        """Take the officer to ``place``; what a role may not open is never offered, and the central refuses it
        anyway."""
        if place is Place.DESK:
            self._desk_menu()
            return
        if place is Place.PROCEDURES:
            from ecarnet_tui.screens.desk.procedure import ProcedurePicker
            self.app.push_screen(ProcedurePicker(), lambda chosen: self.open(Place.PROCEDURE, chosen)
                                 if chosen is not None else None)
            return
        screen = self.screen_for(place, subject)
        if screen is not None:
            self.app.push_screen(screen)

    def exercises(self) -> None:
        """F2 on a training central: the trainee's exercises on top of where they are (Escape comes back there)."""
        from ecarnet_tui.screens.training.exercises import ExercisesScreen

        if not isinstance(self.app.screen, ExercisesScreen):
            self.open(Place.EXERCISES)

    def screen_for(self, place: Place, subject: object = None) -> Screen[Any] | None:
        """The screen of ``place`` about ``subject``; its module is imported the first time it is opened."""
        return build_place(self.desk, place, subject)

    def _desk_menu(self) -> None:
        me = self.desk.me
        if me is None or not self.desk.connected.is_set():
            self.scan.say(_("Waiting for the central…"), problem=False)
            return

        def chosen(place: str | None) -> None:
            if place is not None:
                self.open(Place(place))

        from ecarnet_tui.screens.dialogs.desk_menu import DeskMenu
        self.app.push_screen(DeskMenu(entries_for(me.account.role)), chosen)

    def help(self) -> None:
        """F1: the help of the screen the officer is on (under a dialog, the screen it belongs to)."""
        from ecarnet_tui.screens.dialogs.help import HelpDialog
        from ecarnet_tui.screens.identity.lock import LockScreen
        from ecarnet_tui.texts.identity import lock_help

        if isinstance(self.app.screen, HelpDialog):
            return
        if isinstance(self.app.screen, LockScreen):  # what is under the lock stays hidden
            self.app.push_screen(HelpDialog(*lock_help()))
            return
        screen = next((s for s in reversed(self.app.screen_stack) if isinstance(s, WorkstationScreen)), None)
        if screen is not None:
            title, points = screen.help_text()
            self.app.push_screen(HelpDialog(title, help_with_keys(points, screen, self.desk.settings.keymap)))

    # --- composing ahead -----------------------------------------------------------------------------------

    def _shown(self, screen: Screen[Any]) -> None:
        """A screen is on top: forget what was prepared for screens no longer on the stack, and prepare what
        follows this one once the officer has had a moment to read it."""
        stack = {id(s) for s in self.app.screen_stack}
        for key in [k for k in self._prepared if k not in stack]:
            _source, prepared = self._prepared.pop(key)
            if prepared.is_attached and prepared not in self.app.screen_stack:
                prepared.remove()
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if id(screen) in self._prepared:
            return
        if screen is self.scan:
            self._timer = self.app.set_timer(PREPARE_STEP2_AFTER, lambda: self._prepare_for(screen))
        elif isinstance(screen, StepScreen) and screen.STEP < 5:
            self._timer = self.app.set_timer(PREPARE_AFTER, lambda: self._prepare_for(screen))

    def prepare_step2(self) -> None:
        """Once signed in, step 2 is composed while the officer types the carnet at step 1: a moment after step 1
        is back on top, as when it appears (composing it while the sign-in screen is still being taken away
        leaves the first key typed after the sign-in with no field to go to)."""
        if self.app.screen_stack and self.app.screen is self.scan and id(self.scan) not in self._prepared:
            if self._timer is not None:
                self._timer.stop()
            self._timer = self.app.set_timer(PREPARE_STEP2_AFTER, lambda: self._prepare_for(self.scan))

    def _prepare_for(self, screen: Screen[Any]) -> None:
        self._timer = None
        if not self.app.screen_stack or screen is not self.app.screen or id(screen) in self._prepared:
            return  # the app is closing, or the officer has moved on
        if screen is self.scan:
            if not self.desk.connected.is_set():
                return
            ahead: Screen[Any] | None = step2(self.desk)
        elif isinstance(screen, StepScreen) and screen.has_draft and screen.ready_for_next:
            ahead = step_after(screen)
        else:
            ahead = None
        if ahead is not None:
            self._prepared[id(screen)] = (screen, ahead)
            prepare(self.app, ahead)

    def prepared_for(self, source: Screen[Any]) -> Screen[Any] | None:
        """The screen composed ahead to follow ``source``, if there is one yet."""
        kept = self._prepared.get(id(source))
        return kept[1] if kept is not None else None

    def _take(self, source: Screen[Any]) -> Screen[Any] | None:
        """The screen prepared to follow ``source``, now to be pushed (it is no longer the navigator's to remove)."""
        kept = self._prepared.pop(id(source), None)
        return kept[1] if kept is not None else None
