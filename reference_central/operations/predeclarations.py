"""Pre-notifications and pre-declarations (guide lines 2699-2729): the list an office's officers work
through, and Acknowledge, Reject and Commit.

Every role processes carnets, so everyone sees the pre-declarations addressed to the offices of their region
(an admin: all) and acts on those addressed to the office they work at. A committed pre-declaration is never
stored as such: it *is* committed once a transaction with its carnet and code is (see
:func:`carnet_domain.predeclaration.settled`), whichever way that transaction was made.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC

from carnet_domain.organisation import Account, Office, Permission, Role, region_bound
from carnet_domain.predeclaration import (
    PreDeclaration,
    PreDeclarationKind,
    PreDeclarationRefused,
    acknowledge,
    commit_target,
    reject,
    settled,
)
from carnet_domain.refusals import RefusalCode as R
from central_contract.models import NewPreDeclaration, PreDeclarationCommit, PreDeclarationRow
from reference_central import predeclaration_records as stored
from reference_central import records
from reference_central.database import Db
from reference_central.errors import CentralError
from reference_central.operations.base import CentralBase


class PreDeclarationOps(CentralBase):
    """Pre-notifications and pre-declarations: list, details, acknowledge, reject, commit, and creation."""

    def predeclarations(
        self, account: Account, office_id: str | None, include_closed: bool
    ) -> list[PreDeclarationRow]:
        """Those of ``office_id``, or of every office of the account's region; open ones unless
        ``include_closed``; latest arrival first, as the guide's list."""
        self.require(account, Permission.PROCESS_CARNET)
        with self.store.transaction() as db:
            if office_id:
                offices = [self._office_in_reach(db, account, office_id, active=False).office_id]
            else:
                bound = account.region_id if region_bound(account.role) else None
                offices = [o.office_id for o in records.offices(db, bound)]
            rows = [self._settled(db, pre) for pre in stored.at_offices(db, offices)]
            return [
                PreDeclarationRow.model_validate(pre.model_dump(include=set(PreDeclarationRow.model_fields)))
                for pre in rows if include_closed or pre.open
            ]

    def predeclaration(self, account: Account, predeclaration_id: str) -> PreDeclaration:
        self.require(account, Permission.PROCESS_CARNET)
        with self.store.transaction() as db:
            return self._visible(db, account, predeclaration_id)

    def acknowledge_predeclaration(
        self, account: Account, predeclaration_id: str, office_id: str | None
    ) -> PreDeclaration:
        return self._decide(account, predeclaration_id, office_id,
                            lambda pre: acknowledge(pre, account.account_id, account.display_name, self.clock()))

    def reject_predeclaration(
        self, account: Account, predeclaration_id: str, office_id: str | None, reason: str
    ) -> PreDeclaration:
        return self._decide(account, predeclaration_id, office_id,
                            lambda pre: reject(pre, reason, account.account_id, account.display_name, self.clock()))

    def commit_predeclaration(
        self, account: Account, predeclaration_id: str, office_id: str | None
    ) -> PreDeclarationCommit:
        """What the wizard starts from; the pre-declaration turns committed when the transaction is."""
        self.require(account, Permission.PROCESS_CARNET)
        with self.store.transaction() as db:
            pre, _ = self._acting(db, account, predeclaration_id, office_id)
            try:
                carnet_id, code = commit_target(pre)
            except PreDeclarationRefused as exc:
                raise CentralError(exc.refusal.code, exc.refusal.detail) from exc
            carnet = records.carnet(db, carnet_id)
            if carnet is None:
                raise CentralError(R.UNKNOWN_CARNET, carnet_id)
            declaration, _ = self._declaration(db, carnet, code)
            return PreDeclarationCommit(
                predeclaration_id=pre.predeclaration_id, carnet_id=carnet.carnet_id, carnet_number=carnet.number,
                transaction_code=declaration.transaction_code, transaction_type=declaration.type,
            )

    def create_predeclaration(self, account: Account, req: NewPreDeclaration) -> PreDeclaration:
        """What a holder's app sends; on the reference central an admin sends it (tests, the demo)."""
        if account.role is not Role.ADMIN:
            raise CentralError(R.FORBIDDEN, "pre-declarations come from the holder's app")
        if req.arrival_at.tzinfo is None or req.arrival_at.utcoffset() is None:
            raise CentralError(R.INVALID_REQUEST, "arrival_at needs a time zone")
        automatic = req.kind is PreDeclarationKind.AUTOMATIC
        if automatic and not (req.carnet and req.transaction_code):
            raise CentralError(R.INVALID_REQUEST, "an automatic transaction needs carnet and transaction_code")
        if not automatic and req.transaction_code:
            raise CentralError(R.INVALID_REQUEST, "a pre-notification carries no declaration")
        with self.store.transaction() as db:
            office = self._office_in_reach(db, account, req.office_id)  # addressed to it, not made there
            carnet = self._resolve(db, req.carnet) if req.carnet else None
            kind, training = req.transaction_type, self.training
            if carnet is not None and req.transaction_code:
                declaration, _ = self._declaration(db, carnet, req.transaction_code)
                if kind is not None and kind is not declaration.type:
                    raise CentralError(R.TYPE_MISMATCH, declaration.type.value)
                kind, training = declaration.type, training or declaration.training
            if carnet is not None and req.carnet_kind not in (None, carnet.kind):
                raise CentralError(R.INVALID_REQUEST, f"carnet_kind: the carnet is {carnet.kind.value}")
            pre = PreDeclaration(
                predeclaration_id=str(self.store.next_number("predeclaration")), kind=req.kind,
                office_id=office.office_id, office_name=office.name, arrival_at=req.arrival_at.astimezone(UTC),
                carnet_id=carnet.carnet_id if carnet else None, carnet_number=carnet.number if carnet else None,
                carnet_kind=carnet.kind if carnet else req.carnet_kind, transaction_type=kind,
                transaction_code=req.transaction_code.strip().upper() if req.transaction_code else None,
                transport_mode=req.transport_mode, means_of_transport=req.means_of_transport,
                identification=req.identification, submitted_by=req.submitted_by, submitted_at=self.clock(),
                attachments=tuple(req.attachments), training=training,
            )
            stored.put(db, pre)
            return pre

    # --- shared checks -------------------------------------------------------------------------------------

    @staticmethod
    def _settled(db: Db, pre: PreDeclaration) -> PreDeclaration:
        if not (pre.open and pre.automatic and pre.carnet_id):
            return pre
        return settled(pre, records.history(db, pre.carnet_id))

    def _visible(self, db: Db, account: Account, predeclaration_id: str) -> PreDeclaration:
        """The pre-declaration as it stands, if it is addressed to an office of the account's region."""
        pre = stored.one(db, predeclaration_id)
        if pre is None:
            raise CentralError(R.UNKNOWN_PREDECLARATION, predeclaration_id)
        self._office_in_reach(db, account, pre.office_id, active=False)
        return self._settled(db, pre)

    def _acting(
        self, db: Db, account: Account, predeclaration_id: str, office_id: str | None
    ) -> tuple[PreDeclaration, Office]:
        """The pre-declaration, if the account works (``office_id``) at the office it is addressed to."""
        pre = self._visible(db, account, predeclaration_id)
        office = self._office_for(db, account, office_id)
        if office.office_id != pre.office_id:
            raise CentralError(R.PREDECLARATION_OTHER_OFFICE, pre.office_name)
        return pre, office

    def _decide(
        self, account: Account, predeclaration_id: str, office_id: str | None,
        decision: Callable[[PreDeclaration], PreDeclaration],
    ) -> PreDeclaration:
        self.require(account, Permission.PROCESS_CARNET)
        with self.store.transaction() as db:
            pre, _ = self._acting(db, account, predeclaration_id, office_id)
            try:
                decided = decision(pre)
            except PreDeclarationRefused as exc:
                raise CentralError(exc.refusal.code, exc.refusal.detail) from exc
            stored.put(db, decided)
            return decided
