"""Messages the app's workers post when their I/O is done."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from central_contract.models import Me, TransactionPage
    from ecarnet_tui.connection import Connection


@dataclass
class Connected(Message):
    connection: Connection


@dataclass
class SignedIn(Message):
    me: Me


@dataclass
class CentralProblem(Message):
    """Something went wrong talking to the central; ``text`` says what and what to do."""

    text: str


@dataclass
class TransactionsLoaded(Message):
    page: TransactionPage
