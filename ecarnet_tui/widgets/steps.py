"""The wizard's progress line: 1 Scan › 2 Check carnet › 3 Check goods › 4 Commit › 5 Receipt."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from carnet_domain.transaction_types import TransactionType
from ecarnet_tui.i18n import _
from ecarnet_tui.texts.labels import type_name


def step_names(vehicle: bool = False) -> list[str]:
    """The five steps; step 3 checks the vehicle of a vehicle carnet (CPD), the goods otherwise."""
    return [_("Scan"), _("Check carnet"), _("Check vehicle") if vehicle else _("Check goods"), _("Commit"),
            _("Receipt")]


class StepBar(Static):
    """Which step this is, and the transaction type in capitals (line 1880: double-check the type)."""

    DEFAULT_CSS = """
    StepBar {
        height: 1;
        background: $boost;
        padding: 0 1;
    }
    """

    def __init__(self, step: int, kind: TransactionType | None = None, vehicle: bool = False) -> None:
        super().__init__(id="step-bar")
        self.step = step
        self.kind = kind
        self.vehicle = vehicle

    def on_mount(self) -> None:
        self.update(self.line())

    def set_kind(self, kind: TransactionType | None, vehicle: bool = False) -> None:
        self.kind = kind
        self.vehicle = vehicle
        self.update(self.line(self.content_size.width))

    def on_resize(self) -> None:
        self.update(self.line(self.content_size.width))

    def line(self, width: int = 0) -> Text:
        """The full line when it fits ``width``; else the steps' names with no space around the arrows; else only
        the current step keeps its name. The transaction type stays whole on screen in every case (at 80 columns
        "RE-IMPORTATION" would otherwise be cut off)."""
        for spacing in ("full", "tight"):
            text = self._line(spacing)
            if not width or text.cell_len <= width:
                return text
        return self._line("compact")

    def _line(self, spacing: str) -> Text:
        text = Text(no_wrap=True, overflow="crop")
        for number, name in enumerate(step_names(self.vehicle), 1):
            if number > 1:
                text.append("›" if spacing == "tight" else " › ", style="dim")
            current = number == self.step
            label = str(number) if spacing == "compact" and not current else f"{number} {name}"
            text.append(label, style="bold reverse" if current else "dim")
        if self.kind is not None:
            text.append("   ")
            text.append(type_name(self.kind).upper(), style="bold")
        return text
