"""The classroom's words: an exercise's state as a glyph and a letter (never colour alone) with its legend, the
desk's F1 help pages an exercise sends a trainee to revise, and the help of the classroom's screens."""

from __future__ import annotations

from collections.abc import Callable

from central_contract.training import ExerciseState
from ecarnet_tui.i18n import _
from ecarnet_tui.texts import desk_help
from ecarnet_tui.texts.desk_help import Help, everywhere
from ecarnet_tui.texts.step_help import help_for, vehicle_file_help

GLYPHS = {
    ExerciseState.NOT_STARTED: ("·", "."),
    ExerciseState.IN_PROGRESS: ("▸", ">"),
    ExerciseState.CORRECT: ("✓", "+"),
    ExerciseState.WRONG: ("✗", "x"),
    ExerciseState.ABANDONED: ("–", "-"),
}
"""Each state's glyph, in Unicode and in ASCII."""
PAUSED_GLYPH = ("‖", "=")


def state_word(state: ExerciseState, paused: bool = False) -> str:
    if paused and state in (ExerciseState.NOT_STARTED, ExerciseState.IN_PROGRESS):
        return _("paused")
    return {
        ExerciseState.NOT_STARTED: _("not started"),
        ExerciseState.IN_PROGRESS: _("in progress"),
        ExerciseState.CORRECT: _("correct"),
        ExerciseState.WRONG: _("wrong"),
        ExerciseState.ABANDONED: _("abandoned"),
    }[state]


def state_letter(state: ExerciseState, paused: bool = False) -> str:
    """One letter per state, in the officer's language (the legend says what each means)."""
    if paused and state in (ExerciseState.NOT_STARTED, ExerciseState.IN_PROGRESS):
        # Translators: the letter of "paused" in the classroom's grid; each state's letter must differ
        return _("P")
    return {
        # Translators: the letter of "not started" in the classroom's grid; each state's letter must differ
        ExerciseState.NOT_STARTED: _("N"),
        # Translators: the letter of "in progress" in the classroom's grid; each state's letter must differ
        ExerciseState.IN_PROGRESS: _("I"),
        # Translators: the letter of "correct" in the classroom's grid; each state's letter must differ
        ExerciseState.CORRECT: _("C"),
        # Translators: the letter of "wrong" in the classroom's grid; each state's letter must differ
        ExerciseState.WRONG: _("W"),
        # Translators: the letter of "abandoned" in the classroom's grid; each state's letter must differ
        ExerciseState.ABANDONED: _("A"),
    }[state]


def state_mark(state: ExerciseState, paused: bool = False, *, ascii_only: bool = False) -> str:
    """The state as a glyph and a letter, e.g. ``✓C``: readable without colour, and in ASCII."""
    held = paused and state in (ExerciseState.NOT_STARTED, ExerciseState.IN_PROGRESS)
    glyph = (PAUSED_GLYPH if held else GLYPHS[state])[1 if ascii_only else 0]
    return glyph + state_letter(state, paused)


def state_class(state: ExerciseState, paused: bool = False) -> str:
    """The style of a state's mark (its colour adds to the glyph and the letter, never replaces them)."""
    if paused and state in (ExerciseState.NOT_STARTED, ExerciseState.IN_PROGRESS):
        return "paused"
    return state.value


def legend(*, ascii_only: bool = False) -> str:
    """What each mark of the grid means."""
    marks = [f"{state_mark(state, ascii_only=ascii_only)} {state_word(state)}" for state in ExerciseState]
    marks.append(f"{state_mark(ExerciseState.IN_PROGRESS, True, ascii_only=ascii_only)} {_('paused')}")
    return "  ".join(marks)


HELP_PAGES: dict[str, Callable[[], Help]] = {
    "scan": lambda: help_for(1),
    "check-carnet": lambda: help_for(2),
    "check-goods": lambda: help_for(3),
    "check-vehicle": lambda: help_for(3, vehicle=True),
    "commit": lambda: help_for(4),
    "receipt": lambda: help_for(5),
    "vehicle-file": vehicle_file_help,
    "holds": desk_help.holds_help,
    "queue": desk_help.queue_help,
    "record-later": desk_help.record_later_help,
    "procedure": desk_help.procedure_help,
    "supervisor": lambda: desk_help.supervisor_help("holds"),
    "logs": desk_help.logs_help,
    "log-transaction": desk_help.log_transaction_help,
    "predeclarations": desk_help.predeclarations_help,
    "predeclaration": desk_help.predeclaration_help,
    "transits": desk_help.transits_help,
    "transit-details": desk_help.transit_details_help,
    "statistics": desk_help.statistics_help,
}
"""The desk's F1 help pages an exercise may name (``help`` in the catalogue), by name."""


def help_page(name: str) -> Help | None:
    """The F1 help page ``name`` (its title and points), or ``None`` for a name this desk does not know."""
    page = HELP_PAGES.get(name.strip())
    return page() if page is not None else None


def help_page_title(name: str) -> str:
    """How the desk names the help page ``name``: its F1 title (the name itself when unknown)."""
    page = help_page(name)
    return page[0] if page is not None else name


def _help(title: str, points: list[str]) -> Help:
    return title, [*points, everywhere()]


def exercises_help() -> Help:
    return _help(_("Exercises"), [
        _("Your exercises on this training central, each with its state. Choose one: its brief, its carnet and "
          "the codes its holder shows are below (type or scan them at step 1)."),
        _("F3 starts the exercise; Escape goes back to the desk to do it; F2 comes back here."),
        _("F4 finishes it and shows the verdict: the expected outcome, the points and each mistake. F5 abandons "
          "it. F6 resets it to try again (it asks first)."),
        _("F7 opens the help page to revise after a mistake. Ctrl+R loads the list again."),
    ])


def grid_help() -> Help:
    return _help(_("The class"), [
        _("Trainees down, exercises across (their numbers: the line under the grid names the chosen one). Each "
          "cell shows a mark and a letter; the legend says what they mean. The grid is reloaded by itself."),
        _("Enter on a cell shows what the trainee did on that exercise and the verdict."),
        _("F2 starts, F3 pauses, F4 resumes and F5 resets the chosen exercise for the chosen trainee; Ctrl+A "
          "switches to every trainee at once and back. A reset, and anything for every trainee, asks first."),
        _("F6 cuts the chosen trainee's link to this central (the desk works offline) or restores it."),
        _("F7 saves the end-of-class report as PDF, F8 as XLSX, in the exports folder."),
    ])


def work_help() -> Help:
    return _help(_("A trainee's work"), [
        _("The exercise, what the trainee did on its carnet, and the verdict once it is finished or abandoned. "
          "Escape goes back to the class."),
    ])


def drill_score_help() -> Help:
    return _help(_("Drill score"), [
        _("How many of the five exercises you did right, and for each mistake what was wrong and the help page "
          "to revise: F7 opens the page of the chosen exercise."),
    ])
