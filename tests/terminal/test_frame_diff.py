"""The frame differ sends a terminal only what changed, and the terminal ends up showing exactly what the full
output would have shown: both streams are fed to a terminal emulator (pyte) and compared cell by cell, text and
colours and attributes, after every frame."""

from __future__ import annotations

import pyte
from hypothesis import given, settings
from hypothesis import strategies as st

from ecarnet_tui.terminal.frame_diff import SYNC_END, SYNC_START, FrameDiffer
from ecarnet_tui.terminal.pen import DEFAULT_PEN, Pen, apply_sgr, pen_change

COLUMNS, ROWS = 30, 8


class Screens:
    """The full output on one emulated terminal, the differ's on another."""

    def __init__(self, columns: int = COLUMNS, rows: int = ROWS) -> None:
        self.full = pyte.Screen(columns, rows)
        self.thin = pyte.Screen(columns, rows)
        self._full = pyte.Stream(self.full)
        self._thin = pyte.Stream(self.thin)
        self.differ = FrameDiffer(columns, rows)
        self.sent = 0
        self.write("\x1b[?7l")  # no automatic wrap at the last column, as Textual sets it

    def write(self, frame: str) -> str:
        self._full.feed(frame)
        out = self.differ.feed(frame)
        self._thin.feed(out)
        self.sent += len(out.encode())
        return out

    def assert_same(self) -> None:
        for y in range(self.full.lines):
            for x in range(self.full.columns):
                assert self.thin.buffer[y][x] == self.full.buffer[y][x], f"cell ({x}, {y})"


def line(y: int, text: str, sgr: str = "", x: int = 0) -> str:
    """What Textual writes for a strip: a move, then each segment in its style, reset after."""
    styled = f"\x1b[{sgr}m{text}\x1b[0m" if sgr else text
    return f"\x1b[{y + 1};{x + 1}H{styled}"


def test_a_frame_that_changes_nothing_sends_nothing() -> None:
    screens = Screens()
    frame = "".join(line(y, f"row {y}".ljust(COLUMNS), "97;44") for y in range(ROWS))
    screens.write(frame)
    assert screens.write(frame) == ""
    assert screens.write(SYNC_START) + screens.write(frame) + screens.write(SYNC_END) == ""
    screens.assert_same()


def test_one_changed_character_in_a_repainted_line_sends_that_character_and_a_move() -> None:
    screens = Screens()
    screens.write("".join(line(y, "Carnet ID".ljust(COLUMNS), "1;38;5;250;48;5;17") for y in range(ROWS)))
    out = screens.write(line(3, "Carnet ID1".ljust(COLUMNS), "1;38;5;250;48;5;17"))
    assert out == "\x1b[4;10H1\x1b[30G"  # the character (its pen is the current one), the cursor where Textual left it
    screens.assert_same()


def test_the_pen_changes_by_the_fewest_codes() -> None:
    bold_red = Pen(frozenset({"1"}), "31", "")
    assert pen_change(DEFAULT_PEN, bold_red) == "\x1b[1;31m"
    assert pen_change(bold_red, bold_red._replace(foreground="32")) == "\x1b[32m"
    assert pen_change(bold_red, DEFAULT_PEN) == "\x1b[0m"
    assert pen_change(Pen(frozenset({"1", "7"}), "31", "44"), Pen(frozenset({"1"}), "31", "44")) == "\x1b[27m"
    assert apply_sgr(DEFAULT_PEN, "1;38;2;1;2;3;48;5;200") == Pen(frozenset({"1"}), "38;2;1;2;3", "48;5;200")
    assert apply_sgr(Pen(frozenset({"1", "2", "4"}), "31", "44"), "22;39") == Pen(frozenset({"4"}), "", "44")


def test_modes_titles_and_the_bell_pass_through_in_order() -> None:
    screens = Screens()
    passed = "\x1b[?1000h\x1b[?25l\x1b]0;eCarnet\x07\x07\x1b[?2026$p"
    out = screens.write(passed + line(0, "x"))
    assert out.startswith("\x1b[?1000h\x1b[?25l\x1b]0;eCarnet\x07\x07\x1b[?2026$p")


def test_a_synchronized_frame_is_sent_whole_at_its_end() -> None:
    screens = Screens()
    assert screens.write(SYNC_START) == ""
    assert screens.write(line(0, "first") + line(1, "second")) == ""
    out = screens.write(SYNC_END)
    assert out.startswith(SYNC_START) and out.endswith(SYNC_END) and "first" in out and "second" in out
    screens.assert_same()


def test_wide_characters_and_combining_marks_stay_in_their_cells() -> None:
    screens = Screens()
    screens.write(line(0, "日本 e\u0301té ✓ abc".ljust(20), "33"))
    screens.assert_same()
    screens.write(line(0, "xy", "33"))  # over the whole of a wide character
    screens.assert_same()
    screens.write(line(0, "語", "36", x=4))  # a wide character over two narrow ones
    screens.assert_same()


def test_a_repaint_clears_what_another_program_wrote_and_draws_everything() -> None:
    screens = Screens()
    screens.write("".join(line(y, f"line {y}", "1;32") for y in range(ROWS)))
    screens._thin.feed("\x1b[3;5H\x1b[41mSCRIBBLE\x1b[0m")  # e.g. a wall message
    assert screens.thin.buffer[2][4].data == "S"
    screens._thin.feed(screens.differ.repaint())
    screens.assert_same()


def test_after_a_resize_the_screen_is_drawn_again_at_the_new_size() -> None:
    screens = Screens()
    screens.write("".join(line(y, "a" * COLUMNS, "34") for y in range(ROWS)))
    for screen in (screens.full, screens.thin):
        screen.resize(ROWS + 2, COLUMNS - 5)
    screens.differ.resize(COLUMNS - 5, ROWS + 2)
    screens.write("".join(line(y, "b" * (COLUMNS - 5), "35") for y in range(ROWS + 2)))
    screens.assert_same()


_PENS = st.sampled_from(["", "0", "1", "7", "1;31", "97;44", "38;5;208;48;5;17", "38;2;10;20;30", "4;3",
                         "2;36;100", "22", "27", "39;49"])
_WIDE = st.lists(st.sampled_from([*"ab ▀▄█│─╭✓é日", "e\u0301"]), max_size=12).map("".join)
_NARROW = st.lists(st.sampled_from([*"ab ▀▄█│─╭✓é", "e\u0301"]), max_size=12).map("".join)


def _whole_row(y: int, segments: list[tuple[str, str]]) -> str:
    """A row as Textual draws a whole line: from column 0, exactly as wide as the screen (a strip never ends
    inside a wide character)."""
    out, width = [f"\x1b[{y + 1};1H"], 0
    for sgr, text in segments:
        kept = ""
        for character in text:
            size = 2 if character == "日" else 0 if character == "\u0301" else 1
            if width + size > COLUMNS:
                break
            kept, width = kept + character, width + size
        out.append(f"\x1b[{sgr}m{kept}\x1b[0m")
    out.append(" " * (COLUMNS - width))
    return "".join(out)


def _frames_alike(screens: Screens, frames: list[str], synchronized: bool) -> None:
    full = 0
    for text in frames:
        full += len(text.encode())
        if synchronized:
            screens.write(SYNC_START)
        screens.write(text)
        if synchronized:
            screens.write(SYNC_END)
        screens.assert_same()
    assert screens.sent <= full + len(frames) * 40


@settings(max_examples=100, deadline=None)
@given(frames=st.lists(st.lists(st.tuples(st.integers(0, ROWS - 1), st.lists(st.tuples(_PENS, _WIDE), max_size=5)),
                                min_size=1, max_size=ROWS), min_size=1, max_size=6),
       synchronized=st.booleans())
def test_random_whole_rows_with_wide_characters_end_as_the_full_output_does(
    frames: list[list[tuple[int, list[tuple[str, str]]]]], synchronized: bool
) -> None:
    texts = ["".join(_whole_row(y, segments) for y, segments in frame) for frame in frames]
    _frames_alike(Screens(), texts, synchronized)


@settings(max_examples=100, deadline=None)
@given(frames=st.lists(st.lists(st.tuples(st.integers(0, ROWS - 1), st.integers(0, COLUMNS - 1), _PENS, _NARROW),
                                min_size=1, max_size=12), min_size=1, max_size=8),
       synchronized=st.booleans())
def test_random_pieces_of_lines_end_as_the_full_output_does(
    frames: list[list[tuple[int, int, str, str]]], synchronized: bool
) -> None:
    texts = ["".join(f"\x1b[{y + 1};{x + 1}H\x1b[{sgr}m{chunk}\x1b[0m" for y, x, sgr, chunk in frame)
             for frame in frames]
    _frames_alike(Screens(), texts, synchronized)


def test_modes_set_before_anything_is_drawn_leave_the_terminal_uncleared() -> None:
    differ = FrameDiffer(COLUMNS, ROWS)
    assert differ.feed("\x1b[?1004h\x1b[?25l") == "\x1b[?1004h\x1b[?25l"  # e.g. before the other screen is entered
    assert differ.feed("\x1b[?1049h").startswith("\x1b[?1049h")
    first = differ.feed(line(0, "x"))
    assert first.startswith("\x1b[0m\x1b[H\x1b[2J") and "x" in first


def test_partial_erasures_are_drawn_like_the_terminal_does() -> None:
    screens = Screens()
    # whole rows: pyte erases only the cells it was ever given, where a terminal erases every one
    screens.write("".join(line(y, (f"row {y} " * 3).ljust(COLUMNS), "36;44") for y in range(ROWS)))
    screens.write("\x1b[3;4H\x1b[41m\x1b[J\x1b[0m" + line(7, "last"))  # below the cursor, in red
    screens.assert_same()
    screens.write("\x1b[2;6H\x1b[1J\x1b[2;2H\x1b[5X" + line(0, "first"))  # above the cursor; five cells
    screens.assert_same()


def test_what_the_canvas_does_not_follow_is_passed_on_and_the_next_frame_draws_everything() -> None:
    differ = FrameDiffer(COLUMNS, ROWS)
    differ.feed("".join(line(y, f"row {y}") for y in range(ROWS)))
    out = differ.feed("\x1b[2S" + line(0, "top"))  # a scroll, which Textual never writes
    assert out.startswith("\x1b[2S\x1b[0m\x1b[H\x1b[2J") and "row 5" in out
    assert differ.feed("\x1b[1:2H") == "\x1b[1:2H"  # a move it cannot read is passed on and drawn from nowhere
