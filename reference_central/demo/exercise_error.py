"""The refusal of an exercise file, naming where and what."""

from __future__ import annotations


class ExerciseFileError(ValueError):
    """An exercise file refused: ``file``, ``line`` (``None`` for the file as a whole), the exercise and the key
    concerned (when known) and ``problem``, which says what is wrong and what to do."""

    def __init__(self, file: str, line: int | None, problem: str, *, exercise: str = "", key: str = "") -> None:
        self.file, self.line, self.problem, self.exercise, self.key = file, line, problem, exercise, key
        where = f"{file}:{line}" if line is not None else file
        about = ", ".join(part for part in (exercise, f'key "{key}"' if key else "") if part)
        super().__init__(f"{where}: {about + ': ' if about else ''}{problem}")
