"""``scripts/setup`` and Debian's packages: installed without recommends and without questions, apt's output
shown, true words when apt fails or cannot run, and nothing reinstalled that is there.

The real script runs in a copy of the repository against stand-in ``apt-get``, ``ldconfig``, ``id`` and
``sudo`` (see ``tests/setup_sandbox.py``); the real apt-get and pip never run.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.setup_sandbox import FONTS, Sandbox

INSTALL_OPTIONS = ["-y", "--no-install-recommends"]
NOT_INSTALLED = "note: libzbar0 is not installed; the pyzbar decoder will be skipped (zxing-cpp still reads QR codes)."


@pytest.fixture
def desk(tmp_path: Path) -> Sandbox:
    """A root shell on a Debian machine whose fonts are there and whose libzbar0 is missing."""
    sandbox = Sandbox(tmp_path)
    sandbox.fonts_present()
    return sandbox


def _installs(sandbox: Sandbox) -> list[str]:
    """The packages apt-get was asked to install, after checking each call was non-interactive."""
    packages = []
    for environment, arguments in sandbox.apt_calls():
        assert environment == "DEBIAN_FRONTEND=noninteractive"
        words = arguments.split()
        if words[0] == "install":
            assert all(option in words for option in INSTALL_OPTIONS), words
            packages.append(words[-1])
    return packages


def test_a_hundred_runs_with_everything_there_never_call_apt(desk: Sandbox) -> None:
    desk.library_present()
    started = time.monotonic()
    for _ in range(100):
        run = desk.run()
        assert (run.status, run.out, run.err) == (0, "", "")
    elapsed = time.monotonic() - started
    assert desk.calls() == []  # neither apt-get, sudo nor pip
    assert len((desk.state / "ldconfig.log").read_text().splitlines()) == 100  # the library was looked for
    assert elapsed < 30, f"100 runs took {elapsed:.1f} s"


def test_a_missing_library_is_installed_without_recommends_showing_apt(desk: Sandbox) -> None:
    run = desk.run()
    assert (run.status, run.err) == (0, "")
    assert [arguments.split()[0] for _, arguments in desk.apt_calls()] == ["update", "install"]
    assert _installs(desk) == ["libzbar0"]
    assert "Installing libzbar0 (the pyzbar QR decoder needs it); apt-get's output follows." in run.out
    assert "  $ apt-get install -y -q --no-install-recommends" in run.out
    assert "    Setting up libzbar0 (1.0) ..." in run.out  # apt's own lines, as they come
    assert run.out.rstrip().endswith("libzbar0 installed.")
    assert "not installed" not in run.out
    assert desk.left_temporary_files() == []
    desk.forget_calls()
    assert desk.run().out == "" and desk.calls() == []


def test_a_failed_install_is_told_with_apts_last_words(desk: Sandbox) -> None:
    desk.set("install.exit", "100")
    run = desk.run()
    assert (run.status, run.err) == (0, "")
    told = run.out.split("apt-get install libzbar0 failed (exit 100):\n")[1]
    assert told.startswith("    Reading package lists...\n    Building dependency tree...\n"
                           "    E: Unable to locate package libzbar0\nnote: ")
    assert run.out.rstrip().endswith(NOT_INSTALLED + " To add it: apt-get install --no-install-recommends "
                                      "libzbar0 (as root).")
    assert "installed." not in run.out.replace(NOT_INSTALLED, "")


def test_an_install_that_hangs_is_stopped_and_said(desk: Sandbox) -> None:
    desk.timeout = 1
    desk.set("install.sleep", "60")
    started = time.monotonic()
    run = desk.run()
    assert time.monotonic() - started < 20
    assert run.status == 0
    assert "apt-get install libzbar0 did not finish within 1 s and was stopped (ECARNET_APT_TIMEOUT sets the limit)." \
        in run.out
    assert NOT_INSTALLED in run.out


def test_a_library_in_place_after_apt_hung_is_not_called_missing(desk: Sandbox) -> None:
    desk.timeout = 1
    desk.set("install.sleep", "60")
    desk.set("install.leaves-library")
    run = desk.run()
    assert "apt-get install libzbar0 did not finish within 1 s and was stopped" in run.out
    assert "libzbar.so.0 is present all the same, so pyzbar can use it" in run.out
    assert "not installed" not in run.out


def test_a_failed_update_still_tries_the_install(desk: Sandbox) -> None:
    desk.set("update.exit", "100")
    run = desk.run()
    assert "apt-get update failed (exit 100):\n" in run.out
    assert "    E: Failed to fetch http://deb.debian.org/debian/dists/bookworm/InRelease" in run.out
    assert "Trying to install libzbar0 with the package lists already on this machine." in run.out
    assert _installs(desk) == ["libzbar0"]
    assert run.out.rstrip().endswith("libzbar0 installed.")


def test_an_update_that_hangs_tries_nothing_more(tmp_path: Path) -> None:
    desk = Sandbox(tmp_path)  # the fonts are missing too
    desk.timeout = 1
    desk.set("update.sleep", "60")
    run = desk.run()
    assert run.status == 0
    assert "apt-get update did not finish within 1 s and was stopped" in run.out
    assert _installs(desk) == [] and len(desk.apt_calls()) == 1
    assert NOT_INSTALLED in run.out
    assert "Not trying to install fonts-dejavu-core: apt-get update did not finish (see above)." in run.out
    assert "note: receipts cannot be printed" in run.out


def test_missing_fonts_are_installed_with_the_one_update(tmp_path: Path) -> None:
    desk = Sandbox(tmp_path)
    run = desk.run()
    assert (run.status, run.err) == (0, "")
    assert [arguments.split()[0] for _, arguments in desk.apt_calls()] == ["update", "install", "install", "install"]
    assert _installs(desk) == ["libzbar0", "fonts-dejavu-core", "fonts-dejavu-mono"]  # Debian 13's split
    assert "The DejaVu fonts are installed." in run.out
    assert sorted(p.name for p in desk.system_fonts.iterdir()) == sorted(FONTS)


def test_fonts_in_the_workstations_font_folder_need_no_package(tmp_path: Path) -> None:
    desk = Sandbox(tmp_path)
    desk.library_present()
    desk.font_dir = tmp_path / "my-fonts"
    desk.font_dir.mkdir()
    for font in FONTS:
        (desk.font_dir / font).touch()
    assert desk.run().out == "" and desk.calls() == []


def test_without_apt_get_setup_says_so_and_goes_on(tmp_path: Path) -> None:
    desk = Sandbox(tmp_path, apt=False)
    desk.fonts_present()
    run = desk.run()
    assert (run.status, run.err) == (0, "")
    assert run.out.startswith("Cannot install libzbar0 (the pyzbar QR decoder needs it): apt-get is not available "
                              "here (this is not Debian or Ubuntu).\n" + NOT_INSTALLED)


def test_a_user_without_sudo_is_told_why_nothing_is_installed(tmp_path: Path) -> None:
    desk = Sandbox(tmp_path, uid=1000)
    desk.fonts_present()
    run = desk.run()
    assert run.status == 0
    assert "Cannot install libzbar0 (the pyzbar QR decoder needs it): this user is not root and sudo is not " \
           "installed." in run.out
    assert desk.apt_calls() == []


def test_a_user_with_sudo_installs_through_it(tmp_path: Path) -> None:
    desk = Sandbox(tmp_path, uid=1000, sudo=True)
    desk.fonts_present()
    run = desk.run()
    assert "Installing libzbar0 with sudo (the pyzbar QR decoder needs it)" in run.out
    assert "  $ sudo -n apt-get update -q" in run.out
    sudo = [call[1] for call in desk.calls() if call[0] == "sudo"]
    assert sudo[0] == "-n true"
    assert all(line.startswith("-n env DEBIAN_FRONTEND=noninteractive apt-get ") for line in sudo[1:]) and sudo[1:]
    assert _installs(desk) == ["libzbar0"]
    assert run.out.rstrip().endswith("libzbar0 installed.")


def test_sudo_needing_a_password_off_a_terminal_asks_nothing(tmp_path: Path) -> None:
    desk = Sandbox(tmp_path, uid=1000, sudo=True)
    desk.fonts_present()
    desk.set("sudo.password")
    run = desk.run()
    assert run.status == 0
    assert "this user is not root, and sudo needs a password that cannot be asked here (not a terminal)." in run.out
    assert NOT_INSTALLED in run.out
    assert desk.apt_calls() == []
