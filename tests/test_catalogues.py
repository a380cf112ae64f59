"""The message catalogues: every message of the code translated in every language, placeholders kept, the
compiled .mo files up to date, and the labels short enough for the 80×24 screens.

When a test here fails after a change of wording in the code, run ``scripts/i18n`` and translate what it
reports (see README, "Languages").
"""

from __future__ import annotations

import ast
import gettext
import re
from collections.abc import Iterator
from functools import cache
from io import BytesIO
from pathlib import Path
from string import Formatter

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po
from rich.cells import cell_len

from ecarnet_tui.i18n import DOMAIN, LOCALE_DIR, _, ngettext, use_language

UI_DIR = Path(__file__).resolve().parent.parent / "ecarnet_tui"
KEYWORDS: dict[str, tuple[int, ...] | None] = {"_": None, "ngettext": (1, 2)}
"""What ``scripts/i18n`` extracts: ``_(message)`` and ``ngettext(singular, plural, n)``."""
LANGUAGES = sorted(path.parent.parent.name for path in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
LABEL_WIDTH = 30
"""The label column of a form row (``FormRow``) and of a select row (``.select-row``)."""
LABEL_FUNCTIONS = frozenset({"field_label", "final_date_label"})
"""Functions whose every message is the label of a form row or select row (the fields of steps 3 and 4)."""

MessageId = str | tuple[str, str]


@cache
def code_messages() -> dict[MessageId, str]:
    """Every message the code translates, with the first file that has it."""
    found: dict[MessageId, str] = {}
    for filename, _lineno, message, _comments, _context in extract_from_dir(
        str(UI_DIR), method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=(), strip_comment_tags=True,
    ):
        key: MessageId = message if isinstance(message, str) else (message[0], message[1])
        found.setdefault(key, filename)
    return found


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def catalogue(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle)


def messages(catalog: Catalog) -> Iterator[tuple[MessageId, str | tuple[str, ...], bool]]:
    """``(id, translation, fuzzy)`` of each message, the header left out."""
    for message in catalog:
        if not message.id:
            continue
        key: MessageId = message.id if isinstance(message.id, str) else (message.id[0], message.id[1])
        string = message.string
        yield key, (string or "") if isinstance(string, str | None) else tuple(string), message.fuzzy


def placeholders(text: str) -> set[str]:
    """The ``str.format`` fields of ``text``, such as ``{number}``; raises ``ValueError`` on a stray brace."""
    fields = set()
    for _literal, name, spec, conversion in Formatter().parse(text):
        if name is not None:
            fields.add("{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}")
    return fields


def test_there_is_a_french_catalogue() -> None:
    assert "fr" in LANGUAGES


def test_the_template_lists_exactly_the_messages_of_the_code() -> None:
    in_code = set(code_messages())
    in_template = {key for key, _string, _fuzzy in messages(catalogue(LOCALE_DIR / f"{DOMAIN}.pot"))}
    assert in_code - in_template == set(), "new messages in the code: run scripts/i18n"
    assert in_template - in_code == set(), "messages no longer in the code: run scripts/i18n"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_of_the_code_is_translated(language: str) -> None:
    translated = {key: (string, fuzzy) for key, string, fuzzy in messages(catalogue(po_path(language)))}
    missing = [key for key in code_messages() if key not in translated]
    assert not missing, f"not in {language}'s catalogue (run scripts/i18n, then translate): {missing}"
    empty = [key for key, (string, _fuzzy) in translated.items() if not all(string if isinstance(string, tuple)
                                                                             else [string])]
    assert not empty, f"untranslated in {language}: {empty}"
    fuzzy = [key for key, (_string, is_fuzzy) in translated.items() if is_fuzzy]
    assert not fuzzy, f"marked fuzzy in {language} (check the translation, then remove the mark): {fuzzy}"
    stale = [key for key in translated if key not in code_messages()]
    assert not stale, f"no longer in the code (run scripts/i18n): {stale}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_placeholders(language: str) -> None:
    wrong = []
    for key, string, _fuzzy in messages(catalogue(po_path(language))):
        sources = [key] if isinstance(key, str) else list(key)
        expected = set().union(*(placeholders(source) for source in sources))
        for form in [string] if isinstance(string, str) else list(string):
            try:
                found = placeholders(form)
            except ValueError as exc:
                wrong.append(f"{form!r}: {exc}")
                continue
            if found != expected:
                wrong.append(f"{form!r} has {sorted(found)}, {sources[0]!r} has {sorted(expected)}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_committed_mo_is_the_compiled_po(language: str) -> None:
    """The .mo the workstation reads says what the .po says (Babel's version stamp in the header aside)."""
    fresh = BytesIO()
    write_mo(fresh, catalogue(po_path(language)))
    compiled = read_mo(BytesIO(fresh.getvalue()))
    committed = read_mo(BytesIO(po_path(language).with_suffix(".mo").read_bytes()))

    def table(catalog: Catalog) -> dict[object, object]:
        def hashable(value: object) -> object:
            return tuple(value) if isinstance(value, list | tuple) else value

        return {hashable(message.id): hashable(message.string) for message in catalog if message.id}

    assert table(committed) == table(compiled), f"{language}: the .mo is older than the .po: run scripts/i18n"
    assert committed.plural_forms == compiled.plural_forms


def test_french_is_what_gettext_gives_for_fr() -> None:
    french = gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=["fr"])
    assert french.gettext("Transaction code") == "Code de transaction"
    assert french.ngettext("{n} item", "{n} items", 1).format(n=1) == "1 article"
    assert french.ngettext("{n} item", "{n} items", 0).format(n=0) == "0 article"
    assert french.ngettext("{n} item", "{n} items", 13).format(n=13) == "13 articles"
    use_language("fr")
    try:
        assert _("Verification code") == "Code de vérification"
        assert ngettext("{n} piece", "{n} pieces", 2).format(n=2) == "2 pièces"
    finally:
        use_language("en")
    assert _("Verification code") == "Verification code"


# --- what fits the screen ----------------------------------------------------------------------------------


def _callee(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _message(node: ast.AST) -> str | None:
    """The message of ``_("...")``, else ``None``."""
    if isinstance(node, ast.Call) and _callee(node) == "_" and node.args:
        first = node.args[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            return first.value
    return None


def _is_select_row(node: ast.expr) -> bool:
    return isinstance(node, ast.Call) and any(
        k.arg == "classes" and isinstance(k.value, ast.Constant) and k.value.value == "select-row"
        for k in node.keywords
    )


def _trees() -> Iterator[ast.Module]:
    for path in sorted(UI_DIR.rglob("*.py")):
        yield ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def form_labels() -> set[str]:
    """The messages shown in the 30-column label of a form row or a select row."""
    labels: set[str] = set()
    for tree in _trees():
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and node.name in LABEL_FUNCTIONS:
                labels.update(m for m in map(_message, ast.walk(node)) if m is not None)
            elif isinstance(node, ast.Call) and _callee(node) in ("FormRow", "SecretRow") and node.args:
                labels.update(m for m in [_message(node.args[0])] if m is not None)
            elif isinstance(node, ast.With) and any(_is_select_row(item.context_expr) for item in node.items):
                for inner in ast.walk(node):
                    if isinstance(inner, ast.Call) and _callee(inner) == "Label" and inner.args:
                        labels.update(m for m in [_message(inner.args[0])] if m is not None)
    return labels


def binding_descriptions() -> set[str]:
    """The messages that describe a key in the footer."""
    found: set[str] = set()
    for tree in _trees():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _callee(node) == "Binding":
                candidates = node.args[2:3] + [k.value for k in node.keywords if k.arg == "description"]
                found.update(m for m in map(_message, candidates) if m is not None)
    return found


def test_the_label_and_binding_finders_find_them() -> None:
    assert {"Carnet ID/Number", "Password", "Means of transport", "Cancellation code"} <= form_labels()
    assert {"Quit", "Next", "Back", "Update"} <= binding_descriptions()


@pytest.mark.parametrize("language", ["en", *LANGUAGES])
def test_form_labels_fit_their_column(language: str) -> None:
    """A label as wide as its column runs into the input: at most 29 of the 30 columns."""
    translation = gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[language], fallback=True)
    too_wide = {label: translation.gettext(label) for label in form_labels()
                if cell_len(translation.gettext(label)) > LABEL_WIDTH - 1}
    assert not too_wide, f"labels wider than {LABEL_WIDTH - 1} columns in {language}: {too_wide}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_footer_keys_are_described_in_a_word_or_two(language: str) -> None:
    translation = gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[language])
    too_long = {d: translation.gettext(d) for d in binding_descriptions() if len(translation.gettext(d).split()) > 2}
    assert not too_long, f"footer descriptions longer than two words in {language}: {too_long}"


# --- French typography ------------------------------------------------------------------------------------

FRENCH_COLON_SPACE = "\u00a0"
"""French puts a no-break space before a colon; the desk writes U+00A0, in every terminal font (see
``ecarnet_tui.formats.NO_BREAK_SPACE``)."""
NOT_PUNCTUATION = re.compile(
    r"\{[^{}]*\}"  # a placeholder, whose format spec may hold a colon
    r"|[a-z][a-z0-9+.-]*://\S*"  # a URL
    r"|\b\d{1,2}:\d{2}\b"  # a time, 10:30
    r"|\b(?:Ctrl|Alt|Shift)\+\S"  # a key name
)


def colons_without_space(text: str) -> list[str]:
    """The colons of ``text`` not preceded by the French no-break space, each with what stands before it."""
    bare = NOT_PUNCTUATION.sub(lambda m: "x" * len(m.group()), text)
    return [text[max(0, i - 20):i + 1] for i, char in enumerate(bare) if char == ":"
            and (i == 0 or bare[i - 1] != FRENCH_COLON_SPACE)]


def test_the_colon_rule_finds_what_it_should() -> None:
    assert colons_without_space("Titulaire: X") == ["Titulaire:"]
    assert colons_without_space("Agent : X") == ["Agent :"]
    assert colons_without_space("Agent\u00a0: {name}") == []
    assert colons_without_space("{when:%H:%M} à 10:30, Ctrl+Y, https://example.org:8443/x") == []


def test_french_puts_a_no_break_space_before_every_colon() -> None:
    wrong = []
    for key, string, _fuzzy in messages(catalogue(po_path("fr"))):
        for form in [string] if isinstance(string, str) else list(string):
            wrong += [f"{key!r}: …{found!r}" for found in colons_without_space(form)]
    assert not wrong, "French colons without the no-break space (U+00A0) before them:\n" + "\n".join(wrong)


GLUED_COLONS_ALLOWED = {
    "settings.py": "the settings file's errors, said before the interface's language is chosen (English)",
    "services/entry_error.py": "an exception's message for the log; the screens say it through problems.py",
    "worker_failures.py": "a Python error as Python names it (ValueError: …), inside a translated sentence",
    "scanner/camera.py": "a Python error as Python names it, inside a translated sentence",
    "scanner/cascade.py": "a decoder's Python error, for the camera panel's technical line and the log",
    "scanner/decoders.py": "why a decoder cannot be loaded, as Python says it",
    "scanner/scan_image.py": "the scan-image command's listing: the decoder, then what it read",
}
"""Modules that may glue a colon in code, and why; anywhere else ``label: value`` goes through
``ecarnet_tui.formats.labelled`` (``_("{label}: {value}")``), so that French can put its space before it."""


def glued_colons() -> dict[str, list[int]]:
    """Per module, the lines where an f-string or a concatenation writes ``": "`` itself."""
    found: dict[str, list[int]] = {}
    for path in sorted(UI_DIR.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.JoinedStr | ast.BinOp):
                continue
            parts = node.values if isinstance(node, ast.JoinedStr) else (
                [node.left, node.right] if isinstance(node.op, ast.Add) else [])
            if any(isinstance(p, ast.Constant) and isinstance(p.value, str) and ": " in p.value for p in parts):
                found.setdefault(path.relative_to(UI_DIR).as_posix(), []).append(node.lineno)
    return found


def test_no_code_glues_a_colon_after_a_label() -> None:
    glued = {module: lines for module, lines in glued_colons().items() if module not in GLUED_COLONS_ALLOWED}
    assert not glued, f"write label: value with formats.labelled (French puts a space before the colon): {glued}"
    assert set(GLUED_COLONS_ALLOWED) <= set(glued_colons()), "an allowed module no longer glues a colon: drop it"
