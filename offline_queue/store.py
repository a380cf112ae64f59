"""The queue file: SQLite in WAL mode, every write synchronous, one workstation process at a time.

A commit made at the desk is on disk, with the idempotency key it will be sent under, before the officer
sees its provisional receipt; what the central answers, and every supervisor's decision, is recorded in
the same file, and every action goes to an append-only journal.
"""

from __future__ import annotations

import json
import os
import secrets
import sqlite3
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO

from carnet_domain.carnet import Carnet
from carnet_domain.transaction_types import TransactionType
from central_contract.models import CommitRequest, CommitResponse, LookupResponse
from offline_queue.errors import QueueUnavailable
from offline_queue.items import EarlierUse, ItemState, JournalEntry, QueuedCommit
from offline_queue.officer_book import OfficerBook
from offline_queue.schema import MIGRATIONS, SCHEMA, VERSION
from offline_queue.status import QueueCounts
from offline_queue.stored_requests import stored_request

Clock = Callable[[], datetime]
WORKSTATION_ALPHABET = "BCDFGHJKLMNPRSTVWXZ23456789"


def utc_now() -> datetime:
    return datetime.now(UTC)


def _lock(path: Path) -> IO[bytes] | None:
    """An exclusive lock beside the queue file, held while this process uses it (POSIX; elsewhere SQLite's
    own locking is all there is)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        return None
    handle = open(path.with_name(path.name + ".lock"), "a+b")  # noqa: SIM115 - held until close()
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        raise
    return handle


class QueueStore(OfficerBook):
    """The outbox, the carnet cache, the officers who signed in here (:class:`OfficerBook`) and the journal of one
    workstation. Use :meth:`open`."""

    def __init__(self, db: sqlite3.Connection, path: Path, lock: IO[bytes] | None, clock: Clock) -> None:
        self._db = db
        self.path = path
        self._lock = lock
        self.clock = clock
        self.workstation = self._meta("workstation")

    # --- opening, safely ---------------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path, *, clock: Clock = utc_now) -> QueueStore:
        """Open (or create) the queue at ``path``; :class:`QueueUnavailable` says why it cannot be used."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            lock = _lock(path)
        except BlockingIOError:
            raise QueueUnavailable(
                f"Another ecarnet is already using the offline queue {path}.",
                "Close the other workstation window (or wait for it to finish), then start again.",
            ) from None
        except OSError as exc:
            raise QueueUnavailable(
                f"The offline queue cannot be written at {path}: {exc.strerror or exc}.",
                "Check that the disk is not full and that this account may write there, then start again.",
            ) from None
        try:
            if not path.exists():
                cls._create(path)
            elif path.is_file() and path.stat().st_size == 0:
                cls._release(lock)
                raise QueueUnavailable(
                    f"The offline queue {path} is empty (0 bytes): it was cut short, and whatever it held is lost "
                    "from it.",
                    "Nothing was changed. Keep the file and tell a supervisor: commits made offline at this desk may "
                    "not have reached the central. The workstation will not start with an empty queue in its place; "
                    "once the supervisor has checked, they may move the file aside.",
                )
        except OSError as exc:
            cls._release(lock)
            raise QueueUnavailable(
                f"The offline queue cannot be written at {path}: {exc.strerror or exc}.",
                "Check that the disk is not full and that this account may write there, then start again.",
            ) from None
        try:
            db = sqlite3.connect(path, isolation_level=None, timeout=5.0, check_same_thread=False)
        except sqlite3.Error as exc:
            cls._release(lock)
            raise QueueUnavailable(f"The offline queue {path} cannot be opened: {exc}.",
                                   "Check the disk and the file's permissions, then start again.") from None
        try:
            cls._prepare(db, path)
        except QueueUnavailable:
            db.close()
            cls._release(lock)
            raise
        return cls(db, path, lock, clock)

    @staticmethod
    def _prepare(db: sqlite3.Connection, path: Path) -> None:
        db.row_factory = sqlite3.Row
        try:
            check = db.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                raise sqlite3.DatabaseError(check)
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version == 0:
                raise sqlite3.DatabaseError("not an ecarnet queue")
            if version > VERSION:
                raise QueueUnavailable(
                    f"The offline queue {path} was written by a newer ecarnet (format {version}).",
                    "Start that newer version to send what is waiting; do not delete the file.",
                )
            # Only now that the file is known to be ours does anything change in it.
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")
            db.execute("PRAGMA secure_delete=ON")  # what is deleted (a forgotten verifier, holder data) is zeroed
            for older in range(version, VERSION):  # a queue written by an earlier ecarnet, taken forward
                db.executescript(f"BEGIN IMMEDIATE; {MIGRATIONS[older]}; PRAGMA user_version = {older + 1}; COMMIT;")
            # Writable, and nobody else is writing: a real write, so that a read-only file is found out now and
            # not at the officer's first commit.
            db.execute("BEGIN IMMEDIATE")
            db.execute("INSERT OR REPLACE INTO meta VALUES ('opened', datetime('now'))")
            db.execute("COMMIT")
        except QueueUnavailable:
            raise
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise QueueUnavailable(
                    f"The offline queue {path} is locked by another program.",
                    "Close any other ecarnet or tool that has it open, then start again.",
                ) from None
            if "readonly" in str(exc) or "read-only" in str(exc) or "unable to open" in str(exc):
                raise QueueUnavailable(
                    f"The offline queue {path} cannot be written: {exc}.",
                    "Check that the disk is not full and that this account may write there, then start again.",
                ) from None
            raise QueueUnavailable(
                f"The offline queue {path} is damaged ({exc}).",
                "Nothing was changed. Keep the file for a supervisor to recover what it holds; the workstation "
                "will not start with an empty queue in its place.",
            ) from None
        except sqlite3.DatabaseError as exc:
            raise QueueUnavailable(
                f"The offline queue {path} is damaged ({exc}).",
                "Nothing was changed. Keep the file for a supervisor to recover what it holds; the workstation "
                "will not start with an empty queue in its place.",
            ) from None

    @staticmethod
    def _create(path: Path) -> None:
        """A new queue, built beside ``path`` and moved into place whole: a start cut short leaves no half-made
        (or empty) queue file behind, so an empty file at ``path`` always means a queue that was damaged."""
        building = path.with_name(path.name + ".new")
        building.unlink(missing_ok=True)
        os.close(os.open(building, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))  # readable by its owner only
        workstation = "".join(secrets.choice(WORKSTATION_ALPHABET) for _ in range(4))
        db = sqlite3.connect(building, isolation_level=None)
        try:
            script = f"BEGIN IMMEDIATE; {SCHEMA}; INSERT INTO meta VALUES ('workstation', '{workstation}'); "  # noqa: S608
            db.executescript(script + f"PRAGMA user_version = {VERSION}; COMMIT;")
        finally:
            db.close()
        os.replace(building, path)

    @staticmethod
    def _release(lock: IO[bytes] | None) -> None:
        if lock is not None:
            lock.close()

    def close(self) -> None:
        with suppress(sqlite3.Error):
            self._db.close()
        self._release(self._lock)
        self._lock = None

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def _meta(self, key: str) -> str:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return str(row["value"]) if row else ""

    def _now(self) -> str:
        return self.clock().astimezone(UTC).isoformat()

    def _journal(self, db: sqlite3.Connection, who: str, action: str, subject: str = "", detail: str = "") -> None:
        db.execute("INSERT INTO journal (at, who, action, subject, detail) VALUES (?, ?, ?, ?, ?)",
                   (self._now(), who, action, subject, detail))

    # --- the outbox --------------------------------------------------------------------------------------------

    def add_commit(
        self, request: CommitRequest, *, office_id: str, officer: str, without_carnet: bool = False,
        unchecked: Iterable[str] = (), idempotency_key: str | None = None, grant_id: str = "",
    ) -> QueuedCommit:
        """Keep a commit made at the desk; it is on disk when this returns. ``request.occurred_at`` is set to
        now if it is not set: the central judges the commit as of that time.

        ``idempotency_key``: the key an online attempt already went out with (its answer was lost), so that
        the queue's tries and that attempt count as one; a new key otherwise.
        ``grant_id``: the offline grant of ``officer`` the commit is made under (see :meth:`remember_officer`): it
        is sent under that grant whoever is signed in then; without one it waits until ``officer`` signs in.
        """
        made_at = self.clock().astimezone(UTC)
        if request.occurred_at is None:
            request = request.model_copy(update={"occurred_at": made_at})
        with self._write() as db:
            seq = self._insert(db, request, office_id, officer, without_carnet, tuple(unchecked), made_at,
                               idempotency_key, grant_id)
            self._journal(db, officer, "queued", self._ref(seq),
                          f"{request.type.value} {request.carnet_id} goods {request.goods.declared_goods or '-'}")
        return self.item(seq)

    def _insert(
        self, db: sqlite3.Connection, request: CommitRequest, office_id: str, officer: str, without_carnet: bool,
        unchecked: tuple[str, ...], made_at: datetime, idempotency_key: str | None = None, grant_id: str = "",
    ) -> int:
        cursor = db.execute(
            "INSERT INTO outbox (local_ref, idempotency_key, office_id, officer, made_at, request, "
            "recorded_without_carnet, unchecked, grant_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (f"new-{uuid.uuid4()}", idempotency_key or str(uuid.uuid4()), office_id, officer, made_at.isoformat(),
             request.model_dump_json(), int(without_carnet), json.dumps(list(unchecked)), grant_id),
        )
        seq = int(cursor.lastrowid or 0)
        db.execute("UPDATE outbox SET local_ref = ? WHERE seq = ?", (self._ref(seq), seq))
        return seq

    def _ref(self, seq: int) -> str:
        return f"{self.workstation}-{seq:06d}"

    def item(self, seq: int) -> QueuedCommit:
        row = self._db.execute("SELECT * FROM outbox WHERE seq = ?", (seq,)).fetchone()
        if row is None:
            raise KeyError(seq)
        return _item(row)

    def by_ref(self, local_ref: str) -> QueuedCommit | None:
        row = self._db.execute("SELECT * FROM outbox WHERE local_ref = ?", (local_ref.strip().upper(),)).fetchone()
        return _item(row) if row else None

    def next_pending(self) -> QueuedCommit | None:
        """The oldest commit still to send: the outbox goes out in the order the commits were made."""
        row = self._db.execute("SELECT * FROM outbox WHERE state = 'pending' ORDER BY seq LIMIT 1").fetchone()
        return _item(row) if row else None

    def items(self, *states: ItemState, limit: int = 200) -> list[QueuedCommit]:
        """Items in these states (all if none), newest first."""
        wanted = [s.value for s in states] or [s.value for s in ItemState]
        rows = self._db.execute(
            f"SELECT * FROM outbox WHERE state IN ({','.join('?' * len(wanted))}) ORDER BY seq DESC LIMIT ?",  # noqa: S608
            (*wanted, limit),
        ).fetchall()
        return [_item(r) for r in rows]

    def counts(self) -> QueueCounts:
        rows = dict(self._db.execute("SELECT state, count(*) FROM outbox GROUP BY state").fetchall())
        return QueueCounts(pending=rows.get("pending", 0), needs_review=rows.get("needs_review", 0),
                           sent=rows.get("sent", 0))

    def state_counts(self) -> dict[ItemState, int]:
        """How many items are in each state (every state named, zero included), counted by the database."""
        rows = dict(self._db.execute("SELECT state, count(*) FROM outbox GROUP BY state").fetchall())
        return {state: int(rows.get(state.value, 0)) for state in ItemState}

    def note_attempt(self, seq: int, problem: str) -> None:
        """A try that got no answer (or one worth trying again); the item stays pending."""
        with self._write() as db:
            db.execute("UPDATE outbox SET attempts = attempts + 1, last_attempt_at = ?, last_problem = ? "
                       "WHERE seq = ? AND state = 'pending'", (self._now(), problem[:500], seq))

    def resolve(self, seq: int, carnet_id: str) -> QueuedCommit:
        """An item recorded without the carnet (by the number the holder gave, say): the central's lookup named
        its carnet ID, which the commit now carries. Done once, before the first commit is sent, so that the
        item's idempotency key only ever goes with one body."""
        item = self.item(seq)
        request = item.request.model_copy(update={"carnet_id": carnet_id})
        with self._write() as db:
            db.execute("UPDATE outbox SET request = ?, resolved = 1 "
                       "WHERE seq = ? AND resolved = 0 AND state = 'pending'", (request.model_dump_json(), seq))
            self._journal(db, "sync", "carnet found", item.local_ref, f"{item.request.carnet_id} is carnet {carnet_id}")
        return self.item(seq)

    def mark_sent(self, seq: int, response: CommitResponse) -> None:
        with self._write() as db:
            db.execute("UPDATE outbox SET state = 'sent', attempts = attempts + 1, last_attempt_at = ?, "
                       "last_problem = '', response = ? WHERE seq = ? AND state = 'pending'",
                       (self._now(), response.model_dump_json(), seq))
            self._record_use(db, response, self._ref(seq))
            self._journal(db, "sync", "sent", self._ref(seq),
                          f"transaction {response.transaction.transaction_id} "
                          f"verification {response.transaction.verification_code}")

    def mark_refused(self, seq: int, code: str, message: str, detail: str = "",
                     extra: dict[str, object] | None = None) -> None:
        """The central refused it for good: it waits for a supervisor, with the central's reason."""
        with self._write() as db:
            db.execute("UPDATE outbox SET state = 'needs_review', attempts = attempts + 1, last_attempt_at = ?, "
                       "refusal_code = ?, refusal_message = ?, refusal_detail = ?, refusal_extra = ? "
                       "WHERE seq = ? AND state = 'pending'",
                       (self._now(), code[:100], message[:1000], detail[:1000], json.dumps(extra or {})[:100_000],
                        seq))
            shown = f"{code}: {message}" + (f" ({detail})" if detail else "")
            self._journal(db, "sync", "refused", self._ref(seq), shown[:1000])

    def mark_final_seen(self, seq: int) -> None:
        """The officer has been told that this provisional receipt became final (or was refused)."""
        with self._write() as db:
            db.execute("UPDATE outbox SET final_seen = 1 WHERE seq = ?", (seq,))

    def unseen_outcomes(self) -> list[QueuedCommit]:
        rows = self._db.execute("SELECT * FROM outbox WHERE final_seen = 0 AND state IN ('sent', 'needs_review') "
                                "ORDER BY seq").fetchall()
        return [_item(r) for r in rows]

    # --- transaction codes used at this desk ------------------------------------------------------------------

    def record_use(self, response: CommitResponse) -> None:
        """The central accepted a commit made online at this desk: its code is spent (see :meth:`earlier_use`)."""
        with self._write() as db:
            self._record_use(db, response, "")

    def _record_use(self, db: sqlite3.Connection, response: CommitResponse, local_ref: str) -> None:
        tx = response.transaction
        if tx.type is TransactionType.PRE_EXPORTATION:
            return  # an EU Export's code is used once more by its Exit
        db.execute("INSERT OR REPLACE INTO used_codes (carnet_id, number, transaction_code, transaction_id, "
                   "verification_code, local_ref, used_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                   (tx.carnet_id, tx.carnet_number, tx.transaction_code, tx.transaction_id, tx.verification_code,
                    local_ref, self._now()))

    def note_cancelled(self, transaction_id: str, *, who: str) -> None:
        """A transaction cancelled from this desk: its code may be used again."""
        with self._write() as db:
            count = db.execute("UPDATE used_codes SET cancelled_at = ? WHERE transaction_id = ? AND cancelled_at "
                               "IS NULL", (self._now(), transaction_id)).rowcount
            if count:
                self._journal(db, who, "code freed", transaction_id, "the transaction was cancelled")

    def code_free_at_central(self, carnet_id: str, transaction_code: str) -> None:
        """The central looked this code up as unused (its transaction was cancelled, here or elsewhere)."""
        with self._write() as db:
            db.execute("UPDATE used_codes SET cancelled_at = ? WHERE carnet_id = ? AND transaction_code = ? "
                       "AND cancelled_at IS NULL", (self._now(), carnet_id, transaction_code.strip().upper()))

    def earlier_use(self, carnet: str, transaction_code: str, *, with_central: bool = False) -> EarlierUse | None:
        """What this desk already did with ``carnet`` (ID or number) and ``transaction_code``, newest first: a commit
        waiting in the queue, refused and waiting for review, or held by a supervisor; and, unless the central can be
        asked (``with_central``), a commit the central accepted from this desk and that was not cancelled here.
        ``None`` when the desk knows of no such use."""
        key, code = carnet.strip().upper(), transaction_code.strip().upper()
        numbers = {key} | {str(r[0]).upper() for r in self._db.execute(
            "SELECT carnet_id FROM carnet_cache WHERE upper(number) = ? UNION "
            "SELECT carnet_id FROM used_codes WHERE upper(number) = ?", (key, key))}
        carnets = json.dumps(sorted(numbers))
        row = self._db.execute(
            "SELECT * FROM outbox WHERE state IN ('pending', 'needs_review', 'held') AND "
            "upper(json_extract(request, '$.transaction_code')) = ? AND "
            "upper(json_extract(request, '$.carnet_id')) IN (SELECT value FROM json_each(?)) ORDER BY seq DESC LIMIT 1",
            (code, carnets)).fetchone()
        if row is not None:
            item = _item(row)
            return EarlierUse(local_ref=item.local_ref, state=item.state, at=item.made_at)
        if with_central:
            return None
        used = self._db.execute(
            "SELECT * FROM used_codes WHERE transaction_code = ? AND cancelled_at IS NULL AND "
            "upper(carnet_id) IN (SELECT value FROM json_each(?)) ORDER BY used_at DESC LIMIT 1",
            (code, carnets)).fetchone()
        if used is None:
            return None
        return EarlierUse(local_ref=used["local_ref"], state=ItemState.SENT, at=datetime.fromisoformat(used["used_at"]),
                          transaction_id=used["transaction_id"], verification_code=used["verification_code"])

    # --- a supervisor's decisions on refused items ------------------------------------------------------------

    def _decide(self, db: sqlite3.Connection, item: QueuedCommit, state: ItemState, who: str, decision: str) -> None:
        if item.state is not ItemState.NEEDS_REVIEW:
            raise ValueError(f"{item.local_ref} is {item.state.value}, not waiting for review")
        db.execute("UPDATE outbox SET state = ?, decided_by = ?, decision = ?, decided_at = ? WHERE seq = ?",
                   (state.value, who, decision[:1000], self._now(), item.seq))

    def resubmit(self, seq: int, corrected: CommitRequest, *, who: str, reason: str) -> QueuedCommit:
        """Send a corrected commit in the refused one's place, under a new idempotency key (the old key stays
        bound to the refused body at the central), as made by the same officer at the same time, under the same
        grant: the supervisor corrects it, the central records it under the officer who made it."""
        item = self.item(seq)
        with self._write() as db:
            self._decide(db, item, ItemState.RESUBMITTED, who, reason)
            request = corrected.model_copy(update={"occurred_at": item.request.occurred_at})
            new = self._insert(db, request, item.office_id, item.officer, item.recorded_without_carnet,
                               item.unchecked, item.made_at, grant_id=item.grant_id)
            self._journal(db, who, "resubmitted", item.local_ref, f"as {self._ref(new)}: {reason}")
        return self.item(new)

    def mark_held(self, seq: int, *, who: str, reason: str) -> None:
        item = self.item(seq)
        with self._write() as db:
            self._decide(db, item, ItemState.HELD, who, reason)
            self._journal(db, who, "held", item.local_ref, reason)

    def void(self, seq: int, *, who: str, reason: str) -> None:
        if not reason.strip():
            raise ValueError("a reason is required to void a queued commit")
        item = self.item(seq)
        with self._write() as db:
            self._decide(db, item, ItemState.VOIDED, who, reason)
            self._journal(db, who, "voided", item.local_ref, reason)

    # --- the carnet cache ----------------------------------------------------------------------------------------

    def remember(self, lookup: LookupResponse, office_id: str) -> None:
        """Keep what the central answered to a lookup, to check the same carnet and code offline."""
        carnet = lookup.carnet
        with self._write() as db:
            db.execute("INSERT OR REPLACE INTO carnet_cache VALUES (?, ?, ?, ?, ?, ?)",
                       (carnet.carnet_id, carnet.number, lookup.declaration.transaction_code, office_id,
                        self._now(), lookup.model_dump_json()))

    def recall(self, carnet: str, transaction_code: str, office_id: str,
               max_age: timedelta) -> tuple[LookupResponse, datetime] | None:
        """The cached lookup of ``carnet`` (ID or number) and ``transaction_code`` at ``office_id``, and when it
        was fetched; ``None`` if there is none younger than ``max_age``."""
        oldest = (self.clock() - max_age).astimezone(UTC).isoformat()
        key = carnet.strip().upper()
        row = self._db.execute(
            "SELECT lookup, fetched_at FROM carnet_cache WHERE (upper(carnet_id) = ? OR upper(number) = ?) "
            "AND transaction_code = ? AND office_id = ? AND fetched_at >= ? ORDER BY fetched_at DESC LIMIT 1",
            (key, key, transaction_code.strip().upper(), office_id, oldest),
        ).fetchone()
        if row is None:
            return None
        return LookupResponse.model_validate_json(row["lookup"]), datetime.fromisoformat(row["fetched_at"])

    def cached_code(self, carnet: str, max_age: timedelta) -> str | None:
        """The transaction code of the last lookup of ``carnet`` (ID or number) at this desk younger than
        ``max_age``, any office: what lets an office read the vehicle file of a carnet the holder showed here."""
        oldest = (self.clock() - max_age).astimezone(UTC).isoformat()
        key = carnet.strip().upper()
        row = self._db.execute(
            "SELECT transaction_code FROM carnet_cache WHERE (upper(carnet_id) = ? OR upper(number) = ?) "
            "AND fetched_at >= ? ORDER BY fetched_at DESC LIMIT 1", (key, key, oldest)).fetchone()
        return None if row is None else str(row["transaction_code"])

    def cached_carnet(self, carnet_id: str) -> Carnet | None:
        """The carnet as last looked up at this desk (any office, any code), for a receipt printed later."""
        row = self._db.execute("SELECT lookup FROM carnet_cache WHERE upper(carnet_id) = ? ORDER BY fetched_at DESC "
                               "LIMIT 1", (carnet_id.strip().upper(),)).fetchone()
        return LookupResponse.model_validate_json(row["lookup"]).carnet if row is not None else None

    def purge_cache(self, *, who: str, older_than: timedelta | None = None) -> int:
        """Forget cached holder data (all of it, or what is older than ``older_than``); journaled."""
        cutoff = (self.clock() - older_than).astimezone(UTC).isoformat() if older_than is not None else None
        with self._write() as db:
            if cutoff is None:
                count = db.execute("DELETE FROM carnet_cache").rowcount
            else:
                count = db.execute("DELETE FROM carnet_cache WHERE fetched_at < ?", (cutoff,)).rowcount
            if count or older_than is None:  # a supervisor's purge is always journaled; an expiry when it removed some
                self._journal(db, who, "cache purged", "", f"{count} carnet(s)"
                              + (f" older than {older_than}" if older_than is not None else ""))
        return count

    def cached_count(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM carnet_cache").fetchone()[0])

    # --- the journal -------------------------------------------------------------------------------------------

    def note(self, who: str, action: str, subject: str = "", detail: str = "") -> None:
        with self._write() as db:
            self._journal(db, who, action, subject, detail)

    def noted(self, action: str, subject: str) -> bool:
        """Whether the journal holds ``action`` on ``subject`` (e.g. that a provisional receipt was printed)."""
        row = self._db.execute("SELECT 1 FROM journal WHERE action = ? AND subject = ? LIMIT 1",
                               (action, subject)).fetchone()
        return row is not None

    def journal(self, limit: int = 500) -> list[JournalEntry]:
        rows = self._db.execute("SELECT * FROM journal ORDER BY id DESC LIMIT ?", (limit,)).fetchall()
        return [JournalEntry(datetime.fromisoformat(r["at"]), r["who"], r["action"], r["subject"], r["detail"])
                for r in rows]


def _item(row: sqlite3.Row) -> QueuedCommit:
    return QueuedCommit(
        seq=int(row["seq"]), local_ref=row["local_ref"], idempotency_key=row["idempotency_key"],
        office_id=row["office_id"], officer=row["officer"], made_at=datetime.fromisoformat(row["made_at"]),
        request=stored_request(row["request"]),
        recorded_without_carnet=bool(row["recorded_without_carnet"]), resolved=bool(row["resolved"]),
        unchecked=tuple(json.loads(row["unchecked"])), state=ItemState(row["state"]), attempts=int(row["attempts"]),
        last_problem=row["last_problem"],
        response=CommitResponse.model_validate_json(row["response"]) if row["response"] else None,
        refusal_code=row["refusal_code"], refusal_message=row["refusal_message"], refusal_detail=row["refusal_detail"],
        refusal_extra=_extra(row["refusal_extra"]), decided_by=row["decided_by"],
        decision=row["decision"], final_seen=bool(row["final_seen"]), grant_id=row["grant_id"],
    )


def _extra(text: str) -> dict[str, object]:
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}

