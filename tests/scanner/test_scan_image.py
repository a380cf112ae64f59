"""``ecarnet scan-image``: real PNGs through the real decoders, plain and ``--json`` output, exit statuses, and
outside text (a Wi-Fi code with brackets, an escape sequence) shown literally and never raw."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest
import segno

from carnet_domain.payload import TransactionPayload
from ecarnet_tui.cli import main

REPOSITORY = Path(__file__).resolve().parents[2]
TRAINING_QR = TransactionPayload("120002", "5D58KCCV4HSV", training=True).encode()
LIVE_QR = TransactionPayload("4711", "BCDFGHJKLNPR").encode()
WIFI_QR = "WIFI:T:WPA;S:[bold]cafe;P:x;;"
ESCAPE_QR = "\x1b[31mred"


def qr_png(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    segno.make(text, error="m").save(str(path), kind="png", scale=8, border=4)
    return path


def blank_png(path: Path) -> Path:
    assert cv2.imwrite(str(path), np.full((200, 300), 255, np.uint8))
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """carnet.png, live.png, wifi.png, blank.png, notes.png (text, not an image), readme.txt (skipped) and
    sub/escape.png."""
    root = tmp_path / "pictures"
    qr_png(root / "carnet.png", TRAINING_QR)
    qr_png(root / "live.png", LIVE_QR)
    qr_png(root / "wifi.png", WIFI_QR)
    blank_png(root / "blank.png")
    (root / "notes.png").write_text("this is not a picture\n")
    (root / "readme.txt").write_text("not looked at\n")
    qr_png(root / "sub" / "escape.png", ESCAPE_QR)
    return root


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(["scan-image", *argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def line_for(out: str, name: str) -> tuple[str, list[str]]:
    """The line naming a file and the indented lines (its codes) under it."""
    lines = out.splitlines()
    (at,) = [i for i, line in enumerate(lines) if not line.startswith(" ") and Path(line.split("  ")[0]).name == name]
    following = []
    for line in lines[at + 1 :]:
        if not line.startswith("  "):
            break
        following.append(line)
    return lines[at], following


def test_plain_output_names_each_file_and_what_it_holds(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run([str(folder)], capsys)

    assert status == 2  # notes.png cannot be read
    assert "Decoders: zxing-cpp, pyzbar" in err
    files = [line.split("  ")[0] for line in out.splitlines() if not line.startswith(" ")]
    names = ["blank.png", "carnet.png", "live.png", "notes.png", "sub/escape.png", "wifi.png"]
    assert files == [str(folder / name) for name in names]  # walked into sub/, sorted, readme.txt left out

    line, codes = line_for(out, "carnet.png")
    assert "1 code found" in line and line.endswith(" ms)")
    (code,) = codes
    assert TRAINING_QR in code and code.endswith("[carnet 120002, TRAINING]")

    line, (code,) = line_for(out, "live.png")
    assert code.endswith("[carnet 4711]")

    line, (code,) = line_for(out, "wifi.png")
    assert f": {WIFI_QR}  [this is not a carnet QR]" in code  # brackets intact, not taken as markup

    line, codes = line_for(out, "blank.png")
    assert "no code found" in line and codes == []

    line, codes = line_for(out, "notes.png")
    assert "cannot be read" in line and "not an image this reader knows" in line and codes == []


def test_an_escape_sequence_in_a_code_is_shown_escaped(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _err = run([str(folder / "sub" / "escape.png")], capsys)

    assert status == 0
    assert "\x1b" not in out
    _line, (code,) = line_for(out, "escape.png")
    assert "\\x1b[31mred  [this is not a carnet QR]" in code, code

    status, out, _err = run(["--json", str(folder / "sub" / "escape.png")], capsys)
    (record,) = [json.loads(line) for line in out.splitlines()]
    assert record["codes"][0]["text"] == ESCAPE_QR  # the JSON keeps the exact text, escaped by JSON itself
    assert "\x1b" not in out


def test_json_gives_one_object_per_image(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _err = run(["--json", str(folder)], capsys)

    assert status == 2
    records = {Path(r["file"]).name: r for r in map(json.loads, out.splitlines())}
    assert sorted(records) == ["blank.png", "carnet.png", "escape.png", "live.png", "notes.png", "wifi.png"]

    for name in ("blank.png", "carnet.png", "escape.png", "live.png", "wifi.png"):
        record = records[name]
        assert isinstance(record["ms"], int | float) and not isinstance(record["ms"], bool) and record["ms"] >= 0
        assert "error" not in record and record["found"] is (name != "blank.png")

    (carnet,) = records["carnet.png"]["codes"]
    assert carnet["text"] == TRAINING_QR and carnet["decoder"] == "zxing-cpp"
    assert carnet["carnet_qr"] is True and carnet["training"] is True
    assert carnet["carnet_id"] == "120002" and carnet["transaction_code"] == "5D58KCCV4HSV"
    assert len(carnet["corners"]) == 4 and all(len(point) == 2 for point in carnet["corners"])
    xs = [x for x, _ in carnet["corners"]]
    assert min(xs) == pytest.approx(32, abs=3) and max(xs) == pytest.approx(32 + 25 * 8, abs=3)

    assert records["live.png"]["codes"][0]["training"] is False
    (wifi,) = records["wifi.png"]["codes"]
    assert wifi["text"] == WIFI_QR and wifi["carnet_qr"] is False and wifi["why"] == "this is not a carnet QR"
    assert records["blank.png"]["codes"] == []

    notes = records["notes.png"]
    assert notes["found"] is False and "not an image this reader knows" in notes["error"]
    assert "codes" not in notes and "ms" not in notes


def test_exit_status(folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    every = [str(folder / "carnet.png"), str(folder / "wifi.png")]
    assert run(every, capsys)[0] == 0
    assert run([*every, str(folder / "blank.png")], capsys)[0] == 1
    assert run([str(folder / "blank.png"), str(folder / "notes.png")], capsys)[0] == 2
    assert run([str(folder / "notes.png"), str(folder / "blank.png")], capsys)[0] == 2

    status, out, _err = run([str(tmp_path / "missing.png")], capsys)
    assert status == 2 and "no such file" in out

    status, out, _err = run([str(folder / "readme.txt")], capsys)  # named on its own, it is tried
    assert status == 2 and "cannot be read" in out

    empty = tmp_path / "empty"
    (empty / "nested").mkdir(parents=True)
    (empty / "nested" / "list.csv").write_text("a,b\n")
    status, out, err = run([str(empty)], capsys)
    assert status == 2 and out == "" and f"No image files found in {empty}." in err


def test_files_named_keep_their_order_and_a_folder_is_sorted(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _err = run(["--json", str(folder / "wifi.png"), str(folder / "sub"), str(folder / "carnet.png")],
                            capsys)
    assert status == 0
    assert [Path(json.loads(line)["file"]).name for line in out.splitlines()] == [
        "wifi.png", "escape.png", "carnet.png"]


def test_a_real_subprocess_with_json(folder: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ecarnet_tui.cli", "scan-image", "--json", str(folder)],
        cwd=REPOSITORY, capture_output=True, text=True, encoding="utf-8", timeout=120,
    )

    assert result.returncode == 2, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [Path(r["file"]).name for r in records] == [
        "blank.png", "carnet.png", "live.png", "notes.png", "escape.png", "wifi.png"]
    assert records[1]["codes"][0]["carnet_id"] == "120002"
    # only the decoders line: OpenCV's own warnings (the unreadable notes.png) never reach the terminal
    assert result.stderr.strip() == "Decoders: zxing-cpp, pyzbar"
