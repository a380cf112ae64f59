"""The officer's words for a vehicle carnet (CPD): the convention, the particulars, and the domain's decision
codes of :mod:`carnet_domain.cpd` (identity check, reminders at entry)."""

from __future__ import annotations

from carnet_domain.carnet import Carnet, Vehicle, VehicleUse
from carnet_domain.cpd.convention import Convention, Rule, cite
from carnet_domain.cpd.decision import CpdReason, Decision
from ecarnet_tui.formats import format_amount, format_count
from ecarnet_tui.i18n import _

R = CpdReason


def convention_name(convention: Convention) -> str:
    if convention is Convention.COMMERCIAL_1956:
        return _("Commercial road vehicles (Geneva, 18 May 1956)")
    return _("Private road vehicles (New York, 4 June 1954)")


def use_name(use: VehicleUse | None) -> str:
    return _("Commercial") if use is VehicleUse.COMMERCIAL else _("Private")


def convention_articles(convention: Convention) -> str:
    """The articles the officer applies at this desk, e.g. "identification 1956 art. 1(d), Annex 1; …"."""
    parts = (
        (_("identification"), Rule.IDENTIFICATION), (_("particulars"), Rule.PARTICULARS),
        (_("alterations"), Rule.ALTERATIONS), (_("driver"), Rule.DRIVER),
        (_("internal carriage"), Rule.INTERNAL_CARRIAGE), (_("re-exportation"), Rule.REEXPORT_WITHIN_VALIDITY),
    )
    return "; ".join(f"{label} {cite(convention, rule)}" for label, rule in parts)


def _optional(value: object) -> str:
    return "" if value is None else str(value)


def particulars(carnet: Carnet, vehicle: Vehicle) -> list[tuple[str, str]]:
    """The vehicle's particulars as the carnet gives them; blank ones are left out."""
    rows = [
        (_("Registration"), f"{vehicle.registration_number} ({vehicle.registration_country})"),
        (_("Make"), vehicle.make),
        (_("Type"), vehicle.vehicle_type),
        (_("Chassis / VIN"), vehicle.chassis_vin),
        (_("Engine number"), vehicle.engine_number),
        (_("Cylinders"), _optional(vehicle.cylinders)),
        (_("Power"), f"{format_count(vehicle.power_kw)} kW" if vehicle.power_kw is not None else ""),
        (_("Body"), vehicle.body),
        (_("Colour"), vehicle.colour),
        (_("Seats / payload"), vehicle.seats_or_payload),
        (_("Spare tyres"), str(vehicle.spare_tyres)),
        (_("Radio / accessories"), vehicle.radio_accessories),
        (_("Net weight"), f"{format_count(vehicle.net_weight_kg)} kg" if vehicle.net_weight_kg is not None else ""),
        (_("Value"), format_amount(vehicle.value, carnet.currency)),
    ]
    return [(label, value) for label, value in rows if value]


def field_name(name: str) -> str:
    return {"plate": _("Registration plate"), "vin": _("VIN"), "engine": _("Engine number")}.get(name, name)


def identity_text(decision: Decision) -> str:
    """What an identity decision means, with what the carnet says, what was seen and the article."""
    f, article = decision.figures, str(decision.citation)
    if decision.reason is R.IDENTITY_VIN_MISMATCH:
        return _("VIN differs: the carnet says {carnet}, the vehicle shows {seen}. A different chassis is a "
                 "different vehicle ({article}).").format(carnet=f["carnet_vin"], seen=f["seen_vin"], article=article)
    if decision.reason is R.IDENTITY_VIN_INVALID:
        return _("VIN {seen} has {letters}, which a VIN never contains: read it again (the carnet says {carnet}, "
                 "{article}).").format(seen=f["seen_vin"], letters=f["invalid_letters"], carnet=f["carnet_vin"],
                                       article=article)
    if decision.reason is R.IDENTITY_PARTICULARS_DIFFER:
        lines = []
        for name in str(f["fields"]).split(","):
            lines.append(_("{field} differs: the carnet says {carnet}, the vehicle shows {seen}.").format(
                field=field_name(name), carnet=f[f"carnet_{name}"], seen=f[f"seen_{name}"]))
        lines.append(_("A changed plate or engine needs the issuing association's approval ({article}).").format(
            article=article))
        return " ".join(lines)
    if decision.reason is R.IDENTITY_NOT_SEEN:
        names = ", ".join(field_name(n) for n in str(f["fields"]).split(","))
        return _("Not confirmed yet: {fields}. Ctrl+Y if what you see matches the carnet, or type what you "
                 "read.").format(fields=names)
    return _("Plate, VIN and engine number match the carnet ({article}).").format(article=article)


def reminder_text(decision: Decision) -> str:
    """A reminder to give the driver at entry, with its article."""
    article = str(decision.citation)
    texts = {
        R.NOTICE_NO_INTERNAL_CARRIAGE: _(
            "Remind the driver: no internal carriage. The vehicle may not pick up passengers or goods in this "
            "country to set them down in this country, even occasionally, paid or not ({article})."),
        R.NOTICE_NO_PAID_CARRIAGE: _(
            "Remind the driver: the vehicle may not carry passengers or goods between places in this country "
            "for pay or any other advantage ({article})."),
        R.NOTICE_NO_REHIRE: _(
            "Remind the driver: a hired vehicle may not be hired out again in this country, except to the "
            "original hirer ({article})."),
        R.NOTICE_LEASED_REEXPORT: _(
            "Remind the driver: customs may require a leased vehicle's re-exportation when its lessee "
            "leaves ({article})."),
    }
    return texts.get(decision.reason, decision.reason.value).format(article=article)


def driver_note(convention: Convention, territory: str = "", residence: str = "") -> str:
    """The remark recorded with the transaction when the driver's authorisation was checked; for a private
    vehicle (1954 art. 11) the driver's residence outside the territory too."""
    article = cite(convention, Rule.DRIVER)
    if convention is Convention.PRIVATE_1954 and territory and residence:
        return _("Driver's authorisation checked, driver resident in {country}, outside {territory} "
                 "({article})").format(country=residence.upper(), territory=territory, article=article)
    if convention is Convention.PRIVATE_1954 and territory:
        return _("Driver's authorisation checked, driver resident outside {territory} ({article})").format(
            territory=territory, article=article)
    return _("Driver's authorisation checked ({article})").format(article=article)

