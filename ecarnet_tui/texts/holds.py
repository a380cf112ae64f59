"""A hold in the officer's words: who put the carnet on hold, where, when, and why."""

from __future__ import annotations

from carnet_domain.items import ItemRangeError, ItemRanges
from carnet_domain.transaction import Hold
from carnet_domain.transaction_types import TxField
from ecarnet_tui.formats import local_time
from ecarnet_tui.i18n import _
from ecarnet_tui.texts.labels import cleared_words, type_name


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


def held_ranges(hold: Hold, field: TxField) -> str:
    """The items ``field`` named when the carnet was put on hold (what the officer had typed, or the holder's
    declaration), as the hold's draft keeps them; empty when it keeps none."""
    ranges = hold.draft.get("ranges")
    value = ranges.get(field.value) if isinstance(ranges, dict) else None
    if not isinstance(value, str):
        return ""
    try:
        return ItemRanges.parse(value).format()
    except ItemRangeError:
        return value.strip()  # as typed: shown literally


def cleared_goods_text(hold: Hold) -> str:
    """The guide's *cleared goods* of a hold (line 2760), as the Logs say them (``declared 1-15; not re-exported:
    16-20``)."""
    return cleared_words(hold.transaction_type, held_ranges(hold, TxField.DECLARED_GOODS),
                         held_ranges(hold, TxField.DIVERTED_GOODS))
