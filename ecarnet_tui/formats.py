"""How the desk writes values for the officer, in the interface's language: amounts with their currency, counts,
dates, times and the names of countries and customs territories. Screens, widgets, receipts and help texts write
them through here, so that the officer reads one way of writing a value everywhere.

Times are stored in UTC and shown in the workstation's local time. Files read by programs (the Logs' CSV and XLSX,
the XML of a carnet's transactions) keep their own machine-readable rules (``ecarnet_tui.exports.columns``).

Babel is imported on first use, not with this module: the first screen draws without waiting for it.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING

from rich.text import Text

from ecarnet_tui.i18n import _, language
from ecarnet_tui.literal import literal

if TYPE_CHECKING:
    from babel import Locale

NO_BREAK_SPACE = "\u00a0"
"""The space that may not break a line, wherever the desk needs one: between an amount and its currency, between
thousands in French, and before a colon in French (``"Titulaire\u00a0:"``). French printers often use the narrow
no-break space (U+202F) before a colon and between thousands; the desk writes U+00A0 instead because it is in
Latin-1, hence in every terminal font and code page a border post's old PC or SSH client may have, where U+202F is
missing from the Linux console's fonts and many others and would show as a box."""

LOCALES = {"en": "en_GB"}
"""The Babel locale of an interface language that is not itself a locale with the right conventions. English at a
border post is not US English: ``en_GB`` writes dates day first (31/12/2026, as the carnets and the customs of
most countries do, where ``en_US`` would write 12/31/26), times on 24 hours, and the names of countries as the
officers of a European post expect them. Any other language is its own locale (``fr``)."""
FALLBACK_LOCALE = "en_GB"


@cache
def _locale_for(lang: str) -> Locale:
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(LOCALES.get(lang, lang))
    except (UnknownLocaleError, ValueError):
        return Locale.parse(FALLBACK_LOCALE)


def locale() -> Locale:
    """The Babel locale of the interface's language (see :data:`LOCALES`)."""
    return _locale_for(language())


def _spaced(text: str) -> str:
    """Babel's narrow no-break spaces as :data:`NO_BREAK_SPACE`."""
    return text.replace("\u202f", NO_BREAK_SPACE)


def _currency_layout(loc: Locale) -> tuple[bool, str]:
    """Whether the locale writes the currency before the figure, and its pattern for the figure alone."""
    pattern = loc.currency_formats["standard"].pattern.split(";")[0]
    return pattern.strip().startswith("¤"), pattern.replace("¤", "").strip(" " + NO_BREAK_SPACE)


def format_figure(value: Decimal | int | float, currency: str = "") -> str:
    """An amount without its currency, with the currency's decimals (two without a currency): ``2,000.00`` in
    English, ``2 000,00`` in French (for a column whose heading names the currency, or beside it)."""
    from babel.numbers import format_currency, format_decimal

    _before, pattern = _currency_layout(locale())
    if not currency:
        return _spaced(format_decimal(value, pattern, locale=locale(), decimal_quantization=True))
    return _spaced(format_currency(value, currency, pattern, locale=locale(), currency_digits=True))


def format_amount(value: Decimal | int | float, currency: str) -> str:
    """An amount with its currency's ISO code where the language puts it: ``CHF 2,000.00`` in English,
    ``2 000,00 CHF`` in French (the spaces no-break). The code rather than a symbol: "$" or "kr" would not say
    which dollar or krone a carnet is valued in."""
    before, _pattern = _currency_layout(locale())
    figure = format_figure(value, currency)
    return f"{currency}{NO_BREAK_SPACE}{figure}" if before else f"{figure}{NO_BREAK_SPACE}{currency}"


def format_number(value: Decimal | int | float, decimals: int | None = None) -> str:
    """A number: ``1,234.5`` in English, ``1 234,5`` in French; with ``decimals`` fixed, else as many as it has
    (at most three)."""
    from babel.numbers import format_decimal

    pattern = None if decimals is None else "#,##0" + ("." + "0" * decimals if decimals else "")
    return _spaced(format_decimal(value, pattern, locale=locale(), decimal_quantization=True))


def format_count(n: int) -> str:
    """A count: ``1,000`` in English, ``1 000`` in French."""
    return format_number(n)


def format_day(day: date) -> str:
    """A date, day first in both languages: ``31/12/2026``."""
    from babel.dates import format_date

    return format_date(day, "short", locale=locale())


def format_month(month: str, *, short: bool = False) -> str:
    """A month given as ``YYYY-MM`` in the officer's language: ``February 2026`` (``short``: ``Feb``)."""
    from babel.dates import format_date

    year, number = (int(part) for part in month.split("-"))
    return format_date(date(year, number, 1), "LLL" if short else "LLLL y", locale=locale())


def local_time(moment: datetime, zone: tzinfo | None = None) -> str:
    """A UTC time shown in the workstation's local time zone (or ``zone``): ``31/12/2026 23:59``."""
    from babel.dates import format_time

    local = moment.astimezone(zone)
    return f"{format_day(local.date())} {format_time(local.time(), 'short', locale=locale())}"


def country_name(code: str, fallback: str = "") -> str:
    """The name of a country or customs territory from its ISO code in the interface's language (``CH``:
    Switzerland, Suisse; ``EU``: European Union, Union européenne); for a code Babel does not know, ``fallback``
    (the central's name), else the code itself."""
    iso = len(code) == 2 and code.isalpha() and code.isupper() and code != "ZZ"  # ZZ: "Unknown Region"
    name = locale().territories.get(code) if iso else None
    return name or fallback or code


def country_list(codes: tuple[str, ...] | list[str], names: dict[str, str] | None = None) -> str:
    """Countries or territories named as :func:`country_name` does, ``names`` giving the central's name of each
    code, joined by commas."""
    known = names or {}
    return ", ".join(country_name(code, known.get(code, "")) for code in codes)


def labelled(label: str, value: str) -> str:
    """``label: value`` as the language writes it: ``Holder: Test Holder``, ``Titulaire\u00a0: Test Holder``. Code
    never glues a colon itself: French puts a no-break space before it."""
    return _("{label}: {value}").format(label=label, value=value)


def labelled_parts(label: str) -> tuple[str, str]:
    """What :func:`labelled` writes before and after the value, for a value drawn in another style."""
    before, _sep, after = _("{label}: {value}").partition("{value}")
    return before.replace("{label}", label), after


def field_lines(rows: list[tuple[str, str]]) -> Text:
    """``label: value`` lines as the language writes them, the value in bold; one widget for them all keeps
    step 2 quick to draw."""
    lines = []
    for label, value in rows:
        before, after = labelled_parts(label)
        lines.append(literal(before).append(literal(value, "bold")).append(after))
    return Text("\n").join(lines)
