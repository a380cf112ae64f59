"""A carnet's transactions as a ZIP (the guide's "Export transactions", line 2863): for each transaction a PDF
voucher and an XML file valid against the schema, which goes in the ZIP too. At most 25 transactions, the
most recent; the ZIP's comment says when there were more, and which vouchers have no QR (a verification code with
a character outside the code alphabet: the voucher says to type the code). One such code never stops the
export."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import tzinfo
from pathlib import Path

from central_contract.models import CarnetLogDetail
from ecarnet_tui.exports.files import safe_part
from ecarnet_tui.exports.transaction_xml import SCHEMA_NAME, schema_path, transaction_xml
from ecarnet_tui.exports.voucher_pdf import receipt_qr, voucher_pdf
from ecarnet_tui.i18n import _
from ecarnet_tui.printing.fonts import find_fonts

OBJECT_LIMIT = 25
"""The most transactions one ZIP holds (guide line 2863)."""

@dataclass(frozen=True, slots=True)
class Bundle:
    """The ZIP, how many transactions it holds of how many the carnet has, and which it holds without a QR."""

    data: bytes
    written: int
    available: int
    without_qr: tuple[str, ...] = ()
    """The IDs of the transactions whose voucher has no QR, oldest first."""


def carnet_transactions_zip(detail: CarnetLogDetail, *, training: bool, zone: tzinfo | None = None,
                            font_dirs: list[Path] | None = None) -> Bundle:
    """The ZIP of ``detail``'s transactions (the most recent ``OBJECT_LIMIT``), numbered oldest first."""
    chosen = list(reversed(detail.transactions[:OBJECT_LIMIT]))
    fonts = find_fonts(font_dirs) if chosen else None
    without_qr = tuple(tx.transaction_id for tx in chosen if receipt_qr(tx, training) is None)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for number, tx in enumerate(chosen, start=1):
            stem = f"{number:02d}-{tx.type.value}-{safe_part(tx.transaction_id)}"
            archive.writestr(stem + ".pdf", voucher_pdf(tx, detail.carnet, training=training, zone=zone,
                                                        fonts=fonts))
            archive.writestr(stem + ".xml", transaction_xml(tx, detail.carnet, training=training))
        archive.writestr(SCHEMA_NAME, schema_path().read_bytes())
        notes = [_("TRAINING – NOT VALID")] if training else []
        if len(detail.transactions) > len(chosen):
            notes.append(_("Only the {written} most recent of {available} transactions are exported (at most "
                           "{limit}).").format(written=len(chosen), available=len(detail.transactions),
                                               limit=OBJECT_LIMIT))
        notes += [_("No QR on the voucher of transaction {id}: its verification code cannot be put in a QR; type "
                    "it.").format(id=transaction_id) for transaction_id in without_qr]
        archive.comment = "\n".join(notes).encode("utf-8")
    return Bundle(out.getvalue(), len(chosen), len(detail.transactions), without_qr)
