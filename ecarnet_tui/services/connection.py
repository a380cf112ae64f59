"""How the workstation reaches a central: the embedded demo central, or a configured one.

Connecting may block (starting the embedded central, reading the keyring), so the app calls it from a
thread worker.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ecarnet_tui.i18n import _
from ecarnet_tui.settings import Settings

if TYPE_CHECKING:
    from central_client.port import CentralPort

# The HTTP client, pydantic and the keyring are imported by the functions below, which run in a thread
# worker: the first screen takes typing before they are loaded.


class ConnectError(RuntimeError):
    """Why the workstation cannot reach its central, in words for the officer, with what to do."""


class TokenNeeded(ConnectError):
    """No token can be read from a keyring here: the officer must type it (it is not saved)."""


@dataclass
class Connection:
    central: CentralPort
    url: str
    embedded: bool
    """True on the embedded demo central: everything is training."""
    stop: Callable[[], None] = field(default=lambda: None)


def connect_embedded(settings: Settings, db_path: Path | None = None) -> Connection:
    """Start the embedded demo central on a loopback port and sign in with the demo account.

    Its database is ``db_path``, by default the demo database that ``ecarnet-central demo-codes``, ``demo reset``
    and ``serve --demo`` use too.
    """
    from central_client.http import HttpCentral
    from reference_central.locations import demo_db_path
    from reference_central.server import start_demo_central

    server, tokens = start_demo_central(db_path or demo_db_path(), account_id=settings.demo_account)
    token = tokens.get(settings.demo_account)
    if token is None:
        server.stop()
        raise ConnectError(
            _("The demo has no account '{account}'. Use one of: {accounts}.").format(
                account=settings.demo_account, accounts=", ".join(sorted(tokens))
            )
        )
    return Connection(HttpCentral(server.url, token), server.url, embedded=True, stop=server.stop)


def connect_configured(settings: Settings, token: str | None = None) -> Connection:
    """Connect to the configured central with the account's token from the keyring (or ``token``)."""
    from central_client.http import HttpCentral
    from ecarnet_tui.services.credentials import NoKeyring, load_token

    if token is None:
        if not settings.account:
            raise ConnectError(_("No account is configured: set 'account' in the settings file."))
        try:
            token = load_token(settings.account)
        except NoKeyring as exc:
            raise TokenNeeded(
                _("This machine has no keyring to keep your token: type it for this session (it is not saved).")
            ) from exc
        if not token:
            raise ConnectError(
                _("No token is stored for {account}. Run: ecarnet --store-token").format(account=settings.account)
            )
    ca_bundle = Path(settings.ca_bundle).expanduser() if settings.ca_bundle else None
    if ca_bundle is not None and not ca_bundle.is_file():
        raise ConnectError(_("The CA bundle {path} does not exist.").format(path=ca_bundle))
    return Connection(HttpCentral(settings.central_url, token, ca_bundle=ca_bundle), settings.central_url, False)


def connect(settings: Settings, token: str | None = None) -> Connection:
    return connect_embedded(settings) if settings.embedded else connect_configured(settings, token)
