"""The officer's words for the vehicle conventions' decisions on passages, exit timing, the extension,
terminations, the regularisation and the non-discharge notification.

A decision comes from the domain (:class:`carnet_domain.cpd.decision.Decision`, figures as dates and numbers)
or from a central's refusal ``cpd_rule`` (``{"reason", "citation", "figures"}``, figures as text): both are
read here the same way, dates shown as dd/mm/yyyy. A reason this version does not know is shown as its code
with its figures, never dropped.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from carnet_domain.cpd.decision import CpdReason, Decision
from ecarnet_tui.formats import format_day, labelled
from ecarnet_tui.i18n import _

R = CpdReason


class _Figures(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "?"


def shown(value: object) -> str:
    """A figure as the officer reads it: a date as dd/mm/yyyy, anything else as it is."""
    if isinstance(value, date):
        return format_day(value)
    text = str(value)
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        try:
            return format_day(date.fromisoformat(text))
        except ValueError:
            return text
    return text


def _texts() -> dict[CpdReason, str]:
    return {
        # Passages
        R.ENTRY_ACCEPTED: _("Entry into {territory} allowed: the carnet is valid until {valid_until} ({article})."),
        R.ENTRY_BEFORE_VALIDITY: _("The carnet is valid only from {issue_date}: no entry before ({article})."),
        R.ENTRY_AFTER_EXPIRY: _("The carnet expired on {valid_until}, {days_after_expiry} days ago: no entry "
                                "after expiry ({article})."),
        R.ENTRY_TERRITORY_NOT_COVERED: _("The carnet is not valid in {territory}; it is valid in "
                                         "{valid_territories} ({article})."),
        R.ENTRY_ALREADY_INSIDE: _("The vehicle entered {territory} on {inside_since} and has not left: record "
                                  "its exit first ({article})."),
        R.ENTRY_SINGLE_JOURNEY_USED: _("Single-journey carnet: the vehicle already entered {territory} on "
                                       "{first_entry_on}. A second entry is refused ({article})."),
        R.FINAL_DATE_BEFORE_ENTRY: _("The final date for re-exportation {final_date} is before the entry "
                                     "({article})."),
        R.FINAL_DATE_BEYOND_VALIDITY: _("The final date for re-exportation {final_date} is after the carnet's "
                                        "validity ({valid_until}) ({article})."),
        R.EXIT_ACCEPTED: _("Exit from {territory}: the vehicle entered on {entry_on}, final date {final_date} "
                           "({article})."),
        R.EXIT_WITHOUT_ENTRY: _("No entry into {territory} is open on this carnet: there is nothing to "
                                "discharge ({article})."),
        R.EXIT_BEFORE_ENTRY: _("The exit date {exit_on} is before the entry on {entry_on} ({article})."),
        R.HOLDER_RESIDENT_IN_TERRITORY: _("The holder lives in {holder_country}, inside this territory: a private "
                                          "vehicle's holder must reside outside it ({article})."),
        R.DRIVER_RESIDENT_IN_TERRITORY: _("The driver lives in {residence_country}, inside this territory: refused "
                                          "unless customs exceptionally tolerate it; ask your controller "
                                          "({article})."),
        R.DRIVER_RESIDENT_TOLERATED: _("The driver lives in {residence_country}, inside this territory: tolerated "
                                       "exceptionally ({article})."),
        # Exit timing
        R.EXIT_TIMELY: _("Exit in time: final date {extended_final_date} ({article})."),
        R.EXIT_LATE_EXPLAINED: _("Exit {days_late} days after the final date {extended_final_date}, within 14 "
                                 "days, with a satisfactory explanation: accepted as timely ({article})."),
        R.EXIT_LATE_UNEXPLAINED: _("Exit {days_late} days after the final date {extended_final_date}. Within 14 "
                                   "days it is accepted as timely if the holder explains the delay: type the "
                                   "explanation, or it is flagged for the controller ({article})."),
        R.EXIT_LATE: _("Late exit: {days_late} days after the final date {extended_final_date}, beyond the 14 "
                       "days allowed. It is recorded and flagged for the controller ({article})."),
        # The extension
        R.EXTENSION_GRANTED: _("Extension until {granted_until} granted by {authority} ({country}) on "
                               "{granted_on}, recognised everywhere ({article})."),
        R.EXTENSION_EXCEPTIONAL: _("Exceptional extension: {granted_until} is more than three months after "
                                   "{previous_valid_until} ({article})."),
        R.EXTENSION_ALREADY_EXTENDED: _("The carnet was already extended once, until {granted_until} by "
                                        "{authority}: a second extension is refused ({article})."),
        R.EXTENSION_NOT_LATER: _("The new date {granted_until} is not after the current expiry "
                                 "{previous_valid_until} ({article})."),
        R.EXTENSION_OVER_ONE_YEAR: _("An extension is at most one year: {granted_until} is after "
                                     "{absolute_limit} ({article})."),
        R.EXTENSION_OVER_THREE_MONTHS: _("{granted_until} is more than three months after {previous_valid_until} "
                                         "(normally at most {normal_limit}): mark it exceptional if it is "
                                         "({article})."),
        R.EXTENSION_REQUEST_AFTER_EXPIRY: _("Requested on {requested_on}, after the expiry on {valid_until}: "
                                            "refused unless force majeure prevented an earlier request "
                                            "({article})."),
        R.EXTENSION_LATE_FORCE_MAJEURE: _("Requested after the expiry on {valid_until}, because of force "
                                          "majeure: to be checked ({article})."),
        R.EXTENSION_NOT_BY_GUARANTOR: _("Requested by {requested_by}: only the guaranteeing association "
                                        "{guaranteed_by} may ask ({article})."),
        R.EXTENSION_WRONG_COUNTRY: _("Granted in {country}: only the customs of the guaranteeing association's "
                                     "country ({guarantor_country}) may grant it ({article})."),
        R.EXTENSION_BEYOND_REQUEST: _("Granted until {granted_until}, beyond the {requested_until} requested "
                                      "({article})."),
        R.EXTENSION_GRANTED_BEFORE_REQUEST: _("Granted on {granted_on}, before the request of {requested_on} "
                                              "({article})."),
        # Terminations and the regularisation
        R.TERMINATED_DUTIES_PAID: _("Entry {entry_id} ended: import duties paid ({article})."),
        R.TERMINATED_ABANDONED: _("Entry {entry_id} ended: vehicle abandoned to the treasury ({article})."),
        R.TERMINATED_DESTROYED: _("Entry {entry_id} ended: vehicle destroyed under official supervision "
                                  "({article})."),
        R.TERMINATED_FORCE_MAJEURE: _("Entry {entry_id} ended: vehicle lost by force majeure ({article})."),
        R.TERMINATED_LOST_IN_SEIZURE: _("Entry {entry_id} ended: vehicle lost or stolen while seized "
                                        "({article})."),
        R.ACCIDENT_NOT_AUTHENTICATED: _("A damaged vehicle needs the accident duly authenticated ({article})."),
        R.FORCE_MAJEURE_NOT_PROVEN: _("A loss by force majeure needs its proof: describe the evidence "
                                      "({article})."),
        R.SEIZURE_LOSS_NOT_PROVIDED: _("The private vehicles convention has no loss during a seizure: record "
                                       "force majeure instead ({article})."),
        R.SEIZURE_LOSS_NOT_BY_AUTHORITIES: _("A loss during a seizure counts only for a seizure by the "
                                             "authorities ({article})."),
        R.ENTRY_NOT_OPEN: _("Entry {entry_id} is not open: it was exited or settled already, or it is not an "
                            "entry of this carnet ({article})."),
        R.SETTLED_BEFORE_ENTRY: _("{settled_on} is before the entry on {entry_on} ({article})."),
        R.REGULARISED: _("Entry {entry_id} regularised by the certificate of {authority} ({certificate_country}), "
                         "vehicle presented on {presented_on} ({article})."),
        R.CERTIFICATE_INSIDE_TERRITORY: _("The certificate comes from {certificate_country}, inside {territory}: "
                                          "it must show the vehicle outside the country ({article})."),
        R.CERTIFICATE_RECORDED_BEFORE_ISSUE: _("Recorded on {recorded_on}, before the certificate's issue on "
                                               "{issued_on} ({article})."),
        R.REGULARISATION_NOT_CONTROLLER: _("Only a controller may record a certificate of location ({article})."),
        # Validity, discharge and the notification
        R.VALIDITY_WITHIN_ONE_YEAR: _("Validity within one year of issue ({article})."),
        R.VALIDITY_OVER_ONE_YEAR: _("Validity until {valid_until} runs past one year from the issue on "
                                    "{issue_date} (at most {latest_valid_until}): check it ({article})."),
        R.DISCHARGE_NOT_APPLICABLE: _("Valid until {valid_until}: discharge not due yet ({article})."),
        R.DISCHARGED: _("Discharged: every entry was ended by an exit or a recorded termination ({article})."),
        R.DISCHARGE_TO_CHECK: _("To check: {outstanding} entry not discharged after expiry ({article})."),
        R.NOTIFICATION_WARNING: _("Notify the guaranteeing association of the non-discharge by {deadline}: "
                                  "{days_left} days left ({article})."),
        R.NOTIFICATION_LAPSED: _("The notification deadline {deadline} has passed: the claim on the "
                                 "guaranteeing association has lapsed ({article})."),
        R.NOTIFICATION_OPEN: _("Notify the guaranteeing association by {deadline} ({article})."),
        R.NOTIFIED_IN_TIME: _("Association notified on {notified_on}, in time ({article})."),
        R.NOTIFIED_LATE: _("Association notified on {notified_on}, after the deadline {deadline} ({article})."),
    }


def decision_text(reason: str, citation: str, figures: Mapping[str, object]) -> str:
    """What the decision ``reason`` says, with its figures and its article."""
    values = _Figures({key: shown(value) for key, value in figures.items()})
    values["article"] = citation
    try:
        template = _texts()[CpdReason(reason)]
    except (ValueError, KeyError):
        shown_figures = ", ".join(f"{key} {value}" for key, value in values.items() if key != "article")
        return labelled(f"{reason} ({citation})", shown_figures) if shown_figures else f"{reason} ({citation})"
    return template.format_map(values)


def text_of(decision: Decision) -> str:
    return decision_text(decision.reason.value, str(decision.citation), decision.figures)


def refusal_decisions(extra: Mapping[str, object]) -> list[str]:
    """The texts of a ``cpd_rule`` refusal's decisions (what the central sent beside its code)."""
    texts = []
    decisions = extra.get("decisions")
    for item in decisions if isinstance(decisions, list) else []:
        if isinstance(item, dict):
            figures = item.get("figures")
            texts.append(decision_text(str(item.get("reason", "")), str(item.get("citation", "")),
                                       figures if isinstance(figures, dict) else {}))
    return texts
