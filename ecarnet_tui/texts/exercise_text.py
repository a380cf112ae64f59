"""An exercise in words for the screens of the classroom: its brief, its carnet and codes (as the central gives
them: shown literally), and once judged the verdict with the expected outcome, the points and each finding."""

from __future__ import annotations

from carnet_domain.training.judging import Done, DoneKind
from carnet_domain.transaction_types import TransactionType
from central_contract.training import ExerciseCode, ExerciseState, TraineeExercise
from ecarnet_tui.formats import labelled, local_time
from ecarnet_tui.i18n import _
from ecarnet_tui.texts.classroom import help_page_title, state_word
from ecarnet_tui.texts.findings import finding_words, record_name
from ecarnet_tui.texts.labels import type_name

JUDGED = (ExerciseState.CORRECT, ExerciseState.WRONG, ExerciseState.ABANDONED)


def code_type(code: ExerciseCode) -> str:
    """The code's transaction type as the desk names it (as the central sent it when this desk does not know it)."""
    try:
        return type_name(TransactionType(code.transaction_type))
    except ValueError:
        return code.transaction_type


def brief_lines(exercise: TraineeExercise) -> list[str]:
    """What the trainee reads before and while doing the exercise."""
    lines = [exercise.title + " — " + state_word(exercise.state, exercise.paused), "", exercise.brief, "",
             _("Carnet: {number}").format(number=exercise.carnet_number)]
    if exercise.codes:
        lines.append(_("Codes the holder shows (type or scan them at step 1):"))
    for code in exercise.codes:
        lines.append("  " + labelled(code_type(code), code.transaction_code))
        lines.append("    " + _("QR: {payload}").format(payload=code.payload))
    if exercise.offline:
        lines.append(_("Done with the desk offline: the trainer cuts your link to the central."))
    if exercise.paused:
        lines.append(_("The trainer paused this exercise: wait until it is resumed."))
    return lines


def verdict_lines(exercise: TraineeExercise) -> list[str]:
    """The verdict, once the exercise is finished or abandoned (nothing before)."""
    if exercise.state not in JUDGED:
        return []
    lines = [{
        ExerciseState.CORRECT: _("Verdict: correct."),
        ExerciseState.WRONG: _("Verdict: wrong."),
        ExerciseState.ABANDONED: _("Verdict: abandoned."),
    }[exercise.state]]
    if exercise.outcome:
        lines.append(_("Expected: {outcome}").format(outcome=exercise.outcome))
    if exercise.points:
        lines.append(_("What the trainer wants to see:"))
        lines += [f"  * {point}" for point in exercise.points]
    if exercise.findings:
        lines.append(_("What went wrong:"))
        lines += [f"  - {finding_words(finding)}" for finding in exercise.findings]
        if exercise.help:
            lines.append(_("Revise the help page «{page}» (F7 opens it).").format(page=help_page_title(exercise.help)))
    return lines


def done_line(done: Done) -> str:
    """One thing a trainee did on the exercise's carnet."""
    kind = type_name(done.type) if done.type is not None else ""
    match done.kind:
        case DoneKind.TRANSACTION:
            line = _("{type} recorded").format(type=kind)
            if done.declared:
                line += ", " + _("declared {items}").format(items=done.declared)
            if done.diverted:
                line += ", " + _("not leaving {items}").format(items=done.diverted)
            if done.cancelled:
                line += ", " + _("cancelled")
            if done.offline:
                line += ", " + _("made offline")
        case DoneKind.HOLD:
            line = _("Hold placed on the {type} code").format(type=kind) if kind else _("Hold placed")
            line += ", " + (_("released") if done.released else _("still in place"))
        case DoneKind.REJECTION:
            line = _("{type} code rejected").format(type=kind)
        case DoneKind.VEHICLE_RECORD:
            line = _("Vehicle file: {record} recorded").format(record=record_name(done.record))
    return line + (f" — «{done.text}»" if done.text else "")


def times_line(exercise: TraineeExercise) -> str:
    parts = []
    if exercise.started_at is not None:
        parts.append(_("started {time}").format(time=local_time(exercise.started_at)))
    if exercise.finished_at is not None:
        parts.append(_("ended {time}").format(time=local_time(exercise.finished_at)))
    return ", ".join(parts)
