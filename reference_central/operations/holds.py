"""Putting carnets on hold and releasing them (guide lines 2730-2765)."""

from __future__ import annotations

from carnet_domain.organisation import Account, Permission
from carnet_domain.refusals import RefusalCode as R
from carnet_domain.transaction import Hold
from central_contract.models import (
    HoldRequest,
)
from reference_central import records
from reference_central.errors import CentralError
from reference_central.operations.base import CentralBase


class HoldOps(CentralBase):
    """Putting carnets on hold and releasing them (guide lines 2730-2765)."""

    def hold(self, account: Account, req: HoldRequest) -> Hold:
        self.require(account, Permission.PROCESS_CARNET)
        with self.store.transaction() as db:
            office = self._office_for(db, account, req.office_id)
            carnet = self._resolve(db, req.carnet_id)
            records.lock_carnet(db, carnet.carnet_id)
            self._classroom_work(db, account, carnet.carnet_id)
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
                carnet_kind=carnet.kind,
            )
            records.put_hold(db, hold)
            return hold

    def release(self, account: Account, hold_id: str, office_id: str | None = None) -> Hold:
        """The officer who placed the hold or a colleague of the office that placed it releases it, whatever their
        role (line 2732): an admin signed in elsewhere does not."""
        self.require(account, Permission.PROCESS_CARNET)
        with self.store.transaction() as db:
            db.lock_row("holds", "hold_id", hold_id)  # released once, whichever server process is asked twice
            hold = records.hold(db, hold_id)
            if hold is None:
                raise CentralError(R.UNKNOWN_HOLD, hold_id)
            if not hold.active:
                raise CentralError(R.HOLD_RELEASED, hold_id)
            self._classroom_work(db, account, hold.carnet_id)
            office = self._office_for(db, account, office_id, working=False)  # closing what it left open
            if office.office_id != hold.office_id:
                raise CentralError(R.HOLD_OTHER_OFFICE, hold.office_name)
            released = hold.model_copy(update={"released_by": account.account_id, "released_at": self.clock()})
            records.put_hold(db, released)
            return released

    def holds(
        self, account: Account, office_id: str | None, territory_wide: bool, include_released: bool
    ) -> list[Hold]:
        self.require(account, Permission.PROCESS_CARNET)
        with self.store.transaction() as db:
            office = self._office_for(db, account, office_id, working=False)
            if territory_wide:
                return records.holds_where(db, "territory", office.territory, not include_released)
            return records.holds_where(db, "office_id", office.office_id, not include_released)
