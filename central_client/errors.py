"""What can go wrong when talking to the central, in the two kinds an offline queue must tell apart."""

from __future__ import annotations

from dataclasses import dataclass

from carnet_domain.refusals import is_permanent

SESSION_OVER = frozenset({"session_expired", "unauthenticated"})
"""Refusals that say the session is over: the officer signs in again; nothing else is to blame."""


@dataclass(frozen=True)
class OfflineCredential:
    """What a commit made while the central was unreachable is sent under: the officer's offline grant and this
    workstation's key (docs/api.md, "Offline grants")."""

    grant: str
    workstation_key: str


class CentralError(Exception):
    """Base of the client's errors."""


class CentralUnreachable(CentralError):
    """No answer: the link is down, slow beyond the timeout, or the name does not resolve. Try again later."""

    def __init__(self, reason: str, *, maybe_received: bool = True) -> None:
        super().__init__(reason)
        self.reason = reason
        self.maybe_received = maybe_received
        """Whether the request may have reached the central (an answer lost on the way back), or certainly did not
        (no connection could be made)."""


class CentralRefused(CentralError):
    """The central answered with a refusal; ``code`` is one of :class:`carnet_domain.refusals.RefusalCode`
    (or a newer one this version does not know)."""

    def __init__(
        self, status: int, code: str, message: str, detail: str = "", extra: dict[str, object] | None = None
    ) -> None:
        super().__init__(f"{code}: {message}" + (f" ({detail})" if detail else ""))
        self.status = status
        self.code = code
        self.message = message
        self.detail = detail
        self.extra = extra or {}

    @property
    def findings(self) -> list[tuple[str, str]]:
        """The findings a ``warnings_not_confirmed`` refusal asks the officer to confirm: (code, items) pairs."""
        raw = self.extra.get("warnings", [])
        found = raw if isinstance(raw, list) else []
        return [(str(w.get("code", "")), str(w.get("items", ""))) for w in found if isinstance(w, dict)]

    @property
    def permanent(self) -> bool:
        """Whether sending the same request again can never succeed."""
        return self.status < 500 and is_permanent(self.code)
