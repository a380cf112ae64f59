"""Reporting a supervisor's queue decisions to the central's audit trail (issue 7).

The queue's own journal already holds every decision; the report is best effort. It is sent at once in a
worker; while the central cannot be reached it waits (in memory, for as long as the workstation runs) and goes
when the link is back. What goes wrong is shown to the supervisor.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from central_client.errors import CentralError, CentralUnreachable
from central_contract.models import QueueDecision, QueueDecisionReport
from ecarnet_tui.i18n import _
from ecarnet_tui.texts.problems import describe

if TYPE_CHECKING:
    from ecarnet_tui.app import EcarnetApp
    from offline_queue.items import QueuedCommit
    from offline_queue.status import SyncStatus


class DecisionReports:
    """The reports of one app, in the order the decisions were taken."""

    def __init__(self, app: EcarnetApp) -> None:
        self.app = app
        self.waiting: list[QueueDecisionReport] = []
        self._lock = asyncio.Lock()
        app.link_signal.subscribe(app, self._link_changed)

    def send(self, item: QueuedCommit, decision: QueueDecision, reason: str) -> None:
        self.waiting.append(QueueDecisionReport(
            local_ref=item.local_ref, decision=decision, reason=reason, office_id=item.office_id or None,
            carnet=item.request.carnet_id[:40], transaction_type=item.request.type, decided_at=self.app.clock(),
        ))
        self._flush()

    def _link_changed(self, status: SyncStatus) -> None:
        if status.reachable and self.waiting:
            self._flush()

    def _flush(self) -> None:
        self.app.run_worker(self._send_waiting(), group="decision-reports", exit_on_error=False)

    async def _send_waiting(self) -> None:
        async with self._lock:
            while self.waiting:
                report = self.waiting[0]
                try:
                    if self.app.connection is None:
                        raise CentralUnreachable(_("not connected"))
                    await self.app.central.report_queue_decision(report)
                except CentralUnreachable as exc:
                    self.app.notify(
                        _("The decision on {ref} is in the queue's journal but not yet in the central's audit "
                          "trail: {problem} It will be sent when the link is back.").format(
                            ref=report.local_ref, problem=describe(exc)),
                        severity="warning", markup=False, timeout=20)
                    return
                except CentralError as exc:
                    self.app.notify(
                        _("The central did not take the report of the decision on {ref}: {problem}").format(
                            ref=report.local_ref, problem=describe(exc)),
                        severity="error", markup=False, timeout=30)
                self.waiting.pop(0)


_REPORTS: WeakKeyDictionary[EcarnetApp, DecisionReports] = WeakKeyDictionary()


def reports_of(app: EcarnetApp) -> DecisionReports:
    """The app's reports, made on first use."""
    if app not in _REPORTS:
        _REPORTS[app] = DecisionReports(app)
    return _REPORTS[app]
