"""The customs offices an Admin or a Regional manager manages (guide lines 2977-3010, the office template at
3190-3206): search them, create one, change it, deactivate or activate it, delete one nothing was recorded at.
The central decides; a deactivated office keeps its history and takes no new work."""

from __future__ import annotations

from textual import work
from textual.binding import Binding

from carnet_domain.organisation import Office, Region
from central_client.errors import CentralError
from central_contract.organisation import NewOffice, OfficeChange
from ecarnet_tui.i18n import _
from ecarnet_tui.screens.admin.admin_list import AdminListScreen
from ecarnet_tui.screens.dialogs.ask import AskDialog
from ecarnet_tui.screens.dialogs.record_form import Answer, RecordFormDialog
from ecarnet_tui.texts.offices import (
    change_office_form,
    matches,
    new_office_form,
    office_details,
    office_row,
    offices_help,
)
from ecarnet_tui.texts.problems import describe


class OfficesScreen(AdminListScreen[Office]):
    """Every office the caller manages; typing in the search line keeps the rows that match every word."""

    TABLE_ID = "offices"
    WIDTHS = (12, 22, 12, 14, 11)
    BINDINGS = [
        Binding("ctrl+n", "create", _("New"), id="office-new", priority=True),
        Binding("ctrl+e", "change", _("Change"), id="office-change", priority=True),
        Binding("ctrl+d", "deactivate_or_activate", _("Deactivate/activate"), id="office-deactivate", priority=True),
        Binding("delete", "delete", _("Delete"), id="office-delete"),
    ]

    def help_text(self) -> tuple[str, list[str]]:
        return offices_help()

    def heading(self) -> str:
        return _("Customs offices — type to search; Ctrl+N new, Ctrl+E change, Ctrl+D deactivate or activate, "
                 "Delete removes one never used")

    def columns(self) -> tuple[str, ...]:
        return _("Office"), _("Name"), _("Region"), _("Time zone"), _("State")

    def nothing_matches(self) -> str:
        return _("No office matches the search.")

    def nothing_chosen(self) -> str:
        return _("No office is chosen: search for one, then pick it in the table.")

    async def fetch(self) -> list[Office]:
        return sorted(await self.desk.central.offices(), key=lambda o: (o.region_id, o.name.casefold()))

    def key(self, item: Office) -> str:
        return item.office_id

    def row(self, item: Office) -> tuple[str, ...]:
        return office_row(item)

    def details(self, item: Office) -> str:
        return office_details(item)

    def matches(self, item: Office, search: str) -> bool:
        return matches(item, search)

    # --- the forms need the regions first ------------------------------------------------------------------------

    def action_create(self) -> None:
        self.with_regions(None)

    def action_change(self) -> None:
        office = self.chosen()
        if office is not None:
            self.with_regions(office)

    @work(exclusive=True, group="office-regions", exit_on_error=False)
    async def with_regions(self, office: Office | None) -> None:
        try:
            regions = await self.desk.central.regions()
        except CentralError as exc:
            self.say(describe(exc))
            return
        if office is None:
            self.create_form(regions)
        else:
            self.change_form(regions, office)

    def create_form(self, regions: list[Region]) -> None:
        here = self.desk.office

        def answered(answer: Answer | None) -> None:
            if answer is None:
                return
            self.typed, request = answer
            if isinstance(request, NewOffice):
                self.run(self.desk.central.create_office(request),
                         _("Office {office} created.").format(office=request.office_id), then_show=request.office_id)

        form = new_office_form(regions, here.region_id if here else "", here.timezone if here else "UTC")
        self.app.push_screen(RecordFormDialog(form, self.typed), answered)

    def change_form(self, regions: list[Region], office: Office) -> None:
        def answered(answer: Answer | None) -> None:
            request = answer[1] if answer is not None else None
            if not isinstance(request, OfficeChange):
                return
            if not request.model_fields_set:
                self.say(_("Nothing was changed."), problem=False)
                return
            self.run(self.desk.central.change_office(office.office_id, request),
                     _("Office {office} changed.").format(office=office.office_id))

        self.app.push_screen(RecordFormDialog(change_office_form(regions, office), {}), answered)

    # --- its state ------------------------------------------------------------------------------------------------

    def action_deactivate_or_activate(self) -> None:
        office = self.chosen()
        if office is None:
            return
        name = office.office_id
        if not office.active:
            self.confirm_then_run(_("Activate office {office}?").format(office=name), [office_details(office)],
                                  _("Y: activate it   N: leave it"), lambda: self.desk.central.activate_office(name),
                                  _("Office {office} activated: it takes new work again.").format(office=name))
            return

        def deactivate(reason: str | None) -> None:
            if reason:
                self.run(self.desk.central.deactivate_office(name, reason),
                         _("Office {office} deactivated: it keeps its history and takes no new work.").format(
                             office=name))

        self.app.push_screen(AskDialog(
            _("Deactivate office {office}? It keeps its history and takes no new transaction.").format(office=name),
            _("why, for the audit trail")), deactivate)

    def action_delete(self) -> None:
        office = self.chosen()
        if office is None:
            return
        name = office.office_id

        self.confirm_then_run(
            _("Delete office {office}? Only an office nothing was ever recorded at can be deleted.").format(
                office=name), [office_details(office)], _("Y: delete it   N: keep it"),
            lambda: self.desk.central.delete_office(name), _("Office {office} deleted.").format(office=name))
