"""Every user-facing string goes through :func:`_` (gettext, domain ``ecarnet``)."""

from __future__ import annotations

import gettext
from pathlib import Path

DOMAIN = "ecarnet"
LOCALE_DIR = Path(__file__).parent / "locale"

_translation: gettext.NullTranslations = gettext.NullTranslations()


def use_language(language: str | None) -> None:
    """Switch the interface language (``None``: the system's); unknown languages fall back to English."""
    global _translation
    languages = [language] if language else None
    _translation = gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=languages, fallback=True)


def _(message: str) -> str:
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translation.ngettext(singular, plural, n)


def language() -> str:
    """The language of the interface, as its catalogue names it (``fr``); ``en`` without a catalogue."""
    return _translation.info().get("language", "") or "en"
