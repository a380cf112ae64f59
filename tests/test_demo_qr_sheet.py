"""``ecarnet-central demo-codes --qr DIR``: the PNGs and the sheet decode, with a real decoder, to the demo codes."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import cv2
import pypdfium2
import pytest
import zxingcpp
from pypdf import PdfReader

from carnet_domain.payload import parse_payload
from reference_central.cli import main
from reference_central.locations import SHEET_NAME


def _decoded(image: object) -> list[str]:
    return [result.text for result in zxingcpp.read_barcodes(image)]


def _json_codes(db: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> list[dict[str, str]]:
    assert main(["--db", str(db), "demo-codes", "--json", *extra]) == 0
    codes: list[dict[str, str]] = json.loads(capsys.readouterr().out)
    return codes


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    tmp_path = tmp_path_factory.mktemp("qr")
    db, out = tmp_path / "c.sqlite3", tmp_path / "codes" / "day-1"
    stdout = io.StringIO()
    with contextlib.redirect_stdout(stdout):
        assert main(["--db", str(db), "demo-codes", "--qr", str(out)]) == 0
    return db, out, stdout.getvalue()


def test_every_png_decodes_to_its_training_payload(
    written: tuple[Path, Path, str], capsys: pytest.CaptureFixture[str],
) -> None:
    db, out, printed = written
    codes = _json_codes(db, capsys)
    pngs = sorted(out.glob("*.png"))
    assert len(pngs) == len(codes) >= 14
    by_name = {f"t{c['trainee']}-{c['scenario']}-{c['carnet_id']}-{c['transaction_type']}.png": c for c in codes}
    assert {p.name for p in pngs} == set(by_name)
    for png in pngs:
        image = cv2.imread(str(png))
        assert image is not None, png.name
        assert image.shape[1] >= 300, png.name
        texts = _decoded(image)
        assert texts == [by_name[png.name]["payload"]], png.name
        payload = parse_payload(texts[0])
        assert payload.training is True
        assert payload.transaction_code == by_name[png.name]["transaction_code"]
    lines = printed.splitlines()
    assert len(lines) == len(codes) + 2  # one per PNG, the sheet, and the count
    assert {Path(line).name for line in lines[:-1]} == set(by_name) | {SHEET_NAME}
    assert f"{len(codes) + 1} files" in lines[-1]


def test_the_sheet_shows_every_code_and_says_training_on_every_page(
    written: tuple[Path, Path, str], capsys: pytest.CaptureFixture[str],
) -> None:
    db, out, _ = written
    codes = _json_codes(db, capsys)
    sheet = out / SHEET_NAME
    pages = [page.extract_text() for page in PdfReader(sheet).pages]
    assert len(pages) >= 2
    for text in pages:
        assert "TRAINING" in text
        assert "not valid at a real border" in text
    everything = "\n".join(pages)
    for code in codes:
        for field in ("transaction_code", "cancellation_code", "carnet_number", "carnet_id"):
            assert code[field] in everything, (field, code[field])

    pdf = pypdfium2.PdfDocument(str(sheet))
    try:
        image = pdf[0].render(scale=2).to_numpy()
    finally:
        pdf.close()
    payloads = {c["payload"] for c in codes}
    found = set(_decoded(image)) & payloads
    assert found, "no demo payload decoded from page 1"
    assert all(parse_payload(text).training for text in found)


def test_one_trainee_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db, out = tmp_path / "c.sqlite3", tmp_path / "out"
    assert main(["--db", str(db), "demo", "reset", "--trainees", "2"]) == 0
    capsys.readouterr()
    assert main(["--db", str(db), "demo-codes", "--trainee", "2", "--qr", str(out)]) == 0
    printed = capsys.readouterr().out
    mine = _json_codes(db, capsys, "--trainee", "2")
    pngs = sorted(out.glob("*.png"))
    assert len(pngs) == len(mine) and all(p.name.startswith("t2-") for p in pngs)
    assert len(printed.splitlines()) == len(mine) + 2
    decoded = {_decoded(cv2.imread(str(p)))[0] for p in pngs}
    assert decoded == {c["payload"] for c in mine}
    text = "\n".join(page.extract_text() for page in PdfReader(out / SHEET_NAME).pages)
    assert all(c["transaction_code"] in text for c in mine)


def test_a_file_in_place_of_the_folder_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "codes"
    target.write_text("not a folder")
    assert main(["--db", str(tmp_path / "c.sqlite3"), "demo-codes", "--qr", str(target)]) == 2
    captured = capsys.readouterr()
    assert str(target) in captured.err
    assert "folder" in captured.err
    assert "Traceback" not in captured.err
    assert target.read_text() == "not a folder"


def test_a_folder_under_a_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "codes"
    blocker.write_text("not a folder")
    assert main(["--db", str(tmp_path / "c.sqlite3"), "demo-codes", "--qr", str(blocker / "day-1")]) == 2
    captured = capsys.readouterr()
    assert "Cannot write the QR codes" in captured.err
    assert "--qr" in captured.err
