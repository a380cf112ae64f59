"""The customs regions an Admin manages (guide lines 3142-3160): how a row reads, what a search matches, and the
forms to create and change one. No Textual here."""

from __future__ import annotations

from carnet_domain.organisation import Region, Territory
from central_contract.organisation import NewRegion, RegionChange
from ecarnet_tui.formats import country_name
from ecarnet_tui.i18n import _
from ecarnet_tui.texts.desk_help import everywhere
from ecarnet_tui.texts.forms import FieldKind, Form, FormField, FormProblem, model_or_problem
from ecarnet_tui.texts.search import every_word_in


def regions_help() -> tuple[str, list[str]]:
    return _("Customs regions"), [
        _("The customs regions: each groups offices of one customs territory, and a Regional manager manages one. "
          "Type in the search line to keep the regions that match every word; Enter goes to the table."),
        _("Ctrl+N creates a region, Ctrl+E changes the chosen one's name or country (its territory stays: its "
          "offices' history is there). Delete removes a region that has no office and no account."),
        _("Ctrl+R loads the list again."),
        everywhere(),
    ]


def region_row(region: Region) -> tuple[str, ...]:
    return region.region_id, region.name, region.country, region.territory


def region_details(region: Region) -> str:
    return " · ".join((f"{region.name} ({region.region_id})", country_name(region.country),
                       _("customs territory {territory}").format(territory=region.territory)))


def matches(region: Region, search: str) -> bool:
    return every_word_in((region.region_id, region.name, region.country, country_name(region.country),
                          region.territory), search)


def _country(v: dict[str, str]) -> str:
    text = v.get("country", "").strip().upper()
    if len(text) != 2 or not text.isascii() or not text.isalpha():
        raise FormProblem("country", _("Country: the country's two-letter code, e.g. CH or FR."))
    return text


def new_region_form(territories: list[Territory], territory: str) -> Form:
    ordered = sorted(territories, key=lambda t: (t.code != territory, t.name))
    fields = (
        FormField("region_id", _("Region ID"), required=True, max_length=40,
                  placeholder=_("lower case, e.g. ch-vaud")),
        FormField("name", _("Name"), required=True, max_length=120),
        FormField("country", _("Country"), required=True, max_length=2, placeholder=_("e.g. CH")),
        FormField("territory", _("Customs territory"), FieldKind.CHOICE, required=True,
                  choices=tuple((f"{t.name} ({t.code})", t.code) for t in ordered)),
    )

    def build(v: dict[str, str]) -> NewRegion:
        country = _country(v)
        return model_or_problem(lambda: NewRegion(  # type: ignore[return-value]
            region_id=v["region_id"].strip(), name=v["name"].strip(), country=country, territory=v["territory"]))

    return Form(_("New customs region"), fields, build)


def change_region_form(region: Region) -> Form:
    fields = (
        FormField("name", _("Name"), required=True, max_length=120, default=region.name),
        FormField("country", _("Country"), required=True, max_length=2, default=region.country),
    )

    def build(v: dict[str, str]) -> RegionChange:
        typed = {"name": v["name"].strip(), "country": _country(v)}
        now = {"name": region.name, "country": region.country}
        return model_or_problem(lambda: RegionChange.model_validate(  # type: ignore[return-value]
            {key: value for key, value in typed.items() if value != now[key]}))

    return Form(_("Change region {region}").format(region=region.region_id), fields, build)
