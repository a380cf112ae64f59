"""The operator's commands on a central's database: ``backup PATH`` and ``audit verify``.

``backup`` copies the database with SQLite's online backup (consistent while the central serves: it reads one
snapshot) and the key file that seals the TOTP secrets beside it (``PATH.key``): a database restored without its key
signs nobody in. Both are written owner-only (0600). To restore: stop the central, put ``PATH`` where the database
was and ``PATH.key`` where its key was (or serve ``--db PATH``), start it again. A backup never overwrites a file.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import sys
from pathlib import Path

from reference_central import audit_chain
from reference_central.identity.secret_box import key_path_for
from reference_central.store import OWNER_ONLY, Store, create_private


def backup(db_path: Path, target: Path) -> int:
    """Copy the database at ``db_path`` and its key to ``target`` and ``target.key``; 0 when done, 2 when not."""
    key, target_key = key_path_for(db_path), target.with_name(target.name + ".key")
    for path in (target, target_key):
        if path.exists():
            print(f"Not written: {path} exists already. Name a new file (a backup never overwrites one).",
                  file=sys.stderr)
            return 2
    try:
        create_private(target)
        source = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        copy = sqlite3.connect(target)
        try:
            with copy:
                source.backup(copy)
        finally:
            copy.close()
            source.close()
        if key.exists():
            fd = os.open(target_key, os.O_WRONLY | os.O_CREAT | os.O_EXCL, OWNER_ONLY)
            with os.fdopen(fd, "wb") as out, key.open("rb") as kept:
                shutil.copyfileobj(kept, out)
    except (OSError, sqlite3.Error) as exc:
        print(f"Backup failed: {exc}. Nothing usable was written to {target}; check the folder and the free space.",
              file=sys.stderr)
        for written in (target, target_key):  # neither existed before: nothing of someone else's is removed
            written.unlink(missing_ok=True)
        return 2
    rows = _rows(target)
    print(f"Backed up {db_path} to {target} ({rows} rows)" + (f" and its key to {target_key}" if key.exists() else
                                                                  " (it has no key file: no TOTP secret to keep)"))
    return 0


def _rows(path: Path) -> int:
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                           "AND name NOT LIKE 'sqlite_%'")]
        return sum(int(db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]) for t in tables)  # noqa: S608
    finally:
        db.close()


def verify_audit(store: Store) -> int:
    """Print each region's chain; 0 when every chain holds, 1 when one does not."""
    with store.reading() as db:  # a snapshot: a central serving the same file goes on writing meanwhile
        regions = audit_chain.verify(db)
    for region in regions:
        older = f", {region.older} older than the chain" if region.older else ""
        state = "intact" if region.intact else f"BROKEN ({len(region.broken)} problems)"
        print(f"{region.region_id or '(no region)'}: {region.lines} lines{older}, {state}, head {region.head}")
        for problem in region.broken:
            print(f"  {problem}")
    if not regions:
        print("The audit trail is empty.")
    return 0 if all(r.intact for r in regions) else 1
