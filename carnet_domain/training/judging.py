"""Judging a trainee's work on an exercise: what was done on the exercise's carnet against what the exercise
expects, the verdict with its findings in words a trainee understands (:data:`FINDING_TEXT`)."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from pydantic import Field

from carnet_domain.carnet import Model
from carnet_domain.items import ItemRangeError, ItemRanges
from carnet_domain.training.exercise import Exercise, Expect, Expectation, VehicleRecordKind
from carnet_domain.transaction_types import TransactionType


class DoneKind(StrEnum):
    TRANSACTION = "transaction"
    HOLD = "hold"
    REJECTION = "rejection"
    VEHICLE_RECORD = "vehicle_record"


class Done(Model):
    """One thing the trainee did on the exercise's carnet, as the central recorded it."""

    kind: DoneKind
    type: TransactionType | None = None
    """The transaction's type; for a hold or a rejection, the type of the code it was placed on."""
    declared: str = ""
    diverted: str = ""
    text: str = Field(default="", max_length=20000)
    """What the trainee wrote: a hold's or rejection's reason; a transaction's remarks and explanations."""
    explanation: str = Field(default="", max_length=20000)
    """A transaction's delay explanation alone (a vehicle's late exit)."""
    cancelled: bool = False
    released: bool = False
    offline: bool = False
    record: VehicleRecordKind | None = None


class Finding(Model):
    """One reason a verdict gives: a ``code`` of :data:`FINDING_TEXT` with what fills it in, and the trainer's
    explanation (``why``) when an expectation was not met."""

    code: str
    type: TransactionType | None = None
    items: str = ""
    words: tuple[str, ...] = ()
    record: VehicleRecordKind | None = None
    why: str = ""


class Verdict(Model):
    correct: bool
    findings: tuple[Finding, ...] = ()


FINDING_TEXT: dict[str, str] = {
    "not_recorded": "No {type} was recorded.",
    "undeclared_items": "Your {type} records goods the holder did not declare: items {items}.",
    "missing_items": "Your {type} leaves out goods the holder declared: items {items}.",
    "diverted_differs": "Your {type} records items {items} as not leaving, which the holder did not declare.",
    "diverted_missing": "Your {type} does not record items {items} as not leaving, as the holder declared.",
    "words_missing": "What you wrote does not say why: it should name {words}.",
    "not_explained": "Your {type} records no delay explanation naming {words}: the reason for a late exit goes in "
                     "Delay explained, where the exit's timing reads it, not in the remarks.",
    "not_offline": "Your {type} was recorded online: this exercise is done with the desk offline.",
    "offline": "Your {type} waited in the offline queue: this exercise is done online.",
    "recorded_wrongly": "You recorded a {type}, which must not be recorded here.",
    "no_hold": "No hold was placed.",
    "hold_released": "The hold was released: the goods are not to go before it is cleared.",
    "hold_kept": "The hold is still in place: release it once it is cleared.",
    "no_rejection": "The {type} code was not rejected.",
    "not_cancelled": "No {type} was cancelled.",
    "no_vehicle_record": "No {record} was recorded on the vehicle's file.",
    "unexpected_transaction": "You recorded a {type} the exercise did not call for.",
    "unexpected_hold": "You placed a hold the exercise did not call for.",
    "unexpected_rejection": "You rejected a {type} code the exercise did not call for.",
    "abandoned": "You abandoned the exercise before finishing it.",
}
"""Each finding in plain words (English; the desk shows them in the officer's language)."""


def describe(finding: Finding, texts: dict[str, str] | None = None) -> str:
    """A finding in words, from ``texts`` (the desk's translations) or :data:`FINDING_TEXT`."""
    template = (texts or FINDING_TEXT).get(finding.code, finding.code)
    said = template.format(type=_type_words(finding.type), items=finding.items,
                           words=", ".join(f"“{w}”" for w in finding.words), record=finding.record or "")
    return f"{said} {finding.why}".strip() if finding.why else said


def _type_words(kind: TransactionType | None) -> str:
    return "" if kind is None else kind.value.replace("_", " ")


def judge(exercise: Exercise, done: Sequence[Done], *, abandoned: bool = False) -> Verdict:
    """The verdict on ``done`` (everything recorded on the exercise's carnet) against ``exercise``."""
    findings: list[Finding] = []
    for expectation in exercise.expectations:
        findings.extend(_check(expectation, done))
    if exercise.strict:
        findings.extend(_unexpected(exercise.expectations, done))
    if abandoned:
        findings.append(Finding(code="abandoned"))
    return Verdict(correct=not findings, findings=tuple(findings))


def _check(want: Expectation, done: Sequence[Done]) -> list[Finding]:
    kept = [d for d in done if d.kind is DoneKind.TRANSACTION and d.type is want.type and not d.cancelled]
    holds = [d for d in done if d.kind is DoneKind.HOLD and (want.type is None or d.type is want.type)]
    match want.kind:
        case Expect.RECORDED:
            return _recorded(want, kept)
        case Expect.NOT_RECORDED:
            return [_missed("recorded_wrongly", want)] if kept else []
        case Expect.HOLD:
            if not holds:
                return [_missed("no_hold", want)]
            return [] if any(_mentions(want, h.text) for h in holds) else [_missed("words_missing", want)]
        case Expect.RELEASED:
            return [_missed("hold_kept", want)] if any(not h.released for h in holds) else []
        case Expect.NOT_RELEASED:
            return [_missed("hold_released", want)] if not holds or all(h.released for h in holds) else []
        case Expect.REJECTION:
            rejected = [d for d in done if d.kind is DoneKind.REJECTION and d.type is want.type]
            if not rejected:
                return [_missed("no_rejection", want)]
            return [] if any(_mentions(want, r.text) for r in rejected) else [_missed("words_missing", want)]
        case Expect.CANCELLED:
            cancelled = [d for d in done if d.kind is DoneKind.TRANSACTION and d.type is want.type and d.cancelled]
            return [] if cancelled else [_missed("not_cancelled", want)]
        case Expect.VEHICLE_RECORD:
            records = [d for d in done if d.kind is DoneKind.VEHICLE_RECORD and d.record is want.record]
            return [] if records else [_missed("no_vehicle_record", want)]


def _recorded(want: Expectation, kept: list[Done]) -> list[Finding]:
    if not kept:
        return [_missed("not_recorded", want)]
    best: list[Finding] | None = None
    for transaction in kept:  # the trainee's closest try decides
        findings = _compare(want, transaction)
        if best is None or len(findings) < len(best):
            best = findings
    return best or []


def _compare(want: Expectation, transaction: Done) -> list[Finding]:
    findings: list[Finding] = []
    if want.goods:
        findings += _items_differ(want, want.goods, transaction.declared, "undeclared_items", "missing_items")
    if want.diverted:
        findings += _items_differ(want, want.diverted, transaction.diverted, "diverted_differs", "diverted_missing")
    if want.explained and not (transaction.explanation and _mentions(want, transaction.explanation)):
        findings.append(_missed("not_explained", want))
    elif want.mentions and not _mentions(want, transaction.text):
        findings.append(_missed("words_missing", want))
    if want.offline is True and not transaction.offline:
        findings.append(_missed("not_offline", want))
    if want.offline is False and transaction.offline:
        findings.append(_missed("offline", want))
    return findings


def _items_differ(want: Expectation, wanted: str, recorded: str, extra_code: str, missing_code: str) -> list[Finding]:
    """The items ``recorded`` has beyond ``wanted`` (``extra_code``), then those it lacks (``missing_code``)."""
    expected, actual = _items(wanted), _items(recorded)
    findings: list[Finding] = []
    if extra := actual.difference(expected):
        findings.append(_missed(extra_code, want, items=extra.format()))
    if missing := expected.difference(actual):
        findings.append(_missed(missing_code, want, items=missing.format()))
    return findings


def _unexpected(expectations: Sequence[Expectation], done: Sequence[Done]) -> list[Finding]:
    wanted = {e.type for e in expectations if e.kind in (Expect.RECORDED, Expect.CANCELLED)}
    holds = any(e.kind in (Expect.HOLD, Expect.RELEASED, Expect.NOT_RELEASED) for e in expectations)
    rejections = {e.type for e in expectations if e.kind is Expect.REJECTION}
    not_recorded = {e.type for e in expectations if e.kind is Expect.NOT_RECORDED}
    findings: list[Finding] = []
    for d in done:
        if d.kind is DoneKind.TRANSACTION and not d.cancelled and d.type not in wanted | not_recorded:
            findings.append(Finding(code="unexpected_transaction", type=d.type))
        elif d.kind is DoneKind.HOLD and not holds:
            findings.append(Finding(code="unexpected_hold", type=d.type))
        elif d.kind is DoneKind.REJECTION and d.type not in rejections:
            findings.append(Finding(code="unexpected_rejection", type=d.type))
    return list(dict.fromkeys(findings))  # one finding per kind of mistake, in order


def _missed(code: str, want: Expectation, *, items: str = "") -> Finding:
    return Finding(code=code, type=want.type, items=items, words=want.mentions, record=want.record, why=want.why)


def _mentions(want: Expectation, text: str) -> bool:
    folded = text.casefold()
    return not want.mentions or any(word.casefold() in folded for word in want.mentions)


def _items(text: str) -> ItemRanges:
    try:
        return ItemRanges.parse(text)
    except ItemRangeError:
        return ItemRanges.of(())
