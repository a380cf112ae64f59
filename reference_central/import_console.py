"""``ecarnet-central import KIND FILE``: bulk creation at the server's console, on the central's database itself
(as the console's other commands), in the name of an Admin account: the same checks and the same all-or-nothing
import as ``POST /v1/imports/{kind}``. The new accounts' set-password codes go to a new file only its owner may
read (``--codes-file``), never to the screen."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from pathlib import Path

from carnet_domain.organisation import AccountStatus, Role
from carnet_domain.refusals import RefusalCode as R
from central_contract.imports import CSV_TYPE, MAX_FILE_BYTES, XLSX_TYPE, ImportKind, ImportReport, codes_csv
from reference_central import records
from reference_central.errors import CentralError
from reference_central.service import Central
from reference_central.store import Store

REFUSED = 1
OWNER_ONLY = 0o600


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def _problems(report: ImportReport, *, refused: bool) -> None:
    for problem in report.problems:
        where = f"row {problem.row}" + (f", {problem.column}" if problem.column else "")
        print(f"  {where}: {problem.problem}", file=sys.stderr if refused else sys.stdout)


def import_command(args: argparse.Namespace, store: Store) -> int:
    kind, path, check = ImportKind(args.kind), Path(args.file), bool(args.check)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            _say(f"Refused: {path} is larger than {MAX_FILE_BYTES:,} bytes: split it into several files.")
            return REFUSED
        content = path.read_bytes()
    except OSError as exc:
        _say(f"Cannot read {path}: {exc.strerror or exc}. Nothing was imported.")
        return REFUSED
    with store.transaction() as db:
        admin = records.account(db, args.by)
    if admin is None or admin.role is not Role.ADMIN or admin.status is not AccountStatus.ACTIVE:
        _say(f"Refused: {args.by!r} is not an active Admin account; only an Admin creates in bulk (--by ADMIN).")
        return REFUSED
    codes_file = Path(args.codes_file) if args.codes_file else None
    if kind is ImportKind.ACCOUNTS and not check and codes_file is None:
        _say("Refused: an accounts import makes a set-password code for each new account: name the new file "
             "to keep them in with --codes-file FILE. Nothing was imported.")
        return REFUSED
    descriptor = None
    if codes_file is not None and not check and kind is ImportKind.ACCOUNTS:
        try:  # made before the import, so that its codes are never lost to a file that cannot be written
            descriptor = os.open(codes_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0),
                                 OWNER_ONLY)
            os.fchmod(descriptor, OWNER_ONLY)
        except OSError as exc:
            _say(f"Refused: cannot make {codes_file} ({exc.strerror or exc}); name a new file with --codes-file. "
                 "Nothing was imported.")
            return REFUSED
    made, written = (codes_file if descriptor is not None else None), False
    try:
        content_type = XLSX_TYPE if content.startswith(b"PK\x03\x04") else CSV_TYPE
        try:
            report = Central(store).import_file(admin, kind, content, content_type, check=check,
                                                console=True)
        except CentralError as exc:
            if exc.code is not R.IMPORT_REFUSED:
                raise
            refused = ImportReport.model_validate(exc.extra["report"])
            _say(f"Refused: {exc.detail}. Correct these rows and import the file again:")
            _problems(refused, refused=True)
            return REFUSED
        if descriptor is not None:
            with os.fdopen(descriptor, "wb") as out:
                descriptor = None
                out.write(codes_csv(report.set_password_codes))
            written = True
    finally:
        if descriptor is not None:
            os.close(descriptor)
        if made is not None and not written:  # refused: no empty codes file is left behind
            with contextlib.suppress(FileNotFoundError):
                made.unlink()
    existing = f"; {len(report.already_exists)} already existed" if report.already_exists else ""
    if check:
        print(f"Checked {report.rows} rows of {kind.value}: {report.to_create} to create{existing}; "
              f"{len(report.problems)} problems. Nothing was changed.")
        _problems(report, refused=False)
        return REFUSED if report.problems else 0
    print(f"Imported {report.created} {kind.value} from {report.rows} rows{existing}.")
    if written:
        print(f"Their set-password codes are in {codes_file} (readable by you only): give each officer their own.")
    return 0
