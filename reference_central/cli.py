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
from reference_central.server import SEEDED_ON_META, default_db_path, ensure_demo, reset_demo
from reference_central.service import Central
from reference_central.store import Store


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ecarnet-central",
        description="The reference central system for electronic carnets (API documented in docs/api.md).",
    )
    parser.add_argument("--db", type=Path, default=None,
                        help=f"SQLite file (default: {default_db_path()})")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="serve the HTTP API")
    serve.add_argument("--demo", action="store_true",
                       help="seed the demo data (each office's dates relative to its own today)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8765)
    serve.add_argument("--trainees", type=int, default=None, help="with --demo: code sets for N trainees")
    codes = sub.add_parser("demo-codes", help="list the demo carnets with their transaction and cancellation codes")
    shown = codes.add_mutually_exclusive_group()
    shown.add_argument("--json", action="store_true", help="print JSON")
    shown.add_argument("--qr", type=Path, default=None, metavar="DIR",
                       help=f"write one QR PNG per code and a printable sheet ({SHEET_NAME}) into DIR")
    codes.add_argument("--trainee", type=int, default=None, help="only this trainee's set (0 is the base set)")
    demo = sub.add_parser("demo", help="manage the demo data")
    demo_sub = demo.add_subparsers(dest="demo_command", required=True)
    reset = demo_sub.add_parser("reset", help="restore the demo state")
    reset.add_argument("--trainees", type=int, default=0, help=f"separate code sets for N trainees (0-{MAX_TRAINEES})")
    token = sub.add_parser("token", help="issue a new token for an account")
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


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    db_path: Path = args.db or default_db_path()
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
