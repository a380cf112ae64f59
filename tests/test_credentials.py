"""The token never lands in a file: with no keyring backend the workstation says so and asks for it."""

from __future__ import annotations

import pytest

from ecarnet_tui.services.connection import ConnectError, TokenNeeded, connect_configured
from ecarnet_tui.services.credentials import NoKeyring, keyring_available, load_token, save_token
from ecarnet_tui.settings import Settings


@pytest.mark.usefixtures("no_keyring")
def test_without_a_keyring_the_token_is_neither_read_nor_stored() -> None:
    assert not keyring_available()
    with pytest.raises(NoKeyring):
        load_token("jdoe")
    with pytest.raises(NoKeyring):
        save_token("jdoe", "secret")


@pytest.mark.usefixtures("no_keyring")
def test_connecting_without_a_keyring_explains_what_to_do() -> None:
    settings = Settings(central_url="https://central.example", integration_account="jdoe")
    with pytest.raises(TokenNeeded, match=r"no keyring.*type it for this session \(it is not saved\)"):
        connect_configured(settings)


@pytest.mark.usefixtures("no_keyring")
async def test_a_typed_token_connects_without_the_keyring() -> None:
    settings = Settings(central_url="https://central.example", integration_account="jdoe")
    connection = connect_configured(settings, token="t")
    assert not connection.embedded
    assert connection.url == "https://central.example"
    await connection.central.aclose()


def test_a_missing_ca_bundle_is_named() -> None:
    settings = Settings(central_url="https://central.example", integration_account="jdoe",
                        ca_bundle="/nonexistent/ca.pem")
    with pytest.raises(ConnectError, match=r"/nonexistent/ca\.pem"):
        connect_configured(settings, token="t")
