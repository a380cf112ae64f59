"""The QR decoders on the QR corpus (``benchmarks/qr_corpus.py``): how many images each reads and how fast,
alone and in a cascade; and the choice of the cascade's steps.

Each image is decoded as stored ("full") and shrunk to a longest side of 1280 pixels ("1280", about a camera
frame; the shrinking is done before any timing; smaller images stay as they are). The time is that of the
decode call only (for a cascade, its own pre-processing included), never the loading of the file. A decoder
that raises on an image has not read it; the raises are counted.

1. Each decoder (zxing-cpp, pyzbar, OpenCV) on the picture as it is, at both sizes.
2. On the "choose" half at 1280 only, the cascade is chosen among the steps decoder × longest side (as it
   is, 960, 640) × blurred or not: first the step that reads the most images (ties: the lower mean time);
   then, again and again, the step that reads the most of the images the cascade so far finds nothing in,
   per millisecond of its mean time on those images, as long as it adds at least 1% of the half's
   images (2 at least); 4 steps at most. Each candidate is timed as a one-step ``Cascade``, so its time
   includes its shrinking and blurring. A step that finds a wrong code stops the cascade on that image, so
   only the images where it finds nothing are left to the next step. Costs are means, not medians: half the
   corpus is small images every step reads in a fraction of a millisecond, and a camera pays on every frame
   for what a step costs on a large picture it cannot read.
3. On the "report" half (then on the whole corpus), at both sizes: each decoder, the chosen cascade and
   the cascade in ``ecarnet_tui.scanner.cascade.DEFAULT_STEPS`` (when it differs): images read, read rate
   per category, median and p95 time per image with a code, and false positives (images of the
   ``falsepositives-*`` controls where anything was found). Then the targets, at 1280 on the report half:
   the cascade reads more images than the best decoder alone, and its median is at most 1.5 times the
   fastest decoder's.

Each method runs over all the images in a row, as the workstation runs its cascade frame after frame, after
one untimed call. Each pass times every (method, image) once; ``--repeat N`` runs N passes and keeps each
image's fastest time (the readings are those of the first pass).

    .venv/bin/python -m benchmarks.qr_decoders [--corpus DIR] [--repeat 1] [--json FILE] [--quick]
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from benchmarks.qr_corpus import CORPUS_ENV, Sample, default_corpus, load_corpus, load_image
from ecarnet_tui.scanner.cascade import DEFAULT_STEPS, Cascade, Step, unscaled
from ecarnet_tui.scanner.decoders import Decoder, Reading, load_decoders
from ecarnet_tui.scanner.images import ImageError
from ecarnet_tui.scanner.preprocess import scale_to

if TYPE_CHECKING:
    import numpy as np

CAMERA_SIDE = 1280
SIZES = ("full", str(CAMERA_SIDE))
CANDIDATE_SIDES: tuple[int | None, ...] = (None, 960, 640)
MAX_STEPS = 4
MIN_GAIN_SHARE = 0.01
MIN_GAIN_IMAGES = 2
SPEED_TARGET = 1.5
CHOSEN = "cascade"
CURRENT = "current cascade"


@dataclass(slots=True)
class Outcome:
    """One method on one image at one size."""

    read: bool
    """A right reading (never, on a false-positive control)."""
    found: bool
    """Anything at all."""
    ms: float
    raised: str = ""
    """What the decoder raised (for a cascade, the steps that raised), or nothing."""
    step: str = ""
    """For a cascade: the step that found something."""


@dataclass(slots=True)
class Picture:
    gray: np.ndarray
    factor: float
    """This picture's pixels per pixel of the stored image."""


Results = dict[str, dict[str, Outcome]]
"""Method (or candidate step) → sample name → outcome."""


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def judged(sample: Sample, readings: list[Reading], factor: float, ms: float, raised: str = "",
           step: str = "") -> Outcome:
    return Outcome(sample.is_read(unscaled(readings, factor)), bool(readings), ms, raised, step)


def time_decoder(decoder: Decoder, sample: Sample, picture: Picture) -> Outcome:
    start = time.perf_counter()
    try:
        readings = decoder.read(picture.gray)
    except Exception as exc:  # a decoder that raises has not read the image; counted apart
        return Outcome(False, False, (time.perf_counter() - start) * 1000, f"{type(exc).__name__}: {exc}")
    return judged(sample, readings, picture.factor, (time.perf_counter() - start) * 1000)


def time_cascade(cascade: Cascade, sample: Sample, picture: Picture) -> Outcome:
    start = time.perf_counter()
    scan = cascade.read(picture.gray)
    ms = (time.perf_counter() - start) * 1000
    return judged(sample, scan.readings, picture.factor, ms, "; ".join(scan.problems),
                  scan.step.label() if scan.step else "")


def keep_fastest(results: Results, key: str, name: str, outcome: Outcome) -> None:
    """The first pass's readings, and the fastest time of all passes."""
    known = results.setdefault(key, {}).get(name)
    if known is None:
        results[key][name] = outcome
    else:
        known.ms = min(known.ms, outcome.ms)


def size_key(method: str, size: str) -> str:
    return f"{method} @{size}"


def candidate_steps(decoders: Sequence[str]) -> list[Step]:
    return [Step(d, side, blur) for d in decoders for side in CANDIDATE_SIDES for blur in (False, True)]


def step_code(step: Step) -> str:
    args = [f'"{step.decoder}"']
    if step.max_side:
        args.append(str(step.max_side))
    if step.blur:
        args.append("blur=True")
    return f"Step({', '.join(args)})"


Timer = Callable[[Sample, Picture], Outcome]


def measure(key: str, timer: Timer, samples: list[Sample], pictures: dict[str, Picture], results: Results) -> None:
    """One method over all ``samples`` in a row (as the workstation runs it frame after frame), after one
    untimed warm-up call."""
    started = time.perf_counter()
    loaded = [s for s in samples if s.name in pictures]
    if loaded:
        timer(loaded[0], pictures[loaded[0].name])
    for sample in loaded:
        keep_fastest(results, key, sample.name, timer(sample, pictures[sample.name]))
    progress(f"  {key}: {len(loaded)} images, {time.perf_counter() - started:.1f} s")


def decoder_timer(decoder: Decoder) -> Timer:
    return lambda sample, picture: time_decoder(decoder, sample, picture)


def cascade_timer(cascade: Cascade) -> Timer:
    return lambda sample, picture: time_cascade(cascade, sample, picture)


@dataclass(slots=True)
class Choice:
    step: Step
    adds: int
    open_images: int
    mean_ms: float
    """The step's mean time on the images the cascade so far found nothing in (all images, for the first)."""


def choose_steps(candidates: list[Step], names: list[str], results: Results) -> tuple[list[Choice], str]:
    """The greedy choice on the images ``names`` (the choose half's images with a code)."""
    least = max(MIN_GAIN_IMAGES, MIN_GAIN_SHARE * len(names))

    def reads(step: Step, among: Sequence[str]) -> int:
        return sum(results[step.label()][n].read for n in among)

    def mean_ms(step: Step, among: Sequence[str]) -> float:
        """The cost of a step is its mean, not its median: half the corpus is small images that every step
        reads at once, and a camera pays for the large frames it cannot read on every frame."""
        return statistics.fmean(results[step.label()][n].ms for n in among) if among else 0.0

    first = max(candidates, key=lambda s: (reads(s, names), -mean_ms(s, names)))
    chosen = [Choice(first, reads(first, names), len(names), mean_ms(first, names))]
    why = f"{MAX_STEPS} steps"
    while len(chosen) < MAX_STEPS:
        open_images = [n for n in names if not any(results[c.step.label()][n].found for c in chosen)]
        taken = {c.step for c in chosen}
        scored = []
        for step in candidates:
            if step in taken:
                continue
            adds, cost = reads(step, open_images), mean_ms(step, open_images)
            scored.append((adds / max(cost, 0.01), adds, -cost, step))
        worthy = [s for s in scored if s[1] >= least]
        if not worthy:
            best = max(scored, key=lambda s: (s[1], s[2]), default=None)
            why = (f"no step adds {math.ceil(least)} images or more"
                   + (f" (the most: {best[1]}, {best[3].label()})" if best else ""))
            break
        _, adds, cost, step = max(worthy, key=lambda s: (s[0], s[1], s[2]))
        chosen.append(Choice(step, adds, len(open_images), -cost))
    return chosen, why


@dataclass(slots=True)
class Figures:
    method: str
    size: str
    read: int
    images: int
    median_ms: float
    p95_ms: float
    raised: int
    false_positives: list[str]
    controls: int
    by_category: dict[str, float]
    steps_used: dict[str, int]

    @property
    def percent(self) -> float:
        return 100 * self.read / self.images if self.images else 0.0


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))] if ordered else math.nan


def figures(method: str, size: str, samples: list[Sample], outcomes: dict[str, Outcome]) -> Figures:
    scored = [s for s in samples if s.has_code and s.name in outcomes]
    controls = [s for s in samples if not s.has_code and s.name in outcomes]
    times = [outcomes[s.name].ms for s in scored]
    by_category: dict[str, float] = {}
    for category in dict.fromkeys(s.category for s in scored):
        group = [s for s in scored if s.category == category]
        by_category[category] = 100 * sum(outcomes[s.name].read for s in group) / len(group)
    steps_used: dict[str, int] = {}
    for s in scored:
        if outcomes[s.name].read and outcomes[s.name].step:
            steps_used[outcomes[s.name].step] = steps_used.get(outcomes[s.name].step, 0) + 1
    return Figures(
        method, size,
        read=sum(outcomes[s.name].read for s in scored), images=len(scored),
        median_ms=statistics.median(times) if times else math.nan, p95_ms=percentile(times, 0.95),
        raised=sum(bool(outcomes[s.name].raised) for s in scored + controls),
        false_positives=[s.name for s in controls if outcomes[s.name].found], controls=len(controls),
        by_category=by_category, steps_used=steps_used,
    )


def summary_table(title: str, rows: list[Figures]) -> list[str]:
    lines = [title, f"  {'':16} {'read':>9} {'%':>6} {'median ms':>10} {'p95 ms':>8} {'raised':>7} {'false pos.':>11}"]
    for f in rows:
        lines.append(f"  {f.method:16} {f'{f.read}/{f.images}':>9} {f.percent:5.1f}% {f.median_ms:10.1f} "
                     f"{f.p95_ms:8.1f} {f.raised:7} {f'{len(f.false_positives)}/{f.controls}':>11}")
    for f in rows:
        if f.false_positives:
            lines.append(f"  false positives of {f.method}: {', '.join(f.false_positives)}")
    for f in rows:
        if f.steps_used:
            used = ", ".join(f"{step} {count}" for step, count in f.steps_used.items())
            lines.append(f"  images read by each step of the {f.method}: {used}")
    return lines


def category_table(title: str, samples: list[Sample], rows: list[Figures]) -> list[str]:
    heads = [f.method.replace(" cascade", "") for f in rows]
    lines = [title, f"  {'category':36} {'n':>3} " + " ".join(f"{h:>9}" for h in heads)]
    for category in rows[0].by_category:
        count = sum(1 for s in samples if s.category == category and s.has_code)
        cells = " ".join(f"{f.by_category[category]:8.0f}%" for f in rows)
        lines.append(f"  {category:36} {count:3} {cells}")
    return lines


def target_lines(prefix: str, cascade: Figures, singles: list[Figures]) -> list[str]:
    best = max(singles, key=lambda f: f.read)
    fastest = min(singles, key=lambda f: f.median_ms)
    ratio = cascade.median_ms / fastest.median_ms if fastest.median_ms else math.inf
    reads_ok = cascade.read > best.read
    fast_ok = ratio <= SPEED_TARGET
    return [
        f"  {prefix}reads more images than the best single decoder ({best.method}): "
        f"{cascade.read} vs {best.read} — {'PASS' if reads_ok else 'FAIL'}",
        f"  {prefix}median ≤ {SPEED_TARGET}× fastest decoder's median ({fastest.method}): "
        f"{cascade.median_ms:.1f} ms vs {fastest.median_ms:.1f} ms (ratio {ratio:.2f}) — "
        f"{'PASS' if fast_ok else 'FAIL'}",
    ]


def load_pictures(samples: list[Sample]) -> tuple[dict[str, dict[str, Picture]], list[tuple[str, str]]]:
    pictures: dict[str, dict[str, Picture]] = {}
    failed: list[tuple[str, str]] = []
    for sample in samples:
        try:
            gray = load_image(sample)
        except ImageError as exc:
            failed.append((sample.name, str(exc)))
            continue
        small, factor = scale_to(gray, CAMERA_SIDE)
        pictures[sample.name] = {"full": Picture(gray, 1.0), str(CAMERA_SIDE): Picture(small, factor)}
    return pictures, failed


def quiet_opencv() -> None:
    """OpenCV logs its own error for each file it cannot decode; the benchmark lists those files itself."""
    import cv2

    setter: Callable[[int], Any] | None = getattr(cv2, "setLogLevel", None)
    if setter is not None:
        setter(0)


@dataclass(slots=True)
class Run:
    root: Path
    quick: bool
    repeat: int
    samples: list[Sample]
    failed: list[tuple[str, str]]
    decoders: dict[str, Decoder]
    missing: dict[str, str]
    choose_names: list[str]
    candidates: list[Step]
    results: Results
    chosen: list[Choice]
    why_stop: str
    cascades: dict[str, Cascade]

    @property
    def steps(self) -> tuple[Step, ...]:
        return tuple(c.step for c in self.chosen)

    @property
    def least_gain(self) -> int:
        return math.ceil(max(MIN_GAIN_IMAGES, MIN_GAIN_SHARE * len(self.choose_names)))


def run(root: Path, quick: bool, repeat: int) -> Run:
    """Measure every decoder, choose the cascade, measure the cascades."""
    samples = load_corpus(root)
    if quick:
        samples = samples[::4]
    pictures, failed = load_pictures(samples)
    decoders, missing = load_decoders()
    for name, why in missing.items():
        progress(f"decoder {name} left out: {why}")
    if not decoders:
        raise SystemExit("no QR decoder could be loaded")
    progress(f"{len(samples)} images ({len(pictures)} loaded), decoders: {', '.join(decoders)}")
    at_size = {size: {name: sizes[size] for name, sizes in pictures.items()} for size in SIZES}
    choose = [s for s in samples if s.half == "choose" and s.has_code and s.name in pictures]
    candidates = candidate_steps(list(decoders))
    results: Results = {}
    for pass_no in range(1, repeat + 1):
        progress(f"pass {pass_no}/{repeat}: each decoder alone, then the candidate steps on the choose half")
        for size in SIZES:
            for name, decoder in decoders.items():
                measure(size_key(name, size), decoder_timer(decoder), samples, at_size[size], results)
        for step in candidates:
            alone = Cascade((step,), decoders=decoders)
            measure(step.label(), cascade_timer(alone), choose, at_size[str(CAMERA_SIDE)], results)

    choose_names = [s.name for s in choose]
    chosen, why_stop = choose_steps(candidates, choose_names, results)
    steps = tuple(c.step for c in chosen)
    cascades = {CHOSEN: Cascade(steps, decoders=decoders)}
    if steps != DEFAULT_STEPS:
        cascades[CURRENT] = Cascade(DEFAULT_STEPS, decoders=decoders)
    for pass_no in range(1, repeat + 1):
        progress(f"pass {pass_no}/{repeat}: the cascades")
        for size in SIZES:
            for name, cascade in cascades.items():
                measure(size_key(name, size), cascade_timer(cascade), samples, at_size[size], results)
    return Run(root, quick, repeat, samples, failed, decoders, missing, choose_names, candidates, results, chosen,
               why_stop, cascades)


def choice_lines(r: Run) -> list[str]:
    out = [f'Candidate steps on the "choose" half at {CAMERA_SIDE} ({len(r.choose_names)} images with a code):',
           f"  {'step':28} {'read':>9} {'median ms':>10} {'p95 ms':>8}"]
    for step in r.candidates:
        outcomes = [r.results[step.label()][n] for n in r.choose_names]
        times = [o.ms for o in outcomes]
        out.append(f"  {step.label():28} {f'{sum(o.read for o in outcomes)}/{len(outcomes)}':>9} "
                   f"{statistics.median(times) if times else math.nan:10.1f} {percentile(times, 0.95):8.1f}")
    out.append(f"Greedy choice (a step must add at least {r.least_gain} images; {MAX_STEPS} steps at most):")
    for number, c in enumerate(r.chosen, 1):
        if number == 1:
            out.append(f"  1. {c.step.label():28} reads {c.adds}/{c.open_images}, mean {c.mean_ms:.1f} ms")
        else:
            out.append(f"  {number}. {c.step.label():28} adds {c.adds} of the {c.open_images} images with nothing "
                       f"found so far, mean {c.mean_ms:.1f} ms on them "
                       f"({c.adds / max(c.mean_ms, 0.01):.3f} images/ms)")
    out.append(f"  stopped: {r.why_stop}")
    out.append("Chosen steps:")
    out.append(f"  ({', '.join(step_code(s) for s in r.steps)},)")
    if r.steps == DEFAULT_STEPS:
        out.append("  (the same as DEFAULT_STEPS)")
    else:
        out.append(f"  DEFAULT_STEPS now: ({', '.join(step_code(s) for s in DEFAULT_STEPS)},)")
    return out


def all_figures(r: Run) -> dict[str, dict[str, list[Figures]]]:
    """Scope ("report half", "whole corpus") → size → one row per decoder and cascade."""
    methods = [*r.decoders, *r.cascades]
    scopes = {"report half": [s for s in r.samples if s.half == "report"], "whole corpus": r.samples}
    return {scope: {size: [figures(m, size, group, r.results[size_key(m, size)]) for m in methods]
                    for size in SIZES}
            for scope, group in scopes.items()}


def report(r: Run, table: dict[str, dict[str, list[Figures]]]) -> list[str]:
    controls = sum(1 for s in r.samples if not s.has_code)
    out = [f"QR corpus {r.root}{' (--quick: every 4th image)' if r.quick else ''}: {len(r.samples)} images, "
           f"{len(r.samples) - controls} with a code, {controls} false-positive controls; --repeat {r.repeat}",
           f"decoders: {', '.join(r.decoders)}" + (f"; left out: {', '.join(r.missing)}" if r.missing else "")]
    out.extend(f"not loaded, left out: {name} ({why.removeprefix(str(r.root) + '/')})" for name, why in r.failed)
    out.append("")
    out.extend(choice_lines(r))
    out.append("")
    for scope, sizes in table.items():
        group = r.samples if scope == "whole corpus" else [s for s in r.samples if s.half == "report"]
        for size, rows in sizes.items():
            out.extend(summary_table(f"{scope}, {size}: {rows[0].images} images with a code, {rows[0].controls} "
                                     "false-positive controls (times: per image with a code)", rows))
            out.append("")
            out.extend(category_table(f"{scope}, {size}: read % per category", group, rows))
            out.append("")
    report_1280 = {f.method: f for f in table["report half"][str(CAMERA_SIDE)]}
    singles = [report_1280[n] for n in r.decoders]
    out.append(f"Targets at {CAMERA_SIDE}, report half:")
    out.extend(target_lines("cascade ", report_1280[CHOSEN], singles))
    if CURRENT in report_1280:
        out.extend(target_lines("current cascade (DEFAULT_STEPS) ", report_1280[CURRENT], singles))
    return out


def json_document(r: Run, table: dict[str, dict[str, list[Figures]]]) -> dict[str, Any]:
    return {
        "corpus": str(r.root), "quick": r.quick, "repeat": r.repeat, "decoders": list(r.decoders),
        "missing": r.missing, "not_loaded": dict(r.failed),
        "halves": {s.name: s.half for s in r.samples},
        "greedy": {"chosen": [asdict(c) for c in r.chosen], "stopped": r.why_stop, "least_gain": r.least_gain},
        "chosen_steps": [asdict(s) for s in r.steps],
        "default_steps": [asdict(s) for s in DEFAULT_STEPS],
        "figures": {scope: {size: [asdict(f) | {"percent": f.percent} for f in rows] for size, rows in sizes.items()}
                    for scope, sizes in table.items()},
        "outcomes": {key: {name: asdict(o) for name, o in per.items()} for key, per in r.results.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=None, help=f"default: ${CORPUS_ENV} or ../shared/qr-corpus")
    parser.add_argument("--repeat", type=int, default=1, help="passes; each image keeps its fastest time")
    parser.add_argument("--json", type=Path, default=None, help="write all figures to this file")
    parser.add_argument("--quick", action="store_true", help="every 4th image only: a fast smoke run")
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error("--repeat must be 1 or more")
    wall = time.perf_counter()
    quiet_opencv()
    r = run(args.corpus or default_corpus(), args.quick, args.repeat)
    table = all_figures(r)
    print("\n".join([*report(r, table), "", f"run time {time.perf_counter() - wall:.0f} s"]))
    if args.json:
        args.json.write_text(json.dumps(json_document(r, table), indent=1, ensure_ascii=False), encoding="utf-8")
        progress(f"figures written to {args.json}")


if __name__ == "__main__":
    main()
