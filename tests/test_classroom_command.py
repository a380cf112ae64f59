"""``ecarnet-central classroom --trainees N``: the class's database seeded with a code set per trainee, the sign-in
sheet and each trainee's QR sheet written, the summary; the real command serving a training central; a live
database refused before anything is written."""

from __future__ import annotations

import io
import ipaddress
import os
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from pypdf import PdfReader

from carnet_domain.organisation import Account, Role
from reference_central import records
from reference_central.classroom import (
    SIGN_IN_SHEET,
    Classroom,
    join_urls,
    local_addresses,
    prepare,
    summary,
)
from reference_central.cli import main
from reference_central.database_kind import LIVE, mark
from reference_central.demo.identity import DEMO_PASSWORD
from reference_central.demo.organisation import DEFAULT_ACCOUNT
from reference_central.demo.seed import demo_codes
from reference_central.identity.passwords import CHEAP_PROFILE
from reference_central.locations import classroom_db_path, demo_db_path
from reference_central.store import Store

CENTRAL = [sys.executable, "-m", "reference_central.cli"]
URLS = ("http://192.0.2.10:8765", "http://198.51.100.7:8765")
NOW = datetime(2025, 6, 12, 7, 30, tzinfo=UTC)


def _pages(pdf: Path) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf.read_bytes())).pages]


def _prepared(tmp_path: Path) -> tuple[Store, Classroom]:
    store = Store(tmp_path / "c.sqlite3")
    return store, prepare(store, NOW, 3, tmp_path / "sheets", URLS, profile=CHEAP_PROFILE)


def test_prepare_seeds_a_code_set_per_trainee_and_writes_their_sheets(tmp_path: Path) -> None:
    store, room = _prepared(tmp_path)
    try:
        codes = demo_codes(store)
        assert {c.trainee for c in codes} == {0, 1, 2, 3}
        with store.transaction() as db:
            accounts = {a.account_id for a in records.accounts(db)}
    finally:
        store.close()
    sheets = tmp_path / "sheets"
    names = {p.name for p in sheets.iterdir()}
    assert {SIGN_IN_SHEET, "trainee01-codes.pdf", "trainee02-codes.pdf", "trainee03-codes.pdf",
            "trainee01", "trainee02", "trainee03"} == names
    second = [c for c in codes if c.trainee == 2]
    assert len(list((sheets / "trainee02").glob("*.png"))) == len(second)
    assert all(p.name.startswith("t2-") for p in (sheets / "trainee02").iterdir())
    qr_text = " ".join(_pages(sheets / "trainee02-codes.pdf"))
    assert all(c.transaction_code in qr_text for c in second)
    assert not any(c.transaction_code in qr_text for c in codes if c.trainee != 2)
    assert set(room.written) == {*sheets.glob("*.pdf"), *sheets.glob("*/*.png")}

    # Each trainee's own account when the central has one; the shared demo account otherwise.
    expected = [(n, f"trainee{n:02d}" if f"trainee{n:02d}" in accounts else DEFAULT_ACCOUNT) for n in (1, 2, 3)]
    assert [(s.trainee, s.account_id) for s in room.seats] == expected
    pages = _pages(sheets / SIGN_IN_SHEET)
    text = " ".join(pages)
    for page in pages:
        assert page.startswith("TRAINING - classroom sign-in sheet")
        assert "TRAINING - published training accounts, valid on a training central only" in page
    for url in URLS:
        assert f'central_url = "{url}"' in text
    assert 'central_kind = "training"' in text
    assert f'The password of every training account is "{DEMO_PASSWORD}"' in text
    assert "The authenticator code is shown on the training sign-in screen" in text
    for n, account in expected:
        assert f"{n:02d} {account}" in text and f"trainee{n:02d}-codes.pdf" in text

    said = summary(room)
    assert said.startswith("Classroom central (TRAINING) for 3 trainee(s), database ")
    assert f"workstations join at {URLS[0]} or {URLS[1]}" in said
    assert f'central_url = "{URLS[0]}"' in said and 'central_kind = "training"' in said
    assert f"password {DEMO_PASSWORD!r}; the authenticator code is shown on the training sign-in screen" in said
    assert f"sheets in {sheets}: {SIGN_IN_SHEET}" in said


def test_trainee_accounts_sign_the_sheet_when_the_central_has_them(tmp_path: Path) -> None:
    store, _room = _prepared(tmp_path)
    try:
        with store.transaction() as db:
            for n in (1, 2, 3):
                records.put_account(db, Account(
                    account_id=f"trainee{n:02d}", display_name=f"Trainee {n:02d}", role=Role.OFFICER,
                    office_id="gva-airport", region_id="ch-geneve"))
        room = prepare(store, NOW, 3, tmp_path / "sheets", URLS[:1], profile=CHEAP_PROFILE)  # kept: same day
        with store.transaction() as db:
            assert "trainee02" in {a.account_id for a in records.accounts(db)}
    finally:
        store.close()
    assert [(s.account_id, s.shared) for s in room.seats] == [(f"trainee{n:02d}", False) for n in (1, 2, 3)]
    said = summary(room)
    assert "trainees sign in as trainee01 to trainee03" in said and " or " not in said.splitlines()[1]
    text = " ".join(_pages(tmp_path / "sheets" / SIGN_IN_SHEET))
    assert "(shared)" not in text and "02 trainee02" in text


def test_the_addresses_workstations_join_are_the_laptops_own() -> None:
    found = local_addresses()
    assert found
    for address in found:
        ip = ipaddress.ip_address(address)
        assert ip.version == 4
        assert not ip.is_loopback or found == ["127.0.0.1"]
    assert join_urls("0.0.0.0", 8765) == tuple(f"http://{a}:8765" for a in found)
    assert join_urls("192.0.2.10", 9000) == ("http://192.0.2.10:9000",)


def test_a_live_database_is_refused_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    db, sheets = tmp_path / "live.sqlite3", tmp_path / "sheets"
    store = Store(db)
    mark(store, LIVE)
    store.close()
    assert main(["--db", str(db), "classroom", "--trainees", "3", "--sheets", str(sheets), "--port", "0"]) == 3
    assert "Refused:" in capsys.readouterr().err
    assert not sheets.exists()
    store = Store(db)
    try:
        with store.transaction() as dbc:
            assert records.carnets(dbc) == [] and records.accounts(dbc) == []
    finally:
        store.close()


@pytest.mark.parametrize("trainees", ["0", "51", "x"])
def test_a_class_is_one_to_fifty_trainees(trainees: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["classroom", "--trainees", trainees])
    assert exited.value.code == 2
    assert "a number of trainees from 1 to 50" in capsys.readouterr().err


def test_the_classroom_has_a_database_of_its_own(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert classroom_db_path() != demo_db_path()
    assert classroom_db_path().parent == demo_db_path().parent
    out = subprocess.run([*CENTRAL, "classroom", "--help"], capture_output=True, text=True, check=True,
                         env={**os.environ}).stdout
    assert str(classroom_db_path()) in out


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_the_command_serves_a_training_central_to_the_room(tmp_path: Path) -> None:
    port, sheets = _free_port(), tmp_path / "sheets"
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data")}
    process = subprocess.Popen(
        [*CENTRAL, "--db", str(tmp_path / "c.sqlite3"), "classroom", "--trainees", "2", "--sheets", str(sheets),
         "--port", str(port)], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 60
    try:
        while True:
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/v1/health", timeout=1)
                if health.status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert process.poll() is None, process.communicate()[0]
            assert time.monotonic() < deadline, "the classroom central did not start"
            time.sleep(0.1)
        assert health.json()["training"] is True
        assert (sheets / SIGN_IN_SHEET).is_file() and (sheets / "trainee02-codes.pdf").is_file()
    finally:
        process.terminate()
        printed = process.communicate(timeout=20)[0]
    assert "Classroom central (TRAINING) for 2 trainee(s)" in printed
    assert f":{port}\"" in printed and 'central_kind = "training"' in printed
    assert not (tmp_path / "data").exists()  # --db: neither the demo's nor the classroom's default file
