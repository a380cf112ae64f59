"""What controllers and managers look at: transits, statistics (a carnet's reconciliation is in the Logs,
:mod:`reference_central.operations.logs`)."""

from __future__ import annotations

from carnet_domain.organisation import (
    Account,
    Permission,
    region_bound,
)
from carnet_domain.transaction_types import TransactionType as T
from carnet_domain.transit import transits
from central_contract.models import (
    Statistics,
    TransitView,
)
from reference_central import carnet_summaries, records
from reference_central.operations.base import CentralBase, office_date


class MonitoringOps(CentralBase):
    """What controllers and managers look at: transits, statistics."""

    def transits(self, account: Account, office_id: str | None) -> list[TransitView]:
        self.require(account, Permission.TRANSIT_MONITORING)
        with self.store.reading() as db:
            office = self._office_for(db, account, office_id, working=False)
            today = office_date(self.clock(), office)
            carnet_ids = records.carnets_with(db, office.territory, T.TRANSIT_OPEN)
            views: list[TransitView] = []
            for carnet_id in sorted(carnet_ids):
                carnet = records.carnet(db, carnet_id)
                assert carnet is not None
                for transit in transits(carnet, records.history(db, carnet_id), today):
                    if transit.opened.territory == office.territory:
                        views.append(TransitView(
                            carnet_id=carnet.carnet_id, carnet_number=carnet.number, state=transit.state.value,
                            due=transit.due, opened=transit.opened, closed=transit.closed,
                            carnet_kind=carnet.kind,
                        ))
            return sorted(views, key=lambda v: v.opened.occurred_at, reverse=True)

    def statistics(self, account: Account) -> Statistics:
        self.require(account, Permission.STATISTICS)
        with self.store.reading() as db:
            bound = region_bound(account.role)
            office_ids = sorted(o.office_id for o in records.offices(db, account.region_id if bound else None))
            counts = carnet_summaries.committed_by_type(db, office_ids if bound else None)
            holds = records.count_active_holds(db, office_ids if bound else None)
            return Statistics(by_type=counts, holds_active=holds, scope=account.region_id if bound else "all")
