"""The guide's answer to an outage made structured (line 1851): with the central unreachable and the carnet
not known here, the officer records what the holder shows, and the queue completes it against the central
when the link is back."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Input, Label, Select, Static

from carnet_domain.items import ItemRangeError, ItemRanges
from carnet_domain.payload import CODE_ALPHABET, is_code
from carnet_domain.transaction import CustomsEntries, GoodsDeclaration
from carnet_domain.transaction_types import TransactionType, TxField
from central_contract.models import CommitRequest
from ecarnet_tui.i18n import _
from ecarnet_tui.screens.common.workstation import TrainingBanner, WorkstationScreen
from ecarnet_tui.services.entry_error import EntryError
from ecarnet_tui.texts.code_use import earlier_use_text
from ecarnet_tui.texts.desk_help import record_later_help
from ecarnet_tui.texts.labels import type_name
from ecarnet_tui.texts.problems import entry_problem
from ecarnet_tui.widgets.form import FormRow
from ecarnet_tui.widgets.key_bar import KeyBar
from ecarnet_tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from ecarnet_tui.services.desk import DeskServices

RECORDABLE = [t for t in TransactionType if t is not TransactionType.PRE_EXPORTATION]
"""A Pre-exportation is never declared on its own: an EU Exit records it."""


class RecordLaterScreen(WorkstationScreen):
    """Carnet, code, type, goods and remarks, kept in the offline queue; nothing is checked here."""

    BINDINGS = [
        Binding("escape", "back", _("Back"), id="later-back"),
        Binding("ctrl+n", "record", _("Record"), id="later-record", tooltip=_("Keep it in the offline queue")),
    ]


    def help_text(self) -> tuple[str, list[str]]:
        return record_later_help()
    def __init__(self, desk: DeskServices, carnet: str = "", code: str = "") -> None:
        super().__init__(desk)
        self.carnet = carnet
        self.code = code

    def compose(self) -> ComposeResult:
        yield TitleBar(self.desk.link, self.desk.sync)
        yield TrainingBanner()
        yield Static(_("Record for later — the central checks everything when the link is back"),
                     classes="heading")
        with VerticalScroll(id="record-later"):
            yield FormRow(_("Carnet ID or number"), "later-carnet", self.carnet)
            yield FormRow(_("Transaction code"), "later-code", self.code)
            with Horizontal(classes="select-row"):
                yield Label(_("Type (as the holder declared)"))
                yield Select([(type_name(t), t.value) for t in RECORDABLE], id="later-type", prompt=_("choose"))
            yield FormRow(_("Declared goods (items)"), "later-goods", placeholder="1-2,5,7,9-10")
            yield FormRow(_("Customs remarks"), "later-remarks", max_length=500)
        yield Static("", id="problem")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#later-carnet" if not self.carnet else "#later-type").focus()

    def action_back(self) -> None:
        self.dismiss()

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        inputs = list(self.query(Input))
        if event.input is not inputs[-1]:
            self.focus_next()
        else:
            self.action_record()

    def _value(self, selector: str) -> str:
        return self.query_one(selector, Input).value.strip()

    def request(self) -> CommitRequest | None:
        """The commit to queue, or ``None`` after saying what to correct."""
        carnet, code = self._value("#later-carnet").upper(), self._value("#later-code").upper()
        chosen = self.query_one("#later-type", Select).value
        if not carnet:
            self.say(_("Type the carnet ID or number the holder shows."))
            return None
        if not is_code(code):
            self.say(_("A transaction code is 12 characters from {alphabet}: check what the holder shows.").format(
                alphabet=CODE_ALPHABET))
            return None
        if not isinstance(chosen, str):
            self.say(_("Choose the type of transaction the holder declared."))
            return None
        try:
            goods = ItemRanges.parse(self._value("#later-goods")).format()
        except ItemRangeError as exc:
            self.say(entry_problem(EntryError(TxField.DECLARED_GOODS, exc.reason, exc.part, exc.limit)))
            return None
        return CommitRequest(
            carnet_id=carnet, transaction_code=code, type=TransactionType(chosen), office_id=self.desk.office_id,
            goods=GoodsDeclaration(declared_goods=goods),
            customs=CustomsEntries(customs_remarks=self._value("#later-remarks")),
            occurred_at=self.desk.clock(),
        )

    def action_record(self) -> None:
        app = self.desk
        request = self.request()
        if request is None or app.queue is None:
            return
        if (earlier := app.queue.earlier_use(request.carnet_id, request.transaction_code)) is not None:
            self.say(earlier_use_text(earlier))
            return
        item = app.queue_commit(request, office_id=app.office_id, without_carnet=True,
                                unchecked=("carnet", "holds", "history"))
        app.wake_syncer()
        told = _("Recorded for later as {ref}: give the holder this reference. The central checks and records it "
                 "when the link is back.").format(ref=item.local_ref)
        self.notify(told, markup=False, timeout=30)
        self.post_message(self.Finished(told))
