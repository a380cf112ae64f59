"""The receipt's QR, as the terminal draws it, decodes to exactly the verification payload.

The widget's cells at 80×24 are painted into an image (each half block gives its upper and lower module)
and read by zxing-cpp, in the dark and in the light theme.
"""

from __future__ import annotations

import numpy as np
import pytest
import zxingcpp
from rich.color import Color
from rich.segment import Segment
from textual.geometry import Region

from carnet_domain.payload import verification_payload
from ecarnet_tui.widgets.qr import QRCode
from tests.central_world import World
from tests.ui.harness import validated_to_receipt, workstation

PIXELS = 4
"""Image pixels per module, so the reader sees clean edges."""


def _luminance(color: Color | None) -> int:
    if color is None:
        raise AssertionError("a QR cell without an explicit colour would follow the theme")
    red, green, blue = color.get_truecolor()
    return 0 if (red + green + blue) < 3 * 128 else 255


def widget_image(widget: QRCode) -> np.ndarray:
    """The widget's cells as a grey image: two modules per cell (upper and lower half)."""
    width, height = widget.size
    lines = widget.render_lines(Region(0, 0, width, height))
    rows: list[list[int]] = []
    for strip in lines:
        upper: list[int] = []
        lower: list[int] = []
        for segment in strip:
            assert isinstance(segment, Segment)
            style = segment.style
            assert style is not None
            for char in segment.text:
                if char == "▀":
                    upper.append(_luminance(style.color))
                    lower.append(_luminance(style.bgcolor))
                else:
                    assert char == " ", f"unexpected cell {char!r}"
                    upper.append(_luminance(style.bgcolor))
                    lower.append(_luminance(style.bgcolor))
        rows += [upper, lower]
    image = np.array(rows, dtype=np.uint8)
    return np.kron(image, np.ones((PIXELS, PIXELS), dtype=np.uint8))


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_the_receipt_qr_decodes_to_the_verification_payload(world: World, theme: str) -> None:
    app = workstation(world, training=True)
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = theme
        verification_code = await validated_to_receipt(pilot, app, world, "4242")
        widget = app.screen.query_one("#verification-qr", QRCode)
        assert widget.region.bottom <= 24, "the QR must fit an 80x24 terminal"
        results = zxingcpp.read_barcodes(widget_image(widget))
        assert [r.text for r in results] == [verification_payload(verification_code, training=False)]
