"""What a step says about something typed that cannot be used (no pydantic here: step 1 loads it)."""

from __future__ import annotations

from carnet_domain.transaction_types import TxField


class EntryError(ValueError):
    """Something typed that cannot be used: ``field`` names it, ``reason`` says why (a code the screens
    translate) and ``part``/``limit`` give the detail."""

    def __init__(self, field: TxField, reason: str, part: str = "", limit: int = 0) -> None:
        super().__init__(f"{field.value}: {reason} {part}".strip())
        self.field = field
        self.reason = reason
        self.part = part
        self.limit = limit
