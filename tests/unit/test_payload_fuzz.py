"""Fuzzing the transaction-QR payload parser: over 100,000 inputs a run, each a payload or a PayloadError.

``parse_payload`` is total: any text or bytes give a :class:`TransactionPayload` or raise
:class:`PayloadError`, never another exception; ``looks_like_payload``, ``normalise_wedge_text``,
``is_other_qr`` and ``plausible_reference`` never raise on any text.

Hypothesis spends about a tenth of a millisecond on every value it draws, so 100,000 inputs drawn one by
one would take too long. Each example therefore draws a LIST of 40 to 60 values, and each value is checked
as a few inputs (a text also behind a payload-like prefix and as UTF-8 bytes; an edit applied alone, after
its neighbours, and to a payload typed by a keyboard wedge). Edits are drawn as one integer each, decoded by
:func:`edit_from`. Each test counts the inputs it checked and fails if they are fewer than its share of
:data:`TOTAL_INPUTS`, so the file keeps its promise when pytest-xdist hands its tests to different workers.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carnet_domain.payload import (
    CODE_ALPHABET,
    CODE_LENGTH,
    MAX_INPUT,
    PayloadError,
    TransactionPayload,
    is_other_qr,
    looks_like_payload,
    normalise_wedge_text,
    parse_payload,
    plausible_reference,
)

TOTAL_INPUTS = 100_000
SHARES = {"text": 30_000, "bytes": 20_000, "near payloads": 30_000, "other QR": 10_000, "single mutations": 10_000}
"""How many inputs each fuzz test checks at least; they add up to :data:`TOTAL_INPUTS`."""
LIST_MIN, LIST_MAX = 40, 60
MAX_ERROR_TEXT = 600
"""The longest ``PayloadError.text`` a screen is asked to show."""

_checked = dict.fromkeys(SHARES, 0)


def _fuzz_settings(name: str, inputs_per_example: int) -> settings:
    return settings(
        max_examples=math.ceil(SHARES[name] / inputs_per_example),
        deadline=None,
        derandomize=False,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


def _run(name: str, fuzz: Callable[[], None]) -> None:
    _checked[name] = 0
    # Hypothesis may end a run early (it stops once it believes the space explored, or a busy machine
    # trips one of its limits): another run with fresh examples makes up the share.
    for _round in range(5):
        fuzz()
        if _checked[name] >= SHARES[name]:
            break
    assert _checked[name] >= SHARES[name], f"{name}: only {_checked[name]} inputs checked, not {SHARES[name]}"


def test_the_shares_add_up_to_the_total() -> None:
    assert sum(SHARES.values()) >= TOTAL_INPUTS


# --- Alphabets --------------------------------------------------------------------------------------------

CHECK_ALPHABET = "0123456789BCDFGHJKLNPRSTVXUE"
"""Every character a check character may be (the parser's private alphabet, restated)."""
AZERTY_DIGIT_KEYS = "&é\"'(-è_çà"
US_TO_AZERTY = str.maketrans("1234567890", AZERTY_DIGIT_KEYS)
WHITESPACE = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2007\u2028\u2029\u202f\u3000"
"""Characters ``str.split`` drops: a wedge's Enter and Tab, and what a copy-paste brings along."""
TRICKY = (
    CHECK_ALPHABET + CODE_ALPHABET.lower() + "AQWZYMaqwzym" + AZERTY_DIGIT_KEYS + "§!ÉÈÇÀßﬀŉΐıſİK١²۳𝟏０ＥＣｅ"
    ":/?;%+*$\\[]\x00\x1b\x07\x7f\u0301\u200b\u200e\ufeff\ufffd\U0010ffff\U0001f600"
)
"""Characters that upper-case, normalise or look like something in the payload's alphabet."""
ESCAPES = ("\x1b[31m", "\x1b[0m", "\x1b[1;32m", "\x1b]0;title\x07", "\x1b[2J", "\x1bc", "\x1b", "\x07", "\x00",
           "\x08", "\x7f", "\u200b", "\u200e", "\ufeff", "\ufffd")
MARKUP = ("[bold]", "[/bold]", "[/]", "[red]", "[link=https://example.org]", "[", "]", "\\[", "[@click=x]",
          ":warning:", "[b]EC1[/b]")
TEXT_PREFIXES = ("EC", "EC1", "ec&", "EC1L", "EC1T", "EC1R", "EC1L120001U", "ec&l&éààà&u", "EC1T9U", " EC1\n",
                 "]Q1EC1L", "\x1b[31mEC1", "EC1L1UBHKDX7PRC2GN")
"""Put before a drawn text so it gets past the parser's first questions."""
LONG_LENGTHS = (MAX_INPUT - 1, MAX_INPUT, MAX_INPUT + 1, 600)

# --- Strategies -------------------------------------------------------------------------------------------

carnet_ids = st.text(alphabet="0123456789", min_size=1, max_size=12)
codes = st.text(alphabet=CODE_ALPHABET, min_size=CODE_LENGTH, max_size=CODE_LENGTH)
payloads = st.builds(TransactionPayload, carnet_ids, codes, training=st.booleans())
a_few_payloads = st.lists(payloads, min_size=3, max_size=4)

texts = st.one_of(
    st.text(max_size=600),  # any character but a surrogate, control characters included
    st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=120),
    st.text(alphabet=TRICKY + WHITESPACE, max_size=40),
)
edit_numbers = st.integers(0, 2**48)
"""One integer is one edit (see :func:`edit_from`): a third of the cost of drawing kind, place and piece."""


@dataclass(frozen=True)
class Edit:
    """One change to a text; ``at`` is reduced modulo the text's length, so any edit applies to any text."""

    kind: str
    at: int = 0
    piece: str = ""

    def apply(self, text: str) -> str:
        gap = self.at % (len(text) + 1)
        i = self.at % len(text) if text else 0
        char = text[i : i + 1]
        match self.kind:
            case "insert" | "whitespace" | "escape" | "markup":
                return text[:gap] + self.piece + text[gap:]
            case "delete":
                return text[:i] + text[i + 1 :]
            case "replace":
                return text[:i] + self.piece + text[i + 1 :]
            case "swap":
                return text[:i] + text[i + 1 : i + 2] + char + text[i + 2 :]
            case "truncate":
                return text[:gap]
            case "duplicate":
                return text[: i + 1] + text[i:]
            case "double":
                return text + text
            case "case":
                flipped = char.swapcase() if char.isascii() and char.isalpha() else char
                return text[:i] + flipped + text[i + 1 :]
            case "lower":
                return text.lower()
            case "azerty":
                return text[:i] + char.translate(US_TO_AZERTY) + text[i + 1 :]
            case "azerty all":
                return text.translate(US_TO_AZERTY)
        raise AssertionError(f"unknown edit {self.kind}")


WEDGE_KINDS = ("case", "lower", "azerty", "azerty all", "whitespace")
"""What a keyboard wedge on AZERTY or with caps lock does: the parser reads the same payload."""
SINGLE_CHARACTER_KINDS = (*WEDGE_KINDS, "insert", "insert", "replace", "replace", "delete", "duplicate", "swap")
ALL_KINDS = (*SINGLE_CHARACTER_KINDS, "truncate", "double", "escape", "markup", "insert several")
_PIECES = {
    "whitespace": (*WHITESPACE, "\r\n", " \t\n"),
    "escape": ESCAPES,
    "markup": MARKUP,
    "insert": tuple(TRICKY + WHITESPACE),
    "replace": tuple(TRICKY + WHITESPACE),
}
_POSITIONS = 1024


def _any_character(number: int) -> str:
    code_point = number % 0x110000
    return "\ufffd" if 0xD800 <= code_point <= 0xDFFF else chr(code_point)


def edit_from(number: int, kinds: Sequence[str] = ALL_KINDS) -> Edit:
    """Decode an integer into an edit: its kind, then where, then what is put in (if anything)."""
    kind = kinds[number % len(kinds)]
    number //= len(kinds)
    at = number % _POSITIONS
    number //= _POSITIONS
    if kind == "insert several":
        return Edit("insert", at, "".join(_any_character(number >> shift) for shift in range(0, 40, 10))[: number % 5])
    if kind in ("insert", "replace") and number % 3 == 0:
        return Edit(kind, at, _any_character(number // 3))  # any character at all
    pieces = _PIECES.get(kind, ("",))
    return Edit(kind, at, pieces[number % len(pieces)])


@dataclass(frozen=True)
class NearPayload:
    """A payload's text (``start``: as encoded, or as typed by a wedge) with edits applied."""

    payload: TransactionPayload
    start: str
    edits: tuple[Edit, ...]

    @property
    def text(self) -> str:
        text = self.start
        for edit in self.edits:
            text = edit.apply(text)
        return text


def _wedge_typed(payload: TransactionPayload) -> str:
    return payload.encode().translate(US_TO_AZERTY).lower() + "\n"


OTHER_QR_HEADS = (
    "https://example.org/carnet?id=",
    "http://ec1.example/",
    "HTTPS://EXAMPLE.ORG/",
    "ftp://",
    "otpauth://totp/eCarnet:x?secret=",
    "WIFI:T:WPA;S:x;P:y;;",
    "wifi:T:WEP;S:EC1L120001;P:",
    "MECARD:N:Dupont,Jean;TEL:",
    "BEGIN:VCARD\nVERSION:3.0\nFN:Jean Dupont\nTEL:+41 22 345 67 89\nEND:VCARD",
    "begin:vcard\r\nversion:4.0\r\n",
    "BEGIN:VEVENT\n",
    "mailto:douane@example.org?subject=",
    "TEL:+41223456789",
    "SMSTO:+41223456789:",
    "sms:",
    "geo:46.2,6.1",
    "bitcoin:bc1q",
    "OTPAUTH:",
)
LEADS = ("", " ", "\n", "\t ", "\r\n", "\u3000")
BYTE_PREFIXES = (b"EC1L", b"ec&l", b"\xef\xbb\xbfEC1L", b"EC1L120001U", b"\x00EC1", b"EC1T9U")
CODECS = ("utf-8", "utf-16", "utf-16-be", "utf-32", "latin-1", "cp1252", "cp850")
UNICODE_CODECS = ("utf-16", "utf-16-be", "utf-32", "utf-8-sig")
"""Encodings that can write any text (NULs and byte order marks included)."""


# --- What every input must give ---------------------------------------------------------------------------


def _parse(data: str | bytes) -> TransactionPayload | PayloadError:
    try:
        return parse_payload(data)
    except PayloadError as error:
        return error
    except Exception as exc:
        raise AssertionError(f"parse_payload({data!r}) raised {exc!r}, not a PayloadError") from exc


def _check_helpers(text: str) -> str:
    """The helpers answer every text; returns the text as normalised."""
    try:
        normalised = normalise_wedge_text(text)
        answers = (looks_like_payload(text), is_other_qr(text), plausible_reference(text))
    except Exception as exc:
        raise AssertionError(f"a payload helper raised {exc!r} on {text!r}") from exc
    assert isinstance(normalised, str), text
    assert all(isinstance(answer, bool) for answer in answers), (text, answers)
    return normalised


def _check_error(error: PayloadError, data: str | bytes) -> None:
    assert isinstance(error.reason, str) and error.reason, data
    assert str(error) == error.reason, data
    assert isinstance(error.text, str), data
    assert len(error.text) <= MAX_ERROR_TEXT, (len(error.text), data)


def _check_accepted(payload: TransactionPayload, normalised: str, data: str | bytes) -> None:
    """An accepted payload is what was read, normalised, and reads back the same."""
    encoded = payload.encode()
    assert encoded == normalised, (payload, data)
    assert _parse(encoded) == payload, (payload, data)


def _check_text(text: str) -> TransactionPayload | PayloadError:
    result = _parse(text)
    normalised = _check_helpers(text)
    if isinstance(result, PayloadError):
        _check_error(result, text)
        # The error keeps what was read, for showing literally: all of it, or the start of a far too long text.
        assert text.startswith(result.text), (text, result.text)
        if len(text) > MAX_INPUT:
            assert "far too long" in result.reason and result.text == text[:80], text
    else:
        assert len(text) <= MAX_INPUT, text
        _check_accepted(result, normalised, text)
        assert looks_like_payload(text), text
        assert not is_other_qr(text), text
    return result


def _check_bytes(data: bytes) -> TransactionPayload | PayloadError:
    result = _parse(data)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        assert isinstance(result, PayloadError), (data, result)
        _check_error(result, data)
        return result
    # Bytes that are UTF-8 read exactly as their text does.
    as_text = _parse(text)
    if isinstance(result, PayloadError):
        _check_error(result, data)
        assert isinstance(as_text, PayloadError), (data, as_text)
        assert (result.reason, result.text) == (as_text.reason, as_text.text), data
    else:
        assert result == as_text, (data, result, as_text)
        _check_accepted(result, normalise_wedge_text(text), data)
    return result


def _check_near(near: NearPayload) -> None:
    result = _check_text(near.text)
    if all(edit.kind in WEDGE_KINDS for edit in near.edits):
        # Unmodified, or only typed by a wedge on AZERTY or with caps lock: the same payload comes back.
        assert result == near.payload, (near, near.text, result)


def _cycle(items: Sequence[str], j: int) -> str:
    return items[j % len(items)]


# --- The fuzz tests ---------------------------------------------------------------------------------------


@_fuzz_settings("text", 5 * LIST_MIN + 2 * len(LONG_LENGTHS))
@given(st.lists(texts, min_size=LIST_MIN, max_size=LIST_MAX), payloads)
def _fuzz_text(batch: list[str], payload: TransactionPayload) -> None:
    encoded = payload.encode()
    for j, text in enumerate(batch):
        _check_text(text)
        _check_text(_cycle(TEXT_PREFIXES, j) + text)
        at = j % (len(encoded) + 1)
        _check_text(encoded[:at] + text + encoded[at:])
        _check_bytes(text.encode("utf-8"))
        _check_bytes(text.encode(_cycle(UNICODE_CODECS, j)))
    # Long texts, on both sides of the longest the parser reads, from the drawn texts put end to end.
    joined = "".join(batch) or "x"
    joined *= math.ceil(max(LONG_LENGTHS) / len(joined))
    for length in LONG_LENGTHS:
        _check_text(joined[:length])
        _check_text(("EC1L" + joined)[:length])
    _checked["text"] += 5 * len(batch) + 2 * len(LONG_LENGTHS)


def test_any_text_gives_a_payload_or_a_payload_error() -> None:
    _run("text", _fuzz_text)


@_fuzz_settings("bytes", 4 * LIST_MIN)
@given(st.lists(st.binary(max_size=120), min_size=LIST_MIN, max_size=LIST_MAX), payloads)
def _fuzz_bytes(batch: list[bytes], payload: TransactionPayload) -> None:
    encoded = payload.encode().encode("ascii")
    for j, data in enumerate(batch):
        _check_bytes(data)
        _check_bytes(BYTE_PREFIXES[j % len(BYTE_PREFIXES)] + data)
        at = j % (len(encoded) + 1)
        _check_bytes(encoded[:at] + data[:4] + encoded[at:])  # a payload with junk, NULs or broken UTF-8 inside
        _check_text(data.decode("latin-1"))  # bytes read as text by a decoder set up for another encoding
    _checked["bytes"] += 4 * len(batch)


def test_any_bytes_give_a_payload_or_a_payload_error() -> None:
    _run("bytes", _fuzz_bytes)


@_fuzz_settings("near payloads", 4 * LIST_MIN + 3 * (len(CODECS) + 3))
@given(a_few_payloads, st.lists(edit_numbers, min_size=LIST_MIN, max_size=LIST_MAX))
def _fuzz_near_payloads(some: list[TransactionPayload], numbers: list[int]) -> None:
    checked = 0
    all_edits = [edit_from(number) for number in numbers]
    for j, edit in enumerate(all_edits):
        payload = some[j % len(some)]
        after = tuple(all_edits[j : j + 3])
        for near in (
            NearPayload(payload, payload.encode(), (edit,)),
            NearPayload(payload, _wedge_typed(payload), (edit,)),
            NearPayload(payload, payload.encode(), after[:2]),
            NearPayload(payload, payload.encode(), after),
        ):
            _check_near(near)
            checked += 1
    for payload in some:
        for codec in CODECS:  # a scanner sending the wedge's text in another encoding
            _check_bytes(_wedge_typed(payload).encode(codec))
        for length in LONG_LENGTHS[:3]:  # padded with a scanner's line ends up to and past the longest read
            padded = payload.encode().ljust(length, "\n")
            assert isinstance(_check_text(padded), TransactionPayload) == (length <= MAX_INPUT), padded
        checked += len(CODECS) + 3
    _checked["near payloads"] += checked


def test_a_damaged_payload_gives_a_payload_or_a_payload_error() -> None:
    _run("near payloads", _fuzz_near_payloads)


@_fuzz_settings("other QR", 3 * LIST_MIN)
@given(st.lists(texts, min_size=LIST_MIN, max_size=LIST_MAX), payloads)
def _fuzz_other_qrs(tails: list[str], payload: TransactionPayload) -> None:
    for j, tail in enumerate(tails):
        for text in (
            _cycle(LEADS, j) + _cycle(OTHER_QR_HEADS, j) + tail,
            _cycle(OTHER_QR_HEADS, 7 * j + 3).lower() + tail,
            _cycle(OTHER_QR_HEADS, j + 5) + payload.encode() + tail,
        ):
            assert isinstance(_check_text(text), PayloadError), text
            assert is_other_qr(text), text
    _checked["other QR"] += 3 * len(tails)


def test_another_kind_of_qr_is_refused_and_recognised() -> None:
    _run("other QR", _fuzz_other_qrs)


# --- One changed character --------------------------------------------------------------------------------


def _one_digit_apart(one: str, other: str) -> bool:
    longer, shorter = (one, other) if len(one) > len(other) else (other, one)
    return len(longer) == len(shorter) + 1 and any(
        longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer))
    )


def _check_single_mutation(payload: TransactionPayload, original: str, edit: Edit) -> None:
    mutated = edit.apply(original)
    result = _check_text(mutated)
    if edit.kind in WEDGE_KINDS:
        assert result == payload, (original, edit, mutated, result)
        return
    if isinstance(result, PayloadError) or result == payload:
        return
    # Read as a different payload. The check character catches every changed character and every swap of
    # two neighbours, so what was read must differ in length from the original.
    assert len(normalise_wedge_text(mutated)) != len(original), (original, edit, mutated, result)
    # One check character cannot catch every inserted or deleted character: a digit added to or dropped from
    # the carnet ID slips through about once in 28 (EC1L120001UBHKDX7PRC2GN8 and EC1L9120001UBHKDX7PRC2GN8 are
    # both valid). The transaction code and the mode are never changed so.
    assert result.training == payload.training, (original, edit, mutated, result)
    assert result.transaction_code == payload.transaction_code, (original, edit, mutated, result)
    assert _one_digit_apart(result.carnet_id, payload.carnet_id), (original, edit, mutated, result)


@_fuzz_settings("single mutations", 3 * LIST_MIN)
@given(a_few_payloads, st.lists(edit_numbers, min_size=LIST_MIN, max_size=LIST_MAX))
def _fuzz_single_mutations(some: list[TransactionPayload], numbers: list[int]) -> None:
    originals = [(payload, payload.encode()) for payload in some]
    for number in numbers:
        edit = edit_from(number, SINGLE_CHARACTER_KINDS)
        for payload, original in originals:
            _check_single_mutation(payload, original, edit)
    _checked["single mutations"] += len(numbers) * len(some)


def test_one_changed_character_is_never_read_as_another_payload() -> None:
    """A wedge's changes read the same payload; any other changed character is refused, except as above."""
    _run("single mutations", _fuzz_single_mutations)
