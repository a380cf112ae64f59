"""Secrets the central must read back (the TOTP secrets) are kept encrypted (Fernet: AES-128-CBC with
HMAC-SHA256), under a key that is not in the database: a file beside it, readable by its owner only, or the file
``ECARNET_CENTRAL_KEY_FILE`` names. A copy of the database alone gives no second factor away."""

from __future__ import annotations

import os
import weakref
from pathlib import Path
from typing import TYPE_CHECKING

from cryptography.fernet import Fernet, InvalidToken

if TYPE_CHECKING:
    from reference_central.store import Store

KEY_FILE_ENV = "ECARNET_CENTRAL_KEY_FILE"


class SecretBoxError(RuntimeError):
    """The key cannot be read or does not open what the database holds."""


def key_path_for(db_path: Path) -> Path:
    chosen = os.environ.get(KEY_FILE_ENV)
    return Path(chosen) if chosen else db_path.with_name(db_path.name + ".key")


class SecretBox:
    def __init__(self, key: bytes) -> None:
        self._fernet = Fernet(key)

    @classmethod
    def in_memory(cls) -> SecretBox:
        return cls(Fernet.generate_key())

    @classmethod
    def at(cls, path: Path) -> SecretBox:
        """The key in ``path``, created (mode 0600) when there is none yet."""
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:  # another server process of the central made it meanwhile
                fd = -1
            if fd >= 0:
                with os.fdopen(fd, "wb") as out:
                    out.write(Fernet.generate_key())
        try:
            return cls(path.read_bytes().strip())
        except (OSError, ValueError) as exc:
            raise SecretBoxError(f"the central's key {path} cannot be used: {exc}") from exc

    def seal(self, secret: str) -> str:
        return self._fernet.encrypt(secret.encode()).decode()

    def open(self, sealed: str) -> str:
        try:
            return self._fernet.decrypt(sealed.encode()).decode()
        except InvalidToken as exc:
            raise SecretBoxError("a secret in the database does not open with this key (another key file?)") from exc


_BOXES: weakref.WeakKeyDictionary[Store, SecretBox] = weakref.WeakKeyDictionary()


def box_of(store: Store) -> SecretBox:
    """The box of ``store``'s secrets: its key file, or, for a database in memory, a key kept as long as it."""
    if store not in _BOXES:
        if store.key_file is None and not store.memory:
            raise SecretBoxError(f"{store.name} needs the key file that seals its TOTP secrets: set {KEY_FILE_ENV} "
                                 "(every server process of the central reads the same file)")
        _BOXES[store] = SecretBox.in_memory() if store.key_file is None else SecretBox.at(store.key_file)
    return _BOXES[store]
