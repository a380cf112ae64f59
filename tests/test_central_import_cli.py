"""``ecarnet-central import KIND FILE``: bulk creation at the server's console on a live database, with real CSV and
XLSX files; the accounts' set-password codes land in a new file only its owner may read."""

from __future__ import annotations

import csv
import io
import stat
import sys
from pathlib import Path

import openpyxl
import pytest

from central_contract.imports import COLUMNS, ImportKind
from reference_central import records
from reference_central.cli import main
from reference_central.store import Store

PASSWORD = "granite lantern orbit 47"
OFFICE = ["--office", "gva", "--office-name", "Genève Aéroport", "--timezone", "Europe/Zurich", "--region", "ch-ge",
          "--region-name", "Genève", "--country", "CH", "--territory", "CH", "--territory-name", "Switzerland"]


def run(db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str,
        stdin: str = "") -> tuple[int, str, str]:
    capsys.readouterr()
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    status = main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return status, out, err


def counts(db: Path) -> tuple[int, int, int]:
    store = Store(db)
    try:
        with store.transaction() as tx:
            return len(records.regions(tx)), len(records.offices(tx)), len(records.accounts(tx))
    finally:
        store.close()


def test_the_console_imports_regions_offices_and_accounts_and_keeps_the_codes_owner_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    db = tmp_path / "central.sqlite3"
    status, _, err = run(db, capsys, monkeypatch, "admin", "create", "root", "--name", "Root Admin", *OFFICE,
                         "--password-stdin", stdin=PASSWORD + "\n")
    assert status == 0, err
    regions = tmp_path / "regions.csv"
    regions.write_text("region_id,name,country,territory\r\nch-vaud,Vaud,CH,CH\r\n", encoding="utf-8")
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(COLUMNS[ImportKind.OFFICES]))
    sheet.append(["lausanne", "Lausanne", "ch-vaud", "Europe/Zurich", "yes", "no", "no", "yes"])
    offices = tmp_path / "offices.xlsx"
    book.save(offices)
    people = tmp_path / "accounts.csv"
    people.write_text("account_id,display_name,badge,email,role,office_id\r\n"
                      "a.muller,Anna Muller,CH-1,anna@customs.example,officer,lausanne\r\n"
                      "b.rossi,Bruno Rossi,CH-2,bruno@customs.example,controller,lausanne\r\n", encoding="utf-8")
    before = counts(db)

    status, out, err = run(db, capsys, monkeypatch, "import", "regions", str(regions), "--by", "nobody")
    assert (status, counts(db)) == (1, before)
    assert "not an active Admin" in err
    status, out, err = run(db, capsys, monkeypatch, "import", "regions", str(regions), "--by", "root", "--check")
    assert (status, counts(db)) == (0, before)
    assert "1 to create" in out and "Nothing was changed" in out
    status, out, err = run(db, capsys, monkeypatch, "import", "regions", str(regions), "--by", "root")
    assert status == 0, err
    status, out, err = run(db, capsys, monkeypatch, "import", "offices", str(offices), "--by", "root")
    assert status == 0, err
    assert "Imported 1 offices" in out

    status, out, err = run(db, capsys, monkeypatch, "import", "accounts", str(people), "--by", "root")
    assert status == 1
    assert "--codes-file" in err
    codes = tmp_path / "codes.csv"
    status, out, err = run(db, capsys, monkeypatch, "import", "accounts", str(people), "--by", "root",
                           "--codes-file", str(codes))
    assert status == 0, err
    assert counts(db) == (before[0] + 1, before[1] + 1, before[2] + 2)
    assert stat.S_IMODE(codes.stat().st_mode) == 0o600
    rows = list(csv.reader(io.StringIO(codes.read_text(encoding="utf-8"))))
    assert [r[0] for r in rows] == ["account_id", "a.muller", "b.rossi"]
    assert all(r[1] not in out + err for r in rows[1:])  # never on the screen

    # again: nothing is created, the codes file is never overwritten
    status, out, err = run(db, capsys, monkeypatch, "import", "accounts", str(people), "--by", "root",
                           "--codes-file", str(codes))
    assert status == 1
    assert "cannot make" in err
    status, out, err = run(db, capsys, monkeypatch, "import", "accounts", str(people), "--by", "root",
                           "--codes-file", str(tmp_path / "again.csv"))
    assert status == 0, err
    assert "Imported 0 accounts from 2 rows; 2 already existed." in out

    bad = tmp_path / "bad.csv"
    bad.write_text("account_id,display_name,badge,email,role,office_id\r\n"
                   "c.dupont,Chloé Dupont,,chloe@customs.example,officer,nowhere\r\n", encoding="utf-8")
    status, out, err = run(db, capsys, monkeypatch, "import", "accounts", str(bad), "--by", "root",
                           "--codes-file", str(tmp_path / "bad-codes.csv"))
    assert status == 1
    assert "row 2, office_id: there is no office 'nowhere'" in err
    assert not (tmp_path / "bad-codes.csv").exists()
    assert counts(db) == (before[0] + 1, before[1] + 1, before[2] + 2)
