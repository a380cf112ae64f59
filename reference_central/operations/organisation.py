"""Customs offices and regions as the guide's role table allows (lines 1758-1760, 2977-3240): Regional managers
create, edit, deactivate and delete the offices of their own region, Admins those of any region; only an Admin
creates, edits and deletes regions. Each change is one unit of work with its line in the audit trail."""

from __future__ import annotations

from typing import Any

from carnet_domain.organisation import Account, Office, Permission, Region, region_bound
from carnet_domain.refusals import RefusalCode as R
from central_contract.models import AuditAction, AuditEntry
from central_contract.organisation import NewOffice, NewRegion, OfficeChange, RegionChange, office_types
from reference_central import organisation_records as uses
from reference_central import records, shift_records
from reference_central.database import Db
from reference_central.errors import CentralError
from reference_central.operations.base import CentralBase
from reference_central.time_zones import known_time_zone


def _time_zone(name: str) -> None:
    if not known_time_zone(name):
        raise CentralError(R.INVALID_REQUEST, f"unknown time zone {name[:60]!r}: give an IANA name such as "
                                              "Europe/Zurich")


def _in_use(code: R, found: dict[str, int], what: str) -> CentralError:
    return CentralError(code, f"{what}: " + ", ".join(f"{n} {kind}" for kind, n in found.items()))


class OrganisationOps(CentralBase):
    """Creating, editing, deactivating and deleting offices and regions."""

    def _line(self, db: Db, by: Account, action: AuditAction, *, region_id: str, subject: str,
              office: Office | None = None, reason: str = "") -> None:
        """The audit line of a change to ``office`` (or to the region ``region_id``), made by ``by``: in the trail of
        the region concerned."""
        shift_records.put_audit(db, AuditEntry(
            entry_id=str(self.store.next_number("audit")), at=self.clock(), action=action,
            account_id=by.account_id, account_name=by.display_name,
            office_id=office.office_id if office is not None else "", office_name=office.name if office else "",
            region_id=region_id, subject=subject, reason=reason[:500],
        ))

    # --- offices ------------------------------------------------------------------------------------------------

    def _office_region(self, db: Db, account: Account, region_id: str) -> Region:
        """A region the account may put an office in: its own (an Admin: any)."""
        region = records.region(db, region_id)
        if region is None:
            raise CentralError(R.UNKNOWN_REGION, region_id)
        if region_bound(account.role) and region.region_id != account.region_id:
            raise CentralError(R.OFFICE_NOT_IN_REGION, region_id)
        return region

    def _managed_office(self, db: Db, account: Account, office_id: str) -> Office:
        """The office, locked until the unit of work ends, if the account manages it (any state)."""
        self.require(account, Permission.CREATE_OFFICE)
        db.lock_row("offices", "office_id", office_id)
        office = records.office(db, office_id)
        if office is None:
            raise CentralError(R.UNKNOWN_OFFICE, office_id)
        if region_bound(account.role) and office.region_id != account.region_id:
            raise CentralError(R.OFFICE_NOT_IN_REGION, office.office_id)
        return office

    def create_office(self, account: Account, req: NewOffice) -> Office:
        with self.store.transaction() as db:
            office = self.new_office(db, account, req)
            self._line(db, account, AuditAction.OFFICE_CREATED, region_id=office.region_id, subject=office.office_id,
                       office=office, reason="" if office.active else "created deactivated")
            return office

    def new_office(self, db: Db, account: Account, req: NewOffice) -> Office:
        """Put the office ``req`` describes in ``db`` once every check passed (the unit of work is the caller's, and
        so is its audit line): one created alone, or a row of a bulk import."""
        self.require(account, Permission.CREATE_OFFICE)
        _time_zone(req.timezone)
        region = self._office_region(db, account, req.region_id)
        if records.office(db, req.office_id) is not None:
            raise CentralError(R.ALREADY_EXISTS, req.office_id)
        details = req.model_dump(exclude={"office_id", "region_id", "types"})
        office = Office(office_id=req.office_id, region_id=region.region_id, territory=region.territory,
                        types=office_types(req.types), **details)
        records.put_office(db, office)
        return office

    def edit_office(self, account: Account, office_id: str, change: OfficeChange) -> Office:
        self.require(account, Permission.CREATE_OFFICE)
        update: dict[str, Any] = change.changes()
        if "timezone" in update:
            _time_zone(update["timezone"])
        with self.store.transaction() as db:
            office = self._managed_office(db, account, office_id)
            said = [name for name in update if update[name] != getattr(office, name)]
            if not said:
                return office
            if "region_id" in said:
                region = self._office_region(db, account, update["region_id"])
                moving = uses.office_people(db, office.office_id)
                if moving:
                    raise _in_use(R.OFFICE_IN_USE, moving, "a move to another region leaves behind")
                update["territory"] = region.territory
            edited = Office.model_validate({**office.model_dump(), **update})
            records.put_office(db, edited)
            moved = f" (region {office.region_id} -> {edited.region_id})" if "region_id" in said else ""
            self._line(db, account, AuditAction.OFFICE_EDITED, region_id=edited.region_id, subject=office.office_id,
                       office=edited, reason="changed: " + ", ".join(sorted(said)) + moved)
            return edited

    def set_office_active(self, account: Account, office_id: str, active: bool, reason: str = "") -> Office:
        """Activate or deactivate the office: deactivated, it keeps its history and takes no new work. An office
        with carnets on hold is not deactivated: only its officers release them (line 2732)."""
        with self.store.transaction() as db:
            office = self._managed_office(db, account, office_id)
            if office.active == active:
                return office
            if not active:
                holding = uses.active_holds(db, office.office_id)
                if holding:
                    raise _in_use(R.OFFICE_IN_USE, holding, "release its holds before deactivating it")
            changed = office.model_copy(update={"active": active})
            records.put_office(db, changed)
            self._line(db, account, AuditAction.OFFICE_ACTIVATED if active else AuditAction.OFFICE_DEACTIVATED,
                       region_id=office.region_id, subject=office.office_id, office=changed, reason=reason)
            return changed

    def delete_office(self, account: Account, office_id: str) -> None:
        """Delete an office nothing names: no transaction, hold, rejection, pre-declaration, shift or vehicle record
        was made there, and no account or workstation is at it. Any other is deactivated instead."""
        with self.store.transaction() as db:
            office = self._managed_office(db, account, office_id)
            found = uses.office_uses(db, office.office_id)
            if found:
                raise _in_use(R.OFFICE_IN_USE, found, "it has")
            uses.delete_office(db, office.office_id)
            self._line(db, account, AuditAction.OFFICE_DELETED, region_id=office.region_id, subject=office.office_id,
                       office=office, reason=f"deleted {office.name}")

    # --- regions ------------------------------------------------------------------------------------------------

    def regions(self, account: Account) -> list[Region]:
        """The caller's region (an Admin: every region)."""
        with self.store.transaction() as db:
            if not region_bound(account.role):
                return records.regions(db)
            own = records.region(db, account.region_id)
            return [own] if own is not None else []

    def _managed_region(self, db: Db, account: Account, region_id: str) -> Region:
        self.require(account, Permission.CREATE_REGION)
        db.lock_row("regions", "region_id", region_id)
        region = records.region(db, region_id)
        if region is None:
            raise CentralError(R.UNKNOWN_REGION, region_id)
        return region

    def new_region(self, db: Db, account: Account, req: NewRegion) -> Region:
        """Put the region ``req`` describes in ``db`` once every check passed (the caller's unit of work and audit
        line): one created alone, or a row of a bulk import."""
        self.require(account, Permission.CREATE_REGION)
        if records.territory(db, req.territory) is None:
            raise CentralError(R.INVALID_REQUEST, f"unknown customs territory {req.territory!r}")
        if records.region(db, req.region_id) is not None:
            raise CentralError(R.ALREADY_EXISTS, req.region_id)
        region = Region(region_id=req.region_id, name=req.name, country=req.country, territory=req.territory)
        records.put_region(db, region)
        return region

    def create_region(self, account: Account, req: NewRegion) -> Region:
        with self.store.transaction() as db:
            region = self.new_region(db, account, req)
            self._line(db, account, AuditAction.REGION_CREATED, region_id=region.region_id, subject=region.region_id)
            return region

    def edit_region(self, account: Account, region_id: str, change: RegionChange) -> Region:
        with self.store.transaction() as db:
            region = self._managed_region(db, account, region_id)
            update = {name: value for name, value in change.changes().items() if value != getattr(region, name)}
            if not update:
                return region
            edited = region.model_copy(update=update)
            records.put_region(db, edited)
            self._line(db, account, AuditAction.REGION_EDITED, region_id=region.region_id, subject=region.region_id,
                       reason="changed: " + ", ".join(sorted(update)))
            return edited

    def delete_region(self, account: Account, region_id: str) -> None:
        """Delete a region with no office and no account."""
        with self.store.transaction() as db:
            region = self._managed_region(db, account, region_id)
            found = uses.region_uses(db, region.region_id)
            if found:
                raise _in_use(R.REGION_IN_USE, found, "it has")
            uses.delete_region(db, region.region_id)
            self._line(db, account, AuditAction.REGION_DELETED, region_id=region.region_id, subject=region.region_id,
                       reason=f"deleted {region.name}")
