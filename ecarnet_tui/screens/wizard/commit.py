"""Step 4: review, fill in the customs fields of this type, and commit (lines 1961-2642)."""

from __future__ import annotations

from datetime import UTC

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Input, Label, Select, Static

from carnet_domain.refusals import WarningCode
from carnet_domain.transaction_types import TransactionType, TxField
from central_client.errors import CentralError, CentralRefused, CentralUnreachable
from central_contract.models import CommitRequest, CommitResponse, EuStep
from ecarnet_tui.formats import format_day
from ecarnet_tui.i18n import _
from ecarnet_tui.literal import literal, literal_lines
from ecarnet_tui.screens.common.step import StepScreen
from ecarnet_tui.screens.dialogs.findings import FindingsDialog
from ecarnet_tui.services.commit_route import Route, route, unchecked_after
from ecarnet_tui.services.draft import CUSTOMS_FIELDS
from ecarnet_tui.services.entry_error import EntryError
from ecarnet_tui.texts.fields import field_hint, field_label
from ecarnet_tui.texts.problems import describe, entry_problem
from ecarnet_tui.texts.refusals import warning_text
from ecarnet_tui.widgets.form import FormRow


def final_date_label(kind: TransactionType) -> str:
    if kind in (TransactionType.EXPORTATION, TransactionType.PRE_EXPORTATION):
        return _("Final date for re-importation")
    if kind is TransactionType.TRANSIT_OPEN:
        return _("Final date, re-export/produce")
    return _("Final date for re-exportation")


class CommitScreen(StepScreen):
    """Review the transaction, fill in the additional fields and commit."""

    STEP = 4
    BINDINGS = [
        Binding("escape", "back", _("Back"), id="back", tooltip=_("The previous step; nothing typed is lost")),
        Binding("ctrl+n", "next", _("Commit"), id="commit", tooltip=_("Commit the transaction")),
    ]

    def compose(self) -> ComposeResult:
        yield from self.compose_top()
        draft = self.draft
        spec = draft.spec
        me = self.desk.me
        office = next((o for o in (me.offices if me else []) if o.office_id == draft.office_id), None)
        with VerticalScroll(id="commit"):
            yield Static(literal(_("Customs office: {office} · Officer: {officer}").format(
                office=office.name if office else draft.office_id, officer=me.account.display_name if me else "",
            )), classes="field")
            if self.eu_two_step():
                options = [(_("Exit (goods leave the EU now)"), EuStep.EXIT.value)]
                if draft.lookup.pre_exportation is None:
                    options.insert(0, (_("Export (prepare; Exit later, possibly elsewhere)"), EuStep.EXPORT.value))
                with Horizontal(classes="select-row"):
                    yield Label(_("EU export step"))
                    yield Select(options, value=(draft.eu_step or EuStep.EXIT).value, allow_blank=False, id="eu-step")
            if TxField.GOODS_EXAMINED in spec.step4:
                with Horizontal(classes="select-row"):
                    yield Label(field_label(TxField.GOODS_EXAMINED))
                    yield Select([(_("No"), "no"), (_("Yes"), "yes")], allow_blank=False, id="goods-examined",
                                 value="yes" if draft.goods_examined else "no")
            if TxField.FINAL_DATE in spec.step4:
                until = format_day(draft.valid_carnet.valid_until)
                placeholder = _("DD/MM/YYYY, at most {until}").format(until=until)
                if spec.final_date_default_validity:
                    placeholder = _("blank = the carnet's validity, {until}").format(until=until)
                yield FormRow(final_date_label(draft.kind), "final-date", draft.final_date, placeholder=placeholder)
            for which in CUSTOMS_FIELDS:
                if which in spec.step4:
                    longest = 100 if which is TxField.CUSTOMS_REFERENCE else 500  # as the central takes them
                    yield FormRow(field_label(which), which.value, draft.text.get(which, ""), max_length=longest,
                                  placeholder=field_hint(which))
            yield Static(self.summary(), id="declared-summary", classes="totals")
        yield from self.compose_bottom()

    def on_screen_resume(self) -> None:
        """Composed while step 3 was still being filled in: show the goods as they are now (Textual also
        calls :meth:`StepScreen.on_screen_resume`)."""
        self.query_one("#declared-summary", Static).update(self.summary())

    def eu_two_step(self) -> bool:
        """Exportation at an office of a two-step territory (the EU): Export, then Exit (line 2095)."""
        territory = self.desk.territory
        two_step = territory is not None and territory.two_step_export
        return two_step and self.draft.kind is TransactionType.EXPORTATION

    def summary(self) -> Text:
        draft = self.draft
        lines = [_("Declared goods: {ranges}").format(ranges=draft.ranges.get(TxField.DECLARED_GOODS, ""))]
        if TxField.DIVERTED_GOODS in draft.spec.step3 and draft.ranges.get(TxField.DIVERTED_GOODS):
            lines.append(_("Not re-exported / re-imported: {ranges}").format(
                ranges=draft.ranges[TxField.DIVERTED_GOODS]))
        return literal_lines(lines)

    @on(Input.Changed)
    def keep_typing(self, event: Input.Changed) -> None:
        if event.input.id == "final-date":
            self.draft.final_date = event.value
            return
        try:
            self.draft.text[TxField(event.input.id or "")] = event.value
        except ValueError:
            return

    @on(Select.Changed, "#goods-examined")
    def examined(self, event: Select.Changed) -> None:
        self.draft.goods_examined = event.value == "yes"

    @on(Select.Changed, "#eu-step")
    def eu_step(self, event: Select.Changed) -> None:
        self.draft.eu_step = EuStep(str(event.value))

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        """Enter moves to the next field; only Enter in the last field commits."""
        inputs = [i for i in self.query(Input) if not i.disabled]
        if inputs and event.input is not inputs[-1]:
            self.focus_next(Input)
        else:
            self.action_next()

    def action_next(self) -> None:
        if self.eu_two_step():
            self.draft.eu_step = self.draft.eu_step or EuStep.EXIT
        self.draft.occurred_at = self.draft.occurred_at or self.desk.clock().astimezone(UTC)
        try:
            request = self.draft.commit_request()
        except EntryError as exc:
            self.say(entry_problem(exc))
            return
        self.say(_("Committing…"), problem=False)
        self.commit(request.model_copy())

    @work(exclusive=True, group="commit", exit_on_error=False)
    async def commit(self, request: CommitRequest) -> None:
        desk, draft = self.desk, self.draft
        if route(has_queue=desk.queue is not None, offline_since=draft.offline_since,
                 reachable=desk.sync.reachable) is Route.QUEUE:
            self.keep_for_later(request, unchecked_after(None, draft.offline_since))  # no 5 s wait for the link
            return
        try:
            response = await desk.central.commit(request, draft.idempotency_key)
        except CentralUnreachable as exc:
            if desk.queue is None:
                self.say(describe(exc))
                return
            self.keep_for_later(request, unchecked_after(exc, draft.offline_since))
            return
        except CentralRefused as exc:
            if exc.code == "warnings_not_confirmed":
                self.confirm_warnings(exc)
                return
            self.say(describe(exc))
            return
        except CentralError as exc:
            self.say(describe(exc))
            return
        self.committed(response)

    def confirm_warnings(self, refusal: CentralRefused) -> None:
        findings = refusal.findings
        self.say(_("Confirm the findings to commit."), problem=False)

        def answered(confirmed: bool | None) -> None:
            if confirmed:
                self.draft.confirmed = [WarningCode(c) for c, _items in findings if c in set(WarningCode)]
                self.action_next()
            else:
                self.say(_("Not committed. Correct the goods at step 3 or commit again."), problem=False)

        self.app.push_screen(FindingsDialog([warning_text(code, items) for code, items in findings]), answered)

    def keep_for_later(self, request: CommitRequest, unchecked: tuple[str, ...]) -> None:
        """Put the commit in the offline queue, under this draft's idempotency key (an attempt may already
        have reached the central), and hand the holder a provisional receipt."""
        desk = self.desk
        assert desk.queue is not None
        self.draft.queued = desk.queue_commit(request, office_id=self.draft.office_id, unchecked=unchecked,
                                              idempotency_key=self.draft.idempotency_key)
        desk.wake_syncer()
        self.say("")
        self.post_message(self.Next(self))

    def committed(self, response: CommitResponse) -> None:
        self.draft.result = response
        if self.desk.queue is not None:  # offline later, this code is refused at step 1
            self.desk.queue.record_use(response)
        self.say("")
        self.post_message(self.Next(self))

