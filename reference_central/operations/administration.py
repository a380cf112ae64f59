"""Accounts, offices, regions and tokens, as the role matrix allows."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from carnet_domain.organisation import (
    ACCOUNT_PERMISSION,
    Account,
    Office,
    Permission,
    Region,
    Territory,
    may,
    permissions_of,
    region_bound,
)
from carnet_domain.refusals import RefusalCode as R
from central_contract.models import (
    IssuedToken,
    Me,
    NewAccount,
    NewOffice,
    NewRegion,
)
from reference_central import records
from reference_central.errors import CentralError
from reference_central.operations.base import CentralBase


class AdministrationOps(CentralBase):
    """Accounts, offices, regions and tokens, as the role matrix allows."""

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
