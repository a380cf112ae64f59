"""``ecarnet scan-image [--json] PATH...``: decode image files (or every image in a folder) through the
camera's pipeline, and say per image what was found, by which decoder, and how long it took."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TextIO

from carnet_domain.payload import PayloadError, parse_payload
from ecarnet_tui.i18n import _, ngettext
from ecarnet_tui.literal import printable
from ecarnet_tui.scanner.cascade import Cascade, Scan
from ecarnet_tui.scanner.decoders import Reading
from ecarnet_tui.scanner.images import ImageError, image_files, load_gray

ALL_FOUND, SOME_NOT_FOUND, UNREADABLE = 0, 1, 2
SHOWN_CHARACTERS = 160
"""Of a long code's text in the plain output (``--json`` gives all of it)."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ecarnet scan-image",
        description=_("Read the QR codes in image files, as the camera at step 1 would."),
        epilog=_("Exit status: 0 a code was found in every image, 1 some image had none, 2 a file could not "
                 "be read."),
    )
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH", help=_("an image file or a folder of images"))
    parser.add_argument("--json", action="store_true", help=_("print one JSON object per image"))
    return parser


def _carnet(text: str) -> dict[str, object]:
    try:
        payload = parse_payload(text)
    except PayloadError as exc:
        return {"carnet_qr": False, "why": exc.reason}
    return {"carnet_qr": True, "carnet_id": payload.carnet_id, "transaction_code": payload.transaction_code,
            "training": payload.training}


def _reading(reading: Reading) -> dict[str, object]:
    return {"text": reading.text, "decoder": reading.decoder,
            "corners": [[round(x, 1), round(y, 1)] for x, y in reading.corners], **_carnet(reading.text)}


def _record(path: Path, scan: Scan | None, error: str | None) -> dict[str, object]:
    record: dict[str, object] = {"file": str(path), "found": bool(scan and scan.found)}
    if scan is not None:
        record["ms"] = round(scan.ms, 2)
        record["codes"] = [_reading(r) for r in scan.readings]
        if scan.problems:
            record["decoder_problems"] = scan.problems
    if error is not None:
        record["error"] = error
    return record


def _print_text(record: dict[str, object], out: TextIO) -> None:
    name = printable(str(record["file"]))
    if "error" in record:
        print(_("{file}  cannot be read: {why}").format(file=name, why=printable(str(record["error"]))), file=out)
        return
    codes = record.get("codes") or []
    assert isinstance(codes, list)
    found = ngettext("{n} code found", "{n} codes found", len(codes)).format(n=len(codes)) if codes else _(
        "no code found")
    print(f"{name}  {found}  ({record['ms']} ms)", file=out)
    for code in codes:
        if code["carnet_qr"]:
            what = _("carnet {carnet}").format(carnet=code["carnet_id"])
            if code["training"]:
                what += ", " + _("TRAINING")
        else:
            what = str(code["why"])
        text = printable(str(code["text"]))
        if len(text) > SHOWN_CHARACTERS:
            text = text[:SHOWN_CHARACTERS] + "…"
        print(f"  {code['decoder']}: {text}  [{what}]", file=out)


def main(argv: list[str], out: TextIO | None = None, err: TextIO | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _scan(args, out or sys.stdout, err or sys.stderr)
    except BrokenPipeError:  # the output was piped into `head` or a pager that quit
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115  (Python flushes stdout at exit)
        return ALL_FOUND


def _scan(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    cascade = Cascade()
    print(_("Decoders: {decoders}").format(decoders=cascade.describe()), file=err)
    status = ALL_FOUND
    seen = 0
    for path in image_files(args.paths):
        seen += 1
        try:
            scan, error = cascade.read(load_gray(path)), None
        except ImageError as exc:
            scan, error = None, str(exc)
        record = _record(path, scan, error)
        if error is not None:
            status = UNREADABLE
        elif not record["found"]:
            status = max(status, SOME_NOT_FOUND)
        if args.json:
            print(json.dumps(record, ensure_ascii=False), file=out)
        else:
            _print_text(record, out)
    if seen == 0:
        print(_("No image files found in {paths}.").format(paths=", ".join(map(str, args.paths))), file=err)
        return UNREADABLE
    return status
