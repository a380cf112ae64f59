"""The officers who signed in online at this desk, and the offline grants the central gave them there: what lets
one of them sign in again while the central is unreachable, and what the commits they make then are sent under
(docs/api.md, "Offline grants")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pydantic import TypeAdapter

from carnet_domain.organisation import Territory
from central_contract.identity import OfflineGrant
from central_contract.models import Me

TERRITORIES = TypeAdapter(list[Territory])


@dataclass(frozen=True)
class Grant:
    """An officer's offline grant, issued by the central at an online sign-in at this (registered) workstation."""

    grant_id: str
    secret: str
    """Sent as ``Authorization: Offline <secret>`` with the workstation's key; never shown."""
    issued_at: datetime
    offline_until: datetime
    """The central records a commit sent under this grant only if it was made between ``issued_at`` and this."""

    @classmethod
    def issued(cls, offline: OfflineGrant) -> Grant:
        """The grant as the central issued it (``SessionIssued.offline``)."""
        return cls(offline.grant_id, offline.grant, offline.issued_at, offline.offline_until)

    def covers(self, moment: datetime) -> bool:
        """Whether a commit made at ``moment`` is made under this grant: an officer signs in offline only then."""
        return self.issued_at <= moment <= self.offline_until


@dataclass(frozen=True)
class OfficerRecord:
    """What the desk keeps of an officer's last online sign-in here."""

    account_id: str
    display_name: str
    verifier: str
    """The password's verifier, an Argon2id PHC string made by the desk; the queue never sees the password."""
    me_json: str
    """What the central said of the account (``GET /v1/me``), as JSON."""
    territories_json: str
    """The territories the central listed at that sign-in, as a JSON list."""
    signed_in_at: datetime
    grant: Grant | None
    """The offline grant issued at that sign-in; ``None`` at a workstation that is not registered."""

    @property
    def me(self) -> Me:
        return Me.model_validate_json(self.me_json)

    @property
    def territories(self) -> list[Territory]:
        return TERRITORIES.validate_json(self.territories_json or "[]")
