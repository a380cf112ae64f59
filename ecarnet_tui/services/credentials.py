"""The account token lives in the system keyring, never in a plain file."""

from __future__ import annotations

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
