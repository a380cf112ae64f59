"""What the classroom's routes answer, built from the records: an exercise as one code set sees it, and the trainer's
grid. The expected outcome, the points and the findings are given only once the exercise is finished."""

from __future__ import annotations

from datetime import datetime

from carnet_domain.payload import TransactionPayload
from carnet_domain.training.exercise import Exercise
from central_contract.training import (
    ClassCell,
    ClassExercise,
    ClassTrainee,
    ClassView,
    ExerciseCode,
    TraineeExercise,
)
from reference_central import records
from reference_central.database import Db
from reference_central.training import records as classroom
from reference_central.training.code_sets import trainee_account
from reference_central.training.done import exercise_carnet, exercise_codes
from reference_central.training.records import Progress


def trainee_exercise(db: Db, exercise: Exercise, progress: Progress) -> TraineeExercise:
    carnet_id = exercise_carnet(exercise, progress.code_set)
    carnet = records.carnet(db, carnet_id)
    codes: list[ExerciseCode] = []
    for code in exercise_codes(exercise, progress.code_set):
        found = records.declaration(db, carnet_id, code)
        if found is not None:
            codes.append(ExerciseCode(
                transaction_type=found[0].type.value, transaction_code=code,
                payload=TransactionPayload(carnet_id, code, training=True).encode()))
    judged = progress.finished
    return TraineeExercise(
        exercise_id=exercise.exercise_id, title=exercise.title, brief=exercise.brief, help=exercise.help,
        offline=exercise.offline, carnet_number=carnet.number if carnet is not None else "", codes=codes,
        state=progress.state, paused=progress.paused, started_at=progress.started_at,
        finished_at=progress.finished_at, outcome=exercise.outcome if judged else "",
        points=list(exercise.points) if judged else [], findings=list(progress.findings) if judged else [],
    )


def class_view(db: Db, trainees: int, now: datetime) -> ClassView:
    """Every trainee (1..``trainees``) by every exercise."""
    exercises = classroom.exercises(db)
    progress = classroom.all_progress(db)
    cut = classroom.cut_links(db)
    people: list[ClassTrainee] = []
    for n in range(1, trainees + 1):
        account = records.account(db, trainee_account(n))
        people.append(ClassTrainee(trainee=n, account_id=trainee_account(n),
                                   display_name=account.display_name if account else trainee_account(n),
                                   link_cut=n in cut))
    cells = [
        ClassCell(trainee=n, exercise_id=e.exercise_id, state=p.state, paused=p.paused)
        for n in range(1, trainees + 1) for e in exercises
        for p in (progress.get((n, e.exercise_id)) or Progress(n, e.exercise_id),)
    ]
    return ClassView(trainees=people, exercises=[ClassExercise(exercise_id=e.exercise_id, title=e.title)
                                                 for e in exercises], cells=cells, as_of=now)
