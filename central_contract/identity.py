"""The bodies of the identity routes: signing in and out, sessions, account lifecycle, workstations, offline
grants and integration tokens (docs/api.md, "Identity")."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, Field

from carnet_domain.organisation import Account, Role
from central_contract.bounds import Code, Name, Note, Text
from central_contract.models import Me
from central_contract.strict import Strict

SECRET = Field(min_length=1, max_length=1024)
"""A password or a code as typed: long enough for a passphrase, never megabytes (taken as typed: never shown)."""
AccountRef = Annotated[str, Text(200, min_length=1)]
"""An account ID or an e-mail address."""


class SignInNeed(StrEnum):
    """What the central still needs before it opens a session."""

    NEW_PASSWORD = "new_password"  # noqa: S105 - a name, not a secret
    """The password was a set-password code, or an administrator asked for a change: choose a new one."""
    TOTP = "totp"
    """The current code of the authenticator app (or a recovery code)."""
    TOTP_ENROLMENT = "totp_enrolment"
    """No authenticator yet: add the secret given in ``enrolment`` to one and type its current code."""


class SignInRequest(Strict):
    account: AccountRef
    password: str = SECRET


class TotpEnrolment(BaseModel):
    secret: str
    """Base32, to type into an authenticator app when the QR cannot be scanned (over SSH)."""
    uri: str
    """``otpauth://totp/...``: what the QR carries."""


class SignInStep(BaseModel):
    """The first factor was right: finish with :class:`CompleteSignIn` before ``expires_at``."""

    challenge: str
    needs: list[SignInNeed]
    enrolment: TotpEnrolment | None = None
    expires_at: datetime
    password_min_length: int


class CompleteSignIn(Strict):
    challenge: str = SECRET
    code: str = Field(default="", max_length=40)
    """The authenticator's 6 digits, or one of the recovery codes."""
    new_password: str = Field(default="", max_length=1024)


class OfflineGrant(BaseModel):
    """What a registered workstation keeps to send, later, the commits this officer makes while the central is
    unreachable: the central records them under this officer when they are made between ``issued_at`` and
    ``offline_until``, at this workstation, by an account active at that moment."""

    grant_id: str
    grant: str
    """Secret; sent as ``Authorization: Offline <grant>`` with the workstation's key."""
    issued_at: datetime
    offline_until: datetime


class SessionIssued(BaseModel):
    token: str
    """Secret; ``Authorization: Bearer <token>``. The central keeps its SHA-256 only."""
    session_id: str
    idle_minutes: int
    """The session ends after this long without a request."""
    expires_at: datetime
    """It ends at this moment whatever happens."""
    me: Me
    offline: OfflineGrant | None = None
    """Issued at a registered workstation only."""
    recovery_codes: list[str] = Field(default_factory=list)
    """Given once, when the authenticator was enrolled: each opens one sign-in without it."""


class PasswordChange(Strict):
    current_password: str = SECRET
    new_password: str = SECRET


class SessionView(BaseModel):
    session_id: str
    account_id: str
    kind: str
    """``session`` (a person signed in) or ``integration`` (a token)."""
    workstation_id: str = ""
    created_at: datetime
    last_seen_at: datetime
    expires_at: datetime
    route_groups: list[str] = Field(default_factory=list)
    offices: list[str] = Field(default_factory=list)


class AccountChange(Strict):
    """What an administrator or the account's regional manager changes; role and office changes end its sessions."""

    role: Role | None = None
    office_id: Code | None = None
    display_name: Name | None = None
    email: Annotated[str, Text(200)] | None = None
    badge: Annotated[str, Text(40)] | None = None


class DisableRequest(Strict):
    reason: Note = ""


class SetPasswordCode(BaseModel):
    """A one-time code to sign in with once and choose a password; shown once, kept hashed, expiring."""

    account_id: str
    code: str
    expires_at: datetime


class CreatedAccount(BaseModel):
    account: Account
    set_password: SetPasswordCode | None = None
    """For a person: how they sign in the first time. Integration accounts get tokens instead."""


class TokenRequest(Strict):
    route_groups: list[Code] = Field(min_length=1, max_length=20)
    offices: list[Code] = Field(default_factory=list, max_length=200)
    """The offices the token may act for; empty: the account's own office only."""
    days: int = Field(default=365, ge=1, le=730)


class IssuedToken(BaseModel):
    account_id: str
    token: str
    """Shown once; the central keeps only its hash."""
    session_id: str
    expires_at: datetime
    route_groups: list[str]
    offices: list[str]


class NewWorkstation(Strict):
    name: Name
    office_id: Code


class Workstation(BaseModel):
    workstation_id: str
    name: str
    office_id: str
    region_id: str
    registered_at: datetime
    registered_by: str
    revoked_at: datetime | None = None
    revoked_by: str = ""


class RegisteredWorkstation(BaseModel):
    workstation: Workstation
    key: str
    """Shown once: typed at the workstation (``ecarnet --register-workstation``); the central keeps its hash."""


class TrainingAccount(BaseModel):
    """A demo account as the sign-in screen shows it on a training central: published, never a secret."""

    account_id: str
    display_name: str
    role: Role
    office_id: str
    password: str
    totp_code: str
    """The authenticator's code at this moment."""
    totp_seconds_left: int
