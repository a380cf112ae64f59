"""The set-password codes of accounts created in bulk, kept in a file only its owner may read (guide lines
3126-3226; docs/api.md, "Bulk creation"): the central gives them once, in the import's answer; whoever imported
hands each officer their own, never shows them in a list."""

from __future__ import annotations

import os
from pathlib import Path

from central_contract.identity import SetPasswordCode
from central_contract.imports import codes_csv

OWNER_ONLY = 0o600


def write_codes_file(path: Path, codes: list[SetPasswordCode]) -> Path:
    """Write ``codes`` to a new file ``path`` (CSV in UTF-8: account, code, expiry in UTC) readable and writable by
    its owner only. An existing file is never overwritten (``FileExistsError``): codes of another import would be
    lost, or a file others may read reused."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), OWNER_ONLY)
    with os.fdopen(descriptor, "wb") as out:
        os.fchmod(descriptor, OWNER_ONLY)  # whatever the umask
        out.write(codes_csv(codes))
    return path
