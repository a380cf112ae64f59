"""The classroom's operations on a training central (docs/api.md, "The classroom"): a trainee's exercises, which it
starts, finishes (judged), abandons and resets; the trainer's grid, what one trainee did on one exercise, the
controls (start, pause, resume, reset, for one trainee or all), the links, and the end-of-class report. A live
central has none of it: ``404 not_found``."""

from __future__ import annotations

from collections.abc import Callable

from carnet_domain.organisation import Account, AccountKind, Permission
from carnet_domain.refusals import RefusalCode as R
from carnet_domain.training.exercise import Exercise
from carnet_domain.training.judging import judge
from central_contract.training import (
    ClassAction,
    ClassControl,
    ClassView,
    ExerciseState,
    LinkControl,
    TraineeExercise,
    TraineeWork,
)
from reference_central.database import Db
from reference_central.demo.seed import TRAINEES_META
from reference_central.errors import CentralError
from reference_central.operations.base import CentralBase
from reference_central.training import records as classroom
from reference_central.training.code_sets import code_set_of, trainee_account
from reference_central.training.done import done_on
from reference_central.training.records import Progress
from reference_central.training.reset import reset_exercise, scenarios_now
from reference_central.training.views import class_view, trainee_exercise


class ClassroomOps(CentralBase):
    """A trainee's exercises and the trainer's class."""

    # --- checks ---------------------------------------------------------------------------------------------

    def _classroom(self, account: Account, permission: Permission | None = None) -> None:
        if not self.training:
            raise CentralError(R.NOT_FOUND)
        if account.kind is not AccountKind.PERSON:
            raise CentralError(R.FORBIDDEN, "the classroom is for people, not integrations")
        if permission is not None:
            self.require(account, permission)

    @staticmethod
    def _exercise(db: Db, exercise_id: str) -> Exercise:
        found = classroom.exercise(db, exercise_id)
        if found is None:
            raise CentralError(R.UNKNOWN_EXERCISE, exercise_id[:60])
        return found

    @staticmethod
    def _trainees(db: Db) -> int:
        row = db.execute("SELECT value FROM meta WHERE key = ?", (TRAINEES_META,)).fetchone()
        return int(row[0]) if row is not None else 0

    def _sets(self, db: Db, trainee: int | None) -> list[int]:
        """The code sets an action for ``trainee`` (``None``: every trainee) concerns."""
        trainees = self._trainees(db)
        if trainee is None:
            return list(range(1, trainees + 1))
        if not 1 <= trainee <= trainees:
            raise CentralError(R.UNKNOWN_TRAINEE, f"trainee {trainee}; the class has {trainees}")
        return [trainee]

    # --- a trainee's exercises ------------------------------------------------------------------------------

    def trainee_exercises(self, account: Account) -> list[TraineeExercise]:
        self._classroom(account)
        code_set = code_set_of(account.account_id)
        with self.store.transaction() as db:
            return [trainee_exercise(db, e, classroom.progress(db, code_set, e.exercise_id))
                    for e in classroom.exercises(db)]

    def _changed(self, account: Account, exercise_id: str,
                 change: Callable[[Db, Exercise, Progress], None]) -> TraineeExercise:
        """Apply ``change`` to the caller's progress on the exercise, in one unit of work."""
        self._classroom(account)
        code_set = code_set_of(account.account_id)
        with self.store.transaction() as db:
            exercise = self._exercise(db, exercise_id)
            classroom.lock_progress(db, code_set, exercise.exercise_id)
            progress = classroom.progress(db, code_set, exercise.exercise_id)
            change(db, exercise, progress)
            return trainee_exercise(db, exercise, classroom.progress(db, code_set, exercise.exercise_id))

    @staticmethod
    def _workable(progress: Progress) -> None:
        if progress.finished:
            raise CentralError(R.EXERCISE_FINISHED, progress.exercise_id)
        if progress.paused:
            raise CentralError(R.EXERCISE_PAUSED, progress.exercise_id)

    def start_exercise(self, account: Account, exercise_id: str) -> TraineeExercise:
        def start(db: Db, _: Exercise, progress: Progress) -> None:
            self._workable(progress)
            self._started(db, progress)
        return self._changed(account, exercise_id, start)

    def _started(self, db: Db, progress: Progress) -> None:
        if progress.state is ExerciseState.NOT_STARTED:
            progress.state, progress.started_at = ExerciseState.IN_PROGRESS, self.clock()
            classroom.put_progress(db, progress)

    def finish_exercise(self, account: Account, exercise_id: str) -> TraineeExercise:
        return self._changed(account, exercise_id, self._judged(abandoned=False))

    def abandon_exercise(self, account: Account, exercise_id: str) -> TraineeExercise:
        return self._changed(account, exercise_id, self._judged(abandoned=True))

    def _judged(self, *, abandoned: bool) -> Callable[[Db, Exercise, Progress], None]:
        def judged(db: Db, exercise: Exercise, progress: Progress) -> None:
            self._workable(progress)
            verdict = judge(exercise, done_on(db, exercise, progress.code_set), abandoned=abandoned)
            now = self.clock()
            progress.state = ExerciseState.ABANDONED if abandoned else \
                ExerciseState.CORRECT if verdict.correct else ExerciseState.WRONG
            progress.started_at = progress.started_at or now
            progress.finished_at, progress.findings = now, list(verdict.findings)
            classroom.put_progress(db, progress)
        return judged

    def reset_own_exercise(self, account: Account, exercise_id: str) -> TraineeExercise:
        def reset(db: Db, exercise: Exercise, progress: Progress) -> None:
            now = self.clock()
            reset_exercise(self.store, db, exercise, progress.code_set, now, scenarios_now(now))
        return self._changed(account, exercise_id, reset)

    # --- the trainer's class --------------------------------------------------------------------------------

    def class_view(self, account: Account) -> ClassView:
        self._classroom(account, Permission.CLASSROOM)
        with self.store.transaction() as db:
            return class_view(db, self._trainees(db), self.clock())

    def trainee_work(self, account: Account, trainee: int, exercise_id: str) -> TraineeWork:
        self._classroom(account, Permission.CLASSROOM)
        with self.store.transaction() as db:
            [code_set] = self._sets(db, trainee)
            exercise = self._exercise(db, exercise_id)
            return self._work(db, exercise, code_set)

    @staticmethod
    def _work(db: Db, exercise: Exercise, code_set: int) -> TraineeWork:
        progress = classroom.progress(db, code_set, exercise.exercise_id)
        return TraineeWork(trainee=code_set, account_id=trainee_account(code_set),
                           exercise=trainee_exercise(db, exercise, progress),
                           done=done_on(db, exercise, code_set))

    def class_works(self, account: Account) -> tuple[ClassView, list[TraineeWork]]:
        """The grid and what every trainee did on every exercise (the end-of-class report's)."""
        self._classroom(account, Permission.CLASSROOM)
        with self.store.transaction() as db:
            trainees = self._trainees(db)
            exercises = classroom.exercises(db)
            works = [self._work(db, e, n) for n in range(1, trainees + 1) for e in exercises]
            return class_view(db, trainees, self.clock()), works

    def class_control(self, account: Account, control: ClassControl) -> ClassView:
        self._classroom(account, Permission.CLASSROOM)
        now = self.clock()
        with self.store.transaction() as db:
            exercise = self._exercise(db, control.exercise_id)
            sets = self._sets(db, control.trainee)
            scenarios = scenarios_now(now) if control.action is ClassAction.RESET else {}
            for code_set in sets:
                classroom.lock_progress(db, code_set, exercise.exercise_id)
                progress = classroom.progress(db, code_set, exercise.exercise_id)
                match control.action:
                    case ClassAction.START:
                        self._started(db, progress)
                    case ClassAction.PAUSE | ClassAction.RESUME:
                        progress.paused = control.action is ClassAction.PAUSE
                        classroom.put_progress(db, progress)
                    case ClassAction.RESET:
                        reset_exercise(self.store, db, exercise, code_set, now, scenarios)
            return class_view(db, self._trainees(db), now)

    def class_link(self, account: Account, control: LinkControl) -> ClassView:
        self._classroom(account, Permission.CLASSROOM)
        with self.store.transaction() as db:
            for code_set in self._sets(db, control.trainee):
                classroom.put_link(db, code_set, control.cut)
            return class_view(db, self._trainees(db), self.clock())
