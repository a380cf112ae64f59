"""The classroom's exercise catalogue: the shipped ``exercises/catalogue.toml`` and a trainer's own files.

A trainer edits exercises in TOML without code, one ``[[exercise]]`` table each with its ``[[exercise.expect]]``
tables (``exercises/catalogue.toml`` is the example to copy). National files extend the shipped catalogue: an
exercise whose ``id`` is already taken is refused, naming both files, so no exercise is replaced unseen.

Everything is read and checked before anything is used: a file that cannot be trusted is refused whole with
:class:`ExerciseFileError`, which names the file, the line, the exercise and the key, says what is wrong and
what to do.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from carnet_domain.training.exercise import Exercise
from reference_central.demo.exercise_checks import HELP_TOPICS, Place, exercises_of
from reference_central.demo.exercise_error import ExerciseFileError
from reference_central.demo.exercise_lines import exercise_lines

MAX_FILE_BYTES = 1_000_000
SHIPPED = "exercises/catalogue.toml"
"""The shipped catalogue, package data of :mod:`reference_central.demo`."""

__all__ = ["HELP_TOPICS", "ExerciseFileError", "load_catalogue"]


def load_catalogue(extra: Sequence[Path] = ()) -> tuple[Exercise, ...]:
    """The shipped catalogue, then each of ``extra`` in order; :class:`ExerciseFileError` if any file is refused
    (nothing is returned then)."""
    shipped = resources.files("reference_central.demo").joinpath(SHIPPED)
    loaded: list[Exercise] = []
    seen: dict[str, tuple[str, int]] = {}
    for name, data in [(f"reference_central/demo/{SHIPPED}", shipped.read_bytes()),
                       *((str(path), _read(path)) for path in extra)]:
        text = _text(name, data)
        found = _parse(name, text)
        lines = exercise_lines(text)
        for exercise, line in exercises_of(found, lines, Place(name)):
            if exercise.exercise_id in seen:
                other, other_line = seen[exercise.exercise_id]
                raise ExerciseFileError(
                    name, line, f'the id "{exercise.exercise_id}" is already taken by the exercise at '
                    f"{other}:{other_line}. Give this exercise an id of its own.",
                    exercise=f'exercise "{exercise.exercise_id}"', key="id")
            seen[exercise.exercise_id] = (name, line)
            loaded.append(exercise)
    return tuple(loaded)


def _read(path: Path) -> bytes:
    try:
        with path.open("rb") as file:
            data = file.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise ExerciseFileError(str(path), None, f"the file cannot be read ({exc.strerror or exc}). Name a file "
                                "you can read.") from exc
    if len(data) > MAX_FILE_BYTES:
        raise ExerciseFileError(str(path), None, f"the file is larger than {MAX_FILE_BYTES // 1_000_000} MB: an "
                                "exercise file is a few pages of text. Split it, or check it is the file you meant.")
    return data


def _text(name: str, data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ExerciseFileError(name, line, f"the file is not UTF-8 (byte 0x{data[exc.start]:02x}). Save the file as "
                                "UTF-8 in your editor.") from exc


def _parse(name: str, text: str) -> dict[str, object]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        said = str(exc)
        at = re.search(r"\(at line (\d+), column \d+\)", said)
        problem = re.sub(r"\s*\(at line \d+, column \d+\)|\s*\(at end of document\)", "", said)
        line = int(at.group(1)) if at else text.count("\n") + 1
        raise ExerciseFileError(name, line, f"the TOML cannot be read here ({problem}). Check the quotes, brackets and "
                                "commas on this line or the one before.") from exc
