"""What the queue's tests share: the desk they stand at, a commit request, the journal read back, an officer as the
desk remembers them."""

from __future__ import annotations

from datetime import UTC, datetime

import pyotp
from pydantic import TypeAdapter

from carnet_domain.organisation import Territory, permissions_of
from carnet_domain.transaction import GoodsDeclaration
from carnet_domain.transaction_types import TransactionType as T
from central_client.http import HttpCentral
from central_contract.identity import SessionIssued
from central_contract.models import CommitRequest, Me
from offline_queue.officers import Grant, OfficerRecord
from offline_queue.store import QueueStore
from reference_central.demo.identity import DEMO_PASSWORD, demo_totp_secret
from reference_central.demo.organisation import ACCOUNTS, OFFICES, REGIONS, TERRITORIES
from reference_central.identity.passwords import CHEAP_PROFILE, hash_password
from tests.central_world import World

NOW = datetime(2026, 6, 15, 10, 0, tzinfo=UTC)
OFFICE = "gva-airport"
OFFICER = "officer.ch"
CODE = "BCDFGHJKLNPR"
TERRITORY_LIST = TypeAdapter(list[Territory])


def request(carnet_id: str = "120001", code: str = CODE, kind: T = T.VALIDATION, declared: str = "",
            occurred_at: datetime | None = None) -> CommitRequest:
    return CommitRequest(carnet_id=carnet_id, transaction_code=code, type=kind,
                         goods=GoodsDeclaration(declared_goods=declared), occurred_at=occurred_at)


def actions(store: QueueStore) -> list[tuple[str, str, str, str]]:
    """The journal, oldest first, without the times."""
    return [(e.who, e.action, e.subject, e.detail) for e in reversed(store.journal())]


def me_of(account_id: str) -> Me:
    """What the central says of a demo account at sign-in (``GET /v1/me``), from the demo organisation."""
    account = next(a for a in ACCOUNTS if a.account_id == account_id)
    office = next(o for o in OFFICES if o.office_id == account.office_id)
    region = next(r for r in REGIONS if r.region_id == account.region_id)
    territory = next(t for t in TERRITORIES if t.code == office.territory)
    return Me(account=account, office=office, region=region, territory=territory,
              permissions=sorted(permissions_of(account.role)),
              offices=[o for o in OFFICES if o.region_id == region.region_id], training=True)


def verifier_of(password: str) -> str:
    """A password verifier as the desk keeps it: an Argon2id PHC string (a cheap one, for tests)."""
    return hash_password(password, CHEAP_PROFILE)


def officer_record(me: Me, grant: Grant | None, *, signed_in_at: datetime = NOW,
                   territories: list[Territory] | None = None, password: str = DEMO_PASSWORD) -> OfficerRecord:
    """What the desk remembers of an online sign-in."""
    return OfficerRecord(
        account_id=me.account.account_id, display_name=me.account.display_name, verifier=verifier_of(password),
        me_json=me.model_dump_json(), territories_json=TERRITORY_LIST.dump_json(territories or [me.territory]).decode(),
        signed_in_at=signed_in_at, grant=grant)


async def sign_in_at(world: World, workstation_key: str, account_id: str) -> tuple[HttpCentral, SessionIssued]:
    """A demo account signs in through the central's routes at the workstation with this key (password, then the
    authenticator's code at the central's time); the client, asking as that session, is closed with the world's."""
    client = HttpCentral(world.url, workstation_key=workstation_key)
    world.clients.append(client)
    step = await client.sign_in(account_id, DEMO_PASSWORD)
    code = pyotp.TOTP(demo_totp_secret(account_id)).at(world.clock())
    return client, await client.complete_sign_in(step.challenge, code)


async def signed_in_here(world: World, queue: QueueStore, workstation_key: str, account_id: str) -> OfficerRecord:
    """An online sign-in at this desk, remembered by its queue as the desk does: the officer may sign in here
    offline afterwards, and their commits made offline are sent under the grant issued here."""
    client, issued = await sign_in_at(world, workstation_key, account_id)
    assert issued.offline is not None, "a registered workstation gets an offline grant"
    territories = await client.territories()
    record = officer_record(issued.me, Grant.issued(issued.offline), signed_in_at=world.clock(),
                            territories=territories)
    queue.remember_officer(record)
    return record
