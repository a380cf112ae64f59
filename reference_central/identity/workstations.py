"""Workstations: registered by an Admin or a Regional manager (of the office's region), bound to an office, and
revoked when a PC is lost, stolen or retired. A revoked workstation's sessions end at once, and the offline grants
issued there stop covering commits made after the revocation.

The key is shown once, typed at the workstation (``ecarnet --register-workstation``) and sent as
``X-Ecarnet-Workstation`` when signing in and with every commit sent under an offline grant."""

from __future__ import annotations

import secrets

from carnet_domain.organisation import Account, Permission, region_bound
from carnet_domain.refusals import RefusalCode as R
from central_contract.identity import NewWorkstation, RegisteredWorkstation, Workstation
from central_contract.models import AuditAction
from reference_central import records
from reference_central.errors import CentralError
from reference_central.identity import records as ids
from reference_central.identity.audit import identity_line
from reference_central.operations.base import CentralBase

MANAGE = Permission.CREATE_OFFICE
"""Who registers and revokes workstations: those who create offices (Regional managers in their region, Admins)."""


class WorkstationOps(CentralBase):
    def register_workstation(self, by: Account | None, req: NewWorkstation) -> RegisteredWorkstation:
        """Register a workstation at ``req.office_id``; ``by`` is ``None`` at the server's console."""
        if by is not None:
            self.require(by, MANAGE)
        now = self.clock()
        with self.store.transaction() as db:
            found = self._office_in_reach(db, by, req.office_id) if by is not None \
                else records.office(db, req.office_id)
            if found is None:
                raise CentralError(R.UNKNOWN_OFFICE, req.office_id)
            office = found
            station = Workstation(
                workstation_id=f"ws-{self.store.next_number('workstation')}", name=" ".join(req.name.split()),
                office_id=office.office_id, region_id=office.region_id, registered_at=now,
                registered_by=by.account_id if by is not None else "console",
            )
            key = "ecw_" + secrets.token_urlsafe(32)
            ids.put_workstation(db, station, key)
            identity_line(self.store, db, now, AuditAction.WORKSTATION_REGISTERED, account=by,
                          typed="console", subject=station.workstation_id,
                          reason=f"{station.name} at {office.office_id}")
            return RegisteredWorkstation(workstation=station, key=key)

    def workstations(self, by: Account) -> list[Workstation]:
        self.require(by, MANAGE)
        with self.store.transaction() as db:
            return ids.workstations(db, by.region_id if region_bound(by.role) else None)

    def revoke_workstation(self, by: Account | None, workstation_id: str) -> Workstation:
        """Revoke a workstation; ``by`` is ``None`` at the server's console."""
        if by is not None:
            self.require(by, MANAGE)
        now = self.clock()
        with self.store.transaction() as db:
            station = ids.workstation(db, workstation_id)
            if station is None or (by is not None and region_bound(by.role) and station.region_id != by.region_id):
                raise CentralError(R.UNKNOWN_WORKSTATION, workstation_id)
            if station.revoked_at is not None:
                return station
            revoked = station.model_copy(update={"revoked_at": now,
                                                 "revoked_by": by.account_id if by is not None else "console"})
            ids.put_workstation(db, revoked)
            ids.end_sessions_at(db, workstation_id, now, "workstation revoked")
            ids.revoke_grants(db, now, workstation_id=workstation_id)
            identity_line(self.store, db, now, AuditAction.WORKSTATION_REVOKED, account=by, typed="console",
                          subject=workstation_id, reason=station.name)
            return revoked
