"""How the desk writes values for the officer (``ecarnet_tui.formats``), in English and in French; and that the
workstation writes them nowhere else."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest

from ecarnet_tui.formats import (
    country_list,
    country_name,
    format_amount,
    format_count,
    format_day,
    format_figure,
    format_number,
    labelled,
    labelled_parts,
    local_time,
)
from ecarnet_tui.i18n import use_language

NBSP = "\u00a0"
UI_DIR = Path(__file__).resolve().parent.parent / "ecarnet_tui"


@pytest.fixture
def french() -> Iterator[None]:
    use_language("fr")
    yield
    use_language("en")


def test_english_amounts_counts_and_dates() -> None:
    assert format_amount(Decimal("65600"), "EUR") == f"EUR{NBSP}65,600.00"
    assert format_amount(Decimal("-12.5"), "CHF") == f"CHF{NBSP}-12.50"
    assert format_amount(Decimal("65600"), "JPY") == f"JPY{NBSP}65,600"  # the yen has no decimals
    assert format_figure(Decimal("2000")) == "2,000.00"
    assert format_count(1000) == "1,000"
    assert format_number(Decimal("12.5")) == "12.5" and format_number(1.25, 1) == "1.2"
    assert format_day(date(2026, 1, 5)) == "05/01/2026"  # day first: en_GB, not en_US


def test_french_amounts_counts_and_dates(french: None) -> None:
    assert format_amount(Decimal("65600"), "EUR") == f"65{NBSP}600,00{NBSP}EUR"
    assert format_figure(Decimal("2000"), "CHF") == f"2{NBSP}000,00"
    assert format_count(1000) == f"1{NBSP}000"
    assert format_number(Decimal("12.5")) == "12,5"
    assert format_day(date(2026, 1, 5)) == "05/01/2026"


def test_a_local_time_in_either_language() -> None:
    moment = datetime(2026, 12, 31, 22, 59, tzinfo=UTC)
    geneva = timezone(timedelta(hours=1))
    assert local_time(moment, geneva) == "31/12/2026 23:59"
    use_language("fr")
    try:
        assert local_time(moment, geneva) == "31/12/2026 23:59"
    finally:
        use_language("en")


def test_countries_and_customs_territories_by_their_codes() -> None:
    assert [country_name(c) for c in ("CH", "EU", "GB", "US")] == [
        "Switzerland", "European Union", "United Kingdom", "United States"]
    assert country_name("XQ", "Somewhere") == "Somewhere"  # a code Babel does not know: the central's name
    assert country_name("CH-GE", "Geneva free zone") == "Geneva free zone"
    assert country_name("ZZ") == "ZZ"  # not "Unknown Region"
    assert country_list(("CH", "XQ"), {"XQ": "Somewhere"}) == "Switzerland, Somewhere"


def test_countries_in_french(french: None) -> None:
    assert [country_name(c, "central name") for c in ("CH", "EU", "GB", "TR")] == [
        "Suisse", "Union européenne", "Royaume-Uni", "Turquie"]


def test_a_label_and_its_value() -> None:
    assert labelled("Holder", "Test Holder") == "Holder: Test Holder"
    assert labelled_parts("Holder") == ("Holder: ", "")
    use_language("fr")
    try:
        assert labelled("Titulaire", "Test Holder") == f"Titulaire{NBSP}: Test Holder"
        assert labelled_parts("Titulaire") == (f"Titulaire{NBSP}: ", "")
    finally:
        use_language("en")


HARD_CODED = re.compile(r":,\.2f|:,\.|strftime\(\"%d/%m/%Y|:%d/%m/%Y|\.2f}\"")
MACHINE_READABLE = {"exports/columns.py", "exports/transaction_xml.py", "exports/files.py"}
"""Files read by programs keep their own rules: plain amounts, ISO times, file names."""


def test_the_workstation_writes_amounts_and_dates_only_through_formats() -> None:
    found = []
    for path in sorted(UI_DIR.rglob("*.py")):
        module = path.relative_to(UI_DIR).as_posix()
        if module == "formats.py" or module in MACHINE_READABLE:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if HARD_CODED.search(line):
                found.append(f"{module}:{number}: {line.strip()}")
    assert not found, "write amounts and dates with ecarnet_tui.formats:\n" + "\n".join(found)
