"""Looking up, committing, cancelling and rejecting transactions."""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, date

from carnet_domain import rules
from carnet_domain.carnet import Carnet
from carnet_domain.history import visible_history, withheld
from carnet_domain.organisation import (
    Account,
    Permission,
    Territory,
)
from carnet_domain.refusals import RefusalCode as R
from carnet_domain.transaction import Declaration, Rejection, Transaction, TransactionState
from carnet_domain.transaction_types import TransactionType as T
from central_contract.models import (
    AuditAction,
    CommitRequest,
    CommitResponse,
    EuStep,
    LookupRequest,
    LookupResponse,
    RejectRequest,
    TransactionPage,
)
from reference_central import idempotency, records
from reference_central.database import Db
from reference_central.errors import CentralError
from reference_central.identity.audit import identity_line
from reference_central.identity.authentication import check_offline_commit
from reference_central.identity.caller import grant_of
from reference_central.operations.base import (
    MAX_FUTURE_SKEW,
    MAX_OFFLINE_AGE,
    VERIFICATION_LENGTH,
    CentralBase,
    office_date,
)
from reference_central.operations.vehicle_file import check_passage, extended, is_cpd, records_of, vehicle_file


def replaces_valid_until(db: Db, carnet: Carnet) -> date | None:
    """The last valid day of the carnet ``carnet`` replaces (as extended, for a vehicle carnet), if known."""
    original = records.carnet(db, carnet.replaces) if carnet.replaces else None
    return None if original is None else extended(original, records_of(db, original)).valid_until


class TransactionOps(CentralBase):
    """Looking up, committing, cancelling and rejecting transactions."""

    def lookup(self, account: Account, req: LookupRequest) -> LookupResponse:
        self.require(account, Permission.PROCESS_CARNET)
        with self.store.transaction() as db:
            office = self._office_for(db, account, req.office_id)
            carnet = self._resolve(db, req.carnet)
            self._classroom_work(db, account, carnet.carnet_id)
            declaration, _ = self._declaration(db, carnet, req.transaction_code)
            history = records.history(db, carnet.carnet_id)
            committed = [t for t in history if t.committed]
            used = rules.code_status(committed, declaration.transaction_code, declaration.type)
            if used is not None:
                raise CentralError(R.CODE_USED, used.detail)
            territory = office.territory
            today = office_date(self.clock(), office)
            vehicle = vehicle_file(carnet, history, records_of(db, carnet), today) if is_cpd(carnet) else None
            pre = [
                t for t in committed
                if t.type is T.PRE_EXPORTATION and t.transaction_code == declaration.transaction_code
            ]
            return LookupResponse(
                carnet=carnet,
                declaration=declaration,
                history=withheld(visible_history(history, territory, carnet.home_territory)),
                holds=[h for h in records.active_holds(db, carnet.carnet_id) if h.territory == territory],
                rejections=records.rejections(db, carnet.carnet_id, territory),
                validated=rules.is_validated(carnet, committed),
                office_date=today,
                expired=today > (vehicle.valid_until if vehicle is not None else carnet.valid_until),
                pre_exportation=pre[-1] if pre else None,
                vehicle_file=vehicle,
                office_territory=territory,
                replaces_valid_until=replaces_valid_until(db, carnet),
            )

    def commit(self, account: Account, req: CommitRequest, key: str) -> tuple[int, str]:
        """Commit once per idempotency key of the account (:mod:`reference_central.idempotency`): the same key and
        body give back the first response."""
        self.require(account, Permission.PROCESS_CARNET)
        request_hash = hashlib.sha256(f"{account.account_id}\n{req.model_dump_json()}".encode()).hexdigest()
        with self.store.transaction() as db:
            kept = idempotency.replay(db, account.account_id, key, request_hash, self.clock())
            if kept is not None:
                return kept.status, kept.response
            committed = self._commit(db, account, req)
            grant = grant_of(account)
            if grant is not None:
                identity_line(self.store, db, self.clock(), AuditAction.OFFLINE_COMMIT, account=account,
                              subject=committed.transaction.transaction_id,
                              reason=f"made {req.occurred_at} at workstation {grant.workstation_id} under the offline "
                                     f"grant of the sign-in at {grant.issued_at}")
            response = committed.model_dump_json(exclude_defaults=True)
            idempotency.keep(db, account.account_id, key, request_hash, self.clock(), status=201, response=response)
            return 201, response

    def _commit(self, db: Db, account: Account, req: CommitRequest) -> CommitResponse:
        office = self._office_for(db, account, req.office_id)
        territory = self._territory(db, office)
        carnet = records.carnet(db, req.carnet_id.strip())
        if carnet is None:
            raise CentralError(R.UNKNOWN_CARNET, req.carnet_id)
        records.lock_carnet(db, carnet.carnet_id)  # its history, holds and records are read after this
        self._classroom_work(db, account, carnet.carnet_id)
        declaration, _ = self._declaration(db, carnet, req.transaction_code)
        now = self.clock()
        occurred = req.occurred_at or now
        if occurred.tzinfo is None:
            raise CentralError(R.INVALID_REQUEST, "occurred_at needs a time zone")
        occurred = occurred.astimezone(UTC)
        if occurred > now + MAX_FUTURE_SKEW or occurred < now - MAX_OFFLINE_AGE:
            raise CentralError(R.CLOCK_SKEW, occurred.isoformat())
        grant = grant_of(account)
        if grant is not None:  # made offline, sent later by the workstation: recorded under the grant's officer
            check_offline_commit(db, account, grant, occurred if req.occurred_at is not None else None)
        on = office_date(occurred, office)
        history = records.history(db, carnet.carnet_id)
        holds = records.active_holds(db, carnet.carnet_id)
        vehicle = records_of(db, carnet)
        valid = extended(carnet, vehicle)  # a CPD's extension is recognised everywhere
        original_until = replaces_valid_until(db, carnet)
        made: list[Transaction] = []
        for kind in self._kinds(req, territory, history, declaration):
            goods = rules.effective_goods(valid, kind, req.goods)
            customs = req.customs.model_copy(
                update={"final_date": rules.effective_final_date(valid, kind, req.customs.final_date)}
            )
            assessment = rules.assess(
                carnet=valid, declaration=declaration, kind=kind, goods=goods, customs=req.customs,
                history=history, holds=holds, territory=territory, on=on,
                replaces_valid_until=original_until,
            )
            if assessment.refusals:
                first = assessment.refusals[0]
                raise CentralError(
                    first.code, first.detail,
                    {"refusals": [{"code": r.code.value, "detail": r.detail} for r in assessment.refusals]},
                )
            check_passage(carnet, vehicle, kind, history, territory=territory.code, on=on,
                          final_date=customs.final_date)
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
                goods=goods, customs=customs, verification_code=self.codes(VERIFICATION_LENGTH),
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

    def cancel(self, account: Account, transaction_id: str, cancellation_code: str) -> Transaction:
        self.require(account, Permission.PROCESS_CARNET)
        with self.store.transaction() as db:
            db.lock_row("transactions", "transaction_id", transaction_id)  # cancelled once
            tx = records.transaction(db, transaction_id)
            if tx is None:
                raise CentralError(R.UNKNOWN_TRANSACTION, transaction_id)
            self._classroom_work(db, account, tx.carnet_id)
            office = self._office_for(db, account, None)
            if office.territory != tx.territory:  # whatever the role: an admin is signed in at an office too
                raise CentralError(R.OTHER_TERRITORY, "the transaction was made in another customs territory")
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
            office = self._office_for(db, account, office_id, working=False)
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
            self._classroom_work(db, account, carnet.carnet_id)
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
