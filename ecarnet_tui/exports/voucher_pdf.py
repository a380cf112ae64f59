"""A transaction of the Logs as a PDF voucher: the customs part of the printed receipt (its layout, fonts, QR and
TRAINING stamp from :mod:`ecarnet_tui.printing.receipt_pdf`), with the transaction's state. A verification
code that no QR can hold does not stop the export: its voucher is printed without the QR."""

from __future__ import annotations

from datetime import tzinfo

from carnet_domain.carnet import Carnet
from carnet_domain.payload import verification_payload
from carnet_domain.transaction import Transaction
from ecarnet_tui.exports.columns import state_name
from ecarnet_tui.i18n import _
from ecarnet_tui.printing.fonts import ReceiptFonts, find_fonts
from ecarnet_tui.printing.receipt_content import (
    goods_headings,
    goods_lines,
    identity_fields,
    remark_fields,
    time_label,
    transaction_fields,
)
from ecarnet_tui.printing.receipt_pdf import ReceiptDocument
from ecarnet_tui.texts.labels import type_name


def receipt_qr(tx: Transaction, training: bool) -> str | None:
    """What the voucher's QR holds, or ``None`` when ``tx``'s verification code cannot be put in one (a character
    outside the code alphabet)."""
    try:
        return verification_payload(tx.verification_code, training)
    except ValueError:
        return None


def voucher_pdf(
    tx: Transaction, carnet: Carnet, *, training: bool, zone: tzinfo | None = None, fonts: ReceiptFonts | None = None,
) -> bytes:
    """The voucher of ``tx`` as PDF bytes; ``training`` stamps every page. A verification code no QR can hold
    is printed without its QR, with a line saying to type it. Raises
    :class:`~ecarnet_tui.printing.fonts.FontMissing` when the DejaVu fonts are not installed."""
    kind = type_name(tx.type)
    code = tx.verification_code
    running = _("eCarnet logs · {type} · carnet {number} · verification code {code}").format(
        type=kind, number=carnet.number, code=code)
    pdf = ReceiptDocument(fonts or find_fonts(), training=training, running_line=running)
    pdf.add_page()
    pdf.part_heading(_("Voucher – for customs"))
    pdf.verification(code, receipt_qr(tx, training), kind, carnet.number)
    state = [(_("State"), state_name(tx.state))]
    if tx.cancelled_at is not None:
        state.append((_("Cancelled"), time_label(tx.cancelled_at, zone)))
    pdf.fields(identity_fields(tx, carnet) + transaction_fields(tx, carnet, zone) + state + remark_fields(tx))
    pdf.goods(goods_headings(carnet), goods_lines(tx, carnet))
    return bytes(pdf.output())
