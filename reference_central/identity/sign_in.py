"""Signing in (a password, then the second factor) and out, and changing one's own password.

Sign-in is two requests: ``POST /v1/sign-in`` checks the password (or a set-password code) and answers a short-lived
challenge with what is still needed; ``POST /v1/sign-in/complete`` takes the TOTP code (or a recovery code), the new
password when one must be chosen, and opens the session. At a registered workstation the session comes with an
offline grant (:mod:`reference_central.identity.grants`).
"""

from __future__ import annotations

import secrets
import uuid
from datetime import datetime, timedelta

from carnet_domain.organisation import Account, AccountKind, AccountStatus
from carnet_domain.refusals import RefusalCode as R
from central_contract.identity import (
    CompleteSignIn,
    OfflineGrant,
    PasswordChange,
    SessionIssued,
    SignInNeed,
    SignInRequest,
    SignInStep,
    TotpEnrolment,
)
from central_contract.models import AuditAction
from reference_central import records
from reference_central.database import Db
from reference_central.errors import CentralError
from reference_central.identity import records as ids
from reference_central.identity import throttle, totp
from reference_central.identity.audit import identity_line
from reference_central.identity.caller import session_of
from reference_central.identity.passwords import (
    MIN_LENGTH,
    RULES,
    burn_time,
    hash_password,
    password_rule,
    verify_password,
)
from reference_central.identity.policy import IdentityPolicy
from reference_central.identity.setup_codes import normal_setup_code
from reference_central.operations.administration import AdministrationOps

CHALLENGE_TRIES = 3
"""Wrong second-factor codes one challenge takes before the password must be typed again."""


def too_many_attempts(wait: int) -> CentralError:
    """The throttled answer: ``429`` with ``Retry-After: wait`` (whole seconds), and the wait in the body too."""
    return CentralError(R.TOO_MANY_ATTEMPTS, f"{wait} s", {"retry_after": wait}, retry_after=wait)


def new_secret(prefix: str) -> str:
    return prefix + secrets.token_urlsafe(32)


class SignInOps(AdministrationOps):
    """Signing in and out."""

    # --- the first factor ------------------------------------------------------------------------------

    def sign_in(self, req: SignInRequest, workstation_key: str | None, address: str) -> SignInStep:
        now = self.clock()
        policy = self.policy()
        typed = " ".join(req.account.split())
        account_key, address_key = throttle.account_key(typed), throttle.address_key(address)
        with self.store.transaction() as db:
            wait = max(throttle.wait_for_account(db, account_key, now),
                       throttle.wait_for_address(db, address_key, now, policy))
        if wait:
            raise too_many_attempts(wait)
        with self.store.transaction() as db:
            account = records.account_by_name(db, typed)
            credentials = ids.credentials(db, account.account_id) if account is not None else None
            locked = account is not None and throttle.wait_for_account(
                db, throttle.account_key(account.account_id), now) > 0
        if account is None or credentials is None or account.kind is not AccountKind.PERSON:
            burn_time(req.password, self.profile)
            self._failed(now, policy, typed, address, None, "unknown account")
        assert account is not None
        assert credentials is not None
        if locked:
            # Locked under its ID, typed here by its e-mail address: refused unchecked, as a wrong password is (a
            # 429 would tell whose address this is), and counted against the name typed.
            burn_time(req.password, self.profile)
            self._failed(now, policy, typed, address, account, "account locked")
        needs: list[SignInNeed] = []
        if credentials.password_hash and verify_password(credentials.password_hash, req.password, self.profile):
            if credentials.must_change:
                needs.append(SignInNeed.NEW_PASSWORD)
        elif self._setup_code_matches(credentials, req.password, now):
            needs.append(SignInNeed.NEW_PASSWORD)
        else:
            if not credentials.password_hash:
                burn_time(req.password, self.profile)
            self._failed(now, policy, typed, address, account, "wrong password")
        if account.status is AccountStatus.DISABLED:
            with self.store.transaction() as db:
                identity_line(self.store, db, now, AuditAction.SIGN_IN_FAILED, account=account,
                              reason="account disabled")
            raise CentralError(R.ACCOUNT_DISABLED)
        workstation_id = self._workstation_for(account, workstation_key)
        enrolment: TotpEnrolment | None = None
        sealed = ""
        if credentials.enrolled:
            needs.append(SignInNeed.TOTP)
        elif policy.mfa_required:
            secret = totp.new_secret()
            sealed = self.box.seal(secret)
            enrolment = TotpEnrolment(secret=secret, uri=totp.provisioning_uri(secret, account.account_id))
            needs.append(SignInNeed.TOTP_ENROLMENT)
        challenge = new_secret("ecc_")
        expires = now + timedelta(minutes=policy.challenge_minutes)
        with self.store.transaction() as db:
            ids.drop_expired_challenges(db, now)
            ids.put_challenge(db, challenge, account.account_id, workstation_id, now, expires,
                              [n.value for n in needs], sealed)
        return SignInStep(challenge=challenge, needs=needs, enrolment=enrolment, expires_at=expires,
                          password_min_length=MIN_LENGTH)

    @staticmethod
    def _setup_code_matches(credentials: ids.Credentials, typed: str, now: datetime) -> bool:
        return bool(credentials.setup_code_hash) and credentials.setup_code_expires is not None \
            and now <= credentials.setup_code_expires \
            and secrets.compare_digest(ids.digest(normal_setup_code(typed)), credentials.setup_code_hash)

    def _workstation_for(self, account: Account, key: str | None) -> str:
        if not key:
            return ""
        with self.store.transaction() as db:
            station = ids.workstation_by_key(db, key.strip())
        if station is None or station.revoked_at is not None:
            raise CentralError(R.WORKSTATION_REVOKED)
        return station.workstation_id

    def _failed(
        self, now: datetime, policy: IdentityPolicy, typed: str, address: str, account: Account | None, why: str,
    ) -> None:
        """Count a failure (in its own unit of work: the refusal that follows must not undo it) and refuse."""
        with self.store.transaction() as db:
            locked = throttle.failed(db, throttle.account_key(typed), now, policy, lock=True)
            if account is not None and account.account_id != typed.lower():
                locked = throttle.failed(db, throttle.account_key(account.account_id), now, policy, lock=True) \
                    or locked
            throttle.failed(db, throttle.address_key(address), now, policy, lock=False)
            identity_line(self.store, db, now, AuditAction.SIGN_IN_FAILED, account=account, typed=typed,
                          reason=f"{why} from {address}" if address else why)
            if locked:
                identity_line(self.store, db, now, AuditAction.LOCKED_OUT, account=account, typed=typed,
                              reason=f"{policy.lock_minutes} min")
        raise CentralError(R.SIGN_IN_FAILED)

    # --- the second factor, and the session -------------------------------------------------------------

    def complete_sign_in(self, req: CompleteSignIn, workstation_key: str | None, address: str) -> SessionIssued:
        now = self.clock()
        policy = self.policy()
        with self.store.transaction() as db:
            found = ids.challenge(db, req.challenge)
        if found is None or now > found.expires_at:
            raise CentralError(R.CHALLENGE_EXPIRED)
        with self.store.transaction() as db:
            account = records.account(db, found.account_id)
            credentials = ids.credentials(db, found.account_id)
            wait = throttle.wait_for_account(db, throttle.account_key(found.account_id), now)
        assert account is not None
        if wait:
            raise too_many_attempts(wait)
        if account.status is AccountStatus.DISABLED:
            raise CentralError(R.ACCOUNT_DISABLED)
        station = self._workstation_for(account, workstation_key) if workstation_key else ""
        if station != found.workstation_id:
            raise CentralError(R.CHALLENGE_EXPIRED, "another workstation")
        needs = set(found.needs)
        if SignInNeed.NEW_PASSWORD.value in needs:
            rule = password_rule(req.new_password, account.account_id, account.email)
            if rule:
                raise CentralError(R.WEAK_PASSWORD, RULES[rule], {"rule": rule})
            if credentials.password_hash and verify_password(credentials.password_hash, req.new_password,
                                                             self.profile):
                raise CentralError(R.WEAK_PASSWORD, "choose a password other than the one being replaced",
                                   {"rule": "unchanged"})
        recovery: list[str] = []
        if SignInNeed.TOTP.value in needs:
            if not self._second_factor(credentials, req.code, now):
                self._code_failed(req.challenge, now, policy, account, address)
        elif SignInNeed.TOTP_ENROLMENT.value in needs:
            secret = self.box.open(found.enrol_sealed)
            step = totp.matching_step(secret, req.code, now, 0)
            if step is None:
                self._code_failed(req.challenge, now, policy, account, address)
            credentials.totp_sealed, credentials.totp_enrolled_at = found.enrol_sealed, now
            credentials.totp_last_step = step or 0
            recovery = totp.new_recovery_codes()
            credentials.recovery_salt = secrets.token_hex(8)
            credentials.recovery = [totp.hash_recovery(c, credentials.recovery_salt) for c in recovery]
        if SignInNeed.NEW_PASSWORD.value in needs:
            credentials.password_hash = hash_password(req.new_password, self.profile)
            credentials.password_set_at, credentials.must_change = now, False
            credentials.setup_code_hash, credentials.setup_code_expires = "", None
            credentials.published_password = ""
        token, session_id = new_secret("ecs_"), str(uuid.uuid4())
        grant: OfflineGrant | None = None
        me = self.me_at(account, station)
        with self.store.transaction() as db:
            ids.drop_challenge(db, req.challenge)
            ids.put_credentials(db, credentials)
            throttle.cleared(db, throttle.account_key(account.account_id))
            ids.put_session(db, session_id, token, account.account_id, ids.SESSION, workstation_id=station, now=now,
                            expires_at=now + policy.session_life, address=address, offices=[me.office.office_id])
            if station and policy.offline_days:
                grant = self._grant(db, account.account_id, station, session_id, now, policy)
            if recovery:
                identity_line(self.store, db, now, AuditAction.MFA_ENROLLED, account=account)
            if SignInNeed.NEW_PASSWORD.value in needs:
                identity_line(self.store, db, now, AuditAction.PASSWORD_CHANGED, account=account)
            identity_line(self.store, db, now, AuditAction.SIGN_IN, account=account, subject=session_id,
                          reason=" ".join(p for p in (f"workstation {station}" if station else "",
                                                      f"from {address}" if address else "") if p))
        return SessionIssued(token=token, session_id=session_id, idle_minutes=policy.idle_minutes,
                             expires_at=now + policy.session_life, me=me, offline=grant, recovery_codes=recovery)

    @staticmethod
    def _grant(
        db: Db, account_id: str, station: str, session_id: str, now: datetime, policy: IdentityPolicy,
    ) -> OfflineGrant:
        secret, grant_id = new_secret("ecg_"), str(uuid.uuid4())
        until = now + policy.offline_life
        ids.put_grant(db, grant_id, secret, account_id, station, session_id, now, until)
        return OfflineGrant(grant_id=grant_id, grant=secret, issued_at=now, offline_until=until)

    def _second_factor(self, credentials: ids.Credentials, code: str, now: datetime) -> bool:
        """The TOTP code (its step remembered, so it cannot be used twice) or an unused recovery code."""
        secret = self.box.open(credentials.totp_sealed)
        step = totp.matching_step(secret, code, now, credentials.totp_last_step)
        if step is not None:
            credentials.totp_last_step = step
            return True
        hashed = totp.hash_recovery(code, credentials.recovery_salt)
        if len(totp.normal_recovery(code)) == totp.RECOVERY_LENGTH and hashed in credentials.recovery:
            credentials.recovery = [h for h in credentials.recovery if h != hashed]
            return True
        return False

    def _code_failed(
        self, challenge: str, now: datetime, policy: IdentityPolicy, account: Account, address: str,
    ) -> None:
        with self.store.transaction() as db:
            tries = ids.challenge_failed(db, challenge)
            if tries >= CHALLENGE_TRIES:
                ids.drop_challenge(db, challenge)
        self._failed(now, policy, account.account_id, address, account, "wrong second-factor code")

    # --- signing out, changing one's password ------------------------------------------------------------

    def sign_out(self, account: Account) -> None:
        now = self.clock()
        with self.store.transaction() as db:
            ids.end_session(db, session_of(account), now, "signed out")
            identity_line(self.store, db, now, AuditAction.SIGN_OUT, account=account, subject=session_of(account))

    def change_password(self, account: Account, req: PasswordChange) -> None:
        """Change one's own password: every other session of the account ends."""
        now = self.clock()
        with self.store.transaction() as db:
            credentials = ids.credentials(db, account.account_id)
        if not verify_password(credentials.password_hash, req.current_password, self.profile):
            raise CentralError(R.SIGN_IN_FAILED, "the current password is wrong")
        rule = password_rule(req.new_password, account.account_id, account.email)
        if rule:
            raise CentralError(R.WEAK_PASSWORD, RULES[rule], {"rule": rule})
        credentials.password_hash = hash_password(req.new_password, self.profile)
        credentials.password_set_at, credentials.must_change, credentials.published_password = now, False, ""
        with self.store.transaction() as db:
            ids.put_credentials(db, credentials)
            for other in ids.live_sessions(db, account.account_id, now):
                if other.session_id != session_of(account) and other.kind == ids.SESSION:
                    ids.end_session(db, other.session_id, now, "password changed")
            identity_line(self.store, db, now, AuditAction.PASSWORD_CHANGED, account=account)
