"""Turning errors into words for the officer: what happened and what to do."""

from __future__ import annotations

from central_client.errors import CentralError, CentralRefused, CentralUnreachable
from ecarnet_tui.i18n import _, ngettext
from ecarnet_tui.literal import printable
from ecarnet_tui.services.entry_error import EntryError
from ecarnet_tui.texts.cpd_decisions import refusal_decisions
from ecarnet_tui.texts.refusals import refusal_text
from offline_queue.items import QueuedCommit

DETAIL_HELPS = frozenset({
    "carnet_on_hold", "carnet_expired", "carnet_not_yet_valid", "bad_item_range", "final_date_invalid",
    "territory_not_covered", "not_home_territory", "type_mismatch", "invalid_request",
    "replacement_after_original_expiry",
})
"""Refusals whose detail (a hold's reason, a date, the bad part) helps the officer; others carry internal IDs."""


def describe(error: CentralError) -> str:
    if isinstance(error, CentralUnreachable):
        return _("The central system cannot be reached ({reason}). Check the link and press Ctrl+R to retry.").format(
            reason=printable(error.reason)
        )
    if isinstance(error, CentralRefused):
        known = refusal_text(error.code)
        text = known or _("The central refused: {message}").format(message=printable(error.message))
        if error.code == "cpd_rule":
            reasons = refusal_decisions(error.extra) or [error.detail]  # no decision: the detail says why
            return " ".join([text, *(printable(line) for line in reasons if line)])
        if error.code == "bad_item_range" and error.detail.replace(",", "").isdigit():
            # The central names the items whose identification marks are beyond the general list.
            return _("Identification marks were typed for items {items}, which are not on the carnet's general "
                     "list: remove them at step 3.").format(items=printable(error.detail))
        if error.detail and (known is None or error.code in DETAIL_HELPS):
            text += " " + _("({detail})").format(detail=printable(error.detail))
        if error.code == "internal_error" and isinstance(incident := error.extra.get("incident"), str):
            text += " " + _("Give the help desk this incident number: {incident}.").format(
                incident=printable(incident)[:20])
        return text
    return printable(str(error))


def refusal_reason(item: QueuedCommit) -> str:
    """Why the central refused a commit of the offline queue, in the officer's words; or why the queue stopped
    sending it (the central failed on it time after time)."""
    failures, incidents = item.refusal_extra.get("failures"), item.refusal_extra.get("incidents")
    if item.refusal_code == "internal_error" and isinstance(failures, int):
        return central_failures(failures, [str(i) for i in incidents] if isinstance(incidents, list) else [])
    return describe(CentralRefused(0, item.refusal_code, item.refusal_message, item.refusal_detail,
                                   item.refusal_extra))


def central_failures(count: int, incidents: list[str]) -> str:
    """A commit the central failed on ``count`` times in a row (``incidents``: the IDs it gave), taken out of the
    sending: what the supervisor does about it."""
    if incidents:
        text = ngettext("The central failed on this commit {count} time in a row (incident {incidents}).",
                        "The central failed on this commit {count} times in a row (incidents {incidents}).",
                        count).format(count=count, incidents=", ".join(printable(i) for i in incidents))
    else:
        text = ngettext("The central failed on this commit {count} time in a row, without an incident number.",
                        "The central failed on this commit {count} times in a row, without an incident number.",
                        count).format(count=count)
    return text + " " + _("It is no longer sent on its own: tell the central's help desk; once it is repaired, "
                          "resubmit the commit (Ctrl+S).")


def entry_problem(error: EntryError) -> str:
    part = printable(error.part)
    texts = {
        "empty": _("An empty part in the range: remove the extra comma."),
        "too_many": _("The range has too many parts."),
        "reversed": _("'{part}' is reversed: write the smaller number first."),
        "zero": _("'{part}': items are numbered from 1."),
        "beyond": _("'{part}': the carnet lists only {limit} items."),
        "not_a_number": _("'{part}' is not an item number or a range like 3-7."),
        "nothing_declared": _("Declare at least one item, e.g. 1-13."),
        "date_format": _("'{part}' is not a date: write it as YYYY-MM-DD or DD/MM/YYYY."),
        "date_past": _("{part} is in the past: the final date cannot be before today."),
        "date_after_validity": _("The final date cannot be after the carnet's validity ({part})."),
    }
    template = texts.get(error.reason, _("'{part}' cannot be used."))
    return template.format(part=part, limit=error.limit)
