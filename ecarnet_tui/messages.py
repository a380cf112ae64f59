"""Messages the app's workers post when their I/O is done."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from central_contract.models import Me, TransactionPage
    from ecarnet_tui.services.connection import Connection
    from offline_queue.status import SyncStatus


@dataclass
class Connected(Message):
    connection: Connection


@dataclass
class SignedIn(Message):
    """A desk handed a ready session (an integration account's token) knows who it is."""

    me: Me


class SessionEnded(Message):
    """The central said the session is over (idle, expired, revoked): the officer signs in again."""


@dataclass
class CentralProblem(Message):
    """Something went wrong talking to the central; ``text`` says what and what to do."""

    text: str
    link: bool = False
    """The link is down (the message is stale once it is back), rather than a refusal."""


@dataclass
class TransactionsLoaded(Message):
    page: TransactionPage


@dataclass
class SyncChanged(Message):
    """The link or the offline queue changed: reachable or not, what is waiting."""

    status: SyncStatus
