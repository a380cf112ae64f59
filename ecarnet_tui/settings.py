"""The workstation's settings: defaults from ``config/ecarnet.toml``, overridden by the user's file."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from datetime import timedelta
from pathlib import Path

import platformdirs

APP_NAME = "ecarnet"
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
    demo_account: str = "officer.ch"
    offline_cache_days: str = "7"
    """How long a carnet looked up here stays usable for checking it while the central is unreachable."""

    @property
    def embedded(self) -> bool:
        """No central configured: the workstation runs on the embedded demo central."""
        return not self.central_url.strip()

    @property
    def cache_max_age(self) -> timedelta:
        return timedelta(days=int(self.offline_cache_days))

    @property
    def receipts_path(self) -> Path | None:
        """The folder chosen for receipts, ``~`` expanded; ``None`` for the default one."""
        folder = self.receipts_folder.strip()
        return Path(folder).expanduser() if folder else None


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


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
    return flat


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
