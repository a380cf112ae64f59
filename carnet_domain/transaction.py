"""Declarations prepared by holders, committed transactions, holds and rejections."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import Field, field_validator

from carnet_domain.carnet import CarnetKind, Model
from carnet_domain.items import ItemRangeError, ItemRanges
from carnet_domain.refusals import WarningCode
from carnet_domain.transaction_types import TransactionType

TEXT = 500
"""The longest free text a field accepts."""


def _utc(value: datetime) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("times must carry a time zone (UTC)")
    return value


class GoodsDeclaration(Model):
    """What the holder declares and the officer may correct at step 3."""

    declared_goods: str = Field(default="", max_length=2000)
    diverted_goods: str = Field(default="", max_length=2000)
    processed_abroad: str = Field(default="", max_length=2000)
    identification_marks: dict[int, str] = Field(default_factory=dict)
    place_of_use: str = Field(default="", max_length=TEXT)
    means_of_transport: str = Field(default="", max_length=TEXT)
    packaging_details: str = Field(default="", max_length=TEXT)
    holder_remarks: str = Field(default="", max_length=TEXT)

    @field_validator("declared_goods", "diverted_goods", "processed_abroad")
    @classmethod
    def _ranges(cls, value: str) -> str:
        try:
            return ItemRanges.parse(value).format()
        except ItemRangeError as exc:
            raise ValueError(f"item range: {exc}") from exc

    @field_validator("identification_marks")
    @classmethod
    def _marks(cls, value: dict[int, str]) -> dict[int, str]:
        for item, mark in value.items():
            if item < 1 or len(mark) > 200:
                raise ValueError("identification marks are keyed by item number and at most 200 characters")
        return value


class Declaration(GoodsDeclaration):
    """A holder's prepared declaration, behind a transaction code (and its QR)."""

    carnet_id: str
    transaction_code: str
    type: TransactionType
    training: bool = False


class CustomsEntries(Model):
    """What the officer fills in at step 4."""

    goods_examined: bool | None = None
    final_date: date | None = None
    customs_seals: str = Field(default="", max_length=TEXT)
    action_goods_produced: str = Field(default="", max_length=TEXT)
    action_goods_not_produced: str = Field(default="", max_length=TEXT)
    customs_reference: str = Field(default="", max_length=100)
    customs_remarks: str = Field(default="", max_length=TEXT)
    delay_explanation: str = Field(default="", max_length=TEXT)
    """A vehicle's late exit (CPD): the explanation of the delay the officer found satisfactory (1956 art. 20)."""


class TransactionState(StrEnum):
    COMMITTED = "committed"
    CANCELLED = "cancelled"


class Transaction(Model):
    """A committed transaction as the central records it. Times are UTC."""

    transaction_id: str
    carnet_id: str
    carnet_number: str
    type: TransactionType
    transaction_code: str
    occurred_at: datetime
    """When the officer committed it (a workstation may commit offline and send it later)."""
    recorded_at: datetime
    """When the central recorded it."""
    local_date: date
    """The calendar date at the office when it occurred: what validity and final dates compare with."""
    office_id: str
    office_name: str
    territory: str
    officer_id: str = ""
    """Empty where the central withholds it: in a lookup's history
    (:data:`carnet_domain.history.WITHHELD_IN_HISTORY`)."""
    officer_name: str = ""
    goods: GoodsDeclaration
    customs: CustomsEntries
    verification_code: str = ""
    """The receipt's code; empty in a lookup's history, like the officer."""
    state: TransactionState = TransactionState.COMMITTED
    cancelled_at: datetime | None = None
    cancelled_by: str | None = None
    confirmed_warnings: tuple[WarningCode, ...] = ()
    """The warnings the officer confirmed to commit (e.g. items re-exported that were not imported here)."""
    training: bool = False

    _aware = field_validator("occurred_at", "recorded_at")(_utc)

    @property
    def committed(self) -> bool:
        return self.state is TransactionState.COMMITTED

    @property
    def declared(self) -> ItemRanges:
        return ItemRanges.parse(self.goods.declared_goods)

    @property
    def diverted(self) -> ItemRanges:
        return ItemRanges.parse(self.goods.diverted_goods)


class Hold(Model):
    """A carnet put on hold: it blocks every transaction on the carnet in that territory until released.

    The hold keeps the step it was placed from and everything typed so far (``draft``) so any officer of the
    same office can resume.
    """

    hold_id: str
    carnet_id: str
    carnet_number: str
    territory: str
    office_id: str
    office_name: str
    transaction_code: str
    transaction_type: TransactionType
    step: int = Field(ge=2, le=4)
    reason: str = Field(min_length=1, max_length=TEXT)
    customs_reference: str = ""
    held_by: str
    held_by_name: str
    held_since: datetime
    released_by: str | None = None
    released_at: datetime | None = None
    draft: dict[str, object] = Field(default_factory=dict)
    carnet_kind: CarnetKind = CarnetKind.ATA
    """The carnet's type, a column of the supervisor's list of holds (issue 7)."""

    @property
    def active(self) -> bool:
        return self.released_at is None


class Rejection(Model):
    """A declaration refused by an officer; the voucher stays usable and later officers see the reason."""

    rejection_id: str
    carnet_id: str
    transaction_code: str
    transaction_type: TransactionType
    territory: str
    office_id: str
    office_name: str
    reason: str = Field(min_length=1, max_length=TEXT)
    rejected_by: str
    rejected_by_name: str
    rejected_at: datetime
