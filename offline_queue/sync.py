"""Sending the outbox: in the order the commits were made, each under its own idempotency key on every try,
so that a commit reaches the central exactly once even when an answer is lost on the way back.

No answer, a 5xx or a refusal the central marks temporary: the item stays, and the syncer waits (exponential
backoff with jitter), asks the central's health endpoint — a few hundred bytes — and only then sends again.
A refusal the central marks permanent moves the item to needs review, with the central's reason. A refusal
of the account itself (bad token, session over, disabled) stops sending without touching any item. The central
failing on the same item (``500 internal_error``) :data:`FAILURES_BEFORE_REVIEW` times in a row, with no other
answer to it between, is a bug that this commit keeps meeting: the item moves to needs review, with the number of
failures and the central's incident IDs, instead of being tried forever ahead of every later commit.

Each commit is recorded at the central under the officer who made it (docs/api.md, "Offline grants"): one made
under an offline grant is sent under that grant, with this workstation's key, whoever is signed in now (or
nobody); one made without a grant only while its officer is signed in, with the session. Until then sending
waits (``SyncStatus.waiting_for``), and :meth:`Syncer.wake` tries again once someone signs in.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import timedelta

from central_client.errors import CentralError, CentralRefused, CentralUnreachable, OfflineCredential
from central_client.port import CentralPort
from offline_queue.items import QueuedCommit
from offline_queue.status import SyncStatus
from offline_queue.store import QueueStore

CLOCK_TOLERANCE = timedelta(minutes=3)
"""A desk clock further than this from the central's is reported: offline commits carry the desk's time."""
ACCOUNT_REFUSALS = frozenset({"unauthenticated", "session_expired", "account_disabled"})
"""Refusals of the account or its session, not of the commit: no item is to blame."""
INTERNAL_ERROR = "internal_error"
"""The central failed on the request (a bug on its side): retryable, but not forever."""
FAILURES_BEFORE_REVIEW = 5
"""How many ``internal_error`` answers in a row to the same item move it to review (about half a minute of tries
at the first backoff's delays): one or two may be a passing failure, five are the central failing on this commit."""
INCIDENT_LENGTH = 100
"""The most of an incident ID kept: the central's own reference, never a text to store whole."""
GRANT_REFUSED = "offline_grant_refused"
"""The central does not record a commit under the grant it was made under (made after the account was disabled, the
workstation or the grant revoked, outside the grant's time...): permanent, the item goes to a supervisor."""


class Backoff:
    """Exponential delays with jitter: ``base`` doubling up to ``cap``, each drawn between half and all of it,
    so that posts coming back after the same outage do not all knock at once."""

    def __init__(self, base: float = 1.0, cap: float = 300.0, rng: random.Random | None = None) -> None:
        self.base = base
        self.cap = cap
        self.failures = 0
        self._rng = rng or random.Random()  # noqa: S311 - jitter, not secrecy

    def next_delay(self) -> float:
        delay = min(self.cap, self.base * 2 ** self.failures)
        self.failures += 1
        return self._rng.uniform(delay / 2, delay)

    def reset(self) -> None:
        self.failures = 0


Sleeper = Callable[[float, asyncio.Event], Awaitable[None]]


async def wait_or_wake(seconds: float, wake: asyncio.Event) -> None:
    """Sleep ``seconds``, or less if ``wake`` is set meanwhile."""
    # asyncio.timeout rather than wait_for: on 3.11 wait_for can swallow a cancel when the event is already set,
    # and a syncer that ignores its cancel keeps the app from quitting.
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(seconds):
            await wake.wait()


class Syncer:
    """Drains a :class:`QueueStore` into a central.

    Args:
        store: the queue.
        central: the central, asking as whoever is signed in at the desk (or nobody).
        backoff: the delays between tries after a failure.
        on_change: hears every new :class:`SyncStatus`.
        sleep: how to wait (tests pass a faster one).
        workstation_key: this workstation's registration key: commits made under an offline grant are sent with it;
            ``None`` on a workstation that is not registered (every commit then waits for its officer's sign-in).
        signed_in: the account signed in at the desk now, ``""`` when nobody is.
        on_account_disabled: called with an officer's account ID when the central refused a commit of theirs
            because the account was disabled before it was made: the desk forgets what lets them sign in here.
    """

    def __init__(
        self, store: QueueStore, central: CentralPort, *, backoff: Backoff | None = None,
        on_change: Callable[[SyncStatus], None] | None = None, sleep: Sleeper = wait_or_wake,
        workstation_key: str | None = None, signed_in: Callable[[], str] = lambda: "",
        on_account_disabled: Callable[[str], None] | None = None,
    ) -> None:
        self.store = store
        self.central = central
        self.backoff = backoff or Backoff()
        self.workstation_key = workstation_key
        self._signed_in = signed_in
        self._on_account_disabled = on_account_disabled
        self._on_change = on_change
        self._sleep = sleep
        self._wake = asyncio.Event()
        self._failures: dict[int, list[str]] = {}
        """The incident IDs (``""``: none given) of the central's failures on each item since any other answer."""
        self.status = SyncStatus(counts=store.counts())

    def wake(self) -> None:
        """Something was queued, someone signed in, or the link may be back: try now rather than at the end of the
        wait."""
        self._wake.set()

    def recount(self) -> None:
        """The queue changed outside the syncer (a supervisor's decision): tell the new counts."""
        self._tell()

    def _tell(self, **changes: object) -> None:
        self.status = replace(self.status, counts=self.store.counts(), **changes)  # type: ignore[arg-type]
        if self._on_change is not None:
            self._on_change(self.status)

    async def probe(self) -> bool:
        """Ask the central's health endpoint; note the clock difference. True when it answered."""
        try:
            health = await self.central.health()
        except CentralError as exc:
            self._tell(reachable=False, problem=_problem(exc))
            return False
        skew = self.store.clock() - health.time
        self._tell(reachable=True, problem="", clock_skew=skew if abs(skew) > CLOCK_TOLERANCE else None)
        return True

    def credential(self, item: QueuedCommit) -> OfflineCredential | None:
        """What ``item`` is sent under: the grant it was made under with this workstation's key, if the queue still
        has that grant and the workstation is registered; ``None``: the session of whoever is signed in."""
        key = self.workstation_key
        grant = self.store.grant(item.grant_id) if key else None
        return OfflineCredential(grant.secret, key) if grant is not None and key else None

    async def drain(self) -> bool:
        """Send pending items in order until none is left (True) or one must wait (False): for a later try, for the
        account to sign in again, or for the officer who made it to sign in (``status.waiting_for``)."""
        while (item := self.store.next_pending()) is not None:
            offline = self.credential(item)
            if offline is None and item.officer != self._signed_in():
                # Never under someone else's name: the commit waits, untouched, for its officer's sign-in.
                self._tell(waiting_for=item.officer)
                return False
            if self.status.waiting_for:
                self._tell(waiting_for="")
            try:
                if item.recorded_without_carnet and not item.resolved:
                    found = await self.central.lookup(item.request.carnet_id, item.request.transaction_code,
                                                      item.office_id, offline=offline)
                    item = self.store.resolve(item.seq, found.carnet.carnet_id)
                response = await self.central.commit(item.request, item.idempotency_key, offline=offline)
            except CentralRefused as exc:
                if exc.code in ACCOUNT_REFUSALS:
                    self._tell(reachable=True, blocked=True, problem=_problem(exc))
                    return False
                if exc.code == INTERNAL_ERROR and self._failed(item, exc):
                    self._tell(reachable=True, blocked=False)
                    continue
                if exc.code != INTERNAL_ERROR:
                    self._failures.pop(item.seq, None)
                if exc.permanent:
                    self.store.mark_refused(item.seq, exc.code, exc.message, exc.detail, exc.extra)
                    self._tell(reachable=True, blocked=False)
                    if exc.code == GRANT_REFUSED and exc.extra.get("account_disabled") is True and \
                            self._on_account_disabled is not None:
                        self._on_account_disabled(item.officer)
                    continue
                self.store.note_attempt(item.seq, _problem(exc))
                self._tell(reachable=True, problem=_problem(exc))
                return False
            except CentralUnreachable as exc:
                self.store.note_attempt(item.seq, _problem(exc))
                self._tell(reachable=False, problem=_problem(exc))
                return False
            except Exception as exc:  # a surprise must not stop the queue: noted on the item, tried again later
                self.store.note_attempt(item.seq, f"unexpected {type(exc).__name__}: {exc}")
                self._tell(problem=f"unexpected {type(exc).__name__}")
                return False
            self._failures.pop(item.seq, None)
            self.store.mark_sent(item.seq, response)
            self._tell(reachable=True, blocked=False, problem="")
        if self.status.waiting_for:
            self._tell(waiting_for="")
        return True

    def _failed(self, item: QueuedCommit, exc: CentralRefused) -> bool:
        """The central failed on ``item`` once more; at the :data:`FAILURES_BEFORE_REVIEW`-th time in a row the item
        moves to review, with why (True)."""
        failures = self._failures.setdefault(item.seq, [])
        incident = exc.extra.get("incident")
        failures.append(str(incident)[:INCIDENT_LENGTH] if isinstance(incident, str | int) else "")
        if len(failures) < FAILURES_BEFORE_REVIEW:
            return False
        del self._failures[item.seq]
        incidents = [i for i in failures if i]
        why = f"the central failed on this item {len(failures)} times in a row: " + (
            f"incident {', '.join(incidents)}" if incidents else "no incident given")
        self.store.mark_refused(item.seq, exc.code, exc.message, why,
                                {**exc.extra, "failures": len(failures), "incidents": incidents})
        return True

    async def run(self) -> None:
        """Forever: send what is pending; after a failure wait (backoff), probe, and only then send again;
        with nothing pending, wait for :meth:`wake`. Never a busy loop."""
        await self.probe()
        while True:
            self._wake.clear()
            if self.status.reachable and not self.status.blocked and (await self.drain() or self.status.waiting_for):
                # Everything sent, or the next commit waits for its officer's sign-in (which wakes this): no failure.
                self.backoff.reset()
                self._tell(retry_in=0.0)
                await self._sleep(IDLE_CHECK, self._wake)
                # Now and then, and whenever woken (a lookup that got no answer, Ctrl+R, a commit queued, a sign-in):
                # is the link still there? The title bar says OFFLINE as soon as it is not.
                await self.probe()
                continue
            delay = self.backoff.next_delay()
            self._tell(retry_in=delay)
            await self._sleep(delay, self._wake)
            if await self.probe():
                self._tell(blocked=False)
            elif self._wake.is_set():
                self.backoff.reset()  # a fresh commit, or the officer asked: try again soon


IDLE_CHECK = 60.0
"""Seconds between health probes while nothing is pending."""


def _problem(exc: CentralError) -> str:
    if isinstance(exc, CentralUnreachable):
        return exc.reason
    if isinstance(exc, CentralRefused):
        return f"{exc.code}: {exc.message}"
    return str(exc)
