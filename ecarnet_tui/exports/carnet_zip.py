"""A carnet's transactions as a ZIP (the guide's "Export transactions", line 2863): for each transaction a PDF
voucher and an XML file valid against the schema, which goes in the ZIP too. At most 25 transactions, the
most recent; the ZIP's comment says when there were more."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import tzinfo

from central_contract.models import CarnetLogDetail
from ecarnet_tui.exports.files import safe_part
from ecarnet_tui.exports.transaction_xml import SCHEMA_NAME, schema_path, transaction_xml
from ecarnet_tui.exports.voucher_pdf import voucher_pdf
from ecarnet_tui.i18n import _
from ecarnet_tui.printing.fonts import find_fonts

OBJECT_LIMIT = 25
"""The most transactions one ZIP holds (guide line 2863)."""

@dataclass(frozen=True, slots=True)
class Bundle:
    data: bytes
    written: int
    available: int


def carnet_transactions_zip(detail: CarnetLogDetail, *, training: bool, zone: tzinfo | None = None) -> Bundle:
    """The ZIP of ``detail``'s transactions (the most recent ``OBJECT_LIMIT``), numbered oldest first."""
    chosen = list(reversed(detail.transactions[:OBJECT_LIMIT]))
    fonts = find_fonts() if chosen else None
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
        archive.comment = "\n".join(notes).encode("utf-8")
    return Bundle(out.getvalue(), len(chosen), len(detail.transactions))
