"""``ecarnet-central classroom --trainees N``: the trainer's laptop serves a class on its local network, without
the Internet.

Two steps. :func:`prepare` seeds the classroom's own training database (never a live one, never the trainer's
demo) with a code set per trainee, and writes into the sheets folder each trainee's QR codes and sheet and one
sign-in sheet; :func:`summary` says where workstations join and what was written. Then :func:`serve` serves the
demo central, as a training central, on the socket :func:`listen` opened before anything was written (so that a
port in use is said before a sheet is printed, and ``--port 0`` gives a port the summary can name).
"""

from __future__ import annotations

import ipaddress
import socket
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import uvicorn

from reference_central import records
from reference_central.api import create_app
from reference_central.demo.identity import DEMO_PASSWORD, DEMO_WORKSTATION_KEY
from reference_central.demo.organisation import DEFAULT_ACCOUNT
from reference_central.demo.qr_sheet import write_qr_pngs, write_sheet
from reference_central.demo.seed import DemoCode, demo_codes
from reference_central.demo.sign_in_sheet import Seat, write_sign_in_sheet
from reference_central.identity.passwords import DEFAULT_PROFILE, Argon2Profile
from reference_central.identity.secret_box import box_of
from reference_central.request_log import log_to_stderr
from reference_central.server import HTTP_OPTIONS, ensure_demo
from reference_central.service import Central
from reference_central.store import Store

DEFAULT_HOST = "0.0.0.0"  # noqa: S104 - the classroom is served to the room's workstations
DEFAULT_SHEETS = Path("classroom-sheets")
SIGN_IN_SHEET = "sign-in-sheet.pdf"
TRAINEE_ACCOUNT = "trainee{:02d}"
"""Trainee N's account on a classroom central (code set N)."""
TRAINER_ACCOUNT = "trainer"
PROBE = ("10.255.255.255", 9)
"""A private address a UDP socket is "connected" to, only to learn which local address would reach the network:
nothing is sent."""


@dataclass(frozen=True, slots=True)
class Classroom:
    trainees: int
    database: str
    urls: tuple[str, ...]
    sheets: Path
    seats: tuple[Seat, ...]
    trainer: str | None
    """The trainer's account, when the central has one."""
    written: tuple[Path, ...]


def local_addresses() -> list[str]:
    """The laptop's IPv4 addresses other than loopback, found without sending anything; loopback when there is
    none (a laptop on no network: the class then runs on this machine alone)."""
    found: list[str] = []
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(PROBE)
            found.append(str(probe.getsockname()[0]))
    except OSError:
        pass  # no route to a private network
    try:
        for *_rest, address in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            found.append(str(address[0]))
    except OSError:
        pass  # the host name does not resolve
    usable = [a for a in dict.fromkeys(found) if _usable(a)]
    return usable or ["127.0.0.1"]


def _usable(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    return not (ip.is_loopback or ip.is_link_local or ip.is_unspecified)


def join_urls(host: str, port: int) -> tuple[str, ...]:
    """The addresses the trainees' workstations join: each local address when serving on every interface."""
    addresses = local_addresses() if host in ("0.0.0.0", "") else [host]  # noqa: S104
    return tuple(f"http://{address}:{port}" for address in addresses)


def listen(host: str, port: int) -> socket.socket:
    """The server's socket, bound and listening (``port`` 0: a free one). Raises :class:`OSError` (in use...)."""
    return socket.create_server((host, port), backlog=128)


def _sheet_name(trainee: int) -> str:
    return f"{TRAINEE_ACCOUNT.format(trainee)}-codes.pdf"


def prepare(store: Store, now: datetime, trainees: int, sheets: Path, urls: tuple[str, ...], *,
            profile: Argon2Profile = DEFAULT_PROFILE) -> Classroom:
    """Seed ``store`` for ``trainees`` (kept as it is when seeded today for as many: a restart keeps the class's
    work) and write the sheets into ``sheets`` (created). Raises :class:`OSError` when ``sheets`` cannot be
    written; a live database is refused (:class:`~reference_central.database_kind.LiveDatabase`) before anything."""
    sheets.mkdir(parents=True, exist_ok=True)  # a folder that cannot be made is said before anything is seeded
    ensure_demo(store, now, trainees, profile=profile)
    with store.transaction() as db:
        accounts = {a.account_id for a in records.accounts(db)}
    codes = demo_codes(store)
    seats: list[Seat] = []
    written: list[Path] = []
    for trainee in range(1, trainees + 1):
        own = [c for c in codes if c.trainee == trainee]
        account = TRAINEE_ACCOUNT.format(trainee)
        shared = account not in accounts
        seats.append(Seat(trainee, DEFAULT_ACCOUNT if shared else account, shared, _sheet_name(trainee)))
        written.extend(_trainee_sheets(own, sheets, trainee))
    written.append(write_sign_in_sheet(sheets / SIGN_IN_SHEET, seats, urls, DEMO_PASSWORD, DEMO_WORKSTATION_KEY))
    return Classroom(trainees=trainees, database=store.name, urls=urls, sheets=sheets, seats=tuple(seats),
                     trainer=TRAINER_ACCOUNT if TRAINER_ACCOUNT in accounts else None, written=tuple(written))


def _trainee_sheets(codes: list[DemoCode], sheets: Path, trainee: int) -> list[Path]:
    """Trainee ``trainee``'s QR sheet, and its codes as PNGs in a folder of their own."""
    pngs = write_qr_pngs(codes, sheets / TRAINEE_ACCOUNT.format(trainee))
    return [write_sheet(codes, sheets / _sheet_name(trainee)), *pngs]


def summary(room: Classroom) -> str:
    """What the trainer reads before the class: where workstations join, who signs in how, where the sheets are."""
    first, last = room.seats[0], room.seats[-1]
    accounts = (f"{DEFAULT_ACCOUNT} for everyone (this central has no trainee accounts), each on the codes of "
                "their own QR sheet" if first.shared else f"{first.account_id} to {last.account_id}")
    lines = [
        f"Classroom central (TRAINING) for {room.trainees} trainee(s), database {room.database}",
        "  workstations join at " + " or ".join(room.urls)
        + (" (the one of the room's network)" if len(room.urls) > 1 else ""),
        "  on each workstation, in ecarnet.toml:",
        f'    central_url = "{room.urls[0]}"',
        '    central_kind = "training"',
        f"  trainees sign in as {accounts}",
        f"  password {DEMO_PASSWORD!r}; the authenticator code is shown on the training sign-in screen",
    ]
    if room.trainer is not None:
        lines.append(f"  the trainer signs in as {room.trainer}, with the same password")
    lines += [
        f"  training desk key (ecarnet --register-workstation, for offline exercises): {DEMO_WORKSTATION_KEY}",
        f"  sheets in {room.sheets}: {SIGN_IN_SHEET} (print one) and {_sheet_name(1)} to "
        f"{_sheet_name(room.trainees)} (one per trainee, QR codes as PNGs beside them), "
        f"{len(room.written)} files",
        "  everything here is TRAINING: no real carnet, no real border. Stop the class with Ctrl+C.",
    ]
    return "\n".join(lines)


def command(store: Store, now: datetime, *, trainees: int, host: str, port: int, sheets: Path) -> int:
    """The whole command: listen, prepare, print the summary, serve until stopped; 2 when the port cannot be
    listened on or the sheets cannot be written."""
    try:
        listening = listen(host, port)
    except OSError as exc:
        print(f"Cannot serve the classroom on {host}:{port}: {exc.strerror or exc}. Choose another port with --port "
              "(or stop what uses it).", file=sys.stderr)
        return 2
    with listening:
        try:
            room = prepare(store, now, trainees, sheets, join_urls(host, listening.getsockname()[1]))
        except OSError as exc:
            print(f"Cannot write the sheets to {sheets}: {exc.strerror or exc}. Choose a folder you can write to "
                  "with --sheets DIR.", file=sys.stderr)
            return 2
        print(summary(room))
        serve(store, host, listening)
    return 0


def serve(store: Store, host: str, listening: socket.socket) -> None:
    """Serve the demo central, as a training central, on ``listening`` until stopped."""
    sys.stdout.flush()
    log_to_stderr()
    box_of(store)
    options: dict[str, Any] = {"host": host, "port": listening.getsockname()[1], "log_level": "info",
                               **HTTP_OPTIONS}
    server = uvicorn.Server(uvicorn.Config(create_app(Central(store, training=True)), **options))
    server.run(sockets=[listening])
