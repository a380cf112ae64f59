"""The set-password codes of accounts created in bulk, kept in a file only its owner may read (guide lines
3126-3226; docs/api.md, "Bulk creation"): the central gives them once, in the import's answer; whoever imported
hands each officer their own, never shows them in a list."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

from central_contract.identity import SetPasswordCode

OWNER_ONLY = 0o600


def write_codes_file(path: Path, codes: list[SetPasswordCode]) -> Path:
    """Write ``codes`` to a new file ``path`` (CSV in UTF-8: account, code, expiry in UTC) readable and writable by
    its owner only. An existing file is never overwritten (``FileExistsError``): codes of another import would be
    lost, or a file others may read reused."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["account_id", "set_password_code", "expires_at_utc"])
    for code in codes:
        writer.writerow([code.account_id, code.code, code.expires_at.isoformat()])
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), OWNER_ONLY)
    try:
        os.fchmod(descriptor, OWNER_ONLY)  # whatever the umask
        os.write(descriptor, out.getvalue().encode("utf-8"))
    finally:
        os.close(descriptor)
    return path
