"""Accounts over their life: created with a set-password code, changed, disabled and enabled, their password or
second factor reset, their sessions listed and revoked; integration accounts' tokens. An Admin manages every
account; a Regional manager the officer, controller and regional-manager accounts of its own region (the guide's
role table). Each change is a line of the audit trail; every change that alters what the account may do ends its
sessions at once."""

from __future__ import annotations

import secrets
import uuid
from datetime import timedelta

from carnet_domain.organisation import (
    ACCOUNT_PERMISSION,
    SEEDED_ROLES,
    Account,
    AccountKind,
    AccountStatus,
    Role,
    may,
    region_bound,
)
from carnet_domain.refusals import RefusalCode as R
from central_contract.identity import (
    AccountChange,
    CreatedAccount,
    IssuedToken,
    SessionView,
    SetPasswordCode,
    TokenRequest,
)
from central_contract.models import AuditAction, NewAccount
from reference_central import records
from reference_central.database import Db
from reference_central.errors import CentralError
from reference_central.identity import records as ids
from reference_central.identity.audit import identity_line
from reference_central.identity.authentication import INTEGRATION_GROUPS
from reference_central.identity.setup_codes import new_setup_code, normal_setup_code
from reference_central.operations.base import CentralBase


class LifecycleOps(CentralBase):
    """Accounts, as the role matrix allows."""

    def _manageable(self, db: Db, by: Account, account_id: str) -> Account:
        """The account ``by`` may manage, or the refusal that says why not."""
        target = records.account(db, account_id)
        if target is None:
            raise CentralError(R.UNKNOWN_ACCOUNT, account_id)
        self.require(by, ACCOUNT_PERMISSION[target.role])
        if region_bound(by.role) and target.region_id != by.region_id:
            raise CentralError(R.FORBIDDEN, "the account is in another region")
        return target

    @staticmethod
    def _grantable(role: Role) -> None:
        """A role an account may be given: never a trainer, which only a training central's demo seeds."""
        if role in SEEDED_ROLES:
            raise CentralError(R.ROLE_NOT_GRANTABLE, role.value)

    def _last_admin(self, db: Db, target: Account) -> bool:
        if target.role is not Role.ADMIN or target.status is not AccountStatus.ACTIVE:
            return False
        admins = [a for a in records.accounts(db) if a.role is Role.ADMIN and a.status is AccountStatus.ACTIVE]
        return len(admins) <= 1

    def _ended(self, db: Db, target: Account, why: str) -> None:
        """Every session of ``target`` ends now, and its offline grants stop covering what comes after."""
        now = self.clock()
        ids.end_sessions_of(db, target.account_id, now, why)
        ids.revoke_grants(db, now, account_id=target.account_id)
        ids.drop_challenges_of(db, target.account_id)

    def _setup_code(self, db: Db, account_id: str) -> SetPasswordCode:
        now = self.clock()
        code = new_setup_code()
        expires = now + timedelta(days=self.policy().set_password_days)
        credentials = ids.credentials(db, account_id)
        credentials.setup_code_hash, credentials.setup_code_expires = ids.digest(normal_setup_code(code)), expires
        credentials.must_change = True
        credentials.password_hash, credentials.published_password = "", ""
        ids.put_credentials(db, credentials)
        return SetPasswordCode(account_id=account_id, code=code, expires_at=expires)

    # --- creating and changing ------------------------------------------------------------------------------

    def new_account(self, db: Db, account: Account, req: NewAccount) -> CreatedAccount:
        """Put the account ``req`` describes in ``db``, with its set-password code, once every check passed (the
        caller's unit of work and audit line): one created alone, or a row of a bulk import."""
        self.require(account, ACCOUNT_PERMISSION[req.role])
        self._grantable(req.role)
        office = self._office_in_reach(db, account, req.office_id)
        if records.account(db, req.account_id) is not None:
            raise CentralError(R.ALREADY_EXISTS, req.account_id)
        created = Account(
            account_id=req.account_id, display_name=req.display_name, badge=req.badge, email=req.email,
            role=req.role, office_id=office.office_id, region_id=office.region_id, kind=req.kind,
        )
        records.put_account(db, created)
        code = self._setup_code(db, created.account_id) if created.kind is AccountKind.PERSON else None
        return CreatedAccount(account=created, set_password=code)

    def create_account(self, account: Account, req: NewAccount) -> CreatedAccount:
        with self.store.transaction() as db:
            made = self.new_account(db, account, req)
            created = made.account
            identity_line(self.store, db, self.clock(), AuditAction.ACCOUNT_CREATED, account=created, by=account,
                          reason=f"{created.kind.value}, {created.role.value} at {created.office_id}")
            return made

    def change_account(self, by: Account, account_id: str, change: AccountChange) -> Account:
        with self.store.transaction() as db:
            target = self._manageable(db, by, account_id)
            update: dict[str, object] = {}
            if change.role is not None and change.role is not target.role:
                self.require(by, ACCOUNT_PERMISSION[change.role])
                self._grantable(change.role)
                if self._last_admin(db, target):
                    raise CentralError(R.FORBIDDEN, "the last active admin keeps the admin role")
                update["role"] = change.role
            if change.office_id is not None and change.office_id != target.office_id:
                office = self._office_in_reach(db, by, change.office_id)
                update["office_id"], update["region_id"] = office.office_id, office.region_id
            for name in ("display_name", "email", "badge"):
                value = getattr(change, name)
                if value is not None:
                    update[name] = value
            changed = target.model_copy(update=update)
            Account.model_validate(changed.model_dump())  # the limits of the record hold
            records.put_account(db, changed)
            moved = {"role", "office_id"} & set(update)
            if moved:
                self._ended(db, changed, "role or office changed")
            identity_line(self.store, db, self.clock(), AuditAction.ACCOUNT_CHANGED, account=changed, by=by,
                          reason=", ".join(f"{k}: {update[k]}" for k in sorted(update)))
            return changed

    def disable_account(self, by: Account, account_id: str, reason: str = "") -> Account:
        with self.store.transaction() as db:
            target = self._manageable(db, by, account_id)
            if self._last_admin(db, target):
                raise CentralError(R.FORBIDDEN, "the last active admin cannot be disabled")
            now = self.clock()
            changed = target.model_copy(update={"status": AccountStatus.DISABLED, "disabled_at": now})
            records.put_account(db, changed)
            self._ended(db, changed, "account disabled")
            ids.end_sessions_of(db, target.account_id, now, "account disabled", ids.INTEGRATION)
            identity_line(self.store, db, now, AuditAction.ACCOUNT_DISABLED, account=changed, by=by, reason=reason)
            return changed

    def enable_account(self, by: Account, account_id: str) -> Account:
        with self.store.transaction() as db:
            target = self._manageable(db, by, account_id)
            changed = target.model_copy(update={"status": AccountStatus.ACTIVE})
            records.put_account(db, changed)
            identity_line(self.store, db, self.clock(), AuditAction.ACCOUNT_ENABLED, account=changed, by=by)
            return changed

    def delete_account(self, by: Account, account_id: str) -> None:
        """Only an account never used (guide lines 875, 3052): one with a history is disabled instead."""
        with self.store.transaction() as db:
            target = self._manageable(db, by, account_id)
            if target.account_id == by.account_id:
                raise CentralError(R.FORBIDDEN, "an account does not delete itself")
            used = ids.account_history(db, target.account_id)
            if used:
                raise CentralError(R.ACCOUNT_IN_USE, ", ".join(f"{n} {called}" for called, n in used.items()))
            ids.delete_account(db, target.account_id)
            identity_line(self.store, db, self.clock(), AuditAction.ACCOUNT_DELETED, account=target, by=by)

    # --- passwords and the second factor ------------------------------------------------------------------

    def reset_password(self, by: Account, account_id: str) -> SetPasswordCode:
        """A new set-password code (shown once); the old password stops working and every session ends."""
        with self.store.transaction() as db:
            target = self._manageable(db, by, account_id)
            if target.kind is not AccountKind.PERSON:
                raise CentralError(R.INVALID_REQUEST, "an integration account has tokens, not a password")
            code = self._setup_code(db, target.account_id)
            self._ended(db, target, "password reset")
            identity_line(self.store, db, self.clock(), AuditAction.PASSWORD_RESET, account=target, by=by)
            return code

    def reset_mfa(self, by: Account | None, account_id: str) -> Account:
        """Forget the account's authenticator and recovery codes: it enrols again at its next sign-in. ``by`` is
        ``None`` at the server's console (``ecarnet-central admin reset-mfa``)."""
        with self.store.transaction() as db:
            target = self._manageable(db, by, account_id) if by is not None else records.account(db, account_id)
            if target is None:
                raise CentralError(R.UNKNOWN_ACCOUNT, account_id)
            credentials = ids.credentials(db, target.account_id)
            credentials.totp_sealed, credentials.totp_enrolled_at, credentials.totp_last_step = "", None, 0
            credentials.recovery, credentials.recovery_salt = [], ""
            ids.put_credentials(db, credentials)
            self._ended(db, target, "second factor reset")
            identity_line(self.store, db, self.clock(), AuditAction.MFA_RESET, account=target, by=by,
                          reason="" if by is not None else "at the server's console")
            return target

    # --- sessions ------------------------------------------------------------------------------------------

    def sessions(self, by: Account, account_id: str | None) -> list[SessionView]:
        """The open sessions and tokens of an account: one's own, or of an account one manages."""
        now = self.clock()
        with self.store.transaction() as db:
            target = by if not account_id or account_id == by.account_id else self._manageable(db, by, account_id)
            return [s.view() for s in ids.live_sessions(db, target.account_id, now)]

    def revoke_session(self, by: Account, session_id: str) -> None:
        now = self.clock()
        with self.store.transaction() as db:
            session = ids.session(db, session_id)
            if session is None or (session.account_id != by.account_id and not may(by.role, _MANAGE)):
                raise CentralError(R.UNKNOWN_SESSION, session_id)
            target = records.account(db, session.account_id)
            assert target is not None
            if session.account_id != by.account_id:
                self._manageable(db, by, session.account_id)
            ids.end_session(db, session_id, now, f"revoked by {by.account_id}")
            identity_line(self.store, db, now, AuditAction.SESSION_REVOKED, account=target, by=by, subject=session_id)

    # --- integration accounts' tokens ----------------------------------------------------------------------

    def create_token(self, by: Account | None, account_id: str, req: TokenRequest) -> IssuedToken:
        """A long-lived token for an integration account, limited to route groups and offices. A person's account
        never gets one: nobody obtains a usable token for another person. ``by`` is ``None`` at the server's
        console."""
        unknown = sorted(set(req.route_groups) - INTEGRATION_GROUPS)
        if unknown:
            known = ", ".join(sorted(INTEGRATION_GROUPS))
            raise CentralError(R.INVALID_REQUEST, f"unknown route groups {unknown}; known: {known}")
        now = self.clock()
        with self.store.transaction() as db:
            found = self._manageable(db, by, account_id) if by is not None else records.account(db, account_id)
            if found is None:
                raise CentralError(R.UNKNOWN_ACCOUNT, account_id)
            target = found
            if target.kind is not AccountKind.INTEGRATION:
                raise CentralError(R.NOT_AN_INTEGRATION_ACCOUNT, account_id)
            if target.status is AccountStatus.DISABLED:
                raise CentralError(R.ACCOUNT_DISABLED, account_id)
            offices = sorted(set(req.offices)) or [target.office_id]
            for office_id in offices:
                office = self._office_in_reach(db, by or target, office_id)
                if region_bound(target.role) and office.region_id != target.region_id:
                    raise CentralError(R.OFFICE_NOT_IN_REGION, office_id)
            token, session_id = "ect_" + secrets.token_urlsafe(32), str(uuid.uuid4())
            expires = now + timedelta(days=req.days)
            ids.put_session(db, session_id, token, target.account_id, ids.INTEGRATION, workstation_id="", now=now,
                            expires_at=expires, route_groups=sorted(set(req.route_groups)), offices=offices)
            groups = sorted(set(req.route_groups))
            where = "at the server's console; " if by is None else ""
            identity_line(self.store, db, now, AuditAction.TOKEN_ISSUED, account=target, by=by, subject=session_id,
                          reason=f"{where}groups {','.join(groups)}; offices {','.join(offices)}")
            return IssuedToken(account_id=target.account_id, token=token, session_id=session_id, expires_at=expires,
                               route_groups=sorted(set(req.route_groups)), offices=offices)


_MANAGE = ACCOUNT_PERMISSION[Role.OFFICER]
"""Who may look at other accounts' sessions at all: those who manage officer accounts."""
