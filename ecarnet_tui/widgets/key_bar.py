"""The keys of the current step on one line at the bottom, like a footer but drawn as one piece of text.

Textual's Footer rebuilds a widget per key whenever the focus moves, which costs a few hundred
milliseconds per step on an old PC; this bar only rewrites its text. A click on a key presses it.

Every key the step shows stays on the line, F1 Help last: when the keys and their descriptions, each set apart
by two spaces, are wider than the bar (80 columns in French on a step with many keys), they are set apart by one.
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

    def on_resize(self) -> None:
        self.show_keys()

    def show_keys(self) -> None:
        keys: list[tuple[str, str, bool, str]] = []
        seen: set[str] = set()
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            keys.append((self.app.get_key_display(binding), binding.description, active.enabled,
                         binding.key.split(",")[0]))
        text, spans = self._line(keys, tight=False)
        if self.size.width and text.cell_len > self.size.width:
            text, spans = self._line(keys, tight=True)
        self._spans = spans
        self.update(text)

    def _line(self, keys: list[tuple[str, str, bool, str]], *, tight: bool) -> tuple[Text, list[tuple[int, int, str]]]:
        """The keys, each ``" key description "`` (``"key description "`` when ``tight``), and where each is."""
        text = Text(no_wrap=True, overflow="crop")
        key_style = self.get_component_rich_style("key-bar--key")
        spans: list[tuple[int, int, str]] = []
        for display, description, enabled, key in keys:
            start = text.cell_len
            text.append(f"{display} " if tight and start else f" {display} ", style=key_style if enabled else "dim")
            text.append(f"{description} ", style="" if enabled else "dim")
            spans.append((start, text.cell_len, key))
        return text, spans

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(key)
                return
