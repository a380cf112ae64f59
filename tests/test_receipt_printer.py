"""Saving a receipt's PDF and sending it to ``lp``: real files, and real ``lp`` programs on PATH (a script that
records what it was given, one that fails like CUPS does, or none at all)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from carnet_domain.transaction_types import TransactionType as T
from ecarnet_tui.printing.printer import PrintError, print_file, receipt_file_name, save_receipt
from tests.unit.domain_factories import tx

PDF = b"%PDF-1.4 a receipt"


def fake_lp(folder: Path, body: str) -> Path:
    """An executable ``lp`` in ``folder`` running the shell ``body``; ``folder`` then leads PATH."""
    folder.mkdir(exist_ok=True)
    script = folder / "lp"
    script.write_text("#!/bin/sh\n" + body + "\n")
    script.chmod(0o755)
    return script


def test_the_file_is_named_after_carnet_type_and_transaction(tmp_path: Path) -> None:
    transaction = tx(T.VALIDATION, "CH", date(2026, 6, 15), "1-20")
    name = receipt_file_name(transaction)
    assert name == f"receipt-CH_2026_0001-validation-{transaction.transaction_id}.pdf"
    path = save_receipt(PDF, tmp_path / "new" / "receipts", transaction)
    assert path == (tmp_path / "new" / "receipts" / name).resolve()
    assert path.read_bytes() == PDF
    assert save_receipt(PDF + b"!", path.parent, transaction) == path
    assert path.read_bytes() == PDF + b"!"
    assert [p.name for p in path.parent.iterdir()] == [name], "no temporary file is left behind"


def test_lp_gets_the_printer_and_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    record = tmp_path / "lp-args.txt"
    fake_lp(tmp_path / "bin", f'printf "%s\\n" "$@" > "{record}"\necho "request id is Fake-1 (1 file(s))"')
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}:/usr/bin:/bin")
    receipt = tmp_path / "receipt with space.pdf"
    receipt.write_bytes(PDF)
    print_file(receipt, "Front_Desk")
    assert record.read_text().splitlines() == ["-d", "Front_Desk", str(receipt.resolve())]
    print_file(receipt, "default")
    assert record.read_text().splitlines() == [str(receipt.resolve())]


def test_a_refusing_lp_is_reported_with_its_words(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_lp(tmp_path / "bin", 'echo "lp: The printer or class does not exist." >&2\nexit 1')
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}:/usr/bin:/bin")
    with pytest.raises(PrintError, match=r"^printer Nowhere refused it: lp: The printer or class does not exist\.$"):
        print_file(tmp_path / "r.pdf", "Nowhere")


def test_a_missing_lp_says_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "empty").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(PrintError, match=r"^the 'lp' command is not installed \(Debian package cups-client\)\.$"):
        print_file(tmp_path / "r.pdf", "Nowhere")


def test_no_printer_name_is_refused(tmp_path: Path) -> None:
    with pytest.raises(PrintError, match="no printer is set"):
        print_file(tmp_path / "r.pdf", "  ")
