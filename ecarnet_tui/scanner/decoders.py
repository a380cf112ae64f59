"""The QR decoders behind one interface: zxing-cpp, pyzbar (ZBar) and OpenCV.

Each decoder loads its library when first asked. One that cannot load (a missing wheel, Debian's ``libzbar0``
not installed) is reported with the reason and left out; one that raises on an image is skipped for that
image. Neither stops the reader.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from ecarnet_tui.i18n import _

if TYPE_CHECKING:
    import numpy as np

Corners = tuple[tuple[float, float], ...]


@dataclass(frozen=True, slots=True)
class Reading:
    """One code found in an image: its text, the decoder that read it and its corners in image pixels."""

    text: str
    decoder: str
    corners: Corners = ()


class Decoder(Protocol):
    name: str

    def read(self, gray: np.ndarray) -> list[Reading]:
        """The QR codes in a grayscale image (``uint8``, height × width)."""
        ...


class DecoderMissing(RuntimeError):
    """A decoder whose library is not installed; the message says what to install."""


class ZxingDecoder:
    name = "zxing-cpp"

    def __init__(self) -> None:
        try:
            import zxingcpp
        except ImportError as exc:
            raise DecoderMissing(
                _("the zxing-cpp package is not installed ({why}): pip install zxing-cpp").format(why=exc)
            ) from exc
        self._zx = zxingcpp
        self._formats = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
        self._plain = zxingcpp.TextMode.Plain
        """The text as encoded: the default (HRI) writes control characters as ``<SOH>`` and rewrites GS1 data."""

    def read(self, gray: np.ndarray) -> list[Reading]:
        found = self._zx.read_barcodes(gray, formats=self._formats, text_mode=self._plain)
        return [Reading(code.text, self.name, _zxing_corners(code.position)) for code in found if code.valid]


def _zxing_corners(position: Any) -> Corners:
    points = (position.top_left, position.top_right, position.bottom_right, position.bottom_left)
    return tuple((float(p.x), float(p.y)) for p in points)


class ZbarDecoder:
    name = "pyzbar"

    def __init__(self) -> None:
        try:
            from pyzbar import pyzbar
        except ImportError as exc:  # pyzbar raises ImportError when libzbar0 is missing
            raise DecoderMissing(
                _("pyzbar cannot load ZBar ({why}): install Debian's libzbar0 (apt-get install libzbar0)").format(
                    why=exc)
            ) from exc
        self._decode = pyzbar.decode
        self._symbols = [pyzbar.ZBarSymbol.QRCODE]

    def read(self, gray: np.ndarray) -> list[Reading]:
        found = self._decode(gray, symbols=self._symbols)
        return [
            Reading(_text(code.data), self.name, tuple((float(p.x), float(p.y)) for p in code.polygon))
            for code in found
        ]


def _text(data: bytes) -> str:
    """ZBar hands back UTF-8 (it converts other encodings itself); anything else is shown byte by byte."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


class OpenCvDecoder:
    """OpenCV's ArUco-based detector (more reads than its classic one at about the same cost)."""

    name = "opencv"

    def __init__(self) -> None:
        try:
            import cv2
        except ImportError as exc:
            raise DecoderMissing(
                _("OpenCV is not installed ({why}): pip install opencv-python-headless").format(why=exc)
            ) from exc
        self._detector = cv2.QRCodeDetectorAruco()

    def read(self, gray: np.ndarray) -> list[Reading]:
        ok, texts, points, _ = self._detector.detectAndDecodeMulti(gray)
        if not ok or points is None:
            return []
        return [
            Reading(text, self.name, tuple((float(x), float(y)) for x, y in corners))
            for text, corners in zip(texts, points, strict=False)
            if text
        ]


DECODER_CLASSES: dict[str, type[ZxingDecoder] | type[ZbarDecoder] | type[OpenCvDecoder]] = {
    cls.name: cls for cls in (ZxingDecoder, ZbarDecoder, OpenCvDecoder)
}


def load_decoders(names: list[str] | None = None) -> tuple[dict[str, Decoder], dict[str, str]]:
    """The decoders that load (by name) and, for the others, why not."""
    loaded: dict[str, Decoder] = {}
    missing: dict[str, str] = {}
    for name in names or list(DECODER_CLASSES):
        cls = DECODER_CLASSES.get(name)
        if cls is None:
            missing[name] = _("no decoder is called {name} (known: {known})").format(
                name=name, known=", ".join(DECODER_CLASSES))
            continue
        try:
            loaded[name] = cls()
        except DecoderMissing as exc:
            missing[name] = str(exc)
        except Exception as exc:  # a broken installation must not stop the reader
            missing[name] = f"{type(exc).__name__}: {exc}"
    return loaded, missing
