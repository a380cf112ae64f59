"""Bulk creation of regions, offices and accounts (guide lines 3126-3226) over HTTP, with real XLSX and CSV files:
the templates, the per-row report, all or nothing, importing again, and the files refused whole."""

from __future__ import annotations

import csv
import io
import stat
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import openpyxl
import pytest

from central_client.errors import CentralRefused
from central_client.set_password_codes import write_codes_file
from central_contract.imports import COLUMNS, CSV_TYPE, MAX_ROWS, XLSX_TYPE, ImportKind, ImportReport
from tests.api.helpers import assert_refused
from tests.api.identity_helpers import first_sign_in
from tests.central_world import World

Row = dict[str, str]


def write_xlsx(path: Path, kind: ImportKind, rows: list[Row]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(COLUMNS[kind]))
    for row in rows:
        sheet.append([row.get(c, "") for c in COLUMNS[kind]])
    book.save(path)
    return path


def write_csv(path: Path, kind: ImportKind, rows: list[Row], columns: tuple[str, ...] | None = None) -> Path:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(columns or COLUMNS[kind]), extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def regions(n: int) -> list[Row]:
    return [{"region_id": f"imp-r{i:03}", "name": f"Import region {i}", "country": "CH", "territory": "CH"}
            for i in range(n)]


def offices(n: int, regions_of: int) -> list[Row]:
    return [{"office_id": f"imp-o{i:04}", "name": f"Import office {i}", "region_id": f"imp-r{i % regions_of:03}",
             "timezone": "Europe/Zurich", "active": "yes", "type_airport": "yes" if i % 2 else "",
             "type_land_port": "no", "address": f"Route {i}\nCase postale {i}", "postcode": str(1200 + i),
             "city": "Genève", "phone": "+41 22 000 00 00", "email": f"o{i}@customs.example",
             "opening_hours": "Mon-Fri 08:00-18:00", "latitude": "46.2", "longitude": "6.1"} for i in range(n)]


def accounts(n: int, offices_of: int) -> list[Row]:
    roles = ("officer", "controller", "regional_manager", "admin")
    return [{"account_id": f"imp.a{i:04}", "display_name": f"Officer {i}", "badge": f"CH-{i}",
             "email": f"a{i}@customs.example", "role": roles[(i // 10) % 4] if i % 10 == 0 else "officer",
             "office_id": f"imp-o{i % offices_of:04}"} for i in range(n)]


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The module's files, written once: a clean set (20 regions, 200 offices, 500 accounts), and bad ones."""
    folder = tmp_path_factory.mktemp("imports")
    bad = accounts(20, 200)
    bad[2]["office_id"] = "nowhere"  # an unknown office
    bad[5]["email"] = bad[4]["email"].upper()  # an e-mail given twice
    bad[9]["role"] = "superuser"  # a role nobody may give
    bad[13]["display_name"] = "Eve\u202etxt.exe"  # a bidirectional override
    bad[17]["account_id"] = ""  # a required value missing
    bad_offices = offices(3, 1)
    bad_offices[0]["timezone"] = "Mars/Olympus"
    bad_offices[1]["latitude"] = "north"
    bad_offices[2]["type_sea_port"] = "perhaps"
    return {
        "regions": write_xlsx(folder / "regions.xlsx", ImportKind.REGIONS, regions(20)),
        "offices": write_xlsx(folder / "offices.xlsx", ImportKind.OFFICES, offices(200, 20)),
        "accounts": write_csv(folder / "accounts.csv", ImportKind.ACCOUNTS, accounts(500, 200)),
        "bad_accounts": write_xlsx(folder / "bad.xlsx", ImportKind.ACCOUNTS, bad),
        "bad_offices": write_csv(folder / "bad_offices.csv", ImportKind.OFFICES, bad_offices),
        "too_many": write_csv(folder / "too_many.csv", ImportKind.REGIONS, regions(1)
                              + [{"region_id": f"x-{i}", "name": f"X {i}", "country": "CH", "territory": "CH"}
                                 for i in range(MAX_ROWS)]),
        "no_email": write_csv(folder / "no_email.csv", ImportKind.ACCOUNTS, accounts(3, 1),
                              tuple(c for c in COLUMNS[ImportKind.ACCOUNTS] if c != "email")),
    }


@pytest.fixture
def http(world: World) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=world.url, timeout=120.0,
                      headers={"Authorization": f"Bearer {world.tokens['admin']}"}) as client:
        yield client


def send(http: httpx.Client, kind: str, path: Path, *, check: bool = False) -> httpx.Response:
    kind_type = XLSX_TYPE if path.suffix == ".xlsx" else CSV_TYPE
    return http.post(f"/v1/imports/{kind}", params={"check": "true"} if check else None, content=path.read_bytes(),
                     headers={"Content-Type": kind_type})


def imported(http: httpx.Client, kind: str, path: Path) -> ImportReport:
    response = send(http, kind, path)
    assert response.status_code == 200, response.text[:2000]
    return ImportReport.model_validate_json(response.content)


def count(world: World, table: str) -> int:
    with world.store.transaction() as db:
        return int(db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])


def counts(world: World) -> dict[str, int]:
    return {t: count(world, t) for t in ("regions", "offices", "accounts", "credentials", "audit")}


def refused_report(response: httpx.Response) -> dict[str, Any]:
    error = assert_refused(response, 422, "import_refused")
    report: dict[str, Any] = error["report"]
    return report


def test_a_clean_set_imports_in_one_go_and_again_creates_nothing(
    world: World, http: httpx.Client, files: dict[str, Path], tmp_path: Path,
) -> None:
    before = counts(world)
    started = time.perf_counter()
    made = {kind: imported(http, kind, files[kind]) for kind in ("regions", "offices", "accounts")}
    took = time.perf_counter() - started
    print(f"\nimported 20 regions, 200 offices and 500 accounts in {took:.2f} s")
    assert [made[k].created for k in made] == [20, 200, 500]
    assert all(not r.problems and not r.already_exists and not r.checked_only for r in made.values())
    after = counts(world)
    assert {t: after[t] - before[t] for t in ("regions", "offices", "accounts")} == {
        "regions": 20, "offices": 200, "accounts": 500}
    assert after["audit"] - before["audit"] == 3  # one line per import
    codes = made["accounts"].set_password_codes
    assert len(codes) == 500
    assert len({c.code for c in codes}) == 500
    office = next(o for o in http.get("/v1/offices").json() if o["office_id"] == "imp-o0001")
    assert office["types"] == ["airport"]
    assert office["address"] == "Route 1\nCase postale 1"
    assert (office["region_id"], office["latitude"], office["active"]) == ("imp-r001", 46.2, True)

    again = {kind: imported(http, kind, files[kind]) for kind in ("regions", "offices", "accounts")}
    assert all(r.created == 0 and not r.set_password_codes for r in again.values())
    assert [len(r.already_exists) for r in again.values()] == [20, 200, 500]
    assert again["accounts"].already_exists[0].row == 2
    assert again["accounts"].already_exists[0].id == "imp.a0000"
    assert counts(world) == {**after, "audit": after["audit"] + 3}

    # the offices template now lists the regions created, the accounts template the offices
    book = openpyxl.load_workbook(io.BytesIO(http.get("/v1/imports/accounts/template").content))
    listed = [c.value for c in book["ListValues"]["B"]]
    assert listed[0] == "office_id"
    assert "imp-o0199" in listed


def test_a_file_with_five_bad_rows_is_refused_whole_with_exactly_those_rows(
    world: World, http: httpx.Client, files: dict[str, Path],
) -> None:
    assert imported(http, "regions", files["regions"]).created == 20
    assert imported(http, "offices", files["offices"]).created == 200
    before = counts(world)
    checked = send(http, "accounts", files["bad_accounts"], check=True)
    assert checked.status_code == 200, checked.text
    report = ImportReport.model_validate_json(checked.content)
    assert report.checked_only
    problems = {(p.row, p.column) for p in report.problems}
    assert problems == {(4, "office_id"), (7, "email"), (11, "role"), (15, "display_name"), (19, "account_id")}
    words = {p.column: p.problem for p in report.problems}
    assert "there is no office 'nowhere'" in words["office_id"]
    assert "row 6" in words["email"]
    assert "officer" in words["role"]
    assert "bidirectional" in words["display_name"]
    assert words["account_id"] == "a value is needed"
    assert counts(world) == before

    refused = refused_report(send(http, "accounts", files["bad_accounts"]))
    assert {(p["row"], p["column"]) for p in refused["problems"]} == problems
    assert refused["created"] == 0
    assert refused["set_password_codes"] == []
    assert counts(world) == before

    offices_report = refused_report(send(http, "offices", files["bad_offices"]))
    assert {(p["row"], p["column"]) for p in offices_report["problems"]} == {
        (2, "timezone"), (3, "latitude"), (4, "type_sea_port")}
    assert counts(world) == before


def test_an_existing_record_with_other_details_or_an_email_in_use_is_a_problem(
    world: World, http: httpx.Client, tmp_path: Path,
) -> None:
    rows = [{"region_id": "ch-geneve", "name": "Genève renamed", "country": "CH", "territory": "CH"},
            {"region_id": "ch-vaud", "name": "Bayern", "country": "CH", "territory": "CH"},
            {"region_id": "ch-ticino", "name": "Ticino", "country": "CH", "territory": "XX"},
            {"region_id": "ch-basel", "name": "Basel", "country": "CH", "territory": "CH"}]
    report = refused_report(send(http, "regions", write_csv(tmp_path / "r.csv", ImportKind.REGIONS, rows)))
    assert {(p["row"], p["column"]) for p in report["problems"]} == {(2, "region_id"), (3, "name"), (4, "territory")}
    assert report["already_exists"] == [{"row": 5, "id": "ch-basel"}]
    taken = [{"account_id": "someone.new", "display_name": "New", "email": "", "role": "officer",
              "office_id": "bardonnex"}]
    admin_email = http.get("/v1/accounts").json()
    used = next(a for a in admin_email if a["email"])
    taken[0]["email"] = used["email"].upper()
    report = refused_report(send(http, "accounts", write_csv(tmp_path / "a.csv", ImportKind.ACCOUNTS, taken)))
    assert [(p["row"], p["column"]) for p in report["problems"]] == [(2, "email")]
    assert used["account_id"] in report["problems"][0]["problem"]


def test_files_refused_whole_change_nothing(world: World, http: httpx.Client, files: dict[str, Path],
                                            tmp_path: Path) -> None:
    before = counts(world)
    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    for content_type in (CSV_TYPE, XLSX_TYPE, "application/pdf"):
        refused = http.post("/v1/imports/regions", content=pdf.read_bytes(), headers={"Content-Type": content_type})
        assert_refused(refused, 415, "not_a_spreadsheet")
    noise = bytes(range(256)) * 8
    assert_refused(http.post("/v1/imports/offices", content=noise, headers={"Content-Type": CSV_TYPE}),
                   415, "not_a_spreadsheet")
    zipped = b"PK\x03\x04" + noise
    error = assert_refused(http.post("/v1/imports/offices", content=zipped, headers={"Content-Type": XLSX_TYPE}),
                           415, "not_a_spreadsheet")
    assert "XLSX" in error["detail"]
    damaged = io.BytesIO()
    with zipfile.ZipFile(damaged, "w") as archive:
        archive.writestr("xl/workbook.xml", "<not a workbook")
    error = assert_refused(http.post("/v1/imports/offices", content=damaged.getvalue(),
                                     headers={"Content-Type": XLSX_TYPE}), 415, "not_a_spreadsheet")
    assert "cannot be read" in error["detail"]

    error = assert_refused(send(http, "regions", files["too_many"]), 413, "too_many_rows")
    assert "10,000" in error["detail"]
    assert_refused(send(http, "regions", files["too_many"], check=True), 413, "too_many_rows")

    report = refused_report(send(http, "accounts", files["no_email"]))
    assert [(p["row"], p["column"]) for p in report["problems"]] == [(1, "email")]
    assert "missing" in report["problems"][0]["problem"]

    huge = b"region_id,name,country,territory\r\n" + b"x" * (9 * 1024 * 1024)
    assert_refused(http.post("/v1/imports/regions", content=huge, headers={"Content-Type": CSV_TYPE}),
                   413, "body_too_large")
    assert counts(world) == before


def test_the_templates_have_the_columns_and_the_lists(world: World, http: httpx.Client) -> None:
    for kind in ImportKind:
        as_csv = http.get(f"/v1/imports/{kind.value}/template", params={"format": "csv"})
        assert as_csv.status_code == 200
        assert as_csv.headers["content-type"].startswith(CSV_TYPE)
        assert next(csv.reader(io.StringIO(as_csv.content.decode("utf-8")))) == list(COLUMNS[kind])
        as_xlsx = http.get(f"/v1/imports/{kind.value}/template")
        assert as_xlsx.headers["content-type"] == XLSX_TYPE
        book = openpyxl.load_workbook(io.BytesIO(as_xlsx.content))
        sheet = book.worksheets[0]
        assert [c.value for c in sheet[1]] == list(COLUMNS[kind])
        lists = {str(v.sqref).split(":")[0][0]: v.formula1 for v in sheet.data_validations.dataValidation}
        assert all(sqref.endswith("10001") for v in sheet.data_validations.dataValidation
                   for sqref in [str(v.sqref)])
        if kind is ImportKind.OFFICES:
            assert lists["C"].startswith("ListValues!")  # region_id
            assert lists["E"] == '"yes,no"'  # active
            assert {lists[c] for c in "FGHI"} == {'"yes,no"'}  # the four office types
            regions_listed = [c.value for c in book["ListValues"]["A"]]
            assert {"region_id", "ch-geneve", "us-ny"} <= set(regions_listed)
        if kind is ImportKind.ACCOUNTS:
            assert lists["E"].startswith("ListValues!") and lists["F"].startswith("ListValues!")
            roles = [c.value for c in book["ListValues"]["A"] if c.value is not None]
            assert roles == ["role", "officer", "controller", "regional_manager", "admin"]


@pytest.mark.parametrize("caller", ["officer.ch", "controller.ch", "manager.ch"])
def test_only_an_admin_imports(world: World, files: dict[str, Path], caller: str) -> None:
    before = counts(world)
    with httpx.Client(base_url=world.url, headers={"Authorization": f"Bearer {world.tokens[caller]}"}) as other:
        assert_refused(send(other, "regions", files["regions"], check=True), 403, "forbidden")
        assert_refused(send(other, "regions", files["regions"]), 403, "forbidden")
        assert_refused(other.get("/v1/imports/regions/template"), 403, "forbidden")
    assert counts(world) == before


async def test_the_desk_client_imports_and_keeps_the_codes_in_an_owner_only_file(
    world: World, files: dict[str, Path], tmp_path: Path, close_clients: None,
) -> None:
    client = world.client("admin")
    for kind in (ImportKind.REGIONS, ImportKind.OFFICES):
        path = files[kind.value]
        assert (await client.import_file(kind, path.read_bytes(), XLSX_TYPE)).created in (20, 200)
    checked = await client.import_file(ImportKind.ACCOUNTS, files["accounts"].read_bytes(), CSV_TYPE, check=True)
    assert (checked.created, checked.to_create, checked.set_password_codes) == (0, 500, [])
    with pytest.raises(CentralRefused) as refused:
        await client.import_file(ImportKind.ACCOUNTS, files["bad_accounts"].read_bytes(), XLSX_TYPE)
    report = await client.import_file(ImportKind.ACCOUNTS, files["accounts"].read_bytes(), CSV_TYPE)
    assert refused.value.code == "import_refused"
    assert len(refused.value.extra["report"]["problems"]) == 5  # type: ignore[index]
    written = write_codes_file(tmp_path / "codes.csv", report.set_password_codes)
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    lines = list(csv.reader(io.StringIO(written.read_text(encoding="utf-8"))))
    assert lines[0] == ["account_id", "set_password_code", "expires_at_utc"]
    assert [line[0] for line in lines[1:]] == [f"imp.a{i:04}" for i in range(500)]
    with pytest.raises(FileExistsError):
        write_codes_file(written, report.set_password_codes)
    # the code signs the officer in once, to choose a password and enrol an authenticator
    with httpx.Client(base_url=world.url) as anyone:
        assert first_sign_in(world, anyone, lines[1][0], lines[1][1]).session.token


def test_the_downloaded_template_filled_in_imports(world: World, http: httpx.Client, tmp_path: Path) -> None:
    """The XLSX template itself, filled in as an officer would (its ListValues sheet left as it is), and a CSV saved
    with semicolons by a spreadsheet set to French, both import."""
    book = openpyxl.load_workbook(io.BytesIO(http.get("/v1/imports/offices/template").content))
    sheet = book["CustomsOffices"]
    sheet.append(["gva-cargo", "Genève Cargo", "ch-geneve", "Europe/Zurich", True, None, None, "yes", None,
                  "Route de l'Aéroport 21", 1215, "Genève", "", "", "", 46.23, 6.11])
    filled = tmp_path / "filled.xlsx"
    book.save(filled)
    report = imported(http, "offices", filled)
    assert (report.created, report.rows) == (1, 1)
    office = next(o for o in http.get("/v1/offices").json() if o["office_id"] == "gva-cargo")
    assert (office["types"], office["postcode"], office["longitude"]) == (["airport"], "1215", 6.11)

    semicolons = tmp_path / "fr.csv"
    semicolons.write_text("region_id;name;country;territory\r\nch-vaud;Vaud;CH;CH\r\n", encoding="utf-8-sig")
    assert imported(http, "regions", semicolons).created == 1
