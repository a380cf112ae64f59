"""The bodies the API takes and gives, beside the domain records it returns as they are."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, Field

from carnet_domain.carnet import Carnet, CarnetKind, OrderType
from carnet_domain.organisation import Account, AccountKind, Office, Permission, Region, Role, Territory
from carnet_domain.predeclaration import (
    MeansOfTransport,
    PreDeclarationKind,
    PreDeclarationState,
    TransportMode,
)
from carnet_domain.reconciliation import ReconciliationStatus
from carnet_domain.refusals import WarningCode
from carnet_domain.transaction import (
    CustomsEntries,
    Declaration,
    GoodsDeclaration,
    Hold,
    Rejection,
    Transaction,
    TransactionState,
)
from carnet_domain.transaction_types import TransactionType
from central_contract.bounds import Code, Draft, Moment, Name, Note, OfficeRef, Reason, Reference, Text
from central_contract.entries import AttachmentIn, Customs, Goods
from central_contract.strict import Strict
from central_contract.vehicles import VehicleFile


class Health(BaseModel):
    status: str
    api_version: str
    training: bool
    time: datetime
    database: str = "ok"
    """The central reached its database to answer (otherwise the answer is ``503 unavailable``)."""


class Me(BaseModel):
    account: Account
    office: Office
    region: Region
    territory: Territory
    permissions: list[Permission]
    offices: list[Office]
    """The offices this account may work at (its region's, or all for an admin)."""
    training: bool
    workstation_id: str = ""
    """The registered workstation the session was opened at, if any."""


class OfficeChoice(Strict):
    """The office a session works at from now on."""

    office_id: str = Field(min_length=1, max_length=40)


class LookupRequest(Strict):
    carnet: Code = Field(description="Carnet number or carnet ID")
    transaction_code: Code
    office_id: OfficeRef | None = None


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
    vehicle_file: VehicleFile | None = None
    """A vehicle carnet's (CPD) passages, extension, seizures and the rest, as of ``office_date``."""
    office_territory: str = ""
    """The customs territory of the office the lookup was made for: what Box P and the home territory are judged
    against (empty from a central of an earlier version: the commit judges it then)."""
    replaces_valid_until: date | None = None
    """For a replacement carnet: the last valid day of the carnet it replaces, by which home customs validate
    and export the replacement (line 2790)."""


class EuStep(StrEnum):
    EXPORT = "export"
    EXIT = "exit"


class CommitRequest(Strict):
    carnet_id: Code
    transaction_code: Code
    type: TransactionType
    eu_step: EuStep | None = None
    office_id: OfficeRef | None = None
    goods: Goods = GoodsDeclaration()
    customs: Customs = CustomsEntries()
    occurred_at: Moment | None = Field(
        default=None, description="When the officer committed, if earlier (offline); UTC with offset"
    )
    confirmed_warnings: list[WarningCode] = Field(default_factory=list, max_length=10)


class CommitResponse(BaseModel):
    transaction: Transaction
    pre_exportation: Transaction | None = None
    """Set when an Exit committed its Pre-exportation in the same step."""
    warnings_confirmed: list[WarningCode]


class CancelRequest(Strict):
    cancellation_code: Code
    reason: Note = ""
    """Why it is cancelled, for the audit trail and the shift's hand-over report (issue 7); optional."""


class RejectRequest(Strict):
    carnet_id: Code
    transaction_code: Code
    office_id: OfficeRef | None = None
    reason: Reason


class HoldRequest(Strict):
    carnet_id: Code
    transaction_code: Code
    office_id: OfficeRef | None = None
    step: int = Field(ge=2, le=4)
    reason: Reason
    customs_reference: Reference = ""
    draft: Draft = Field(default_factory=dict)
    """What the desk keeps for the officer who resumes: at most ``DRAFT_MAX_BYTES`` (:mod:`central_contract.bounds`)."""


class TransactionPage(BaseModel):
    items: list[Transaction]
    total: int
    limit: int
    offset: int


class NewAccount(Strict):
    account_id: str = Field(pattern=r"^[a-z0-9][a-z0-9._@-]{1,63}$")
    display_name: Name
    badge: Annotated[str, Text(40)] = ""
    email: Annotated[str, Text(200)] = ""
    role: Role
    office_id: Code
    kind: AccountKind = AccountKind.PERSON
    """``integration`` for a service account (tokens, never a sign-in)."""


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
    carnet_kind: CarnetKind = CarnetKind.ATA
    """The carnet's type, a column of transit monitoring (line 2770; issue 7)."""


STATISTICS_MONTHS_MAX = 24
"""The longest window of months the statistics count month by month."""


class OfficeCount(BaseModel):
    """An office's committed transactions (the statistics)."""

    office_id: str
    name: str
    committed: int


class MonthCount(BaseModel):
    """The committed transactions of a month, each in the month of its office's local time (the statistics)."""

    month: str
    """``YYYY-MM``."""
    by_type: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.by_type.values())


class ToCheckTotal(BaseModel):
    """The carnets to check (potential claims) in one currency: how many, and their total value."""

    currency: str
    carnets: int
    total_value: Decimal


class Statistics(BaseModel):
    """What the statistics count (guide lines 2813-2821), within the caller's scope: a region-bound role's region's
    offices, or everywhere for an admin."""

    by_type: dict[str, int]
    holds_active: int
    scope: str
    by_office: list[OfficeCount] = []
    """The offices in scope, by name; each with its committed transactions (none: 0)."""
    by_month: list[MonthCount] = []
    """Each month of the window asked, the oldest first, ending with the caller's office's current month."""
    to_check: list[ToCheckTotal] = []
    """Per currency, on the caller's office date; a region-bound role's: the carnets with a transaction in its
    offices' customs territories."""
    as_of: date | None = None
    """The caller's office date the window and the carnets to check are counted on."""


# --- Logs (issue 7): transacted carnets with their reconciliation, and their transactions -----------------

LOG_PAGE_MAX = 500
"""The most rows one page of a log holds: what the guide lets a list export (lines 2863, 2867)."""


class NotificationWarning(StrEnum):
    """Where the notification of a CPD's non-discharge stands when it needs attention."""

    DUE = "due"
    LAPSED = "lapsed"


class Validity(StrEnum):
    """A filter of the Logs: carnets still valid on the caller's office date (valid until included), or expired."""

    VALID = "valid"
    EXPIRED = "expired"


class CarnetLog(BaseModel):
    """A carnet of the Logs' Carnets list (guide lines 2843-2860)."""

    carnet_id: str
    carnet_number: str
    kind: CarnetKind
    order_type: OrderType
    replaces: str | None = None
    issue_date: date
    valid_until: date
    """Inclusive."""
    total_value: Decimal
    currency: str
    status: ReconciliationStatus
    """``n/a`` while the carnet is valid, then ``terminated`` or ``to_check`` (a CPD: ``discharged`` or
    ``to_check``)."""
    outstanding: dict[str, str]
    """Where items still wait to be cleared, e.g. ``{"admitted:EU": "11-20"}``."""
    last_transaction_at: datetime
    notification_deadline: date | None = None
    """An undischarged CPD past its validity: the last day to notify the guaranteeing association (art. 26)."""
    notification_warning: NotificationWarning | None = None
    """``due`` within the warning window before :attr:`notification_deadline`, ``lapsed`` after it."""
    late_exits: int = 0
    """A CPD: its exits flagged for the controller (timing ``exit_late`` or ``exit_late_unexplained``)."""


class CarnetLogPage(BaseModel):
    items: list[CarnetLog]
    total: int
    limit: int
    offset: int


class TransactionLog(BaseModel):
    """A transaction of the Logs' Transactions list (guide lines 2865-2880)."""

    transaction_id: str
    carnet_id: str
    carnet_number: str
    kind: CarnetKind
    type: TransactionType
    occurred_at: datetime
    cleared_goods: str
    """Declared goods combined with the goods definitively imported (boxes F.a and F.b of a re-exportation)."""
    declared_goods: str
    diverted_goods: str
    """The goods definitively imported (or, on a re-importation, not re-imported)."""
    final_date_reexportation: date | None = None
    final_date_reimportation: date | None = None
    """The final date for duty-free re-importation, set at exportation."""
    territory: str
    territory_name: str
    office_id: str
    office_name: str
    customs_reference: str = ""
    verification_code: str
    state: TransactionState = TransactionState.COMMITTED


class TransactionLogPage(BaseModel):
    items: list[TransactionLog]
    total: int
    limit: int
    offset: int


class CarnetLogDetail(BaseModel):
    """One carnet of the logs in full, for its details and the export of its transactions."""

    log: CarnetLog
    carnet: Carnet
    transactions: list[Transaction]
    """Every transaction on the carnet, newest first."""
    office_zones: dict[str, str] = Field(default_factory=dict)
    """The time zone (IANA name) of each office a transaction was made at, by office ID: its times are shown in
    the local time of the office that made it, as its receipt gave them."""


# --- Shifts, hand-over and the audit trail (issue 7: supervisor desk) ------------------------------------


class Shift(BaseModel):
    """A supervisor's shift at an office, from its opening to its hand-over. Times are UTC."""

    shift_id: str
    office_id: str
    office_name: str
    region_id: str
    territory: str
    opened_by: str
    opened_by_name: str
    opened_at: datetime
    note: str = ""
    closed_at: datetime | None = None
    closed_by: str | None = None
    closed_by_name: str | None = None
    handover_note: str = ""

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class OpenShiftRequest(Strict):
    office_id: OfficeRef | None = None
    note: Note = ""


class HandoverRequest(Strict):
    note: Note = ""


class AuditAction(StrEnum):
    HOLD = "hold"
    RELEASE = "release"
    CANCELLATION = "cancellation"
    REJECTION = "rejection"
    QUEUE_DECISION = "queue_decision"
    """A supervisor's decision on an offline commit the central refused, reported by the workstation."""
    VEHICLE_RECORD = "vehicle_record"
    """Something recorded on a vehicle carnet's file: an extension, a seizure or its release, a termination,
    a regularisation or the notification of a non-discharge."""
    # Identity (issue 16): the account is the one concerned; ``subject`` names who acted when it is another
    SIGN_IN = "sign_in"
    SIGN_IN_FAILED = "sign_in_failed"
    LOCKED_OUT = "locked_out"
    SIGN_OUT = "sign_out"
    SESSION_REVOKED = "session_revoked"
    MFA_ENROLLED = "mfa_enrolled"
    MFA_RESET = "mfa_reset"
    PASSWORD_CHANGED = "password_changed"  # noqa: S105 - a name, not a secret
    PASSWORD_RESET = "password_reset"  # noqa: S105 - a name, not a secret
    ACCOUNT_CREATED = "account_created"
    ACCOUNT_CHANGED = "account_changed"
    ACCOUNT_DISABLED = "account_disabled"
    ACCOUNT_ENABLED = "account_enabled"
    ACCOUNT_DELETED = "account_deleted"
    """An account never used, removed by a manager (its earlier audit lines stay)."""
    TOKEN_ISSUED = "token_issued"  # noqa: S105 - a name, not a secret
    WORKSTATION_REGISTERED = "workstation_registered"
    WORKSTATION_REVOKED = "workstation_revoked"
    OFFICE_CHANGED = "office_changed"
    """A session moved to another office of the account's region (the guide's "change default customs office")."""
    OFFLINE_COMMIT = "offline_commit"
    """A commit made while the central was unreachable, recorded under the officer's offline grant."""
    # The organisation (issue 19): ``office_id`` and ``region_id`` name the office or region concerned, ``reason``
    # what changed; the account is the one who acted
    OFFICE_CREATED = "office_created"
    OFFICE_EDITED = "office_edited"
    OFFICE_DEACTIVATED = "office_deactivated"
    OFFICE_ACTIVATED = "office_activated"
    OFFICE_DELETED = "office_deleted"
    REGION_CREATED = "region_created"
    REGION_EDITED = "region_edited"
    REGION_DELETED = "region_deleted"
    BULK_IMPORT = "bulk_import"
    """Regions, offices or accounts created from a spreadsheet: ``subject`` names what, ``reason`` how many."""


class QueueDecision(StrEnum):
    RESUBMIT = "resubmit"
    HOLD = "hold"
    VOID = "void"


class AuditEntry(BaseModel):
    """One line of the audit trail: who did what, when, where, on which carnet, and why."""

    entry_id: str
    at: datetime
    action: AuditAction
    account_id: str
    account_name: str
    office_id: str
    office_name: str
    region_id: str
    carnet_id: str = ""
    carnet_number: str = ""
    transaction_type: TransactionType | None = None
    reason: str = ""
    subject: str = ""
    """The hold, transaction or rejection concerned, or the queue item's local reference."""
    decision: QueueDecision | None = None
    territories: list[str] = Field(default_factory=list)
    """Other customs territories the line concerns (an extension of validity for a vehicle that entered them): it
    is in the trail of their regions too, beside the trail of the region where it was made."""


class QueueDecisionReport(Strict):
    """A workstation's report of a decision taken on an item of its offline queue."""

    local_ref: Code
    decision: QueueDecision
    reason: Reason
    office_id: OfficeRef | None = None
    carnet: Annotated[str, Text(40)] = Field(default="", description="The carnet's ID or number, as the item has it")
    transaction_type: TransactionType | None = None
    decided_at: Moment | None = Field(default=None, description="When the supervisor decided (UTC, offset)")


class OfficerFigures(BaseModel):
    officer_id: str
    officer_name: str
    by_type: dict[str, int]
    total: int


class HandoverReport(BaseModel):
    """What happened at the office during a shift, as the central recorded it."""

    shift: Shift
    by_type: dict[str, int]
    """Transactions made during the shift (by their time) and still committed, per type."""
    by_officer: list[OfficerFigures]
    total: int
    holds_opened: list[Hold]
    holds_released: list[Hold]
    holds_open: list[Hold]
    """Every hold of the office still active at the hand-over, however old."""
    cancellations: list[AuditEntry]
    rejections: list[AuditEntry]
    queue_decisions: list[AuditEntry]


# --- Pre-declarations and pre-notifications (issue 7, guide lines 2699-2729) -----------------------------


class PreDeclarationRow(BaseModel):
    """One line of the Pre-declaration list: the guide's columns, with the kind and the state."""

    predeclaration_id: str
    kind: PreDeclarationKind
    state: PreDeclarationState
    carnet_id: str | None = None
    carnet_number: str | None = None
    arrival_at: datetime
    carnet_kind: CarnetKind | None = None
    transaction_type: TransactionType | None = None
    transport_mode: TransportMode | None = None
    means_of_transport: MeansOfTransport | None = None
    identification: str = ""
    office_id: str
    office_name: str


class NewPreDeclaration(Strict):
    """What a holder's app sends: a pre-notification (carnet details optional) or a pre-declaration that
    allows automatic transaction (the carnet and the code of the holder's prepared declaration)."""

    kind: PreDeclarationKind
    office_id: Code
    arrival_at: Moment = Field(description="Expected arrival, UTC with offset")
    carnet: Code | None = Field(default=None, description="Carnet number or ID")
    transaction_code: Code | None = None
    carnet_kind: CarnetKind | None = Field(default=None, description="When no carnet is named")
    transaction_type: TransactionType | None = Field(default=None, description="When no code is given")
    transport_mode: TransportMode | None = None
    means_of_transport: MeansOfTransport | None = None
    identification: Reference = ""
    submitted_by: Annotated[str, Text(200)] = ""
    attachments: list[AttachmentIn] = Field(default_factory=list, max_length=20)
    """At most 20, each with at most 150,000 characters of base64 content (the body itself: at most 256 KiB)."""


class PreDeclarationRejection(Strict):
    reason: Annotated[str, Text(500, min_length=1, lines=True, pattern=r"\S")]


class PreDeclarationCommit(BaseModel):
    """Where the wizard starts when the officer commits a pre-declaration: look the carnet and code up."""

    predeclaration_id: str
    carnet_id: str
    carnet_number: str
    transaction_code: str
    transaction_type: TransactionType
