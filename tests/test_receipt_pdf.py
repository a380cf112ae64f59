"""The printed receipt: what its text says, that its QR reads back, long lists, and outside text kept literal.

The PDF is read as a person's tools read it: pypdf extracts the text, pypdfium2 renders page 1 to an image
and zxing-cpp decodes the QR codes on it (one on the counterfoil, one on the voucher).
"""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pypdfium2 as pdfium
import pytest
import zxingcpp
from pypdf import PdfReader

from carnet_domain.carnet import Carnet, CarnetKind, Party, Vehicle, VehicleUse
from carnet_domain.payload import verification_payload
from carnet_domain.transaction import CustomsEntries, GoodsDeclaration, Transaction
from carnet_domain.transaction_types import TransactionType as T
from ecarnet_tui.i18n import use_language
from ecarnet_tui.printing.fonts import FONT_DIR_VARIABLE, FontMissing, find_fonts, font_dirs
from ecarnet_tui.printing.receipt_content import time_label
from ecarnet_tui.printing.receipt_pdf import receipt_pdf
from ecarnet_tui.settings import Settings
from tests.central_world import make_carnet

CODE = "BHKDX7PRC2GN"
STAMP = "TRAINING – NOT VALID"


def receipt_of(carnet: Carnet, declared: str, **goods: object) -> Transaction:
    moment = datetime(2026, 6, 15, 10, 0, tzinfo=UTC)
    return Transaction(
        transaction_id="TX-42", carnet_id=carnet.carnet_id, carnet_number=carnet.number, type=T.IMPORTATION,
        transaction_code="BCDFGHJKLNPR", occurred_at=moment, recorded_at=moment, local_date=moment.date(),
        office_id="ch-gva", office_name="Genève Aéroport", territory="CH", officer_id="officer.ch",
        officer_name="Anna Officer",
        goods=GoodsDeclaration.model_validate({"declared_goods": declared, **goods}),
        customs=CustomsEntries(final_date=date(2026, 9, 30), customs_seals="Seal 7781", customs_reference="GVA-2026-1",
                               customs_remarks="Checked at the counter"),
        verification_code=CODE,
    )


def pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def qr_texts(pdf: bytes, page: int = 0) -> list[str]:
    document = pdfium.PdfDocument(pdf)
    image = document[page].render(scale=2).to_pil().convert("L")
    return [result.text for result in zxingcpp.read_barcodes(np.array(image))]


@pytest.fixture(scope="module")
def carnet() -> Carnet:
    return make_carnet("4956", "ES02299003", items=13, currency="EUR")


def test_a_training_receipt_says_so_on_every_page(carnet: Carnet) -> None:
    long_list = make_carnet("4957", "ES02299004", items=200)
    pages = pages_text(receipt_pdf(receipt_of(long_list, "1-200"), long_list, training=True))
    assert len(pages) > 1
    for text in pages:
        assert STAMP in text
        assert CODE in text and "ES02299004" in text  # the running line on every page


def test_a_live_receipt_holds_the_transaction_and_no_training_stamp(carnet: Carnet) -> None:
    tx = receipt_of(carnet, "1-5,9", diverted_goods="9", processed_abroad="3", holder_remarks="Fragile")
    text = "\n".join(pages_text(receipt_pdf(tx, carnet, training=False, zone=ZoneInfo("Europe/Zurich"))))
    assert "TRAINING" not in text
    for expected in (
        CODE, "Carnet ID 4956", "ES02299003", "Importation", "Genève Aéroport", "Anna Officer", "Test Holder",
        "31/12/2026", "15/06/2026 12:00 (UTC+02:00)", "GVA-2026-1", "1-5,9 (6 items, 6 pieces, EUR 600.00)",
        "Diverted to home use 9", "Processed abroad 3", "30/09/2026", "Seal 7781", "Checked at the counter",
        "Fragile", "Counterfoil", "Voucher",
    ):
        assert expected in text, expected
    items = re.findall(r"^(\d+) 1 Item \d+ 100\.00$", text, flags=re.MULTILINE)
    assert items == ["1", "2", "3", "4", "5", "9"]
    assert re.search(r"^Total 6 600\.00$", text, flags=re.MULTILINE)


@pytest.mark.parametrize("training", [False, True])
def test_the_qr_codes_decode_to_exactly_the_verification_payload(carnet: Carnet, training: bool) -> None:
    pdf = receipt_pdf(receipt_of(carnet, "1-13"), carnet, training=training)
    assert qr_texts(pdf) == [verification_payload(CODE, training)] * 2


def test_a_1000_item_carnet_prints_over_many_pages() -> None:
    big = make_carnet("5000", "CH/2026/1000", items=1000)
    pdf = receipt_pdf(receipt_of(big, "1-1000"), big, training=False)
    pages = pages_text(pdf)
    assert len(pages) >= 20
    text = "\n".join(pages)
    assert re.search(r"^1000 1 Item 1000 100\.00$", text, flags=re.MULTILINE)
    assert len(re.findall(r"^(\d+) 1 Item \d+ 100\.00$", text, flags=re.MULTILINE)) == 1000
    assert all("Description of goods" in page for page in pages[1:]), "the headings repeat on every page"
    assert pages[-1].rstrip().endswith(f"Page {len(pages)} of {len(pages)}")


def test_outside_text_prints_literally() -> None:
    """Markup stays as typed; a control character shows as its escape (``\\x1b``), as on the screen, and a
    character the font has no glyph for as ``\\uXXXX`` rather than vanishing."""
    holder = Party(name="[bold red]X[/] <b>Y</b> **Z** {type} %s \x1b[31m Ωmega 中", country="CH")
    carnet = make_carnet("4958", "CH/2026/[b]", items=2, holder=holder)
    tx = receipt_of(carnet, "1-2", holder_remarks="[link=x]ok[/link]")
    text = "\n".join(pages_text(receipt_pdf(tx, carnet, training=False)))
    assert r"[bold red]X[/] <b>Y</b> **Z** {type} %s \x1b[31m Ωmega \u4e2d, Switzerland" in text
    assert "CH/2026/[b]" in text and "[link=x]ok[/link]" in text


def test_a_vehicle_carnet_lists_its_vehicle() -> None:
    vehicle = Vehicle(vehicle_type="Passenger car", registration_country="DE", registration_number="B-EC 123",
                      make="Volkswagen", chassis_vin="WVWZZZ1JZXW000001", value=Decimal("18000.00"))
    cpd = make_carnet("7001", "DE/CPD/7001", items=0, kind=CarnetKind.CPD, vehicle=vehicle,
                      vehicle_use=VehicleUse.PRIVATE, total_value=Decimal("18000.00"))
    exit_tx = receipt_of(cpd, "1").model_copy(update={"type": T.REEXPORTATION, "customs": CustomsEntries(
        delay_explanation="Ferry cancelled by a storm")})
    text = "\n".join(pages_text(receipt_pdf(exit_tx, cpd, training=False)))
    assert "Volkswagen Passenger car, registration DE B-EC 123, chassis/VIN WVWZZZ1JZXW000001" in text
    assert "18,000.00" in text
    assert "Ferry cancelled by a storm" in text  # an exit late by days, explained


def test_a_receipt_in_french_writes_amounts_and_countries_as_french_does() -> None:
    carnet = make_carnet("4959", "ES02299005", items=13, currency="EUR", holder=Party(name="Test Holder", country="ES"))
    use_language("fr")
    try:
        tx = receipt_of(carnet, "1-5,9")
        text = "\n".join(pages_text(receipt_pdf(tx, carnet, training=False, zone=ZoneInfo("Europe/Zurich"))))
    finally:
        use_language("en")
    for expected in ("Test Holder, Espagne", "1-5,9 (6 articles, 6 pièces, 600,00 EUR)", "15/06/2026 12:00 (UTC+02:00)",
                     "31/12/2026"):
        assert expected in text, expected
    assert re.search(r"^9 1 Item 9 100,00$", text, flags=re.MULTILINE)
    assert re.search(r"^Total 6 600,00$", text, flags=re.MULTILINE)


def test_times_are_local_with_their_offset() -> None:
    moment = datetime(2026, 1, 15, 23, 30, tzinfo=UTC)
    assert time_label(moment, ZoneInfo("Europe/Zurich")) == "16/01/2026 00:30 (UTC+01:00)"
    assert time_label(moment, ZoneInfo("America/St_Johns")) == "15/01/2026 20:00 (UTC-03:30)"
    assert time_label(moment, UTC) == "15/01/2026 23:30 (UTC+00:00)"


def test_missing_fonts_are_named_with_the_package_to_install(tmp_path: Path) -> None:
    with pytest.raises(FontMissing, match="fonts-dejavu-core") as caught:
        find_fonts([tmp_path])
    assert "DejaVuSans.ttf" in str(caught.value) and str(tmp_path) in str(caught.value)


def test_a_font_folder_can_be_named_in_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    system = find_fonts()
    for font in (system.regular, system.bold, system.mono_bold):
        (tmp_path / font.name).write_bytes(font.read_bytes())
    monkeypatch.setenv(FONT_DIR_VARIABLE, str(tmp_path))
    chosen = Settings().font_path  # ECARNET_FONT_DIR is a setting, like every ECARNET_ variable
    assert chosen == tmp_path and font_dirs(chosen)[0] == tmp_path
    assert find_fonts(font_dirs(chosen)).regular == tmp_path / "DejaVuSans.ttf"
