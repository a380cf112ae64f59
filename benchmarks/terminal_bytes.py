"""What the terminal receives: the real ``ecarnet`` in a pseudo-terminal, as an officer runs it over SSH.

Starts ``ecarnet`` on the embedded demo central in a pseudo-terminal of the given size with
``TERM=xterm-256color``, signs in as a demo officer, and counts the bytes it writes to the terminal:

- the first screen (from launch until the sign-in screen is drawn and the output is quiet);
- a keystroke's echo in a form field (ten keys typed into the scan field, one by one);
- each step of a clean ATA importation (the QR payload typed by a keyboard wedge, then Ctrl+N to the receipt)
  and of a CPD entry, and each whole transaction from the payload's first key to the receipt;
- an idle desk, in bytes per second, over ``--idle`` seconds.

Every count is of bytes the program wrote; a terminal emulator (pyte) reads the same bytes so that the benchmark
knows when a screen is drawn. With ``--link 32000`` each keystroke's echo time through a link shaped to that many
bit/s is computed from the bytes and the times the program wrote them (the link serialises them in order).

    .venv/bin/python -m benchmarks.terminal_bytes [--size 80x24] [--rounds 3] [--idle 60] [--link 32000]
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import pty
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyte

ACCOUNT = "officer.ch"
QUIET = 0.35
"""Seconds without output after which a screen counts as drawn: shorter than the full display's cursor blink
(every 0.5 s), so that a step's count holds at most one blink. Each step also waits for a text of its own."""
KEYS = {"tab": "\t", "enter": "\r", "ctrl+n": "\x0e", "ctrl+a": "\x01", "delete": "\x1b[3~", "shift+tab": "\x1b[Z"}


@dataclass
class Chunk:
    at: float
    data: bytes


@dataclass
class Terminal:
    """``ecarnet`` in a pseudo-terminal: everything it writes, when, and the screen a terminal would show."""

    columns: int
    lines: int
    env: dict[str, str]
    chunks: list[Chunk] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.screen = pyte.Screen(self.columns, self.lines)
        self.stream = pyte.ByteStream(self.screen)
        self._lock = threading.Lock()
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", self.lines, self.columns, 0, 0))
        self.master = master
        self.process = subprocess.Popen(
            [sys.executable, "-m", "ecarnet_tui.cli"], stdin=slave, stdout=slave, stderr=slave, env=self.env,
            start_new_session=True, close_fds=True,
        )
        os.close(slave)
        self.started = time.monotonic()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            ready, _, _ = select.select([self.master], [], [], 0.1)
            if not ready:
                if self.process.poll() is not None:
                    return
                continue
            try:
                data = os.read(self.master, 65536)
            except OSError:
                return
            if not data:
                return
            with self._lock:
                self.chunks.append(Chunk(time.monotonic(), data))
                self.stream.feed(data)

    @property
    def written(self) -> int:
        with self._lock:
            return sum(len(c.data) for c in self.chunks)

    def text(self) -> str:
        with self._lock:
            return "\n".join(self.screen.display)

    def send(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def wait_for(self, text: str, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.text():
            if time.monotonic() > deadline:
                raise TimeoutError(f"{text!r} never appeared; the screen:\n{self.text()}")
            time.sleep(0.02)

    def settle(self, quiet: float = QUIET, timeout: float = 30.0, after: float | None = None) -> None:
        """Wait until the program has written nothing for ``quiet`` seconds (and, with ``after``, has written
        something since that moment, if it does within 3 s)."""
        deadline = time.monotonic() + timeout
        if after is not None:
            while not self.since(after) and time.monotonic() < min(deadline, after + 3):
                time.sleep(0.005)
        while time.monotonic() < deadline:
            with self._lock:
                last = self.chunks[-1].at if self.chunks else self.started
            if time.monotonic() - last >= quiet:
                return
            time.sleep(0.02)
        raise TimeoutError(f"the output never paused for {quiet} s; the screen:\n{self.text()}")

    def since(self, moment: float) -> list[Chunk]:
        with self._lock:
            return [c for c in self.chunks if c.at >= moment]

    def close(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
        os.close(self.master)


def bytes_between(term: Terminal, start: float) -> int:
    return sum(len(c.data) for c in term.since(start))


def link_echo_seconds(chunks: list[Chunk], start: float, bandwidth: float) -> float:
    """When the last of ``chunks`` would have crossed a link of ``bandwidth`` bit/s, counted from ``start``: each
    chunk starts when it is written or when the link is free, whichever is later."""
    free = start
    for chunk in chunks:
        free = max(free, chunk.at) + len(chunk.data) * 8 / bandwidth
    return free - start


@contextlib.contextmanager
def workstation(columns: int, lines: int, color: str, display: str) -> Iterator[Terminal]:
    with tempfile.TemporaryDirectory(prefix="ecarnet-terminal-") as home:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("ECARNET_", "TEXTUAL_", "SSH_"))}
        env.update(TERM="xterm-256color", COLUMNS=str(columns), LINES=str(lines), HOME=home,
                   XDG_DATA_HOME=f"{home}/data", XDG_CONFIG_HOME=f"{home}/config", XDG_CACHE_HOME=f"{home}/cache",
                   PYTHONPATH=str(Path(__file__).resolve().parent.parent), LANG="C.UTF-8")
        if color:
            env["TEXTUAL_COLOR_SYSTEM"] = color
        env["ECARNET_DISPLAY"] = display
        term = Terminal(columns, lines, env)
        try:
            yield term
        finally:
            term.close()


def sign_in(term: Terminal) -> None:
    """The demo officer's sign-in at the training desk: account, password, the authenticator's code, the office."""
    import pyotp

    from reference_central.demo.identity import DEMO_PASSWORD, demo_totp_secret

    term.send(DEMO_PASSWORD + KEYS["enter"])  # the account is offered, the password field focused
    term.wait_for("Authenticator code")
    term.settle()
    term.send(pyotp.TOTP(demo_totp_secret(ACCOUNT)).now() + KEYS["enter"])
    term.wait_for("start work at this office")
    term.settle()
    term.send(KEYS["enter"])  # the office offered first
    term.wait_for("Last transactions at this office")
    term.settle()


def payloads(data_home: str) -> dict[str, str]:
    """The base code set's QR payload of each scenario's first declaration, from the embedded demo's database."""
    os.environ["XDG_DATA_HOME"] = data_home
    from reference_central.demo.seed import demo_codes
    from reference_central.locations import demo_db_path
    from reference_central.store import Store

    store = Store(demo_db_path())
    try:
        found: dict[str, str] = {}
        for code in demo_codes(store):
            if code.trainee == 0:
                found.setdefault(code.scenario, code.payload)
        return found
    finally:
        store.close()


@dataclass
class Round:
    first_screen: int
    keystrokes: list[int]
    echo_seconds: list[float]
    steps: dict[str, list[int]]
    transactions: dict[str, int]
    idle_per_second: float


def transaction(term: Terminal, payload: str, steps: dict[str, list[int]], label: str,
                walk: list[tuple[str, str]]) -> int:
    """One transaction from the payload's first key to its receipt; each step's bytes go to ``steps``. ``walk``
    holds, for each step from step 2 on, the keys that leave it and a text the next screen shows (a thin display
    stays quiet while the desk waits for the central, so quiet output alone does not say a step is drawn)."""
    start = time.monotonic()
    term.send(payload + KEYS["enter"])
    term.wait_for("Holder:")
    term.settle(after=start)
    steps.setdefault(f"{label}: scan to step 2", []).append(bytes_between(term, start))
    for n, (keys, shown) in enumerate(walk):
        moment = time.monotonic()
        term.send(keys)
        term.wait_for(shown)
        term.settle(after=moment)
        last = n == len(walk) - 1
        steps.setdefault(f"{label}: step {n + 2} to {'receipt' if last else f'step {n + 3}'}", []).append(
            bytes_between(term, moment))
    return bytes_between(term, start)


def one_round(columns: int, lines: int, color: str, display: str, idle: float, bandwidth: float) -> Round:
    with workstation(columns, lines, color, display) as term:
        term.wait_for("carnet training", timeout=60)
        term.settle()
        first = term.written
        sign_in(term)
        codes = payloads(term.env["XDG_DATA_HOME"])
        keystrokes: list[int] = []
        echoes: list[float] = []
        for key in "1200030000":
            moment = time.monotonic()
            term.send(key)
            term.settle(after=moment)
            chunks = term.since(moment)
            keystrokes.append(sum(len(c.data) for c in chunks))
            echoes.append(link_echo_seconds(chunks, moment, bandwidth))
        term.send("\x0c")  # Ctrl+L: an empty form again
        term.wait_for("scan the QR or type")
        term.settle()
        steps: dict[str, list[int]] = {}
        ctrl_n, receipt = KEYS["ctrl+n"], (KEYS["ctrl+n"], "Show the QR or read")
        ata = [(ctrl_n, "Declared: 5 items"), (ctrl_n, "Customs remarks"), receipt]
        totals = {"ATA importation": transaction(term, codes["importation"], steps, "ATA", ata)}
        term.send("\x1b")  # back to the scan
        term.wait_for("Last transactions at this office")
        term.settle()
        # step 3 of a CPD: Ctrl+Y, what the officer sees matches the carnet, then Ctrl+N
        cpd = [(ctrl_n, "Chassis / VIN"), ("\x19" + ctrl_n, "Customs remarks"), receipt]
        totals["CPD entry"] = transaction(term, codes["cpd-private"], steps, "CPD", cpd)
        term.send("\x1b")
        term.wait_for("Last transactions at this office")  # the scan is drawn again before the idle minute
        term.settle()
        moment = time.monotonic()
        time.sleep(idle)
        if os.environ.get("TERMINAL_BYTES_SHOW"):
            print(term.text(), file=sys.stderr)
        return Round(first, keystrokes, echoes, steps, totals, bytes_between(term, moment) / idle)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default="80x24", help="columns x lines (default 80x24)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--idle", type=float, default=60.0, help="seconds the desk stays idle (default 60)")
    parser.add_argument("--link", type=float, default=32000.0, help="bit/s of the link for echo times")
    parser.add_argument("--color", default="", help="TEXTUAL_COLOR_SYSTEM for the workstation (default: its own)")
    parser.add_argument("--display", default="thin", choices=("thin", "full"),
                        help="the workstation's display setting (default: thin, as over SSH)")
    args = parser.parse_args()
    columns, lines = (int(n) for n in args.size.lower().split("x"))
    rounds = [one_round(columns, lines, args.color, args.display, args.idle, args.link) for _ in range(args.rounds)]
    med = statistics.median
    print(f"terminal bytes at {columns}x{lines}, TERM=xterm-256color, {args.display} display, "
          f"medians of {args.rounds} rounds")
    print(f"  first screen                      {med(r.first_screen for r in rounds):>9,.0f} B")
    print(f"  keystroke in a field (echo)       {med(k for r in rounds for k in r.keystrokes):>9,.0f} B")
    print(f"  keystroke echo at {args.link / 1000:g} kbit/s        "
          f"{med(e for r in rounds for e in r.echo_seconds) * 1000:>9,.0f} ms")
    for label in rounds[0].steps:
        print(f"  {label:<34}{med(s for r in rounds for s in r.steps[label]):>9,.0f} B")
    for label in rounds[0].transactions:
        print(f"  {label + ', first key to receipt':<34}{med(r.transactions[label] for r in rounds):>9,.0f} B")
    print(f"  idle desk                         {med(r.idle_per_second for r in rounds):>9,.1f} B/s")


if __name__ == "__main__":
    main()
