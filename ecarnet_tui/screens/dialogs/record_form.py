"""A form in a dialog (a vehicle file's record, an account): one row per field, Ctrl+N records, Escape goes back.

What was typed is handed back to the screen in every case (it keeps it, so a refusal or a slip of the
Escape key loses nothing); the dialog closes with the request only when :meth:`Form.build` accepts it.
"""

from __future__ import annotations

from pydantic import BaseModel
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, Label, Select, Static

from ecarnet_tui.i18n import _
from ecarnet_tui.literal import literal
from ecarnet_tui.screens.dialogs.dialog import Dialog
from ecarnet_tui.texts.forms import FieldKind, Form, FormField, FormProblem
from ecarnet_tui.widgets.form import FormRow

Answer = tuple[dict[str, str], BaseModel | None]


class RecordFormDialog(Dialog[Answer]):
    """Returns (what was typed, the request or ``None`` when the officer went back)."""

    DEFAULT_CSS = """
    RecordFormDialog > Vertical { width: 90; max-height: 90%; }
    RecordFormDialog VerticalScroll { height: auto; max-height: 60vh; }
    RecordFormDialog FormRow { margin-bottom: 0; }
    RecordFormDialog .select-row { height: 3; }
    RecordFormDialog .select-row > Label { width: 30; padding-top: 1; color: $text-muted; }
    RecordFormDialog .select-row > Select { width: 1fr; }
    """
    AUTO_FOCUS = "Input"
    BINDINGS = [
        Binding("escape", "cancel", _("Back"), id="record-back"),
        Binding("ctrl+n", "record", _("Record"), id="record-save", priority=True),
    ]

    def __init__(self, form: Form, values: dict[str, str]) -> None:
        super().__init__()
        self.form = form
        self.values = {f.key: values.get(f.key, f.default) for f in form.fields}

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(literal(self.form.title, "bold"))
            with VerticalScroll():
                for field in self.form.fields:
                    yield from self._row(field)
            yield Static(_("Ctrl+N records, Escape goes back (what you typed is kept)."), id="record-hint")

    def _row(self, field: FormField) -> ComposeResult:
        value = self.values.get(field.key, "")
        if field.kind is FieldKind.CHOICE:
            options = [(literal(label), v) for label, v in field.choices]
            chosen = value if value in {v for _, v in field.choices} else (field.choices[0][1] if field.choices else "")
            with Horizontal(classes="select-row", id=f"row-{field.key}"):
                yield Label(field.label)
                yield Select(options, allow_blank=not field.choices, id=field.key,
                             value=chosen if chosen else Select.NULL)
            return
        placeholder = field.placeholder or (_("YYYY-MM-DD") if field.kind is FieldKind.DATE else "")
        yield FormRow(field.label, field.key, value, placeholder=placeholder, max_length=field.max_length)

    def typed(self) -> dict[str, str]:
        values = {}
        for field in self.form.fields:
            if field.kind is FieldKind.CHOICE:
                select = self.query_one(f"#{field.key}", Select)
                values[field.key] = "" if select.value is Select.NULL else str(select.value)
            else:
                values[field.key] = self.query_one(f"#{field.key}", Input).value
        return values

    def action_record(self) -> None:
        values = self.typed()
        missing = [f for f in self.form.fields if f.required and not values.get(f.key, "").strip()]
        try:
            if missing:
                raise FormProblem(missing[0].key, _("{field} is needed.").format(field=missing[0].label))
            request = self.form.build(values)
        except FormProblem as problem:
            hint = self.query_one("#record-hint", Static)
            message = problem.message
            if problem.technical:
                label = next((f.label for f in self.form.fields if f.key == problem.key), problem.key)
                message = _("{field} is not accepted ({problem}).").format(field=label, problem=message)
            hint.update(literal(message, "bold"))
            hint.add_class("problem")
            if self.query(f"#{problem.key}"):
                self.query_one(f"#{problem.key}").focus()
            return
        self.dismiss((values, request))

    @on(Input.Submitted)
    def next_field(self) -> None:
        self.focus_next()

    def action_cancel(self) -> None:
        self.dismiss((self.typed(), None))
