"""The interface the workstation and the offline queue use to reach a central."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Protocol

from carnet_domain.carnet import CarnetKind
from carnet_domain.organisation import Account, Office, Region, Territory
from carnet_domain.predeclaration import PreDeclaration
from carnet_domain.reconciliation import ReconciliationStatus
from carnet_domain.transaction import Hold, Rejection, Transaction
from carnet_domain.transaction_types import TransactionType
from central_client.errors import CentralRefused, OfflineCredential
from central_contract.identity import (
    AccountChange,
    CreatedAccount,
    NewWorkstation,
    RegisteredWorkstation,
    SessionIssued,
    SessionView,
    SetPasswordCode,
    SignInStep,
    TrainingAccount,
    Workstation,
)
from central_contract.imports import ImportKind, ImportReport
from central_contract.models import (
    AuditEntry,
    CarnetLogDetail,
    CarnetLogPage,
    CommitRequest,
    CommitResponse,
    HandoverReport,
    Health,
    HoldRequest,
    LookupResponse,
    Me,
    NewAccount,
    PreDeclarationCommit,
    PreDeclarationRow,
    QueueDecisionReport,
    RejectRequest,
    Shift,
    Statistics,
    TransactionLogPage,
    TransactionPage,
    TransitView,
    Validity,
)
from central_contract.organisation import NewOffice, NewRegion, OfficeChange, RegionChange
from central_contract.training import ClassAction, ClassView, TraineeExercise, TraineeWork
from central_contract.vehicles import (
    ExtensionRequest,
    NotificationRequest,
    RegularisationRequest,
    ReleaseRequest,
    SeizureRequest,
    TerminationRequest,
    VehicleFile,
)


class CentralPort(Protocol):
    """Everything a workstation asks of the central. Raises :class:`central_client.errors.CentralError`."""

    async def health(self) -> Health: ...

    async def me(self) -> Me: ...

    async def offices(self) -> list[Office]: ...

    async def territories(self) -> list[Territory]: ...

    async def lookup(
        self, carnet: str, transaction_code: str, office_id: str | None = None, *,
        offline: OfflineCredential | None = None,
    ) -> LookupResponse: ...

    async def commit(
        self, request: CommitRequest, idempotency_key: str, *, offline: OfflineCredential | None = None,
    ) -> CommitResponse: ...

    # --- Identity (issue 16) -----------------------------------------------------------------------------

    workstation_key: str | None
    on_session_ended: Callable[[CentralRefused], None] | None

    def use_token(self, token: str | None) -> None: ...

    @property
    def has_token(self) -> bool: ...

    async def sign_in(self, account: str, password: str) -> SignInStep: ...

    async def complete_sign_in(self, challenge: str, code: str = "", new_password: str = "") -> SessionIssued: ...

    async def sign_out(self) -> None: ...

    async def work_at(self, office_id: str) -> Me:
        """The session works at ``office_id`` from now on (the central checks it may)."""
        ...

    async def training_accounts(self) -> list[TrainingAccount]: ...

    # --- The classroom (issue 20): a training central only (a live one answers ``not_found``) -----------------

    async def exercises(self) -> list[TraineeExercise]:
        """The caller's exercises (its code set's), in catalogue order."""
        ...

    async def start_exercise(self, exercise_id: str) -> TraineeExercise: ...

    async def finish_exercise(self, exercise_id: str) -> TraineeExercise: ...

    async def abandon_exercise(self, exercise_id: str) -> TraineeExercise: ...

    async def reset_exercise(self, exercise_id: str) -> TraineeExercise:
        """That exercise alone re-seeded for the caller's code set: not started, everything done on it gone."""
        ...

    async def class_view(self) -> ClassView: ...

    async def trainee_work(self, trainee: int, exercise_id: str) -> TraineeWork: ...

    async def control_class(self, action: ClassAction, exercise_id: str, trainee: int | None = None) -> ClassView: ...

    async def cut_link(self, cut: bool, trainee: int | None = None) -> ClassView: ...

    async def class_report(self, file_format: str = "pdf") -> bytes: ...

    async def cancel(self, transaction_id: str, cancellation_code: str, reason: str = "") -> Transaction: ...

    async def reject(self, request: RejectRequest) -> Rejection: ...

    async def hold(self, request: HoldRequest) -> Hold: ...

    async def release(self, hold_id: str, office_id: str | None = None) -> Hold: ...

    async def holds(self, office_id: str | None = None, territory_wide: bool = False) -> list[Hold]: ...

    async def last_transactions(
        self, office_id: str | None = None, limit: int = 10, offset: int = 0
    ) -> TransactionPage: ...

    async def aclose(self) -> None: ...

    # --- Accounts (issue 19): Admins, and Regional managers in their region ----------------------------------

    async def accounts(self) -> list[Account]: ...

    async def create_account(self, request: NewAccount) -> CreatedAccount: ...

    async def change_account(self, account_id: str, change: AccountChange) -> Account: ...

    async def disable_account(self, account_id: str, reason: str = "") -> Account: ...

    async def enable_account(self, account_id: str) -> Account: ...

    async def delete_account(self, account_id: str) -> None: ...

    async def reset_password(self, account_id: str) -> SetPasswordCode: ...

    async def reset_mfa(self, account_id: str) -> Account: ...

    async def sessions(self, account_id: str | None = None) -> list[SessionView]: ...

    async def revoke_session(self, session_id: str) -> None: ...

    # --- Offices and regions (issue 19): Admins, and Regional managers in their region ----------------------

    async def regions(self) -> list[Region]: ...

    async def create_office(self, request: NewOffice) -> Office: ...

    async def change_office(self, office_id: str, change: OfficeChange) -> Office: ...

    async def deactivate_office(self, office_id: str, reason: str = "") -> Office: ...

    async def activate_office(self, office_id: str) -> Office: ...

    async def delete_office(self, office_id: str) -> None: ...

    async def create_region(self, request: NewRegion) -> Region: ...

    async def change_region(self, region_id: str, change: RegionChange) -> Region: ...

    async def delete_region(self, region_id: str) -> None: ...

    async def workstations(self) -> list[Workstation]: ...

    async def register_workstation(self, request: NewWorkstation) -> RegisteredWorkstation: ...

    async def revoke_workstation(self, workstation_id: str) -> Workstation: ...

    # --- Bulk creation (issue 19): Admins -----------------------------------------------------------------------

    async def import_template(self, kind: ImportKind, file_format: str = "xlsx") -> bytes: ...

    async def import_file(self, kind: ImportKind, content: bytes, content_type: str, *,
                          check: bool = False) -> ImportReport: ...

    # --- Logs (issue 7): Controllers and Admins --------------------------------------------------------------

    async def carnet_logs(
        self, status: ReconciliationStatus | None = None, limit: int = 100, offset: int = 0, *,
        kind: CarnetKind | None = None, validity: Validity | None = None,
    ) -> CarnetLogPage: ...

    async def carnet_log_detail(self, carnet: str) -> CarnetLogDetail: ...

    async def transaction_logs(
        self, carnet: str | None = None, limit: int = 100, offset: int = 0, *, tx_type: TransactionType | None = None,
        kind: CarnetKind | None = None, validity: Validity | None = None,
    ) -> TransactionLogPage: ...

    # --- Transit monitoring (issue 7): every role --------------------------------------------------------------

    async def transits(self, office_id: str | None = None) -> list[TransitView]: ...

    async def statistics(self, months: int = 12) -> Statistics:
        """Committed transactions per type, office and month (the last ``months``), active holds and carnets to
        check, within the account's scope (Controllers, Regional managers, Admins)."""
        ...

    # --- Shifts, hand-over and the audit trail (issue 7): Controllers and higher -----------------------------

    async def open_shift(self, office_id: str | None = None, note: str = "") -> Shift: ...

    async def current_shift(self, office_id: str | None = None) -> Shift | None: ...

    async def hand_over(self, shift_id: str, note: str = "") -> HandoverReport: ...

    async def report_queue_decision(self, report: QueueDecisionReport) -> AuditEntry: ...

    async def audit(
        self, account_id: str | None = None, office_id: str | None = None,
        since: datetime | None = None, until: datetime | None = None,
    ) -> list[AuditEntry]: ...

    # --- Pre-declarations and pre-notifications (issue 7): every role, at the offices of its region -------

    async def predeclarations(
        self, office_id: str | None = None, include_closed: bool = False
    ) -> list[PreDeclarationRow]: ...

    async def predeclaration(self, predeclaration_id: str) -> PreDeclaration: ...

    async def acknowledge_predeclaration(
        self, predeclaration_id: str, office_id: str | None = None
    ) -> PreDeclaration: ...

    async def reject_predeclaration(
        self, predeclaration_id: str, reason: str, office_id: str | None = None
    ) -> PreDeclaration: ...

    async def commit_predeclaration(
        self, predeclaration_id: str, office_id: str | None = None
    ) -> PreDeclarationCommit: ...

    # --- A vehicle carnet's file (issue 8: CPD): every role reads it and records seizures and terminations; ---
    # --- the extension, regularisations and the notification are for Controllers and higher ----------------

    async def vehicle_file(
        self, carnet: str, office_id: str | None = None, transaction_code: str | None = None
    ) -> VehicleFile:
        """The file, if the office may read it: the carnet passed through its customs territory, is guaranteed
        there, or ``transaction_code`` is one of its codes (from a lookup); any other is ``unknown_carnet``."""

    async def record_extension(
        self, carnet: str, request: ExtensionRequest, office_id: str | None = None, idempotency_key: str | None = None
    ) -> VehicleFile: ...

    async def record_seizure(
        self, carnet: str, request: SeizureRequest, office_id: str | None = None, idempotency_key: str | None = None
    ) -> VehicleFile: ...

    async def release_seizure(
        self, carnet: str, record_id: str, request: ReleaseRequest, office_id: str | None = None,
        idempotency_key: str | None = None,
    ) -> VehicleFile: ...

    async def record_termination(
        self, carnet: str, request: TerminationRequest, office_id: str | None = None,
        idempotency_key: str | None = None,
    ) -> VehicleFile: ...

    async def record_regularisation(
        self, carnet: str, request: RegularisationRequest, office_id: str | None = None,
        idempotency_key: str | None = None,
    ) -> VehicleFile: ...

    async def record_notification(
        self, carnet: str, request: NotificationRequest, office_id: str | None = None,
        idempotency_key: str | None = None,
    ) -> VehicleFile: ...
