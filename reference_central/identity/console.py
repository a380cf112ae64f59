"""What the server's console does that no account can: create the first admin of a live database (with the
organisation it works in, when the database is empty), and the break-glass resets when nobody can sign in."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from carnet_domain.organisation import Account, Office, Region, Role, Territory
from central_contract.identity import SetPasswordCode
from central_contract.models import AuditAction
from reference_central import records
from reference_central.database_kind import LIVE, mark
from reference_central.identity import records as ids
from reference_central.identity.audit import identity_line
from reference_central.identity.passwords import Argon2Profile, hash_password, password_problem
from reference_central.identity.setup_codes import new_setup_code, normal_setup_code
from reference_central.store import Store


class ConsoleRefusal(ValueError):
    """What the console command cannot do, in a sentence that says what to do instead."""


def create_admin(
    store: Store, now: datetime, profile: Argon2Profile, *, account_id: str, display_name: str, email: str,
    password: str, office: Office | None, region: Region | None, territory: Territory | None,
) -> Account:
    """An admin account on a live database (marked live if it was new). On an empty database the territory, region
    and office it works at are created with it; otherwise ``office`` names an existing office. The admin enrols its
    second factor at its first sign-in."""
    mark(store, LIVE)
    problem = password_problem(password, account_id, email)
    if problem:
        raise ConsoleRefusal(f"That password cannot be used: {problem}.")
    with store.transaction() as db:
        if records.account(db, account_id) is not None:
            raise ConsoleRefusal(f"The account {account_id} already exists.")
        if office is None:
            raise ConsoleRefusal("Name the office the admin works at (--office).")
        existing = records.office(db, office.office_id)
        if existing is None:
            if region is None or territory is None:
                raise ConsoleRefusal(f"There is no office {office.office_id}: give --region and --territory too, "
                                     "and they are created with it.")
            try:
                ZoneInfo(office.timezone)
            except (ZoneInfoNotFoundError, ValueError) as exc:
                raise ConsoleRefusal(f"Unknown time zone {office.timezone!r}: give an IANA name such as "
                                     "Europe/Zurich.") from exc
            if records.territory(db, territory.code) is None:
                records.put_territory(db, territory)
            if records.region(db, region.region_id) is None:
                records.put_region(db, region)
            records.put_office(db, office)
            existing = office
        admin = Account(account_id=account_id, display_name=display_name, email=email, role=Role.ADMIN,
                        office_id=existing.office_id, region_id=existing.region_id)
        records.put_account(db, admin)
        ids.put_credentials(db, ids.Credentials(account_id=account_id, password_hash=hash_password(password, profile),
                                                password_set_at=now))
        identity_line(store, db, now, AuditAction.ACCOUNT_CREATED, account=admin, reason="at the server's console")
    return admin


def reset_password_at_console(store: Store, now: datetime, account_id: str, days: int) -> SetPasswordCode:
    """A set-password code for ``account_id``, given at the server's console (when no admin can sign in)."""
    with store.transaction() as db:
        account = records.account(db, account_id)
        if account is None:
            raise ConsoleRefusal(f"There is no account {account_id}.")
        code, expires = new_setup_code(), now + timedelta(days=days)
        credentials = ids.credentials(db, account_id)
        credentials.password_hash, credentials.published_password, credentials.must_change = "", "", True
        credentials.setup_code_hash, credentials.setup_code_expires = ids.digest(normal_setup_code(code)), expires
        ids.put_credentials(db, credentials)
        ids.end_sessions_of(db, account_id, now, "password reset")
        ids.revoke_grants(db, now, account_id=account_id)
        identity_line(store, db, now, AuditAction.PASSWORD_RESET, account=account, reason="at the server's console")
    return SetPasswordCode(account_id=account_id, code=code, expires_at=expires)
