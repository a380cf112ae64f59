"""The Logs' exports read back as their readers read them: the lists with openpyxl and csv, the ZIP's PDFs with
pypdf and its XML files against the shipped schema with xmlschema. The data come from a real central (the
guide's reconciliation cases), except where a test needs more rows or hostile text than a central holds."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import openpyxl
import pytest
import xmlschema
from openpyxl.cell.cell import Cell as XlsxCell
from pypdf import PdfReader

from carnet_domain.carnet import CarnetKind
from carnet_domain.payload import is_code
from carnet_domain.reconciliation import ReconciliationStatus
from carnet_domain.transaction import CustomsEntries, GoodsDeclaration, Transaction, TransactionState
from central_contract.models import CarnetLog, CarnetLogDetail, NotificationWarning, TransactionLog
from ecarnet_tui.exports.carnet_zip import OBJECT_LIMIT, carnet_transactions_zip
from ecarnet_tui.exports.columns import as_text, carnet_columns, rows_of, transaction_columns
from ecarnet_tui.exports.files import export_name, exports_folder, save_export
from ecarnet_tui.exports.tables import ROW_LIMIT, csv_bytes, table
from ecarnet_tui.exports.transaction_xml import NAMESPACE, SCHEMA_NAME, schema_path
from ecarnet_tui.exports.xlsx import xlsx_bytes
from ecarnet_tui.i18n import use_language
from reference_central import records
from tests.api.helpers import Journey, code_number, history_of
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
        "Total value", "Currency", "Notify association by", "Notification", "Late exits"]
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
    assert reexport[4] == "declared 1-15; not re-exported: 16-20"  # as the receipt says it


def carnet_log(n: int) -> CarnetLog:
    return CarnetLog(carnet_id=str(n), carnet_number=f"CHTA{n:08d}", kind="ATA", order_type="original",
                     issue_date="2021-01-01", valid_until="2021-12-31", total_value="10.00", currency="CHF",
                     status=ReconciliationStatus.TERMINATED, outstanding={},
                     last_transaction_at=datetime(2021, 6, 1, tzinfo=UTC))


def test_lists_hold_at_most_500_rows_and_say_so() -> None:
    logs = [carnet_log(n) for n in range(1, 601)]
    data = table("Carnets", carnet_columns(), logs, available=812, training=False)
    raw = xlsx_bytes(data)
    _, rows = sheet_rows(raw)
    assert len(rows) == 1 + ROW_LIMIT  # headings and 500 records: the note is on a sheet of its own
    assert rows[ROW_LIMIT][1] == "500"
    note = openpyxl.load_workbook(io.BytesIO(raw))["Note"]
    assert note.cell(row=1, column=1).value == ("Only the first 500 of 812 rows are exported (at most 500): narrow "
                                                "the list to export the rest.")
    text = csv_rows(csv_bytes(data))
    assert len(text) == 1 + ROW_LIMIT and text[-1][1] == "500"  # its file name says so
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
    assert text[0][-3:] == ["Notify association by", "Notification", "Late exits"]
    assert [(row[0], *row[-3:]) for row in text[1:]] == [
        ("To check", "31/12/2022", "", ""), ("To check", "31/12/2022", "due", ""),
        ("To check", "31/12/2022", "lapsed", ""), ("Discharged", "", "", "1")]
    _, rows = sheet_rows(xlsx_bytes(data))
    deadline = datetime(2022, 12, 31)
    assert [row[-3:] for row in rows[1:]] == [
        [deadline, None, None], [deadline, "due", None], [deadline, "lapsed", None], [None, None, 1]]


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
    assert title == "TRAINING Carnets" and rows[0][:2] == ["Training", "Reconciliation"]
    assert {row[0] for row in rows[1:]} == {STAMP} and len(rows) > 1
    text = csv_rows(csv_bytes(carnets))
    assert text[0][:2] == ["Training", "Reconciliation"] and {row[0] for row in text[1:]} == {STAMP}
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


# --- issue 14: what the officer found --------------------------------------------------------------------


def unreadable_code(world: World, carnet_id: str, newest: int = 1) -> Transaction:
    """The carnet's ``newest``-th most recent transaction rewritten in the central's store with a verification
    code holding "M", outside the code alphabet (as the demo's codes once did)."""
    tx = history_of(world, carnet_id)[-newest]
    bad = tx.model_copy(update={"verification_code": tx.verification_code[:10] + "DM"})
    assert not is_code(bad.verification_code)
    with world.store.transaction() as db:
        records.replace_transaction(db, bad)
    return bad


async def test_a_code_no_qr_can_hold_leaves_its_voucher_without_qr(logs: tuple[World, LogsWorld]) -> None:
    world, _ = logs
    bad = unreadable_code(world, "884", newest=2)  # the re-exportation
    detail = await world.client("controller.ch").carnet_log_detail("884")
    bundle = carnet_transactions_zip(detail, training=False, zone=ZONE)
    assert (bundle.written, bundle.available, bundle.without_qr) == (5, 5, (bad.transaction_id,))
    with zipfile.ZipFile(io.BytesIO(bundle.data)) as archive:
        names = archive.namelist()
        pdfs = {n: "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(archive.read(n))).pages)
                for n in names if n.endswith(".pdf")}
        assert len(pdfs) == len([n for n in names if n.endswith(".xml")]) == 5
        for name in names:
            if name.endswith(".xml"):
                SCHEMA.validate(archive.read(name).decode())
        comment = archive.comment.decode()
    missing = "The QR could not be drawn: type the verification code."
    without = [name for name, text in pdfs.items() if missing in text]
    assert without == [f"04-reexportation-{bad.transaction_id}.pdf"]
    assert bad.verification_code in pdfs[without[0]]
    assert f"No QR on the voucher of transaction {bad.transaction_id}" in comment


def test_a_training_csv_has_its_header_first_and_a_training_column() -> None:
    logs = [carnet_log(n) for n in range(1, 4)]
    data = csv_bytes(table("Carnets", carnet_columns(), logs, training=True))
    text = data.decode("utf-8-sig")
    dialect = csv.Sniffer().sniff(text)
    assert dialect.delimiter == "," and csv.Sniffer().has_header(text)
    rows = list(csv.DictReader(io.StringIO(text, newline=""), dialect=dialect))
    assert [row["Carnet ID"] for row in rows] == ["1", "2", "3"]
    assert {row["Training"] for row in rows} == {STAMP}
    assert list(rows[0])[:2] == ["Training", "Reconciliation"]
    live = csv_bytes(table("Carnets", carnet_columns(), logs, training=False)).decode("utf-8-sig")
    assert "Training" not in live and STAMP not in live and live.startswith("Reconciliation,")


def test_a_truncated_csv_is_still_only_header_and_rows() -> None:
    logs = [carnet_log(n) for n in range(1, 601)]
    data = table("Carnets", carnet_columns(), logs, available=812, training=False)
    text = csv_bytes(data).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert len(rows) == ROW_LIMIT and rows[-1]["Carnet ID"] == "500"
    name = export_name("carnets", "csv", datetime(2026, 6, 15, 10, tzinfo=UTC), training=False,
                       extent=data.extent)
    assert name.startswith("carnets-first-500-of-812-")


@pytest.fixture
def in_french() -> Iterator[None]:
    use_language("fr")
    yield
    use_language("en")


async def test_a_french_csv_is_separated_by_semicolons(logs: tuple[World, LogsWorld], in_french: None) -> None:
    world, _ = logs
    page = await world.client("controller.ch").carnet_logs()
    text = csv_bytes(table("Carnets", carnet_columns(), page.items, training=True)).decode("utf-8-sig")
    dialect = csv.Sniffer().sniff(text)
    assert dialect.delimiter == ";" and csv.Sniffer().has_header(text)
    rows = list(csv.DictReader(io.StringIO(text, newline=""), dialect=dialect))
    assert {row["Formation"] for row in rows} == {"FORMATION – NON VALABLE"}
    row = next(row for row in rows if row["ID du carnet"] == "884")
    assert (row["Rapprochement"], row["Valable jusqu'au"], row["Valeur totale"]) == (
        "À vérifier", "07/06/2021", "2000,00")  # a French spreadsheet's decimal comma

    transactions = await world.client("controller.ch").transaction_logs("888")
    text = csv_bytes(table("Transactions", transaction_columns(ZONE), transactions.items, training=False)).decode(
        "utf-8-sig")
    assert csv.Sniffer().sniff(text).delimiter == ";"
    reexport = next(row for row in csv.DictReader(io.StringIO(text, newline=""), delimiter=";")
                    if row["Type de transaction"] == "Réexportation")
    assert reexport["Marchandises apurées"] == "déclarées 1-15 ; non réexportées\u00a0: 16-20"


def cells_under_headings(data: bytes, heading_row: int) -> dict[str, XlsxCell]:
    """The first row under the headings of ``data``'s sheet, by heading."""
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    found = {}
    for heading, cell in zip(sheet[heading_row], sheet[heading_row + 1], strict=True):
        assert isinstance(cell, XlsxCell)
        found[str(heading.value)] = cell
    return found


def test_xlsx_dates_times_and_amounts_are_typed_cells() -> None:
    cpd = carnet_log(1).model_copy(update=dict(
        kind=CarnetKind.CPD, status=ReconciliationStatus.TO_CHECK, notification_deadline=date(2022, 12, 31),
        notification_warning=NotificationWarning.DUE, late_exits=2))
    row = cells_under_headings(xlsx_bytes(table("Carnets", carnet_columns(), [cpd], training=True)), 1)
    for heading in ("Issue", "Valid until", "Notify association by"):
        assert row[heading].is_date and row[heading].number_format == "DD/MM/YYYY", heading
    assert row["Notify association by"].value == datetime(2022, 12, 31)
    assert row["Notification"].value == "due"
    assert (row["Total value"].data_type, row["Total value"].value) == ("n", 10)
    assert (row["Late exits"].data_type, row["Late exits"].value) == ("n", 2)

    tx = hostile_transaction("ref").model_copy(update={"final_date_reexportation": date(2021, 12, 1)})
    row = cells_under_headings(xlsx_bytes(table("Transactions", transaction_columns(ZONE), [tx], training=False)), 1)
    when = row["Time"]
    assert when.is_date and when.number_format == "DD/MM/YYYY HH:MM"
    assert when.value == datetime(2021, 6, 2, 14, 0)  # 12:00 UTC in Zurich, without its zone
    assert row["Final date for re-exportation"].is_date
