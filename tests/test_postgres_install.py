"""``scripts/postgres start`` on a machine without PostgreSQL: it installs Debian's postgresql package with
apt-get (no questions, no recommends, its output on stderr) and runs the server it got, or fails saying so.

A stand-in ``apt-get`` (and ``sudo``, for a user who is not root) comes first on PATH; "installing" links this
machine's real PostgreSQL into the folder the script is told to look in (``ECARNET_POSTGRESQL_LIB``), so the
server really starts. The real apt-get never runs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from tests import postgres

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "postgres"
BASH = shutil.which("bash") or "/bin/bash"
APT_GET = r"""
printf '%s\t%s\n' "${DEBIAN_FRONTEND-unset}" "$*" >>"$STATE/apt.log"
echo "Reading package lists..."
[ "$1" = update ] && exit 0
if [ -f "$STATE/install.exit" ]; then
    echo "E: Unable to locate package ${*: -1}"
    exit "$(cat "$STATE/install.exit")"
fi
echo "Setting up ${*: -1} ($VERSION) ..."
mkdir -p "$LIB/$VERSION" && ln -s "$REAL_BIN" "$LIB/$VERSION/bin"
"""
SUDO = r"""
[ "$1" = -n ] && shift
exec "$@"
"""


@dataclass(frozen=True)
class Machine:
    lib: Path  # where the script looks for PostgreSQL: empty until "installed"
    state: Path
    cluster: Path
    env: dict[str, str]

    def run(self, command: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([BASH, str(SCRIPT), command, str(self.cluster)], env=self.env, capture_output=True,
                              text=True, timeout=120, check=False)

    def apt_calls(self) -> list[str]:
        log = self.state / "apt.log"
        return log.read_text(encoding="utf-8").splitlines() if log.exists() else []


@pytest.fixture
def machine() -> Iterator[Machine]:
    real = postgres.installed_bin()
    if real is None:
        pytest.skip("no PostgreSQL 15 or later under /usr/lib/postgresql to stand for the installed package")
    # Under /tmp and open to all: when root, the script runs PostgreSQL as the postgres user, who must reach it.
    root = Path(tempfile.mkdtemp(prefix="ecarnet-pg-apt-"))
    root.chmod(0o755)
    lib, state, standins, cluster = root / "lib", root / "state", root / "bin", root / "cluster"
    for folder in (lib, state, standins):
        folder.mkdir()
    for name, body in (("apt-get", APT_GET), ("sudo", SUDO)):
        (standins / name).write_text(f"#!{BASH}\n{body.strip()}\n", encoding="utf-8")
        (standins / name).chmod(0o755)
    env = {**os.environ, "PATH": f"{standins}:{os.environ.get('PATH', '/usr/bin:/bin')}", "STATE": str(state),
           "LIB": str(lib), "REAL_BIN": str(real), "VERSION": real.parent.name, "ECARNET_POSTGRESQL_LIB": str(lib),
           "ECARNET_APT_TIMEOUT": "60"}
    box = Machine(lib, state, cluster, env)
    yield box
    if cluster.exists():
        box.run("stop")
    shutil.rmtree(root, ignore_errors=True)


def test_without_postgresql_start_installs_debians_package_and_runs_it(machine: Machine) -> None:
    started = machine.run("start")
    assert started.returncode == 0, started.stderr
    assert started.stdout.startswith("postgresql+psycopg://postgres@127.0.0.1:") and started.stdout.count("\n") == 1
    assert started.stderr.startswith(f"No PostgreSQL 15 or later under {machine.lib}: installing Debian's postgresql "
                                     "package.\nInstalling postgresql")
    assert "(the tests' throwaway PostgreSQL server); apt-get's output follows." in started.stderr
    assert "    Setting up postgresql" in started.stderr  # apt's own lines, on stderr: stdout is the URL's
    update, install = machine.apt_calls()
    assert update == "noninteractive\tupdate -q"
    assert install.startswith("noninteractive\tinstall -y -q --no-install-recommends ")
    assert install.endswith(" postgresql")
    engine = create_engine(started.stdout.strip(), poolclass=NullPool)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT 1")).scalar_one() == 1
    engine.dispose()
    assert machine.run("stop").returncode == 0
    assert not machine.cluster.exists()


def test_when_the_package_cannot_be_installed_start_fails_saying_so(machine: Machine) -> None:
    (machine.state / "install.exit").write_text("100", encoding="utf-8")
    started = machine.run("start")
    assert (started.returncode, started.stdout) == (1, "")
    assert "apt-get install postgresql failed (exit 100):\n" in started.stderr
    assert "    E: Unable to locate package postgresql\n" in started.stderr
    assert started.stderr.endswith("scripts/postgres: PostgreSQL is needed for the tests and could not be installed "
                                   "(see above).\n")
    stopped = machine.run("stop")  # what scripts/test does on its way out: the folder goes all the same
    assert (stopped.returncode, stopped.stdout, stopped.stderr) == (0, "", "")
    assert not machine.cluster.exists()
