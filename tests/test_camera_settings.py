"""The camera's settings: read from the user's file, checked, and the live preview off over SSH by default."""

from __future__ import annotations

from pathlib import Path

import pytest

from ecarnet_tui.settings import SettingsError, load_settings


def _settings_file(tmp_path: Path, content: str) -> Path:
    path = tmp_path / "ecarnet.toml"
    path.write_text(content, encoding="utf-8")
    return path


def test_the_defaults_ask_for_the_first_camera_at_1280x720_and_30_frames(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY"):
        monkeypatch.delenv(name, raising=False)
    config = load_settings(_settings_file(tmp_path, "")).camera_config()
    assert (config.source, config.width, config.height, config.fps) == ("0", 1280, 720, 30.0)
    assert config.preview is True
    assert load_settings(_settings_file(tmp_path, "")).camera_on_start == "no"


@pytest.mark.parametrize("variable", ["SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY"])
def test_over_ssh_the_preview_is_off_unless_asked_for(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       variable: str) -> None:
    monkeypatch.setenv(variable, "10.0.0.2 50000 10.0.0.1 22")
    assert load_settings(_settings_file(tmp_path, "")).camera_config().preview is False
    forced = load_settings(_settings_file(tmp_path, 'camera_preview = "on"')).camera_config()
    assert forced.preview is True
    monkeypatch.delenv(variable)
    off = load_settings(_settings_file(tmp_path, 'camera_preview = "off"')).camera_config()
    assert off.preview is False


def test_a_video_file_and_its_size_and_rate_are_taken_from_the_file(tmp_path: Path) -> None:
    path = _settings_file(tmp_path, 'camera = "training/qr.avi"\ncamera_size = "640x480"\ncamera_fps = "15"\n'
                                    'camera_on_start = "yes"\n')
    settings = load_settings(path)
    config = settings.camera_config()
    assert (config.source, config.width, config.height, config.fps) == ("training/qr.avi", 640, 480, 15.0)
    assert settings.camera_on_start == "yes"


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ('camera_size = "1280"', "'camera_size' must be a width and a height in pixels"),
        ('camera_size = "1280x0"', "'camera_size' must be a width and a height in pixels"),
        ('camera_fps = "0"', "'camera_fps' must be a number of frames a second from 1 to 120"),
        ('camera_fps = "thirty"', "'camera_fps' must be a number of frames a second from 1 to 120"),
        ('camera_preview = "maybe"', "'camera_preview' must be one of \"auto\", \"on\", \"off\""),
        ('camera_on_start = "true"', "'camera_on_start' must be one of \"no\", \"yes\""),
        ("camera = 0", "'camera' must be text in quotes"),
    ],
)
def test_bad_camera_settings_name_the_file_and_what_to_write(tmp_path: Path, content: str, problem: str) -> None:
    path = _settings_file(tmp_path, content)
    with pytest.raises(SettingsError) as refused:
        load_settings(path)
    assert problem in str(refused.value)
    assert str(path) in str(refused.value)
