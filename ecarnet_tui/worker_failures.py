"""A worker that fails is never silent: its error is logged with the traceback and the officer is told in words.

Textual posts :class:`~textual.worker.Worker.StateChanged` only to the node that ran the worker, so every
workstation screen passes a failure up as :class:`WorkerFailed`, and the app answers all of them in one place
(:meth:`EcarnetApp.on_worker_failed`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from textual.message import Message
from textual.worker import Worker

from ecarnet_tui.i18n import _
from ecarnet_tui.literal import printable

LOG = logging.getLogger("ecarnet")

QUIET_GROUPS = frozenset({"prepare"})
"""Work the officer never asked for (composing the next step ahead): its failure is logged, not shown; the step is
composed when it is needed instead."""


@dataclass
class WorkerFailed(Message):
    """A worker ended with an error; the app logs it and tells the officer."""

    worker: Worker[object]


def failure_text(worker: Worker[object]) -> str:
    """What the officer reads: what failed, the error itself (literally), and what to do."""
    error = worker.error
    what = f"{type(error).__name__}: {error}" if error is not None else _("unknown error")
    return _("Something went wrong ({error}). Nothing typed is lost: try again, and tell a supervisor if it happens "
             "again (the details are in the workstation's log).").format(error=printable(what)[:200])


def log_failure(worker: Worker[object]) -> None:
    error = worker.error
    LOG.error("worker %s (group %s) failed", worker.name, worker.group,
              exc_info=(type(error), error, error.__traceback__) if isinstance(error, BaseException) else None)
