"""The bounds of every value a request may carry (docs/api.md, "Values"), as annotated types.

Each is checked while the request is validated, before the central computes anything with it: a value out of bounds
is refused with ``422 invalid_request`` naming the field, never met later by date arithmetic, SQLite or a terminal.

- a moment (:data:`Moment`) carries its UTC offset and lies between :data:`FIRST_MOMENT` and :data:`LAST_MOMENT`;
  a day (:data:`Day`) between :data:`FIRST_DAY` and :data:`LAST_DAY`;
- a number is bounded on both sides (:data:`Offset`, :data:`ItemNumber`, :data:`ByteCount`);
- free text (:class:`Text`) is kept in Unicode NFC; control characters (C0 but a line break and a tab in
  multi-line text, DEL, C1) and the bidirectional embeddings, overrides and isolates (U+202A-U+202E,
  U+2066-U+2069) are refused, not stripped, so that what is stored is what was meant. :func:`clean` is what a
  client does to pasted text before it sends it;
- a hold's draft (:data:`Draft`) is at most :data:`DRAFT_MAX_BYTES` once serialized, nests at most
  :data:`DRAFT_MAX_DEPTH` deep, and its texts follow the multi-line rules.

Passwords, codes and tokens are taken as typed (bounded in length only): they are compared, never shown or stored
as text.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, Field, GetCoreSchemaHandler
from pydantic_core import PydanticCustomError, core_schema

FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2100, 1, 1)
"""The window of every date a request carries, both days included."""
FIRST_MOMENT = datetime(2000, 1, 1, tzinfo=UTC)
LAST_MOMENT = datetime(2100, 1, 1, tzinfo=UTC)
"""The window of every moment a request carries, both ends included."""

MAX_OFFSET = 1_000_000_000
"""The largest offset into a list (and any other count a request gives)."""
MAX_ITEM = 9_999_999
"""The largest item number: seven digits, as an item range writes them (:mod:`carnet_domain.items`)."""
MAX_BYTES = 1_000_000_000
"""The largest size in bytes a request may announce (an attachment's)."""

DRAFT_MAX_BYTES = 64 * 1024
"""A hold's draft, serialized as compact JSON in UTF-8. What a desk keeps is far less: the texts of steps 3 and 4
filled to their limits in any script, the item ranges and hundreds of retyped identification marks fit; a 1000-item
carnet's draft keeps only the marks the officer changed."""
DRAFT_MAX_DEPTH = 8
"""How deep a draft's objects and lists may nest (a desk's draft: two levels)."""

_REFUSED_IN_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_REFUSED_IN_LINES = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _name(character: str) -> str:
    code = ord(character)
    if code < 0x20 or code == 0x7f:
        kind = "a control character"
    elif code <= 0x9f:
        kind = "a C1 control character"
    else:
        kind = "a bidirectional control"
    return f"{kind} (U+{code:04X})"


def refused_character(text: str, *, lines: bool = False) -> tuple[int, str] | None:
    """The first character ``text`` may not hold, as (index, character), or ``None``. ``lines``: a line break and a
    tab are allowed (a reason, a remark, a note)."""
    found = (_REFUSED_IN_LINES if lines else _REFUSED_IN_LINE).search(text)
    return (found.start(), found.group()) if found else None


def clean(text: str, *, lines: bool = False) -> str:
    """``text`` as it may be sent: in NFC, line breaks written ``\\n``, without the characters the central refuses;
    one-line text gets a space for each line break or tab."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not lines:
        text = text.replace("\n", " ").replace("\t", " ")
    return unicodedata.normalize("NFC", (_REFUSED_IN_LINES if lines else _REFUSED_IN_LINE).sub("", text))


def checked_text(text: str, *, lines: bool = False) -> str:
    """``text`` in NFC, or a validation error naming the first character refused."""
    refused = refused_character(text, lines=lines)
    if refused is not None:
        index, character = refused
        raise PydanticCustomError(
            "text_character", "{what} at character {position}: text may hold no control or bidirectional characters"
            "{but}", {"what": _name(character), "position": index + 1,
                      "but": " but line breaks and tabs" if lines else ""})
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


@dataclass(frozen=True, slots=True)
class Text:
    """Free text of at most ``max_length`` characters (counted as sent and once in NFC); ``lines``: a reason, a
    remark or a note, which may hold line breaks and tabs; ``pattern``: a regular expression it must match. Use as
    ``Annotated[str, Text(500, lines=True)]``; give the length and the pattern here, not in ``Field``."""

    max_length: int
    min_length: int = 0
    lines: bool = False
    pattern: str | None = None

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        raw = core_schema.str_schema(min_length=self.min_length or None, max_length=self.max_length,
                                     pattern=self.pattern)
        return core_schema.no_info_after_validator_function(self.check, raw)

    def check(self, value: str) -> str:
        value = checked_text(value, lines=self.lines)
        if len(value) > self.max_length:  # NFC may compose into more characters than were sent
            raise PydanticCustomError("string_too_long", "String should have at most {max_length} characters",
                                      {"max_length": self.max_length})
        return value


Line = Annotated[str, Text(200)]
"""One line of text: a name, a place, an authority (at most 200 characters)."""
Code = Annotated[str, Text(40, min_length=1)]
"""An ID, a number or a code (1 to 40 characters)."""
Reference = Annotated[str, Text(100)]
"""A reference written by an authority (at most 100 characters)."""
Name = Annotated[str, Text(120, min_length=1)]
"""A display name, an office's or a workstation's name (1 to 120 characters)."""
Reason = Annotated[str, Text(500, min_length=1, lines=True)]
"""Why something was done, for the audit trail and the officers who come next (1 to 500 characters)."""
Note = Annotated[str, Text(500, lines=True)]
"""A remark or a note, possibly blank (at most 500 characters)."""
OfficeRef = Annotated[str, Text(40)]
"""The office a request is made for (blank or left out: the account's own)."""
AccountId = Annotated[str, Text(64)]
"""An account ID as a query names it."""
IdempotencyKey = Annotated[str, Text(100)]
"""What a client sends as ``Idempotency-Key``: one line, at most 100 characters."""


def _moment(value: datetime) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise PydanticCustomError("timezone_aware", "needs a time zone: a UTC offset such as Z or +01:00")
    if not FIRST_MOMENT <= value <= LAST_MOMENT:
        raise PydanticCustomError("moment_out_of_range", "must lie between {first} and {last}",
                                  {"first": "2000-01-01T00:00:00Z", "last": "2100-01-01T00:00:00Z"})
    return value


def _day(value: date) -> date:
    if not FIRST_DAY <= value <= LAST_DAY:
        raise PydanticCustomError("date_out_of_range", "must lie between {first} and {last}",
                                  {"first": FIRST_DAY.isoformat(), "last": LAST_DAY.isoformat()})
    return value


Moment = Annotated[datetime, AfterValidator(_moment)]
"""A moment with its UTC offset, between 2000-01-01 and 2100-01-01 UTC."""
Day = Annotated[date, AfterValidator(_day)]
"""A calendar date between 2000-01-01 and 2100-01-01."""

Offset = Annotated[int, Field(ge=0, le=MAX_OFFSET)]
ItemNumber = Annotated[int, Field(ge=1, le=MAX_ITEM)]
ByteCount = Annotated[int, Field(ge=0, le=MAX_BYTES)]


def _draft(value: dict[str, Any]) -> dict[str, Any]:
    """A copy of the draft with every text (keys and values) checked and in NFC; its depth and size bounded."""
    copy = _draft_value(value, "draft", 1)
    try:
        size = len(json.dumps(copy, ensure_ascii=False, separators=(",", ":")).encode())
    except (TypeError, ValueError) as exc:
        raise PydanticCustomError("draft_not_json", "is not JSON: {problem}", {"problem": str(exc)}) from None
    if size > DRAFT_MAX_BYTES:
        raise PydanticCustomError("draft_too_large", "is {size} bytes serialized; a draft may hold {limit}",
                                  {"size": size, "limit": DRAFT_MAX_BYTES})
    assert isinstance(copy, dict)
    return copy


def _draft_value(node: Any, where: str, depth: int) -> Any:
    if isinstance(node, str):
        return _draft_text(node, where)
    if isinstance(node, dict | list) and depth > DRAFT_MAX_DEPTH:
        raise PydanticCustomError("draft_too_deep", "{where} nests deeper than {limit} levels",
                                  {"where": where, "limit": DRAFT_MAX_DEPTH})
    if isinstance(node, dict):
        if not all(isinstance(key, str) for key in node):
            raise PydanticCustomError("draft_not_json", "{where}: every key is text", {"where": where})
        return {_draft_text(key, f"{where} key"): _draft_value(inner, f"{where}.{key[:40]}", depth + 1)
                for key, inner in node.items()}
    if isinstance(node, list):
        return [_draft_value(inner, f"{where}[{index}]", depth + 1) for index, inner in enumerate(node)]
    return node


def _draft_text(text: str, where: str) -> str:
    try:
        return checked_text(text, lines=True)
    except PydanticCustomError as exc:
        raise PydanticCustomError(
            "text_character", "{where}: {problem}", {"where": where, "problem": exc.message()}) from None


Draft = Annotated[dict[str, Any], AfterValidator(_draft)]
"""What a desk keeps with a hold for the officer who resumes it: any JSON object within the draft's bounds."""
