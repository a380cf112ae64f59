"""The workstation's settings: the defaults inside the package (an installed wheel has them), the officer's file over
them, and ``ECARNET_*`` environment variables over both; every value typed."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from ecarnet_tui.settings import DEFAULTS_FILE, Settings, SettingsError, load_settings, queue_path

ROOT = Path(__file__).resolve().parents[1]


def mine(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "ecarnet.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_defaults_live_inside_the_package_and_the_repositorys_config_folder_shows_them() -> None:
    assert DEFAULTS_FILE.is_relative_to(ROOT / "ecarnet_tui")
    assert (ROOT / "config" / "ecarnet.toml").resolve() == DEFAULTS_FILE.resolve()


def test_a_built_wheel_carries_the_defaults(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w",
                    str(tmp_path), str(ROOT)], check=True, capture_output=True)
    [wheel] = tmp_path.glob("ecarnet_tui-*.whl")
    with zipfile.ZipFile(wheel) as built:
        assert "ecarnet_tui/config/ecarnet.toml" in built.namelist()


def test_values_are_typed_and_the_environment_comes_last(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = mine(tmp_path, 'offline_cache_days = "3"\ncamera_fps = 15\nprinter = "Desk"\n[keymap]\ncommit = "f10"\n')
    settings = load_settings(path)
    assert (settings.offline_cache_days, settings.camera_fps, settings.printer) == (3, 15, "Desk")
    assert settings.keymap == {"commit": "f10"}
    monkeypatch.setenv("ECARNET_PRINTER", "Other")
    monkeypatch.setenv("ECARNET_OFFLINE_CACHE_DAYS", "14")
    monkeypatch.setenv("ECARNET_ASCII", "1")
    monkeypatch.setenv("ECARNET_QUEUE", str(tmp_path / "elsewhere.sqlite3"))
    settings = load_settings(path)
    assert (settings.printer, settings.offline_cache_days, settings.ascii) == ("Other", 14, True)
    assert queue_path(settings) == tmp_path / "elsewhere.sqlite3"


def test_training_keeps_its_own_queue(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ECARNET_QUEUE", raising=False)
    assert queue_path(Settings()).name == "training-queue.sqlite3"
    assert queue_path(Settings(central_url="https://central.example")).name == "queue.sqlite3"


@pytest.mark.parametrize(("text", "problem"), [
    ('offline_cache_days = "a week"\n', "'offline_cache_days' must be a number of days from 1 to 365"),
    ("offline_cache_days = 400\n", "'offline_cache_days' must be a number of days from 1 to 365"),
    ('keymap = "f10"\n', "'keymap' must be a table of actions and keys"),
    ("[demo]\naccount = 7\n", "'demo_account' must be text in quotes"),
])
def test_a_bad_value_names_the_file_and_what_to_write(tmp_path: Path, text: str, problem: str) -> None:
    path = mine(tmp_path, text)
    with pytest.raises(SettingsError) as refused:
        load_settings(path)
    assert str(path) in str(refused.value) and problem in str(refused.value)
