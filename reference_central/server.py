"""Running the central: in the foreground (``ecarnet-central serve``) or in a background thread, as the
workstation's embedded demo central and the tests' real server on an ephemeral loopback port."""

from __future__ import annotations

import ssl
import threading
import time
from collections.abc import Callable, Sequence
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import uvicorn

from carnet_domain.training.exercise import Exercise
from reference_central.api import create_app
from reference_central.clock import Clock, system_clock
from reference_central.corked_http import CorkedH11Protocol
from reference_central.database_kind import KIND_META, TRAINING, refuse_live, refuse_live_at
from reference_central.demo.organisation import ACCOUNTS, DEFAULT_ACCOUNT, OFFICES
from reference_central.demo.seed import seed_demo
from reference_central.identity.passwords import DEFAULT_PROFILE, Argon2Profile
from reference_central.locations import demo_db_path
from reference_central.schema_version import upgrade
from reference_central.service import Central
from reference_central.store import Store
from reference_central.training import records as classroom

SEEDED_ON_META = "demo_seeded_on"
KEEP_ALIVE_SECONDS = 600
"""How long the central keeps an idle connection open: longer than the gap between two holders at a quiet desk, so a
workstation pays the TLS handshake once per session, not once per holder (the workstation lets its own end go a
minute earlier, :data:`central_client.http.KEEP_ALIVE_SECONDS`, so that it never sends on a connection the central
is closing)."""
HTTP_OPTIONS: dict[str, Any] = {
    "http": CorkedH11Protocol, "server_header": False, "date_header": False, "timeout_keep_alive": KEEP_ALIVE_SECONDS,
}
"""How every central speaks HTTP: an answer's head and body in one write, no headers a desk has no use for, and
idle connections kept for the next holder."""


def _no_session_tickets(_config: uvicorn.Config, default: Callable[[], ssl.SSLContext]) -> ssl.SSLContext:
    """The TLS context from the certificate and key, sending no TLS 1.3 session tickets: the workstation keeps one
    connection a session and never resumes another, and the two tickets would cost each desk session about 500
    bytes."""
    context = default()
    context.num_tickets = 0
    return context


def tls_options(certfile: Path | str | None, keyfile: Path | str | None) -> dict[str, Any]:
    """uvicorn's options for serving HTTPS with ``certfile`` and ``keyfile``; none for plain HTTP."""
    if certfile is None:
        return {}
    return {"ssl_certfile": certfile, "ssl_keyfile": keyfile, "ssl_context_factory": _no_session_tickets}


def training_day(now: datetime, zone: tzinfo | None = None) -> date:
    """The day of the training at the moment ``now``: the date in ``zone``, where the demo is used (by default
    the time zone of the machine that runs it)."""
    return now.astimezone(zone).date()


def reset_demo(
    store: Store, now: datetime, trainees: int = 0, zone: tzinfo | None = None, *,
    profile: Argon2Profile = DEFAULT_PROFILE, exercises: Sequence[Exercise] = (),
) -> None:
    """Seed the demo at the moment ``now`` (each office's scenarios on its own date), with the classroom's
    ``exercises``, and note the training day. A live database is refused
    (:class:`~reference_central.database_kind.LiveDatabase`) before anything is written. A demo database made by
    an earlier release is brought to this release's schema first."""
    refuse_live(store)
    upgrade(store)
    seed_demo(store, now, trainees, profile=profile, exercises=exercises)
    store.set_meta(SEEDED_ON_META, training_day(now, zone).isoformat())


def ensure_demo(
    store: Store, now: datetime, trainees: int | None = None, zone: tzinfo | None = None, *,
    profile: Argon2Profile = DEFAULT_PROFILE, exercises: Sequence[Exercise] = (),
) -> None:
    """Seed the demo unless it was seeded on this training day with the same trainees and the same exercises.

    The demo's dates are relative to the date at each office when it was seeded. "Seeded today" means on the
    same training day: the date in ``zone``, where the demo is used (the embedded demo passes its office's
    zone; the classroom central, by default, that of its machine). A demo from an earlier training day is
    re-seeded; one seeded earlier the same day is kept, even when another office's date has moved on since,
    so that a restart never wipes what the trainees did that day (``demo reset`` re-seeds at once). A demo seeded
    by a release before identity (no ``database_kind``, no credentials: its accounts could not sign in) is seeded
    again whatever its day.
    """
    refuse_live(store)
    upgrade(store)  # a training database follows this release by itself
    seeded_on = store.get_meta(SEEDED_ON_META)
    current_trainees = int(store.get_meta("demo_trainees") or 0)
    wanted = current_trainees if trainees is None else trainees
    earlier_release = store.get_meta(KIND_META) != TRAINING
    with store.transaction() as db:
        other_exercises = classroom.exercises(db) != list(exercises)
    if seeded_on != training_day(now, zone).isoformat() or wanted != current_trainees or earlier_release \
            or other_exercises:
        reset_demo(store, now, wanted, zone, profile=profile, exercises=exercises)


def demo_office_zone(account_id: str) -> tzinfo | None:
    """The time zone of the office a demo account works at; ``None`` (the machine's) for an unknown account."""
    office_id = next((a.office_id for a in ACCOUNTS if a.account_id == account_id), None)
    office = next((o for o in OFFICES if o.office_id == office_id), None)
    return ZoneInfo(office.timezone) if office is not None else None


class BackgroundCentral:
    """A real HTTP central on a thread of this process; ``url`` is known once :meth:`start` returns."""

    def __init__(
        self, central: Central, host: str = "127.0.0.1", port: int = 0, *, certfile: Path | None = None,
        keyfile: Path | None = None,
    ) -> None:
        self.central = central
        self.scheme = "https" if certfile is not None else "http"
        config = uvicorn.Config(
            create_app(central), host=host, port=port, log_level="warning", lifespan="off",
            access_log=False, timeout_graceful_shutdown=2, **tls_options(certfile, keyfile), **HTTP_OPTIONS,
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, name="reference-central", daemon=True)
        self.url = ""

    def start(self, timeout: float = 20.0) -> str:
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the reference central did not start")
            time.sleep(0.01)
        sockets = self._server.servers[0].sockets
        host, port = sockets[0].getsockname()[:2]
        self.url = f"{self.scheme}://{host}:{port}"
        return self.url

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)

    def __enter__(self) -> BackgroundCentral:
        self.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()


def start_demo_central(
    db_path: Path | None = None, clock: Clock = system_clock, account_id: str = DEFAULT_ACCOUNT, *,
    profile: Argon2Profile = DEFAULT_PROFILE,
) -> BackgroundCentral:
    """The workstation's embedded default: the demo central on loopback. Its training day is the date at the office
    of ``account_id``, the demo account the sign-in screen offers first. A live database is refused
    (:class:`~reference_central.database_kind.LiveDatabase`) before anything is written to it."""
    path = db_path or demo_db_path()
    refuse_live_at(path)
    store = Store(path)
    ensure_demo(store, clock(), zone=demo_office_zone(account_id), profile=profile)
    server = BackgroundCentral(Central(store, clock, training=True, profile=profile))
    server.start()
    return server
