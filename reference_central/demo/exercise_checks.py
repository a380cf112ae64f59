"""Checking the exercises read from a file against the demo: every key known and of its kind, every scenario,
transaction type, item and help topic one that exists, every text free of invisible characters."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import NoReturn, TypeVar

from pydantic import ValidationError

from carnet_domain.carnet import CarnetKind
from carnet_domain.items import ItemRangeError, ItemRanges
from carnet_domain.training.exercise import Exercise, Expect, Expectation, VehicleRecordKind
from carnet_domain.transaction_types import TYPE_SPECS, TransactionType, TxField
from reference_central.demo.carnets import scenarios
from reference_central.demo.exercise_error import ExerciseFileError
from reference_central.demo.exercise_lines import FileLines, Table
from reference_central.demo.organisation import ACCOUNTS, OFFICES, TERRITORIES

HELP_TOPICS: tuple[str, ...] = (
    "scan", "check-carnet", "check-goods", "check-vehicle", "commit", "receipt", "vehicle-file", "holds",
    "queue", "record-later", "procedure", "supervisor", "logs", "log-transaction", "predeclarations",
    "predeclaration", "transits", "transit-details", "statistics",
)
"""The desk's F1 help pages an exercise may send a trainee to revise: the five steps (``scan``, ``check-carnet``,
``check-goods`` or, for a vehicle, ``check-vehicle``, ``commit``, ``receipt``) and the desk's screens (tests check
it names every page of ``ecarnet_tui.texts.step_help`` and ``desk_help``)."""

REQUIRED = ("id", "scenario", "title", "brief", "outcome", "points", "help", "expect")
OPTIONAL = ("offline", "strict", "played_by")
EXPECT_KEYS = ("kind", "type", "goods", "diverted", "mentions", "explained", "offline", "record", "why")
_KIND_KEYS: dict[Expect, tuple[str, ...]] = {
    Expect.RECORDED: ("type", "goods", "diverted", "mentions", "explained", "offline"),
    Expect.NOT_RECORDED: ("type",),
    Expect.HOLD: ("type", "mentions"),
    Expect.RELEASED: ("type",),
    Expect.NOT_RELEASED: ("type",),
    Expect.REJECTION: ("type", "mentions"),
    Expect.CANCELLED: ("type",),
    Expect.VEHICLE_RECORD: ("record",),
}
_NEEDS_TYPE = (Expect.RECORDED, Expect.NOT_RECORDED, Expect.REJECTION, Expect.CANCELLED)
_NEEDS_CODE = (Expect.RECORDED, Expect.REJECTION, Expect.HOLD, Expect.CANCELLED)
_KINDS_OF_VALUE: dict[str, tuple[type, str]] = {
    **dict.fromkeys(("id", "scenario", "title", "brief", "outcome", "help", "kind", "type", "goods", "diverted",
                     "record", "why", "played_by"), (str, 'text in quotes, e.g. "importation"')),
    **dict.fromkeys(("offline", "strict", "explained"), (bool, "true or false")),
    **dict.fromkeys(("points", "mentions"), (list, 'a list of texts, e.g. ["seal", "scellé"]')),
}
DEMO_ACCOUNTS = tuple(a.account_id for a in ACCOUNTS)
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_FIELDS = {"exercise_id": "id", "expectations": "expect"}
_M = TypeVar("_M", Exercise, Expectation)
_E = TypeVar("_E", Expect, TransactionType, VehicleRecordKind)


@dataclass(frozen=True)
class Place:
    """The file being read, as its refusals name it."""

    file: str


@dataclass(frozen=True)
class ScenarioFacts:
    kind: CarnetKind
    item_count: int
    codes: frozenset[TransactionType]
    """The types the holder has a transaction code for: the declarations' types, and Pre-exportation with an
    Exportation's code in a territory that exports in two steps (the Export step)."""


@cache
def scenario_facts() -> dict[str, ScenarioFacts]:
    """What an exercise file may name of each demo scenario, by key."""
    two_step = {t.code for t in TERRITORIES if t.two_step_export}
    territory = {o.office_id: o.territory for o in OFFICES}
    facts: dict[str, ScenarioFacts] = {}
    for scenario in scenarios(date.today()):
        codes = {kind for kind, _ in scenario.declarations}
        if TransactionType.EXPORTATION in codes and territory[scenario.office_id] in two_step:
            codes.add(TransactionType.PRE_EXPORTATION)
        facts[scenario.key] = ScenarioFacts(scenario.carnet.kind, scenario.carnet.item_count, frozenset(codes))
    return facts


def exercises_of(found: Mapping[str, object], lines: FileLines, place: Place) -> list[tuple[Exercise, int]]:
    """Every exercise of a file's parsed TOML ``found``, with the line of its ``[[exercise]]`` header."""
    for key in found:
        if key != "exercise":
            raise ExerciseFileError(place.file, lines.top.keys.get(key), f'"{key}" is not part of an exercise file'
                                    f"{_did_you_mean(key, ('exercise',))}. Each exercise begins with [[exercise]].")
    tables = found.get("exercise")
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise ExerciseFileError(place.file, lines.top.keys.get("exercise"),
                                "exercises are written [[exercise]], with two brackets, one table per exercise.")
    if not tables:
        raise ExerciseFileError(place.file, None, "the file has no exercise. Begin each one with [[exercise]].")
    made = []
    for n, table in enumerate(tables):
        where = lines.exercises[n].table if n < len(lines.exercises) else Table(1)
        expects = lines.exercises[n].expects if n < len(lines.exercises) else []
        made.append((_Checker(place, n, table, where, expects).exercise(), where.line))
    return made


class _Checker:
    """One ``[[exercise]]`` table checked, then made an :class:`Exercise`."""

    def __init__(self, place: Place, n: int, table: dict[str, object], where: Table, expects: list[Table]) -> None:
        self.place, self.n, self.table, self.where, self.expects = place, n, table, where, expects
        named = table.get("id")
        self.label = f'exercise "{named}"' if isinstance(named, str) and named else f"exercise {n + 1} of the file"

    def fail(self, problem: str, key: str = "", expectation: int | None = None) -> NoReturn:
        table, label = self.where, self.label
        if expectation is not None:
            label = f"{label}, expectation {expectation + 1}"
            if expectation < len(self.expects):
                table = self.expects[expectation]
        raise ExerciseFileError(self.place.file, table.keys.get(key, table.line), problem, exercise=label, key=key)

    def exercise(self) -> Exercise:
        table = self.table
        self.keys(table, (*REQUIRED, *OPTIONAL), REQUIRED)
        expect = table["expect"]
        if not isinstance(expect, list) or not all(isinstance(e, dict) for e in expect) or not expect:
            self.fail("write each expected outcome as an [[exercise.expect]] table under its exercise.", "expect")
        for key, value in table.items():
            if key != "expect":
                self.value(key, value)
        exercise_id = str(table["id"])
        if not exercise_id or len(exercise_id) > 60 or not all(c in "abcdefghijklmnopqrstuvwxyz0123456789-"
                                                                 for c in exercise_id) or exercise_id[0] == "-":
            self.fail(f'"{exercise_id}" cannot be an id: use lower-case letters, digits and hyphens (at most 60), '
                      'e.g. "ch-expired-import".', "id")
        facts = scenario_facts().get(str(table["scenario"]))
        if facts is None:
            self.fail(f'there is no demo scenario "{table["scenario"]}"'
                      f"{_did_you_mean(str(table['scenario']), scenario_facts())}. Name one of "
                      f"{', '.join(scenario_facts())}.", "scenario")
        if table["help"] not in HELP_TOPICS:
            self.fail(f'"{table["help"]}" is not a help page of the desk'
                      f"{_did_you_mean(str(table['help']), HELP_TOPICS)}. Name one of {', '.join(HELP_TOPICS)}.",
                      "help")
        if "played_by" in table and table["played_by"] not in DEMO_ACCOUNTS:
            self.fail(f'"{table["played_by"]}" is not a demo account. Name one of {", ".join(DEMO_ACCOUNTS)}, or '
                      "leave played_by out for an exercise every trainee plays.", "played_by")
        expectations = tuple(self.expectation(i, e, facts, table.get("offline") is True) for i, e in enumerate(expect))
        points = _texts(table["points"])
        if not points:
            self.fail("give at least one point the trainer wants to see done.", "points")
        fields = {"exercise_id": exercise_id, "scenario": table["scenario"], "title": table["title"],
                  "brief": table["brief"], "outcome": table["outcome"], "points": points, "help": table["help"],
                  "expectations": expectations, "source": self.place.file[-500:],
                  **{k: table[k] for k in OPTIONAL if k in table}}
        return self.model(Exercise, fields, None)

    def expectation(self, i: int, table: dict[str, object], facts: ScenarioFacts, offline: bool) -> Expectation:
        self.keys(table, EXPECT_KEYS, ("kind",), i)
        for key, value in table.items():
            self.value(key, value, i)
        kind = _member(Expect, table["kind"])
        if kind is None:
            self.fail(f'"{table["kind"]}" is not a kind of expectation{_did_you_mean(str(table["kind"]), Expect)}. '
                      f"Write one of {', '.join(Expect)}.", "kind", i)
        for key in table:
            if key not in ("kind", "why", *_KIND_KEYS[kind]):
                self.fail(f'"{key}" does not apply to a "{kind}" expectation (it takes '
                          f"{', '.join(_KIND_KEYS[kind])}). Remove it, or change the kind.", key, i)
        needed = "type" if kind in _NEEDS_TYPE else "record" if kind is Expect.VEHICLE_RECORD else ""
        if needed and needed not in table:
            self.fail(f'a "{kind}" expectation needs "{needed}": add {needed} = "..." to it.', needed, i)
        kind_of_tx = None
        if "type" in table:
            kind_of_tx = _member(TransactionType, table["type"])
            if kind_of_tx is None:
                self.fail(f'"{table["type"]}" is not a transaction type'
                          f"{_did_you_mean(str(table['type']), TransactionType)}. Write one of "
                          f"{', '.join(TransactionType)}.", "type", i)
            if kind in _NEEDS_CODE and kind_of_tx not in facts.codes:
                self.fail(f'the holder of scenario "{self.table["scenario"]}" has no {kind_of_tx} code: it has '
                          f"{', '.join(sorted(facts.codes)) or 'none'}. Name one of those, or another scenario.",
                          "type", i)
        if "record" in table:
            if _member(VehicleRecordKind, table["record"]) is None:
                self.fail(f'"{table["record"]}" is not a vehicle record. Write one of '
                          f"{', '.join(VehicleRecordKind)}.", "record", i)
            if facts.kind is not CarnetKind.CPD:
                self.fail(f'scenario "{self.table["scenario"]}" is an ATA carnet: vehicle records are made on '
                          "vehicle carnets (CPD) only. Name a CPD scenario, or another kind.", "record", i)
        for key in ("goods", "diverted"):
            if key in table:
                self.items(i, key, str(table[key]), facts.item_count)
        if "diverted" in table and kind_of_tx is not None \
                and TxField.DIVERTED_GOODS not in TYPE_SPECS[kind_of_tx].step3:
            self.fail(f"a {kind_of_tx} records no goods as not re-exported or re-imported: remove diverted, or "
                      "use a re-exportation or a re-importation.", "diverted", i)
        if table.get("offline") is True and not offline:
            self.fail("an expectation made offline needs the exercise taught offline: add offline = true to the "
                      "exercise, or remove it here.", "offline", i)
        fields = {**table, "mentions": _texts(table.get("mentions", []))}
        return self.model(Expectation, fields, i)

    def keys(self, table: dict[str, object], allowed: tuple[str, ...], required: tuple[str, ...],
             expectation: int | None = None) -> None:
        for key in table:
            if key not in allowed:
                self.fail(f'"{key}" is not a key of {"an expectation" if expectation is not None else "an exercise"}'
                          f"{_did_you_mean(key, allowed)}. The keys are {', '.join(allowed)}.", key, expectation)
        for key in required:
            if key not in table:
                self.fail(f'"{key}" is missing: every {"expectation" if expectation is not None else "exercise"} '
                          f"needs {', '.join(required)}.", "", expectation)

    def value(self, key: str, value: object, expectation: int | None = None) -> None:
        wanted, example = _KINDS_OF_VALUE[key]
        if not isinstance(value, wanted) or (wanted is list and not all(isinstance(v, str) for v in value)):  # type: ignore[attr-defined]
            self.fail(f"should be {example}.", key, expectation)
        for text in value if isinstance(value, list) else [value] if isinstance(value, str) else []:
            if bad := _invisible(text):
                self.fail(f"contains the invisible character U+{ord(bad):04X} ({unicodedata.name(bad, 'control')}),"
                          " which can hide or reorder what the trainee reads. Delete it and type the text again.",
                          key, expectation)

    def items(self, i: int, key: str, text: str, item_count: int) -> None:
        try:
            ItemRanges.parse(text, item_count)
        except ItemRangeError as exc:
            self.fail(f'"{text}" names no items of the carnet: {exc}. Write items like 1-3,5 '
                      f"(the carnet has {item_count}).", key, i)

    def model(self, model: type[_M], fields: dict[str, object], i: int | None) -> _M:
        try:
            return model.model_validate(fields)
        except ValidationError as exc:
            error = exc.errors()[0]
            name = str(error["loc"][0]) if error["loc"] else ""
            limit = (error.get("ctx") or {}).get("max_length")
            said = f"is too long: at most {limit} characters. Shorten it." if error["type"] == "string_too_long" \
                else f"{error['msg']}. Correct it."
            self.fail(said, _FIELDS.get(name, name), i)


def _member(kind: type[_E], value: object) -> _E | None:
    return next((m for m in kind if m.value == value), None)


def _texts(value: object) -> tuple[str, ...]:
    """A list of texts, already checked to be one."""
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


def _invisible(text: str) -> str | None:
    """The first control (other than a line break or a tab) or bidirectional character of ``text``."""
    return next((c for c in text if c in _BIDI or (unicodedata.category(c) in ("Cc", "Zl", "Zp")
                                                     and c not in "\n\t")), None)


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    names = [str(c) for c in choices]
    close = difflib.get_close_matches(word, names, n=1)
    return f' (did you mean "{close[0]}"?)' if close else ""
