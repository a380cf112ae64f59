"""The end-of-class report: three trainees (one correct, one wrong with findings, one who abandoned), read back from
the PDF's text and the workbook's cells."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from carnet_domain.training.judging import Done, DoneKind, Finding, describe
from carnet_domain.transaction_types import TransactionType as T
from central_contract.training import (
    ClassCell,
    ClassExercise,
    ClassTrainee,
    ClassView,
    ExerciseState,
    TraineeExercise,
    TraineeWork,
)
from reference_central.pdf_fonts import FONT_DIR_VARIABLE
from reference_central.training.report import class_report_pdf, class_report_xlsx

ZURICH = ZoneInfo("Europe/Zurich")
AS_OF = datetime(2025, 6, 12, 14, 30, tzinfo=UTC)
EXPIRED = ClassExercise(exercise_id="expired-import", title="Importation on an expired carnet")
SEAL = ClassExercise(exercise_id="broken-seal", title="A broken seal at re-exportation")
WRONG_FINDINGS = [
    Finding(code="undeclared_items", type=T.IMPORTATION, items="4-5"),
    Finding(code="words_missing", type=T.IMPORTATION, words=("expired",),
            why="=HYPERLINK(\"x\") The carnet \u202eexpired\u202c\x1b[31m last week."),
]
CLEAN_WHY = '=HYPERLINK("x") The carnet expired[31m last week.'


def _exercise(base: ClassExercise, state: ExerciseState, started: datetime | None = None,
              finished: datetime | None = None, findings: list[Finding] | None = None) -> TraineeExercise:
    return TraineeExercise(exercise_id=base.exercise_id, title=base.title, brief="A holder arrives.",
                           carnet_number="CH-2025-0001T01", codes=[], state=state, started_at=started,
                           finished_at=finished, findings=findings or [])


def _class() -> tuple[ClassView, list[TraineeWork]]:
    trainees = [ClassTrainee(trainee=1, account_id="trainee01", display_name="Zoë Müller"),
                ClassTrainee(trainee=2, account_id="trainee02", display_name="Ольга Ивановa\u202e\x07"),
                ClassTrainee(trainee=3, account_id="trainee03", display_name="Trainee Three")]
    expired, seal = EXPIRED.exercise_id, SEAL.exercise_id
    states = {(1, expired): ExerciseState.CORRECT, (2, expired): ExerciseState.WRONG,
              (3, expired): ExerciseState.ABANDONED, (1, seal): ExerciseState.IN_PROGRESS,
              (2, seal): ExerciseState.NOT_STARTED, (3, seal): ExerciseState.NOT_STARTED}
    cells = [ClassCell(trainee=n, exercise_id=e, state=s, paused=(n, e) == (1, seal))
             for (n, e), s in states.items()]
    view = ClassView(trainees=trainees, exercises=[EXPIRED, SEAL], cells=cells, as_of=AS_OF)
    started = datetime(2025, 6, 12, 8, 5, tzinfo=UTC)  # 10:05 in Zürich
    finished = datetime(2025, 6, 12, 8, 41, tzinfo=UTC)  # 10:41
    done = [Done(kind=DoneKind.TRANSACTION, type=T.IMPORTATION, declared="1-5")]
    works = [
        TraineeWork(trainee=1, account_id="trainee01", done=done,
                    exercise=_exercise(EXPIRED, ExerciseState.CORRECT, started, finished)),
        TraineeWork(trainee=1, account_id="trainee01", done=[],
                    exercise=_exercise(SEAL, ExerciseState.IN_PROGRESS, started)),
        TraineeWork(trainee=2, account_id="trainee02", done=done,
                    exercise=_exercise(EXPIRED, ExerciseState.WRONG, started, finished, WRONG_FINDINGS)),
        TraineeWork(trainee=3, account_id="trainee03", done=[],
                    exercise=_exercise(EXPIRED, ExerciseState.ABANDONED, started, finished,
                                       [Finding(code="abandoned")])),
    ]
    return view, works


def _pdf_text(pdf: bytes) -> tuple[PdfReader, list[str]]:
    reader = PdfReader(io.BytesIO(pdf))
    return reader, [page.extract_text() for page in reader.pages]


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_the_pdf_holds_each_trainees_states_times_findings_and_counts() -> None:
    view, works = _class()
    reader, pages = _pdf_text(class_report_pdf(view, works, zone=ZURICH))
    text = _flat(" ".join(pages))
    assert reader.metadata is not None and reader.metadata.title == "TRAINING - end-of-class report"
    assert "all times in Europe/Zurich (UTC+02:00)" in text
    assert "Class as of 2025-06-12 16:30" in text
    assert "Trainee 01: Zoë Müller (trainee01)" in text
    assert "Trainee 02: Ольга Ивановa (trainee02)" in text  # literally, without the bidi override or the bell
    assert "\u202e" not in text and "\x07" not in text and "\x1b" not in text
    assert "Summary: 1 correct, 0 wrong, 0 abandoned, 1 in progress, 0 not started." in text
    assert "Summary: 0 correct, 1 wrong, 0 abandoned, 0 in progress, 1 not started." in text
    assert "Summary: 0 correct, 0 wrong, 1 abandoned, 0 in progress, 1 not started." in text
    assert "Importation on an expired carnet correct 2025-06-12 10:05 2025-06-12 10:41" in text
    assert "A broken seal at re-exportation in progress (paused) 2025-06-12 10:05" in text
    assert "- Your importation records goods the holder did not declare: items 4-5." in text
    assert f"- What you wrote does not say why: it should name “expired”. {CLEAN_WHY}" in text
    assert "- You abandoned the exercise before finishing it." in text
    for page in pages:
        flat = _flat(page)
        assert flat.startswith("TRAINING - end-of-class report"), flat[:80]
        assert f"TRAINING - an exercise record, not valid at a real border - page {pages.index(page) + 1}/" in flat


def test_a_long_class_runs_over_pages_each_marked_training() -> None:
    view, works = _class()
    many = [ClassTrainee(trainee=n, account_id=f"trainee{n:02d}", display_name=f"Trainee {n}") for n in range(1, 51)]
    _reader, pages = _pdf_text(class_report_pdf(view.model_copy(update={"trainees": many}), works, zone=ZURICH))
    assert len(pages) > 3
    for number, page in enumerate(pages, start=1):
        flat = _flat(page)
        assert flat.startswith("TRAINING - end-of-class report")
        assert f"not valid at a real border - page {number}/{len(pages)}" in flat


def test_without_dejavu_the_core_font_writes_what_it_cannot_print_as_escapes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(FONT_DIR_VARIABLE, str(tmp_path))
    monkeypatch.setattr("reference_central.pdf_fonts.FONT_DIRS", ())
    view, works = _class()
    _reader, pages = _pdf_text(class_report_pdf(view, works, zone=ZURICH))
    text = _flat(" ".join(pages))
    assert "Trainee 01: Zoë Müller (trainee01)" in text  # Latin-1 prints as typed
    assert "Trainee 02: \\u041e\\u043b" in text
    assert "\\u201cexpired\\u201d" in text


def test_the_workbook_has_a_grid_and_the_findings_all_marked_training() -> None:
    view, works = _class()
    book = load_workbook(io.BytesIO(class_report_xlsx(view, works, zone=ZURICH)))
    assert book.sheetnames == ["TRAINING Summary", "TRAINING Findings"]
    assert book.properties.title == "TRAINING - end-of-class report"
    assert book.properties.subject == "TRAINING" and book.properties.keywords == "TRAINING"
    assert "Europe/Zurich (UTC+02:00)" in str(book.properties.description)
    summary, findings = book["TRAINING Summary"], book["TRAINING Findings"]
    for sheet in (summary, findings):
        assert str(sheet["A1"].value).startswith("TRAINING - end-of-class report. Class as of 2025-06-12 16:30; "
                                                  "all times in Europe/Zurich (UTC+02:00).")
        printed_header, printed_footer = sheet.oddHeader, sheet.oddFooter
        assert printed_header is not None
        assert printed_footer is not None
        assert printed_header.center.text == "TRAINING - end-of-class report"
        assert str(printed_footer.center.text).startswith("TRAINING")
    grid = [[c.value for c in row] for row in summary.iter_rows(min_row=2)]
    assert grid == [
        ["Trainee", "Account", "Name", EXPIRED.title, SEAL.title,
         "correct", "wrong", "abandoned", "in progress", "not started"],
        [1, "trainee01", "Zoë Müller", "correct", "in progress (paused)", 1, 0, 0, 1, 0],
        [2, "trainee02", "Ольга Ивановa", "wrong", "not started", 0, 1, 0, 0, 1],
        [3, "trainee03", "Trainee Three", "abandoned", "not started", 0, 0, 1, 0, 1],
    ]
    rows = [[c.value for c in row] for row in findings.iter_rows(min_row=2)]
    at_10_05, at_10_41 = datetime(2025, 6, 12, 10, 5), datetime(2025, 6, 12, 10, 41)
    assert rows == [
        ["Trainee", "Account", "Name", "Exercise", "State", "Started", "Finished", "Finding"],
        [1, "trainee01", "Zoë Müller", EXPIRED.title, "correct", at_10_05, at_10_41, None],
        [1, "trainee01", "Zoë Müller", SEAL.title, "in progress (paused)", at_10_05, None, None],
        [2, "trainee02", "Ольга Ивановa", EXPIRED.title, "wrong", at_10_05, at_10_41, describe(WRONG_FINDINGS[0])],
        [2, "trainee02", "Ольга Ивановa", EXPIRED.title, "wrong", at_10_05, at_10_41,
         f"What you wrote does not say why: it should name “expired”. {CLEAN_WHY}"],
        [3, "trainee03", "Trainee Three", EXPIRED.title, "abandoned", at_10_05, at_10_41,
         "You abandoned the exercise before finishing it."],
    ]
    why = findings.cell(row=6, column=8)
    assert why.data_type == "s"  # a trainer's text starting with "=" stays text
    assert findings.cell(row=3, column=6).number_format == "YYYY-MM-DD HH:MM"


def test_times_are_in_the_machines_zone_unless_one_is_given() -> None:
    view, works = _class()
    book = load_workbook(io.BytesIO(class_report_xlsx(view, works)))
    local = AS_OF.astimezone()
    assert f"Class as of {local:%Y-%m-%d %H:%M}; all times in " in str(book["TRAINING Summary"]["A1"].value)
    started = book["TRAINING Findings"].cell(row=3, column=6).value
    assert started == works[0].exercise.started_at.astimezone().replace(tzinfo=None)  # type: ignore[union-attr]
