"""The forms of a vehicle file: what each record asks for, and the request built from what was typed.

No Textual here: a form is a list of fields; :func:`build` turns the typed values into the central's request
or raises :class:`FormProblem` naming the field and what to do.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel

from carnet_domain.cpd.exit_timing import SeizedBy
from carnet_domain.cpd.passages import stays
from carnet_domain.cpd.terminations import CertificateOfLocation, OfficialAuthority, TerminationKind
from central_contract.vehicles import (
    ExtensionRequest,
    NotificationRequest,
    RegularisationRequest,
    ReleaseRequest,
    SeizureRequest,
    TerminationRequest,
    VehicleFile,
)
from ecarnet_tui.formats import country_name, format_day
from ecarnet_tui.i18n import _
from ecarnet_tui.texts.forms import NONE, FieldKind, Form, FormField, FormProblem, model_or_problem
from ecarnet_tui.texts.vehicle_file import termination_name


class RecordKind(StrEnum):
    EXTENSION = "extension"
    SEIZURE = "seizure"
    RELEASE = "release"
    TERMINATION = "termination"
    REGULARISATION = "regularisation"
    NOTIFICATION = "notification"


def read_country(values: dict[str, str], key: str, label: str) -> str:
    text = values.get(key, "").strip().upper()
    if len(text) != 2 or not text.isascii() or not text.isalpha():
        raise FormProblem(key, _("{field}: the country's two-letter code, e.g. DE or FR.").format(field=label))
    return text


def read_date(values: dict[str, str], key: str, label: str) -> date:
    text = values.get(key, "").strip()
    if not text:
        raise FormProblem(key, _("{field}: a date is needed, as YYYY-MM-DD or DD/MM/YYYY.").format(field=label))
    parts = text.replace(".", "/").split("/")
    try:
        if len(parts) == 3 and len(parts[2]) == 4:
            return date(int(parts[2]), int(parts[1]), int(parts[0]))
        return date.fromisoformat(text)
    except ValueError:
        raise FormProblem(key, _("{field}: {text} is not a date; type it as YYYY-MM-DD or DD/MM/YYYY.").format(
            field=label, text=text)) from None


def _yes_no() -> tuple[tuple[str, str], ...]:
    return ((_("No"), "no"), (_("Yes"), "yes"))


def _open_entries(file: VehicleFile, territory: str | None) -> tuple[tuple[str, str], ...]:
    """The open entries to choose from: into ``territory`` only (the central lets an office settle no other's),
    or all of them (``None``, an Admin)."""
    entries = [s.entry for s in stays(file.passages) if s.entry.passage_id in file.open_entries
               and territory in (None, s.entry.territory)]
    return tuple((f"{e.passage_id} — {country_name(e.territory)} {format_day(e.on)}", e.passage_id) for e in entries)


def extension_form(file: VehicleFile, guarantor_country: str, today: date) -> Form:
    d = today.isoformat()
    fields = (
        FormField("granted_until", _("Valid until (new)"), FieldKind.DATE, required=True),
        FormField("requested_until", _("Requested until"), FieldKind.DATE, placeholder=_("blank: as granted")),
        FormField("requested_on", _("Requested on"), FieldKind.DATE, default=d),
        FormField("granted_on", _("Granted on"), FieldKind.DATE, default=d),
        FormField("authority", _("Granted by (authority)"), required=True),
        FormField("country", _("Country of the authority"), default=guarantor_country, max_length=2),
        FormField("registry_number", _("Registry number"), max_length=40),
        FormField("place", _("Place"), max_length=100),
        FormField("exceptional", _("Exceptional"), FieldKind.CHOICE, choices=_yes_no()),
        FormField("force_majeure_late", _("Late by force majeure"), FieldKind.CHOICE, choices=_yes_no()),
    )

    def build(v: dict[str, str]) -> BaseModel:
        until = read_date(v, "granted_until", _("Valid until (new)"))
        requested = read_date(v, "requested_until", _("Requested until")) if v.get("requested_until") else until
        return model_or_problem(lambda: ExtensionRequest(
            granted_until=until, requested_until=requested,
            requested_on=read_date(v, "requested_on", _("Requested on")),
            granted_on=read_date(v, "granted_on", _("Granted on")), authority=v.get("authority", "").strip(),
            country=read_country(v, "country", _("Country of the authority")),
            registry_number=v.get("registry_number", "").strip(),
            place=v.get("place", "").strip(), exceptional=v.get("exceptional") == "yes",
            force_majeure_late=v.get("force_majeure_late") == "yes"))

    return Form(_("Extension of validity"), fields, build)


def seizure_form(today: date) -> Form:
    fields = (
        FormField("seized_by", _("Seized by"), FieldKind.CHOICE, choices=(
            (_("the authorities"), SeizedBy.AUTHORITIES.value),
            (_("private persons (suit)"), SeizedBy.PRIVATE_SUIT.value))),
        FormField("seized_on", _("Seized on"), FieldKind.DATE, required=True, default=today.isoformat()),
        FormField("authority", _("Authority")),
        FormField("reference", _("Reference"), max_length=100),
    )

    def build(v: dict[str, str]) -> BaseModel:
        return model_or_problem(lambda: SeizureRequest(
            seized_by=SeizedBy(v.get("seized_by") or SeizedBy.AUTHORITIES.value),
            seized_on=read_date(v, "seized_on", _("Seized on")), authority=v.get("authority", "").strip(),
            reference=v.get("reference", "").strip()))

    return Form(_("Seizure of the vehicle"), fields, build)


def release_form(file: VehicleFile, today: date) -> Form:
    held = tuple((f"{s.record_id} — {format_day(s.seizure.seized_on)}", s.record_id)
                 for s in file.seizures if s.seizure.released_on is None)
    fields = (
        FormField("seizure", _("Seizure"), FieldKind.CHOICE, choices=held),
        FormField("released_on", _("Released on"), FieldKind.DATE, required=True, default=today.isoformat()),
    )

    def build(v: dict[str, str]) -> BaseModel:
        if not v.get("seizure"):
            raise FormProblem("seizure", _("No seizure is waiting for its release."))
        return model_or_problem(lambda: ReleaseRequest(released_on=read_date(v, "released_on", _("Released on"))))

    return Form(_("Release from seizure"), fields, build)


def termination_form(file: VehicleFile, today: date, territory: str | None = None) -> Form:
    kinds = tuple((termination_name(k), k.value) for k in TerminationKind)
    seizures = ((_("none"), NONE), *((s.record_id, s.record_id) for s in file.seizures))
    fields = (
        FormField("entry_id", _("Entry"), FieldKind.CHOICE, choices=_open_entries(file, territory)),
        FormField("kind", _("Ended by"), FieldKind.CHOICE, choices=kinds),
        FormField("on", _("On"), FieldKind.DATE, required=True, default=today.isoformat()),
        FormField("authority", _("Supervising office")),
        FormField("reference", _("Reference"), max_length=100),
        FormField("accident_authenticated", _("Accident authenticated"), FieldKind.CHOICE, choices=_yes_no()),
        FormField("evidence", _("Evidence"), max_length=500),
        FormField("seizure_id", _("During seizure"), FieldKind.CHOICE, choices=seizures),
    )

    def build(v: dict[str, str]) -> BaseModel:
        if not v.get("entry_id"):
            raise FormProblem("entry_id", _("No entry is open on this carnet: there is nothing to end."))
        return model_or_problem(lambda: TerminationRequest(
            entry_id=v["entry_id"], kind=TerminationKind(v.get("kind") or TerminationKind.DUTIES_PAID.value),
            on=read_date(v, "on", _("On")), authority=v.get("authority", "").strip(),
            reference=v.get("reference", "").strip(), accident_authenticated=v.get("accident_authenticated") == "yes",
            evidence=v.get("evidence", "").strip(),
            seizure_id=None if v.get("seizure_id", NONE) in ("", NONE) else v["seizure_id"]))

    return Form(_("End of a stay without exit"), fields, build)


def regularisation_form(file: VehicleFile, today: date, territory: str | None = None) -> Form:
    authorities = (
        (_("consul"), OfficialAuthority.CONSUL.value), (_("customs"), OfficialAuthority.CUSTOMS.value),
        (_("police"), OfficialAuthority.POLICE.value), (_("mayor"), OfficialAuthority.MAYOR.value),
        (_("judicial officer"), OfficialAuthority.JUDICIAL_OFFICER.value),
        (_("other official"), OfficialAuthority.OTHER_OFFICIAL.value),
    )
    fields = (
        FormField("entry_id", _("Entry"), FieldKind.CHOICE, choices=_open_entries(file, territory)),
        FormField("authority_kind", _("Certified by"), FieldKind.CHOICE, choices=authorities),
        FormField("authority_name", _("Authority's name"), required=True),
        FormField("country", _("Authority's country"), required=True, max_length=2),
        FormField("place", _("Place")),
        FormField("presented_on", _("Vehicle presented on"), FieldKind.DATE, required=True),
        FormField("issued_on", _("Certificate issued on"), FieldKind.DATE, required=True),
        FormField("reference", _("Reference"), max_length=100),
    )

    def build(v: dict[str, str]) -> BaseModel:
        if not v.get("entry_id"):
            raise FormProblem("entry_id", _("No entry is open on this carnet: there is nothing to regularise."))
        certificate = model_or_problem(lambda: CertificateOfLocation(
            authority_kind=OfficialAuthority(v.get("authority_kind") or OfficialAuthority.CONSUL.value),
            authority_name=v.get("authority_name", "").strip(),
            country=read_country(v, "country", _("Authority's country")),
            place=v.get("place", "").strip(), presented_on=read_date(v, "presented_on", _("Vehicle presented on")),
            issued_on=read_date(v, "issued_on", _("Certificate issued on")), reference=v.get("reference", "").strip()))
        assert isinstance(certificate, CertificateOfLocation)
        return model_or_problem(lambda: RegularisationRequest(entry_id=v["entry_id"], certificate=certificate))

    return Form(_("Certificate of location"), fields, build)


def notification_form(today: date) -> Form:
    fields = (
        FormField("notified_on", _("Association notified on"), FieldKind.DATE, required=True,
                  default=today.isoformat()),
        FormField("reference", _("Reference"), max_length=100),
    )

    def build(v: dict[str, str]) -> BaseModel:
        return model_or_problem(lambda: NotificationRequest(
            notified_on=read_date(v, "notified_on", _("Association notified on")),
            reference=v.get("reference", "").strip()))

    return Form(_("Non-discharge notified"), fields, build)
