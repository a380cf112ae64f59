"""The QR corpus's ground truth (``benchmarks/qr_corpus.py``) on real corpus images: a decoded text matches its
``.txt``; a BoofCV reading counts only when its centre is inside a labelled quad; the split into halves is
deterministic, disjoint and complete."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from pathlib import Path

import pytest

from benchmarks.qr_corpus import (
    HALVES,
    Quad,
    Sample,
    Truth,
    default_corpus,
    inside,
    is_image,
    load_corpus,
    load_image,
    parse_corners,
    read_text,
)
from ecarnet_tui.scanner.cascade import Cascade, Step, unscaled
from ecarnet_tui.scanner.decoders import Reading, load_decoders
from ecarnet_tui.scanner.preprocess import scale_to

CORPUS = default_corpus()


@pytest.fixture(scope="module")
def samples() -> list[Sample]:
    if not CORPUS.is_dir():
        pytest.skip(f"the QR corpus is not at {CORPUS} (it lives outside the repository; set ECARNET_QR_CORPUS)")
    return load_corpus(CORPUS)


def moved(quad: Quad, dx: float) -> Quad:
    a, b, c, d = ((x + dx, y) for x, y in quad)
    return (a, b, c, d)


def named(samples: list[Sample], name: str) -> Sample:
    return next(s for s in samples if s.name == name)


def test_a_text_image_read_by_the_cascade_matches_its_txt(samples: list[Sample]) -> None:
    sample = named(samples, "rustqr-custom/decoding/v2Email.png")
    assert sample.truth is Truth.TEXT
    scan = Cascade((Step("zxing-cpp"), Step("pyzbar"))).read(load_image(sample))

    assert scan.readings and sample.is_read(scan.readings)
    text = scan.readings[0].text
    assert sample.counts(Reading(text.replace("\n", "\r\n") + "\n  ", "test"))
    assert not sample.counts(Reading(text + "x", "test"))
    assert not sample.counts(Reading("", "test"))


def test_a_boofcv_reading_counts_only_inside_a_labelled_quad(samples: list[Sample]) -> None:
    sample = named(samples, "boofcv-qrcodes-v3/nominal/image013.jpg")
    assert sample.truth is Truth.CORNERS and sample.quads
    # read on a shrunk picture: the cascade gives the corners back in the stored image's pixels
    scan = Cascade((Step("zxing-cpp", 320), Step("pyzbar", 320))).read(load_image(sample))
    assert scan.readings and all(r.corners for r in scan.readings)
    assert sample.is_read(scan.readings)

    # a decoder run directly on a shrunk picture: its corners count once divided by the factor
    small, factor = scale_to(load_image(sample), 320)
    direct = load_decoders(["zxing-cpp"])[0]["zxing-cpp"].read(small)
    assert direct and not sample.is_read(direct)
    assert sample.is_read(unscaled(direct, factor))

    width = max(x for quad in sample.quads for x, _ in quad) - min(x for quad in sample.quads for x, _ in quad)
    shifted = dataclasses.replace(sample, quads=tuple(moved(quad, 2 * width) for quad in sample.quads))
    assert not shifted.is_read(scan.readings)
    assert shifted.counts(Reading("no corners", "test"))  # a decoder that gives no corners: any reading counts


def test_both_corner_formats_parse(samples: list[Sample]) -> None:
    one_a_line = CORPUS / "boofcv-qrcodes-v3/lots/image004.corners.txt"
    corner_a_line = CORPUS / "boofcv-qrcodes-v3/blurred/image006.corners.txt"
    lines = [line for line in read_text(one_a_line).splitlines() if line.strip() and line[0].isdigit()]

    assert len(parse_corners(read_text(one_a_line))) == len(lines) > 10
    (quad,) = parse_corners(read_text(corner_a_line))
    assert quad[0] == pytest.approx((1355.714, 2694.762), abs=1e-3)
    assert inside((1700, 2400), quad) and not inside((100, 100), quad)
    assert named(samples, "boofcv-qrcodes-v3/blurred/image006.jpg").quads == (quad,)


def test_structured_append_parts_and_controls(samples: list[Sample]) -> None:
    part = named(samples, "zxing-cpp-samples/qrcode-7/01-02.png")
    assert part.truth is Truth.PART
    assert part.counts(Reading("Monolithic vs Modular kernel", "test"))
    assert not part.counts(Reading("", "test")) and not part.counts(Reading("not in the message", "test"))

    assert named(samples, "zxing-blackbox/multi-qrcode-1/1.png").truth is Truth.ANY
    control = named(samples, "zxing-cpp-samples/falsepositives-2/01.webp")
    assert not control.has_code and not control.is_read([Reading("anything", "test")])


def test_the_split_is_deterministic_disjoint_and_complete(samples: list[Sample]) -> None:
    again = load_corpus(CORPUS)
    assert [(s.name, s.half) for s in again] == [(s.name, s.half) for s in samples]

    halves = {half: {s.name for s in samples if s.half == half} for half in HALVES}
    assert not halves["choose"] & halves["report"]
    on_disk = {p.relative_to(CORPUS).as_posix() for p in CORPUS.glob("*/*/*") if is_image(p)}
    assert halves["choose"] | halves["report"] == on_disk
    assert not any(name.endswith(".txt") for name in on_disk)

    by_category: dict[str, list[Sample]] = defaultdict(list)
    for s in samples:
        by_category[s.category].append(s)
    for category, group in by_category.items():
        ordered = sorted(group, key=lambda s: Path(s.name).name)
        assert [s.half for s in ordered] == [HALVES[i % 2] for i in range(len(ordered))], category


def test_a_latin_1_text_file_is_read(tmp_path: Path) -> None:
    folder = tmp_path / "source" / "qrcode-1"
    folder.mkdir(parents=True)
    (folder / "a.png").write_bytes(b"")
    (folder / "a.txt").write_bytes("Genève\r\n".encode("latin-1"))
    (folder / "a.result.txt").write_text("not an image")

    (sample,) = load_corpus(tmp_path)
    assert sample.category == "source/qrcode-1" and sample.half == "choose"
    assert sample.counts(Reading("Genève", "test"))
