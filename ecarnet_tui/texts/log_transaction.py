"""One transaction of the Logs in the officer's words (guide line 2847): every field of it, and the goods declared
apart from the goods definitively imported (box F.b: not re-exported, or not re-imported), each as the items of
the carnet's general list. Times are given in the local time of the office that made the transaction, labelled
with its offset from UTC, as its receipt gave them."""

from __future__ import annotations

from datetime import tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from carnet_domain.carnet import Carnet
from carnet_domain.transaction import GoodsDeclaration, Transaction
from carnet_domain.transaction_types import TransactionType
from ecarnet_tui.exports.columns import state_name
from ecarnet_tui.formats import country_name, format_day
from ecarnet_tui.i18n import _
from ecarnet_tui.printing.receipt_content import Field, GoodsLine, declared_lines, goods_summary, party, time_label
from ecarnet_tui.texts.labels import type_name

NONE = "—"


def office_zone(zones: dict[str, str], office_id: str) -> tzinfo | None:
    """The time zone of ``office_id`` as the central gave it; ``None`` (the workstation's) when it did not or the
    workstation does not know that zone."""
    name = zones.get(office_id)
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ValueError, ZoneInfoNotFoundError):
        return None


def yes_no(value: bool | None) -> str:
    if value is None:
        return NONE
    return _("Yes") if value else _("No")


def carnet_fields(carnet: Carnet) -> list[Field]:
    return [
        (_("Carnet number"), carnet.number),
        (_("Carnet ID"), carnet.carnet_id),
        (_("Carnet type"), carnet.kind.value),
        (_("Holder"), party(carnet.holder)),
        (_("Valid until"), format_day(carnet.valid_until)),
    ]


def detail_fields(tx: Transaction, territories: dict[str, str], zone: tzinfo | None) -> list[Field]:
    """Every field of ``tx`` but its goods, empty ones as a dash."""
    rows: list[Field] = [
        (_("Transaction"), type_name(tx.type)),
        (_("State"), state_name(tx.state)),
    ]
    if tx.cancelled_at is not None:
        rows.append((_("Cancelled"), time_label(tx.cancelled_at, zone)))
        rows.append((_("Cancelled by"), tx.cancelled_by or NONE))
    rows += [
        (_("Time"), time_label(tx.occurred_at, zone)),
        (_("Recorded by the central"), time_label(tx.recorded_at, zone)),
        (_("Date at the office"), format_day(tx.local_date)),
        (_("Customs territory"), country_name(tx.territory, territories.get(tx.territory, tx.territory))),
        (_("Customs office"), tx.office_name),
        (_("Officer"), f"{tx.officer_name} ({tx.officer_id})" if tx.officer_id else tx.officer_name or NONE),
        (_("Transaction ID"), tx.transaction_id),
        (_("Transaction code"), tx.transaction_code),
        (_("Verification code"), tx.verification_code or NONE),
        (_("Customs reference number"), tx.customs.customs_reference or NONE),
        (_("Goods examined"), yes_no(tx.customs.goods_examined)),
        (_("Final date"), format_day(tx.customs.final_date) if tx.customs.final_date else NONE),
        (_("Customs seals applied"), tx.customs.customs_seals or NONE),
        (_("Action: produced, not re-exported"), tx.customs.action_goods_produced or NONE),
        (_("Action: not produced"), tx.customs.action_goods_not_produced or NONE),
        (_("Customs remarks"), tx.customs.customs_remarks or NONE),
        (_("Delay explained"), tx.customs.delay_explanation or NONE),
        (_("Processed abroad"), tx.goods.processed_abroad or NONE),
        (_("Place of use"), tx.goods.place_of_use or NONE),
        (_("Means of transport"), tx.goods.means_of_transport or NONE),
        (_("Packaging details"), tx.goods.packaging_details or NONE),
        (_("Holder remarks"), tx.goods.holder_remarks or NONE),
        (_("Warnings confirmed"), ", ".join(w.value for w in tx.confirmed_warnings) or NONE),
    ]
    if tx.training:
        rows.append((_("Training"), _("Yes: made in training, not valid")))
    return rows


def diverted_heading(tx: Transaction) -> str:
    """The heading of the goods that stay (box F.b) in the words of the transaction's voucher."""
    if tx.type is TransactionType.REIMPORTATION:
        return _("Goods definitively imported – not re-imported (box F.b)")
    return _("Goods definitively imported – not re-exported (box F.b)")


def declared_heading() -> str:
    return _("Goods declared (box F.a)")


def goods_block(ranges: str, tx: Transaction, carnet: Carnet) -> list[str]:
    """The items ``ranges`` names, as lines: their ranges and totals, then one line per item (with its
    identification marks as the transaction recorded them); ``None.`` when it names none."""
    if not ranges:
        return [_("None.")]
    goods = GoodsDeclaration(declared_goods=ranges, identification_marks=tx.goods.identification_marks)
    lines = [goods_summary(goods, carnet)]
    lines += [item_line(line) for line in declared_lines(goods, carnet)]
    return lines


def item_line(line: GoodsLine) -> str:
    """``3 · 2 pcs · Description [marks] · CH · 1,000.00``; the totals line as ``Total · 20 pcs · 2,000.00``."""
    pieces = _("{n} pcs").format(n=line.pieces)
    if line.total:
        return " · ".join((line.item_no, pieces, line.value))
    marks = f" [{line.marks}]" if line.marks else ""
    return " · ".join((line.item_no, pieces, line.description + marks, line.origin, line.value))
