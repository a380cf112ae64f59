"""The interface the workstation and the offline queue use to reach a central."""

from __future__ import annotations

from typing import Protocol

from carnet_domain.organisation import Office, Territory
from carnet_domain.transaction import Hold, Rejection, Transaction
from central_contract.models import (
    CommitRequest,
    CommitResponse,
    Health,
    HoldRequest,
    LookupResponse,
    Me,
    RejectRequest,
    TransactionPage,
)


class CentralPort(Protocol):
    """Everything a workstation asks of the central. Raises :class:`central_client.errors.CentralError`."""

    async def health(self) -> Health: ...

    async def me(self) -> Me: ...

    async def offices(self) -> list[Office]: ...

    async def territories(self) -> list[Territory]: ...

    async def lookup(self, carnet: str, transaction_code: str, office_id: str | None = None) -> LookupResponse: ...

    async def commit(self, request: CommitRequest, idempotency_key: str) -> CommitResponse: ...

    async def cancel(self, transaction_id: str, cancellation_code: str) -> Transaction: ...

    async def reject(self, request: RejectRequest) -> Rejection: ...

    async def hold(self, request: HoldRequest) -> Hold: ...

    async def release(self, hold_id: str, office_id: str | None = None) -> Hold: ...

    async def holds(self, office_id: str | None = None, territory_wide: bool = False) -> list[Hold]: ...

    async def last_transactions(
        self, office_id: str | None = None, limit: int = 10, offset: int = 0
    ) -> TransactionPage: ...

    async def aclose(self) -> None: ...
