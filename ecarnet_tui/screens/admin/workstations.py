"""The registered workstations an Admin or a Regional manager manages: search them, register one at an office
(its key shown once), revoke one. The central decides."""

from __future__ import annotations

from textual.binding import Binding

from central_contract.identity import NewWorkstation, RegisteredWorkstation, Workstation
from ecarnet_tui.i18n import _
from ecarnet_tui.screens.admin.admin_list import AdminListScreen
from ecarnet_tui.screens.dialogs.confirm import ConfirmDialog
from ecarnet_tui.screens.dialogs.record_form import Answer, RecordFormDialog
from ecarnet_tui.texts.workstations import (
    key_lines,
    matches,
    register_form,
    workstation_details,
    workstation_row,
    workstations_help,
)


class WorkstationsScreen(AdminListScreen[Workstation]):
    """Every workstation registered at the offices the caller manages."""

    TABLE_ID = "workstations"
    WIDTHS = (18, 28, 14, 8)
    BINDINGS = [
        Binding("ctrl+n", "register", _("Register"), id="workstation-register", priority=True),
        Binding("ctrl+d", "revoke", _("Revoke"), id="workstation-revoke", priority=True),
    ]

    def help_text(self) -> tuple[str, list[str]]:
        return workstations_help()

    def heading(self) -> str:
        return _("Workstations — type to search; Ctrl+N registers one at an office, Ctrl+D revokes the chosen one")

    def columns(self) -> tuple[str, ...]:
        return _("Workstation"), _("Name"), _("Office"), _("State")

    def nothing_matches(self) -> str:
        return _("No workstation matches the search.")

    def nothing_chosen(self) -> str:
        return _("No workstation is chosen: search for one, then pick it in the table.")

    async def fetch(self) -> list[Workstation]:
        stations = await self.desk.central.workstations()
        return sorted(stations, key=lambda w: (w.revoked_at is not None, w.office_id, w.name.casefold()))

    def key(self, item: Workstation) -> str:
        return item.workstation_id

    def row(self, item: Workstation) -> tuple[str, ...]:
        return workstation_row(item)

    def details(self, item: Workstation) -> str:
        return workstation_details(item)

    def matches(self, item: Workstation, search: str) -> bool:
        return matches(item, search)

    def action_register(self) -> None:
        def answered(answer: Answer | None) -> None:
            if answer is None:
                return
            self.typed, request = answer
            if isinstance(request, NewWorkstation):
                self.run(self.desk.central.register_workstation(request),
                         _("Workstation {name} registered.").format(name=request.name), after=registered)

        def registered(answer: RegisteredWorkstation) -> None:
            self.search.value = answer.workstation.workstation_id
            self.app.push_screen(ConfirmDialog(
                _("The key of workstation {name}").format(name=answer.workstation.name), key_lines(answer),
                _("Y or N closes: the key is not shown again.")))

        form = register_form(self.offices(), self.desk.office_id)
        self.app.push_screen(RecordFormDialog(form, self.typed), answered)

    def action_revoke(self) -> None:
        station = self.chosen()
        if station is None:
            return
        if station.revoked_at is not None:
            self.say(_("This workstation is already revoked."), problem=False)
            return
        name = station.workstation_id

        self.confirm_then_run(
            _("Revoke workstation {name}? Its key stops working and its officers' offline grants end.").format(
                name=station.name), [workstation_details(station)], _("Y: revoke it   N: keep it"),
            lambda: self.desk.central.revoke_workstation(name),
            _("Workstation {name} revoked: its key no longer works.").format(name=station.name))
