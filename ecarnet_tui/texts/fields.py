"""The transaction's fields as the officer reads them at steps 3 and 4: each label, and what goes in a field whose
label alone does not say it."""

from __future__ import annotations

from carnet_domain.transaction_types import TxField
from ecarnet_tui.i18n import _


def field_hint(which: TxField) -> str:
    """What goes in a field whose label alone does not say it (a placeholder that fits the field at 80 columns)."""
    hints = {
        TxField.ACTION_GOODS_PRODUCED: _("for goods shown but staying, if any"),
        TxField.ACTION_GOODS_NOT_PRODUCED: _("for goods not shown, not coming back"),
        TxField.CUSTOMS_SEALS: _("seal numbers applied"),
        TxField.CUSTOMS_REFERENCE: _("your office's file number, if any"),
        TxField.CUSTOMS_REMARKS: _("what later officers should know"),
    }
    return hints.get(which, "")


def field_label(which: TxField) -> str:
    labels = {
        TxField.DECLARED_GOODS: _("Declared goods (items)"),
        TxField.DIVERTED_GOODS: _("Diverted to home use"),
        TxField.PROCESSED_ABROAD: _("Processed abroad"),
        TxField.PLACE_OF_USE: _("Used / transported at"),
        TxField.MEANS_OF_TRANSPORT: _("Means of transport"),
        TxField.PACKAGING_DETAILS: _("Packaging details"),
        TxField.HOLDER_REMARKS: _("Holder remarks"),
        TxField.GOODS_EXAMINED: _("Goods examined"),
        TxField.FINAL_DATE: _("Final date"),
        TxField.CUSTOMS_SEALS: _("Customs seals applied"),
        TxField.ACTION_GOODS_PRODUCED: _("Action: not re-exported"),
        TxField.ACTION_GOODS_NOT_PRODUCED: _("Action: not produced"),
        TxField.CUSTOMS_REFERENCE: _("Customs reference number"),
        TxField.CUSTOMS_REMARKS: _("Customs remarks"),
    }
    return labels[which]
