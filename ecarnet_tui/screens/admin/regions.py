"""The customs regions an Admin manages (guide lines 3142-3160): search them, create one, change its name or
country, delete one that has no office and no account. The central decides."""

from __future__ import annotations

from textual import work
from textual.binding import Binding

from carnet_domain.organisation import Region
from central_client.errors import CentralError
from central_contract.organisation import NewRegion, RegionChange
from ecarnet_tui.i18n import _
from ecarnet_tui.screens.admin.admin_list import AdminListScreen
from ecarnet_tui.screens.dialogs.record_form import Answer, RecordFormDialog
from ecarnet_tui.texts.problems import describe
from ecarnet_tui.texts.regions import (
    change_region_form,
    matches,
    new_region_form,
    region_details,
    region_row,
    regions_help,
)


class RegionsScreen(AdminListScreen[Region]):
    """Every region the caller may see; typing in the search line keeps the rows that match every word."""

    TABLE_ID = "regions"
    WIDTHS = (16, 34, 8, 10)
    BINDINGS = [
        Binding("ctrl+n", "create", _("New"), id="region-new", priority=True),
        Binding("ctrl+e", "change", _("Change"), id="region-change", priority=True),
        Binding("delete", "delete", _("Delete"), id="region-delete"),
    ]

    def help_text(self) -> tuple[str, list[str]]:
        return regions_help()

    def heading(self) -> str:
        return _("Customs regions — type to search; Ctrl+N new, Ctrl+E change, Delete removes an empty one")

    def columns(self) -> tuple[str, ...]:
        return _("Region"), _("Name"), _("Country"), _("Territory")

    def nothing_matches(self) -> str:
        return _("No region matches the search.")

    def nothing_chosen(self) -> str:
        return _("No region is chosen: search for one, then pick it in the table.")

    async def fetch(self) -> list[Region]:
        return sorted(await self.desk.central.regions(), key=lambda r: (r.territory, r.name.casefold()))

    def key(self, item: Region) -> str:
        return item.region_id

    def row(self, item: Region) -> tuple[str, ...]:
        return region_row(item)

    def details(self, item: Region) -> str:
        return region_details(item)

    def matches(self, item: Region, search: str) -> bool:
        return matches(item, search)

    def action_create(self) -> None:
        self.with_territories()

    @work(exclusive=True, group="region-territories", exit_on_error=False)
    async def with_territories(self) -> None:
        try:
            territories = await self.desk.central.territories()
        except CentralError as exc:
            self.say(describe(exc))
            return
        here = self.desk.office

        def answered(answer: Answer | None) -> None:
            if answer is None:
                return
            self.typed, request = answer
            if isinstance(request, NewRegion):
                self.run(self.desk.central.create_region(request),
                         _("Region {region} created.").format(region=request.region_id), then_show=request.region_id)

        form = new_region_form(territories, here.territory if here else "")
        self.app.push_screen(RecordFormDialog(form, self.typed), answered)

    def action_change(self) -> None:
        region = self.chosen()
        if region is None:
            return

        def answered(answer: Answer | None) -> None:
            request = answer[1] if answer is not None else None
            if not isinstance(request, RegionChange):
                return
            if not request.model_fields_set:
                self.say(_("Nothing was changed."), problem=False)
                return
            self.run(self.desk.central.change_region(region.region_id, request),
                     _("Region {region} changed.").format(region=region.region_id))

        self.app.push_screen(RecordFormDialog(change_region_form(region), {}), answered)

    def action_delete(self) -> None:
        region = self.chosen()
        if region is None:
            return
        name = region.region_id

        self.confirm_then_run(
            _("Delete region {region}? Only a region with no office and no account can be deleted.").format(
                region=name), [region_details(region)], _("Y: delete it   N: keep it"),
            lambda: self.desk.central.delete_region(name), _("Region {region} deleted.").format(region=name))
