"""Step 3's judgement of a vehicle's passage, from the vehicle file the lookup brought: the entry (single
journey, already inside, validity with its extension) or the exit (an open entry, and how timely it is
against D with the seizures by the authorities). The central makes the same checks at the commit.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from carnet_domain.cpd.decision import CpdReason, Decision, Verdict
from carnet_domain.cpd.driver import check_driver
from carnet_domain.cpd.passages import check_entry, check_exit, open_entry
from carnet_domain.cpd.records import timing_of_exit
from carnet_domain.transaction_types import TransactionType
from ecarnet_tui.services.draft import Draft

R = CpdReason


@dataclass(frozen=True, slots=True)
class PassageJudgement:
    decisions: tuple[Decision, ...]
    """What the passage rules found; a refused one stops the transaction."""
    timing: Decision | None = None
    """An exit's timing (EXIT_TIMELY, EXIT_LATE_EXPLAINED, EXIT_LATE_UNEXPLAINED, EXIT_LATE)."""

    @property
    def refused(self) -> tuple[Decision, ...]:
        return tuple(d for d in self.decisions if d.verdict is Verdict.REFUSE)

    @property
    def within_grace(self) -> bool:
        """Late by 1 to 14 days: a satisfactory explanation makes the exit timely."""
        return self.timing is not None and self.timing.reason in (R.EXIT_LATE_EXPLAINED, R.EXIT_LATE_UNEXPLAINED)

    @property
    def flagged(self) -> bool:
        return self.timing is not None and self.timing.verdict is Verdict.FLAG


def judge_passage(
    draft: Draft, territory: str, explanation: str = "", countries: Collection[str] = ()
) -> PassageJudgement | None:
    """The entry's or exit's findings; ``None`` when the lookup has no vehicle file (checked offline).
    ``countries``: the territory's member countries, where the holder of a private vehicle may not reside
    (1954 art. 2.1)."""
    file = draft.lookup.vehicle_file
    if file is None:
        return None
    records = file.records
    carnet, on, passages = draft.carnet, draft.office_date, file.passages
    extension, settled = records.granted, records.settled
    if draft.kind is TransactionType.IMPORTATION:
        holder = [d for d in check_driver(carnet, on=on, territory_countries=countries or (territory,)) if d.refused]
        return PassageJudgement((*holder, *check_entry(carnet, passages, territory=territory, on=on,
                                                       single_journey=carnet.single_journey,
                                                       extension=extension, settled=settled)))
    decision = check_exit(carnet, passages, territory=territory, on=on, extension=extension, settled=settled)
    entry = open_entry(passages, territory, settled)
    if decision.refused or entry is None:
        return PassageJudgement((decision,))
    return PassageJudgement((decision,), timing_of_exit(carnet, entry, records, on, explanation))
