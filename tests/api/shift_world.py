"""Central states for the shift, supervisor desk, transit and cross-workstation tests (issue 7), made through
the real API: accounts created by the admin, carnets validated, transactions committed, holds placed."""

from __future__ import annotations

import uuid
from datetime import date

import httpx

from carnet_domain.carnet import Carnet
from carnet_domain.transaction import CustomsEntries, GoodsDeclaration, Transaction
from carnet_domain.transaction_types import TransactionType as T
from central_client.http import HttpCentral
from central_contract.models import CommitRequest, HoldRequest
from tests.api.helpers import fresh_code
from tests.central_world import World, make_carnet, open_session


def new_account(world: World, account_id: str, office_id: str, role: str = "officer") -> str:
    """An account created by the admin through the API, signed in: its session in ``world.tokens``."""
    admin = {"Authorization": f"Bearer {world.tokens['admin']}"}
    with httpx.Client(base_url=world.url, headers=admin) as http:
        created = http.post("/v1/accounts", json={"account_id": account_id, "display_name": f"Officer {account_id}",
                                                   "role": role, "office_id": office_id})
        assert created.status_code == 201, created.text
    world.tokens[account_id] = open_session(world.store, account_id, world.clock())
    return account_id


def declared(world: World, carnet: Carnet, kind: T, goods: str = "") -> str:
    code = fresh_code()
    world.declare(carnet, kind, code, goods)
    return code


async def commit(
    world: World, client: HttpCentral, carnet: Carnet, kind: T, goods: str = "", *, office_id: str | None = None,
    final_date: date | None = None, reference: str = "",
) -> Transaction:
    body = CommitRequest(
        carnet_id=carnet.carnet_id, transaction_code=declared(world, carnet, kind, goods), type=kind,
        office_id=office_id, goods=GoodsDeclaration(declared_goods=goods),
        customs=CustomsEntries(final_date=final_date, customs_reference=reference),
    )
    return (await client.commit(body, str(uuid.uuid4()))).transaction


async def validated_in_france(world: World, carnet_id: str, number: str) -> Carnet:
    """An EU carnet validated at Paris Charles de Gaulle: ready for an importation or a transit in Switzerland."""
    carnet = world.add_carnet(make_carnet(carnet_id, number, home="EU"))
    fr = world.client("officer.fr")
    await commit(world, fr, carnet, T.VALIDATION)
    return carnet


async def hold(world: World, client: HttpCentral, carnet: Carnet, reason: str, *, office_id: str | None = None,
               draft: dict[str, object] | None = None, reference: str = "", kind: T = T.IMPORTATION) -> str:
    """Put ``carnet`` on hold from step 3 of a new declaration of ``kind``; returns the hold's ID."""
    code = declared(world, carnet, kind, "1-5")
    placed = await client.hold(HoldRequest(carnet_id=carnet.carnet_id, transaction_code=code, office_id=office_id,
                                           step=3, reason=reason, customs_reference=reference, draft=draft or {}))
    return placed.hold_id
