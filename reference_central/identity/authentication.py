"""Who is asking: every request but the open ones carries a person's session, an integration token, or (for a
commit made offline and sent later) an officer's offline grant with the workstation's key.

- ``Authorization: Bearer <token>``: a session (ends after ``idle_minutes`` without a request, at ``expires_at``,
  at sign-out, and when the account is disabled, changes role or office, or has its password or second factor
  reset) or an integration token (limited to its route groups and offices, until it expires or is revoked).
- ``Authorization: Offline <grant>`` with ``X-Ecarnet-Workstation: <key>``: only ``POST /v1/lookup`` and
  ``POST /v1/transactions``; the commit is recorded under the grant's officer if it was made while the grant
  held (see :meth:`check_offline_commit`).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from carnet_domain.organisation import Account, AccountStatus
from carnet_domain.refusals import RefusalCode as R
from reference_central import records
from reference_central.database import Db
from reference_central.errors import CentralError
from reference_central.identity import records as ids
from reference_central.identity.caller import Caller
from reference_central.operations.base import MAX_FUTURE_SKEW, MAX_OFFLINE_AGE, CentralBase

OFFLINE_ROUTES = frozenset({("POST", "/v1/transactions"), ("POST", "/v1/lookup")})
"""What an offline grant may be used for: sending the commits made under it (and finding the carnet of one recorded
without its carnet data)."""
TOUCH_EVERY = timedelta(seconds=60)
"""A session's last request is written at most this often: one write per minute, not per request."""
INTEGRATION_GROUPS = frozenset({"organisation", "transactions", "holds", "monitoring", "logs", "predeclarations",
                                "shifts", "audit", "vehicles"})
"""The route groups (the API's tags) an integration token may be limited to; never identity or accounts."""


class AuthenticationOps(CentralBase):
    """Turning a request's credential into the :class:`Caller` it stands for, or refusing it."""

    def authenticate(
        self, authorization: str | None, workstation_key: str | None = None, *, method: str = "GET",
        path: str = "", groups: frozenset[str] = frozenset(),
    ) -> Caller:
        scheme, _, credential = (authorization or "").partition(" ")
        credential = credential.strip()
        if not credential:
            raise CentralError(R.UNAUTHENTICATED)
        if scheme.lower() == "offline":
            if (method, path) not in OFFLINE_ROUTES:
                raise CentralError(R.TOKEN_SCOPE, "an offline grant only sends commits")
            return self._by_grant(credential, workstation_key)
        if scheme.lower() != "bearer":
            raise CentralError(R.UNAUTHENTICATED)
        return self._by_session(credential, groups)

    def _by_session(self, token: str, groups: frozenset[str]) -> Caller:
        now = self.clock()
        with self.store.transaction() as db:
            session = ids.session_by_token(db, token)
            account = records.account(db, session.account_id) if session is not None else None
        if session is None or account is None:
            raise CentralError(R.UNAUTHENTICATED)
        if session.ended_at is not None:
            raise CentralError(R.SESSION_EXPIRED, session.ended_why)
        if now >= session.expires_at:
            raise CentralError(R.SESSION_EXPIRED, "expired")
        if session.kind == ids.SESSION:
            idle = self.policy().idle
            if now - session.last_seen_at >= idle:
                with self.store.transaction() as db:
                    ids.end_session(db, session.session_id, now, "idle")
                raise CentralError(R.SESSION_EXPIRED, "idle")
        if account.status is AccountStatus.DISABLED:
            raise CentralError(R.ACCOUNT_DISABLED)
        working = ""
        if session.kind == ids.INTEGRATION:
            if not groups & set(session.route_groups):
                raise CentralError(R.TOKEN_SCOPE, ", ".join(sorted(groups)) or "this route")
            offices = frozenset(session.offices or (account.office_id,))
        else:
            working = session_office(session, account)
            offices = frozenset({working})
        if now - session.last_seen_at >= TOUCH_EVERY:
            with self.store.transaction() as db:
                ids.touch_session(db, session.session_id, now)
        return Caller.of(account, session_id=session.session_id, workstation_id=session.workstation_id,
                         offices=offices, working=working)

    def _by_grant(self, secret: str, workstation_key: str | None) -> Caller:
        now = self.clock()
        with self.store.transaction() as db:
            grant = ids.grant_by_secret(db, secret)
            station = ids.workstation_by_key(db, workstation_key.strip()) if workstation_key else None
            account = records.account(db, grant.account_id) if grant is not None else None
            issued_in = ids.session(db, grant.session_id) if grant is not None else None
        if grant is None or account is None:
            raise CentralError(R.OFFLINE_GRANT_REFUSED, "unknown grant")
        if station is None or station.workstation_id != grant.workstation_id:
            raise CentralError(R.OFFLINE_GRANT_REFUSED, "not sent by the workstation it was issued to")
        if now > grant.offline_until + MAX_OFFLINE_AGE:
            raise CentralError(R.OFFLINE_GRANT_REFUSED, "the grant is too old to send commits under")
        working = session_office(issued_in, account) if issued_in is not None else station.office_id
        return Caller.of(account, workstation_id=station.workstation_id, grant=grant, working=working,
                         offices=frozenset({working, station.office_id}))


def session_office(session: ids.Session, account: Account) -> str:
    """The office a person's session works at: the one chosen for it, or else the account's own."""
    return session.offices[0] if session.offices else account.office_id


def check_offline_commit(db: Db, caller: Account, grant: ids.Grant, occurred: datetime | None) -> None:
    """A commit sent under an offline grant counts when it was made while the grant held: after its issue,
    before its end and its revocation, at a workstation not yet revoked, by an account not yet disabled. A refusal
    says ``account_disabled`` while the account is disabled, so that the workstation forgets that officer's
    password verifier (disabling an account also revokes its grants: that is not what the workstation is told)."""
    extra: dict[str, object] = {"account_disabled": True} if caller.status is AccountStatus.DISABLED else {}

    def refused(why: str) -> CentralError:
        return CentralError(R.OFFLINE_GRANT_REFUSED, why, extra)

    if occurred is None:
        raise refused("a commit sent under an offline grant says when it was made")
    if extra and (caller.disabled_at is None or occurred >= caller.disabled_at):
        raise refused(f"made after the account was disabled ({caller.disabled_at})")
    if not grant.issued_at - MAX_FUTURE_SKEW <= occurred <= grant.offline_until + MAX_FUTURE_SKEW:
        raise refused("made outside the grant's time")
    if grant.revoked_at is not None and occurred >= grant.revoked_at:
        raise refused(f"made after the grant was revoked ({grant.revoked_at})")
    station = ids.workstation(db, grant.workstation_id)
    if station is not None and station.revoked_at is not None and occurred >= station.revoked_at:
        raise refused(f"made after the workstation was revoked ({station.revoked_at})")
