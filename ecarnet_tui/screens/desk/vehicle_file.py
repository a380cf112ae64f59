"""The vehicle file of a CPD (Desk menu): its passages with their final dates and exits, the extension,
seizures, terminations, regularisation and notification, and Ctrl+A to record one of them.

Officers record seizures, releases and terminations; controllers (and higher) also the extension, the
certificate of location and the notification of a non-discharge. A refusal shows the conventions' reasons
and keeps what was typed for the next try.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING

from pydantic import BaseModel
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from carnet_domain.organisation import Role, supervises
from central_client.errors import CentralError, CentralUnreachable
from central_contract.vehicles import (
    ExtensionRequest,
    NotificationRequest,
    RegularisationRequest,
    ReleaseRequest,
    SeizureRequest,
    TerminationRequest,
    VehicleFile,
)
from ecarnet_tui.formats import field_lines
from ecarnet_tui.i18n import _
from ecarnet_tui.literal import literal_lines, printable
from ecarnet_tui.screens.common.workstation import TrainingBanner, WorkstationScreen
from ecarnet_tui.screens.dialogs.dialog import Dialog
from ecarnet_tui.screens.dialogs.record_form import Answer, RecordFormDialog
from ecarnet_tui.texts.cpd import convention_name
from ecarnet_tui.texts.cpd_decisions import shown
from ecarnet_tui.texts.forms import Form
from ecarnet_tui.texts.problems import describe
from ecarnet_tui.texts.vehicle_file import (
    extension_line,
    seizure_line,
    status_name,
    stay_lines,
    termination_name,
    yes_no,
)
from ecarnet_tui.texts.vehicle_forms import (
    RecordKind,
    extension_form,
    notification_form,
    regularisation_form,
    release_form,
    seizure_form,
    termination_form,
)
from ecarnet_tui.widgets.form import FormRow
from ecarnet_tui.widgets.key_bar import KeyBar
from ecarnet_tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from ecarnet_tui.services.desk import DeskServices

SUPERVISORS_ONLY = frozenset({RecordKind.EXTENSION, RecordKind.REGULARISATION, RecordKind.NOTIFICATION})


def record_title(kind: RecordKind) -> str:
    return {
        RecordKind.EXTENSION: _("Extension of validity (granted by customs)"),
        RecordKind.SEIZURE: _("Seizure of the vehicle"),
        RecordKind.RELEASE: _("Release from seizure"),
        RecordKind.TERMINATION: _("Damaged, destroyed or lost vehicle (termination)"),
        RecordKind.REGULARISATION: _("Certificate of location (regularisation)"),
        RecordKind.NOTIFICATION: _("Association notified of the non-discharge"),
    }[kind]


class RecordMenu(Dialog[RecordKind | None]):
    BINDINGS = [Binding("escape", "cancel", _("Back"), id="record-menu-back")]

    def __init__(self, kinds: list[RecordKind]) -> None:
        super().__init__()
        self.kinds = kinds

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(_("Record on this vehicle file:"))
            yield OptionList(*(Option(record_title(k), id=k.value) for k in self.kinds), id="record-menu")

    @on(OptionList.OptionSelected, "#record-menu")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(RecordKind(str(event.option.id)))

    def action_cancel(self) -> None:
        self.dismiss(None)


class VehicleFileScreen(WorkstationScreen):
    BINDINGS = [
        Binding("escape", "back", _("Back"), id="vehicle-back"),
        Binding("ctrl+a", "record", _("Record"), id="vehicle-record", priority=True),
        Binding("ctrl+r", "reload", _("Reload"), id="vehicle-reload", priority=True),
    ]

    def __init__(self, desk: DeskServices, carnet: str = "") -> None:
        super().__init__(desk)
        self.carnet = carnet
        self.file: VehicleFile | None = None
        self.kept: dict[RecordKind, dict[str, str]] = {}
        self.sending: tuple[str, str] | None = None
        """The record last sent and its idempotency key, until the central accepts it."""
        """What was typed in each form, until the central accepts it."""

    def compose(self) -> ComposeResult:
        yield TitleBar(self.desk.link, self.desk.sync)
        yield TrainingBanner()
        yield Static(_("Vehicle file (CPD)"), classes="heading")
        yield FormRow(_("Carnet number or ID"), "vehicle-carnet", self.carnet, max_length=40)
        with VerticalScroll(id="vehicle-file"):
            yield Static("", classes="field", id="file-summary")
            yield Static("", classes="field", id="file-stays")
            yield Static("", classes="field", id="file-records")
        yield Static("", id="problem")
        yield KeyBar()

    def help_text(self) -> tuple[str, list[str]]:
        from ecarnet_tui.texts.step_help import vehicle_file_help

        return vehicle_file_help()

    def on_mount(self) -> None:
        if self.carnet:
            self.action_reload()
        else:
            self.say(_("Type the carnet's number or ID, then Enter."), problem=False)

    @on(Input.Submitted, "#vehicle-carnet")
    def carnet_typed(self, event: Input.Submitted) -> None:
        carnet = event.value.strip()
        if carnet != self.carnet:
            # Another carnet: nothing of the one shown may stay on screen, be recorded on or prefill a form.
            self.file, self.kept = None, {}
            for part in ("#file-summary", "#file-stays", "#file-records"):
                self.query_one(part, Static).update("")
        self.carnet = carnet
        self.action_reload()

    def action_back(self) -> None:
        self.dismiss()

    def action_reload(self) -> None:
        if not self.carnet:
            self.say(_("Type the carnet's number or ID, then Enter."))
            return
        self.say(_("Loading…"), problem=False)
        self.load()

    @work(exclusive=True, group="vehicle-file", exit_on_error=False)
    async def load(self) -> None:
        app = self.desk
        try:
            file = await app.central.vehicle_file(self.carnet, app.office_id, app.looked_up_code(self.carnet))
        except CentralError as exc:
            self.say(describe(exc))
            return
        self.show(file)
        self.say("", problem=False)

    # --- showing the file ---------------------------------------------------------------------------------

    def show(self, file: VehicleFile) -> None:
        self.file = file
        rows = [
            (_("Carnet"), f"{file.carnet_number} ({file.carnet_id})"),
            (_("Convention"), convention_name(file.convention)),
            (_("Single journey"), yes_no(file.single_journey)),
            (_("Valid until"), shown(file.valid_until)),
            (_("Extension"), extension_line(file.extension) if file.extension else _("none")),
            (_("Discharge"), status_name(file.status)),
        ]
        if file.notification_deadline is not None:
            rows.append((_("Notify association by"), shown(file.notification_deadline)))
        if file.notification is not None:
            rows.append((_("Association notified"), shown(file.notification.notified_on)))
        if file.late_exits:
            rows.append((_("Late exits"), _("{count} flagged for the controller").format(count=len(file.late_exits))))
        self.query_one("#file-summary", Static).update(field_lines(rows))
        stays = stay_lines(file) or [_("No passage yet.")]
        self.query_one("#file-stays", Static).update(literal_lines(stays))
        self.query_one("#file-records", Static).update(literal_lines(self.record_lines(file)))

    @staticmethod
    def record_lines(file: VehicleFile) -> list[str]:
        lines = [seizure_line(s) for s in file.seizures]
        for t in file.terminations:
            term = t.termination
            lines.append(_("Entry {entry}: {kind} on {on}, recorded by {who}").format(
                entry=term.entry_id, kind=termination_name(term.kind), on=shown(term.on), who=term.recorded_by))
        for r in file.regularisations:
            reg, cert = r.regularisation, r.regularisation.certificate
            lines.append(_("Entry {entry}: certificate of location by {authority} ({country}), recorded by {who} "
                           "on {on}").format(entry=reg.entry_id, authority=cert.authority_name,
                                             country=cert.country, who=reg.recorded_by, on=shown(reg.recorded_on)))
        return lines

    # --- recording ----------------------------------------------------------------------------------------

    def kinds(self) -> list[RecordKind]:
        me = self.desk.me
        supervising = me is not None and supervises(me.account.role)
        return [k for k in RecordKind if supervising or k not in SUPERVISORS_ONLY]

    def action_record(self) -> None:
        if self.file is None:
            self.say(_("Open a vehicle file first: type the carnet's number or ID, then Enter."))
            return
        self.app.push_screen(RecordMenu(self.kinds()), self.open_form)

    def form(self, kind: RecordKind, file: VehicleFile) -> Form:
        today = file.office_date
        country = file.guaranteed_by.country if file.guaranteed_by is not None else ""
        me, here = self.desk.me, self.desk.territory
        # The central lets an office settle the entries into its own customs territory only (an Admin: any).
        admin = me is not None and me.account.role is Role.ADMIN
        territory = None if admin or here is None else here.code
        makers: dict[RecordKind, Callable[[], Form]] = {
            RecordKind.EXTENSION: lambda: extension_form(file, country, today),
            RecordKind.SEIZURE: lambda: seizure_form(today),
            RecordKind.RELEASE: lambda: release_form(file, today),
            RecordKind.TERMINATION: lambda: termination_form(file, today, territory),
            RecordKind.REGULARISATION: lambda: regularisation_form(file, today, territory),
            RecordKind.NOTIFICATION: lambda: notification_form(today),
        }
        return makers[kind]()

    def open_form(self, kind: RecordKind | None) -> None:
        if kind is None or self.file is None:
            return
        form = self.form(kind, self.file)

        def answered(answer: Answer | None) -> None:
            if answer is None:
                return
            values, request = answer
            self.kept[kind] = values
            if request is not None:
                self.say(_("Recording…"), problem=False)
                self.send(kind, values, request)

        self.app.push_screen(RecordFormDialog(form, self.kept.get(kind, {})), answered)

    def idempotency_key(self, carnet: str, values: dict[str, str], request: BaseModel) -> str:
        """The key of this request: the same one while the same record is sent again (a retry after a lost
        answer then records it once), a new one for anything else."""
        what = f"{carnet}\n{sorted(values.items())}\n{request.model_dump_json()}"
        if self.sending is None or self.sending[0] != what:
            self.sending = (what, str(uuid.uuid4()))
        return self.sending[1]

    async def call(self, values: dict[str, str], request: BaseModel) -> VehicleFile:
        """The central's call that records ``request`` on the carnet whose file is shown."""
        carnet = self.file.carnet_id if self.file is not None else self.carnet
        central, office = self.desk.central, self.desk.office_id
        key = self.idempotency_key(carnet, values, request)
        if isinstance(request, ExtensionRequest):
            return await central.record_extension(carnet, request, office, key)
        if isinstance(request, SeizureRequest):
            return await central.record_seizure(carnet, request, office, key)
        if isinstance(request, ReleaseRequest):
            return await central.release_seizure(carnet, values.get("seizure", ""), request, office, key)
        if isinstance(request, TerminationRequest):
            return await central.record_termination(carnet, request, office, key)
        if isinstance(request, RegularisationRequest):
            return await central.record_regularisation(carnet, request, office, key)
        assert isinstance(request, NotificationRequest)
        return await central.record_notification(carnet, request, office, key)

    @work(exclusive=True, group="vehicle-record", exit_on_error=False)
    async def send(self, kind: RecordKind, values: dict[str, str], request: BaseModel) -> None:
        try:
            file = await self.call(values, request)
        except CentralUnreachable as exc:
            # Ctrl+R here reloads the file (it does not send the record again), and the record may have reached
            # the central before the link failed: the file tells.
            self.say(_("The central system cannot be reached ({reason}). Ctrl+R reloads the file to see whether it "
                       "was recorded; Ctrl+A opens the form again with what you typed.").format(
                           reason=printable(exc.reason)))
            return
        except CentralError as exc:
            self.say(describe(exc) + " " + _("Ctrl+A opens the form again with what you typed."))
            return
        self.kept.pop(kind, None)
        self.sending = None
        self.show(file)
        self.say(_("Recorded: {what}.").format(what=record_title(kind)), problem=False)
