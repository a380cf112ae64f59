"""A workstation set for a live central works only on a live one, and one set for training only on a training
central (``central_kind``): the central says which it is (``GET /v1/health``), and a central of the other kind is
refused before anyone signs in, so that nothing meant for training reaches real carnets and nothing real is done on
demo ones. The embedded demo central is training by construction. Nothing here knows Textual."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ecarnet_tui.i18n import _
from ecarnet_tui.settings import Settings, user_settings_file

if TYPE_CHECKING:
    from ecarnet_tui.services.connection import Connection


class WrongCentral(Exception):
    """The central is not of the kind this workstation is set for; the message says which it is and what to set."""


def kind_problem(settings: Settings, url: str, training: bool) -> str | None:
    """What is wrong with working on the configured central at ``url``, which says it is ``training``; ``None``:
    nothing."""
    if training == (settings.central_kind == "training"):
        return None
    central = urlsplit(url).hostname or url
    if training:
        return _("{central} is a training central, but this workstation is set for a live one: nobody signs in. To "
                 "train on it, set central_kind = \"training\" in {file}; else set central_url.").format(
                     central=central, file=user_settings_file())
    return _("{central} is a live central, but this workstation is set for training: nobody signs in. To work on "
             "it, set central_kind = \"live\" in {file}; else set central_url.").format(
                 central=central, file=user_settings_file())


async def check_central_kind(connection: Connection, settings: Settings) -> None:
    """Ask the central which kind it is, once per connection; raises :class:`WrongCentral` for the other kind, and
    :class:`central_client.errors.CentralError` when it cannot tell (unreachable: asked again next time)."""
    if connection.embedded or connection.kind_checked:
        return
    health = await connection.central.health()
    problem = kind_problem(settings, connection.url, health.training)
    if problem is not None:
        raise WrongCentral(problem)
    connection.kind_checked = True
