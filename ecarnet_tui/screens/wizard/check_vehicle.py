"""Step 3 of a vehicle carnet (CPD): the vehicle's particulars, its identity confirmed at the desk, the
passage judged against the vehicle file (single journey, already inside, an exit's timing against D), the
reminder at entry and the driver's authorisation.

The vehicle is the carnet's one item: the transaction goes on to Commit with the goods declared as "1".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Input, Label, Static, Switch

from carnet_domain.carnet import Vehicle
from carnet_domain.cpd.convention import Convention, convention_of
from carnet_domain.cpd.decision import CpdReason, Verdict
from carnet_domain.cpd.driver import check_driver_residence
from carnet_domain.cpd.reminders import entry_reminders
from carnet_domain.cpd.vehicle import compare_identity
from carnet_domain.transaction_types import TransactionType, TxField
from ecarnet_tui.formats import field_lines
from ecarnet_tui.i18n import _
from ecarnet_tui.literal import literal, literal_lines
from ecarnet_tui.screens.common.step import StepScreen
from ecarnet_tui.services.draft import Draft
from ecarnet_tui.services.vehicle_passage import PassageJudgement, judge_passage
from ecarnet_tui.texts.cpd import (
    convention_articles,
    convention_name,
    driver_note,
    identity_text,
    particulars,
    reminder_text,
    use_name,
)
from ecarnet_tui.texts.cpd_decisions import text_of
from ecarnet_tui.widgets.form import FormRow

SEEN = ("seen-plate", "seen-vin", "seen-engine")
"""The inputs where the officer types what is read on the vehicle, in the order plate, VIN, engine."""


if TYPE_CHECKING:
    from ecarnet_tui.services.desk import DeskServices


class CheckVehicleScreen(StepScreen):
    """Check the vehicle against the carnet's particulars."""

    STEP = 3
    BINDINGS = [
        *StepScreen.BINDINGS,
        # priority: the identity inputs have the focus
        Binding("ctrl+y", "all_match", _("All match"), id="all-match", priority=True,
                tooltip=_("Plate, VIN and engine number match the carnet (a field typed is compared instead)")),
        Binding("ctrl+d", "driver", _("Driver checked"), id="driver", priority=True,
                tooltip=_("The holder's authorisation of the driver was checked")),
    ]

    def __init__(self, draft: Draft, desk: DeskServices) -> None:
        super().__init__(draft, desk)
        # The vehicle is the carnet's one item (the central records a CPD as a one-item carnet).
        draft.ranges[TxField.DECLARED_GOODS] = "1"
        draft.ranges[TxField.DIVERTED_GOODS] = ""
        self.confirmed = False
        self.mismatch = ""
        """Why the vehicle is not the carnet's: the reason Ctrl+O offers for a hold."""
        self.passage: PassageJudgement | None = None
        self.driver_problem = ""
        """A private vehicle's driver residing in the territory (1954 art. 11)."""

    @property
    def vehicle(self) -> Vehicle:
        vehicle = self.draft.carnet.vehicle
        assert vehicle is not None, "a CPD carnet always has its vehicle"
        return vehicle

    @property
    def convention(self) -> Convention:
        return convention_of(self.draft.carnet)

    def compose(self) -> ComposeResult:
        yield from self.compose_top()
        draft, convention = self.draft, self.convention
        with VerticalScroll(id="check-vehicle"):
            yield Static("", id="stop")
            yield Static("", classes="field", id="passage")
            yield FormRow(_("Delay explained"), "delay-explanation", draft.delay_explanation,
                          placeholder=_("the holder's explanation of the late exit"), max_length=500)
            yield Static(field_lines([
                (_("Use"), use_name(draft.carnet.vehicle_use)),
                (_("Convention"), convention_name(convention)),
                (_("Articles"), convention_articles(convention)),
            ]), classes="field", id="vehicle-convention")
            yield Static(field_lines(particulars(draft.carnet, self.vehicle)), classes="field",
                         id="vehicle-particulars")
            if draft.kind is TransactionType.IMPORTATION:
                reminders = [reminder_text(d) for d in entry_reminders(convention)]
                yield Static(literal_lines(reminders, "bold"), classes="field", id="reminders")
            hint = _("blank + Ctrl+Y: as on the carnet")
            readings = draft.readings
            yield FormRow(_("Plate seen"), "seen-plate", readings.get("seen-plate", ""), placeholder=hint)
            yield FormRow(_("VIN seen"), "seen-vin", readings.get("seen-vin", ""), placeholder=hint)
            yield FormRow(_("Engine number seen"), "seen-engine", readings.get("seen-engine", ""), placeholder=hint)
            with Horizontal(classes="select-row"):
                yield Label(_("Driver's authorisation"))
                yield Switch(bool(draft.vehicle_note), id="driver-checked")
            yield FormRow(_("Driver resides in"), "driver-residence", readings.get("driver-residence", ""),
                          placeholder=_("country code, e.g. GB (private vehicles)"), max_length=2)
            yield Static("", classes="field", id="identity")
        yield from self.compose_bottom()

    def on_mount(self) -> None:
        self.query_one("#stop", Static).display = False
        self.show_residence()
        if self.query_one("#driver-checked", Switch).value:
            self.driver_residence_changed()  # resumed from a hold: the residence read then
        self.judge()
        if self.passage is None or not self.passage.within_grace:
            self.set_focus(self.query_one("#seen-plate", Input))  # the explanation is asked for only when due

    # --- the passage: entry or exit, judged against the vehicle file -------------------------------------------

    @property
    def territory_code(self) -> str:
        territory = self.desk.territory
        return territory.code if territory is not None else ""

    @property
    def territory_countries(self) -> tuple[str, ...]:
        territory = self.desk.territory
        return territory.member_countries if territory is not None else ()

    def judge(self) -> None:
        """Judge the entry or exit; a refusal stops the step like a mismatch, with its reason for a hold."""
        self.passage = judge_passage(self.draft, self.territory_code, self.draft.delay_explanation,
                                     self.territory_countries)
        passage = self.passage
        panel = self.query_one("#passage", Static)
        asked = passage is not None and passage.within_grace
        unjudged_exit = passage is None and self.draft.kind is TransactionType.REEXPORTATION
        row = self.query_one("#row-delay-explanation")
        row.display = asked or unjudged_exit
        if not row.display and self.focused is self.query_one("#delay-explanation", Input):
            self.set_focus(self.query_one("#seen-plate", Input))  # a hidden field must not take the keys
        panel.display = True
        if passage is None:
            lines = [_("Passages not checked: the vehicle file was not available (offline). The central checks "
                       "them when the commit reaches it.")]
            if unjudged_exit:
                lines.append(_("If the vehicle leaves after its final date D, type the holder's explanation of "
                               "the delay: within 14 days it makes the exit timely."))
            panel.update(literal_lines(lines, "bold"))
            return
        lines = [text_of(d) for d in passage.decisions if not d.refused]  # a refusal is shown above, once
        if passage.timing is not None:
            lines.append(text_of(passage.timing))
        panel.update(literal_lines(lines, "bold"))
        panel.display = bool(lines)
        if passage.refused:
            self.show_stop()
            self.say(_("This passage cannot be recorded. Ctrl+O puts the carnet on hold with this reason."))

    def show_stop(self) -> None:
        """Show why the step stops (the passage refused, the vehicle not the carnet's), or hide it."""
        reason = self.hold_reason()
        stop = self.query_one("#stop", Static)
        stop.display = bool(reason)
        stop.update(literal(reason, "bold"))
        stop.set_class(bool(reason), "problem")

    @property
    def passage_refusal(self) -> str:
        return " ".join(text_of(d) for d in self.passage.refused) if self.passage is not None else ""

    @on(Input.Changed, "#delay-explanation")
    def explained(self, event: Input.Changed) -> None:
        self.draft.delay_explanation = event.value
        self.judge()

    # --- the identity: plate, VIN and engine number ---------------------------------------------------------

    def seen(self, *, blanks_match: bool) -> tuple[str, str, str]:
        """What was typed; with ``blanks_match`` (Ctrl+Y) a blank field is the carnet's value."""
        on_carnet = (self.vehicle.registration_number, self.vehicle.chassis_vin, self.vehicle.engine_number)
        typed = [self.query_one(f"#{which}", Input).value for which in SEEN]
        plate, vin, engine = (t if t.strip() or not blanks_match else c for t, c in zip(typed, on_carnet, strict=True))
        return plate, vin, engine

    def check(self, *, blanks_match: bool) -> bool:
        """Compare what was seen with the carnet; says the outcome and returns whether it is confirmed."""
        plate, vin, engine = self.seen(blanks_match=blanks_match)
        decisions = compare_identity(self.vehicle, plate, vin, engine).decisions(self.convention)
        stops = [d for d in decisions if d.verdict in (Verdict.REFUSE, Verdict.FLAG)]
        identity = self.query_one("#identity", Static)
        self.confirmed = not stops and all(d.reason is CpdReason.IDENTITY_MATCHES for d in decisions)
        self.mismatch = " ".join(identity_text(d) for d in stops)
        self.show_stop()
        if stops:
            identity.update("")
            self.say(_("The vehicle does not match the carnet. Ctrl+O puts the carnet on hold with this reason."))
        elif self.confirmed:
            identity.update(literal(identity_text(decisions[0]), "bold"))
            self.say(_("Vehicle identity confirmed. Ctrl+N goes on."), problem=False)
        else:
            identity.update("")
            self.say(" ".join(identity_text(d) for d in decisions))
        return self.confirmed

    def action_all_match(self) -> None:
        self.check(blanks_match=True)

    @on(Input.Changed)
    def typed(self, event: Input.Changed) -> None:
        """A new reading undoes the confirmation (and the mismatch) until it is checked again."""
        if event.input.id in SEEN:
            self.draft.readings[event.input.id] = event.value
        if event.input.id in SEEN and (self.confirmed or self.mismatch):
            self.confirmed, self.mismatch = False, ""
            self.show_stop()
            self.query_one("#identity", Static).update("")
            self.say("")

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        if event.input.id in SEEN:
            self.check(blanks_match=False)

    def hold_reason(self) -> str:
        return " ".join(part for part in (self.passage_refusal, self.mismatch, self.driver_problem) if part)

    # --- the driver ------------------------------------------------------------------------------------------

    def action_driver(self) -> None:
        switch = self.query_one("#driver-checked", Switch)
        switch.value = not switch.value

    @on(Switch.Changed, "#driver-checked")
    def driver_checked(self, event: Switch.Changed) -> None:
        self.show_residence()
        self.driver_residence_changed()
        residence = self.query_one("#driver-residence", Input)
        if event.value and residence.display and self.query_one("#row-driver-residence").display:
            residence.focus()  # scrolled into view: the officer types the country next

    def show_residence(self) -> None:
        """The driver's residence is asked for a private vehicle's driver (1954 art. 11) once checked."""
        checked = self.query_one("#driver-checked", Switch).value
        self.query_one("#row-driver-residence").display = checked and self.convention is Convention.PRIVATE_1954

    @on(Input.Changed, "#driver-residence")
    def driver_residence_changed(self) -> None:
        """The note the transaction carries; a residence inside the territory stops the step."""
        residence = self.query_one("#driver-residence", Input).value.strip().upper()
        self.draft.readings["driver-residence"] = residence
        checked = self.query_one("#driver-checked", Switch).value
        problem = check_driver_residence(self.convention, residence, self.territory_countries) if checked else None
        self.driver_problem = text_of(problem) if problem is not None else ""
        self.draft.vehicle_note = driver_note(self.convention, self.territory_code, residence) if checked else ""
        self.show_stop()
        if self.driver_problem:
            self.say(_("This driver may not drive here. Ctrl+O puts the carnet on hold with this reason."))

    # --- on to Commit ------------------------------------------------------------------------------------------


    def action_next(self) -> None:
        if self.passage_refusal:
            self.say(_("This passage cannot be recorded. Ctrl+O puts the carnet on hold with this reason."))
            return
        if self.driver_problem:
            self.say(_("This driver may not drive here. Ctrl+O puts the carnet on hold with this reason."))
            return
        if self.mismatch:
            self.say(_("The vehicle does not match the carnet. Ctrl+O puts the carnet on hold with this reason."))
            return
        if not self.confirmed and not self.check(blanks_match=False):
            return
        self.post_message(self.Next(self))
