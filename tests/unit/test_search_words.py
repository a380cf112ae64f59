"""The administration lists' search: every word typed, anywhere in the row, whatever the case and the accents."""

from __future__ import annotations

from ecarnet_tui.texts.search import every_word_in, folded


def test_words_are_found_without_regard_to_case_or_accents() -> None:
    row = ("gva-airport", "Genève Aéroport", "ch-geneve", "Europe/Zurich", "Active")
    assert every_word_in(row, "geneve aeroport")
    assert every_word_in(row, "ZURICH")
    assert every_word_in(row, "GENÈVE active")
    assert every_word_in(row, "")  # nothing typed: every row
    assert not every_word_in(row, "geneve bardonnex")  # every word must be there
    assert folded("Straße Øresund Ölüdeniz") == "strasse øresund oludeniz"  # ß folds; Ø is a letter of its own
