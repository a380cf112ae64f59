"""The domain's records a request carries inside it, held to the bounds of :mod:`central_contract.bounds`: a
commit's goods and customs entries, a pre-declaration's attachments, an extension's requester, a regularisation's
certificate of location.

The request keeps the domain's type (a client builds a :class:`~carnet_domain.transaction.GoodsDeclaration` as
always); validation passes the value through its bounded twin here, so that a refusal names the inner field
(``body.goods.holder_remarks``) and what the central keeps is what the twin accepted, in NFC. The domain's records
themselves stay unbounded: what the central already holds, or a carnet as its issuer wrote it, is read back as it is.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, TypeVar

from pydantic import AfterValidator, BaseModel, Field

from carnet_domain.carnet import Party
from carnet_domain.cpd.terminations import CertificateOfLocation
from carnet_domain.predeclaration import Attachment
from carnet_domain.transaction import TEXT, CustomsEntries, GoodsDeclaration
from central_contract.bounds import ByteCount, Day, ItemNumber, Text

Remark = Annotated[str, Text(TEXT, lines=True)]
"""A box of the voucher written in words: it may run over several lines."""


class GoodsEntry(GoodsDeclaration):
    """:class:`GoodsDeclaration` as a request may carry it."""

    identification_marks: dict[ItemNumber, Annotated[str, Text(200, lines=True)]] = Field(default_factory=dict)
    place_of_use: Remark = ""
    means_of_transport: Remark = ""
    packaging_details: Remark = ""
    holder_remarks: Remark = ""


class CustomsEntry(CustomsEntries):
    """:class:`CustomsEntries` as a request may carry them."""

    final_date: Day | None = None
    customs_seals: Remark = ""
    action_goods_produced: Remark = ""
    action_goods_not_produced: Remark = ""
    customs_reference: Annotated[str, Text(100)] = ""
    customs_remarks: Remark = ""
    delay_explanation: Remark = ""


BASE64 = r"^[A-Za-z0-9+/=_\-\r\n]*$"
"""A document's content: base64 (or base64url), possibly in lines."""


class AttachmentEntry(Attachment):
    """:class:`Attachment` as a pre-declaration may carry it: its content at most 150,000 characters of base64."""

    name: Annotated[str, Text(200, min_length=1)]
    size: ByteCount
    media_type: Annotated[str, Text(100)] = "application/octet-stream"
    content: str | None = Field(default=None, max_length=150_000, pattern=BASE64)


class PartyEntry(Party):
    """:class:`Party` as a request may name it (the requester of an extension)."""

    name: Annotated[str, Text(200)]
    address: Annotated[str, Text(400, lines=True)] = ""
    country: Annotated[str, Text(2)] = ""


class CertificateEntry(CertificateOfLocation):
    """:class:`CertificateOfLocation` as a regularisation may carry it."""

    authority_name: Annotated[str, Text(200, min_length=1)]
    country: Annotated[str, Text(2, min_length=2)]
    place: Annotated[str, Text(200)] = ""
    presented_on: Day
    issued_on: Day
    reference: Annotated[str, Text(100)] = ""


M = TypeVar("M", bound=BaseModel)


def within(twin: type[BaseModel]) -> Callable[[M], M]:
    """A validator that holds a domain record to its bounded ``twin`` and gives back the domain's type."""

    def check(value: M) -> M:
        bounded = twin.model_validate(value.model_dump())
        return type(value).model_validate(bounded.model_dump())

    return check


Goods = Annotated[GoodsDeclaration, AfterValidator(within(GoodsEntry))]
Customs = Annotated[CustomsEntries, AfterValidator(within(CustomsEntry))]
AttachmentIn = Annotated[Attachment, AfterValidator(within(AttachmentEntry))]
Requester = Annotated[Party, AfterValidator(within(PartyEntry))]
Certificate = Annotated[CertificateOfLocation, AfterValidator(within(CertificateEntry))]
