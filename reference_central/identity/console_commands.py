"""``ecarnet-central admin|workstation|policy|token|import``: the server's console on a live database. What each prints
is for the person at the console; secrets shown (a key, a code, a token) are shown once and kept hashed.

Exit status: 0 done, 1 refused (nothing changed), 2 the database cannot be read, 3 a training database (the
console works on a live central's database only)."""

from __future__ import annotations

import argparse
import contextlib
import getpass
import sys
from datetime import UTC, datetime
from pathlib import Path

from pydantic import ValidationError

from central_contract.identity import NewWorkstation, TokenRequest
from reference_central.database import DatabaseError
from reference_central.database_kind import TRAINING, UNREADABLE, kind_at, kind_of
from reference_central.errors import CentralError
from reference_central.identity import records as ids
from reference_central.identity.console import (
    ConsoleRefusal,
    NewAdmin,
    check_new_admin,
    create_admin,
    reset_password_at_console,
    unlock_after_mfa_reset,
)
from reference_central.identity.passwords import DEFAULT_PROFILE
from reference_central.identity.policy import LIMITS, read_policy, set_policy
from reference_central.schema_version import SchemaMismatch, check
from reference_central.service import Central
from reference_central.store import Store, sqlite_file

REFUSED, UNREADABLE_DATABASE, TRAINING_DATABASE = 1, 2, 3


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def _refusal(exc: CentralError) -> str:
    body = exc.body()["error"]
    assert isinstance(body, dict)
    message = str(body["message"])
    return f"{message.rstrip('.')} ({exc.detail})." if exc.detail else message


OPTIONS = {"route_groups": "--groups", "offices": "--offices", "days": "--days", "name": "the workstation's name",
           "office_id": "--office"}
"""The option a field of a request comes from."""


def _invalid(exc: ValidationError) -> str:
    first = exc.errors()[0]
    field = str(first["loc"][0]) if first["loc"] else ""
    return f"{OPTIONS.get(field, field)}: {first['msg']}." if field else f"{first['msg']}."


def run_console(args: argparse.Namespace, where: Path | str) -> int:
    """Run a console command on the database ``where`` (a SQLite file, refused before it is opened when it is a
    training database, or a PostgreSQL URL)."""
    db_path = sqlite_file(where)
    if db_path is None:
        return _on_server(args, where)
    kind = kind_at(db_path)
    if kind == TRAINING:
        _say(f"Refused: {db_path} is a training database: the server's console works on a live central's database "
             "(the demo's accounts are restored with `ecarnet-central demo reset`). Nothing was changed.")
        return TRAINING_DATABASE
    if kind == UNREADABLE:
        _say(f"Cannot read {db_path} as a central's database: nothing was changed.")
        return UNREADABLE_DATABASE
    if args.command == "admin" and args.admin_command == "create":
        return _create_admin(args, db_path)
    if not db_path.is_file():
        db = f" --db {db_path}" if args.db else ""
        _say(f"Refused: there is no database at {db_path}. A new central starts with its first admin: "
             f"ecarnet-central{db} admin create ACCOUNT --name NAME --office OFFICE --region REGION --country CC "
             "--territory CODE")
        return REFUSED
    return _opened(args, Store(db_path))


def _on_server(args: argparse.Namespace, url: Path | str) -> int:
    """A console command on a PostgreSQL database: its kind and schema are read through the store."""
    try:
        store = Store(url)
        check(store)
        kind = kind_of(store)
    except (OSError, DatabaseError, SchemaMismatch) as exc:
        _say(f"Refused: {exc}. Nothing was changed.")
        return UNREADABLE_DATABASE
    if kind == TRAINING:
        store.close()
        _say(f"Refused: {store.name} is a training database: the server's console works on a live central's "
             "database. Nothing was changed.")
        return TRAINING_DATABASE
    if args.command == "admin" and args.admin_command == "create":
        store.close()
        return _create_admin(args, url, new_database=kind is None)
    return _opened(args, store)


def _opened(args: argparse.Namespace, store: Store) -> int:
    try:
        check(store)
        return _on(args, store, datetime.now(UTC))
    except SchemaMismatch as exc:
        _say(f"Refused: {exc}. Nothing was changed.")
    except CentralError as exc:
        _say(f"Refused: {_refusal(exc)}")
    except ConsoleRefusal as exc:
        _say(f"Refused: {exc}")
    except ValidationError as exc:
        _say(f"Refused: {_invalid(exc)}")
    finally:
        store.close()
    return REFUSED


def _on(args: argparse.Namespace, store: Store, now: datetime) -> int:
    if args.command == "admin":
        return _admin(args, store, now)
    if args.command == "workstation":
        return _workstation(args, store)
    if args.command == "policy":
        return _policy(args, store)
    if args.command == "import":
        from reference_central.import_console import import_command

        return import_command(args, store)
    return _token(args, store)


# --- admin -----------------------------------------------------------------------------------------------


def _password(args: argparse.Namespace) -> str | None:
    """The new admin's password: a line of standard input, or typed twice at the prompt."""
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    try:
        first = getpass.getpass("Password for the new admin: ")
        again = getpass.getpass("The same password again: ")
    except EOFError:
        _say("No password was typed: nothing was created.")
        return None
    if again != first:
        _say("The two passwords differ: nothing was created.")
        return None
    return first


def _create_admin(args: argparse.Namespace, where: Path | str, new_database: bool | None = None) -> int:
    new = NewAdmin(
        account_id=args.account_id, display_name=args.name, office_id=args.office, email=args.email,
        office_name=args.office_name, timezone=args.timezone, region_id=args.region, region_name=args.region_name,
        country=args.country, territory=args.territory, territory_name=args.territory_name,
    )
    db_path = sqlite_file(where)
    existed = db_path.exists() if db_path is not None else True
    if new_database is None:
        new_database = not existed
    try:
        check_new_admin(new, new_database=new_database)  # before asking for the password
        password = _password(args)
        if password is None:
            return REFUSED
        check_new_admin(new, password, new_database=new_database)  # before the database is opened
    except ConsoleRefusal as exc:
        _say(f"Refused: {exc}")
        return REFUSED
    try:
        store = Store(where)
    except (OSError, DatabaseError) as exc:
        _say(f"Cannot open the database {where}: {exc}. Nothing was created.")
        return UNREADABLE_DATABASE
    created = False
    try:
        admin = create_admin(store, datetime.now(UTC), DEFAULT_PROFILE, new, password)
        created = True
    except ConsoleRefusal as exc:
        _say(f"Refused: {exc}")
        return REFUSED
    finally:
        store.close()
        if not created and not existed and db_path is not None:  # a refusal leaves no empty database behind
            for tail in ("", "-wal", "-shm"):
                with contextlib.suppress(FileNotFoundError):
                    db_path.with_name(db_path.name + tail).unlink()
    print(f"Admin {admin.account_id} created at {admin.office_id} in {store.name} (a live database).")
    print("At the first sign-in the admin adds the central to an authenticator app (the second factor).")
    return 0


def _admin(args: argparse.Namespace, store: Store, now: datetime) -> int:
    if args.admin_command == "reset-mfa":
        Central(store).reset_mfa(None, args.account_id)
        unlock_after_mfa_reset(store, args.account_id)
        print(f"{args.account_id} enrols a new authenticator at the next sign-in; its sessions have ended.")
        return 0
    code = reset_password_at_console(store, now, args.account_id, read_policy(store).set_password_days)
    print(f"Set-password code for {code.account_id}: {code.code}")
    print(f"Valid until {code.expires_at:%Y-%m-%d %H:%M} UTC, once: typed as the password at the next sign-in, "
          "which then asks for a new password. Its sessions have ended.")
    return 0


# --- workstations ----------------------------------------------------------------------------------------


def _workstation(args: argparse.Namespace, store: Store) -> int:
    central = Central(store)
    if args.workstation_command == "add":
        made = central.register_workstation(None, NewWorkstation(name=args.name, office_id=args.office))
        station = made.workstation
        print(f"Workstation {station.workstation_id} ({station.name}) registered at {station.office_id}.")
        print(f"Its key, shown once: {made.key}")
        print("At the workstation: ecarnet --register-workstation (it asks for the key).")
        return 0
    if args.workstation_command == "revoke":
        with store.transaction() as db:
            found = ids.workstation(db, args.workstation_id)
        if found is not None and found.revoked_at is not None:
            print(f"Workstation {found.workstation_id} was already revoked on {found.revoked_at:%Y-%m-%d %H:%M} UTC.")
            return 0
        station = central.revoke_workstation(None, args.workstation_id)
        print(f"Workstation {station.workstation_id} ({station.name}) revoked: its sessions have ended and its "
              "offline grants cover nothing made from now on.")
        return 0
    with store.transaction() as db:
        stations = ids.workstations(db, None)
    if not stations:
        print("No workstation is registered.")
        return 0
    print(f"{'workstation':<12} {'office':<14} {'state':<18} name")
    for station in stations:
        state = f"revoked {station.revoked_at:%Y-%m-%d}" if station.revoked_at else "active"
        print(f"{station.workstation_id:<12} {station.office_id:<14} {state:<18} {station.name}")
    return 0


# --- the identity policy ----------------------------------------------------------------------------------


def _policy(args: argparse.Namespace, store: Store) -> int:
    with store.transaction():  # all the settings given, or none of them
        for setting in args.settings:
            name, sep, value = setting.partition("=")
            problem = set_policy(store, name.strip(), value.strip()) if sep else \
                f"{setting!r} is not NAME=VALUE (e.g. idle_minutes=20)"
            if problem:
                raise ConsoleRefusal(f"{problem}. Nothing was changed.")
    for name, value in vars(read_policy(store)).items():
        shown = str(value).lower() if isinstance(value, bool) else str(value)
        allowed = f"{LIMITS[name][0]}-{LIMITS[name][1]}" if name in LIMITS else "true or false"
        print(f"{name:<18} {shown:<6} ({allowed})")
    if args.settings:
        print(f"Changed: {', '.join(args.settings)}. A running central applies it to its next request.")
    return 0


# --- integration tokens -----------------------------------------------------------------------------------


def _token(args: argparse.Namespace, store: Store) -> int:
    try:
        request = TokenRequest(route_groups=[g.strip() for g in args.groups.split(",") if g.strip()],
                               offices=[o.strip() for o in args.offices.split(",") if o.strip()], days=args.days)
        issued = Central(store).create_token(None, args.account_id, request)
    except (CentralError, ValidationError) as exc:
        _say(f"No token issued: {_refusal(exc) if isinstance(exc, CentralError) else _invalid(exc)}")
        return REFUSED
    print(issued.token)
    _say(f"Token for {issued.account_id}, shown once: groups {', '.join(issued.route_groups)}; offices "
         f"{', '.join(issued.offices)}; until {issued.expires_at:%Y-%m-%d}.")
    return 0
