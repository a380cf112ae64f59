"""The QR image corpus (``../shared/qr-corpus``, described in its ``SOURCES.md``) with its ground truth, for
``benchmarks/qr_decoders.py``.

One :class:`Sample` per image file, labelled ``<source>/<category>``. What counts as a good reading:

- ``<stem>.txt`` next to the image: the decoded text equals it, as it is or after turning ``\\r\\n`` into
  ``\\n`` and dropping trailing white space on both sides;
- BoofCV photographs (``<stem>.corners.txt``, no text): the centre of the reading's corners, in the image's
  own pixels, lies inside one hand-labelled quad; a reading without corners counts;
- structured-append parts (``<prefix>-NN.png`` next to ``<prefix>.txt``, zxing-cpp's ``qrcode-7``): the
  text is a non-empty piece of the combined text;
- no ground truth (``multi-qrcode-1``): any reading counts;
- ``falsepositives-*``: nothing should be found; such images are kept apart from the read rate.

The corpus is split in two halves: within each category, files sorted by name, even positions go to
"choose" (where the cascade is chosen) and odd ones to "report" (where it is checked).

    .venv/bin/python -m benchmarks.qr_corpus [--corpus DIR]   # what the corpus holds, per category and half
"""

from __future__ import annotations

import argparse
import os
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from ecarnet_tui.scanner.decoders import Reading
from ecarnet_tui.scanner.images import IMAGE_SUFFIXES

if TYPE_CHECKING:
    import numpy as np

CORPUS_ENV = "ECARNET_QR_CORPUS"
HALVES = ("choose", "report")

Point = tuple[float, float]
Quad = tuple[Point, Point, Point, Point]

_PART = re.compile(r"^(?P<prefix>.+)-\d+$")


class Truth(Enum):
    """Which rule says whether a reading of a sample is right."""

    TEXT = "text"
    CORNERS = "corners"
    PART = "part of a structured append"
    ANY = "any reading"
    NO_CODE = "no code (false-positive control)"


@dataclass(frozen=True, slots=True)
class Sample:
    path: Path
    name: str
    """The path inside the corpus, ``<source>/<category>/<file>``."""
    category: str
    """``<source>/<category>``."""
    half: str
    """``"choose"`` or ``"report"``."""
    truth: Truth
    expected: str = ""
    """The expected text (:attr:`Truth.TEXT`) or the combined text of all parts (:attr:`Truth.PART`)."""
    quads: tuple[Quad, ...] = ()
    """The labelled corners, in the stored image's pixels (:attr:`Truth.CORNERS`)."""

    @property
    def has_code(self) -> bool:
        """False for the false-positive controls, which count apart from the read rate."""
        return self.truth is not Truth.NO_CODE

    def counts(self, reading: Reading) -> bool:
        """Whether ``reading`` (corners in this image's own pixels) is a right reading of this sample."""
        if self.truth is Truth.TEXT:
            return same_text(reading.text, self.expected)
        if self.truth is Truth.CORNERS:
            if not reading.corners:
                return True
            centre = corner_centre(reading.corners)
            return any(inside(centre, quad) for quad in self.quads)
        if self.truth is Truth.PART:
            return bool(reading.text) and reading.text in self.expected
        return self.truth is Truth.ANY

    def is_read(self, readings: Iterable[Reading]) -> bool:
        """Whether one of ``readings`` counts (never, for a false-positive control)."""
        return any(self.counts(r) for r in readings)


def same_text(decoded: str, expected: str) -> bool:
    return decoded == expected or _normalised(decoded) == _normalised(expected)


def _normalised(text: str) -> str:
    return text.replace("\r\n", "\n").rstrip()


def corner_centre(corners: Sequence[Point]) -> Point:
    return (sum(x for x, _ in corners) / len(corners), sum(y for _, y in corners) / len(corners))


def inside(point: Point, polygon: Sequence[Point]) -> bool:
    """Whether ``point`` lies inside ``polygon`` or on its edge (even-odd rule)."""
    px, py = point
    result = False
    count = len(polygon)
    for i in range(count):
        (x1, y1), (x2, y2) = polygon[i], polygon[(i + 1) % count]
        if _on_segment(point, (x1, y1), (x2, y2)):
            return True
        if (y1 > py) != (y2 > py):
            x_cross = x1 + (py - y1) * (x2 - x1) / (y2 - y1)
            if px < x_cross:
                result = not result
    return result


def _on_segment(p: Point, a: Point, b: Point) -> bool:
    cross = (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0])
    if abs(cross) > 1e-9 * max(1.0, abs(b[0] - a[0]) + abs(b[1] - a[1])):
        return False
    return min(a[0], b[0]) <= p[0] <= max(a[0], b[0]) and min(a[1], b[1]) <= p[1] <= max(a[1], b[1])


def read_text(path: Path) -> str:
    """A ground-truth text file: UTF-8, or latin-1 where it is not valid UTF-8."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def parse_corners(text: str) -> tuple[Quad, ...]:
    """BoofCV's labelled corners: after a ``SETS`` line, one QR a line (8 numbers); without it, one corner
    a line (``x y``), four lines a QR. Lines starting with ``#`` are comments."""
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line and not line.startswith("#")]
    rows: list[list[float]]
    if lines and lines[0] == "SETS":
        rows = [[float(v) for v in line.split()] for line in lines[1:]]
    else:
        numbers = [float(v) for line in lines for v in line.split()]
        rows = [numbers[i:i + 8] for i in range(0, len(numbers), 8)]
    quads: list[Quad] = []
    for row in rows:
        if len(row) != 8:
            raise ValueError(f"a labelled QR needs 8 numbers (4 corners), not {len(row)}: {row}")
        quads.append(((row[0], row[1]), (row[2], row[3]), (row[4], row[5]), (row[6], row[7])))
    return tuple(quads)


def default_corpus() -> Path:
    """``$ECARNET_QR_CORPUS``, or ``shared/qr-corpus`` beside the repository or beside a folder holding it (a
    checkout in a subfolder of the workspace finds it too)."""
    configured = os.environ.get(CORPUS_ENV)
    if configured:
        return Path(configured)
    repository = Path(__file__).resolve().parents[1]
    for folder in repository.parents:
        candidate = folder / "shared" / "qr-corpus"
        if candidate.is_dir():
            return candidate
    return repository.parent / "shared" / "qr-corpus"


def is_image(path: Path) -> bool:
    return path.is_file() and path.suffix.lower() in IMAGE_SUFFIXES


def load_corpus(root: Path) -> list[Sample]:
    """Every image under ``root/<source>/<category>/``, sorted by category then file name."""
    if not root.is_dir():
        raise FileNotFoundError(f"{root}: no QR corpus there (set {CORPUS_ENV} or pass --corpus)")
    samples: list[Sample] = []
    for folder in sorted(p for p in root.glob("*/*") if p.is_dir()):
        files = sorted((p for p in folder.iterdir() if is_image(p)), key=lambda p: p.name)
        category = f"{folder.parent.name}/{folder.name}"
        for index, path in enumerate(files):
            samples.append(_sample(root, category, path, HALVES[index % 2]))
    return samples


def _sample(root: Path, category: str, path: Path, half: str) -> Sample:
    name = path.relative_to(root).as_posix()
    text_file = path.parent / f"{path.stem}.txt"
    corners_file = path.parent / f"{path.stem}.corners.txt"
    if category.split("/", 1)[1].startswith("falsepositives"):
        return Sample(path, name, category, half, Truth.NO_CODE)
    if text_file.is_file():
        return Sample(path, name, category, half, Truth.TEXT, expected=read_text(text_file))
    if corners_file.is_file():
        return Sample(path, name, category, half, Truth.CORNERS, quads=parse_corners(read_text(corners_file)))
    part = _PART.match(path.stem)
    if part and (path.parent / f"{part['prefix']}.txt").is_file():
        combined = read_text(path.parent / f"{part['prefix']}.txt")
        return Sample(path, name, category, half, Truth.PART, expected=combined)
    return Sample(path, name, category, half, Truth.ANY)


def load_image(sample: Sample) -> np.ndarray:
    """The sample as 8-bit grayscale in its stored orientation (as the labels are); raises ``ImageError``."""
    from ecarnet_tui.scanner.images import load_gray

    return load_gray(sample.path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=None, help=f"default: ${CORPUS_ENV} or ../shared/qr-corpus")
    args = parser.parse_args()
    root: Path = args.corpus or default_corpus()
    samples = load_corpus(root)
    print(f"QR corpus {root}: {len(samples)} images")
    print(f"{'category':36} {'choose':>6} {'report':>6}  ground truth")
    for category in dict.fromkeys(s.category for s in samples):
        group = [s for s in samples if s.category == category]
        halves = Counter(s.half for s in group)
        truths = ", ".join(sorted({s.truth.value for s in group}))
        print(f"{category:36} {halves['choose']:6} {halves['report']:6}  {truths}")


if __name__ == "__main__":
    main()
