"""How the workstation reaches a central: the embedded demo central, or a configured one.

Connecting may block (starting the embedded central, reading the keyring), so the app calls it from a
thread worker. Nobody is signed in yet: officers sign in at the sign-in screen. Only an unattended desk with an
integration account's token starts signed in.
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
    """No token can be read from a keyring here: the integration account's token must be typed (it is not saved)."""


@dataclass
class Connection:
    central: CentralPort
    url: str
    embedded: bool
    """True on the embedded demo central: everything is training."""
    stop: Callable[[], None] = field(default=lambda: None)
    signed_in: bool = False
    """The central client already carries a session or a token: no sign-in screen."""
    kind_checked: bool = False
    """The central said it is of the kind this workstation is set for (``central_kind``)."""

    @property
    def registered(self) -> bool:
        """This workstation is registered at the central (it has a key): offline grants are issued here."""
        return bool(self.central.workstation_key)


def connect_embedded(settings: Settings, db_path: Path | None = None) -> Connection:
    """Start the embedded demo central on a loopback port, as its registered training desk.

    Its database is ``db_path``, by default the demo database that ``ecarnet-central demo-codes``, ``demo reset``
    and ``serve --demo`` use too; a live database is refused.
    """
    from central_client.http import HttpCentral
    from reference_central.database_kind import LiveDatabase
    from reference_central.demo.identity import DEMO_WORKSTATION_KEY
    from reference_central.locations import demo_db_path
    from reference_central.server import start_demo_central

    try:
        server = start_demo_central(db_path or demo_db_path(), account_id=settings.demo_account)
    except LiveDatabase as exc:
        raise ConnectError(_("The demo cannot start: {problem}").format(problem=str(exc))) from exc
    central = HttpCentral(server.url, workstation_key=DEMO_WORKSTATION_KEY)
    return Connection(central, server.url, embedded=True, stop=server.stop)


def connect_configured(settings: Settings, token: str | None = None) -> Connection:
    """Connect to the configured central: as this workstation (its registration key, if it has one), nobody signed
    in; or, on an unattended desk, as the integration account whose token is in the keyring (or ``token``)."""
    from central_client.http import HttpCentral
    from ecarnet_tui.services.credentials import NoKeyring, load_token, load_workstation_key
    from ecarnet_tui.settings import data_dir

    if token is None and settings.integration_account:
        try:
            token = load_token(settings.integration_account)
        except NoKeyring as exc:
            raise TokenNeeded(
                _("This machine has no keyring to keep the integration account's token: type it for this session "
                  "(it is not saved).")
            ) from exc
        if not token:
            raise ConnectError(_("No token is stored for {account}. Run: ecarnet --store-token").format(
                account=settings.integration_account))
    ca_bundle = Path(settings.ca_bundle).expanduser() if settings.ca_bundle else None
    if ca_bundle is not None and not ca_bundle.is_file():
        raise ConnectError(_("The CA bundle {path} does not exist.").format(path=ca_bundle))
    key = load_workstation_key(settings.central_url, data_dir())
    central = HttpCentral(settings.central_url, token, workstation_key=key, ca_bundle=ca_bundle)
    return Connection(central, settings.central_url, False, signed_in=bool(token))


def connect(settings: Settings, token: str | None = None) -> Connection:
    return connect_embedded(settings) if settings.embedded else connect_configured(settings, token)
