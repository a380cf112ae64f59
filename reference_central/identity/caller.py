"""Who is asking, for one request: an account, and what its credential allows."""

from __future__ import annotations

from pydantic import PrivateAttr

from carnet_domain.organisation import Account
from reference_central.identity.records import Grant


class Caller(Account):
    """An account as authenticated for one request: by a person's session, an integration token, or an offline
    grant. What the credential limits travels with it, out of the account's record."""

    _session_id: str = PrivateAttr(default="")
    _workstation_id: str = PrivateAttr(default="")
    _offices: frozenset[str] | None = PrivateAttr(default=None)
    """Where the credential acts: a session's office, an integration token's offices, or the offices an offline
    grant's commits may have been made at; ``None``: wherever the account's role allows (the console)."""
    _working: str = PrivateAttr(default="")
    """The office a request that names none acts at: a session's office (empty: the account's own office)."""
    _grant: Grant | None = PrivateAttr(default=None)
    """Set when the request is a commit sent later under the officer's offline grant."""

    @classmethod
    def of(
        cls, account: Account, *, session_id: str = "", workstation_id: str = "",
        offices: frozenset[str] | None = None, grant: Grant | None = None, working: str = "",
    ) -> Caller:
        caller = cls.model_validate(account.model_dump())
        caller._session_id = session_id
        caller._workstation_id = workstation_id
        caller._offices = offices
        caller._grant = grant
        caller._working = working
        return caller

    @property
    def session_id(self) -> str:
        return self._session_id

    @property
    def workstation_id(self) -> str:
        return self._workstation_id

    @property
    def office_scope(self) -> frozenset[str] | None:
        return self._offices

    @property
    def grant(self) -> Grant | None:
        return self._grant

    @property
    def working_office(self) -> str:
        return self._working or self.office_id

    @property
    def bound_to_session(self) -> bool:
        """A person's session works at one office, chosen at sign-in (a grant's commits, at the offices of the session
        and the workstation it was issued at): another office is refused as not the session's, not as out of scope."""
        return self._working != ""


def office_scope(account: Account) -> frozenset[str] | None:
    return account.office_scope if isinstance(account, Caller) else None


def working_office(account: Account) -> str:
    """The office a request that names none acts at."""
    return account.working_office if isinstance(account, Caller) else account.office_id


def bound_to_session(account: Account) -> bool:
    """Whether the account asks through a credential bound to one session's office (:attr:`Caller.bound_to_session`)."""
    return isinstance(account, Caller) and account.bound_to_session


def grant_of(account: Account) -> Grant | None:
    return account.grant if isinstance(account, Caller) else None


def session_of(account: Account) -> str:
    return account.session_id if isinstance(account, Caller) else ""


def workstation_of(account: Account) -> str:
    return account.workstation_id if isinstance(account, Caller) else ""
