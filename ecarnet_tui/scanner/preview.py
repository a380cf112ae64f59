"""The camera's picture made small enough for a terminal: two pixels per character cell (the upper and
lower half block), in 16 shades of grey, with the found code's outline marked."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

    from ecarnet_tui.scanner.decoders import Reading

SHADES = 16

Run = tuple[int, int, bool, int]
"""Upper shade, lower shade, whether it is on the outline, and how many cells in a row share them."""


@dataclass(frozen=True, slots=True)
class Preview:
    """A small grayscale picture (two pixel rows per terminal row) and a mask of the found code's outline."""

    pixels: np.ndarray
    outline: np.ndarray | None = None


def shrink(frame: np.ndarray, columns: int, rows: int, readings: list[Reading]) -> Preview:
    """``frame`` fitted into ``columns`` × ``rows`` cells (keeping its shape), with the readings outlined."""
    import cv2
    import numpy as np

    from ecarnet_tui.scanner.preprocess import to_gray

    gray = to_gray(frame)
    height, width = gray.shape[:2]
    scale = min(columns / width, rows * 2 / height)
    size = (max(1, int(width * scale)), max(2, int(height * scale) // 2 * 2))
    pixels = cv2.resize(gray, size, interpolation=cv2.INTER_AREA)
    outline = None
    if readings:
        outline = np.zeros(pixels.shape, dtype=np.uint8)
        for reading in readings:
            if len(reading.corners) >= 3:
                points = np.array([[x * scale, y * scale] for x, y in reading.corners], dtype=np.int32)
                cv2.polylines(outline, [points], isClosed=True, color=1, thickness=1)
    return Preview(pixels, outline)


def runs(preview: Preview) -> list[list[Run]]:
    """Each terminal row of the preview as runs of identical cells, so a row costs few spans to draw."""
    pixels = preview.pixels
    levels = (pixels.astype("uint16") * SHADES // 256).astype("uint8")
    marked = preview.outline
    rows: list[list[Run]] = []
    for top in range(0, levels.shape[0] - 1, 2):
        upper, lower = levels[top].tolist(), levels[top + 1].tolist()
        mark = (marked[top] | marked[top + 1]).tolist() if marked is not None else [0] * len(upper)
        row: list[Run] = []
        for cell in zip(upper, lower, mark, strict=True):
            key = (cell[0], cell[1], bool(cell[2]))
            if row and row[-1][:3] == key:
                row[-1] = (*key, row[-1][3] + 1)
            else:
                row.append((*key, 1))
        rows.append(row)
    return rows
