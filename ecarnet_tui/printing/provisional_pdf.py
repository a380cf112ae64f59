"""The provisional receipt on paper: a commit kept in the offline queue while the central is unreachable.

Marked PROVISIONAL on every page, it gives the holder the local reference (no verification code yet, so no QR),
what was recorded, and what remains to be checked when the central receives it. The final receipt, with the
verification code, is printed when the central accepts the commit.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo

from carnet_domain.carnet import Carnet
from ecarnet_tui.i18n import _
from ecarnet_tui.printing.fonts import ReceiptFonts, find_fonts
from ecarnet_tui.printing.receipt_content import declared_lines, goods_headings, provisional_fields
from ecarnet_tui.printing.receipt_pdf import ReceiptDocument
from ecarnet_tui.texts.labels import type_name
from offline_queue.items import QueuedCommit


def provisional_receipt_pdf(item: QueuedCommit, carnet: Carnet | None, *, office: str, officer: str,
                            checks_left: Sequence[str], training: bool, zone: tzinfo | None = None,
                            fonts: ReceiptFonts | None = None) -> bytes:
    """The provisional receipt of ``item`` as PDF bytes. ``carnet`` is the carnet as last looked up here (``None``
    for a commit recorded without it); ``checks_left`` says, in the officer's language, what the central still
    checks. Raises :class:`~ecarnet_tui.printing.fonts.FontMissing` when the DejaVu fonts are not installed."""
    request = item.request
    kind = type_name(request.type)
    number = carnet.number if carnet is not None else request.carnet_id
    running = _("eCarnet PROVISIONAL receipt · {type} · carnet {number} · local reference {ref}").format(
        type=kind, number=number, ref=item.local_ref)
    pdf = ReceiptDocument(fonts or find_fonts(), training=training, running_line=running, provisional=True)
    pdf.add_page()
    fields = provisional_fields(request, carnet, office=office, officer=officer, made_at=item.made_at, zone=zone)
    note = _("The central could not be reached: this transaction was kept at the customs desk and is sent as soon "
             "as the link is back. Quote the local reference; the verification code comes with the final receipt.")

    pdf.part_heading(_("Counterfoil – for the holder"))
    pdf.reference(item.local_ref, kind, note)
    pdf.fields(fields)
    pdf.checks_left(_("Still to be checked by the central:"), checks_left)
    pdf.cut_line()

    pdf.part_heading(_("Voucher – for customs"))
    pdf.reference(item.local_ref, kind, note)
    pdf.fields(fields)
    pdf.checks_left(_("Still to be checked by the central:"), checks_left)
    if carnet is not None:
        pdf.goods(goods_headings(carnet), declared_lines(request.goods, carnet))
    return bytes(pdf.output())
