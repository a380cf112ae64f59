"""``ecarnet-central admin|workstation|policy|token``: the server's console on a live database. What each prints
is for the person at the console; secrets shown (a key, a code, a token) are shown once and kept hashed."""

from __future__ import annotations

import argparse
import getpass
import sys
from datetime import datetime

from carnet_domain.organisation import Office, Region, Territory
from central_contract.identity import NewWorkstation, TokenRequest
from reference_central.database_kind import LIVE, kind_of
from reference_central.errors import CentralError
from reference_central.identity.console import ConsoleRefusal, create_admin, reset_password_at_console
from reference_central.identity.policy import read_policy, set_policy
from reference_central.service import Central
from reference_central.store import Store


def _refused(exc: CentralError) -> int:
    body = exc.body()["error"]
    assert isinstance(body, dict)
    print(f"Refused: {body['message']} {exc.detail}".rstrip(), file=sys.stderr)
    return 1


def _password(args: argparse.Namespace) -> str | None:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Password for the new admin: ")
    if getpass.getpass("The same password again: ") != first:
        print("The two passwords differ: nothing was created.", file=sys.stderr)
        return None
    return first


def run_console(args: argparse.Namespace, store: Store, now: datetime) -> int:
    central = Central(store)
    try:
        if args.command == "admin":
            return _admin(args, store, central, now)
        if args.command == "workstation":
            return _workstation(args, store, central)
        if args.command == "policy":
            return _policy(args, store)
        return _token(args, store, central)
    except CentralError as exc:
        return _refused(exc)
    except ConsoleRefusal as exc:
        print(f"Refused: {exc}", file=sys.stderr)
        return 1


def _admin(args: argparse.Namespace, store: Store, central: Central, now: datetime) -> int:
    if args.admin_command == "create":
        if kind_of(store) not in (None, LIVE):
            print("Refused: this is a training database; a live central needs a database of its own.",
                  file=sys.stderr)
            return 1
        password = _password(args)
        if password is None:
            return 1
        territory = Territory(code=args.territory, name=args.territory_name or args.territory) \
            if args.territory else None
        region = Region(region_id=args.region, name=args.region_name or args.region, country=args.country[:2].upper(),
                        territory=args.territory) if args.region and args.territory else None
        office = Office(office_id=args.office, name=args.office_name or args.office, region_id=args.region,
                        territory=args.territory, timezone=args.timezone)
        admin = create_admin(store, now, central.profile, account_id=args.account_id, display_name=args.name,
                             email=args.email, password=password, office=office, region=region, territory=territory)
        print(f"Admin {admin.account_id} created at {admin.office_id}. At the first sign-in the admin adds the "
              "central to an authenticator app (the second factor).")
        return 0
    if args.admin_command == "reset-mfa":
        central.reset_mfa(None, args.account_id)
        print(f"{args.account_id} enrols a new authenticator at the next sign-in; its sessions have ended.")
        return 0
    code = reset_password_at_console(store, now, args.account_id, read_policy(store).set_password_days)
    print(f"Set-password code for {code.account_id}: {code.code}")
    print(f"Valid until {code.expires_at:%Y-%m-%d %H:%M} UTC, once: typed as the password at the next sign-in.")
    return 0


def _workstation(args: argparse.Namespace, store: Store, central: Central) -> int:
    if args.workstation_command == "add":
        made = central.register_workstation(None, NewWorkstation(name=args.name, office_id=args.office))
        station = made.workstation
        print(f"Workstation {station.workstation_id} ({station.name}) at {station.office_id}")
        print(f"Its key, shown once: {made.key}")
        print("At the workstation: ecarnet --register-workstation (it asks for the key).")
        return 0
    if args.workstation_command == "revoke":
        station = central.revoke_workstation(None, args.workstation_id)
        print(f"Workstation {station.workstation_id} revoked: its sessions have ended.")
        return 0
    from reference_central.identity import records as ids

    with store.transaction() as db:
        stations = ids.workstations(db, None)
    for station in stations:
        state = f"revoked {station.revoked_at:%Y-%m-%d}" if station.revoked_at else "active"
        print(f"{station.workstation_id:<10} {station.office_id:<14} {state:<18} {station.name}")
    if not stations:
        print("No workstation is registered.")
    return 0


def _policy(args: argparse.Namespace, store: Store) -> int:
    for setting in args.settings:
        name, sep, value = setting.partition("=")
        problem = set_policy(store, name.strip(), value.strip()) if sep else f"{setting!r} is not NAME=VALUE"
        if problem:
            print(f"Refused: {problem}", file=sys.stderr)
            return 1
    for name, value in vars(read_policy(store)).items():
        print(f"{name:<18} {str(value).lower() if isinstance(value, bool) else value}")
    return 0


def _token(args: argparse.Namespace, store: Store, central: Central) -> int:
    request = TokenRequest(route_groups=[g for g in args.groups.split(",") if g.strip()],
                           offices=[o for o in args.offices.split(",") if o.strip()], days=args.days)
    issued = central.create_token(None, args.account_id, request)
    print(issued.token)
    print(f"for {issued.account_id}: groups {', '.join(issued.route_groups)}; offices {', '.join(issued.offices)}; "
          f"until {issued.expires_at:%Y-%m-%d}", file=sys.stderr)
    return 0
