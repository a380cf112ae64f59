"""The queue's officers and grants (part of :class:`~offline_queue.store.QueueStore`): who signed in online at this
desk, with what the desk needs to let them sign in offline, and the offline grants their queued commits are sent
under. A grant stays while its officer's last sign-in or a commit still to send (or to review) names it."""

from __future__ import annotations

import sqlite3
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from offline_queue.officers import Grant, OfficerRecord

STILL_NEEDED = "('pending', 'needs_review')"
"""The states of the items whose grant is kept: a pending one is sent under it, a refused one may be resubmitted."""


class OfficerBook:
    """The officers' part of the queue; :class:`~offline_queue.store.QueueStore` supplies the file."""

    _db: sqlite3.Connection

    if TYPE_CHECKING:
        def _write(self) -> AbstractContextManager[sqlite3.Connection]: ...

        def _now(self) -> str: ...

        def _journal(self, db: sqlite3.Connection, who: str, action: str, subject: str = "",
                     detail: str = "") -> None: ...

    def remember_officer(self, record: OfficerRecord) -> None:
        """An officer signed in online here: keep (or replace) what lets them sign in here offline, and their grant.
        Journals the (online) sign-in: do not also call :meth:`note_sign_in` for it."""
        grant = record.grant
        with self._write() as db:
            if grant is not None:
                db.execute("INSERT OR REPLACE INTO grants VALUES (?, ?, ?, ?, ?)",
                           (grant.grant_id, record.account_id, grant.secret, _utc(grant.issued_at),
                            _utc(grant.offline_until)))
            db.execute("INSERT OR REPLACE INTO officers VALUES (?, ?, ?, ?, ?, ?, ?)",
                       (record.account_id, record.display_name, record.verifier, record.me_json,
                        record.territories_json or "[]", _utc(record.signed_in_at),
                        grant.grant_id if grant is not None else ""))
            _prune_grants(db)
            detail = "online" + (f", may sign in offline here until {_utc(grant.offline_until)}"
                                 if grant is not None else ", this workstation is not registered: no offline grant")
            self._journal(db, record.account_id, "signed in", record.account_id, detail)

    def officer(self, account_id: str) -> OfficerRecord | None:
        row = self._db.execute(f"{_OFFICERS} WHERE o.account_id = ?", (account_id,)).fetchone()
        return _officer(row) if row is not None else None

    def officers(self) -> list[OfficerRecord]:
        """Every officer who may sign in offline here (their grant permitting), the last signed in first."""
        rows = self._db.execute(f"{_OFFICERS} ORDER BY o.signed_in_at DESC, o.account_id").fetchall()
        return [_officer(r) for r in rows]

    def forget_officer(self, account_id: str, *, who: str, reason: str) -> bool:
        """Delete what lets ``account_id`` sign in here offline (their verifier and what the central said of them),
        overwritten in the file. The grants their commits still to send or to review were made under stay, so that
        those commits still reach the central under their name; their other grants go. False if the desk knew no
        such officer."""
        with self._write() as db:
            count = db.execute("DELETE FROM officers WHERE account_id = ?", (account_id,)).rowcount
            _prune_grants(db)
            if count:
                self._journal(db, who, "officer forgotten", account_id, reason[:1000])
        # Zeroed in the file (secure_delete); the write-ahead log, which may hold earlier copies of the pages, emptied.
        self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return bool(count)

    def grant(self, grant_id: str) -> Grant | None:
        if not grant_id:
            return None
        row = self._db.execute("SELECT * FROM grants WHERE grant_id = ?", (grant_id,)).fetchone()
        return _grant(row) if row is not None else None

    def note_sign_in(self, account_id: str, *, offline: bool) -> None:
        """The desk's audit trail: ``account_id`` signed in, offline (against the verifier kept here) or online
        without being remembered (an online sign-in that is remembered is journaled by :meth:`remember_officer`)."""
        detail = "offline, the password checked at this desk" if offline else "online"
        with self._write() as db:
            self._journal(db, account_id, "signed in", account_id, detail)

    def note_sign_out(self, account_id: str) -> None:
        with self._write() as db:
            self._journal(db, account_id, "signed out", account_id)


_OFFICERS = ("SELECT o.*, g.grant_id AS g_id, g.secret, g.issued_at, g.offline_until FROM officers o "
             "LEFT JOIN grants g ON g.grant_id = o.grant_id AND o.grant_id != ''")


def _prune_grants(db: sqlite3.Connection) -> None:
    """Delete the grants nothing needs any more: no officer's last sign-in, no commit to send or to review."""
    db.execute(f"DELETE FROM grants WHERE grant_id NOT IN (SELECT grant_id FROM officers) AND grant_id NOT IN "  # noqa: S608
               f"(SELECT grant_id FROM outbox WHERE state IN {STILL_NEEDED})")


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def _grant(row: sqlite3.Row, grant_id: str = "grant_id") -> Grant:
    return Grant(grant_id=row[grant_id], secret=row["secret"], issued_at=datetime.fromisoformat(row["issued_at"]),
                 offline_until=datetime.fromisoformat(row["offline_until"]))


def _officer(row: sqlite3.Row) -> OfficerRecord:
    grant = _grant(row, "g_id") if row["g_id"] is not None else None
    return OfficerRecord(account_id=row["account_id"], display_name=row["display_name"], verifier=row["verifier"],
                         me_json=row["me"], territories_json=row["territories"],
                         signed_in_at=datetime.fromisoformat(row["signed_in_at"]), grant=grant)
