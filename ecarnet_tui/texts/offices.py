"""The customs offices an Admin or a Regional manager manages, with the guide's office template (lines 3190-3206):
how a row reads, what a search matches, and the forms to create and change one. No Textual here."""

from __future__ import annotations

import math
from typing import Any

from carnet_domain.organisation import Office, OfficeType, Region
from central_contract.organisation import NewOffice, OfficeChange, office_types
from ecarnet_tui.i18n import _
from ecarnet_tui.texts.desk_help import everywhere
from ecarnet_tui.texts.forms import FieldKind, Form, FormField, FormProblem, model_or_problem
from ecarnet_tui.texts.search import every_word_in


def offices_help() -> tuple[str, list[str]]:
    return _("Customs offices"), [
        _("The customs offices you manage: your region's, or every one for an Admin. Type in the search line to keep "
          "the offices that match every word (ID, name, region, city, type, state); Enter goes to the table."),
        _("Ctrl+N creates an office with the guide's fields: name, region, time zone, types, address, contact, "
          "opening hours and coordinates. Ctrl+E changes the chosen one."),
        _("Ctrl+D deactivates the chosen office: it keeps its history and takes no new transaction; Ctrl+D again "
          "activates it. Delete removes an office only when nothing was ever recorded there."),
        _("Ctrl+R loads the list again."),
        everywhere(),
    ]


def type_name(kind: OfficeType) -> str:
    names = {
        OfficeType.ADMINISTRATIVE: _("Administrative only"),
        OfficeType.SEA_PORT: _("Sea port"),
        OfficeType.AIRPORT: _("Airport"),
        OfficeType.LAND_PORT: _("Land port"),
    }
    return names[kind]


def state_name(office: Office) -> str:
    return _("Active") if office.active else _("Deactivated")


def office_row(office: Office) -> tuple[str, ...]:
    return office.office_id, office.name, office.region_id, office.timezone, state_name(office)


def office_details(office: Office) -> str:
    parts = [f"{office.name} ({office.office_id})",
             _("region {region}, territory {territory}").format(region=office.region_id, territory=office.territory)]
    if office.types:
        parts.append(", ".join(type_name(t) for t in office.types))
    address = " ".join(p for p in (office.address.replace("\n", ", "), office.postcode, office.city) if p)
    parts.extend(p for p in (address, office.phone, office.email, office.opening_hours.replace("\n", "; ")) if p)
    if office.latitude is not None and office.longitude is not None:
        parts.append(f"{office.latitude:.5f}, {office.longitude:.5f}")
    parts.append(state_name(office))
    return " · ".join(parts)


def matches(office: Office, search: str) -> bool:
    """Whether every word of ``search`` is in the office's ID, name, region, territory, time zone, city, types or
    state."""
    return every_word_in((
        office.office_id, office.name, office.region_id, office.territory, office.timezone, office.city,
        office.postcode, *(t.value for t in office.types), *(type_name(t) for t in office.types), state_name(office),
        "active" if office.active else "deactivated",
    ), search)


def _yes_no() -> tuple[tuple[str, str], ...]:
    return (_("No"), "no"), (_("Yes"), "yes")


def _detail_fields(office: Office | None) -> tuple[FormField, ...]:
    def now(name: str) -> str:
        return str(getattr(office, name)) if office is not None else ""

    kinds = tuple(FormField(f"type_{t.value}", type_name(t), FieldKind.CHOICE, choices=(
        _yes_no() if office is None or t not in office.types else tuple(reversed(_yes_no())))) for t in OfficeType)
    coordinates = ("", "") if office is None or office.latitude is None or office.longitude is None else (
        f"{office.latitude}", f"{office.longitude}")
    return (
        *kinds,
        FormField("address", _("Address"), max_length=300, default=now("address")),
        FormField("postcode", _("Postcode"), max_length=20, default=now("postcode")),
        FormField("city", _("City"), max_length=100, default=now("city")),
        FormField("phone", _("Telephone"), max_length=40, default=now("phone")),
        FormField("email", _("E-mail"), max_length=200, default=now("email")),
        FormField("opening_hours", _("Opening hours"), max_length=500, default=now("opening_hours"),
                  placeholder=_("e.g. Mon-Fri 08:00-18:00")),
        FormField("latitude", _("Latitude"), max_length=20, default=coordinates[0], placeholder=_("e.g. 46.2381")),
        FormField("longitude", _("Longitude"), max_length=20, default=coordinates[1], placeholder=_("e.g. 6.1090")),
    )


def _coordinate(v: dict[str, str], key: str, label: str, limit: float) -> float | None:
    text = v.get(key, "").strip().replace(",", ".")
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or abs(value) > limit:
        raise FormProblem(key, _("{field}: degrees between -{limit} and {limit}, e.g. 46.2381.").format(
            field=label, limit=int(limit)))
    return value


def _details(v: dict[str, str]) -> dict[str, Any]:
    """The template's fields as typed, checked: both coordinates or neither."""
    latitude = _coordinate(v, "latitude", _("Latitude"), 90)
    longitude = _coordinate(v, "longitude", _("Longitude"), 180)
    if (latitude is None) != (longitude is None):
        raise FormProblem("latitude" if latitude is None else "longitude",
                          _("Give both the latitude and the longitude, or neither."))
    return {
        "types": list(office_types([t for t in OfficeType if v.get(f"type_{t.value}") == "yes"])),
        **{key: v.get(key, "").strip() for key in ("address", "postcode", "city", "phone", "email", "opening_hours")},
        "latitude": latitude, "longitude": longitude,
    }


def _regions(regions: list[Region], first: str) -> tuple[tuple[str, str], ...]:
    ordered = sorted(regions, key=lambda r: (r.region_id != first, r.name))
    return tuple((f"{r.name} ({r.region_id})", r.region_id) for r in ordered)


def new_office_form(regions: list[Region], region_id: str, timezone: str) -> Form:
    fields = (
        FormField("office_id", _("Office ID"), required=True, max_length=40,
                  placeholder=_("lower case, e.g. gva-fret")),
        FormField("name", _("Name"), required=True, max_length=120),
        FormField("region_id", _("Region"), FieldKind.CHOICE, required=True, choices=_regions(regions, region_id)),
        FormField("timezone", _("Time zone"), required=True, max_length=60, default=timezone,
                  placeholder=_("e.g. Europe/Zurich")),
        *_detail_fields(None),
    )

    def build(v: dict[str, str]) -> NewOffice:
        details = _details(v)
        return model_or_problem(lambda: NewOffice(  # type: ignore[return-value]
            office_id=v["office_id"].strip(), name=v["name"].strip(), region_id=v["region_id"],
            timezone=v["timezone"].strip(), **details))

    return Form(_("New customs office"), fields, build)


def change_office_form(regions: list[Region], office: Office) -> Form:
    fields = (
        FormField("name", _("Name"), required=True, max_length=120, default=office.name),
        FormField("region_id", _("Region"), FieldKind.CHOICE, choices=_regions(regions, office.region_id)),
        FormField("timezone", _("Time zone"), required=True, max_length=60, default=office.timezone),
        *_detail_fields(office),
    )

    def build(v: dict[str, str]) -> OfficeChange:
        typed = {"name": v["name"].strip(), "region_id": v["region_id"] or office.region_id,
                 "timezone": v["timezone"].strip(), **_details(v)}
        now = {"name": office.name, "region_id": office.region_id, "timezone": office.timezone,
               "types": list(office.types), "address": office.address, "postcode": office.postcode,
               "city": office.city, "phone": office.phone, "email": office.email,
               "opening_hours": office.opening_hours, "latitude": office.latitude, "longitude": office.longitude}
        changed = {key: value for key, value in typed.items() if value != now[key]}
        if "latitude" in changed or "longitude" in changed:  # the two go together, even when one stays
            changed["latitude"], changed["longitude"] = typed["latitude"], typed["longitude"]
        return model_or_problem(lambda: OfficeChange.model_validate(changed))  # type: ignore[return-value]

    return Form(_("Change office {office}").format(office=office.office_id), fields, build)
