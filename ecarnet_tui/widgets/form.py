"""One-line form rows that fit an 80×24 terminal: a label and an input side by side."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Label

from ecarnet_tui.widgets.text_input import TextInput


class FormRow(Horizontal):
    """``label`` and a one-line input whose id is ``input_id``."""

    DEFAULT_CSS = """
    FormRow {
        height: 1;
        margin-bottom: 1;
    }
    /* With a class: more specific than "Dialog Label" (as wide as the box), which would squeeze the input to
       nothing in a form shown in a dialog, whichever of the two rules was loaded last. */
    FormRow > Label.form-label {
        width: 30;
        color: $text-muted;
    }
    FormRow > Input {
        width: 1fr;
        height: 1;
        border: none;
        padding: 0 1;
        background: $boost;
    }
    FormRow > Input:focus {
        border: none;
        background: $primary 30%;
    }
    """

    def __init__(self, label: str, input_id: str, value: str = "", placeholder: str = "", max_length: int = 0) -> None:
        super().__init__(id=f"row-{input_id}")
        self._label = label
        self._input: Input = TextInput(value=value, placeholder=placeholder, id=input_id, max_length=max_length)

    def compose(self) -> ComposeResult:
        yield Label(self._label, classes="form-label")
        yield self._input


class SecretRow(FormRow):
    """A form row whose input hides what is typed, and keeps it as typed: a password is compared, never shown."""

    def __init__(self, label: str, input_id: str) -> None:
        super().__init__(label, input_id, max_length=256)
        self._input = Input(id=input_id, max_length=256, password=True)
