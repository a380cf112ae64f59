"""What a printed receipt says, as labelled text: the fields of its two parts and its goods lines.

Layout lives in :mod:`ecarnet_tui.printing.receipt_pdf`; everything here is plain text, translated with
:func:`_`, in the order the receipt prints it. Fields that only some transactions have (goods diverted to
home use, a final date, seals...) are left out when empty.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from carnet_domain.carnet import Carnet, Party
from carnet_domain.goods import select_items, totals
from carnet_domain.items import ItemRanges
from carnet_domain.transaction import GoodsDeclaration, Transaction
from central_contract.models import CommitRequest
from ecarnet_tui.formats import country_name, format_amount, format_count, format_day, format_figure, local_time
from ecarnet_tui.i18n import _, ngettext
from ecarnet_tui.texts.labels import type_name

Field = tuple[str, str]
"""A label and its value."""


@dataclass(frozen=True, slots=True)
class GoodsLine:
    """One line of the declared goods, every column already text."""

    item_no: str
    pieces: str
    description: str
    marks: str
    """Identification marks, printed under the description (labelled by the layout)."""
    origin: str
    value: str
    total: bool = False
    """The line of totals under the items."""


def party(p: Party) -> str:
    """A party's name, address and country (named in the officer's language)."""
    return ", ".join(part for part in (p.name, p.address, country_name(p.country) if p.country else "") if part)


def time_label(moment: datetime, zone: tzinfo | None = None) -> str:
    """``moment`` in the workstation's local time (or ``zone``), labelled with its offset from UTC."""
    local = moment.astimezone(zone)
    offset = local.utcoffset() or timedelta(0)
    sign = "-" if offset < timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"{local_time(moment, zone)} (UTC{sign}{minutes // 60:02d}:{minutes % 60:02d})"


def identity_fields(tx: Transaction, carnet: Carnet | None) -> list[Field]:
    """Which carnet: on both parts (the transaction's own carnet ID and number when the carnet is not at hand)."""
    if carnet is None:
        return [(_("Carnet ID"), tx.carnet_id), (_("Carnet number"), tx.carnet_number)]
    return [
        (_("Carnet ID"), carnet.carnet_id),
        (_("Carnet number"), carnet.number),
        (_("Holder"), party(carnet.holder)),
        (_("Valid until"), format_day(carnet.valid_until)),
    ]


def transaction_fields(tx: Transaction, carnet: Carnet | None, zone: tzinfo | None = None) -> list[Field]:
    """What customs did, where, when and to which goods: on both parts."""
    rows: list[Field] = [
        (_("Transaction"), type_name(tx.type)),
        (_("Customs office"), tx.office_name),
        (_("Officer"), tx.officer_name),
        (_("Time"), time_label(tx.occurred_at, zone)),
        (_("Customs reference number"), tx.customs.customs_reference or "—"),
        (_("Declared goods (items)"), declared_summary(tx, carnet)),
    ]
    optional = [
        (_("Diverted to home use"), tx.goods.diverted_goods),
        (_("Processed abroad"), tx.goods.processed_abroad),
        (_("Final date"), format_day(tx.customs.final_date) if tx.customs.final_date else ""),
        (_("Customs seals applied"), tx.customs.customs_seals),
    ]
    return rows + [(label, value) for label, value in optional if value]


def provisional_fields(request: CommitRequest, carnet: Carnet | None, *, office: str, officer: str,
                       made_at: datetime, zone: tzinfo | None = None) -> list[Field]:
    """A commit kept in the offline queue, on its provisional receipt: which carnet, and what the officer did."""
    rows: list[Field] = [(_("Carnet ID"), carnet.carnet_id if carnet else request.carnet_id)]
    if carnet is not None:
        rows += [(_("Carnet number"), carnet.number), (_("Holder"), party(carnet.holder)),
                 (_("Valid until"), format_day(carnet.valid_until))]
    rows += [
        (_("Transaction"), type_name(request.type)),
        (_("Customs office"), office),
        (_("Officer"), officer),
        (_("Time"), time_label(made_at, zone)),
        (_("Customs reference number"), request.customs.customs_reference or "—"),
        (_("Declared goods (items)"), goods_summary(request.goods, carnet)),
    ]
    optional = [
        (_("Diverted to home use"), request.goods.diverted_goods),
        (_("Final date"), format_day(request.customs.final_date) if request.customs.final_date else ""),
        (_("Customs seals applied"), request.customs.customs_seals),
        (_("Customs remarks"), request.customs.customs_remarks),
    ]
    return rows + [(label, value) for label, value in optional if value]


def remark_fields(tx: Transaction) -> list[Field]:
    """The remarks and the officer's actions: on the voucher, when there are any."""
    rows = [
        (_("Action: produced, not re-exported"), tx.customs.action_goods_produced),
        (_("Action: not produced"), tx.customs.action_goods_not_produced),
        (_("Customs remarks"), tx.customs.customs_remarks),
        (_("Delay explained"), tx.customs.delay_explanation),
        (_("Holder remarks"), tx.goods.holder_remarks),
    ]
    return [(label, value) for label, value in rows if value]


def declared_summary(tx: Transaction, carnet: Carnet | None) -> str:
    """``1-13 (13 items, 13 pieces, EUR 1,705.00)``; a vehicle carnet gives its ranges alone."""
    return goods_summary(tx.goods, carnet)


def goods_summary(goods: GoodsDeclaration, carnet: Carnet | None) -> str:
    """The declared ranges, with their totals when the carnet's general list is at hand."""
    ranges = goods.declared_goods or "—"
    if carnet is None or not carnet.items:
        return ranges
    found = totals(select_items(carnet.items, ItemRanges.parse(goods.declared_goods)))
    items = ngettext("{n} item", "{n} items", found.items).format(n=format_count(found.items))
    pieces = ngettext("{n} piece", "{n} pieces", found.pieces).format(n=format_count(found.pieces))
    figures = _("{items}, {pieces}, {amount}").format(items=items, pieces=pieces,
                                                      amount=format_amount(found.value, carnet.currency))
    return f"{ranges} ({figures})"


def goods_headings(carnet: Carnet) -> GoodsLine:
    return GoodsLine(_("Item no."), _("Pieces"), _("Description of goods"), "", _("Origin"),
                     _("Value ({currency})").format(currency=carnet.currency))


def goods_lines(tx: Transaction, carnet: Carnet) -> list[GoodsLine]:
    """The declared items of the general list (a vehicle carnet's vehicle), then a line of totals."""
    return declared_lines(tx.goods, carnet)


def declared_lines(goods: GoodsDeclaration, carnet: Carnet) -> list[GoodsLine]:
    """The items ``goods`` declares on ``carnet``'s general list (a vehicle carnet's vehicle), then the totals."""
    if carnet.vehicle is not None:
        v = carnet.vehicle
        description = _("{make} {kind}, registration {country} {number}, chassis/VIN {vin}").format(
            make=v.make, kind=v.vehicle_type, country=v.registration_country, number=v.registration_number,
            vin=v.chassis_vin)
        return [GoodsLine("1", "1", description, "", v.registration_country, format_figure(v.value, carnet.currency))]
    chosen = select_items(carnet.items, ItemRanges.parse(goods.declared_goods))
    lines = []
    for item in chosen:
        marks = goods.identification_marks.get(item.item_no) or item.identification_marks
        lines.append(GoodsLine(str(item.item_no), str(item.pieces), item.description, marks,
                               item.origin_country, format_figure(item.value, carnet.currency)))
    found = totals(chosen)
    total = format_figure(found.value, carnet.currency)
    lines.append(GoodsLine(_("Total"), format_count(found.pieces), "", "", "", total, total=True))
    return lines
