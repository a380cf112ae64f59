"""The workstation's settings, in one typed model: the defaults file inside the package
(``ecarnet_tui/config/ecarnet.toml``), then the officer's own file, then ``ECARNET_*`` environment variables (the one
prefix for every variable the workstation reads: ``ECARNET_QUEUE``, ``ECARNET_ASCII``, ``ECARNET_FONT_DIR``,
``ECARNET_CENTRAL_URL``...). A file that cannot be used is refused with its name, the setting and what to write.
"""

from __future__ import annotations

import tomllib
from contextvars import ContextVar
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import platformdirs
from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from reference_central.locations import WORKSTATION_APP_NAME, workstation_data_dir

if TYPE_CHECKING:
    from ecarnet_tui.scanner.camera import CameraConfig

APP_NAME = WORKSTATION_APP_NAME
DEFAULTS_FILE = Path(__file__).resolve().parent / "config" / "ecarnet.toml"
"""The defaults, inside the package (an installed wheel has them too); ``config/ecarnet.toml`` at the repository's
top is the same file."""

_FROM_FILES: ContextVar[dict[str, Any] | None] = ContextVar("settings_from_files", default=None)


class SettingsError(ValueError):
    """A settings file that cannot be used; the message names the file and the problem."""


class _Files(PydanticBaseSettingsSource):
    """The values read from the defaults file and the officer's file (see :func:`load_settings`)."""

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        return (_FROM_FILES.get() or {}).get(field_name), field_name, False

    def __call__(self) -> dict[str, Any]:
        return dict(_FROM_FILES.get() or {})


class Settings(BaseSettings):
    """What the officer (or the service that installs the workstation) may set."""

    model_config = SettingsConfigDict(env_prefix="ECARNET_", frozen=True, extra="forbid", populate_by_name=True)

    central_url: str = ""
    """The central system's address; empty: the embedded demo central (training, no real data)."""
    central_kind: Literal["live", "training"] = "live"
    """What the central at ``central_url`` must be: "live" (real carnets) or "training" (a classroom central); a
    central of the other kind is refused before anyone signs in. The embedded demo central is always training."""
    ca_bundle: str = ""
    integration_account: str = ""
    """An integration account whose token is kept in the system keyring (an unattended desk); officers sign in."""
    office: str = ""
    """The office offered first at sign-in, when the account may work there (else the workstation's, else the
    account's own)."""
    language: str = ""
    printer: str = ""
    """The CUPS printer receipts go to ("default": the system's default printer); empty: save them only."""
    receipts_folder: str = ""
    """Where printed receipts are saved as PDF; empty: ``receipts/`` in the documents folder."""
    exports_folder: str = ""
    """Where the Logs' exports are saved; empty: ``exports/`` next to the receipts folder."""
    demo_account: str = "officer.ch"
    """The demo account the training sign-in screen offers first; its office's date is the training day
    (``[demo] account`` in the file)."""
    lock_after_minutes: float = Field(default=5, ge=0, le=24 * 60)
    """The screen locks after this long without a key (0: never); only the same officer's password unlocks it."""
    offline_sign_in_days: int = Field(default=7, ge=0, le=30)
    """An officer who signed in online at this workstation in the last N days may sign in here while the central
    cannot be reached (0: never)."""
    offline_cache_days: int = Field(default=7, ge=1, le=365)
    """How long a carnet looked up here stays usable for checking it while the central is unreachable."""
    camera: str = "0"
    """The camera: a device number (0 is the first), or a video file or numbered frames for training."""
    camera_size: str = Field(default="1280x720", pattern=r"^[0-9]{2,4}[xX][0-9]{2,4}$")
    camera_fps: int = Field(default=30, ge=1, le=120)
    camera_preview: Literal["auto", "on", "off"] = "auto"
    """A live picture in the terminal to aim with: "on", "off", or "auto" (on, except over SSH)."""
    camera_on_start: Literal["no", "yes"] = "no"
    """Whether step 1 starts the camera by itself ("yes") or waits for F5 ("no")."""
    keymap: dict[str, str] = Field(default_factory=dict)
    """Other keys for the workstation's actions, by the action's id (``commit = "f10"``); see ``ecarnet --keys``."""
    queue_file: str = Field(default="", validation_alias="ECARNET_QUEUE")
    """The offline queue's file (``ECARNET_QUEUE``); empty: ``queue.sqlite3`` in the data folder."""
    ascii: bool = False
    """Draw without Unicode blocks (``ECARNET_ASCII=1``), for terminals without UTF-8."""
    font_dir: str = ""
    """A folder holding the DejaVu fonts for printed receipts (``ECARNET_FONT_DIR``); empty: the system's."""
    class_refresh_seconds: float = Field(default=5, ge=0.1, le=600)
    """How often the trainer's grid of the classroom asks the central for the trainees' progress."""
    display: Literal["auto", "full", "thin"] = "auto"
    """"thin": the thin-link display (16 colours, nothing blinks or moves, only the cells that changed are sent);
    "full": the full display; "auto": thin when the workstation runs over SSH."""

    @classmethod
    def settings_customise_sources(
        cls, settings_cls: type[BaseSettings], init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource, dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """What is given in code, then the environment, then the files."""
        return init_settings, env_settings, _Files(settings_cls)

    @model_validator(mode="before")
    @classmethod
    def _demo_table(cls, values: Any) -> Any:
        """``[demo] account = ...`` in a file is :attr:`demo_account`; the ``account`` of earlier releases is gone
        (officers sign in), and saying so is clearer than "extra inputs are not permitted"."""
        if isinstance(values, dict) and values.get("account"):
            raise ValueError("'account' is no longer a setting: officers sign in at the sign-in screen. An "
                             "unattended desk with an integration account's token sets 'integration_account'.")
        if isinstance(values, dict) and "account" in values:
            values = {k: v for k, v in values.items() if k != "account"}
        if isinstance(values, dict) and isinstance(values.get("demo"), dict):
            values = dict(values)
            demo = values.pop("demo")
            if "account" in demo:
                values.setdefault("demo_account", demo["account"])
        return values

    @field_validator("camera_size")
    @classmethod
    def _size(cls, value: str) -> str:
        width, _, height = value.lower().partition("x")
        if not (16 <= int(width) <= 8192 and 16 <= int(height) <= 8192):
            raise ValueError("a camera size from 16x16 to 8192x8192")
        return value

    @property
    def embedded(self) -> bool:
        """No central configured: the workstation runs on the embedded demo central."""
        return not self.central_url.strip()

    @property
    def cache_max_age(self) -> timedelta:
        return timedelta(days=self.offline_cache_days)

    def camera_config(self) -> CameraConfig:
        from ecarnet_tui.scanner.camera import CameraConfig
        from ecarnet_tui.scanner.camera_source import over_ssh

        width, height = (int(part) for part in self.camera_size.lower().split("x"))
        preview = self.camera_preview == "on" or (self.camera_preview == "auto" and not over_ssh())
        return CameraConfig(source=self.camera.strip() or "0", width=width, height=height,
                            fps=float(self.camera_fps), preview=preview)

    @property
    def thin_link(self) -> bool:
        """The thin-link display: set so, or "auto" in an SSH session."""
        from ecarnet_tui.scanner.camera_source import over_ssh

        return self.display == "thin" or (self.display == "auto" and over_ssh())

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

    @property
    def font_path(self) -> Path | None:
        """The folder chosen for the receipts' fonts, ``~`` expanded; ``None``: the system's fonts."""
        folder = self.font_dir.strip()
        return Path(folder).expanduser() if folder else None


WHAT_TO_WRITE = {
    "offline_cache_days": "'offline_cache_days' must be a number of days from 1 to 365",
    "camera_size": "'camera_size' must be a width and a height in pixels, like \"1280x720\"",
    "camera_fps": "'camera_fps' must be a number of frames a second from 1 to 120",
    "camera_preview": "'camera_preview' must be one of \"auto\", \"on\", \"off\"",
    "camera_on_start": "'camera_on_start' must be one of \"no\", \"yes\"",
    "keymap": "'keymap' must be a table of actions and keys, like [keymap] commit = \"f10\"",
    "ascii": "'ascii' must be true or false",
    "central_kind": "'central_kind' must be one of \"live\", \"training\"",
    "class_refresh_seconds": "'class_refresh_seconds' must be a number of seconds from 0.1 to 600",
    "display": "'display' must be one of \"auto\", \"full\", \"thin\"",
}
"""What a setting must look like, when the file has something else; any other setting is text in quotes."""


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    return workstation_data_dir()


def user_settings_file() -> Path:
    return config_dir() / "ecarnet.toml"


def queue_path(settings: Settings) -> Path:
    """The offline queue's file: ``queue_file`` (``ECARNET_QUEUE``) if set, else in the data folder. Training (the
    embedded demo central) keeps its own queue: nothing of it ever reaches a real central."""
    if settings.queue_file.strip():
        return Path(settings.queue_file.strip()).expanduser()
    return data_dir() / ("training-queue.sqlite3" if settings.embedded else "queue.sqlite3")


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            raw = tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: not valid TOML ({exc}). Fix the file or remove it.") from exc
    known = set(Settings.model_fields) | {"demo"}
    unknown = sorted(set(raw) - known)
    if unknown:
        names = ", ".join(sorted(known - {"queue_file", "ascii", "font_dir"}))
        raise SettingsError(f"{path}: unknown setting(s) {', '.join(unknown)}. Known: {names}.")
    return raw


def load_settings(path: Path | None = None) -> Settings:
    """The defaults, then the user's file (``path`` or the one in the configuration folder) if it exists, then the
    ``ECARNET_*`` environment variables."""
    files: list[tuple[Path, dict[str, Any]]] = []
    if DEFAULTS_FILE.exists():
        files.append((DEFAULTS_FILE, _read(DEFAULTS_FILE)))
    user = path or user_settings_file()
    if user.exists():
        files.append((user, _read(user)))
    elif path is not None:
        raise SettingsError(f"{path}: no such settings file.")
    merged: dict[str, Any] = {}
    origin: dict[str, Path] = {}
    for file, values in files:
        for key, value in values.items():
            both = key == "demo" and isinstance(value, dict) and isinstance(merged.get("demo"), dict)
            merged[key] = {**merged["demo"], **value} if both else value
            origin[key] = file
    token = _FROM_FILES.set(merged)
    try:
        return Settings()
    except ValidationError as exc:
        problem = exc.errors()[0]
        field = str(problem["loc"][0]) if problem["loc"] else ""
        field = "demo_account" if field == "demo" else field
        where = origin.get("demo" if field == "demo_account" else field, user)
        text = WHAT_TO_WRITE.get(field, f"'{field}' must be text in quotes")
        raise SettingsError(f"{where}: {text}.") from exc
    finally:
        _FROM_FILES.reset(token)
