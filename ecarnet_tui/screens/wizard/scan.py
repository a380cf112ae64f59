"""Step 1 and the home screen: scan or type the carnet and transaction code; the office's last
transactions below (lines 1764-1851)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Input, Label, Static

from carnet_domain.payload import (
    MAGIC,
    VERSION,
    PayloadError,
    TransactionPayload,
    is_other_qr,
    looks_like_payload,
    normalise_wedge_text,
    parse_payload,
    plausible_reference,
)
from carnet_domain.transaction_types import TransactionType
from central_client.errors import CentralError, CentralRefused, CentralUnreachable
from ecarnet_tui.formats import country_name, format_count, local_time
from ecarnet_tui.i18n import _
from ecarnet_tui.literal import literal, printable
from ecarnet_tui.screens.common.places import Place
from ecarnet_tui.screens.common.workstation import TrainingBanner, WorkstationScreen
from ecarnet_tui.screens.dialogs.ask import AskDialog
from ecarnet_tui.texts.code_use import earlier_use_text
from ecarnet_tui.texts.labels import role_name, type_name
from ecarnet_tui.texts.problems import describe
from ecarnet_tui.widgets.camera_panel import CameraPanel
from ecarnet_tui.widgets.form import FormRow
from ecarnet_tui.widgets.key_bar import KeyBar
from ecarnet_tui.widgets.steps import StepBar
from ecarnet_tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from carnet_domain.transaction import Transaction
    from central_contract.models import Me, TransactionPage
    from ecarnet_tui.services.desk import DeskServices

PAGE_SIZE = 10
"""Transactions per page of step 1's list, as the guide's (line 1800)."""


class ScanScreen(WorkstationScreen):
    """Where every transaction starts."""

    BINDINGS = [
        Binding("ctrl+n", "next", _("Next"), id="next", tooltip=_("Look up the carnet")),
        # Named in F1 rather than on the key bar, which the desk and the camera fill at 80 columns in French.
        # A priority binding: taken in turn with the keys that follow it, so that a scanner's burst right after
        # Ctrl+L (or in the same packet over SSH) is not wiped by a clear that would otherwise come after it.
        Binding("ctrl+l", "clear", _("Clear"), id="clear", show=False, priority=True, tooltip=_("Clear the form")),
        Binding("ctrl+o", "holds", _("On hold"), id="on-hold", priority=True,
                tooltip=_("The carnets on hold at this office")),
        Binding("ctrl+g", "procedures", _("Procedures"), id="procedures", priority=True,
                tooltip=_("Guided procedures: extension, termination, replacement carnets")),
        # Not on the key bar, which has no room left at 80 columns in French: the title bar names the key
        # whenever something waits in the queue, and F1 lists it.
        Binding("ctrl+e", "record_later", _("Record for later"), id="record-later", priority=True, show=False,
                tooltip=_("Central unreachable, carnet unknown here: record the transaction for later")),
        Binding("ctrl+y", "queue", _("Queue"), id="queue", priority=True, show=False,
                tooltip=_("The offline queue: commits waiting for the central, accepted, or to review")),
        Binding("ctrl+d", "desk", _("Desk"), id="desk", priority=True,
                tooltip=_("Pre-declarations, transit monitoring, the supervisor's desk, logs")),
        Binding("f5", "camera", _("Camera"), id="camera", tooltip=_("Start or stop the camera that reads the QR")),
        Binding("f9", "app.sign_out", _("Sign out"), id="sign-out",
                tooltip=_("Sign out: your transaction in progress is kept for you")),
        Binding("f6", "image_file", _("Image file"), id="image-file", show=False,
                tooltip=_("Read the QR from an image file")),
        # The key bar has no room for paging at 80 columns once the camera is on it; F1 names F7 and F8.
        Binding("f7", "page(-1)", _("Newer"), id="newer", show=False, tooltip=_("Newer transactions")),
        Binding("f8", "page(1)", _("Older"), id="older", show=False, tooltip=_("Older transactions")),
        # Enter in the carnet field with no code yet moves on at once, like Tab (see check_action).
        Binding("enter", "code_field", show=False, priority=True),
    ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Enter in the carnet field, with the code still to come, is taken before the next key is handed on."""
        if action != "code_field":
            return True
        return self.focused is self.query_one("#carnet", Input) and not self.query_one("#code", Input).value.strip()

    def action_code_field(self) -> None:
        """Enter in the carnet field: the focus moves to the code at once, so that a burst of keys (a scanner or a
        paste sending ``120003⏎PD8S3NN3FJBJ``, an SSH link delivering several keys together) fills both fields;
        the carnet field is submitted once the keys already on their way to it are in (a whole QR payload typed
        there is then looked up as before)."""
        carnet = self.query_one("#carnet", Input)
        self.set_focus(self.query_one("#code", Input))  # now, not after the messages waiting (Widget.focus waits)

        async def entered() -> None:
            """In the carnet field's turn, once its keys are in: a carnet ID or number waits for its code; anything
            else is submitted as before (a whole QR payload is looked up, another QR is named for what it is)."""
            value = carnet.value.strip()
            waits_for_code = plausible_reference(value) and not looks_like_payload(value) \
                and MAGIC + VERSION not in normalise_wedge_text(value)
            if value and not waits_for_code:
                await carnet.action_submit()

        carnet.call_later(entered)

    def compose(self) -> ComposeResult:
        yield TitleBar(self.desk.link, self.desk.sync)
        yield TrainingBanner()
        yield StepBar(1)
        with Vertical(id="scan"):
            yield FormRow(_("Carnet ID/Number"), "carnet", placeholder=_("scan the QR or type"), max_length=600)
            yield FormRow(_("Transaction code"), "code", placeholder=_("from the holder's phone or printout"),
                          max_length=600)
            with Horizontal(classes="office-row"):
                yield Label(_("Customs office"))
                yield Static("", id="office")
            yield Static("", id="who")
            yield Static(_("Connecting to the central…"), id="connection")
        yield CameraPanel()
        yield Static(_("Last transactions at this office"), classes="heading", id="transactions-heading")
        yield DataTable(id="last-transactions", cursor_type="row", zebra_stripes=True)
        yield KeyBar()

    def __init__(self, desk: DeskServices) -> None:
        super().__init__(desk)
        self.page_offset = 0
        """Where the page of last transactions starts (newest first)."""
        self.page: TransactionPage | None = None
        self._unknown_offline: tuple[str, str] | None = None
        """The carnet and code last looked up in vain while the central was unreachable."""
        self._training_scan: TransactionPayload | None = None
        """The last training QR scanned, refused on a live central."""
        self._camera_wanted = False
        """The officer started the camera (or the settings start it): it runs whenever step 1 is shown."""
        self._camera_texts: list[str] = []
        """What the camera read last, so that a code still in view is not looked up twice."""
        self._about_link = False
        """The status line says the central cannot be reached (it gives way when the link is back)."""

    def on_mount(self) -> None:
        self.query_one(".training-banner").display = False
        table = self.query_one("#last-transactions", DataTable)
        # Type and time get their widths now, so that the table does not widen when the first page arrives.
        type_width = max(len(type_name(t)) for t in TransactionType)
        # The state comes right after the type, so that a cancelled transaction shows as such at 80 columns.
        state_width = max(len(_("Committed")), len(_("Cancelled")))
        for label, width in ((_("Carnet ID"), None), (_("Carnet number"), None), (_("Type"), type_width),
                             (_("State"), state_width),
                             (_("Time"), len(local_time(datetime(2026, 12, 31, 23, 59, tzinfo=UTC)))),
                             (_("Declared goods"), None), (_("Not re-exported/re-imported"), None)):
            table.add_column(label, width=max(width, len(label)) if width else None)
        self.query_one("#carnet", Input).focus()
        self._camera_wanted = self.desk.settings.camera_on_start == "yes"

    # --- what the app tells the screen -------------------------------------------------------------------

    def show_connection(self, text: str, problem: bool = False, *, link: bool = False) -> None:
        """Step 1's status line; ``link``: the text is about the link being down (see :meth:`link_back`)."""
        status = self.query_one("#connection", Static)
        status.update(literal(text))
        status.set_class(problem, "problem")
        self._about_link = link

    def link_back(self, text: str) -> None:
        """The central answers again: a message about the link being down gives way to ``text``; any other (a local
        reference the officer is reading out, say) stays."""
        if self._about_link:
            self.show_connection(text)

    @property
    def can_say(self) -> bool:
        return True

    def help_text(self) -> tuple[str, list[str]]:
        from ecarnet_tui.texts.step_help import help_for

        return help_for(1)

    def say(self, text: str, *, problem: bool = True) -> None:
        """Step 1's message line is its status line."""
        self.show_connection(text, problem)

    def signed_in(self) -> None:
        """The desk is signed in (online, or from the last sign-in here): the account, its offices, and the office's
        last transactions."""
        desk = self.desk
        assert desk.me is not None
        self.show_account(desk.me, desk.training, desk.office_id)
        self.page_offset = 0
        self.load_transactions()

    def start_again(self, text: str = "") -> None:
        """A transaction is over: an empty form, the newest transactions, and ``text`` on the status line."""
        self.clear_form()
        self.page_offset = 0
        if text:
            self.show_connection(text)
        self.load_transactions()

    def link_is_back(self) -> None:
        """The central answers again: the office's last transactions, if the desk started without them."""
        if self.page is None:
            self.load_transactions()

    @work(exclusive=True, group="transactions", exit_on_error=False)
    async def load_transactions(self) -> None:
        """The office's last transactions, a page of ten (the guide's, line 1800); offline the list stays as it
        was, and so does what step 1 tells the officer (a local reference, say)."""
        desk = self.desk
        if not desk.connected.is_set() or desk.sync.reachable is False:
            return
        try:
            page = await desk.central.last_transactions(desk.office_id, PAGE_SIZE, self.page_offset)
        except CentralUnreachable as exc:
            if desk.syncer is None:
                self.show_connection(describe(exc), problem=True, link=True)
            else:  # the title bar says OFFLINE once the syncer has looked; step 1 keeps what it tells the officer
                desk.wake_syncer()
            return
        except CentralError as exc:
            self.show_connection(describe(exc), problem=True)
            return
        self.show_transactions(page)

    def show_account(self, me: Me, training: bool, office_id: str) -> None:
        self.query_one(".training-banner").display = training
        self.query_one("#who", Static).update(
            literal(
                _("Officer: {name} ({role}), customs territory {territory}").format(
                    name=me.account.display_name, role=role_name(me.account.role),
                    territory=country_name(me.territory.code, me.territory.name),
                )
            )
        )
        office = next((o for o in me.offices if o.office_id == office_id), me.office)
        self.query_one("#office", Static).update(literal(office.name))

    def show_transactions(self, page: TransactionPage) -> None:
        self.page = page
        table = self.query_one("#last-transactions", DataTable)
        table.clear()
        for tx in page.items:
            table.add_row(*self._row(tx), key=tx.transaction_id)
        last = min(page.offset + len(page.items), page.total)
        heading = _("Last transactions at this office")
        if page.total:
            heading += "  " + _("{first} - {last} of {total}").format(
                first=format_count(page.offset + 1), last=format_count(last), total=format_count(page.total))
        self.query_one("#transactions-heading", Static).update(heading)

    def action_page(self, direction: int) -> None:
        total = self.page.total if self.page else 0
        offset = max(0, self.page_offset + direction * PAGE_SIZE)
        if offset != self.page_offset and (direction < 0 or offset < total):
            self.page_offset = offset
            self.load_transactions()

    @on(DataTable.RowSelected, "#last-transactions")
    def cancel_chosen(self, event: DataTable.RowSelected) -> None:
        """Enter on a transaction: cancel it with the holder's cancellation code (line 1805)."""
        tx = next((t for t in (self.page.items if self.page else []) if t.transaction_id == event.row_key.value),
                  None)
        if tx is None:
            return
        if not tx.committed:
            self.show_connection(_("This transaction is already cancelled."), problem=True)
            return

        def typed(code: str | None) -> None:
            if code:
                self.show_connection(_("Cancelling…"))
                self.cancel_transaction(tx, code)

        question = _("Cancel the {type} of carnet {number} ({when})? Type the holder's cancellation code.").format(
            type=type_name(tx.type), number=tx.carnet_number, when=local_time(tx.occurred_at))
        self.app.push_screen(
            AskDialog(question, _("cancellation code"), _("Type the cancellation code the holder shows.")), typed
        )

    @work(exclusive=True, group="cancel", exit_on_error=False)
    async def cancel_transaction(self, tx: Transaction, code: str) -> None:
        try:
            await self.desk.central.cancel(tx.transaction_id, code)
        except CentralError as exc:
            self.show_connection(describe(exc), problem=True)
            return
        if self.desk.queue is not None:
            me = self.desk.me
            self.desk.queue.note_cancelled(tx.transaction_id, who=me.account.account_id if me else "")
        self.show_connection(_("The {type} of carnet {number} is cancelled; its transaction code can be used again.")
                             .format(type=type_name(tx.type), number=tx.carnet_number))
        self.load_transactions()

    @staticmethod
    def _row(tx: Transaction) -> tuple[object, ...]:
        """A cancelled transaction says so in its State column, and its other cells are struck through."""
        style = "" if tx.committed else "strike dim"
        state = literal(_("Committed")) if tx.committed else literal(_("Cancelled"), "bold")
        return (
            literal(tx.carnet_id, style), literal(tx.carnet_number, style), literal(type_name(tx.type), style), state,
            literal(local_time(tx.occurred_at), style), literal(tx.goods.declared_goods, style),
            literal(tx.goods.diverted_goods, style),
        )

    def clear_form(self) -> None:
        self.query_one("#carnet", Input).value = ""
        self.query_one("#code", Input).value = ""
        self._unknown_offline = None
        self.show_connection("")
        self.query_one("#carnet", Input).focus()

    # --- what the officer does ---------------------------------------------------------------------------

    def work_at(self, office_id: str) -> None:
        """The desk works at ``office_id`` now (chosen at sign-in): its name, and its last transactions."""
        desk = self.desk
        if desk.me is None or office_id not in {o.office_id for o in desk.me.offices}:
            return
        desk.office_id = office_id
        self.show_account(desk.me, desk.training, office_id)
        self.page_offset = 0
        self.load_transactions()

    @on(Input.Changed, "#carnet")
    @on(Input.Changed, "#code")
    def maybe_payload(self, event: Input.Changed) -> None:
        """A keyboard-wedge scanner types the whole QR payload into whichever field has the focus, also after
        what the officer had typed there."""
        if not looks_like_payload(event.value):
            cleaned = normalise_wedge_text(event.value)
            start = cleaned.rfind(MAGIC + VERSION)
            if start <= 0:
                return
            try:
                payload = parse_payload(cleaned[start:])
            except PayloadError:
                return  # perhaps still arriving, or a carnet number with EC1 in it
            self.fill(payload)
            return
        try:
            payload = parse_payload(event.value)
        except PayloadError:
            return  # perhaps still arriving; Enter will tell
        self.fill(payload)

    def fill(self, payload: TransactionPayload) -> None:
        """Put a scanned payload's carnet and code in the form."""
        self.query_one("#carnet", Input).value = payload.carnet_id
        self.query_one("#code", Input).value = payload.transaction_code
        self._training_scan = payload if payload.training else None
        if payload.training and not self.desk.training:
            self.show_connection(_("This is a TRAINING QR: it is not valid on a live central."), problem=True)
        else:
            self.show_connection(_("QR read: carnet {carnet}.").format(carnet=payload.carnet_id))

    @on(Input.Submitted, "#carnet")
    @on(Input.Submitted, "#code")
    def submitted(self, event: Input.Submitted) -> None:
        if looks_like_payload(event.value):
            try:
                parse_payload(event.value)
            except PayloadError as exc:
                self.show_connection(
                    _("{reason}: read “{text}”").format(reason=exc.reason, text=printable(exc.text)[:80]),
                    problem=True,
                )
                return
        if is_other_qr(event.value):
            self.show_connection(
                _("This is not a carnet QR: read “{text}”").format(text=printable(event.value)[:80]), problem=True
            )
            return
        if event.input.id == "carnet" and not self.query_one("#code", Input).value.strip():
            self.query_one("#code", Input).focus()
            return
        self.action_next()

    def action_next(self) -> None:
        carnet = self.query_one("#carnet", Input).value.strip()
        code = self.query_one("#code", Input).value.strip()
        if not carnet or not code:
            self.show_connection(_("Type the carnet ID or number and the transaction code."), problem=True)
            self.query_one("#carnet" if not carnet else "#code", Input).focus()
            return
        if (problem := self.scan_problem(carnet, code)) is not None:
            self.show_connection(problem, problem=True)
            return
        self.show_connection(_("Looking up carnet {carnet}…").format(carnet=carnet))
        self.lookup(carnet, code)

    def scan_problem(self, carnet: str, code: str) -> str | None:
        """Why these entries cannot be looked up, before asking the central."""
        for text in (carnet, code):
            if is_other_qr(text):
                return _("This is not a carnet QR: read “{text}”").format(text=printable(text)[:80])
        if self._training_scan is not None and not self.desk.training:
            scanned = self._training_scan
            if (scanned.carnet_id, scanned.transaction_code) == (carnet, code):
                return _("This is a TRAINING QR: it is not valid on a live central.")
        for text in (carnet, code):
            if not plausible_reference(text):
                return _("This is not a carnet number or transaction code: read “{text}”").format(
                    text=printable(text)[:80]
                )
        return None

    # --- the camera and image files ----------------------------------------------------------------------

    def action_camera(self) -> None:
        panel = self.query_one(CameraPanel)
        if panel.running:
            panel.stop()
            self._camera_wanted = False
            self.show_connection(_("Camera stopped."))
        else:
            self._camera_wanted = True
            panel.start(self.desk.settings.camera_config())

    def on_screen_suspend(self) -> None:
        """The officer left step 1: the camera is released (and started again on coming back)."""
        self.query_one(CameraPanel).stop()

    @on(CameraPanel.CodesRead)
    def camera_read(self, message: CameraPanel.CodesRead) -> None:
        texts = [reading.text for reading in message.readings]
        # The QR looked up last may still be in front of the camera when the officer comes back to step 1:
        # it is not looked up again until another code is read or the form is cleared.
        if self.is_current and not self.lookup_running and texts != self._camera_texts:
            self._camera_texts = texts
            self.scanned(texts, look_up=True)

    @property
    def lookup_running(self) -> bool:
        return any(worker.group == "lookup" and worker.is_running for worker in self.workers)

    def scanned(self, texts: list[str], look_up: bool) -> None:
        """Codes read by the camera or from an image: a carnet QR fills the form (and is looked up); anything
        else is shown literally, with what is wrong."""
        problem = ""
        for text in texts:
            try:
                payload = parse_payload(text)
            except PayloadError as exc:
                reason = _("This is not a carnet QR") if is_other_qr(text) or not text.strip().upper().startswith(
                    "EC") else exc.reason
                problem = _("{reason}: read “{text}”").format(reason=reason, text=printable(text)[:80])
                continue
            self.fill(payload)
            if look_up and not (payload.training and not self.desk.training):
                self.action_next()
            return
        self.show_connection(problem, problem=True)

    def action_image_file(self) -> None:
        def chosen(path: str | None) -> None:
            if path:
                self.show_connection(_("Reading {path}…").format(path=path))
                self.read_image(path)

        self.app.push_screen(AskDialog(_("Read the QR from which image file? (PNG, JPEG, WebP…)"),
                                          _("path of the image file"), _("Type the path of the image file.")),
                             chosen)

    @work(thread=True, exclusive=True, group="image", exit_on_error=False)
    def read_image(self, path: str) -> None:
        from pathlib import Path

        from ecarnet_tui.scanner.images import ImageError, load_gray

        try:
            image = load_gray(Path(path).expanduser())
        except ImageError as exc:
            self.app.call_from_thread(self.show_connection, str(exc), True)
            return
        scan = self.desk.cascade().read(image)
        if scan.found:
            self.app.call_from_thread(self.scanned, [r.text for r in scan.readings], False)
        else:
            self.app.call_from_thread(
                self.show_connection, _("No QR code found in {path}: take a sharper, closer picture, or type the "
                                        "code.").format(path=path), True)

    def action_holds(self) -> None:
        if self.desk.connected.is_set():
            self.post_message(self.Open(Place.HOLDS))
        else:
            self.show_connection(_("Waiting for the central…"))

    def action_desk(self) -> None:
        """The desk's other work, as far as the officer's role allows it."""
        self.post_message(self.Open(Place.DESK))

    def action_record_later(self) -> None:
        if self.desk.queue is None:
            self.show_connection(_("This workstation has no offline queue."), problem=True)
            return
        carnet, code = self._unknown_offline or (self.query_one("#carnet", Input).value,
                                                 self.query_one("#code", Input).value)
        self.post_message(self.Open(Place.RECORD_LATER, (carnet.strip(), code.strip())))

    def on_screen_resume(self) -> None:
        if self._camera_wanted:
            self.query_one(CameraPanel).start(self.desk.settings.camera_config())

    def action_queue(self) -> None:
        if self.desk.queue is None:
            self.show_connection(_("This workstation has no offline queue."), problem=True)
        else:
            self.post_message(self.Open(Place.QUEUE))

    def action_procedures(self) -> None:
        self.post_message(self.Open(Place.PROCEDURES))

    def action_clear(self) -> None:
        self.clear_form()
        self._camera_texts = []  # the officer means to read the QR in view again

    @work(exclusive=True, group="lookup", exit_on_error=False)
    async def lookup(self, carnet: str, code: str) -> None:
        app = self.desk
        if not app.connected.is_set():
            self.show_connection(_("Waiting for the central…"))
            await app.connected.wait()
        if app.queue is not None and (earlier := app.queue.earlier_use(carnet, code, with_central=True)) is not None:
            self.show_connection(earlier_use_text(earlier), problem=True)  # the central does not know it yet
            return
        try:
            found = await app.central.lookup(carnet, code, app.office_id)
        except CentralUnreachable as exc:
            self.lookup_offline(carnet, code, exc)
            return
        except CentralRefused as exc:
            earlier = app.queue.earlier_use(carnet, code) if app.queue is not None and exc.code == "code_used" else None
            self.show_connection(earlier_use_text(earlier) if earlier is not None else describe(exc), problem=True)
            return
        except CentralError as exc:
            self.show_connection(describe(exc), problem=True)
            return
        self.show_connection("")
        if app.queue is not None:
            app.queue.remember(found, app.office_id)
            app.queue.code_free_at_central(found.carnet.carnet_id, code)
        self.post_message(self.Begin(app.start_draft(found)))

    def lookup_offline(self, carnet: str, code: str, problem: CentralUnreachable) -> None:
        """The central did not answer: check the carnet as it was when last looked up here, if it was."""
        app = self.desk
        app.wake_syncer()  # it looks at the link at once, and the title bar says what it found
        if app.queue is not None and (earlier := app.queue.earlier_use(carnet, code)) is not None:
            self.show_connection(earlier_use_text(earlier), problem=True)
            return
        cached = app.queue.recall(carnet, code, app.office_id, app.settings.cache_max_age) if app.queue else None
        if cached is None:
            self._unknown_offline = (carnet, code)
            self.show_connection(
                describe(problem) + " " + _("This carnet and code were not looked up here in the last {days} days: "
                                             "Ctrl+E records the transaction for later.").format(
                                                 days=app.settings.cache_max_age.days),
                problem=True, link=True)
            return
        lookup, fetched_at = cached
        self.show_connection(_("Offline: checking the carnet as the central knew it on {when}.").format(
            when=local_time(fetched_at)), problem=True, link=True)
        self.post_message(self.Begin(app.start_draft(lookup, offline_since=fetched_at)))
