"""Building central states for tests: the demo organisation plus carnets and declarations a test defines."""

from __future__ import annotations

import random
import secrets
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from carnet_domain.carnet import Carnet, CarnetKind, GeneralListItem, Party
from carnet_domain.payload import CODE_ALPHABET
from carnet_domain.training.exercise import Exercise
from carnet_domain.transaction import Declaration, GoodsDeclaration
from carnet_domain.transaction_types import TransactionType
from central_client.http import HttpCentral
from reference_central import records
from reference_central.clock import SettableClock
from reference_central.database import SQLITE
from reference_central.demo.organisation import ACCOUNTS, TERRITORIES, classroom_accounts
from reference_central.demo.seed import seed_demo
from reference_central.identity import records as ids
from reference_central.identity.passwords import CHEAP_PROFILE
from reference_central.identity.policy import IdentityPolicy
from reference_central.schema_version import upgrade
from reference_central.server import BackgroundCentral
from reference_central.service import Central, new_code
from reference_central.store import Store

ISSUER = Party(name="Test Chamber", country="CH")


def make_carnet(
    carnet_id: str,
    number: str,
    *,
    home: str = "CH",
    items: int = 20,
    issue: date = date(2026, 1, 1),
    valid_until: date = date(2026, 12, 31),
    **extra: object,
) -> Carnet:
    general_list = tuple(
        GeneralListItem(item_no=n, pieces=1, description=f"Item {n}", value=Decimal("100.00"))
        for n in range(1, items + 1)
    )
    fields: dict[str, object] = dict(
        carnet_id=carnet_id, number=number, kind=CarnetKind.ATA, holder=Party(name="Test Holder"),
        issued_by=ISSUER, guaranteed_by=ISSUER, issue_date=issue, valid_until=valid_until,
        total_value=Decimal(100 * items), currency="CHF", home_territory=home,
        valid_territories=tuple(t.code for t in TERRITORIES if t.code != home), items=general_list,
    )
    fields.update(extra)
    return Carnet.model_validate(fields)


@dataclass
class World:
    """A running central on 127.0.0.1 with an ephemeral port, a settable clock and the demo accounts, each with a
    session open (``tokens``)."""

    server: BackgroundCentral
    store: Store
    clock: SettableClock
    tokens: dict[str, str]
    clients: list[HttpCentral] = field(default_factory=list)
    sessions_at: dict[tuple[str, str], str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return self.server.url

    def token(self, account_id: str = "officer.ch", office_id: str | None = None) -> str:
        """``account_id``'s session token; with ``office_id``, of a session that works at that office (as one the
        officer chose it for at sign-in)."""
        if office_id is None:
            return self.tokens[account_id]
        if (account_id, office_id) not in self.sessions_at:
            self.sessions_at[account_id, office_id] = open_session(self.store, account_id, self.clock(),
                                                                   office_id=office_id)
        return self.sessions_at[account_id, office_id]

    def client(self, account_id: str = "officer.ch", office_id: str | None = None) -> HttpCentral:
        client = HttpCentral(self.url, self.token(account_id, office_id))
        self.clients.append(client)
        return client

    def add_carnet(self, carnet: Carnet) -> Carnet:
        with self.store.transaction() as db:
            records.put_carnet(db, carnet)
        return carnet

    def declare(
        self, carnet: Carnet, kind: TransactionType, code: str, declared: str = "", *,
        cancellation_code: str = "CANCEL" + "B" * 6, **goods: object,
    ) -> Declaration:
        """A holder's prepared declaration behind ``code`` (use 12 characters of the code alphabet)."""
        declaration = Declaration(
            carnet_id=carnet.carnet_id, transaction_code=code, type=kind,
            **GoodsDeclaration.model_validate({"declared_goods": declared, **goods}).model_dump(),
        )
        with self.store.transaction() as db:
            records.put_declaration(db, declaration, cancellation_code)
        return declaration


def repeatable_codes(seed: str) -> Callable[[int], str]:
    """Verification codes from a seeded generator: the same run gives the same codes (for screenshots)."""
    rng = random.Random(seed)

    def code(length: int) -> str:
        return "".join(rng.choice(CODE_ALPHABET) for _ in range(length))

    return code


STANDING = IdentityPolicy(idle_minutes=10**7, session_hours=10**6)
"""The policy of a test world whose tests are not about signing in: its sessions survive the clock moving by months
(the identity tests use the default policy)."""


def open_session(
    store: Store, account_id: str, now: datetime, workstation_id: str = "", *, office_id: str | None = None,
) -> str:
    """A session for ``account_id`` opened straight in the database: the tests that are not about signing in start
    signed in (the sign-in itself is tested against the real routes)."""
    token = "ecs_test_" + secrets.token_urlsafe(24)
    with store.transaction() as db:
        ids.put_session(db, str(uuid.uuid4()), token, account_id, ids.SESSION, workstation_id=workstation_id,
                        now=now, expires_at=now + STANDING.session_life,
                        offices=[office_id] if office_id is not None else None)
    return token


@dataclass(frozen=True)
class Database:
    """Where a test world keeps its records: a SQLite file, or a PostgreSQL URL with the key file for its secrets."""

    where: Path | str
    key_file: Path | None


def start_world(
    path: Path | str, now: datetime, *, demo: bool = False, codes: Callable[[int], str] | None = None,
    policy: IdentityPolicy = STANDING, central: type[Central] = Central, key_file: Path | None = None,
    trainees: int = 0, exercises: Sequence[Exercise] = (),
) -> World:
    """A fresh central: the demo organisation and accounts (signed in: ``tokens``), and the demo carnets if
    ``demo`` (a training central then), with a classroom of ``trainees`` and its trainer playing ``exercises``.
    Passwords use a cheap Argon2 profile. ``central``: the reference central, or a test's subclass of it (served
    over HTTP the same way)."""
    store = Store(path, key_file=key_file)
    if store.dialect != SQLITE:
        upgrade(store)
    clock = SettableClock(now)
    seed_demo(store, now, trainees, profile=CHEAP_PROFILE, scenarios=demo, exercises=exercises)
    tokens = {account.account_id: open_session(store, account.account_id, now)
              for account in (*ACCOUNTS, *classroom_accounts(trainees))}
    server = BackgroundCentral(central(store, clock, demo, codes or new_code, profile=CHEAP_PROFILE, policy=policy))
    server.start()
    return World(server, store, clock, tokens)
