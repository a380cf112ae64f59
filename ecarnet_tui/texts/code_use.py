"""Why step 1 refuses a transaction code this desk already used, in the officer's words."""

from __future__ import annotations

from ecarnet_tui.formats import local_time
from ecarnet_tui.i18n import _
from offline_queue.items import EarlierUse, ItemState


def earlier_use_text(use: EarlierUse) -> str:
    """The refusal, with the earlier receipt's reference so that the officer can find it and tell the holder."""
    when = local_time(use.at)
    if use.state is ItemState.PENDING:
        return _("This transaction code was already used at this desk: provisional receipt {ref} of {when} waits in "
                 "the offline queue. Give the holder that receipt's reference; the same transaction is not recorded "
                 "twice.").format(ref=use.local_ref, when=when)
    if use.state is ItemState.NEEDS_REVIEW:
        return _("This transaction code was already used at this desk: provisional receipt {ref} of {when} was "
                 "refused by the central and waits for a supervisor's decision (queue: Ctrl+Y).").format(
            ref=use.local_ref, when=when)
    if use.state is ItemState.HELD:
        return _("This transaction code was already used at this desk: provisional receipt {ref} of {when} was put on "
                 "hold by a supervisor. Release the hold when the central can be reached.").format(
            ref=use.local_ref, when=when)
    if use.local_ref:
        return _("This transaction code was already used at this desk on {when}: receipt {ref}, verification code "
                 "{code}. A code is used once: the holder prepares a new transaction, or cancels that one "
                 "first.").format(when=when, ref=use.local_ref, code=use.verification_code)
    return _("This transaction code was already used at this desk on {when}: verification code {code}. A code is "
             "used once: the holder prepares a new transaction, or cancels that one first.").format(
        when=when, code=use.verification_code)
