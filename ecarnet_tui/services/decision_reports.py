"""Reporting a supervisor's queue decisions to the central's audit trail (issue 7).

The queue's own journal already holds every decision; the report is best effort. It is sent at once by the
screen that took the decision (in its worker); while the central cannot be reached it waits (in memory, for as long
as the workstation runs) and goes when the link is back (the app sends what waits).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime

from central_client.errors import CentralError, CentralUnreachable
from central_client.port import CentralPort
from central_contract.models import QueueDecision, QueueDecisionReport
from ecarnet_tui.i18n import _
from ecarnet_tui.texts.problems import describe
from offline_queue.items import QueuedCommit


class DecisionReports:
    """The reports of one desk, in the order the decisions were taken."""

    def __init__(self, central: Callable[[], CentralPort | None], clock: Callable[[], datetime]) -> None:
        self._central = central
        self._clock = clock
        self.waiting: list[QueueDecisionReport] = []
        self._lock = asyncio.Lock()

    def add(self, item: QueuedCommit, decision: QueueDecision, reason: str) -> None:
        self.waiting.append(QueueDecisionReport(
            # Made where the supervisor's session works (the central's choice), whichever office the item names.
            local_ref=item.local_ref, decision=decision, reason=reason, office_id=None,
            carnet=item.request.carnet_id[:40], transaction_type=item.request.type, decided_at=self._clock(),
        ))

    async def send(self) -> list[str]:
        """Send what waits, in order; what the officer should be told (a report left waiting, or refused)."""
        told: list[str] = []
        async with self._lock:
            while self.waiting:
                report = self.waiting[0]
                central = self._central()
                try:
                    if central is None:
                        raise CentralUnreachable(_("not connected"), maybe_received=False)
                    await central.report_queue_decision(report)
                except CentralUnreachable as exc:
                    told.append(_("The decision on {ref} is in the queue's journal but not yet in the central's "
                                  "audit trail: {problem} It will be sent when the link is back.").format(
                        ref=report.local_ref, problem=describe(exc)))
                    return told
                except CentralError as exc:
                    told.append(_("The central did not take the report of the decision on {ref}: {problem}").format(
                        ref=report.local_ref, problem=describe(exc)))
                self.waiting.pop(0)
        return told
