"""The workstation's settings: defaults from ``config/ecarnet.toml``, overridden by the user's file."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs

from reference_central.locations import WORKSTATION_APP_NAME, workstation_data_dir

if TYPE_CHECKING:
    from ecarnet_tui.scanner.camera import CameraConfig

APP_NAME = WORKSTATION_APP_NAME
DEFAULTS_FILE = Path(__file__).resolve().parent.parent / "config" / "ecarnet.toml"


class SettingsError(ValueError):
    """A settings file that cannot be used; the message names the file and the problem."""


@dataclass(frozen=True)
class Settings:
    central_url: str = ""
    ca_bundle: str = ""
    account: str = ""
    office: str = ""
    language: str = ""
    printer: str = ""
    """The CUPS printer receipts go to ("default": the system's default printer); empty: save them only."""
    receipts_folder: str = ""
    """Where printed receipts are saved as PDF; empty: ``receipts/`` in the documents folder."""
    exports_folder: str = ""
    """Where the Logs' exports are saved; empty: ``exports/`` next to the receipts folder."""
    demo_account: str = "officer.ch"
    offline_cache_days: str = "7"
    """How long a carnet looked up here stays usable for checking it while the central is unreachable."""
    camera: str = "0"
    """The camera: a device number (0 is the first), or a video file or numbered frames for training."""
    camera_size: str = "1280x720"
    camera_fps: str = "30"
    camera_preview: str = "auto"
    """A live picture in the terminal to aim with: "on", "off", or "auto" (on, except over SSH)."""
    camera_on_start: str = "no"
    """Whether step 1 starts the camera by itself ("yes") or waits for F5 ("no")."""
    keymap: tuple[tuple[str, str], ...] = ()

    @property
    def embedded(self) -> bool:
        """No central configured: the workstation runs on the embedded demo central."""
        return not self.central_url.strip()

    @property
    def cache_max_age(self) -> timedelta:
        return timedelta(days=int(self.offline_cache_days))

    def camera_config(self) -> CameraConfig:
        from ecarnet_tui.scanner.camera import CameraConfig
        from ecarnet_tui.scanner.camera_source import over_ssh

        width, height = (int(part) for part in self.camera_size.lower().split("x"))
        preview = self.camera_preview == "on" or (self.camera_preview == "auto" and not over_ssh())
        return CameraConfig(source=self.camera.strip() or "0", width=width, height=height,
                            fps=float(self.camera_fps), preview=preview)

    @property
    def receipts_path(self) -> Path | None:
        """The folder chosen for receipts, ``~`` expanded; ``None`` for the default one."""
        folder = self.receipts_folder.strip()
        return Path(folder).expanduser() if folder else None

    @property
    def exports_path(self) -> Path | None:
        """The folder chosen for the Logs' exports, ``~`` expanded; ``None`` for the default one."""
        folder = self.exports_folder.strip()
        return Path(folder).expanduser() if folder else None


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    return workstation_data_dir()


def user_settings_file() -> Path:
    return config_dir() / "ecarnet.toml"


def _read(path: Path) -> dict[str, object]:
    try:
        with path.open("rb") as handle:
            raw = tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: not valid TOML ({exc}). Fix the file or remove it.") from exc
    flat: dict[str, object] = {k: v for k, v in raw.items() if not isinstance(v, dict)}
    demo = raw.get("demo", {})
    if isinstance(demo, dict) and "account" in demo:
        flat["demo_account"] = demo["account"]
    known = {f.name for f in fields(Settings)}
    unknown = sorted(set(flat) - known)
    if unknown:
        raise SettingsError(f"{path}: unknown setting(s) {', '.join(unknown)}. Known: {', '.join(sorted(known))}.")
    for key, value in flat.items():
        if not isinstance(value, str):
            raise SettingsError(f"{path}: '{key}' must be text in quotes.")
    days = flat.get("offline_cache_days", "7")
    if not (isinstance(days, str) and days.isdigit() and 0 < int(days) <= 365):
        raise SettingsError(f"{path}: 'offline_cache_days' must be a number of days from 1 to 365, in quotes.")
    _check_camera(path, flat)
    return flat


_CHOICES = {"camera_preview": ("auto", "on", "off"), "camera_on_start": ("no", "yes")}


def _check_camera(path: Path, flat: dict[str, object]) -> None:
    size = str(flat.get("camera_size", "1280x720")).lower()
    width, _, height = size.partition("x")
    if not (width.isdigit() and height.isdigit() and 16 <= int(width) <= 8192 and 16 <= int(height) <= 8192):
        raise SettingsError(f"{path}: 'camera_size' must be a width and a height in pixels, like \"1280x720\".")
    fps = str(flat.get("camera_fps", "30"))
    if not (fps.isdigit() and 1 <= int(fps) <= 120):
        raise SettingsError(f"{path}: 'camera_fps' must be a number of frames a second from 1 to 120, in quotes.")
    for key, choices in _CHOICES.items():
        if key in flat and flat[key] not in choices:
            raise SettingsError(f"{path}: '{key}' must be one of " + ", ".join(f'"{c}"' for c in choices) + ".")


def load_settings(path: Path | None = None) -> Settings:
    """The defaults, then the user's file (``path`` or the one in the configuration folder) if it exists."""
    values: dict[str, object] = {}
    if DEFAULTS_FILE.exists():
        values.update(_read(DEFAULTS_FILE))
    user = path or user_settings_file()
    if user.exists():
        values.update(_read(user))
    elif path is not None:
        raise SettingsError(f"{path}: no such settings file.")
    return Settings(**values)  # type: ignore[arg-type]
