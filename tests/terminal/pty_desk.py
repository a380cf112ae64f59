"""The real ``ecarnet`` in a pseudo-terminal, read through a terminal emulator (pyte): what an officer's terminal
shows, and keys written to it exactly as a terminal (or a keyboard-wedge scanner, or an SSH link) delivers them —
several at once when they come in one burst."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable
from pathlib import Path

import pyte

ROOT = Path(__file__).resolve().parents[2]


class PtyDesk:
    """``ecarnet`` started on the embedded demo central, with its data and settings in ``home``."""

    def __init__(self, home: Path, columns: int = 80, lines: int = 24, *args: str, module: str = "ecarnet_tui.cli",
                 env: dict[str, str] | None = None) -> None:
        self.screen = pyte.Screen(columns, lines)
        self.stream = pyte.ByteStream(self.screen)
        self.written = 0
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        env = {**os.environ, **(env or {}), "TERM": "xterm-256color", "XDG_DATA_HOME": str(home / "data"),
               "XDG_CONFIG_HOME": str(home / "config"), "XDG_DOCUMENTS_DIR": str(home / "documents"),
               "HOME": str(home), "LANG": "C.UTF-8"}
        for name in ("SSH_CONNECTION", "COLUMNS", "LINES"):  # the size is the pseudo-terminal's, as it changes
            env.pop(name, None)
        self.process = subprocess.Popen(
            [sys.executable, "-m", module, *args], stdin=slave, stdout=slave, stderr=slave, env=env,
            cwd=ROOT, start_new_session=True, close_fds=True)
        os.close(slave)
        self.master = master

    def pump(self, seconds: float = 0.05) -> None:
        """Feed what the program wrote in the next ``seconds`` to the emulator."""
        deadline = time.monotonic() + seconds
        while True:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self.master], [], [], max(0.0, left))
            if ready:
                try:
                    data = os.read(self.master, 65536)
                except OSError:
                    return
                self.written += len(data)
                self.stream.feed(data)
            elif left <= 0:
                return

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def wait_for(self, found: Callable[[str], bool], timeout: float = 60.0) -> str:
        """Pump until ``found(screen text)``; on a timeout, fail with what the screen shows."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.pump()
            if found(self.text()):
                return self.text()
        raise AssertionError("the screen never showed what was expected:\n" + self.text())

    def resize(self, columns: int, lines: int) -> None:
        """The terminal's window changes size (the program is told, as a terminal tells it)."""
        fcntl.ioctl(self.master, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        self.screen.resize(lines, columns)
        os.killpg(self.process.pid, signal.SIGWINCH)

    def write(self, data: bytes) -> None:
        """One write: the terminal hands the program every byte of ``data`` at once."""
        os.write(self.master, data)

    def sign_in_as_trainee(self, account: str = "officer.ch") -> None:
        """On the training sign-in screen, as a trainee does: the account (offered first), the published password,
        the code the screen shows for ``account``, Enter on the office offered first."""
        self.wait_for(lambda text: "carnet training" in text and self.line_of(account) != "")
        self.write(b"carnet training\r")
        self.wait_for(lambda text: "Authenticator code" in text)
        code = self.line_of(account).split()[-1]
        self.write(code.encode() + b"\r")
        shown = self.wait_for(lambda text: "the office you work at now" in text or "Officer:" in text)
        if "the office you work at now" in shown:
            self.write(b"\r")

    def line_of(self, label: str) -> str:
        return next((line for line in self.screen.display if line.lstrip().startswith(label)), "")

    def close(self) -> None:
        if self.process.poll() is None:
            self.write(b"\x11")  # Ctrl+Q
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        os.close(self.master)
