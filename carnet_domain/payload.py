"""The transaction-QR payload, version 1.

A payload names a carnet and the holder's transaction code, and says whether it belongs to training::

    EC1 L 120001 U BHKDX7PRC2GN 8
    │   │ │      │ │            └ check character (Luhn mod 28 over everything after ``EC1``)
    │   │ │      │ └ transaction code (12 characters of CODE_ALPHABET)
    │   │ │      └ separator
    │   │ └ carnet ID (digits)
    │   └ L for live, T for training
    └ magic and version

written without the spaces: ``EC1L120001UBHKDX7PRC2GN8``. Every character is in QR's alphanumeric set, so
the code stays small (version 2). The alphabet leaves out the letters that keyboard layouts move
(A/Q and Z/W on AZERTY, Y/Z on QWERTZ, M on AZERTY) and the vowels that spell words, so a keyboard-wedge
scanner set up for US keys still types something this parser reads: digits typed on the unshifted AZERTY
row (``&é"'(-è_çà``) are mapped back, as are lower case letters.

Parsing is total: any text gives a :class:`TransactionPayload` or a :class:`PayloadError`, never another
exception.
"""

from __future__ import annotations

from dataclasses import dataclass

MAGIC = "EC"
VERSION = "1"
LIVE, TRAINING = "L", "T"
RECEIPT = "R"
"""The mode letter of a receipt's verification QR (``EC1R`` + L or T + verification code + check)."""
SEPARATOR = "U"
CODE_ALPHABET = "BCDFGHJKLNPRSTVX23456789"
"""The characters of transaction, cancellation and verification codes the reference central issues."""
CODE_LENGTH = 12
_CHECK_ALPHABET = "0123456789BCDFGHJKLNPRSTVXUE"
"""28 symbols: Luhn mod N catches every single substituted character only when N is even."""
MAX_CARNET_ID = 12
MAX_INPUT = 512

# What a US-layout scanner's digit keys type on French and Belgian AZERTY layouts, unshifted.
_AZERTY_DIGITS = str.maketrans({"&": "1", "é": "2", '"': "3", "'": "4", "(": "5", "-": "6", "§": "6",
                                "è": "7", "_": "8", "!": "8", "ç": "9", "à": "0"})


class PayloadError(ValueError):
    """Why a text is not a carnet transaction payload; ``text`` is what was read, for showing literally."""

    def __init__(self, reason: str, text: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.text = text


@dataclass(frozen=True, slots=True)
class TransactionPayload:
    carnet_id: str
    transaction_code: str
    training: bool = False

    def encode(self) -> str:
        if not self.carnet_id.isascii() or not self.carnet_id.isdigit() or len(self.carnet_id) > MAX_CARNET_ID:
            raise ValueError("a carnet ID is 1 to 12 digits")
        if not is_code(self.transaction_code):
            raise ValueError(f"a transaction code is {CODE_LENGTH} characters of {CODE_ALPHABET}")
        body = (TRAINING if self.training else LIVE) + self.carnet_id + SEPARATOR + self.transaction_code
        return MAGIC + VERSION + body + _check_character(body)


def is_code(text: str) -> bool:
    return len(text) == CODE_LENGTH and all(c in CODE_ALPHABET for c in text)


def normalise_wedge_text(text: str) -> str:
    """Undo what keyboard layouts and caps lock do to a scanned payload; strip whitespace and line ends."""
    return "".join(text.split()).translate(_AZERTY_DIGITS).upper()


def looks_like_payload(text: str) -> bool:
    """Whether typed text is meant as a payload (so a field can split it) rather than a carnet number."""
    cleaned = normalise_wedge_text(text[:MAX_INPUT])
    return cleaned.startswith(MAGIC) and len(cleaned) > len(MAGIC) + 1 and not cleaned[2:].isalpha()


def parse_payload(data: str | bytes | bytearray | memoryview) -> TransactionPayload:
    """Read a payload from a QR's text or bytes or from a keyboard-wedge scanner's keystrokes."""
    if isinstance(data, (bytes, bytearray, memoryview)):
        data = bytes(data)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise PayloadError("this is not a carnet QR: its content is not text", repr(data[:80])) from None
    elif isinstance(data, str):
        text = data
    else:
        raise PayloadError("this is not a carnet QR: its content is not text", repr(data)[:80])
    if len(text) > MAX_INPUT:
        raise PayloadError("this is not a carnet QR: it is far too long", text[:80])
    cleaned = normalise_wedge_text(text)
    if not cleaned.startswith(MAGIC):
        raise PayloadError("this is not a carnet QR", text)
    if len(cleaned) < len(MAGIC) + 1 or cleaned[len(MAGIC)] != VERSION:
        raise PayloadError("this carnet QR has a version this workstation does not read", text)
    body, check = cleaned[len(MAGIC) + 1 : -1], cleaned[-1:]
    if body.startswith(RECEIPT):
        raise PayloadError("this is a receipt's verification QR, not a holder's transaction QR", text)
    if not body or body[0] not in (LIVE, TRAINING):
        raise PayloadError("this carnet QR is damaged: unknown mode", text)
    carnet_id, sep, code = body[1:].partition(SEPARATOR)
    if not sep or not carnet_id.isdigit() or not carnet_id.isascii() or len(carnet_id) > MAX_CARNET_ID:
        raise PayloadError("this carnet QR is damaged: no carnet ID", text)
    if not is_code(code):
        raise PayloadError("this carnet QR is damaged: the transaction code is not readable", text)
    if any(c not in _CHECK_ALPHABET for c in body) or _check_character(body) != check:
        raise PayloadError("this carnet QR is damaged: the check character does not match", text)
    return TransactionPayload(carnet_id, code, training=body[0] == TRAINING)


def _check_character(body: str) -> str:
    """Luhn mod N over the body (mode letter, carnet ID, separator and code)."""
    n = len(_CHECK_ALPHABET)
    factor, total = 2, 0
    for char in reversed(body):
        addend = factor * _CHECK_ALPHABET.index(char)
        factor = 1 if factor == 2 else 2
        total += addend // n + addend % n
    return _CHECK_ALPHABET[(n - total % n) % n]


def verification_payload(verification_code: str, training: bool) -> str:
    """What a receipt's QR holds: the verification code, marked live or training, with a check character."""
    if not verification_code or any(c not in CODE_ALPHABET for c in verification_code):
        raise ValueError(f"a verification code is made of {CODE_ALPHABET}")
    body = RECEIPT + (TRAINING if training else LIVE) + verification_code
    return MAGIC + VERSION + body + _check_character(body)


_OTHER_QR_PREFIXES = ("WIFI:", "MECARD:", "BEGIN:", "MAILTO:", "TEL:", "SMSTO:", "SMS:", "GEO:", "BITCOIN:", "OTPAUTH:")


def is_other_qr(text: str) -> bool:
    """Whether ``text`` is plainly another kind of QR (a URL, a Wi-Fi code, a contact card...)."""
    upper = text.strip().upper()
    return "://" in upper or upper.startswith(_OTHER_QR_PREFIXES)


def plausible_reference(text: str) -> bool:
    """Whether ``text`` can be a carnet number, a carnet ID or a code: 1 to 40 letters, digits, ``/-.``."""
    return 0 < len(text) <= 40 and all(c.isascii() and (c.isalnum() or c in "/-.") for c in text)
