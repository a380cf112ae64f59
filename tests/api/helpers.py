"""Helpers the API tests share: fresh codes, refusals in the central's format, what the store recorded."""

from __future__ import annotations

import itertools
from collections.abc import Awaitable
from typing import Any

import httpx
import pytest

from carnet_domain.carnet import Carnet
from carnet_domain.payload import CODE_ALPHABET, CODE_LENGTH
from carnet_domain.refusals import RefusalCode, info
from carnet_domain.transaction import Transaction
from central_client.errors import CentralRefused
from reference_central import records
from tests.central_world import World

_serial = itertools.count(1)


def code_number(n: int) -> str:
    """The ``n``-th transaction code: 12 characters of the code alphabet."""
    chars: list[str] = []
    for _ in range(CODE_LENGTH):
        n, digit = divmod(n, len(CODE_ALPHABET))
        chars.append(CODE_ALPHABET[digit])
    return "".join(reversed(chars))


def fresh_code() -> str:
    """A transaction code never used before in this test process."""
    return code_number(next(_serial))


async def refused(call: Awaitable[object], code: str) -> CentralRefused:
    """The client's refusal from ``call``, which must carry ``code``."""
    with pytest.raises(CentralRefused) as caught:
        await call
    assert caught.value.code == code, str(caught.value)
    return caught.value


def assert_refused(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    """A raw refusal in the central's format: status, code, message and permanence as the catalogue says."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}, body
    error: dict[str, Any] = body["error"]
    assert error["code"] == code, error
    expected = info(RefusalCode(code))
    assert expected.status == status
    assert error["message"] == expected.message
    assert error["permanent"] is expected.permanent
    assert isinstance(error["detail"], str)
    return error


def history_of(world: World, carnet: Carnet | str) -> list[Transaction]:
    """The carnet's transactions as the central's store holds them, in the order recorded."""
    with world.store.transaction() as db:
        return records.history(db, carnet if isinstance(carnet, str) else carnet.carnet_id)
