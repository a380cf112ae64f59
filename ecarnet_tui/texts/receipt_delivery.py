"""What the officer is told once a receipt is saved (and printed, or not)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ecarnet_tui.i18n import _

if TYPE_CHECKING:
    from ecarnet_tui.printing.printer import Delivery

PROVISIONAL_PRINTED = "provisional printed"
"""The queue's journal action for a provisional receipt handed to the holder on paper: its final receipt is
printed by itself when the central accepts the commit."""


def delivery_text(delivery: Delivery) -> tuple[str, bool]:
    """The message, and whether it reports a problem."""
    if delivery.problem:
        return _("Not printed, saved to {path}: {problem}").format(path=delivery.path, problem=delivery.problem), True
    if delivery.printer:
        return _("Receipt sent to printer {printer} and saved to {path}.").format(
            printer=delivery.printer, path=delivery.path), False
    return _("Receipt saved to {path} (no printer is set).").format(path=delivery.path), False


def voucher_delivery_text(delivery: Delivery, *, training: bool) -> tuple[str, bool]:
    """What the controller is told once a voucher of the Logs is saved (and printed, or not); a training voucher
    says it is not valid. The message, and whether it reports a problem."""
    if delivery.problem:
        text = _("Voucher not printed, saved to {path}: {problem}").format(path=delivery.path,
                                                                           problem=delivery.problem)
    elif delivery.printer:
        text = _("Voucher sent to printer {printer} and saved to {path}.").format(printer=delivery.printer,
                                                                                  path=delivery.path)
    else:
        text = _("Voucher saved to {path} (no printer is set).").format(path=delivery.path)
    if training:
        text = _("TRAINING voucher, not valid. {outcome}").format(outcome=text)
    return text, bool(delivery.problem)
