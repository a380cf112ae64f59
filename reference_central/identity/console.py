"""What the server's console does that no account can: create the first admin of a live database (with the
organisation it works in, when the database is empty), and the break-glass resets when nobody can sign in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from carnet_domain.organisation import Account, AccountKind, Office, Region, Role, Territory
from central_contract.identity import SetPasswordCode
from central_contract.models import AuditAction, NewAccount
from central_contract.organisation import NewOffice, NewRegion
from reference_central import records
from reference_central.database import Db
from reference_central.database_kind import LIVE, kind_of, mark
from reference_central.identity import records as ids
from reference_central.identity import throttle
from reference_central.identity.audit import identity_line
from reference_central.identity.passwords import Argon2Profile, hash_password, password_problem
from reference_central.identity.setup_codes import new_setup_code, normal_setup_code
from reference_central.store import Store
from reference_central.time_zones import known_time_zone


class ConsoleRefusal(ValueError):
    """What the console command cannot do, in a sentence that says what to do instead."""


@dataclass(frozen=True)
class NewAdmin:
    """``admin create``'s options: the admin, and the office it works at (with its region and customs territory
    when they are new)."""

    account_id: str
    display_name: str
    office_id: str
    email: str = ""
    office_name: str = ""
    timezone: str = "UTC"
    region_id: str = ""
    region_name: str = ""
    country: str = ""
    territory: str = ""
    territory_name: str = ""


OPTIONS = {"account_id": "the account ID", "display_name": "--name", "email": "--email", "office_id": "--office",
           "timezone": "--timezone", "region_id": "--region", "country": "--country", "territory": "--territory",
           "code": "--territory"}
"""The option a field of a request comes from, to say which one was wrong."""
FORMATS = {
    "account_id": "2 to 64 characters: lower-case letters, digits and . _ @ -, starting with a letter or a digit",
    "office_id": "2 to 40 characters: lower-case letters, digits and -, starting with a letter or a digit",
    "region_id": "2 to 40 characters: lower-case letters, digits and -, starting with a letter or a digit",
    "country": "the country's two-letter ISO code, e.g. CH",
    "code": "2 to 10 capital letters, digits and -, starting with a letter, e.g. CH or EU",
}
"""What a field whose pattern was not met must look like, in words."""

M = TypeVar("M", bound=BaseModel)


def _checked(model: type[M], name_option: str = "", **fields: object) -> M:
    """``model`` built from the console's options, or a refusal naming the option that was wrong (``name_option``:
    the one its ``name`` comes from)."""
    try:
        return model.model_validate(fields)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else ""
        option = name_option if field == "name" else OPTIONS.get(field, field)
        why = FORMATS.get(field, first["msg"]) if first["type"] == "string_pattern_mismatch" else first["msg"]
        raise ConsoleRefusal(f"{option} {fields.get(field, '')!r} cannot be used: {why}. Nothing was created.") \
            from exc


def check_new_admin(new: NewAdmin, password: str | None = None, *, new_database: bool = False) -> None:
    """Everything about ``admin create`` that can be checked before the database is opened: the options, the office
    and the region a new database needs, and the password when it is given."""
    _checked(NewAccount, account_id=new.account_id, display_name=new.display_name, email=new.email,
             role=Role.ADMIN, office_id=new.office_id)
    if new_database:
        _organisation(new, region_exists=False)
    problem = password_problem(password, new.account_id, new.email) if password is not None else ""
    if problem:
        raise ConsoleRefusal(f"That password cannot be used: {problem}. Nothing was created.")


def create_admin(store: Store, now: datetime, profile: Argon2Profile, new: NewAdmin, password: str) -> Account:
    """An admin account on a live database (marked live if it was new), all or nothing. On an empty database the
    customs territory, region and office it works at are created with it; otherwise ``new.office_id`` may name an
    existing office. The admin enrols its second factor at its first sign-in."""
    check_new_admin(new, password)
    hashed = hash_password(password, profile)
    with store.transaction() as db:
        if kind_of(store) not in (None, LIVE):
            raise ConsoleRefusal(f"{store.path} is a training database: a live central needs a database of its own "
                                 "(--db FILE names a new one).")
        mark(store, LIVE)
        if records.account(db, new.account_id) is not None:
            raise ConsoleRefusal(f"The account {new.account_id} already exists: nothing was changed. "
                                 f"`admin reset-password {new.account_id}` gives it a set-password code.")
        office = records.office(db, new.office_id) or _new_office(db, new)
        admin = Account(account_id=new.account_id, display_name=new.display_name, email=new.email, role=Role.ADMIN,
                        office_id=office.office_id, region_id=office.region_id)
        records.put_account(db, admin)
        ids.put_credentials(db, ids.Credentials(account_id=admin.account_id, password_hash=hashed,
                                                password_set_at=now))
        identity_line(store, db, now, AuditAction.ACCOUNT_CREATED, account=admin, reason="at the server's console")
    return admin


def _organisation(new: NewAdmin, *, region_exists: bool) -> tuple[NewOffice, NewRegion | None]:
    """The new office ``new`` asks for and, unless its region exists, the new region, checked."""
    if not new.region_id:
        raise ConsoleRefusal(f"There is no office {new.office_id} yet. To create it give its region with --region, "
                             "and for a new region --country and --territory too.")
    office = _checked(NewOffice, "--office-name", office_id=new.office_id, name=new.office_name or new.office_id,
                      region_id=new.region_id, timezone=new.timezone)
    if not known_time_zone(office.timezone):
        raise ConsoleRefusal(f"--timezone {office.timezone!r} is not a time zone: give an IANA name such as "
                             "Europe/Zurich. Nothing was created.")
    if region_exists:
        return office, None
    if not new.country or not new.territory:
        raise ConsoleRefusal(f"There is no region {new.region_id} yet: give --country (ISO code, e.g. CH) and "
                             "--territory (its customs territory, e.g. CH or EU) to create it.")
    region = _checked(NewRegion, "--region-name", region_id=new.region_id, name=new.region_name or new.region_id,
                      country=new.country.upper(), territory=new.territory.upper())
    _checked(Territory, "--territory-name", code=region.territory, name=new.territory_name or region.territory)
    return office, region


def _new_office(db: Db, new: NewAdmin) -> Office:
    """The office ``new`` names, created with its region and customs territory when they are new too."""
    region = records.region(db, new.region_id) if new.region_id else None
    try:
        wanted, asked = _organisation(new, region_exists=region is not None)
    except ConsoleRefusal as exc:
        if new.region_id:
            raise
        known = ", ".join(o.office_id for o in records.offices(db))
        raise ConsoleRefusal(f"{exc} Existing offices: {known}." if known else str(exc)) from exc
    if region is None:
        assert asked is not None
        if records.territory(db, asked.territory) is None:
            records.put_territory(db, Territory(code=asked.territory, name=new.territory_name or asked.territory))
        region = Region(region_id=asked.region_id, name=asked.name, country=asked.country, territory=asked.territory)
        records.put_region(db, region)
    elif new.territory and new.territory.upper() != region.territory:
        raise ConsoleRefusal(f"The region {region.region_id} is in the customs territory {region.territory}, "
                             f"not {new.territory.upper()}: leave --territory out or name another region.")
    office = Office(office_id=wanted.office_id, name=wanted.name, region_id=region.region_id,
                    territory=region.territory, timezone=wanted.timezone)
    records.put_office(db, office)
    return office


def _unlock(store: Store, account: Account) -> None:
    """Lift the lock-out of the names the account is signed in with (its ID, its e-mail address)."""
    with store.transaction() as db:
        for name in {account.account_id, account.email} - {""}:
            throttle.cleared(db, throttle.account_key(name))


def reset_password_at_console(store: Store, now: datetime, account_id: str, days: int) -> SetPasswordCode:
    """A set-password code for ``account_id``, given at the server's console (when no admin can sign in): the old
    password stops working, its sessions end, a lock-out is lifted."""
    with store.transaction() as db:
        account = records.account(db, account_id)
        if account is None:
            raise ConsoleRefusal(f"There is no account {account_id}.")
        if account.kind is not AccountKind.PERSON:
            raise ConsoleRefusal(f"{account_id} is an integration account: it has tokens, not a password "
                                 "(`token` issues one).")
        code, expires = new_setup_code(), now + timedelta(days=days)
        credentials = ids.credentials(db, account_id)
        credentials.password_hash, credentials.published_password, credentials.must_change = "", "", True
        credentials.setup_code_hash, credentials.setup_code_expires = ids.digest(normal_setup_code(code)), expires
        ids.put_credentials(db, credentials)
        ids.end_sessions_of(db, account_id, now, "password reset")
        ids.revoke_grants(db, now, account_id=account_id)
        ids.drop_challenges_of(db, account_id)
        _unlock(store, account)
        identity_line(store, db, now, AuditAction.PASSWORD_RESET, account=account, reason="at the server's console")
    return SetPasswordCode(account_id=account_id, code=code, expires_at=expires)


def unlock_after_mfa_reset(store: Store, account_id: str) -> None:
    """After ``admin reset-mfa``: a lock-out earned by codes from the lost authenticator is lifted too."""
    with store.transaction() as db:
        account = records.account(db, account_id)
    if account is not None:
        _unlock(store, account)
