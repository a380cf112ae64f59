"""Where exports are saved and under which names: ``exports/`` beside the receipts folder by default."""

from __future__ import annotations

import os
import re
import tempfile
from datetime import datetime
from pathlib import Path

from ecarnet_tui.printing.printer import default_receipts_folder

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_part(text: str) -> str:
    """``text`` fit for a file name: anything but letters, digits and ``.-_`` becomes ``_``."""
    return _UNSAFE.sub("_", text).strip("._") or "_"


def exports_folder(receipts: Path | None, chosen: Path | None = None) -> Path:
    """``chosen``, or ``exports`` next to the receipts folder (``receipts``, or the default one)."""
    if chosen is not None:
        return chosen
    return (receipts if receipts is not None else default_receipts_folder()).parent / "exports"


def export_name(
    kind: str, extension: str, moment: datetime, *, training: bool, subject: str = "", extent: str = ""
) -> str:
    """``[training-]KIND[-SUBJECT][-EXTENT]-YYYYMMDD-HHMMSS.EXT`` at the workstation's local time; ``extent``
    says when the file holds only part of a list (``first-500-of-812``)."""
    parts = ((["training"] if training else []) + [kind] + ([safe_part(subject)] if subject else [])
             + ([safe_part(extent)] if extent else []))
    return "-".join(parts) + moment.astimezone().strftime("-%Y%m%d-%H%M%S.") + extension


def save_export(data: bytes, folder: Path, name: str) -> Path:
    """Write ``data`` into ``folder`` (created if needed) as ``name``, or ``name-2``... if that exists; the file
    appears whole or not at all. Returns its path."""
    folder.mkdir(parents=True, exist_ok=True)
    stem, dot, extension = name.rpartition(".")
    path, number = folder / name, 1
    while path.exists():
        number += 1
        path = folder / f"{stem}-{number}{dot}{extension}"
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".export-", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path.resolve()
