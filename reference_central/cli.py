"""``ecarnet-central``: serve the reference central; list and reset the demo (never on a live database); the
server's console: the first admin, break-glass resets, workstations, the identity policy, integration tokens."""

from __future__ import annotations

import argparse
import json
import os
import ssl
import sys
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import uvicorn

from carnet_domain.organisation import Role
from reference_central import records
from reference_central.api import create_app
from reference_central.database import DatabaseError
from reference_central.database_kind import LIVE, TRAINING, LiveDatabase, kind_of, mark, refuse_live, refuse_live_at
from reference_central.database_roles import SQLITE_REFUSAL, grant_command
from reference_central.demo.identity import DEMO_PASSWORD, DEMO_WORKSTATION_KEY
from reference_central.demo.organisation import ACCOUNTS
from reference_central.demo.seed import MAX_TRAINEES, DemoCode, demo_codes
from reference_central.identity.authentication import INTEGRATION_GROUPS
from reference_central.identity.secret_box import box_of
from reference_central.locations import SHEET_NAME, classroom_db_path, demo_db_path, live_db_path
from reference_central.maintenance import backup, verify_audit
from reference_central.request_log import log_to_stderr
from reference_central.schema_version import SchemaMismatch, check, schema_command, upgrade
from reference_central.server import HTTP_OPTIONS, SEEDED_ON_META, ensure_demo, reset_demo, tls_options
from reference_central.service import Central
from reference_central.store import Store, sqlite_file
from reference_central.worker_app import DB_ENV, WORKER_APP, worker_environment


def _database(which: str, path: Path, *more: str) -> str:
    """A subcommand's description: the database it uses unless ``--db`` names another."""
    return "\n".join([f"Database: the {which}, {path}", *more, "(ecarnet-central --db FILE ... uses FILE instead)."])


def _parser() -> argparse.ArgumentParser:
    demo, live = demo_db_path(), live_db_path()
    raw = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(
        prog="ecarnet-central", formatter_class=raw,
        description="The reference central system for electronic carnets (API documented in docs/api.md).",
        epilog="Databases (--db FILE|URL, --db-url-file FILE or " + DB_ENV + " use another):\n"
               f"  demo database  {demo}\n"
               "                 the workstation's embedded demo, the one `ecarnet` trains on with nothing\n"
               "                 configured: demo-codes, demo reset and serve --demo use it\n"
               f"  live database  {live}\n"
               "                 serve (without --demo) and token use it\n"
               f"  classroom      {classroom_db_path()}\n"
               "                 `classroom`'s own training database, next to the demo's",
    )
    parser.add_argument("--db", default=None, metavar="FILE|URL",
                        help="the database instead of the command's default (see below): a SQLite file, or a "
                             "postgresql://USER@HOST/NAME URL (with a password, prefer --db-url-file or "
                             f"{DB_ENV}: a command line shows in ps)")
    parser.add_argument("--db-url-file", type=Path, default=None, metavar="FILE",
                        help="read the database's URL from the first line of FILE")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="serve the HTTP API (live database; with --demo, the demo database)",
                           formatter_class=raw,
                           description=_database("live database", live,
                                                 f"with --demo, the workstation's embedded demo database, {demo}"))
    serve.add_argument("--demo", action="store_true",
                       help="serve the demo database, seeded with the demo data (each office's dates relative to "
                            "its own today)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8765)
    serve.add_argument("--trainees", type=int, default=None, help="with --demo: code sets for N trainees")
    serve.add_argument("--certfile", type=Path, default=None,
                       help="serve HTTPS with this certificate (PEM, the chain after it); needs --keyfile")
    serve.add_argument("--keyfile", type=Path, default=None, help="the certificate's private key (PEM)")
    serve.add_argument("--workers", type=int, default=1,
                       help="server processes (PostgreSQL only: a SQLite file has one writer at a time)")
    db_cmd = sub.add_parser("db", help="the database's schema", formatter_class=raw,
                            description=_database("live database", live))
    db_sub = db_cmd.add_subparsers(dest="db_command", required=True)
    db_sub.add_parser("upgrade", help="bring the database's schema to this release (take a backup first)")
    db_sub.add_parser("status", help="the schema revision the database is at, and this release's")
    db_sub.add_parser("rebuild-summaries",
                      help="make again, from the records, the rows the Logs and the statistics read (a repair)")
    granting = db_sub.add_parser(
        "grant", formatter_class=raw,
        help="PostgreSQL: give the central's own role what serving needs, the audit trail append-only",
        description="Run by the database's owner after `db upgrade` (and again after each upgrade): ROLE may\n"
                    "connect, read and write the central's records, only read and add to the audit trail, only\n"
                    "read the schema's version; anything more it held on those tables is revoked.")
    granting.add_argument("role", metavar="ROLE", help="the LOGIN role the central serves as (e.g. central_app)")
    codes = sub.add_parser("demo-codes", formatter_class=raw,
                           help="list the demo carnets with their transaction and cancellation codes (demo database)",
                           description=_database("workstation's embedded demo database", demo))
    shown = codes.add_mutually_exclusive_group()
    shown.add_argument("--json", action="store_true", help="print JSON")
    shown.add_argument("--qr", type=Path, default=None, metavar="DIR",
                       help=f"write one QR PNG per code and a printable sheet ({SHEET_NAME}) into DIR")
    codes.add_argument("--trainee", type=int, default=None, help="only this trainee's set (0 is the base set)")
    demo_parser = sub.add_parser("demo", help="manage the demo data (demo database)", formatter_class=raw,
                                 description=_database("workstation's embedded demo database", demo))
    demo_sub = demo_parser.add_subparsers(dest="demo_command", required=True)
    reset = demo_sub.add_parser("reset", help="restore the demo state (demo database)", formatter_class=raw,
                                description=_database("workstation's embedded demo database", demo))
    reset.add_argument("--trainees", type=int, default=0, help=f"separate code sets for N trainees (0-{MAX_TRAINEES})")
    room = sub.add_parser("classroom", formatter_class=raw,
                          help="serve a class on this machine's local network: a code set, an account and a QR "
                               "sheet per trainee (classroom database)",
                          description=_database("classroom database, a training database of its own",
                                                classroom_db_path(),
                                                "Prints where workstations join, writes the sheets, then serves "
                                                "until Ctrl+C."))
    room.add_argument("--trainees", type=_class_size, required=True, help=f"trainees in the class (1-{MAX_TRAINEES})")
    room.add_argument("--host", default="0.0.0.0", help="the address to serve on (default: every interface)")  # noqa: S104
    room.add_argument("--port", type=int, default=8765)
    room.add_argument("--sheets", type=Path, default=Path("classroom-sheets"), metavar="DIR",
                      help="the folder for the sign-in sheet and each trainee's QR sheet (created; default: "
                           "./classroom-sheets)")
    token = sub.add_parser("token", formatter_class=raw,
                           help="issue a token for an integration account (live database); officers sign in instead",
                           description=_database("live database", live))
    token.add_argument("account_id")
    token.add_argument("--groups", required=True,
                       help=f"comma-separated route groups the token may use: {', '.join(sorted(INTEGRATION_GROUPS))}")
    token.add_argument("--offices", default="", help="comma-separated offices it may act for (default: its own)")
    token.add_argument("--days", type=int, default=365, help="days until it expires (1-730)")
    admin = sub.add_parser("admin", help="the server's console: first admin, break-glass resets (live database)",
                           formatter_class=raw, description=_database("live database", live))
    admin_sub = admin.add_subparsers(dest="admin_command", required=True)
    create = admin_sub.add_parser("create", help="create an admin account (the first one of a new database)")
    create.add_argument("account_id")
    create.add_argument("--name", required=True, help="the admin's full name")
    create.add_argument("--email", default="")
    create.add_argument("--office", required=True, help="the office the admin works at (created if new)")
    create.add_argument("--office-name", default="", help="with a new office: its name")
    create.add_argument("--timezone", default="UTC", help="with a new office: its IANA time zone")
    create.add_argument("--region", default="", help="with a new office: its region (created if new)")
    create.add_argument("--region-name", default="")
    create.add_argument("--country", default="", help="with a new region: its ISO country code")
    create.add_argument("--territory", default="", help="with a new region: its customs territory code (e.g. EU)")
    create.add_argument("--territory-name", default="")
    create.add_argument("--password-stdin", action="store_true",
                        help="read the password from standard input instead of prompting for it")
    reset_mfa = admin_sub.add_parser("reset-mfa", help="forget an account's authenticator: it enrols again")
    reset_mfa.add_argument("account_id")
    reset_pw = admin_sub.add_parser("reset-password", help="a one-time set-password code for an account")
    reset_pw.add_argument("account_id")
    station = sub.add_parser("workstation", help="register, list and revoke workstations (live database)",
                             formatter_class=raw, description=_database("live database", live))
    station_sub = station.add_subparsers(dest="workstation_command", required=True)
    add = station_sub.add_parser("add", help="register a workstation at an office; prints its key once")
    add.add_argument("name")
    add.add_argument("--office", required=True)
    station_sub.add_parser("list", help="the registered workstations")
    revoke = station_sub.add_parser("revoke", help="revoke a workstation: its sessions end, its grants stop")
    revoke.add_argument("workstation_id")
    policy = sub.add_parser("policy", help="show or set the identity policy (sessions, MFA, lock-out)",
                            formatter_class=raw, description=_database("live database", live))
    policy.add_argument("settings", nargs="*", metavar="NAME=VALUE", help="settings to change, e.g. idle_minutes=20")
    backing = sub.add_parser("backup", help="copy the database (online, while it serves) and its key file",
                             formatter_class=raw, description=_database("live database", live))
    backing.add_argument("target", type=Path, metavar="PATH",
                         help="the copy to write (and PATH.key); never overwritten")
    bulk = sub.add_parser("import", formatter_class=raw,
                          help="create regions, offices or accounts in bulk from a filled template (live database)",
                          description=_database("live database", live, "Import the regions first, then the offices, "
                                                "then the accounts (docs/api.md, \"Bulk creation\")."))
    bulk.add_argument("kind", choices=["regions", "offices", "accounts"])
    bulk.add_argument("file", type=Path, help="the filled template: XLSX, or CSV in UTF-8")
    bulk.add_argument("--by", required=True, metavar="ADMIN",
                      help="the Admin account the import is made for (its audit line names it)")
    bulk.add_argument("--check", action="store_true", help="check every row and change nothing")
    bulk.add_argument("--codes-file", default=None, metavar="FILE",
                      help="accounts: the new file (readable by you only) for the new accounts' set-password codes")
    trail = sub.add_parser("audit", help="the audit trail: verify its chain of hashes",
                           formatter_class=raw, description=_database("live database", live))
    audit_sub = trail.add_subparsers(dest="audit_command", required=True)
    audit_sub.add_parser("verify", help="check every region's chain; exit 1 when a line was changed, removed or added")
    return parser


def _class_size(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= MAX_TRAINEES:
        raise argparse.ArgumentTypeError(f"a number of trainees from 1 to {MAX_TRAINEES}, not {text!r}")
    return int(text)


def _write_qr(codes: list[DemoCode], folder: Path) -> int:
    """``demo-codes --qr DIR``: the PNGs and the sheet, one line per file; 2 when DIR cannot be written."""
    if not codes:
        print("No demo codes to write: that trainee has no code set (see `demo reset --trainees N`).",
              file=sys.stderr)
        return 2
    if folder.exists() and not folder.is_dir():
        print(f"Cannot write the QR codes to {folder}: it is a file, not a folder. "
              "Give --qr a folder name (it is created if missing).", file=sys.stderr)
        return 2
    from reference_central.demo.qr_sheet import write_qr_pngs, write_sheet  # the PDF library: only when asked

    try:
        written = [*write_qr_pngs(codes, folder), write_sheet(codes, folder / SHEET_NAME)]
    except OSError as exc:
        reason = exc.strerror or str(exc)
        print(f"Cannot write the QR codes to {folder}: {reason}. "
              "Choose a folder you can write to with --qr DIR.", file=sys.stderr)
        return 2
    for path in written:
        print(path)
    print(f"{len(written)} files written to {folder} ({len(codes)} QR codes and the sheet {SHEET_NAME}).")
    return 0


def _default_db(args: argparse.Namespace) -> Path:
    """The demo database for the demo commands (the workstation's embedded demo), the live one otherwise."""
    if args.command == "classroom":
        return classroom_db_path()
    return demo_db_path() if _is_demo_command(args) else live_db_path()


def _chosen_db(args: argparse.Namespace) -> Path | str:
    """``--db``, else the URL in ``--db-url-file``, else ``ECARNET_CENTRAL_DB``, else the command's default."""
    if args.db:
        return str(args.db)
    if args.db_url_file is not None:
        lines = args.db_url_file.read_text(encoding="utf-8").splitlines()
        if not lines or not lines[0].strip():
            raise ValueError(f"{args.db_url_file} is empty: put the database's URL on its first line")
        return str(lines[0].strip())
    named = os.environ.get(DB_ENV, "")
    return named if named else _default_db(args)


def _is_demo_command(args: argparse.Namespace) -> bool:
    return args.command in ("demo", "demo-codes", "classroom") or (args.command == "serve" and bool(args.demo))


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        where = _chosen_db(args)
    except (OSError, ValueError) as exc:
        print(f"Cannot read the database's URL: {exc}", file=sys.stderr)
        return 2
    if args.command in ("admin", "workstation", "policy", "token", "import"):
        from reference_central.identity.console_commands import run_console

        return run_console(args, where)
    trainees = args.trainees if _is_demo_command(args) and args.command != "demo-codes" else None
    if trainees is not None and not 0 <= trainees <= MAX_TRAINEES:
        print(f"--trainees takes a number from 0 to {MAX_TRAINEES}", file=sys.stderr)
        return 2
    file = sqlite_file(where)
    if args.command == "serve" and args.workers != 1 and (file is not None or args.workers < 1):
        print("ecarnet-central serve: --workers N takes a number from 1, and more than one server process needs "
              "PostgreSQL: a SQLite file has one writer at a time (serve it with one process).", file=sys.stderr)
        return 2
    if file is None:
        return _open_and_run(args, where)
    if args.command == "db" and args.db_command == "grant":
        print(SQLITE_REFUSAL, file=sys.stderr)
        return 2
    db_path = file
    if args.command == "db" and not db_path.is_file():
        print(f"There is no database at {db_path}. Name it with --db.", file=sys.stderr)
        return 2
    if args.command in ("backup", "audit"):
        if not db_path.is_file():
            print(f"There is no database at {db_path}. Name it with --db.", file=sys.stderr)
            return 2
        if args.command == "backup":
            return backup(db_path, args.target)
    if _is_demo_command(args):
        try:
            refuse_live_at(db_path)  # read without writing: opening it as a store would already write to it
        except LiveDatabase as exc:
            print(f"Refused: {exc} Nothing was changed.", file=sys.stderr)
            return 3
    return _open_and_run(args, db_path)


def _open_and_run(args: argparse.Namespace, where: Path | str) -> int:
    if args.command == "backup":
        print("ecarnet-central backup copies a SQLite file; back up a PostgreSQL database with pg_dump "
              "(docs/deploy.md says how).", file=sys.stderr)
        return 2
    try:
        store = Store(where)
    except (OSError, DatabaseError) as exc:
        print(f"Cannot open the database {where}: {exc}. Name another one with --db.", file=sys.stderr)
        return 2
    try:
        if args.command == "db":
            return grant_command(store, args.role) if args.db_command == "grant" else schema_command(
                store, args.db_command)
        if _is_demo_command(args):
            refuse_live(store)  # a training database (or none yet) follows this release by itself
            upgrade(store)
        else:
            check(store)
        return _run(args, store, store.name, datetime.now(UTC))
    except LiveDatabase as exc:
        print(f"Refused: {exc} Nothing was changed.", file=sys.stderr)
        return 3
    except (SchemaMismatch, DatabaseError) as exc:
        print(f"ecarnet-central {args.command}: {exc}", file=sys.stderr)
        return 2
    finally:
        store.close()


def _run(args: argparse.Namespace, store: Store, db_path: Path | str, now: datetime) -> int:
    if args.command == "audit":
        return verify_audit(store)
    if args.command == "serve":
        return _serve(args, store, db_path, now)
    if args.command == "classroom":
        from reference_central.classroom import command  # the PDF library: only for a class

        return command(store, now, trainees=args.trainees, host=args.host, port=args.port, sheets=args.sheets)
    if args.command == "demo":
        reset_demo(store, now, args.trainees)
        print(f"Demo restored in {db_path} with {args.trainees} trainee set(s).")
        return 0
    if store.get_meta(SEEDED_ON_META) is None:
        ensure_demo(store, now)
    codes = [c for c in demo_codes(store) if args.trainee is None or c.trainee == args.trainee]
    print(f"Demo codes from {db_path}", file=sys.stderr)
    if args.qr is not None:
        return _write_qr(codes, args.qr)
    if args.json:
        print(json.dumps([asdict(c) for c in codes], indent=2, ensure_ascii=False))
    else:
        print(f"{'trainee':>7}  {'carnet ID':<9} {'carnet number':<16} {'type':<15} "
              f"{'transaction':<12}  {'cancel':<12}  scenario")
        for c in codes:
            print(f"{c.trainee:>7}  {c.carnet_id:<9} {c.carnet_number:<16} {c.transaction_type:<15} "
                  f"{c.transaction_code:<12}  {c.cancellation_code:<12}  {c.label} (at {c.office_id})")
    return 0


def _tls_problem(certfile: Path | None, keyfile: Path | None) -> str:
    """Why ``--certfile`` and ``--keyfile`` cannot serve HTTPS, or "" when they can (or neither is given)."""
    if (certfile is None) != (keyfile is None):
        return "--certfile and --keyfile go together: give both to serve HTTPS, or neither for plain HTTP"
    if certfile is None or keyfile is None:
        return ""
    try:
        ssl.create_default_context(ssl.Purpose.CLIENT_AUTH).load_cert_chain(certfile, keyfile)
    except FileNotFoundError as exc:
        return f"cannot read {exc.filename}: no such file"
    except PermissionError as exc:
        return f"cannot read {exc.filename}: permission denied"
    except ssl.SSLError as exc:
        return f"{certfile} and {keyfile} are not a PEM certificate and its private key ({exc.reason or exc})"
    return ""


def _serve(args: argparse.Namespace, store: Store, db_path: Path | str, now: datetime) -> int:
    problem = _tls_problem(args.certfile, args.keyfile)
    if problem:
        print(f"ecarnet-central serve: {problem}", file=sys.stderr)
        return 2
    scheme = "https" if args.certfile else "http"
    if args.demo:
        ensure_demo(store, now, args.trainees)
        training = True
        print(f"Demo central (training) on {scheme}://{args.host}:{args.port}  database {db_path}")
        print(f"  demo accounts: {', '.join(a.account_id for a in ACCOUNTS)}")
        print(f"  their published training password: {DEMO_PASSWORD!r}; their authenticator codes: "
              "the training sign-in screen, or GET /v1/training/accounts")
        print(f"  training desk key (X-Ecarnet-Workstation): {DEMO_WORKSTATION_KEY}")
    else:
        if kind_of(store) is None:
            mark(store, LIVE)
        training = kind_of(store) == TRAINING
        print(f"Central{' (training)' if training else ''} on {scheme}://{args.host}:{args.port}  database {db_path}")
        if not training and not _has_admin(store):
            db = f" --db {db_path}" if args.db else ""
            print(f"  no admin yet: create the first one with `ecarnet-central{db} admin create`", file=sys.stderr)
    sys.stdout.flush()
    log_to_stderr()
    box_of(store)  # the key is made (or found) once, before any server process reads it
    options: dict[str, Any] = {
        "host": args.host, "port": args.port, "log_level": "info", **tls_options(args.certfile, args.keyfile),
        **HTTP_OPTIONS,
    }
    if args.workers > 1:
        store.close()
        os.environ.update(worker_environment(store, training))
        uvicorn.run(WORKER_APP, factory=True, workers=args.workers, **options)
        return 0
    uvicorn.run(create_app(Central(store, training=training)), **options)
    return 0


def _has_admin(store: Store) -> bool:
    with store.transaction() as db:
        return any(a.role is Role.ADMIN for a in records.accounts(db))


if __name__ == "__main__":
    sys.exit(main())
