"""A vehicle file in the officer's words: the carnet's CPD rows at step 2 (single journey, trailer, validity
with its extension) and the lines of its passages, seizures, terminations and regularisations."""

from __future__ import annotations

from carnet_domain.carnet import Carnet
from carnet_domain.cpd.convention import convention_of
from carnet_domain.cpd.decision import Verdict
from carnet_domain.cpd.discharge import DischargeStatus
from carnet_domain.cpd.exit_timing import SeizedBy, deadline
from carnet_domain.cpd.passages import final_date_of, stays
from carnet_domain.cpd.records import ExtensionRecord, SeizureRecord
from carnet_domain.cpd.terminations import TerminationKind
from carnet_domain.cpd.trailers import check_trailer, cover_of
from carnet_domain.cpd.validity import check_validity_period
from central_contract.vehicles import ExitView, VehicleFile
from ecarnet_tui.i18n import _
from ecarnet_tui.texts.cpd import use_name
from ecarnet_tui.texts.cpd_decisions import shown, text_of


def yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


def extension_line(record: ExtensionRecord) -> str:
    e = record.extension
    line = _("until {until}, granted by {authority} ({country}) on {on}").format(
        until=shown(e.granted_until), authority=e.authority, country=e.country, on=shown(e.granted_on))
    return line + (" — " + _("exceptional") if e.exceptional else "")


def trailer_line(carnet: Carnet) -> str:
    cover = cover_of(carnet)
    if cover is None:
        return ""
    decision = check_trailer(convention_of(carnet), cover)
    if cover.own_carnet_id is not None:
        return _("on its own carnet {carnet}").format(carnet=cover.own_carnet_id)
    trailer = cover.on_this_carnet
    assert trailer is not None
    line = _("on this carnet: {plate} ({country}), VIN {vin}").format(
        plate=trailer.registration_number, country=trailer.registration_country, vin=trailer.chassis_vin)
    return line if not decision.refused else f"{line}. {text_of(decision)}"


def vehicle_rows(carnet: Carnet, file: VehicleFile | None) -> list[tuple[str, str]]:
    """Step 2's rows for a vehicle carnet, after the carnet's own."""
    rows = [(_("Use"), use_name(carnet.vehicle_use)), (_("Single journey"), yes_no(carnet.single_journey))]
    validity = check_validity_period(carnet)
    if validity.verdict is not Verdict.OK:
        rows.append((_("Validity"), text_of(validity)))
    if (trailer := trailer_line(carnet)):
        rows.append((_("Trailer"), trailer))
    if file is None:
        rows.append((_("Vehicle file"), _("not available offline")))
        return rows
    rows.append((_("Extension"), extension_line(file.extension) if file.extension else _("none")))
    if file.extension is not None:
        rows.append((_("Valid until (extended)"), shown(file.valid_until)))
    rows.append((_("Passages"), str(len(file.passages)) if file.passages else _("none yet")))
    return rows


def stay_lines(file: VehicleFile) -> list[str]:
    """One line per stay: where and when the vehicle entered, its D, and how it left (or that it is inside)."""
    by_exit = {e.exit_id: e for e in file.exits}
    ended = {t.termination.entry_id: t.termination.kind for t in file.terminations}
    regularised = {r.regularisation.entry_id for r in file.regularisations}
    records = file.records
    lines = []
    for stay in stays(file.passages):
        entry = stay.entry
        final = final_date_of(entry, file.valid_until, file.valid_until_before_extension)
        line = _("Entry {id} into {territory} on {on}, final date {final}").format(
            id=entry.passage_id, territory=entry.territory, on=shown(entry.on), final=shown(final))
        if stay.exit is not None:
            line += "; " + exit_text(by_exit.get(stay.exit.passage_id), stay.exit.on)
        elif entry.passage_id in ended:
            line += "; " + termination_name(ended[entry.passage_id])
        elif entry.passage_id in regularised:
            line += "; " + _("regularised by a certificate of location")
        else:
            line += "; " + _("still inside")
            due = deadline(final, records.seizures_since(entry), file.office_date)
            if due.suspended_days:
                line += "; " + _("final date {date} with {days} days of seizure").format(
                    date=shown(due.extended), days=due.suspended_days)
        lines.append(line)
    return lines


def exit_text(view: ExitView | None, on: object) -> str:
    if view is None:
        return _("left on {on}").format(on=shown(on))
    text = _("left on {on}").format(on=shown(view.exit_on))
    if view.days_late:
        text += " " + _("({days} days late)").format(days=view.days_late)
    if view.explanation:
        text += " " + _("explained: {why}").format(why=view.explanation)
    if view.flagged:
        text += " — " + _("FLAGGED")
    return text


def termination_name(kind: TerminationKind) -> str:
    return {
        TerminationKind.DUTIES_PAID: _("duties paid"),
        TerminationKind.ABANDONED_TO_TREASURY: _("abandoned to the treasury"),
        TerminationKind.DESTROYED_UNDER_SUPERVISION: _("destroyed under supervision"),
        TerminationKind.FORCE_MAJEURE_LOSS: _("lost by force majeure"),
        TerminationKind.LOST_DURING_SEIZURE: _("lost during a seizure"),
    }[kind]


def seizure_line(record: SeizureRecord) -> str:
    s = record.seizure
    by = _("by the authorities") if s.seized_by is SeizedBy.AUTHORITIES else _("at the suit of private persons")
    line = _("Seizure {id} {by} on {on}").format(id=record.record_id, by=by, on=shown(s.seized_on))
    if s.authority:
        line += f" ({s.authority})"
    line += "; " + (_("released on {on}").format(on=shown(s.released_on)) if s.released_on else _("not released"))
    return line


def status_name(status: DischargeStatus) -> str:
    return {DischargeStatus.NOT_APPLICABLE: _("N/A (valid)"), DischargeStatus.DISCHARGED: _("Discharged"),
            DischargeStatus.TO_CHECK: _("To check")}[status]
