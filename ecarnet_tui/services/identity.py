"""Who is signed in at the desk, and the drafts kept for officers who signed out in the middle of a transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from central_contract.identity import OfflineGrant
    from central_contract.models import LookupResponse, Me


@dataclass(frozen=True)
class DeskSession:
    """The officer signed in at this desk now."""

    me: Me
    signed_in_at: datetime
    verifier: str = ""
    """The Argon2id verifier of the officer's password, to unlock the idle lock; empty when the session was handed
    to the desk ready-made (an integration account's token)."""
    grant: OfflineGrant | None = None
    """The offline grant of this sign-in: commits queued meanwhile are sent under it."""
    offline: bool = False
    """Signed in against this workstation's verifier while the central could not be reached."""

    @property
    def account_id(self) -> str:
        return self.me.account.account_id

    @property
    def name(self) -> str:
        return self.me.account.display_name

    @property
    def grant_id(self) -> str:
        return self.grant.grant_id if self.grant is not None else ""


@dataclass(frozen=True)
class ParkedDraft:
    """A transaction an officer left when signing out (or when the session ended and another officer signed in):
    offered back to that officer only, at the step where it stopped, with everything typed."""

    owner: str
    lookup: LookupResponse
    state: dict[str, Any]
    """The draft as :meth:`Draft.snapshot` gives it."""
    step: int
    office_id: str
