"""Keeping a receipt's PDF and sending it to a printer through CUPS's ``lp``."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from carnet_domain.transaction import Transaction
from ecarnet_tui.i18n import _

DEFAULT_PRINTER = "default"
"""The ``printer`` setting that means the system's default printer (``lp`` without ``-d``)."""
LP_TIMEOUT = 30.0
"""Seconds ``lp`` gets to queue the job; it returns once CUPS has it, not when the paper is out."""
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


class PrintError(RuntimeError):
    """The receipt could not be sent to the printer; the message says why, for the officer, in words that
    follow "Not printed:" (lower case first)."""


def default_receipts_folder() -> Path:
    """``receipts/`` in the officer's documents folder (``~/Documents/ecarnet/receipts`` on Linux)."""
    return Path(platformdirs.user_documents_dir()) / "ecarnet" / "receipts"


def receipt_file_name(transaction: Transaction) -> str:
    """``receipt-<carnet number>-<type>-<transaction id>.pdf``, with anything but letters, digits, ``.-_``
    replaced by ``_`` (a carnet number may hold ``/``)."""
    name = safe_name(transaction.carnet_number, transaction.type.value, transaction.transaction_id)
    return f"receipt-{name}.pdf"


def voucher_file_name(transaction: Transaction, *, training: bool) -> str:
    """``[training-]voucher-<carnet number>-<type>-<transaction id>.pdf``: a voucher printed again from the Logs."""
    name = safe_name(transaction.carnet_number, transaction.type.value, transaction.transaction_id)
    return f"{'training-' if training else ''}voucher-{name}.pdf"


def provisional_file_name(local_ref: str) -> str:
    """``receipt-provisional-<local reference>.pdf``."""
    return f"receipt-provisional-{safe_name(local_ref)}.pdf"


def save_receipt(pdf: bytes, folder: Path | None, transaction: Transaction) -> Path:
    """Write ``pdf`` into ``folder`` (default :func:`default_receipts_folder`), created if needed, and
    return its path. The file appears whole or not at all; saving the same receipt again replaces it."""
    return save_pdf(pdf, folder, receipt_file_name(transaction))


def safe_name(*parts: str) -> str:
    """``parts`` joined by ``-``, with anything but letters, digits, ``.-_`` replaced by ``_``."""
    return "-".join(_UNSAFE.sub("_", part).strip("._") or "_" for part in parts)


def save_pdf(pdf: bytes, folder: Path | None, file_name: str) -> Path:
    """Write ``pdf`` as ``file_name`` into ``folder`` (default :func:`default_receipts_folder`), created if
    needed, and return its path. The file appears whole or not at all; saving it again replaces it."""
    target_folder = folder if folder is not None else default_receipts_folder()
    target_folder.mkdir(parents=True, exist_ok=True)
    path = (target_folder / file_name).resolve()
    handle, temporary = tempfile.mkstemp(dir=target_folder, prefix=".receipt-", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(pdf)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def print_file(path: Path, printer: str) -> None:
    """Queue ``path`` on ``printer`` with ``lp -d PRINTER PATH`` (``lp PATH`` for ``"default"``).

    Raises :class:`PrintError` when ``lp`` is not installed, fails, or does not answer in time.
    """
    printer = printer.strip()
    if not printer:
        raise PrintError(_("no printer is set: set 'printer' in the settings."))
    lp = shutil.which("lp")
    if lp is None:
        raise PrintError(_("the 'lp' command is not installed (Debian package cups-client)."))
    command = [lp] + ([] if printer == DEFAULT_PRINTER else ["-d", printer]) + [str(path.resolve())]
    try:  # a list, no shell: the printer name and the path are single arguments whatever they hold
        run = subprocess.run(command, capture_output=True, text=True, timeout=LP_TIMEOUT, check=False,  # noqa: S603
                             stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise PrintError(_("printer {printer} did not answer within {seconds} seconds.").format(
            printer=printer, seconds=int(LP_TIMEOUT))) from None
    except OSError as exc:
        raise PrintError(_("the 'lp' command could not be run: {problem}").format(problem=exc)) from exc
    if run.returncode != 0:
        detail = " ".join((run.stderr or run.stdout).split()) or _("exit status {code}").format(code=run.returncode)
        raise PrintError(_("printer {printer} refused it: {problem}").format(
            printer=printer, problem=detail))


@dataclass(frozen=True, slots=True)
class Delivery:
    """Where a receipt went: always saved at ``path``; ``printer`` when it was printed there, ``problem`` when
    printing was asked and failed."""

    path: Path
    printer: str = ""
    problem: str = ""


def deliver(pdf: bytes, folder: Path | None, file_name: str, printer: str) -> Delivery:
    """Save ``pdf`` as ``file_name`` in ``folder`` (raises :class:`OSError` when it cannot be saved), then print it
    on ``printer`` if one is set; a printing failure is reported in the :class:`Delivery`, never raised."""
    path = save_pdf(pdf, folder, file_name)
    printer = printer.strip()
    if not printer:
        return Delivery(path)
    try:
        print_file(path, printer)
    except PrintError as exc:
        return Delivery(path, problem=str(exc))
    return Delivery(path, printer=printer)
