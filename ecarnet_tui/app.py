"""The workstation app. Services are handed in (a connector), so tests run it on a real loopback central."""

from __future__ import annotations

from collections.abc import Callable

from textual import work
from textual.app import App
from textual.binding import Binding

from central_client.errors import CentralError
from central_contract.models import Me
from ecarnet_tui.connection import ConnectError, Connection
from ecarnet_tui.i18n import _
from ecarnet_tui.messages import CentralProblem, Connected, SignedIn, TransactionsLoaded
from ecarnet_tui.problems import describe
from ecarnet_tui.screens.home import HomeScreen


class EcarnetApp(App[None]):
    """The customs officer's workstation.

    Args:
        connector: reaches the central; it may block, so it runs in a thread worker.
    """

    CSS_PATH = "ecarnet.tcss"
    TITLE = "eCarnet"
    BINDINGS = [
        Binding("ctrl+q", "quit", _("Quit"), id="quit", tooltip=_("Leave the workstation")),
        Binding("r", "refresh", _("Refresh"), id="refresh", tooltip=_("Reload from the central")),
    ]

    def __init__(self, connector: Callable[[], Connection]) -> None:
        super().__init__()
        self._connector = connector
        self.connection: Connection | None = None
        self.me: Me | None = None

    @property
    def home(self) -> HomeScreen:
        screen = self.get_screen("home")
        assert isinstance(screen, HomeScreen)
        return screen

    def on_mount(self) -> None:
        self.install_screen(HomeScreen(), "home")
        self.push_screen("home")
        self._connect()

    @work(thread=True, exclusive=True, group="connect", exit_on_error=False)
    def _connect(self) -> None:
        try:
            connection = self._connector()
        except ConnectError as exc:
            self.post_message(CentralProblem(str(exc)))
            return
        self.post_message(Connected(connection))

    def on_connected(self, message: Connected) -> None:
        self.connection = message.connection
        self.sub_title = _("TRAINING") if message.connection.embedded else message.connection.url
        self.home.show_connection(_("Connected to {url}").format(url=message.connection.url))
        self._sign_in()

    @work(exclusive=True, group="central", exit_on_error=False)
    async def _sign_in(self) -> None:
        assert self.connection is not None
        try:
            me = await self.connection.central.me()
            self.post_message(SignedIn(me))
            page = await self.connection.central.last_transactions(me.office.office_id)
            self.post_message(TransactionsLoaded(page))
        except CentralError as exc:
            self.post_message(CentralProblem(describe(exc)))

    def on_signed_in(self, message: SignedIn) -> None:
        self.me = message.me
        training = message.me.training or (self.connection is not None and self.connection.embedded)
        self.home.show_account(message.me, training)

    def on_transactions_loaded(self, message: TransactionsLoaded) -> None:
        self.home.show_transactions(message.page)

    def on_central_problem(self, message: CentralProblem) -> None:
        self.home.show_connection(message.text, problem=True)

    def action_refresh(self) -> None:
        if self.connection is None:
            self._connect()
        else:
            self._sign_in()

    async def on_unmount(self) -> None:
        if self.connection is not None:
            await self.connection.central.aclose()
            self.connection.stop()
