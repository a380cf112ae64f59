"""A copy of the repository in which the real ``scripts/setup`` runs against stand-in system commands.

Its PATH holds only the stand-ins (``apt-get``, ``ldconfig``, ``id`` and, when asked, ``sudo``: small bash
scripts that log their arguments and environment to ``calls.log``) and links to the few ordinary tools the
script uses, so the real apt-get and sudo can never run. The copy's ``.venv`` carries the stamp of an
installed ``pyproject.toml`` and a ``python`` that only logs, so pip never runs either.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASH = shutil.which("bash") or "/bin/bash"
TOOLS = ("bash", "cat", "cut", "dirname", "env", "mktemp", "rm", "sha256sum", "sleep", "tail", "timeout", "touch",
         "true")
FONTS = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSansMono-Bold.ttf")

# Behaviour is chosen by files in $STATE: update.exit / install.exit (exit status), update.sleep /
# install.sleep (seconds to hang), install.leaves-library (the package is in place before the hang).
APT_GET = r"""
printf 'apt-get\tDEBIAN_FRONTEND=%s\t%s\n' "${DEBIAN_FRONTEND-unset}" "$*" >>"$STATE/calls.log"
step=$1
if [ "$step" = update ]; then
    echo "Hit:1 http://deb.debian.org/debian bookworm InRelease"
    echo "Reading package lists..."
else
    package=${@: -1}
    echo "Reading package lists..."
    echo "Building dependency tree..."
fi
if [ -f "$STATE/$step.leaves-library" ]; then touch "$STATE/zbar-present"; fi
if [ -f "$STATE/$step.sleep" ]; then exec sleep "$(cat "$STATE/$step.sleep")"; fi
status=$(cat "$STATE/$step.exit" 2>/dev/null || echo 0)
if [ "$status" != 0 ]; then
    [ "$step" = update ] && echo "E: Failed to fetch http://deb.debian.org/debian/dists/bookworm/InRelease"
    [ "$step" = install ] && echo "E: Unable to locate package $package"
    exit "$status"
fi
[ "$step" = update ] && exit 0
echo "The following NEW packages will be installed:"
echo "  $package"
echo "Setting up $package (1.0) ..."
case $package in
    libzbar0) touch "$STATE/zbar-present" ;;
    fonts-dejavu-core) touch "$SYSTEM_FONTS/DejaVuSans.ttf" "$SYSTEM_FONTS/DejaVuSans-Bold.ttf" ;;  # Debian 13
    fonts-dejavu-mono) touch "$SYSTEM_FONTS/DejaVuSansMono-Bold.ttf" ;;
esac
"""
LDCONFIG = r"""
printf 'ldconfig\t%s\n' "$*" >>"$STATE/ldconfig.log"
[ "$1" = -p ] || exit 1
if [ -f "$STATE/zbar-present" ]; then cat "$STATE/cache-with-zbar"; else cat "$STATE/cache-without-zbar"; fi
"""
ID = r"""[ "$1" = -u ] && echo "$STANDIN_UID" """
# sudo -n fails when $STATE/sudo.password exists (a password would be needed); otherwise it runs the command.
SUDO = r"""
printf 'sudo\t%s\n' "$*" >>"$STATE/calls.log"
[ "$1" = -n ] && { [ -f "$STATE/sudo.password" ] && exit 1; shift; }
[ "$1" = -v ] && exit 1
exec "$@"
"""


def _cache(with_zbar: bool) -> str:
    """``ldconfig -p`` as big as a desktop's: libzbar near the top, then far more than a pipe holds."""
    lines = [f"\tlib{name}.so.{n % 7} (libc6,x86-64) => /lib/x86_64-linux-gnu/lib{name}.so.{n % 7}"
             for n, name in enumerate(f"sample{n:05d}" for n in range(6000))]
    if with_zbar:
        lines.insert(4, "\tlibzbar.so.0 (libc6,x86-64) => /lib/x86_64-linux-gnu/libzbar.so.0")
    return f"{len(lines)} libs found in cache `/etc/ld.so.cache'\n" + "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Run:
    status: int
    out: str
    err: str


class Sandbox:
    def __init__(self, root: Path, *, apt: bool = True, sudo: bool = False, uid: int = 0) -> None:
        self.root = root
        self.repo, self.bin, self.tools = root / "repo", root / "bin", root / "tools"
        self.state, self.system_fonts, self.tmp = root / "state", root / "system-fonts", root / "tmp"
        for folder in (self.repo / "scripts", self.repo / ".venv" / "bin", self.bin, self.tools, self.state,
                       self.system_fonts, self.tmp):
            folder.mkdir(parents=True, exist_ok=True)
        for script in ("setup", "apt.sh"):
            shutil.copy(ROOT / "scripts" / script, self.repo / "scripts" / script)
        shutil.copy(ROOT / "pyproject.toml", self.repo / "pyproject.toml")
        digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()[:16]
        (self.repo / ".venv" / f".installed-{digest}").touch()
        python = 'printf "python\\t%s\\n" "$*" >>"$STATE/calls.log"; exit 1'
        self._script(self.repo / ".venv" / "bin" / "python", python)
        for tool in TOOLS:
            real = shutil.which(tool)
            assert real, f"{tool} is needed to run scripts/setup"
            (self.tools / tool).symlink_to(real)
        (self.state / "cache-with-zbar").write_text(_cache(True), encoding="utf-8")
        (self.state / "cache-without-zbar").write_text(_cache(False), encoding="utf-8")
        self._script(self.bin / "ldconfig", LDCONFIG)
        self._script(self.bin / "id", ID)
        if apt:
            self._script(self.bin / "apt-get", APT_GET)
        if sudo:
            self._script(self.bin / "sudo", SUDO)
        self.uid = uid
        self.timeout = 900
        self.font_dir: Path | None = None

    def _script(self, path: Path, body: str) -> None:
        path.write_text(f"#!{BASH}\n{body.strip()}\n", encoding="utf-8")
        path.chmod(0o755)

    def set(self, name: str, value: str = "") -> None:
        """Choose a stand-in's behaviour (see ``APT_GET``)."""
        (self.state / name).write_text(value, encoding="utf-8")

    def library_present(self) -> None:
        (self.state / "zbar-present").touch()

    def fonts_present(self) -> None:
        for font in FONTS:
            (self.system_fonts / font).touch()

    def run(self) -> Run:
        env = {
            "PATH": f"{self.bin}:{self.tools}", "HOME": str(self.root), "TMPDIR": str(self.tmp), "LC_ALL": "C",
            "STATE": str(self.state), "SYSTEM_FONTS": str(self.system_fonts), "STANDIN_UID": str(self.uid),
            "ECARNET_SYSTEM_FONT_DIR": str(self.system_fonts), "ECARNET_APT_TIMEOUT": str(self.timeout),
        }
        if self.font_dir is not None:
            env["ECARNET_FONT_DIR"] = str(self.font_dir)
        done = subprocess.run([BASH, str(self.repo / "scripts" / "setup")], env=env, stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=120)
        return Run(done.returncode, done.stdout, done.stderr)

    def calls(self) -> list[list[str]]:
        """Each stand-in call (apt-get, sudo, python): its name, then what it logged, split at tabs."""
        log = self.state / "calls.log"
        return [line.split("\t") for line in log.read_text(encoding="utf-8").splitlines()] if log.exists() else []

    def apt_calls(self) -> list[list[str]]:
        return [call[1:] for call in self.calls() if call[0] == "apt-get"]

    def forget_calls(self) -> None:
        (self.state / "calls.log").unlink(missing_ok=True)

    def left_temporary_files(self) -> list[str]:
        return sorted(os.listdir(self.tmp))
