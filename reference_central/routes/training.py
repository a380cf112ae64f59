"""The classroom (issue 20), on a training central only: a trainee's exercises; the trainer's grid, controls,
links and end-of-class report. A live central has no classroom: past the credential, it answers ``404 not_found``
to each."""

from importlib import import_module
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response

from central_contract.training import ClassControl, ClassView, LinkControl, TraineeExercise, TraineeWork
from reference_central.routes.dependencies import CentralDep, Who

router = APIRouter()

ExerciseId = Annotated[str, Path(min_length=1, max_length=60)]
Trainee = Annotated[int, Path(ge=1, le=50)]
REPORT = "reference_central.training.report"
"""Where the end-of-class report is built: ``class_report_pdf(view, works)`` and ``class_report_xlsx(view, works)``."""
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get("/v1/training/exercises", tags=["training"])
def exercises(central: CentralDep, who: Who) -> list[TraineeExercise]:
    return central.trainee_exercises(who)


@router.post("/v1/training/exercises/{exercise_id}/start", tags=["training"])
def start(central: CentralDep, who: Who, exercise_id: ExerciseId) -> TraineeExercise:
    return central.start_exercise(who, exercise_id)


@router.post("/v1/training/exercises/{exercise_id}/finish", tags=["training"])
def finish(central: CentralDep, who: Who, exercise_id: ExerciseId) -> TraineeExercise:
    return central.finish_exercise(who, exercise_id)


@router.post("/v1/training/exercises/{exercise_id}/abandon", tags=["training"])
def abandon(central: CentralDep, who: Who, exercise_id: ExerciseId) -> TraineeExercise:
    return central.abandon_exercise(who, exercise_id)


@router.post("/v1/training/exercises/{exercise_id}/reset", tags=["training"])
def reset(central: CentralDep, who: Who, exercise_id: ExerciseId) -> TraineeExercise:
    return central.reset_own_exercise(who, exercise_id)


@router.get("/v1/training/class", tags=["training"])
def class_view(central: CentralDep, who: Who) -> ClassView:
    return central.class_view(who)


@router.get("/v1/training/class/{trainee}/{exercise_id}", tags=["training"])
def trainee_work(central: CentralDep, who: Who, trainee: Trainee, exercise_id: ExerciseId) -> TraineeWork:
    return central.trainee_work(who, trainee, exercise_id)


@router.post("/v1/training/class/control", tags=["training"])
def control(central: CentralDep, who: Who, body: ClassControl) -> ClassView:
    return central.class_control(who, body)


@router.post("/v1/training/class/link", tags=["training"])
def link(central: CentralDep, who: Who, body: LinkControl) -> ClassView:
    return central.class_link(who, body)


@router.get("/v1/training/report", tags=["training"], response_class=Response,
            responses={200: {"content": {"application/pdf": {}, XLSX: {}}}})
def report(central: CentralDep, who: Who, format: Annotated[Literal["pdf", "xlsx"], Query()] = "pdf") -> Response:
    view, works = central.class_works(who)
    built = import_module(REPORT)  # the report's builder, loaded when a report is asked for
    if format == "xlsx":
        return Response(built.class_report_xlsx(view, works), media_type=XLSX,
                        headers={"Content-Disposition": 'attachment; filename="class-report.xlsx"'})
    return Response(built.class_report_pdf(view, works), media_type="application/pdf",
                    headers={"Content-Disposition": 'attachment; filename="class-report.pdf"'})
