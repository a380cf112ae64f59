"""The office a person's session works at: chosen at sign-in (the registered workstation's, else the account's own)
and changed as the guide's "change default customs office" (line 1774), among the active offices of the account's
region (line 3054; an admin: any). Every request of the session acts there: one naming another office is refused
(``office_not_in_session``)."""

from __future__ import annotations

from carnet_domain.organisation import Account
from carnet_domain.refusals import RefusalCode as R
from central_contract.models import AuditAction, Me
from reference_central.errors import CentralError
from reference_central.identity import records as ids
from reference_central.identity.audit import identity_line
from reference_central.identity.caller import Caller
from reference_central.operations.administration import AdministrationOps


class WorkingOfficeOps(AdministrationOps):
    """Choosing the office a session works at."""

    def work_at(self, caller: Account, office_id: str) -> Me:
        if not isinstance(caller, Caller) or not caller.bound_to_session or caller.grant is not None:
            raise CentralError(R.TOKEN_SCOPE, "only a person's session works at an office")
        now = self.clock()
        with self.store.transaction() as db:
            office = self._office_in_reach(db, caller, office_id)
            ids.set_session_office(db, caller.session_id, office.office_id)
            if office.office_id != caller.working_office:
                identity_line(self.store, db, now, AuditAction.OFFICE_CHANGED, account=caller,
                              subject=caller.session_id, reason=f"{caller.working_office} -> {office.office_id}")
        moved = Caller.of(caller, session_id=caller.session_id, workstation_id=caller.workstation_id,
                          offices=frozenset({office.office_id}), working=office.office_id)
        return self.me(moved)
