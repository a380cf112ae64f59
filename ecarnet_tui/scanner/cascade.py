"""The decoders tried one after another until one reads: the order and the pre-processing of each step are
chosen by ``benchmarks/qr_decoders.py`` on one half of the QR corpus and checked on the other half."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ecarnet_tui.i18n import _
from ecarnet_tui.scanner.decoders import Decoder, Reading, load_decoders
from ecarnet_tui.scanner.preprocess import scale_to, soften, to_gray

if TYPE_CHECKING:
    import numpy as np


@dataclass(frozen=True, slots=True)
class Step:
    """One decoder, run on the picture shrunk to ``max_side`` pixels (``None``: as it is), blurred or not."""

    decoder: str
    max_side: int | None = None
    blur: bool = False

    def label(self) -> str:
        parts = [self.decoder]
        if self.max_side:
            parts.append(f"≤{self.max_side}px")
        if self.blur:
            parts.append("blurred")
        return " ".join(parts)


DEFAULT_STEPS: tuple[Step, ...] = (
    Step("zxing-cpp"),
    Step("zxing-cpp", 640, blur=True),
    Step("pyzbar", 640, blur=True),
    Step("pyzbar", blur=True),
)
"""Chosen by ``python -m benchmarks.qr_decoders --repeat 2`` on one half of the QR corpus at 1280 px: zxing-cpp
reads the most by far, and fastest; a blurred 640 px copy reads some photographs of screens and dense codes;
pyzbar, blurred, at 640 px and then as the picture is, reads damaged and non-compliant codes zxing-cpp gives
up on. OpenCV reads nothing the others miss, at 8 ms a picture, so it only stands in for a decoder that
cannot be loaded (:data:`STAND_IN`)."""

STAND_IN = Step("opencv", 1280)
"""Added to the default cascade when one of its decoders is missing (no ``libzbar0``, no zxing-cpp wheel)."""


@dataclass(slots=True)
class Scan:
    """What one picture gave: the codes, the step that read them, and how long the whole cascade took."""

    readings: list[Reading]
    ms: float
    step: Step | None = None
    problems: list[str] = field(default_factory=list)
    """Decoders that raised on this picture (they are skipped for it)."""

    @property
    def found(self) -> bool:
        return bool(self.readings)


class Cascade:
    def __init__(self, steps: tuple[Step, ...] | None = None, decoders: dict[str, Decoder] | None = None,
                 missing: dict[str, str] | None = None) -> None:
        if steps is None:
            steps = DEFAULT_STEPS
            if decoders is None:
                decoders, missing = load_decoders(list(dict.fromkeys(step.decoder for step in steps)))
                if missing and STAND_IN.decoder not in decoders:
                    stand_in, not_loaded = load_decoders([STAND_IN.decoder])
                    decoders.update(stand_in)
                    missing.update(not_loaded)
                    steps = (*steps, STAND_IN)
        if decoders is None:
            decoders, missing = load_decoders(list(dict.fromkeys(step.decoder for step in steps)))
        self.decoders = decoders
        self.missing = dict(missing or {})
        """The decoders the steps name that could not be loaded, and why."""
        self.steps = tuple(step for step in steps if step.decoder in decoders)

    @property
    def active(self) -> list[str]:
        """The decoders in use, in the order the cascade tries them."""
        return list(dict.fromkeys(step.decoder for step in self.steps))

    def describe(self) -> str:
        text = ", ".join(self.active) or _("none")
        if self.missing:
            text += "; " + _("left out: {decoders}").format(
                decoders="; ".join(f"{name} ({why})" for name, why in self.missing.items()))
        return text

    def read(self, image: np.ndarray, steps: int | None = None) -> Scan:
        """Try each step on ``image`` (grayscale or BGR) until one finds a code; only the first ``steps``
        steps if given (a camera tries the slower ones on some frames only)."""
        start = time.perf_counter()
        gray = to_gray(image)
        prepared: dict[tuple[int | None, bool], tuple[np.ndarray, float]] = {}
        problems: list[str] = []
        for step in self.steps[:steps]:
            key = (step.max_side, step.blur)
            if key not in prepared:
                picture, factor = scale_to(gray, step.max_side) if step.max_side else (gray, 1.0)
                prepared[key] = (soften(picture) if step.blur else picture, factor)
            picture, factor = prepared[key]
            try:
                readings = self.decoders[step.decoder].read(picture)
            except Exception as exc:  # pyzbar on structured append, OpenCV on Shift_JIS: skip, never fail
                problems.append(f"{step.label()}: {type(exc).__name__}: {exc}")
                continue
            if readings:
                readings = unscaled(readings, factor)
                return Scan(readings, (time.perf_counter() - start) * 1000, step, problems)
        return Scan([], (time.perf_counter() - start) * 1000, None, problems)


def unscaled(readings: list[Reading], factor: float) -> list[Reading]:
    """Readings made on a picture shrunk by ``factor``, with their corners in the original picture's pixels."""
    if factor == 1.0:
        return readings
    return [Reading(r.text, r.decoder, tuple((x / factor, y / factor) for x, y in r.corners)) for r in readings]
