"""The one-line input of every form and dialog: what is typed or pasted is kept as the central takes it.

A paste may bring what a keyboard never types: a tab from a spreadsheet, a terminal's escape sequence, a
bidirectional override from a web page. The central refuses text holding them (docs/api.md, "Values"), and a refusal
of a queued commit is permanent: it would wait for a supervisor. So each insertion is cleaned as it comes, with
:func:`central_contract.bounds.clean`, and the officer sees what will be sent.
"""

from __future__ import annotations

from textual.widgets import Input

from central_contract.bounds import clean


class TextInput(Input):
    """An :class:`Input` whose insertions are one line of plain text: a tab becomes a space, control and
    bidirectional characters are left out, and the text is in NFC."""

    def replace(self, text: str, start: int, end: int) -> None:
        super().replace(clean(text), start, end)
