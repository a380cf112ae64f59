"""The bodies the API takes and gives, beside the domain records it returns as they are."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from carnet_domain.carnet import Carnet
from carnet_domain.organisation import Account, Office, Permission, Region, Role, Territory
from carnet_domain.refusals import WarningCode
from carnet_domain.transaction import CustomsEntries, Declaration, GoodsDeclaration, Hold, Rejection, Transaction
from carnet_domain.transaction_types import TransactionType

CODE = Field(min_length=1, max_length=40)
REASON = Field(min_length=1, max_length=500)


class Strict(BaseModel):
    """A request body: unknown fields are refused, never ignored."""

    model_config = ConfigDict(extra="forbid")


class Health(BaseModel):
    status: str
    api_version: str
    training: bool
    time: datetime


class Me(BaseModel):
    account: Account
    office: Office
    region: Region
    territory: Territory
    permissions: list[Permission]
    offices: list[Office]
    """The offices this account may work at (its region's, or all for an admin)."""
    training: bool


class LookupRequest(Strict):
    carnet: str = Field(min_length=1, max_length=40, description="Carnet number or carnet ID")
    transaction_code: str = CODE
    office_id: str | None = None


class LookupResponse(BaseModel):
    carnet: Carnet
    declaration: Declaration
    history: list[Transaction]
    """The history this office may see (line 459)."""
    holds: list[Hold]
    """Active holds on the carnet in this office's customs territory, with their drafts."""
    rejections: list[Rejection]
    validated: bool
    office_date: date
    expired: bool
    pre_exportation: Transaction | None = None
    """In a two-step territory: the Pre-exportation that this code's Exit will complete."""


class EuStep(StrEnum):
    EXPORT = "export"
    EXIT = "exit"


class CommitRequest(Strict):
    carnet_id: str = CODE
    transaction_code: str = CODE
    type: TransactionType
    eu_step: EuStep | None = None
    office_id: str | None = None
    goods: GoodsDeclaration = GoodsDeclaration()
    customs: CustomsEntries = CustomsEntries()
    occurred_at: datetime | None = Field(
        default=None, description="When the officer committed, if earlier (offline); UTC with offset"
    )
    confirmed_warnings: list[WarningCode] = Field(default_factory=list, max_length=10)


class CommitResponse(BaseModel):
    transaction: Transaction
    pre_exportation: Transaction | None = None
    """Set when an Exit committed its Pre-exportation in the same step."""
    warnings_confirmed: list[WarningCode]


class CancelRequest(Strict):
    cancellation_code: str = CODE


class RejectRequest(Strict):
    carnet_id: str = CODE
    transaction_code: str = CODE
    office_id: str | None = None
    reason: str = REASON


class HoldRequest(Strict):
    carnet_id: str = CODE
    transaction_code: str = CODE
    office_id: str | None = None
    step: int = Field(ge=2, le=4)
    reason: str = REASON
    customs_reference: str = Field(default="", max_length=100)
    draft: dict[str, object] = Field(default_factory=dict)


class TransactionPage(BaseModel):
    items: list[Transaction]
    total: int
    limit: int
    offset: int


class NewAccount(Strict):
    account_id: str = Field(pattern=r"^[a-z0-9][a-z0-9._@-]{1,63}$")
    display_name: str = Field(min_length=1, max_length=120)
    badge: str = Field(default="", max_length=40)
    email: str = Field(default="", max_length=200)
    role: Role
    office_id: str = CODE


class NewOffice(Strict):
    office_id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{1,39}$")
    name: str = Field(min_length=1, max_length=120)
    region_id: str = CODE
    timezone: str = Field(default="UTC", max_length=60)


class NewRegion(Strict):
    region_id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{1,39}$")
    name: str = Field(min_length=1, max_length=120)
    country: str = Field(pattern=r"^[A-Z]{2}$")
    territory: str = CODE


class IssuedToken(BaseModel):
    account_id: str
    token: str
    """Shown once; the central keeps only its hash."""


class ReconciliationView(BaseModel):
    carnet_id: str
    carnet_number: str
    valid_until: date
    status: str
    outstanding: dict[str, str]


class TransitView(BaseModel):
    carnet_id: str
    carnet_number: str
    state: str
    due: date
    opened: Transaction
    closed: Transaction | None


class Statistics(BaseModel):
    by_type: dict[str, int]
    holds_active: int
    scope: str
