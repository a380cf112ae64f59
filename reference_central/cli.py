"""``ecarnet-central``: serve the reference central, list and reset the demo, issue tokens."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

import uvicorn

from reference_central.api import create_app
from reference_central.demo.qr_sheet import SHEET_NAME, write_qr_pngs, write_sheet
from reference_central.demo.seed import MAX_TRAINEES, DemoCode, demo_codes
from reference_central.errors import CentralError
from reference_central.locations import demo_db_path, live_db_path
from reference_central.server import SEEDED_ON_META, ensure_demo, reset_demo
from reference_central.service import Central
from reference_central.store import Store


def _database(which: str, path: Path, *more: str) -> str:
    """A subcommand's description: the database it uses unless ``--db`` names another."""
    return "\n".join([f"Database: the {which}, {path}", *more, "(ecarnet-central --db FILE ... uses FILE instead)."])


def _parser() -> argparse.ArgumentParser:
    demo, live = demo_db_path(), live_db_path()
    raw = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(
        prog="ecarnet-central", formatter_class=raw,
        description="The reference central system for electronic carnets (API documented in docs/api.md).",
        epilog="Databases (--db FILE uses FILE instead):\n"
               f"  demo database  {demo}\n"
               "                 the workstation's embedded demo, the one `ecarnet` trains on with nothing\n"
               "                 configured: demo-codes, demo reset and serve --demo use it\n"
               f"  live database  {live}\n"
               "                 serve (without --demo) and token use it",
    )
    parser.add_argument("--db", type=Path, default=None,
                        help="SQLite file to use instead of the command's default database (see below)")
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
    token = sub.add_parser("token", help="issue a new token for an account (live database)", formatter_class=raw,
                           description=_database("live database", live))
    token.add_argument("account_id")
    return parser


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
    if args.command in ("demo", "demo-codes") or (args.command == "serve" and args.demo):
        return demo_db_path()
    return live_db_path()


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    db_path: Path = args.db or _default_db(args)
    store = Store(db_path)
    now = datetime.now(UTC)
    if args.command == "serve":
        training = bool(args.demo)
        if args.demo:
            tokens = ensure_demo(store, now, args.trainees)
            print(f"Demo central (training) on http://{args.host}:{args.port}  database {db_path}")
            for account_id, value in sorted(tokens.items()):
                print(f"  token {account_id:<15} {value}")
        else:
            training = store.get_meta("training") == "1"
            print(f"Central{' (training)' if training else ''} on http://{args.host}:{args.port}  database {db_path}")
        app = create_app(Central(store, training=training))
        uvicorn.run(app, host=args.host, port=args.port, log_level="info", server_header=False, date_header=False)
        return 0
    if args.command == "demo":
        if not 0 <= args.trainees <= MAX_TRAINEES:
            print(f"--trainees takes a number from 0 to {MAX_TRAINEES}", file=sys.stderr)
            return 2
        reset_demo(store, now, args.trainees)
        print(f"Demo restored in {db_path} with {args.trainees} trainee set(s).")
        return 0
    if args.command == "demo-codes":
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
    if args.command == "token":
        try:
            print(Central(store).issue_token(args.account_id))
        except CentralError as exc:
            print(f"No token issued: {exc.body()['error']}", file=sys.stderr)
            return 1
        return 0
    return 2  # pragma: no cover - argparse requires a command


if __name__ == "__main__":
    sys.exit(main())
