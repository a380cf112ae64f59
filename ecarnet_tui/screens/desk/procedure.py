"""Guided procedures (lines 2788-2803): each is a sequence of ordinary transactions that the screen walks
the officer through, checking that each declaration fits the step before opening the wizard on it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from carnet_domain.carnet import Carnet
from carnet_domain.procedures import STEPS, CarnetRole, Procedure, StepProblem, step_problem
from carnet_domain.transaction import Transaction
from carnet_domain.transaction_types import TxField
from central_client.errors import CentralError
from ecarnet_tui.i18n import _
from ecarnet_tui.literal import literal, printable
from ecarnet_tui.screens.common.workstation import TrainingBanner, WorkstationScreen
from ecarnet_tui.screens.dialogs.dialog import Dialog
from ecarnet_tui.services.draft import Draft
from ecarnet_tui.texts.desk_help import procedure_help
from ecarnet_tui.texts.labels import type_name
from ecarnet_tui.texts.problems import describe
from ecarnet_tui.widgets.form import FormRow
from ecarnet_tui.widgets.key_bar import KeyBar
from ecarnet_tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from ecarnet_tui.services.desk import DeskServices
    pass


def procedure_title(procedure: Procedure) -> str:
    return {
        Procedure.EXTEND_FINAL_DATE: _("Extend the final date for re-exportation"),
        Procedure.TERMINATE_ADMISSION: _("Terminate temporary admission"),
        Procedure.REPLACEMENT_HOME: _("Replacement carnet — home customs"),
        Procedure.REPLACEMENT_FOREIGN: _("Replacement carnet — foreign customs"),
    }[procedure]


def procedure_summary(procedure: Procedure) -> str:
    return {
        Procedure.EXTEND_FINAL_DATE: _("Process a Re-exportation, then an Importation with the new final date. "
                                       "Ask the holder for both declarations."),
        Procedure.TERMINATE_ADMISSION: _("Process a Re-exportation; the termination is stated in the customs "
                                         "remarks."),
        Procedure.REPLACEMENT_HOME: _("Validate and export the replacement carnet, and re-import the original, "
                                      "before the original expires."),
        Procedure.REPLACEMENT_FOREIGN: _("Import the replacement carnet and re-export the original; the holder "
                                         "presents both."),
    }[procedure]


def role_name(role: CarnetRole) -> str:
    return {CarnetRole.ANY: "", CarnetRole.ORIGINAL: _("original carnet"),
            CarnetRole.REPLACEMENT: _("replacement carnet")}[role]


def problem_text(problem: StepProblem, expected: str) -> str:
    return {
        StepProblem.WRONG_TYPE: _("This declaration is not the {expected} this step needs.").format(
            expected=expected),
        StepProblem.NOT_A_REPLACEMENT: _("This carnet is not a replacement carnet."),
        StepProblem.NOT_THE_ORIGINAL: _("This carnet is not the original that the replacement replaces."),
        StepProblem.OTHER_CARNET: _("This is another carnet than the one of the earlier steps."),
    }[problem]


TERMINATIONS = ("home_use", "warehouse", "other")


def termination_name(key: str) -> str:
    return {"home_use": _("goods diverted to home use"), "warehouse": _("goods placed in a customs warehouse"),
            "other": _("other special circumstances")}[key]


class ProcedurePicker(Dialog[Procedure | None]):
    """Which guided procedure to start."""

    BINDINGS = [Binding("escape", "cancel", _("Back"), id="procedure-back")]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(_("Guided procedures"), classes="heading")
            yield OptionList(*[Option(procedure_title(p), id=p.value) for p in Procedure], id="procedures")

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(Procedure(event.option_id or ""))

    def action_cancel(self) -> None:
        self.dismiss(None)


class ProcedureScreen(WorkstationScreen):
    """One guided procedure: its steps, which are done, and the scan of the next declaration."""

    BINDINGS = [
        Binding("escape", "leave", _("Leave"), id="procedure-leave"),
        Binding("ctrl+n", "next", _("Next"), id="procedure-next"),
    ]


    def help_text(self) -> tuple[str, list[str]]:
        return procedure_help()
    def __init__(self, desk: DeskServices, procedure: Procedure) -> None:
        super().__init__(desk)
        self.procedure = procedure
        self.steps = STEPS[procedure]
        self.done: list[Transaction] = []
        self.carnets: list[Carnet] = []
        self.draft: Draft | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar(self.desk.link, self.desk.sync)
        yield TrainingBanner()
        with Vertical(id="procedure"):
            yield Static(procedure_title(self.procedure), classes="heading")
            yield Static(literal(procedure_summary(self.procedure)), classes="field")
            yield Static("", id="procedure-steps")
            if self.procedure is Procedure.TERMINATE_ADMISSION:
                with Horizontal(classes="select-row"):
                    yield Label(_("Terminated by"))
                    yield Select([(termination_name(k), k) for k in TERMINATIONS], value="home_use",
                                 allow_blank=False, id="termination")
            yield FormRow(_("Carnet ID/Number"), "procedure-carnet", max_length=40)
            yield FormRow(_("Transaction code"), "procedure-code", max_length=40)
            yield Static("", id="problem")
        yield KeyBar()

    def on_mount(self) -> None:
        self.show_steps()

    @property
    def current(self) -> int:
        return len(self.done)

    def show_steps(self) -> None:
        text = Text()
        for number, step in enumerate(self.steps):
            label = type_name(step.kind)
            if role := role_name(step.role):
                label = f"{label} — {role}"
            if number < self.current:
                mark, style = "✓", "green"
                label += "  " + _("verification code {code}").format(code=self.done[number].verification_code)
            elif number == self.current:
                mark, style = "→", "bold"
            else:
                mark, style = " ", "dim"
            text.append(f" {mark} {number + 1}. ", style=style)
            text.append(printable(label) + "\n", style=style)
        if self.current >= len(self.steps):
            text.append(_("The procedure is complete."), style="bold green")
        self.query_one("#procedure-steps", Static).update(text)

    def on_screen_resume(self) -> None:
        """Back from the wizard: a committed step is done; anything else leaves the step to do."""
        draft, self.draft = self.draft, None
        if draft is not None and draft.result is not None:
            self.done.append(draft.result.transaction)
            self.carnets.append(draft.carnet)
            self.query_one("#procedure-carnet", Input).value = ""
            self.query_one("#procedure-code", Input).value = ""
            self.say("")
        self.show_steps()
        if self.current < len(self.steps):
            self.query_one("#procedure-carnet", Input).focus()

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "procedure-carnet":
            self.query_one("#procedure-code", Input).focus()
        else:
            self.action_next()

    def action_leave(self) -> None:
        self.dismiss()

    def action_next(self) -> None:
        if self.current >= len(self.steps):
            self.say(_("The procedure is complete."), problem=False)
            return
        carnet = self.query_one("#procedure-carnet", Input).value.strip()
        code = self.query_one("#procedure-code", Input).value.strip()
        if not carnet or not code:
            self.say(_("Type the carnet ID or number and the transaction code."))
            return
        self.say(_("Looking up carnet {carnet}…").format(carnet=carnet), problem=False)
        self.lookup(carnet, code)

    @work(exclusive=True, group="procedure", exit_on_error=False)
    async def lookup(self, carnet: str, code: str) -> None:
        app = self.desk
        try:
            found = await app.central.lookup(carnet, code, app.office_id)
        except CentralError as exc:
            self.say(describe(exc))
            return
        step = self.steps[self.current]
        problem = step_problem(step, found.carnet, found.declaration.type, self.carnets)
        if problem is not None:
            self.say(problem_text(problem, type_name(step.kind)))
            return
        draft = app.start_draft(found)
        if self.procedure is Procedure.TERMINATE_ADMISSION:
            circumstance = str(self.query_one("#termination", Select).value)
            draft.text[TxField.CUSTOMS_REMARKS] = _("Termination of temporary admission: {how}.").format(
                how=termination_name(circumstance))
        self.draft = draft
        self.say("")
        self.post_message(self.Begin(draft))
