"""``ecarnet --register-workstation``: the key an administrator got for this PC is typed once and kept (in a file of
the data folder readable by its owner only, where there is no keyring); the desk then sends it when officers sign in.
Anything that is not a workstation key is refused and nothing is kept."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from ecarnet_tui import cli
from ecarnet_tui.services.connection import connect_configured
from ecarnet_tui.services.credentials import WORKSTATION_FILE, load_workstation_key
from ecarnet_tui.settings import Settings, data_dir

CENTRAL = "https://central.example"
KEY = "ecw_" + "k" * 40


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for variable, sub in (("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data")):
        monkeypatch.setenv(variable, str(tmp_path / sub))
    monkeypatch.setenv("HOME", str(tmp_path))
    return tmp_path


def typed(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    """What the administrator types at the hidden prompt."""
    monkeypatch.setattr("getpass.getpass", lambda _prompt: text)


@pytest.mark.usefixtures("no_keyring")
async def test_the_key_is_kept_for_its_central_readable_by_its_owner_and_sent_from_then_on(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    typed(monkeypatch, f"  {KEY}\n")
    assert cli.main(["--register-workstation", "--central", CENTRAL]) == 0
    assert "Workstation key kept" in capsys.readouterr().out
    kept = data_dir() / WORKSTATION_FILE
    assert kept.is_relative_to(home)
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert load_workstation_key(CENTRAL, data_dir()) == KEY
    assert load_workstation_key("https://other.example", data_dir()) is None

    connection = connect_configured(Settings(central_url=CENTRAL))
    assert connection.registered and connection.central.workstation_key == KEY
    assert not connection.signed_in, "nobody is signed in: officers sign in at the sign-in screen"
    await connection.central.aclose()


@pytest.mark.usefixtures("no_keyring")
@pytest.mark.parametrize("text", ["", "a password", "ecw_short", "ecw_" + "k" * 30 + "\x1b[2J"],
                         ids=["empty", "not-a-key", "too-short", "control-characters"])
def test_anything_else_is_refused_and_nothing_is_kept(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], text: str,
) -> None:
    typed(monkeypatch, text)
    assert cli.main(["--register-workstation", "--central", CENTRAL]) == 2
    assert "not a workstation key" in capsys.readouterr().err
    assert not (data_dir() / WORKSTATION_FILE).exists()


def test_the_embedded_demo_needs_no_registration(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--register-workstation"]) == 2
    assert "central_url" in capsys.readouterr().err
