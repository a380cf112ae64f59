"""The services a desk has, owned by the app and handed to every screen in its constructor: the central it asks,
its offline queue and the syncer that sends it, the account signed in and the office it works at, the desk's
clock, the settings, and whether everything produced is training.

Screens use these in their workers; widgets are given data. Nothing here knows Textual.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ecarnet_tui.formats import country_name
from ecarnet_tui.services.draft import Draft
from ecarnet_tui.services.identity import DeskSession, ParkedDraft
from ecarnet_tui.services.listeners import Listeners
from ecarnet_tui.services.verifiers import Verifiers
from ecarnet_tui.settings import Settings
from offline_queue.status import SyncStatus

if TYPE_CHECKING:
    from carnet_domain.organisation import Office, Territory
    from central_client.port import CentralPort
    from central_contract.models import CommitRequest, LookupResponse, Me
    from ecarnet_tui.scanner.cascade import Cascade
    from ecarnet_tui.services.connection import Connection
    from ecarnet_tui.services.decision_reports import DecisionReports
    from ecarnet_tui.services.drill import Drill
    from offline_queue.items import QueuedCommit
    from offline_queue.store import QueueStore
    from offline_queue.sync import Syncer

Clock = Callable[[], datetime]


@dataclass(eq=False)
class DeskServices:
    """One workstation's services; the app fills in the connection and the account as it connects and signs in."""

    settings: Settings
    clock: Clock
    """The desk's clock (UTC): commits carry its time, so that one made offline is judged as of then."""
    queue: QueueStore | None = None
    """The offline queue; without one, nothing can be committed while the central is unreachable."""
    ascii_only: bool = False
    """Draw without Unicode blocks, for terminals without UTF-8."""
    connection: Connection | None = None
    office_id: str = ""
    """The office the officer works at now (chosen at step 1 among the account's)."""
    territories: dict[str, Territory] = field(default_factory=dict)
    sync: SyncStatus = field(default_factory=SyncStatus)
    """The link and the queue as the syncer last saw them."""
    syncer: Syncer | None = None
    session: DeskSession | None = None
    """Who is signed in at this desk now (``None``: nobody; the sign-in screen is up)."""
    parked: dict[str, ParkedDraft] = field(default_factory=dict)
    """Drafts left by officers who signed out in the middle of a transaction, by account: offered back to their
    owner only."""
    verifiers: Verifiers = field(default_factory=Verifiers)
    """Makes and checks this desk's password verifiers (Argon2id)."""
    link: Listeners[SyncStatus] = field(default_factory=Listeners)
    """Hears every new :attr:`sync` (the title bar shows it on every screen)."""
    settled: Listeners[QueuedCommit] = field(default_factory=Listeners)
    """Hears a queued commit that the central accepted or refused (a provisional receipt on screen follows)."""
    connected: asyncio.Event = field(default_factory=asyncio.Event)
    """Set once signed in: what step 1 waits for before a lookup."""
    reports: DecisionReports | None = None
    """Supervisors' decisions on queued commits, on their way to the central's audit trail."""
    drill: Drill | None = None
    """The refresher drill this desk runs (``ecarnet --drill``), if any."""
    _cascade: Cascade | None = None
    _cascade_lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def central(self) -> CentralPort:
        assert self.connection is not None, "not connected"
        return self.connection.central

    @property
    def training(self) -> bool:
        """On the embedded demo central or a training central: everything produced says so."""
        connection = self.connection
        embedded = connection is not None and connection.embedded
        said = connection is not None and connection.kind_checked and self.settings.central_kind == "training"
        return embedded or said or (self.me is not None and self.me.training)

    @property
    def me(self) -> Me | None:
        """The account signed in, as the central gave it (``None``: nobody)."""
        return self.session.me if self.session is not None else None

    @property
    def signed_in_offline(self) -> bool:
        """Signed in against this workstation's verifier: the central did not answer."""
        return self.session is not None and self.session.offline

    @property
    def officer_id(self) -> str:
        return self.me.account.account_id if self.me is not None else ""

    @property
    def office(self) -> Office | None:
        """The office the officer works at now, once signed in."""
        return next((o for o in (self.me.offices if self.me else []) if o.office_id == self.office_id), None)

    @property
    def territory(self) -> Territory | None:
        """The customs territory of the office the officer works at now."""
        office = self.office
        return self.territories.get(office.territory) if office else (self.me.territory if self.me else None)

    @property
    def territory_names(self) -> dict[str, str]:
        """The customs territories' names in the officer's language (Babel's), the central's for a code Babel
        does not know."""
        return {code: country_name(code, t.name) for code, t in self.territories.items()}

    def cascade(self) -> Cascade:
        """The QR decoders for image files, loaded on first use (call it from a worker thread: it imports the
        decoding libraries)."""
        with self._cascade_lock:
            if self._cascade is None:
                from ecarnet_tui.scanner.cascade import Cascade

                self._cascade = Cascade()
            return self._cascade

    def queue_commit(
        self, request: CommitRequest, *, office_id: str, without_carnet: bool = False, unchecked: tuple[str, ...] = (),
        idempotency_key: str | None = None,
    ) -> QueuedCommit:
        """Keep a commit made here for the central, under the officer signed in and the offline grant of their
        sign-in: it is recorded under that officer whoever is signed in when it is sent."""
        assert self.queue is not None, "no offline queue"
        session = self.session
        return self.queue.add_commit(request, office_id=office_id, officer=self.officer_id,
                                     without_carnet=without_carnet, unchecked=unchecked,
                                     idempotency_key=idempotency_key, grant_id=session.grant_id if session else "")

    def wake_syncer(self) -> None:
        """Something was queued, or the link may be back: the syncer tries now."""
        if self.syncer is not None:
            self.syncer.wake()

    def office_today(self) -> date | None:
        """Today at the office the officer works at, by the desk's clock; ``None`` before signing in."""
        office = self.office
        if office is None:
            return None
        try:
            zone = ZoneInfo(office.timezone)
        except (ValueError, ZoneInfoNotFoundError):
            zone = ZoneInfo("UTC")
        return self.clock().astimezone(zone).date()

    def looked_up_code(self, carnet: str) -> str | None:
        """The transaction code this desk last looked ``carnet`` up with (within the days lookups are kept), which
        lets the central answer its vehicle file at an office the vehicle has not passed yet."""
        return self.queue.cached_code(carnet, self.settings.cache_max_age) if self.queue is not None else None

    def as_of_today(self, lookup: LookupResponse) -> LookupResponse:
        """A lookup kept from an earlier day, checked as of today: validity, an exit's delay and the final dates are
        judged on the day the transaction is made, as the central will when the queue reaches it."""
        today = self.office_today()
        if today is None or today <= lookup.office_date:
            return lookup
        file = lookup.vehicle_file
        valid_until = file.valid_until if file is not None else lookup.carnet.valid_until
        return lookup.model_copy(update={"office_date": today, "expired": today > valid_until})

    def start_draft(self, lookup: LookupResponse, offline_since: datetime | None = None) -> Draft:
        """The one way a transaction starts: a draft of ``lookup`` at the office worked at, stamped with the desk's
        clock; a lookup kept from earlier (``offline_since``) is checked as of today."""
        if offline_since is not None:
            lookup = self.as_of_today(lookup)
        return Draft.start(lookup, self.office_id, self.clock(), offline_since=offline_since)
