"""The look every dialog shares: a box in the middle of the screen, over the step it belongs to."""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen

R = TypeVar("R")


class Dialog(ModalScreen[R]):
    """A modal box; subclasses compose a ``Vertical`` with their content and dismiss with their answer."""

    DEFAULT_CSS = """
    Dialog {
        align: center middle;
    }
    Dialog > Vertical {
        width: 72;
        max-width: 100%;
        height: auto;
        border: thick $primary;
        background: $surface;
        padding: 1 2;
    }
    Dialog.warning > Vertical {
        border: thick $warning;
    }
    /* A label as wide as the box, so that a long question wraps instead of being cut at the box's edge. */
    Dialog Label {
        width: 100%;
    }
    """
