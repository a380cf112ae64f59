"""What the central does: each operation checks who asks, applies the domain's rules and records the result
in one all-or-nothing unit of work."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import sqlite3
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from carnet_domain import rules
from carnet_domain.carnet import Carnet
from carnet_domain.history import visible_history
from carnet_domain.organisation import (
    ACCOUNT_PERMISSION,
    Account,
    AccountStatus,
    Office,
    Permission,
    Region,
    Role,
    Territory,
    may,
    permissions_of,
    region_bound,
)
from carnet_domain.payload import CODE_ALPHABET
from carnet_domain.reconciliation import reconcile
from carnet_domain.refusals import RefusalCode as R
from carnet_domain.transaction import Declaration, Hold, Rejection, Transaction, TransactionState
from carnet_domain.transaction_types import TransactionType as T
from carnet_domain.transit import transits
from central_contract.models import (
    CommitRequest,
    CommitResponse,
    EuStep,
    HoldRequest,
    IssuedToken,
    LookupRequest,
    LookupResponse,
    Me,
    NewAccount,
    NewOffice,
    NewRegion,
    ReconciliationView,
    RejectRequest,
    Statistics,
    TransactionPage,
    TransitView,
)
from reference_central import records
from reference_central.clock import Clock, system_clock
from reference_central.errors import CentralError
from reference_central.store import Store

MAX_FUTURE_SKEW = timedelta(minutes=5)
"""How far ahead of the central's clock a workstation's transaction time may be."""
MAX_OFFLINE_AGE = timedelta(days=14)
"""How long ago an offline commit may have been made and still be accepted."""
VERIFICATION_LENGTH = 14


def new_code(length: int) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def local_date(moment: datetime, office: Office) -> datetime:
    return moment.astimezone(ZoneInfo(office.timezone))


class Central:
    """The reference central's operations over one store."""

    def __init__(self, store: Store, clock: Clock = system_clock, training: bool = False) -> None:
        self.store = store
        self.clock = clock
        self.training = training

    # --- who is asking -------------------------------------------------------------------------------

    def authenticate(self, token: str | None) -> Account:
        if not token:
            raise CentralError(R.UNAUTHENTICATED)
        with self.store.transaction() as db:
            account = records.account_by_token(db, token)
        if account is None:
            raise CentralError(R.UNAUTHENTICATED)
        if account.status is AccountStatus.DISABLED:
            raise CentralError(R.ACCOUNT_DISABLED)
        return account

    @staticmethod
    def require(account: Account, permission: Permission) -> None:
        if not may(account.role, permission):
            raise CentralError(R.FORBIDDEN, permission.value)

    def issue_token(self, account_id: str) -> str:
        token = "ect_" + secrets.token_urlsafe(32)
        with self.store.transaction() as db:
            if records.account(db, account_id) is None:
                raise CentralError(R.UNKNOWN_ACCOUNT, account_id)
            records.put_token(db, token, account_id, self.clock().isoformat())
        return token

    def _office_for(self, db: sqlite3.Connection, account: Account, office_id: str | None) -> Office:
        office = records.office(db, office_id or account.office_id)
        if office is None or not office.active:
            raise CentralError(R.UNKNOWN_OFFICE, office_id or account.office_id)
        if region_bound(account.role) and office.region_id != account.region_id:
            raise CentralError(R.OFFICE_NOT_IN_REGION, office.office_id)
        return office

    @staticmethod
    def _territory(db: sqlite3.Connection, office: Office) -> Territory:
        territory = records.territory(db, office.territory)
        assert territory is not None, f"office {office.office_id} has no territory"
        return territory

    def me(self, account: Account) -> Me:
        with self.store.transaction() as db:
            office = self._office_for(db, account, None)
            region = records.region(db, account.region_id)
            assert region is not None
            allowed = records.offices(db, None if not region_bound(account.role) else account.region_id)
            return Me(
                account=account,
                office=office,
                region=region,
                territory=self._territory(db, office),
                permissions=sorted(permissions_of(account.role)),
                offices=[o for o in allowed if o.active],
                training=self.training,
            )

    def territories(self) -> list[Territory]:
        with self.store.transaction() as db:
            return records.territories(db)

    def offices(self, account: Account) -> list[Office]:
        with self.store.transaction() as db:
            return records.offices(db, account.region_id if region_bound(account.role) else None)

    # --- carnets -------------------------------------------------------------------------------------

    @staticmethod
    def _resolve(db: sqlite3.Connection, ref: str) -> Carnet:
        """The exact carnet number first, then the ID; a number and an ID naming two carnets is ambiguous."""
        ref = ref.strip().upper()
        by_number = records.carnet_by_number(db, ref)
        by_id = records.carnet(db, ref) if ref.isdigit() else None
        if by_number and by_id and by_number.carnet_id != by_id.carnet_id:
            raise CentralError(
                R.AMBIGUOUS_CARNET, ref, {"candidates": [by_number.number, by_id.number]}
            )
        found = by_number or by_id
        if found is None:
            raise CentralError(R.UNKNOWN_CARNET, ref)
        return found

    @staticmethod
    def _declaration(db: sqlite3.Connection, carnet: Carnet, code: str) -> tuple[Declaration, str]:
        found = records.declaration(db, carnet.carnet_id, code.strip().upper())
        if found is None:
            raise CentralError(R.WRONG_TRANSACTION_CODE, carnet.number)
        return found

    def lookup(self, account: Account, req: LookupRequest) -> LookupResponse:
        self.require(account, Permission.PROCESS_CARNET)
        with self.store.transaction() as db:
            office = self._office_for(db, account, req.office_id)
            carnet = self._resolve(db, req.carnet)
            declaration, _ = self._declaration(db, carnet, req.transaction_code)
            history = records.history(db, carnet.carnet_id)
            committed = [t for t in history if t.committed]
            used = rules.code_status(committed, declaration.transaction_code, declaration.type)
            if used is not None:
                raise CentralError(R.CODE_USED, used.detail)
            territory = office.territory
            today = local_date(self.clock(), office).date()
            pre = [
                t for t in committed
                if t.type is T.PRE_EXPORTATION and t.transaction_code == declaration.transaction_code
            ]
            return LookupResponse(
                carnet=carnet,
                declaration=declaration,
                history=visible_history(history, territory, carnet.home_territory),
                holds=[h for h in records.active_holds(db, carnet.carnet_id) if h.territory == territory],
                rejections=records.rejections(db, carnet.carnet_id, territory),
                validated=rules.is_validated(carnet, committed),
                office_date=today,
                expired=carnet.is_expired_on(today),
                pre_exportation=pre[-1] if pre else None,
            )

    # --- commit --------------------------------------------------------------------------------------

    def commit(self, account: Account, req: CommitRequest, key: str) -> tuple[int, str]:
        """Commit once per idempotency key: the same key and body give back the first response."""
        self.require(account, Permission.PROCESS_CARNET)
        request_hash = hashlib.sha256(f"{account.account_id}\n{req.model_dump_json()}".encode()).hexdigest()
        with self.store.transaction() as db:
            row = db.execute(
                "SELECT request_hash, status, response FROM idempotency WHERE key = ?", (key,)
            ).fetchone()
            if row is not None:
                if row["request_hash"] != request_hash:
                    raise CentralError(R.IDEMPOTENCY_KEY_REUSED, key)
                return int(row["status"]), str(row["response"])
            response = self._commit(db, account, req).model_dump_json()
            db.execute(
                "INSERT INTO idempotency VALUES (?, ?, ?, ?, ?)",
                (key, request_hash, 201, response, self.clock().isoformat()),
            )
            return 201, response

    def _commit(self, db: sqlite3.Connection, account: Account, req: CommitRequest) -> CommitResponse:
        office = self._office_for(db, account, req.office_id)
        territory = self._territory(db, office)
        carnet = records.carnet(db, req.carnet_id.strip())
        if carnet is None:
            raise CentralError(R.UNKNOWN_CARNET, req.carnet_id)
        declaration, _ = self._declaration(db, carnet, req.transaction_code)
        now = self.clock()
        occurred = req.occurred_at or now
        if occurred.tzinfo is None:
            raise CentralError(R.INVALID_REQUEST, "occurred_at needs a time zone")
        occurred = occurred.astimezone(UTC)
        if occurred > now + MAX_FUTURE_SKEW or occurred < now - MAX_OFFLINE_AGE:
            raise CentralError(R.CLOCK_SKEW, occurred.isoformat())
        on = local_date(occurred, office).date()
        history = records.history(db, carnet.carnet_id)
        holds = records.active_holds(db, carnet.carnet_id)
        made: list[Transaction] = []
        for kind in self._kinds(req, territory, history, declaration):
            goods = rules.effective_goods(carnet, kind, req.goods)
            customs = req.customs.model_copy(
                update={"final_date": rules.effective_final_date(carnet, kind, req.customs.final_date)}
            )
            assessment = rules.assess(
                carnet=carnet, declaration=declaration, kind=kind, goods=goods, customs=req.customs,
                history=history, holds=holds, territory=territory, on=on,
            )
            if assessment.refusals:
                first = assessment.refusals[0]
                raise CentralError(
                    first.code, first.detail,
                    {"refusals": [{"code": r.code.value, "detail": r.detail} for r in assessment.refusals]},
                )
            if unconfirmed := assessment.blocking(req.confirmed_warnings):
                raise CentralError(
                    R.WARNINGS_NOT_CONFIRMED, ", ".join(w.code.value for w in unconfirmed),
                    {"warnings": [{"code": w.code.value, "items": w.items} for w in unconfirmed]},
                )
            number = self.store.next_number("transaction")
            tx = Transaction(
                transaction_id=str(number), carnet_id=carnet.carnet_id, carnet_number=carnet.number,
                type=kind, transaction_code=declaration.transaction_code, occurred_at=occurred,
                recorded_at=now, local_date=on, office_id=office.office_id, office_name=office.name,
                territory=territory.code, officer_id=account.account_id, officer_name=account.display_name,
                goods=goods, customs=customs, verification_code=new_code(VERIFICATION_LENGTH),
                training=self.training or declaration.training,
                confirmed_warnings=tuple(w.code for w in assessment.warnings),
            )
            records.put_transaction(db, tx)
            history = [*history, tx]
            made.append(tx)
        return CommitResponse(
            transaction=made[-1],
            pre_exportation=made[0] if len(made) > 1 else None,
            warnings_confirmed=list(req.confirmed_warnings),
        )

    @staticmethod
    def _kinds(
        req: CommitRequest, territory: Territory, history: list[Transaction], declaration: Declaration
    ) -> list[T]:
        """The transactions one commit makes: in a two-step territory, Export is a Pre-exportation and an
        Exit completes it, or makes both when nothing was pre-exported with this code (line 2100)."""
        step = EuStep.EXPORT if req.type is T.PRE_EXPORTATION else req.eu_step
        if declaration.type is not T.EXPORTATION or not territory.two_step_export:
            if step is not None:
                raise CentralError(R.EU_STEP_NOT_APPLICABLE, territory.code)
            return [req.type]
        if req.type not in (T.EXPORTATION, T.PRE_EXPORTATION):
            return [req.type]
        if step is EuStep.EXPORT:
            return [T.PRE_EXPORTATION]
        pre_exported = any(
            t.committed and t.type is T.PRE_EXPORTATION and t.transaction_code == declaration.transaction_code
            for t in history
        )
        return [T.EXPORTATION] if pre_exported else [T.PRE_EXPORTATION, T.EXPORTATION]

    # --- after the commit ----------------------------------------------------------------------------

    def cancel(self, account: Account, transaction_id: str, cancellation_code: str) -> Transaction:
        self.require(account, Permission.PROCESS_CARNET)
        with self.store.transaction() as db:
            tx = records.transaction(db, transaction_id)
            if tx is None:
                raise CentralError(R.UNKNOWN_TRANSACTION, transaction_id)
            office = self._office_for(db, account, None)
            if office.territory != tx.territory and account.role is not Role.ADMIN:
                raise CentralError(R.FORBIDDEN, "the transaction was made in another customs territory")
            if tx.state is TransactionState.CANCELLED:
                raise CentralError(R.ALREADY_CANCELLED, transaction_id)
            found = records.declaration(db, tx.carnet_id, tx.transaction_code)
            expected = found[1] if found else ""
            if not hmac.compare_digest(cancellation_code.strip().upper().encode(), expected.encode()):
                raise CentralError(R.WRONG_CANCELLATION_CODE, transaction_id)
            cancelled = tx.model_copy(
                update={
                    "state": TransactionState.CANCELLED,
                    "cancelled_at": self.clock(),
                    "cancelled_by": account.account_id,
                }
            )
            records.replace_transaction(db, cancelled)
            return cancelled

    def last_transactions(self, account: Account, office_id: str | None, limit: int, offset: int) -> TransactionPage:
        self.require(account, Permission.PROCESS_CARNET)
        with self.store.transaction() as db:
            office = self._office_for(db, account, office_id)
            return TransactionPage(
                items=records.office_transactions(db, office.office_id, limit, offset),
                total=records.count_office_transactions(db, office.office_id),
                limit=limit,
                offset=offset,
            )

    def reject(self, account: Account, req: RejectRequest) -> Rejection:
        self.require(account, Permission.PROCESS_CARNET)
        with self.store.transaction() as db:
            office = self._office_for(db, account, req.office_id)
            carnet = self._resolve(db, req.carnet_id)
            declaration, _ = self._declaration(db, carnet, req.transaction_code)
            rejection = Rejection(
                rejection_id=str(self.store.next_number("rejection")), carnet_id=carnet.carnet_id,
                transaction_code=declaration.transaction_code, transaction_type=declaration.type,
                territory=office.territory, office_id=office.office_id, office_name=office.name,
                reason=req.reason, rejected_by=account.account_id, rejected_by_name=account.display_name,
                rejected_at=self.clock(),
            )
            records.put_rejection(db, rejection)
            return rejection

    # --- holds ---------------------------------------------------------------------------------------

    def hold(self, account: Account, req: HoldRequest) -> Hold:
        self.require(account, Permission.PROCESS_CARNET)
        with self.store.transaction() as db:
            office = self._office_for(db, account, req.office_id)
            carnet = self._resolve(db, req.carnet_id)
            declaration, _ = self._declaration(db, carnet, req.transaction_code)
            if any(h.territory == office.territory for h in records.active_holds(db, carnet.carnet_id)):
                raise CentralError(R.ALREADY_ON_HOLD, carnet.number)
            hold = Hold(
                hold_id=str(self.store.next_number("hold")), carnet_id=carnet.carnet_id,
                carnet_number=carnet.number, territory=office.territory, office_id=office.office_id,
                office_name=office.name, transaction_code=declaration.transaction_code,
                transaction_type=declaration.type, step=req.step, reason=req.reason,
                customs_reference=req.customs_reference, held_by=account.account_id,
                held_by_name=account.display_name, held_since=self.clock(), draft=req.draft,
            )
            records.put_hold(db, hold)
            return hold

    def release(self, account: Account, hold_id: str, office_id: str | None = None) -> Hold:
        """Any officer of the office that placed the hold releases it (line 2732)."""
        self.require(account, Permission.PROCESS_CARNET)
        with self.store.transaction() as db:
            hold = records.hold(db, hold_id)
            if hold is None:
                raise CentralError(R.UNKNOWN_HOLD, hold_id)
            if not hold.active:
                raise CentralError(R.HOLD_RELEASED, hold_id)
            office = self._office_for(db, account, office_id)
            if account.role is not Role.ADMIN and office.office_id != hold.office_id:
                raise CentralError(R.HOLD_OTHER_OFFICE, hold.office_name)
            released = hold.model_copy(update={"released_by": account.account_id, "released_at": self.clock()})
            records.put_hold(db, released)
            return released

    def holds(
        self, account: Account, office_id: str | None, territory_wide: bool, include_released: bool
    ) -> list[Hold]:
        self.require(account, Permission.PROCESS_CARNET)
        with self.store.transaction() as db:
            office = self._office_for(db, account, office_id)
            if territory_wide:
                return records.holds_where(db, "territory", office.territory, not include_released)
            return records.holds_where(db, "office_id", office.office_id, not include_released)

    # --- controllers and managers --------------------------------------------------------------------

    def reconciliation(self, account: Account, carnet_ref: str) -> ReconciliationView:
        self.require(account, Permission.LOGS)
        with self.store.transaction() as db:
            carnet = self._resolve(db, carnet_ref)
            office = self._office_for(db, account, None)
            today = local_date(self.clock(), office).date()
            result = reconcile(carnet, records.history(db, carnet.carnet_id), today)
            return ReconciliationView(
                carnet_id=carnet.carnet_id, carnet_number=carnet.number, valid_until=carnet.valid_until,
                status=result.status.value,
                outstanding={place: items.format() for place, items in result.outstanding.items()},
            )

    def transits(self, account: Account, office_id: str | None) -> list[TransitView]:
        self.require(account, Permission.TRANSIT_MONITORING)
        with self.store.transaction() as db:
            office = self._office_for(db, account, office_id)
            today = local_date(self.clock(), office).date()
            carnet_ids = {t.carnet_id for t in records.territory_transactions(db, office.territory)
                          if t.type is T.TRANSIT_OPEN}
            views: list[TransitView] = []
            for carnet_id in sorted(carnet_ids):
                carnet = records.carnet(db, carnet_id)
                assert carnet is not None
                for transit in transits(carnet, records.history(db, carnet_id), today):
                    if transit.opened.territory == office.territory:
                        views.append(TransitView(
                            carnet_id=carnet.carnet_id, carnet_number=carnet.number, state=transit.state.value,
                            due=transit.due, opened=transit.opened, closed=transit.closed,
                        ))
            return sorted(views, key=lambda v: v.opened.occurred_at, reverse=True)

    def statistics(self, account: Account) -> Statistics:
        self.require(account, Permission.STATISTICS)
        with self.store.transaction() as db:
            bound = region_bound(account.role)
            office_ids = {o.office_id for o in records.offices(db, account.region_id if bound else None)}
            counts: dict[str, int] = {}
            for tx in records.all_transactions(db):
                if tx.committed and tx.office_id in office_ids:
                    counts[tx.type.value] = counts.get(tx.type.value, 0) + 1
            holds = sum(
                len(records.holds_where(db, "office_id", office_id, True)) for office_id in office_ids
            )
            return Statistics(by_type=counts, holds_active=holds, scope=account.region_id if bound else "all")

    def accounts(self, account: Account) -> list[Account]:
        if not may(account.role, Permission.CREATE_OFFICER_ACCOUNT):
            raise CentralError(R.FORBIDDEN, "account management")
        with self.store.transaction() as db:
            return records.accounts(db, account.region_id if region_bound(account.role) else None)

    def create_account(self, account: Account, req: NewAccount) -> Account:
        self.require(account, ACCOUNT_PERMISSION[req.role])
        with self.store.transaction() as db:
            office = self._office_for(db, account, req.office_id)
            if records.account(db, req.account_id) is not None:
                raise CentralError(R.ALREADY_EXISTS, req.account_id)
            created = Account(
                account_id=req.account_id, display_name=req.display_name, badge=req.badge, email=req.email,
                role=req.role, office_id=office.office_id, region_id=office.region_id,
            )
            records.put_account(db, created)
            return created

    def create_token(self, account: Account, account_id: str) -> IssuedToken:
        with self.store.transaction() as db:
            target = records.account(db, account_id)
            if target is None:
                raise CentralError(R.UNKNOWN_ACCOUNT, account_id)
            self.require(account, ACCOUNT_PERMISSION[target.role])
            if region_bound(account.role) and target.region_id != account.region_id:
                raise CentralError(R.FORBIDDEN, "the account is in another region")
            return IssuedToken(account_id=account_id, token=self.issue_token(account_id))

    def create_office(self, account: Account, req: NewOffice) -> Office:
        self.require(account, Permission.CREATE_OFFICE)
        try:
            ZoneInfo(req.timezone)
        except (KeyError, ValueError) as exc:
            raise CentralError(R.INVALID_REQUEST, f"unknown time zone {req.timezone!r}") from exc
        with self.store.transaction() as db:
            region = records.region(db, req.region_id)
            if region is None:
                raise CentralError(R.UNKNOWN_REGION, req.region_id)
            if region_bound(account.role) and region.region_id != account.region_id:
                raise CentralError(R.OFFICE_NOT_IN_REGION, req.region_id)
            if records.office(db, req.office_id) is not None:
                raise CentralError(R.ALREADY_EXISTS, req.office_id)
            office = Office(
                office_id=req.office_id, name=req.name, region_id=region.region_id,
                territory=region.territory, timezone=req.timezone,
            )
            records.put_office(db, office)
            return office

    def create_region(self, account: Account, req: NewRegion) -> Region:
        self.require(account, Permission.CREATE_REGION)
        with self.store.transaction() as db:
            if records.territory(db, req.territory) is None:
                raise CentralError(R.INVALID_REQUEST, f"unknown customs territory {req.territory!r}")
            if records.region(db, req.region_id) is not None:
                raise CentralError(R.ALREADY_EXISTS, req.region_id)
            region = Region(region_id=req.region_id, name=req.name, country=req.country, territory=req.territory)
            records.put_region(db, region)
            return region
