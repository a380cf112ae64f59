"""The Logs' exports read back as their readers read them: the lists with openpyxl and csv, the ZIP's PDFs with
pypdf and its XML files against the shipped schema with xmlschema. The data come from a real central (the
guide's reconciliation cases), except where a test needs more rows or hostile text than a central holds."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import openpyxl
import pytest
import xmlschema
from pypdf import PdfReader

from carnet_domain.carnet import CarnetKind
from carnet_domain.reconciliation import ReconciliationStatus
from carnet_domain.transaction import CustomsEntries, GoodsDeclaration, TransactionState
from central_contract.models import CarnetLog, CarnetLogDetail, NotificationWarning, TransactionLog
from ecarnet_tui.exports.carnet_zip import OBJECT_LIMIT, carnet_transactions_zip
from ecarnet_tui.exports.columns import as_text, carnet_columns, rows_of, transaction_columns
from ecarnet_tui.exports.files import export_name, exports_folder, save_export
from ecarnet_tui.exports.tables import ROW_LIMIT, csv_bytes, table
from ecarnet_tui.exports.transaction_xml import NAMESPACE, SCHEMA_NAME, schema_path
from ecarnet_tui.exports.xlsx import xlsx_bytes
from tests.api.helpers import Journey, code_number
from tests.api.logs_world import LogsWorld, build_logs
from tests.central_world import World

ZONE = ZoneInfo("Europe/Zurich")
STAMP = "TRAINING – NOT VALID"
SCHEMA = xmlschema.XMLSchema(str(schema_path()))


@pytest.fixture
async def logs(world: World, close_clients: None) -> AsyncIterator[tuple[World, LogsWorld]]:
    headers = {"Authorization": f"Bearer {world.tokens['controller.ch']}"}
    async with httpx.AsyncClient(base_url=world.url, headers=headers, timeout=10.0) as controller:
        yield world, await build_logs(Journey(world, controller))


def sheet_rows(data: bytes) -> tuple[str, list[list[object]]]:
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    return sheet.title, [list(row) for row in sheet.iter_rows(values_only=True)]


def csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte-order mark"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def spreadsheet_value(value: object) -> object:
    """What openpyxl reads back for a written cell: numbers as float, dates as midnight datetimes."""
    from decimal import Decimal

    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day)
    return None if value == "" else value


async def test_carnets_list_as_xlsx_and_csv(logs: tuple[World, LogsWorld]) -> None:
    world, _ = logs
    page = await world.client("controller.ch").carnet_logs()
    columns = carnet_columns()
    expected = rows_of(columns, page.items)
    assert [row[0] for row in expected][:2] and {row[1]: row[0] for row in expected}["883"] == "To check"

    title, rows = sheet_rows(xlsx_bytes(table("Carnets", columns, page.items, training=False)))
    assert title == "Carnets"
    assert rows[0] == [c.heading for c in columns] == [
        "Reconciliation", "Carnet ID", "Carnet number", "Type", "Order type", "Issue", "Valid until",
        "Total value", "Currency", "Notify association by", "Late exits"]
    assert rows[1:] == [[spreadsheet_value(v) for v in row] for row in expected]
    assert rows[1][7] == 2000.0 and isinstance(rows[1][5], datetime)

    text = csv_rows(csv_bytes(table("Carnets", columns, page.items, training=False)))
    assert text[0] == rows[0]
    assert text[1:] == [[as_text(v) for v in row] for row in expected]
    assert {row[1]: (row[0], row[6], row[7]) for row in text[1:]}["884"] == ("To check", "07/06/2021", "2000.00")


async def test_transactions_list_as_xlsx_and_csv(logs: tuple[World, LogsWorld]) -> None:
    world, _ = logs
    page = await world.client("controller.ch").transaction_logs()
    columns = transaction_columns(ZONE)
    expected = rows_of(columns, page.items)
    _, rows = sheet_rows(xlsx_bytes(table("Transactions", columns, page.items, training=False)))
    assert rows[0][:5] == ["Carnet", "Type", "Transaction type", "Time", "Cleared goods"]
    assert rows[1:] == [[spreadsheet_value(v) for v in row] for row in expected]
    assert len(rows) == 1 + page.total

    data = csv_bytes(table("Transactions", columns, page.items, training=False))
    text = csv_rows(data)
    assert text[1:] == [[as_text(v) for v in row] for row in expected]
    assert "München Flughafen" in data.decode("utf-8-sig") and "Genève Aéroport" in data.decode("utf-8-sig")
    reexport = next(row for row in text if row[0] == "CHTA00000138" and row[2] == "Re-exportation")
    assert reexport[3] == "05/06/2021 11:00"  # 09:00 UTC, shown in local time
    assert reexport[4] == "1-20"  # declared 1-15 with 16-20 definitively imported


def carnet_log(n: int) -> CarnetLog:
    return CarnetLog(carnet_id=str(n), carnet_number=f"CHTA{n:08d}", kind="ATA", order_type="original",
                     issue_date="2021-01-01", valid_until="2021-12-31", total_value="10.00", currency="CHF",
                     status=ReconciliationStatus.TERMINATED, outstanding={},
                     last_transaction_at=datetime(2021, 6, 1, tzinfo=UTC))


def test_lists_hold_at_most_500_rows_and_say_so() -> None:
    logs = [carnet_log(n) for n in range(1, 601)]
    data = table("Carnets", carnet_columns(), logs, available=812, training=False)
    _, rows = sheet_rows(xlsx_bytes(data))
    assert len(rows) == 1 + ROW_LIMIT + 2  # headings, 500 rows, a blank line and the note
    assert rows[ROW_LIMIT][1] == "500" and rows[-2] == [None] * len(carnet_columns())
    assert rows[-1][0] == ("Only the first 500 of 812 rows are exported (at most 500): narrow the list to export "
                           "the rest.")
    text = csv_rows(csv_bytes(data))
    assert len(text) == 1 + ROW_LIMIT + 1 and text[-1] == [rows[-1][0]]
    exactly = table("Carnets", carnet_columns(), logs[:ROW_LIMIT], training=False)
    assert exactly.note == "" and len(csv_rows(csv_bytes(exactly))) == 1 + ROW_LIMIT


def test_a_cpds_status_and_notification_deadline_in_the_files() -> None:
    cpd = [carnet_log(1).model_copy(update=dict(
        kind=CarnetKind.CPD, status=ReconciliationStatus.TO_CHECK, notification_deadline=date(2022, 12, 31),
        notification_warning=warning)) for warning in (None, NotificationWarning.DUE, NotificationWarning.LAPSED)]
    cpd.append(carnet_log(2).model_copy(update=dict(kind=CarnetKind.CPD, status=ReconciliationStatus.DISCHARGED,
                                                    late_exits=1)))
    data = table("Carnets", carnet_columns(), cpd, training=False)
    text = csv_rows(csv_bytes(data))
    assert text[0][-2:] == ["Notify association by", "Late exits"]
    assert [(row[0], row[-2], row[-1]) for row in text[1:]] == [
        ("To check", "31/12/2022", ""), ("To check", "31/12/2022 due", ""), ("To check", "31/12/2022 lapsed", ""),
        ("Discharged", "", "1")]
    _, rows = sheet_rows(xlsx_bytes(data))
    assert [row[-2:] for row in rows[1:]] == [
        ["31/12/2022", None], ["31/12/2022 due", None], ["31/12/2022 lapsed", None], [None, "1"]]


def hostile_transaction(reference: str) -> TransactionLog:
    return TransactionLog(
        transaction_id="TX1", carnet_id="1", carnet_number="=1+1", kind="ATA", type="importation",
        occurred_at=datetime(2021, 6, 2, 12, 0, tzinfo=UTC), cleared_goods="1-2", declared_goods="1-2",
        diverted_goods="", territory="CH", territory_name="Switzerland", office_id="gva", office_name="@SUM(A1)",
        customs_reference=reference, verification_code="+41", state=TransactionState.COMMITTED)


def test_formula_looking_text_is_stored_as_text() -> None:
    reference = '=HYPERLINK("http://example.invalid","x")'
    data = table("Transactions", transaction_columns(ZONE), [hostile_transaction(reference)], training=False)
    raw = xlsx_bytes(data)
    sheet = openpyxl.load_workbook(io.BytesIO(raw)).active
    assert sheet is not None
    row = next(iter(sheet.iter_rows(min_row=2, max_row=2)))
    assert [(c.value, c.data_type) for c in row if c.value in ("=1+1", reference, "@SUM(A1)", "+41")] == [
        ("=1+1", "s"), ("@SUM(A1)", "s"), (reference, "s"), ("+41", "s")]
    with zipfile.ZipFile(io.BytesIO(raw)) as book:
        assert "<f>" not in book.read("xl/worksheets/sheet1.xml").decode()
    fields = csv_rows(csv_bytes(data))[1]
    assert (fields[0], fields[8], fields[9], fields[10]) == ("'=1+1", "'@SUM(A1)", "'" + reference, "'+41")


def test_text_is_written_literally() -> None:
    tx = hostile_transaction("ref\x1b[31m")
    data = table("Transactions", transaction_columns(ZONE), [tx], training=False)
    assert sheet_rows(xlsx_bytes(data))[1][1][9] == "ref\\x1b[31m"
    assert csv_rows(csv_bytes(data))[1][9] == "ref\\x1b[31m"


async def test_a_carnets_transactions_as_zip(logs: tuple[World, LogsWorld]) -> None:
    world, _ = logs
    detail = await world.client("controller.ch").carnet_log_detail("884")
    bundle = carnet_transactions_zip(detail, training=False, zone=ZONE)
    assert (bundle.written, bundle.available) == (5, 5)
    with zipfile.ZipFile(io.BytesIO(bundle.data)) as archive:
        names = archive.namelist()
        assert names[-1] == SCHEMA_NAME and archive.read(SCHEMA_NAME) == schema_path().read_bytes()
        pdfs = [n for n in names if n.endswith(".pdf")]
        xmls = [n for n in names if n.endswith(".xml")]
        assert len(pdfs) == len(xmls) == 5 and pdfs[0].startswith("01-validation-")
        text = "\n".join(page.extract_text() for n in pdfs for page in PdfReader(io.BytesIO(archive.read(n))).pages)
        for tx in detail.transactions:
            assert tx.verification_code in text
        assert "TRAINING" not in text
        for name in xmls:
            SCHEMA.validate(archive.read(name).decode())
        root = xmlschema.XMLResource(archive.read(xmls[-1]).decode()).root
    ns = {"t": NAMESPACE}
    assert root.get("training") == "false"
    assert root.findtext("t:transaction/t:type", namespaces=ns) == "reimportation"
    assert root.findtext("t:transaction/t:verificationCode", namespaces=ns) == detail.transactions[0].verification_code
    assert len(root.findall("t:transaction/t:declaredItems/t:item", ns)) == 10


def many_transactions(detail: CarnetLogDetail, count: int) -> CarnetLogDetail:
    """``detail`` with ``count`` transactions, copies of its first with their own IDs and codes."""
    first = detail.transactions[0]
    copies = [first.model_copy(update={"transaction_id": f"T{n:03d}", "verification_code": code_number(1000 + n)})
              for n in range(count)]
    return detail.model_copy(update={"transactions": copies})


async def test_a_zip_holds_at_most_25_transactions(logs: tuple[World, LogsWorld]) -> None:
    world, _ = logs
    detail = many_transactions(await world.client("controller.ch").carnet_log_detail("886"), 30)
    bundle = carnet_transactions_zip(detail, training=False, zone=ZONE)
    assert (bundle.written, bundle.available) == (OBJECT_LIMIT, 30)
    with zipfile.ZipFile(io.BytesIO(bundle.data)) as archive:
        assert len([n for n in archive.namelist() if n.endswith(".pdf")]) == OBJECT_LIMIT
        assert len([n for n in archive.namelist() if n.endswith(".xml")]) == OBJECT_LIMIT
        assert "most recent of 30" in archive.comment.decode()
        # The most recent 25 (T000 is the newest), numbered oldest first.
        assert archive.namelist()[0] == "01-reimportation-T024.pdf"
        assert archive.namelist()[-3] == "25-reimportation-T000.pdf"
        assert not any(f"T0{n}" in name for n in range(25, 30) for name in archive.namelist())


async def test_training_says_so_in_every_export(logs: tuple[World, LogsWorld]) -> None:
    world, _ = logs
    client = world.client("controller.ch")
    carnets = table("Carnets", carnet_columns(), (await client.carnet_logs()).items, training=True)
    title, rows = sheet_rows(xlsx_bytes(carnets))
    assert title == "TRAINING Carnets" and rows[0][0] == STAMP and rows[1][0] == "Reconciliation"
    assert csv_rows(csv_bytes(carnets))[0] == [STAMP]
    detail = await client.carnet_log_detail("883")
    remarks = detail.transactions[0].model_copy(update={
        "goods": GoodsDeclaration(declared_goods="1-20", holder_remarks="bell\x07 <b>&</b>"),
        "customs": CustomsEntries(customs_remarks="Ω ✓ 中")})
    detail = detail.model_copy(update={"transactions": [remarks, *detail.transactions[1:]]})
    bundle = carnet_transactions_zip(detail, training=True, zone=ZONE)
    with zipfile.ZipFile(io.BytesIO(bundle.data)) as archive:
        assert archive.comment.decode().startswith(STAMP)
        for name in archive.namelist():
            if name.endswith(".pdf"):
                assert STAMP in PdfReader(io.BytesIO(archive.read(name))).pages[0].extract_text()
            elif name.endswith(".xml"):
                document = archive.read(name).decode()
                SCHEMA.validate(document)
                assert xmlschema.XMLResource(document).root.get("training") == "true"
        newest = archive.read([n for n in archive.namelist() if n.endswith(".xml")][-1]).decode()
    assert "bell\\x07 &lt;b&gt;&amp;&lt;/b&gt;" in newest and "Ω ✓ 中" in newest


def test_exports_go_next_to_the_receipts(tmp_path: Path) -> None:
    assert exports_folder(tmp_path / "receipts") == tmp_path / "exports"
    assert exports_folder(None).name == "exports" and exports_folder(None).parent.name == "ecarnet"
    assert exports_folder(tmp_path / "receipts", tmp_path / "mine") == tmp_path / "mine"
    moment = datetime(2026, 6, 15, 10, 0, 5, tzinfo=UTC)
    name = export_name("transactions", "zip", moment, training=True, subject="CH/TA 1")
    assert name.startswith("training-transactions-CH_TA_1-") and name.endswith(".zip")
    first = save_export(b"one", tmp_path / "exports", "carnets.csv")
    second = save_export(b"two", tmp_path / "exports", "carnets.csv")
    assert (first.name, second.name) == ("carnets.csv", "carnets-2.csv")
    assert (first.read_bytes(), second.read_bytes()) == (b"one", b"two")
    assert sorted(p.name for p in (tmp_path / "exports").iterdir()) == ["carnets-2.csv", "carnets.csv"]
