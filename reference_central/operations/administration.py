"""Accounts, offices, regions and tokens, as the role matrix allows."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from carnet_domain.organisation import (
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
    Me,
    NewOffice,
    NewRegion,
)
from reference_central import records
from reference_central.errors import CentralError
from reference_central.identity import records as ids
from reference_central.identity.caller import bound_to_session, office_scope, working_office, workstation_of
from reference_central.operations.base import CentralBase


class AdministrationOps(CentralBase):
    """Accounts, offices, regions and tokens, as the role matrix allows."""

    def me(self, account: Account) -> Me:
        return self.me_at(account, workstation_of(account))

    def me_at(self, account: Account, workstation_id: str) -> Me:
        """The account as it works now: at the offices its role allows (an integration token's offices only); at the
        office its session works at, or (at sign-in) the registered workstation's office when it is one of them."""
        with self.store.transaction() as db:
            station = ids.workstation(db, workstation_id) if workstation_id else None
            allowed = [o for o in records.offices(db, account.region_id if region_bound(account.role) else None)
                       if o.active]
            bound = bound_to_session(account)
            scope = office_scope(account)
            if scope is not None and not bound:
                allowed = [o for o in allowed if o.office_id in scope]
            home = working_office(account) if bound else station.office_id if station is not None else account.office_id
            # An office closed meanwhile: the account's own, else the first it may move to (PUT /v1/session/office).
            office = next((o for o in allowed if o.office_id == home), None) \
                or next((o for o in allowed if o.office_id == account.office_id), None) \
                or (allowed[0] if allowed else self._office_in_reach(db, account, account.office_id))
            region = records.region(db, office.region_id)
            assert region is not None
            return Me(
                account=Account.model_validate(account.model_dump()),  # the record, not the request's caller
                office=office,
                region=region,
                territory=self._territory(db, office),
                permissions=sorted(permissions_of(account.role)),
                offices=allowed,
                training=self.training,
                workstation_id=station.workstation_id if station is not None else "",
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
