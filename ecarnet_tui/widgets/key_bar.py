"""The keys of the current step on one line at the bottom, like a footer but drawn as one piece of text.

Textual's Footer rebuilds a widget per key whenever the focus moves, which costs a few hundred
milliseconds per step on an old PC; this bar only rewrites its text. A click on a key presses it.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widgets import Static


class KeyBar(Static):
    COMPONENT_CLASSES = {"key-bar--key"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $panel;
        color: $text;
    }
    KeyBar > .key-bar--key {
        color: $accent;
        text-style: bold;
    }
    """

    def __init__(self) -> None:
        super().__init__("", id="key-bar")
        self._spans: list[tuple[int, int, str]] = []
        self._stale = False

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._changed)
        self.app.screen_change_signal.subscribe(self, self._shown)
        self.call_after_refresh(self.show_keys)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)
        self.app.screen_change_signal.unsubscribe(self)

    def _changed(self, screen: Screen[object]) -> None:
        """The keys changed; a screen out of sight redraws its bar when it comes back, for a redraw under the
        screen on top makes Textual repaint that one too."""
        if self.screen.is_current:
            self.show_keys()
        else:
            self._stale = True

    def _shown(self, screen: Screen[object]) -> None:
        if screen is self.screen and self._stale:
            self._stale = False
            self.show_keys()

    def show_keys(self) -> None:
        text = Text(no_wrap=True, overflow="crop")
        key_style = self.get_component_rich_style("key-bar--key")
        spans: list[tuple[int, int, str]] = []
        seen: set[str] = set()
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            start = text.cell_len
            text.append(f" {self.app.get_key_display(binding)} ", style=key_style if active.enabled else "dim")
            text.append(f"{binding.description} ", style="" if active.enabled else "dim")
            spans.append((start, text.cell_len, binding.key.split(",")[0]))
        self._spans = spans
        self.update(text)

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(key)
                return
