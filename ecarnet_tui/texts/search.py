"""How the administration lists match what is typed in their search line: every word, anywhere in the row, without
regard to case or accents (an officer types "geneve" for Genève, "zurich" for Europe/Zurich)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable


def folded(text: str) -> str:
    """``text`` in lower case, without accents."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def every_word_in(parts: Iterable[str], search: str) -> bool:
    """Whether each word of ``search`` is found in one of ``parts``."""
    haystack = folded(" ".join(parts))
    return all(word in haystack for word in folded(search).split())
