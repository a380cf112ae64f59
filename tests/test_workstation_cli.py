"""``ecarnet`` on the command line: help that explains the settings, and clear words for a bad file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ecarnet_tui.settings import Settings, SettingsError, load_settings

ECARNET = [sys.executable, "-m", "ecarnet_tui.cli"]


def test_help_explains_where_settings_live_and_the_demo_default() -> None:
    out = subprocess.run([*ECARNET, "--help"], capture_output=True, text=True, check=True).stdout
    assert "ecarnet.toml" in out
    assert "demo central" in out
    assert "keyring" in out
    assert "--token-prompt" in out


def test_a_broken_settings_file_is_named_with_the_problem(tmp_path: Path) -> None:
    broken = tmp_path / "ecarnet.toml"
    broken.write_text('central_url = "https://x\n', encoding="utf-8")
    run = subprocess.run([*ECARNET, "--config", str(broken)], capture_output=True, text=True)
    assert run.returncode == 2
    assert str(broken) in run.stderr
    assert "not valid TOML" in run.stderr


def test_defaults_mean_the_embedded_demo_central(tmp_path: Path) -> None:
    empty = tmp_path / "ecarnet.toml"
    empty.write_text("", encoding="utf-8")
    settings = load_settings(empty)
    assert settings.embedded
    assert settings.demo_account == "officer.ch"


def test_user_settings_override_the_defaults(tmp_path: Path) -> None:
    mine = tmp_path / "ecarnet.toml"
    mine.write_text('central_url = "https://central.example"\nintegration_account = "feed"\n'
                    '[demo]\naccount = "officer.fr"\n', encoding="utf-8")
    settings = load_settings(mine)
    assert settings == Settings(central_url="https://central.example", integration_account="feed",
                                demo_account="officer.fr")
    assert not settings.embedded


@pytest.mark.parametrize(
    ("content", "problem"),
    [("centrall_url = 'x'\n", "unknown setting(s) centrall_url"), ("language = 3\n", "'language' must be text")],
)
def test_bad_settings_are_refused_with_the_reason(tmp_path: Path, content: str, problem: str) -> None:
    path = tmp_path / "ecarnet.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SettingsError, match=problem.replace("(", r"\(").replace(")", r"\)")):
        load_settings(path)


def test_a_missing_settings_file_given_on_the_command_line_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="no such settings file"):
        load_settings(tmp_path / "nope.toml")


def test_keys_lists_the_actions_and_a_bad_keymap_stops_the_start(tmp_path: Path) -> None:
    listed = subprocess.run([*ECARNET, "--keys"], capture_output=True, text=True, check=True,
                            env={**os.environ, "XDG_CONFIG_HOME": str(tmp_path)}).stdout
    assert any(line.split()[:3] == ["commit", "Ctrl+N", "Commit"] for line in listed.splitlines())
    bad = tmp_path / "ecarnet.toml"
    bad.write_text('[keymap]\ncomit = "f10"\n', encoding="utf-8")
    run = subprocess.run([*ECARNET, "--config", str(bad)], capture_output=True, text=True)
    assert run.returncode == 2
    assert "no action named comit" in run.stderr and "ecarnet --keys" in run.stderr
