"""Reading and writing the identity tables."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime

from central_contract.identity import SessionView, Workstation
from reference_central.database import Db, Row, marks, replace


def digest(secret: str) -> str:
    """SHA-256 of a long random secret (a token, a grant, a key, a challenge, a set-password code)."""
    return hashlib.sha256(secret.encode()).hexdigest()


def _at(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


# --- credentials -----------------------------------------------------------------------------------------


@dataclass
class Credentials:
    account_id: str
    password_hash: str = ""
    password_set_at: datetime | None = None
    must_change: bool = False
    setup_code_hash: str = ""
    setup_code_expires: datetime | None = None
    totp_sealed: str = ""
    totp_enrolled_at: datetime | None = None
    totp_last_step: int = 0
    recovery: list[str] = field(default_factory=list)
    recovery_salt: str = ""
    published_password: str = ""
    """Training databases only: the demo account's password, published on the sign-in screen."""

    @property
    def enrolled(self) -> bool:
        return bool(self.totp_sealed)


def credentials(db: Db, account_id: str) -> Credentials:
    row = db.execute("SELECT * FROM credentials WHERE account_id = ?", (account_id,)).fetchone()
    if row is None:
        return Credentials(account_id)
    return Credentials(
        account_id=account_id, password_hash=row["password_hash"], password_set_at=_at(row["password_set_at"]),
        must_change=bool(row["must_change"]), setup_code_hash=row["setup_code_hash"],
        setup_code_expires=_at(row["setup_code_expires"]), totp_sealed=row["totp_sealed"],
        totp_enrolled_at=_at(row["totp_enrolled_at"]), totp_last_step=int(row["totp_last_step"]),
        recovery=list(json.loads(row["recovery"])), recovery_salt=row["recovery_salt"],
        published_password=row["published_password"],
    )


def put_credentials(db: Db, c: Credentials) -> None:
    replace(db, "credentials", (
         c.account_id, c.password_hash, c.password_set_at.isoformat() if c.password_set_at else None,
         int(c.must_change), c.setup_code_hash, c.setup_code_expires.isoformat() if c.setup_code_expires else None,
         c.totp_sealed, c.totp_enrolled_at.isoformat() if c.totp_enrolled_at else None, c.totp_last_step,
         json.dumps(c.recovery), c.recovery_salt, c.published_password),
    )


# --- sessions and integration tokens -------------------------------------------------------------------


@dataclass(frozen=True)
class Session:
    session_id: str
    account_id: str
    kind: str
    workstation_id: str
    created_at: datetime
    last_seen_at: datetime
    expires_at: datetime
    ended_at: datetime | None
    ended_why: str
    route_groups: tuple[str, ...]
    offices: tuple[str, ...]

    def view(self) -> SessionView:
        return SessionView(
            session_id=self.session_id, account_id=self.account_id, kind=self.kind,
            workstation_id=self.workstation_id, created_at=self.created_at, last_seen_at=self.last_seen_at,
            expires_at=self.expires_at, route_groups=list(self.route_groups), offices=list(self.offices),
        )


SESSION = "session"
INTEGRATION = "integration"


def _session(row: Row) -> Session:
    return Session(
        session_id=row["session_id"], account_id=row["account_id"], kind=row["kind"],
        workstation_id=row["workstation_id"], created_at=datetime.fromisoformat(row["created_at"]),
        last_seen_at=datetime.fromisoformat(row["last_seen_at"]), expires_at=datetime.fromisoformat(row["expires_at"]),
        ended_at=_at(row["ended_at"]), ended_why=row["ended_why"],
        route_groups=tuple(json.loads(row["route_groups"])), offices=tuple(json.loads(row["offices"])),
    )


def put_session(
    db: Db, session_id: str, token: str, account_id: str, kind: str, *, workstation_id: str,
    now: datetime, expires_at: datetime, route_groups: list[str] | None = None, offices: list[str] | None = None,
    address: str = "",
) -> None:
    db.execute(
        "INSERT INTO sessions (session_id, token_hash, account_id, kind, workstation_id, created_at, last_seen_at,"
        " expires_at, route_groups, offices, address) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (session_id, digest(token), account_id, kind, workstation_id, now.isoformat(), now.isoformat(),
         expires_at.isoformat(), json.dumps(route_groups or []), json.dumps(offices or []), address),
    )


def session_by_token(db: Db, token: str) -> Session | None:
    row = db.execute("SELECT * FROM sessions WHERE token_hash = ?", (digest(token),)).fetchone()
    return None if row is None else _session(row)


def session(db: Db, session_id: str) -> Session | None:
    row = db.execute("SELECT * FROM sessions WHERE session_id = ?", (session_id,)).fetchone()
    return None if row is None else _session(row)


def live_sessions(db: Db, account_id: str, now: datetime) -> list[Session]:
    rows = db.execute(
        "SELECT * FROM sessions WHERE account_id = ? AND ended_at IS NULL AND expires_at > ? ORDER BY created_at",
        (account_id, now.isoformat()),
    )
    return [_session(r) for r in rows]


def set_session_office(db: Db, session_id: str, office_id: str) -> None:
    """The office a person's session works at from now on."""
    db.execute("UPDATE sessions SET offices = ? WHERE session_id = ?", (json.dumps([office_id]), session_id))


def touch_session(db: Db, session_id: str, now: datetime) -> None:
    db.execute("UPDATE sessions SET last_seen_at = ? WHERE session_id = ?", (now.isoformat(), session_id))


def end_session(db: Db, session_id: str, now: datetime, why: str) -> None:
    db.execute("UPDATE sessions SET ended_at = ?, ended_why = ? WHERE session_id = ? AND ended_at IS NULL",
               (now.isoformat(), why, session_id))


def end_sessions_of(db: Db, account_id: str, now: datetime, why: str, kind: str = SESSION) -> int:
    """End every open session (of ``kind``) of an account; how many were open."""
    return db.execute(
        "UPDATE sessions SET ended_at = ?, ended_why = ? WHERE account_id = ? AND kind = ? AND ended_at IS NULL",
        (now.isoformat(), why, account_id, kind),
    ).rowcount


def end_sessions_at(db: Db, workstation_id: str, now: datetime, why: str) -> int:
    return db.execute(
        "UPDATE sessions SET ended_at = ?, ended_why = ? WHERE workstation_id = ? AND ended_at IS NULL",
        (now.isoformat(), why, workstation_id),
    ).rowcount


# --- sign-ins in progress ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Challenge:
    account_id: str
    workstation_id: str
    expires_at: datetime
    needs: tuple[str, ...]
    enrol_sealed: str
    failures: int


def put_challenge(
    db: Db, challenge: str, account_id: str, workstation_id: str, now: datetime,
    expires_at: datetime, needs: list[str], enrol_sealed: str,
) -> None:
    db.execute("INSERT INTO challenges VALUES (?, ?, ?, ?, ?, ?, ?, 0)",
               (digest(challenge), account_id, workstation_id, now.isoformat(), expires_at.isoformat(),
                json.dumps(needs), enrol_sealed))


def challenge(db: Db, secret: str) -> Challenge | None:
    row = db.execute("SELECT * FROM challenges WHERE challenge_hash = ?", (digest(secret),)).fetchone()
    if row is None:
        return None
    return Challenge(row["account_id"], row["workstation_id"], datetime.fromisoformat(row["expires_at"]),
                     tuple(json.loads(row["needs"])), row["enrol_sealed"], int(row["failures"]))


def challenge_failed(db: Db, secret: str) -> int:
    db.execute("UPDATE challenges SET failures = failures + 1 WHERE challenge_hash = ?", (digest(secret),))
    found = challenge(db, secret)
    return found.failures if found else 0


def drop_challenge(db: Db, secret: str) -> None:
    db.execute("DELETE FROM challenges WHERE challenge_hash = ?", (digest(secret),))


def drop_challenges_of(db: Db, account_id: str) -> None:
    db.execute("DELETE FROM challenges WHERE account_id = ?", (account_id,))


def drop_expired_challenges(db: Db, now: datetime) -> None:
    db.execute("DELETE FROM challenges WHERE expires_at < ?", (now.isoformat(),))


# --- workstations ------------------------------------------------------------------------------------------


def put_workstation(db: Db, w: Workstation, key: str | None = None) -> None:
    if key is not None:
        db.execute("INSERT INTO workstations VALUES (?, ?, ?, ?, ?, ?)",
                   (w.workstation_id, digest(key), w.office_id, w.region_id,
                    w.revoked_at.isoformat() if w.revoked_at else None, w.model_dump_json()))
    else:
        db.execute("UPDATE workstations SET revoked_at = ?, doc = ? WHERE workstation_id = ?",
                   (w.revoked_at.isoformat() if w.revoked_at else None, w.model_dump_json(), w.workstation_id))


def workstation_by_key(db: Db, key: str) -> Workstation | None:
    row = db.execute("SELECT doc FROM workstations WHERE key_hash = ?", (digest(key),)).fetchone()
    return None if row is None else Workstation.model_validate_json(row["doc"])


def workstation(db: Db, workstation_id: str) -> Workstation | None:
    row = db.execute("SELECT doc FROM workstations WHERE workstation_id = ?", (workstation_id,)).fetchone()
    return None if row is None else Workstation.model_validate_json(row["doc"])


def workstations(db: Db, region_id: str | None) -> list[Workstation]:
    if region_id is None:
        rows = db.execute("SELECT doc FROM workstations ORDER BY workstation_id")
    else:
        rows = db.execute("SELECT doc FROM workstations WHERE region_id = ? ORDER BY workstation_id", (region_id,))
    return [Workstation.model_validate_json(r["doc"]) for r in rows]


# --- offline grants ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Grant:
    grant_id: str
    account_id: str
    workstation_id: str
    issued_at: datetime
    offline_until: datetime
    revoked_at: datetime | None
    session_id: str = ""
    """The session it was issued at sign-in to: its commits were made at that session's office."""


def put_grant(
    db: Db, grant_id: str, secret: str, account_id: str, workstation_id: str, session_id: str,
    issued_at: datetime, offline_until: datetime,
) -> None:
    db.execute("INSERT INTO offline_grants VALUES (?, ?, ?, ?, ?, ?, ?, NULL)",
               (grant_id, digest(secret), account_id, workstation_id, session_id, issued_at.isoformat(),
                offline_until.isoformat()))


def grant_by_secret(db: Db, secret: str) -> Grant | None:
    row = db.execute("SELECT * FROM offline_grants WHERE grant_hash = ?", (digest(secret),)).fetchone()
    if row is None:
        return None
    return Grant(row["grant_id"], row["account_id"], row["workstation_id"],
                 datetime.fromisoformat(row["issued_at"]), datetime.fromisoformat(row["offline_until"]),
                 _at(row["revoked_at"]), row["session_id"])


def revoke_grants(db: Db, now: datetime, *, account_id: str = "", workstation_id: str = "") -> None:
    """Revoke the open grants of an account, or of a workstation: commits made after ``now`` under them are
    refused; those made before still count."""
    column, value = ("account_id", account_id) if account_id else ("workstation_id", workstation_id)
    db.execute(f"UPDATE offline_grants SET revoked_at = ? WHERE {column} = ? AND revoked_at IS NULL",  # noqa: S608
               (now.isoformat(), value))


DONE_TO_AN_ACCOUNT = ("account_created", "account_changed", "account_disabled", "account_enabled", "password_reset",
                      "mfa_reset")
"""The audit actions a manager does to an account: the account itself did nothing in them."""


def account_history(db: Db, account_id: str) -> dict[str, int]:
    """What the account did, by kind (none: it was never used, and may be deleted): its sessions and tokens, its
    offline grants, and the audit lines about what it did or what was tried with it."""
    found: dict[str, int] = {}
    for called, sql in (
        ("sessions and tokens", "SELECT COUNT(*) FROM sessions WHERE account_id = ?"),
        ("offline grants", "SELECT COUNT(*) FROM offline_grants WHERE account_id = ?"),
        ("audit lines", "SELECT COUNT(*) FROM audit WHERE account_id = ? AND action NOT IN "  # noqa: S608
                        f"({marks(DONE_TO_AN_ACCOUNT)})"),  # placeholders only
    ):
        args = (account_id, *DONE_TO_AN_ACCOUNT) if called == "audit lines" else (account_id,)
        n = int(db.execute(sql, args).fetchone()[0])
        if n:
            found[called] = n
    return found


def delete_account(db: Db, account_id: str) -> None:
    """The account, its credentials and any sign-in under way; its audit lines stay."""
    for table in ("challenges", "credentials", "accounts"):
        db.execute(f"DELETE FROM {table} WHERE account_id = ?", (account_id,))  # noqa: S608 - fixed names
