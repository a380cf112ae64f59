"""One transaction as XML, valid against the schema shipped beside this module (``carnet_transactions.xsd``).

Times are UTC (``2021-06-02T14:34:00Z``); text is written literally, control characters as escapes such as
``\\x1b`` (XML cannot hold them). ``training="true"`` on the root marks demo data.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from xml.etree import ElementTree as ET

from carnet_domain.carnet import Carnet
from carnet_domain.goods import select_items
from carnet_domain.reconciliation import cleared_goods, final_date_for_reexportation, final_date_for_reimportation
from carnet_domain.transaction import Transaction
from ecarnet_tui.literal import printable

NAMESPACE = "urn:ecarnet:carnet-transaction:1"
SCHEMA_NAME = "carnet_transactions.xsd"


def schema_path() -> Path:
    return Path(__file__).with_name(SCHEMA_NAME)


def _q(name: str) -> str:
    """An element's name: unqualified here, in the namespace the root declares as the default."""
    return name


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _add(parent: ET.Element, name: str, value: str | date | bool | None, *, optional: bool = False) -> None:
    """A child element; an optional one is left out when ``value`` is ``None``."""
    if value is None and optional:
        return
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, date):
        text = value.isoformat()
    else:
        text = printable(value or "")
    ET.SubElement(parent, _q(name)).text = text


def _carnet(parent: ET.Element, carnet: Carnet) -> None:
    element = ET.SubElement(parent, _q("carnet"))
    _add(element, "carnetId", carnet.carnet_id)
    _add(element, "carnetNumber", carnet.number)
    _add(element, "kind", carnet.kind.value)
    _add(element, "orderType", carnet.order_type.value)
    _add(element, "replaces", carnet.replaces, optional=True)
    _add(element, "holder", carnet.holder.name)
    _add(element, "issueDate", carnet.issue_date)
    _add(element, "validUntil", carnet.valid_until)
    total = ET.SubElement(element, _q("totalValue"), {"currency": printable(carnet.currency)})
    total.text = f"{carnet.total_value:.2f}"
    _add(element, "homeTerritory", carnet.home_territory)


def _transaction(parent: ET.Element, tx: Transaction, carnet: Carnet) -> None:
    element = ET.SubElement(parent, _q("transaction"))
    goods, customs = tx.goods, tx.customs
    for name, value in (
        ("transactionId", tx.transaction_id), ("type", tx.type.value), ("state", tx.state.value),
        ("occurredAt", _utc(tx.occurred_at)), ("localDate", tx.local_date), ("customsTerritory", tx.territory),
        ("officeId", tx.office_id), ("officeName", tx.office_name), ("officerId", tx.officer_id),
        ("officerName", tx.officer_name), ("declaredGoods", goods.declared_goods),
        ("divertedGoods", goods.diverted_goods), ("clearedGoods", cleared_goods(tx).format()),
        ("processedAbroad", goods.processed_abroad),
    ):
        _add(element, name, value)
    _add(element, "finalDateForReexportation", final_date_for_reexportation(tx), optional=True)
    _add(element, "finalDateForReimportation", final_date_for_reimportation(tx), optional=True)
    _add(element, "goodsExamined", customs.goods_examined, optional=True)
    for name, text in (
        ("customsReference", customs.customs_reference), ("customsSeals", customs.customs_seals),
        ("actionGoodsProduced", customs.action_goods_produced),
        ("actionGoodsNotProduced", customs.action_goods_not_produced), ("customsRemarks", customs.customs_remarks),
        ("placeOfUse", goods.place_of_use), ("meansOfTransport", goods.means_of_transport),
        ("packagingDetails", goods.packaging_details), ("holderRemarks", goods.holder_remarks),
        ("verificationCode", tx.verification_code),
    ):
        _add(element, name, text)
    if tx.cancelled_at is not None:
        _add(element, "cancelledAt", _utc(tx.cancelled_at))
    items = ET.SubElement(element, _q("declaredItems"))
    for item in select_items(carnet.items, tx.declared):
        attributes = {"no": str(item.item_no), "pieces": str(item.pieces), "value": f"{item.value:.2f}",
                      "origin": printable(item.origin_country)}
        marks = goods.identification_marks.get(item.item_no) or item.identification_marks
        if marks:
            attributes["identificationMarks"] = printable(marks)
        ET.SubElement(items, _q("item"), attributes).text = printable(item.description)


def transaction_xml(tx: Transaction, carnet: Carnet, *, training: bool) -> bytes:
    """``tx`` on ``carnet`` as a UTF-8 XML document."""
    root = ET.Element(_q("carnetTransaction"),
                      {"xmlns": NAMESPACE, "version": "1", "training": "true" if training else "false"})
    _carnet(root, carnet)
    _transaction(root, tx, carnet)
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n").encode("utf-8")
