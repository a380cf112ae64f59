"""Accounts, offices, regions and tokens, as the role matrix allows."""

from __future__ import annotations

from carnet_domain.organisation import (
    Account,
    Office,
    Permission,
    Territory,
    may,
    permissions_of,
    region_bound,
)
from carnet_domain.refusals import RefusalCode as R
from central_contract.models import Me
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
            # An office deactivated meanwhile: the account's own, else the first it may move to (PUT
            # /v1/session/office); none left: its own as it is, deactivated (new work there is refused office_inactive).
            office = next((o for o in allowed if o.office_id == home), None) \
                or next((o for o in allowed if o.office_id == account.office_id), None) \
                or (allowed[0] if allowed else self._office_in_reach(db, account, account.office_id, active=False))
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
