"""The transaction-QR payload: round trips, keyboard-wedge input, and a parser that never crashes."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carnet_domain.payload import (
    CODE_ALPHABET,
    CODE_LENGTH,
    MAX_INPUT,
    PayloadError,
    TransactionPayload,
    looks_like_payload,
    normalise_wedge_text,
    parse_payload,
)

QR_ALPHANUMERIC = re.compile(r"^[0-9A-Z $%*+\-./:]+$")
US_TO_AZERTY = str.maketrans("1234567890", "&é\"'(-è_çà")
CHECK_ALPHABET = "0123456789BCDFGHJKLNPRSTVXU"
"""Every character a check character may be (the parser's private alphabet, restated)."""

SAMPLE = TransactionPayload("120001", "BHKDX7PRC2GN")

carnet_ids = st.text(alphabet="0123456789", min_size=1, max_size=12)
codes = st.text(alphabet=CODE_ALPHABET, min_size=CODE_LENGTH, max_size=CODE_LENGTH)
payloads = st.builds(TransactionPayload, carnet_ids, codes, training=st.booleans())


# --- Round trip -------------------------------------------------------------------------------------------


def test_a_live_payload_round_trips() -> None:
    text = SAMPLE.encode()
    assert text.startswith("EC1L120001UBHKDX7PRC2GN")
    assert len(text) == len("EC1L120001UBHKDX7PRC2GN") + 1
    assert parse_payload(text) == SAMPLE
    assert parse_payload(text).training is False


def test_a_training_payload_round_trips_and_stays_training() -> None:
    training = TransactionPayload("120001", "BHKDX7PRC2GN", training=True)
    text = training.encode()
    assert text.startswith("EC1T120001U")
    assert parse_payload(text) == training
    assert parse_payload(text).training is True
    assert parse_payload(text) != SAMPLE


@given(payloads)
def test_every_payload_round_trips(payload: TransactionPayload) -> None:
    assert parse_payload(payload.encode()) == payload
    assert parse_payload(payload.encode().encode("utf-8")) == payload


@given(payloads)
def test_an_encoded_payload_uses_only_qr_alphanumeric_characters(payload: TransactionPayload) -> None:
    assert QR_ALPHANUMERIC.match(payload.encode())


@given(payloads)
def test_an_encoded_payload_has_no_letter_that_keyboard_layouts_move(payload: TransactionPayload) -> None:
    assert not set(payload.encode()) & set("AQWZYM")


@pytest.mark.parametrize(
    ("carnet_id", "code"),
    [
        ("", "BHKDX7PRC2GN"),
        ("1234567890123", "BHKDX7PRC2GN"),
        ("12a", "BHKDX7PRC2GN"),
        ("١٢", "BHKDX7PRC2GN"),
        ("120001", "BHKDX7PRC2G"),
        ("120001", "BHKDX7PRC2GNB"),
        ("120001", "AHKDX7PRC2GN"),
        ("120001", "bhkdx7prc2gn"),
    ],
)
def test_encode_refuses_what_it_could_not_read_back(carnet_id: str, code: str) -> None:
    with pytest.raises(ValueError, match=r"carnet ID|transaction code"):
        TransactionPayload(carnet_id, code).encode()


# --- Keyboard wedges --------------------------------------------------------------------------------------


def test_the_code_alphabet_has_no_letter_that_azerty_or_qwertz_moves() -> None:
    for letter in "AQWZYM":
        assert letter not in CODE_ALPHABET
        assert letter not in CHECK_ALPHABET


def test_the_azerty_digit_row_and_lower_case_are_read() -> None:
    text = SAMPLE.encode()
    typed = text.translate(US_TO_AZERTY).lower()
    assert typed.startswith("ec&l&éààà&ubhkdxèprcégn")
    assert not any(c.isdigit() for c in typed)
    assert parse_payload(typed) == SAMPLE


def test_each_azerty_digit_key_maps_back_to_its_digit() -> None:
    assert normalise_wedge_text("&é\"'(-è_çà") == "1234567890"
    assert normalise_wedge_text("§!") == "68"


@given(payloads, st.sampled_from(["", "\n", "\r\n", "\t"]))
def test_a_wedge_on_azerty_with_caps_lock_off_reads_the_same_payload(
    payload: TransactionPayload, enter: str
) -> None:
    typed = payload.encode().translate(US_TO_AZERTY).lower() + enter
    assert parse_payload(typed) == payload


def test_whitespace_and_line_ends_are_ignored() -> None:
    text = SAMPLE.encode()
    assert parse_payload(f"  {text[:8]} {text[8:]}\r\n") == SAMPLE


def test_looks_like_payload_tells_a_payload_from_a_carnet_number() -> None:
    assert looks_like_payload(SAMPLE.encode())
    assert looks_like_payload(SAMPLE.encode().translate(US_TO_AZERTY).lower())
    assert not looks_like_payload("CH/2026/0001")
    assert not looks_like_payload("ECUADOR")
    assert not looks_like_payload("EC")


# --- Refusals ---------------------------------------------------------------------------------------------


def _with_last(text: str, char: str) -> str:
    return text[:-1] + char


def _other_check(text: str) -> str:
    return next(c for c in CHECK_ALPHABET if c != text[-1])


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("https://example.org/carnet?id=120001", "this is not a carnet QR"),
        ("WIFI:S:x;T:WPA;P:y;;", "this is not a carnet QR"),
        ("", "this is not a carnet QR"),
        ("   \r\n", "this is not a carnet QR"),
        ("CH/2026/0001", "this is not a carnet QR"),
        ("EC", "version"),
        ("EC2" + SAMPLE.encode()[3:], "version"),
        ("EC0" + SAMPLE.encode()[3:], "version"),
        ("EC1", "unknown mode"),
        ("EC1X120001UBHKDX7PRC2GN5", "unknown mode"),
        ("EC1LUBHKDX7PRC2GN5", "no carnet ID"),
        ("EC1L120001BHKDX7PRC2GN5", "no carnet ID"),
        ("EC1L1234567890123UBHKDX7PRC2GN5", "no carnet ID"),
        ("EC1L120001UBHKDX7PRC2G5", "transaction code is not readable"),
        ("EC1L120001UAHKDX7PRC2GN5", "transaction code is not readable"),
        (_with_last(SAMPLE.encode(), _other_check(SAMPLE.encode())), "check character does not match"),
        (_with_last(SAMPLE.encode(), "Q"), "check character does not match"),
        (SAMPLE.encode()[:-1], "transaction code is not readable"),
        ("x" * 10_240, "far too long"),
        (SAMPLE.encode() + " " * (MAX_INPUT + 1), "far too long"),
    ],
)
def test_texts_that_are_not_payloads_are_refused_with_a_reason(text: str, reason: str) -> None:
    with pytest.raises(PayloadError) as caught:
        parse_payload(text)
    assert reason in caught.value.reason
    assert str(caught.value) == caught.value.reason
    assert isinstance(caught.value, ValueError)
    if len(text) <= MAX_INPUT:
        assert caught.value.text == text
    else:
        # Far too long to show: the error keeps the beginning of what was read (80 characters).
        assert caught.value.text == text[:80]


def test_a_10_kb_payload_lookalike_is_refused_before_it_is_read() -> None:
    text = SAMPLE.encode() + "2" * 10_240
    with pytest.raises(PayloadError) as caught:
        parse_payload(text)
    assert "far too long" in caught.value.reason
    assert caught.value.text == text[:80]
    assert text.startswith(caught.value.text)


def test_bytes_that_are_not_utf8_are_refused_and_shown_as_bytes() -> None:
    data = b"\xff\xfeEC1L\x80\x81"
    with pytest.raises(PayloadError) as caught:
        parse_payload(data)
    assert "not text" in caught.value.reason
    assert caught.value.text == repr(data)


def test_utf8_bytes_are_read_as_text() -> None:
    assert parse_payload(SAMPLE.encode().encode("utf-8")) == SAMPLE
    with pytest.raises(PayloadError) as caught:
        parse_payload(b"WIFI:S:x;T:WPA;P:y;;")
    assert caught.value.text == "WIFI:S:x;T:WPA;P:y;;"


@given(payloads, st.data())
def test_any_changed_check_character_is_refused(payload: TransactionPayload, data: st.DataObject) -> None:
    text = payload.encode()
    other = data.draw(st.sampled_from([c for c in CHECK_ALPHABET if c != text[-1]]))
    with pytest.raises(PayloadError, match="check character"):
        parse_payload(text[:-1] + other)


@given(payloads)
def test_a_changed_mode_letter_is_refused(payload: TransactionPayload) -> None:
    """Turning a live payload into a training one (or back) does not go unnoticed."""
    text = payload.encode()
    flipped = text[:3] + ("T" if text[3] == "L" else "L") + text[4:]
    with pytest.raises(PayloadError, match="check character"):
        parse_payload(flipped)


def test_every_single_substituted_character_is_detected() -> None:
    text = SAMPLE.encode()  # EC1L120001UBHKDX7PRC2GN + check
    body_start = len("EC1")
    replacements = "0123456789" + CODE_ALPHABET + "UE"
    missed = []
    for position in range(body_start, len(text)):
        for char in replacements:
            if char == text[position]:
                continue
            damaged = text[:position] + char + text[position + 1 :]
            try:
                parse_payload(damaged)
            except PayloadError:
                continue
            missed.append(damaged)
    assert missed == []


# --- Parsing is total -------------------------------------------------------------------------------------


def _parse_or_error(data: str | bytes) -> TransactionPayload | PayloadError:
    try:
        return parse_payload(data)
    except PayloadError as exc:
        return exc


@settings(max_examples=2000, deadline=None)
@given(st.text())
def test_any_text_gives_a_payload_or_a_payload_error(text: str) -> None:
    result = _parse_or_error(text)
    assert isinstance(result, TransactionPayload | PayloadError)
    if isinstance(result, PayloadError):
        assert result.reason
        assert isinstance(result.text, str)


@settings(max_examples=2000, deadline=None)
@given(st.binary())
def test_any_bytes_give_a_payload_or_a_payload_error(data: bytes) -> None:
    result = _parse_or_error(data)
    assert isinstance(result, TransactionPayload | PayloadError)
    if isinstance(result, PayloadError):
        assert result.reason
        assert isinstance(result.text, str)


near_payloads = st.builds(
    lambda prefix, rest: prefix + rest,
    st.sampled_from(["EC1", "ec&", "EC1L", "EC1T", "EC1L120001U", "EC1T9U"]),
    st.text(alphabet=st.sampled_from([*CHECK_ALPHABET, *"AEILTUZaz&é-_ç١²ß \n", "\u0130", "ﬀ"]), max_size=30),
)


@settings(max_examples=500, deadline=None)
@given(near_payloads)
def test_text_that_nearly_is_a_payload_gives_a_payload_or_a_payload_error(text: str) -> None:
    result = _parse_or_error(text)
    assert isinstance(result, TransactionPayload | PayloadError)
    if isinstance(result, TransactionPayload):
        assert parse_payload(result.encode()) == result
        assert result.carnet_id.isascii() and result.carnet_id.isdigit()
