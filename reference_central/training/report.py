"""The end-of-class report, as a PDF and as an XLSX workbook: for each trainee, each exercise's state, when it was
started and finished, the verdict's findings in words, and the counts of correct, wrong, abandoned, in progress and
not started exercises. The XLSX has a summary sheet (trainees by exercises) and a sheet of findings.

Times are shown in the time zone of the machine that makes the report (the training central, on the trainer's
laptop), or ``zone`` when given; the report names it. Everything says TRAINING: the title, every page's header and
footer, each sheet's name and printed header and footer, the workbook's properties.

Text from outside (a trainee's name, a trainer's explanation in a finding) is written literally: control and
bidirectional characters are left out, a spreadsheet cell is text even when it starts with ``=``.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from fpdf import FontFace, XPos, YPos

from carnet_domain.training.judging import describe
from central_contract.bounds import clean
from central_contract.training import ClassTrainee, ClassView, ExerciseState, TraineeWork
from reference_central.pdf_fonts import TextPdf

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

TRAINING = "TRAINING"
TITLE = "TRAINING - end-of-class report"
FOOTER = "TRAINING - an exercise record, not valid at a real border"
STATE_WORDS = {
    ExerciseState.NOT_STARTED: "not started",
    ExerciseState.IN_PROGRESS: "in progress",
    ExerciseState.CORRECT: "correct",
    ExerciseState.WRONG: "wrong",
    ExerciseState.ABANDONED: "abandoned",
}
COUNTED = (ExerciseState.CORRECT, ExerciseState.WRONG, ExerciseState.ABANDONED, ExerciseState.IN_PROGRESS,
           ExerciseState.NOT_STARTED)
"""The summary's counts, in this order."""
MARGIN = 12.0


@dataclass(frozen=True, slots=True)
class Line:
    """One exercise of one trainee, as the report shows it."""

    exercise_id: str
    title: str
    state: ExerciseState
    paused: bool
    started_at: datetime | None
    finished_at: datetime | None
    findings: tuple[str, ...]

    @property
    def state_words(self) -> str:
        return STATE_WORDS[self.state] + (" (paused)" if self.paused else "")


@dataclass(frozen=True, slots=True)
class TraineeReport:
    trainee: ClassTrainee
    lines: tuple[Line, ...]

    @property
    def heading(self) -> str:
        return f"Trainee {self.trainee.trainee:02d}: {self.trainee.display_name} ({self.trainee.account_id})"

    def count(self, state: ExerciseState) -> int:
        return sum(1 for line in self.lines if line.state is state)

    @property
    def summary(self) -> str:
        return ", ".join(f"{self.count(state)} {STATE_WORDS[state]}" for state in COUNTED)


def trainee_reports(view: ClassView, works: Sequence[TraineeWork]) -> list[TraineeReport]:
    """Every trainee of ``view``, each with every exercise in the class's order: the state from the trainee's work
    when there is one (it holds the times and the findings), else from the grid."""
    by_cell = {(w.trainee, w.exercise.exercise_id): w for w in works}
    cells = {(c.trainee, c.exercise_id): c for c in view.cells}
    reports: list[TraineeReport] = []
    for trainee in sorted(view.trainees, key=lambda t: t.trainee):
        lines: list[Line] = []
        for exercise in view.exercises:
            work, cell = by_cell.get((trainee.trainee, exercise.exercise_id)), cells.get(
                (trainee.trainee, exercise.exercise_id))
            if work is not None:
                done = work.exercise
                paused = done.paused or bool(cell and cell.paused)
                lines.append(Line(exercise.exercise_id, exercise.title, done.state, paused, done.started_at,
                                  done.finished_at, tuple(describe(f) for f in done.findings)))
            else:
                lines.append(Line(exercise.exercise_id, exercise.title,
                                  cell.state if cell else ExerciseState.NOT_STARTED, bool(cell and cell.paused),
                                  None, None, ()))
        reports.append(TraineeReport(trainee, tuple(lines)))
    return reports


def zone_name(zone: tzinfo | None, at: datetime) -> str:
    """The zone the report's times are in, as the report names it: ``Europe/Zurich (UTC+02:00)``."""
    local = at.astimezone(zone)
    offset = local.strftime("%z")
    utc = f"UTC{offset[:3]}:{offset[3:]}" if offset else "UTC"
    name = zone.key if isinstance(zone, ZoneInfo) else local.tzname() or ""
    return f"{name} ({utc})" if name and name != utc else utc


def local(moment: datetime | None, zone: tzinfo | None) -> datetime | None:
    """``moment`` in the report's zone, without its zone (as a spreadsheet keeps times)."""
    return None if moment is None else moment.astimezone(zone).replace(tzinfo=None)


def _when(moment: datetime | None, zone: tzinfo | None) -> str:
    shown = local(moment, zone)
    return "" if shown is None else shown.strftime("%Y-%m-%d %H:%M")


# The PDF --------------------------------------------------------------------------------------------------------


class _ReportPdf(TextPdf):
    def __init__(self, subtitle: str) -> None:
        super().__init__()
        self.subtitle = subtitle
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=16)
        self.set_title(TITLE)
        self.set_subject(TRAINING)
        self.set_keywords(TRAINING)

    def header(self) -> None:
        self.use(14, "B")
        self.set_text_color(200, 0, 0)
        self.cell(0, 8, TITLE, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(0, 0, 0)
        self.use(8)
        self.cell(0, 5, self.shown(self.subtitle), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(3)

    def footer(self) -> None:
        self.set_y(-12)
        self.use(7)
        self.cell(0, 4, f"{FOOTER}  -  page {self.page_no()}/{{nb}}", align="C")


def class_report_pdf(view: ClassView, works: Sequence[TraineeWork], *, zone: tzinfo | None = None) -> bytes:
    """The report as an A4 PDF: the class's counts first, then each trainee's exercises with their findings."""
    subtitle = (f"Class as of {_when(view.as_of, zone)}; all times in {zone_name(zone, view.as_of)}. "
                f"{len(view.trainees)} trainee(s), {len(view.exercises)} exercise(s).")
    pdf = _ReportPdf(subtitle)
    pdf.add_page()
    reports = trainee_reports(view, works)
    bold = FontFace(emphasis="BOLD", fill_color=(230, 230, 230))
    pdf.use(12, "B")
    pdf.cell(0, 7, "The class", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.use(9)
    with pdf.table(col_widths=(56, 26, 26, 26, 26, 26), headings_style=bold, text_align="LEFT",
                   line_height=5) as table:
        table.row(["Trainee", *(STATE_WORDS[s] for s in COUNTED)])
        for report in reports:
            table.row([pdf.shown(f"{report.trainee.trainee:02d} {report.trainee.display_name}"),
                       *(str(report.count(s)) for s in COUNTED)])
    for report in reports:
        pdf.ln(5)
        pdf.use(12, "B")
        pdf.multi_cell(0, 6, pdf.shown(report.heading), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.use(9)
        pdf.multi_cell(0, 5, f"Summary: {report.summary}.", align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(1)
        with pdf.table(col_widths=(80, 30, 28, 28), headings_style=bold, text_align="LEFT",
                       line_height=4.5) as table:
            table.row(["Exercise", "State", "Started", "Finished"])
            for line in report.lines:
                table.row([pdf.shown(line.title), line.state_words, _when(line.started_at, zone),
                           _when(line.finished_at, zone)])
                for finding in line.findings:
                    table.row().cell(pdf.shown(f"- {finding}"), colspan=4)
    return bytes(pdf.output())


# The XLSX -------------------------------------------------------------------------------------------------------

TIME_FORMAT = "YYYY-MM-DD HH:MM"
Value = str | int | datetime | None


def class_report_xlsx(view: ClassView, works: Sequence[TraineeWork], *, zone: tzinfo | None = None) -> bytes:
    """The report as a workbook: a summary sheet (a row per trainee, a column per exercise, then the counts) and a
    sheet of findings (a row per exercise a trainee touched, and one more per further finding)."""
    from openpyxl import Workbook  # only when a report is asked for
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    reports = trainee_reports(view, works)
    about = f"Class as of {_when(view.as_of, zone)}; all times in {zone_name(zone, view.as_of)}."
    book = Workbook()
    book.properties.title = TITLE
    book.properties.subject = TRAINING
    book.properties.keywords = TRAINING
    book.properties.description = f"{TITLE}. {about}"
    book.properties.creator = "ecarnet-central"
    red = PatternFill("solid", fgColor="C80000")
    summary = book.active
    assert summary is not None
    summary.title = f"{TRAINING} Summary"
    findings = book.create_sheet(f"{TRAINING} Findings")
    headings = {
        summary.title: ["Trainee", "Account", "Name", *(e.title for e in view.exercises),
                        *(STATE_WORDS[s] for s in COUNTED)],
        findings.title: ["Trainee", "Account", "Name", "Exercise", "State", "Started", "Finished", "Finding"],
    }
    for sheet in (summary, findings):
        sheet.append([f"{TITLE}. {about}"])
        banner = sheet.cell(row=1, column=1)
        banner.font = Font(bold=True, color="FFFFFF")
        banner.fill = red
        sheet.append([_text(h) for h in headings[sheet.title]])
        for heading in sheet[2]:
            heading.font = Font(bold=True)
        sheet.freeze_panes = "A3"
        printed_header, printed_footer = sheet.oddHeader, sheet.oddFooter
        assert printed_header is not None
        assert printed_footer is not None
        printed_header.center.text = TITLE
        printed_footer.center.text = f"{FOOTER} - page &P/&N"
    for report in reports:
        trainee = report.trainee
        who: list[Value] = [trainee.trainee, _text(trainee.account_id), _text(trainee.display_name)]
        _row(summary, [*who, *(line.state_words for line in report.lines), *(report.count(s) for s in COUNTED)])
        for line in report.lines:
            if line.state is ExerciseState.NOT_STARTED:
                continue
            started, finished = local(line.started_at, zone), local(line.finished_at, zone)
            for finding in line.findings or ("",):
                _row(findings, [*who, _text(line.title), line.state_words, started, finished, _text(finding)])
    for sheet, widths in ((summary, [8, 14, 28] + [18] * (len(view.exercises) + len(COUNTED))),
                          (findings, [8, 14, 28, 36, 14, 17, 17, 90])):
        for number, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(number)].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _text(value: str) -> str:
    return clean(value)


def _row(sheet: Worksheet, values: list[Value]) -> None:
    row = sheet.max_row + 1
    for number, value in enumerate(values, start=1):
        cell = sheet.cell(row=row, column=number, value=value)
        if isinstance(value, str):
            cell.data_type = "s"  # text, even when it starts with "=": never a formula
        elif isinstance(value, datetime):
            cell.number_format = TIME_FORMAT
