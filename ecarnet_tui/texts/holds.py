"""A hold in the officer's words: who put the carnet on hold, where, when, and why."""

from __future__ import annotations

from carnet_domain.transaction import Hold
from ecarnet_tui.formats import local_time
from ecarnet_tui.i18n import _
from ecarnet_tui.texts.labels import type_name


def hold_line(hold: Hold) -> str:
    return _("ON HOLD since {since} by {who} at {office}: {reason}").format(
        since=local_time(hold.held_since), who=hold.held_by_name, office=hold.office_name, reason=hold.reason)


def release_lines(hold: Hold) -> list[str]:
    """What the officer reads before releasing a hold."""
    return [
        _("{type}, held at step {step} since {since} by {who} at {office}.").format(
            type=type_name(hold.transaction_type), step=hold.step, since=local_time(hold.held_since),
            who=hold.held_by_name, office=hold.office_name),
        _("Reason: {reason}").format(reason=hold.reason),
    ]


def hold_details(hold: Hold) -> str:
    """The chosen hold of a list, whole: the table's reason column is too narrow for it."""
    return _("Carnet {number}, {type} held at step {step} since {since} by {who} at {office}. Reason: {reason}").format(
        number=hold.carnet_number, type=type_name(hold.transaction_type), step=hold.step,
        since=local_time(hold.held_since), who=hold.held_by_name, office=hold.office_name, reason=hold.reason)


def released_text(hold: Hold) -> str:
    """What the officer is told once the hold is released and the transaction resumed."""
    return _("Hold released (it was: {reason}). Resumed at step {step} with what was typed.").format(
        reason=hold.reason, step=hold.step)
