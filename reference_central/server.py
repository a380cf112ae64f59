"""Running the central: in the foreground (``ecarnet-central serve``) or in a background thread, as the
workstation's embedded demo central and the tests' real server on an ephemeral loopback port."""

from __future__ import annotations

import threading
import time
from datetime import date
from pathlib import Path

import uvicorn

from reference_central.api import create_app
from reference_central.clock import Clock, system_clock
from reference_central.demo.seed import TOKENS_META, seed_demo
from reference_central.locations import demo_db_path
from reference_central.service import Central
from reference_central.store import Store

SEEDED_ON_META = "demo_seeded_on"


def ensure_demo(store: Store, today: date, trainees: int | None = None) -> dict[str, str]:
    """Seed the demo unless it was seeded today with the same trainees; return the demo tokens.

    The demo's dates are relative to the day it was seeded, so a demo from an earlier day is re-seeded.
    """
    import json

    seeded_on = store.get_meta(SEEDED_ON_META)
    current_trainees = int(store.get_meta("demo_trainees") or 0)
    wanted = current_trainees if trainees is None else trainees
    if seeded_on != today.isoformat() or wanted != current_trainees:
        tokens = seed_demo(store, today, wanted)
        store.set_meta(SEEDED_ON_META, today.isoformat())
        return tokens
    return dict(json.loads(store.get_meta(TOKENS_META) or "{}"))


class BackgroundCentral:
    """A real HTTP central on a thread of this process; ``url`` is known once :meth:`start` returns."""

    def __init__(self, central: Central, host: str = "127.0.0.1", port: int = 0) -> None:
        self.central = central
        config = uvicorn.Config(
            create_app(central), host=host, port=port, log_level="warning", lifespan="off",
            access_log=False, timeout_graceful_shutdown=2, server_header=False, date_header=False,
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
        self.url = f"http://{host}:{port}"
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
    db_path: Path | None = None, clock: Clock = system_clock
) -> tuple[BackgroundCentral, dict[str, str]]:
    """The workstation's embedded default: the demo central on loopback, with its training tokens."""
    store = Store(db_path or demo_db_path())
    tokens = ensure_demo(store, clock().date())
    server = BackgroundCentral(Central(store, clock, training=True))
    server.start()
    return server, tokens
