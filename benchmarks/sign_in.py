"""Signing in: what one password verification costs the central, and what an online sign-in costs the link.

Reports:

- the time of one Argon2id verification with the central's default profile (:data:`PROFILE`): the median of
  ``--runs`` verifications with its spread, and whether it lies in the 50-250 ms the profile is chosen for (slow for
  a guesser, unnoticed by an officer);
- an online sign-in against a real central on loopback using that profile, through a proxy that counts what crosses
  the socket (headers and gzip included): the HTTP round trips and the bytes each way, for the password and TOTP
  sign-in at a registered workstation (its offline grant included), and for a first sign-in that enrols the
  authenticator. Medians of ``--rounds`` sign-ins, each a new connection, as a workstation signing in after a start.

    .venv/bin/python -m benchmarks.sign_in [--runs 15] [--rounds 7]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pyotp

from benchmarks.loopback_proxy import LatencyProxy, Traffic
from benchmarks.loopback_server import OnItsOwnLoop
from central_client.http import USER_AGENT
from central_contract.identity import (
    CompleteSignIn,
    NewWorkstation,
    SessionIssued,
    SignInNeed,
    SignInRequest,
    SignInStep,
)
from reference_central.clock import SettableClock
from reference_central.identity.console import NewAdmin, create_admin
from reference_central.identity.passwords import DEFAULT_PROFILE, hash_password, verify_password
from reference_central.server import BackgroundCentral
from reference_central.service import Central
from reference_central.store import Store

PROFILE = DEFAULT_PROFILE
"""The profile measured: the central's default (tests use a cheap one)."""
TARGET_MS = (50.0, 250.0)
ACCOUNT = "bench.admin"
PASSWORD = "granite lantern orbit 47"  # noqa: S105 - the benchmark's own account
STEP = timedelta(seconds=30)


def verification_ms(runs: int) -> list[float]:
    """Milliseconds of ``runs`` verifications of a right password against a hash made with :data:`PROFILE`."""
    stored = hash_password(PASSWORD, PROFILE)
    verify_password(stored, PASSWORD, PROFILE)  # the first one pays for loading the library
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        assert verify_password(stored, PASSWORD, PROFILE)
        times.append((time.perf_counter() - started) * 1000)
    return times


@dataclass(frozen=True)
class Exchange:
    round_trips: int
    sent: int
    received: int
    ms: float


def _post(http: httpx.Client, path: str, body: SignInRequest | CompleteSignIn, key: str) -> httpx.Response:
    """What the workstation sends: the body without its defaults, the workstation's key, its user agent."""
    response = http.post(path, content=body.model_dump_json(exclude_defaults=True),
                         headers={"Content-Type": "application/json", "X-Ecarnet-Workstation": key})
    response.raise_for_status()
    return response


def one_sign_in(url: str, key: str, secret: str, clock: SettableClock, traffic: Traffic) -> tuple[Exchange, str]:
    """Password, then the authenticator's code (enrolling it when the central asks): what crossed the socket, and
    the secret the authenticator holds afterwards."""
    clock.advance(STEP)  # each code is good once: every sign-in gets the next one
    sent, received, requests = traffic.snapshot()
    started = time.perf_counter()
    with httpx.Client(base_url=url, headers={"User-Agent": USER_AGENT}) as http:
        step = SignInStep.model_validate_json(
            _post(http, "/v1/sign-in", SignInRequest(account=ACCOUNT, password=PASSWORD), key).content)
        if SignInNeed.TOTP_ENROLMENT in step.needs:
            assert step.enrolment is not None
            secret = step.enrolment.secret
        done = CompleteSignIn(challenge=step.challenge, code=pyotp.TOTP(secret).at(clock()))
        issued = SessionIssued.model_validate_json(_post(http, "/v1/sign-in/complete", done, key).content)
    elapsed = (time.perf_counter() - started) * 1000
    assert issued.offline is not None, "a registered workstation's sign-in brings an offline grant"
    sent1, received1, requests1 = traffic.snapshot()
    return Exchange(requests1 - requests, sent1 - sent, received1 - received, elapsed), secret


def online(rounds: int) -> tuple[list[Exchange], list[Exchange]]:
    """(password and TOTP at a registered workstation, first sign-in enrolling the authenticator)."""
    folder = Path(tempfile.mkdtemp())
    now = datetime.now(UTC)
    store = Store(folder / "central.sqlite3")
    create_admin(store, now, PROFILE, NewAdmin(
        account_id=ACCOUNT, display_name="Benchmark Admin", office_id="gva", timezone="Europe/Zurich",
        region_id="ch-ge", country="CH", territory="CH"), PASSWORD)
    clock = SettableClock(now)
    central = Central(store, clock, profile=PROFILE)
    key = central.register_workstation(None, NewWorkstation(name="Bench desk", office_id="gva")).key
    server = BackgroundCentral(central)
    server.start()
    proxy = OnItsOwnLoop(LatencyProxy("127.0.0.1", int(server.url.rsplit(":", 1)[1])), "counting-proxy")
    url = proxy.start()
    traffic = proxy.server.traffic
    enrolling: list[Exchange] = []
    signing: list[Exchange] = []
    secret = ""
    try:
        for _ in range(rounds):
            central.reset_mfa(None, ACCOUNT)  # the next sign-in enrols again
            exchange, secret = one_sign_in(url, key, "", clock, traffic)
            enrolling.append(exchange)
        for _ in range(rounds):
            exchange, secret = one_sign_in(url, key, secret, clock, traffic)
            signing.append(exchange)
    finally:
        proxy.stop()
        server.stop()
        store.close()
    return signing, enrolling


def _report(label: str, rows: list[Exchange]) -> None:
    med = statistics.median
    print(f"  {label}")
    print(f"    round trips {med(r.round_trips for r in rows):.0f} (target 2: sign-in and complete); bytes sent "
          f"{med(r.sent for r in rows):.0f} B, received {med(r.received for r in rows):.0f} B, total "
          f"{med(r.sent + r.received for r in rows):.0f} B; {med(r.ms for r in rows):.0f} ms on loopback")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15, help="verifications timed (at least 9)")
    parser.add_argument("--rounds", type=int, default=7, help="sign-ins of each kind")
    args = parser.parse_args()
    runs = max(9, args.runs)
    times = sorted(verification_ms(runs))
    median = statistics.median(times)
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    low, high = TARGET_MS
    print(f"Argon2id verification, default profile (t={PROFILE.time_cost}, {PROFILE.memory_kib // 1024} MiB, "
          f"p={PROFILE.parallelism}), {runs} runs")
    print(f"  median {median:.1f} ms; min {times[0]:.1f}, p95 {p95:.1f}, max {times[-1]:.1f} ms; "
          f"within {low:.0f}-{high:.0f} ms: {'yes' if low <= median <= high else 'NO'}")
    signing, enrolling = online(args.rounds)
    print(f"Online sign-in on loopback through a counting proxy, medians of {args.rounds} sign-ins:")
    _report("password and TOTP at a registered workstation (offline grant issued)", signing)
    _report("first sign-in, enrolling the authenticator", enrolling)


if __name__ == "__main__":
    main()
