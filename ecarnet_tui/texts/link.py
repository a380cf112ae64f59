"""What the title bar and the receipts say about the link and the offline queue; cheap to import at start-up."""

from __future__ import annotations

from datetime import datetime

from ecarnet_tui.formats import local_time
from ecarnet_tui.i18n import _, ngettext
from offline_queue.status import SyncStatus


def link_text(status: SyncStatus) -> str:
    """The title bar's account of the link and the queue, e.g. ``OFFLINE · 3 waiting · 1 to review``."""
    parts: list[str] = []
    if status.reachable is True:
        parts.append(_("online"))
    elif status.reachable is False:
        parts.append(_("OFFLINE"))
    counts = status.counts
    if counts.pending:
        parts.append(ngettext("{n} waiting", "{n} waiting", counts.pending).format(n=counts.pending))
    if counts.needs_review:
        parts.append(ngettext("{n} to review", "{n} to review", counts.needs_review).format(n=counts.needs_review))
    if status.blocked:
        parts.append(_("sending stopped: sign in again"))
    if counts.pending or counts.needs_review:
        parts.append(_("queue: Ctrl+Y"))
    if status.clock_skew is not None:
        minutes = round(status.clock_skew.total_seconds() / 60)
        parts.append(_("CLOCK {minutes:+d} min off the central").format(minutes=minutes))
    return " · ".join(parts)


def unchecked_text(code: str, since: datetime | None) -> str:
    """One line of the provisional receipt: a check the desk could not make."""
    when = local_time(since) if since is not None else ""
    texts = {
        "holds": _("Holds placed since {when} (the carnet was checked as the central knew it then)."),
        "history": _("Transactions made elsewhere since {when}: the central checks them when it receives this."),
        "carnet": _("The carnet itself, its validity and its goods: recorded without them."),
        "answer": _("The central's answer to this commit was lost: it is sent again, once, when the link is back."),
        "unreached": _("The central could not be reached at commit: holds and transactions made elsewhere since the "
                       "lookup are checked when the link is back."),
    }
    return texts.get(code, code).format(when=when)
