"""A supervisor's three decisions on a queued commit the central refused: resubmit it corrected, turn it into a
hold at the central, or void it with a reason. Shared by the queue screen (Ctrl+Y) and the supervisor desk.

Each decision goes into the queue's own journal as before, then is reported to the central's audit trail
(best effort: a report the central cannot take now waits for the link).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from carnet_domain.organisation import SUPERVISOR_ROLES
from carnet_domain.refusals import WarningCode
from central_client.errors import CentralError
from central_contract.models import HoldRequest, QueueDecision
from ecarnet_tui.i18n import _
from ecarnet_tui.screens.common.workstation import WorkstationScreen
from ecarnet_tui.screens.dialogs.ask import AskDialog
from ecarnet_tui.texts.labels import queue_state_name
from ecarnet_tui.texts.problems import describe
from offline_queue.items import ItemState, QueuedCommit

REVIEWERS = SUPERVISOR_ROLES
"""Who decides on commits the central refused after an outage: the shift's supervisors. The guide has no
offline mode, so its role table has no row for this."""


def state_name(state: ItemState) -> str:
    return queue_state_name(state)


def not_reviewable(item: QueuedCommit) -> str | None:
    """Why ``item`` is not for a supervisor to decide on, or ``None`` when it is."""
    if item.state is ItemState.NEEDS_REVIEW:
        return None
    return _("Only items the central refused are reviewed; {ref} is {state}.").format(
        ref=item.local_ref, state=state_name(item.state))


class QueueDecisions:
    """The decisions, for a screen: ``say`` shows the outcome, ``reload`` redraws the list."""

    def __init__(self, screen: WorkstationScreen, say: Callable[..., None], reload: Callable[[], None]) -> None:
        self.screen = screen
        self.desk = screen.desk
        self.say = say
        self.reload = reload

    def _who(self) -> str:
        return self.desk.officer_id

    def _decided(self, item: QueuedCommit, decision: QueueDecision, reason: str) -> None:
        """Every decision: reported to the central's audit trail (best effort, see :class:`DecisionReports`) and
        the title bar's counts follow."""
        if self.desk.reports is not None:
            self.desk.reports.add(item, decision, reason)
        self.screen.post_message(self.screen.QueueChanged(report=True))
        self.reload()

    def _ask(self, question: str, then: Callable[[str], Any], value: str = "") -> None:
        def answered(text: str | None) -> None:
            if text:
                then(text)

        self.screen.app.push_screen(AskDialog(question, value=value), answered)

    def resubmit(self, item: QueuedCommit) -> None:
        def with_goods(goods: str) -> None:
            self._ask(_("Why is {ref} sent again?").format(ref=item.local_ref),
                      lambda reason: self._resubmit(item, goods, reason))

        self._ask(_("Declared goods to send for {ref} (correct them if needed):").format(ref=item.local_ref),
                  with_goods, value=item.request.goods.declared_goods)

    def _resubmit(self, item: QueuedCommit, goods: str, reason: str) -> None:
        queue = self.desk.queue
        assert queue is not None
        if item.refusal_code == "warnings_not_confirmed":  # resubmitted corrected: the findings are confirmed
            asked = set(item.findings_to_confirm) or {w.value for w in WarningCode if w.value in item.refusal_message}
            confirmed = [w for w in WarningCode if w.value in asked]
        else:
            confirmed = list(item.request.confirmed_warnings)
        corrected = item.request.model_copy(update={
            "goods": item.request.goods.model_copy(update={"declared_goods": goods.strip()}),
            "confirmed_warnings": confirmed,
        })
        new = queue.resubmit(item.seq, corrected, who=self._who(), reason=reason)
        self.desk.wake_syncer()
        self.say(_("{ref} is sent again as {new}.").format(ref=item.local_ref, new=new.local_ref), problem=False)
        self._decided(item, QueueDecision.RESUBMIT, reason)

    def hold(self, item: QueuedCommit) -> None:
        self._ask(_("Why is the carnet of {ref} put on hold?").format(ref=item.local_ref),
                  lambda reason: self.screen.run_worker(self._hold(item, reason), group="queue-hold", exclusive=True,
                                                        exit_on_error=False))

    async def _hold(self, item: QueuedCommit, reason: str) -> None:
        app = self.desk
        assert app.queue is not None
        request = HoldRequest(carnet_id=item.request.carnet_id, transaction_code=item.request.transaction_code,
                              office_id=item.office_id, step=4, reason=reason, draft={})
        try:
            await app.central.hold(request)
        except CentralError as exc:
            self.say(describe(exc))
            return
        app.queue.mark_held(item.seq, who=self._who(), reason=reason)
        self.say(_("The carnet of {ref} is on hold at the central.").format(ref=item.local_ref), problem=False)
        self._decided(item, QueueDecision.HOLD, reason)

    def void(self, item: QueuedCommit) -> None:
        self._ask(_("Why is {ref} voided? (It will never be sent.)").format(ref=item.local_ref),
                  lambda reason: self._void(item, reason))

    def _void(self, item: QueuedCommit, reason: str) -> None:
        queue = self.desk.queue
        assert queue is not None
        queue.void(item.seq, who=self._who(), reason=reason)
        self.say(_("{ref} is voided.").format(ref=item.local_ref), problem=False)
        self._decided(item, QueueDecision.VOID, reason)
