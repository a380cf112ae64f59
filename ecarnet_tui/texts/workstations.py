"""The registered workstations an Admin or a Regional manager manages: how a row reads, what a search matches, the
form to register one, and its key shown once. No Textual here."""

from __future__ import annotations

from carnet_domain.organisation import Office
from central_contract.identity import NewWorkstation, RegisteredWorkstation, Workstation
from ecarnet_tui.formats import local_time
from ecarnet_tui.i18n import _
from ecarnet_tui.texts.desk_help import everywhere
from ecarnet_tui.texts.forms import FieldKind, Form, FormField, model_or_problem
from ecarnet_tui.texts.search import every_word_in


def workstations_help() -> tuple[str, list[str]]:
    return _("Workstations"), [
        _("The workstations registered at the offices you manage. A registered workstation signs officers in at its "
          "office and keeps their offline grants; type in the search line to keep those that match every word."),
        _("Ctrl+N registers a workstation at an office: its key is shown once, to type at that workstation with "
          "ecarnet --register-workstation. To move one to another office, revoke it and register it again."),
        _("Ctrl+D revokes the chosen workstation: its key stops working and its officers' offline grants end."),
        _("Ctrl+R loads the list again."),
        everywhere(),
    ]


def state_name(station: Workstation) -> str:
    return _("Active") if station.revoked_at is None else _("Revoked")


def workstation_row(station: Workstation) -> tuple[str, ...]:
    return station.workstation_id, station.name, station.office_id, state_name(station)


def workstation_details(station: Workstation) -> str:
    parts = [f"{station.name} ({station.workstation_id})",
             _("office {office}, region {region}").format(office=station.office_id, region=station.region_id),
             _("registered {when} by {who}").format(when=local_time(station.registered_at), who=station.registered_by)]
    if station.revoked_at is not None:
        parts.append(_("revoked {when} by {who}").format(when=local_time(station.revoked_at), who=station.revoked_by))
    return " · ".join(parts)


def matches(station: Workstation, search: str) -> bool:
    return every_word_in((station.workstation_id, station.name, station.office_id, station.region_id,
                          state_name(station), "active" if station.revoked_at is None else "revoked"), search)


def register_form(offices: list[Office], office_id: str) -> Form:
    ordered = sorted((o for o in offices if o.active), key=lambda o: (o.office_id != office_id, o.name))
    fields = (
        FormField("name", _("Workstation name"), required=True, max_length=120,
                  placeholder=_("e.g. Bardonnex desk 2")),
        FormField("office_id", _("Office"), FieldKind.CHOICE, required=True,
                  choices=tuple((f"{o.name} ({o.office_id})", o.office_id) for o in ordered)),
    )

    def build(v: dict[str, str]) -> NewWorkstation:
        return model_or_problem(lambda: NewWorkstation(  # type: ignore[return-value]
            name=v["name"].strip(), office_id=v["office_id"]))

    return Form(_("Register a workstation"), fields, build)


def key_lines(registered: RegisteredWorkstation) -> list[str]:
    """The workstation's key, as it is shown once."""
    return [
        _("Key: {key}").format(key=registered.key),
        _("Type it at the workstation with ecarnet --register-workstation. It is not shown again; the central "
          "keeps only its hash."),
    ]
