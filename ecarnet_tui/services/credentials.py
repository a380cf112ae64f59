"""An integration account's token lives in the system keyring, never in a plain file; an officer's password is never
kept at all (the desk keeps an Argon2id verifier, :mod:`ecarnet_tui.services.verifiers`)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import keyring
import keyring.errors
from keyring.backends import fail

SERVICE = "ecarnet"


class NoKeyring(RuntimeError):
    """This machine has no keyring backend (common on headless Linux): the token must be typed each start."""


def keyring_available() -> bool:
    return not isinstance(keyring.get_keyring(), fail.Keyring)


def load_token(account: str) -> str | None:
    if not keyring_available():
        raise NoKeyring(SERVICE)
    try:
        return keyring.get_password(SERVICE, account)
    except keyring.errors.KeyringError as exc:
        raise NoKeyring(str(exc)) from exc


def save_token(account: str, token: str) -> None:
    if not keyring_available():
        raise NoKeyring(SERVICE)
    try:
        keyring.set_password(SERVICE, account, token)
    except keyring.errors.KeyringError as exc:
        raise NoKeyring(str(exc)) from exc


# --- The workstation's registration key (issue 16) ---------------------------------------------------------------
# Given once by an administrator for this PC (``ecarnet --register-workstation``): kept in the keyring, or where
# there is none in a file of the data folder readable by its owner only. It is the workstation's, not an officer's.

WORKSTATION_SERVICE = "ecarnet-workstation"
WORKSTATION_FILE = "workstation.key"


def load_workstation_key(central_url: str, folder: Path) -> str | None:
    """The key this workstation was registered with at ``central_url``, or ``None`` when it is not registered."""
    if keyring_available():
        try:
            found = keyring.get_password(WORKSTATION_SERVICE, central_url)
        except keyring.errors.KeyringError:
            found = None
        if found:
            return found
    path = folder / WORKSTATION_FILE
    try:
        stored = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    key = stored.get(central_url) if isinstance(stored, dict) else None
    return key if isinstance(key, str) and key else None


def save_workstation_key(central_url: str, key: str, folder: Path) -> str:
    """Keep ``key`` for ``central_url``; returns where (the keyring, or the file's path)."""
    if keyring_available():
        try:
            keyring.set_password(WORKSTATION_SERVICE, central_url, key)
            return "keyring"
        except keyring.errors.KeyringError:
            pass
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / WORKSTATION_FILE
    try:
        stored = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        stored = {}
    stored = stored if isinstance(stored, dict) else {}
    stored[central_url] = key
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(stored, out)
    os.chmod(path, 0o600)
    return str(path)
