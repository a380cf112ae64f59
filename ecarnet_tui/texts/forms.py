"""A form as a list of fields, and the request built from what was typed: no Textual here. A form's ``build``
turns the typed values into the central's request or raises :class:`FormProblem` naming the field and what to do;
:class:`~ecarnet_tui.screens.dialogs.record_form.RecordFormDialog` shows any form."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from pydantic import BaseModel, ValidationError


class FieldKind(StrEnum):
    TEXT = "text"
    DATE = "date"
    CHOICE = "choice"


@dataclass(frozen=True)
class FormField:
    key: str
    label: str
    kind: FieldKind = FieldKind.TEXT
    required: bool = False
    choices: tuple[tuple[str, str], ...] = ()
    """(label, value) for a choice; the first is the default."""
    default: str = ""
    max_length: int = 200
    placeholder: str = ""


@dataclass(frozen=True)
class Form:
    title: str
    fields: tuple[FormField, ...]
    build: Callable[[dict[str, str]], BaseModel] = field(repr=False)


NONE = "-"
"""The value of a choice that chooses nothing (a Select's values are never blank)."""


class FormProblem(ValueError):
    """What is wrong with the field ``key``; ``technical``: the message is the validator's own (English), to
    be shown after the field's label."""

    def __init__(self, key: str, message: str, *, technical: bool = False) -> None:
        super().__init__(message)
        self.key = key
        self.message = message
        self.technical = technical


def model_or_problem(make: Callable[[], BaseModel]) -> BaseModel:
    """The request, or a :class:`FormProblem` naming the first field pydantic refused."""
    try:
        return make()
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(part) for part in error["loc"])
        raise FormProblem(where, str(error["msg"]), technical=True) from None
