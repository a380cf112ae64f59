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
from reference_central import records
from reference_central.operations.base import CentralBase, office_date


class MonitoringOps(CentralBase):
    """What controllers and managers look at: transits, statistics."""

    def transits(self, account: Account, office_id: str | None) -> list[TransitView]:
        self.require(account, Permission.TRANSIT_MONITORING)
        with self.store.reading() as db:
            office = self._office_for(db, account, office_id)
            today = office_date(self.clock(), office)
            carnet_ids = {t.carnet_id for t in records.territory_transactions(db, office.territory)
                          if t.type is T.TRANSIT_OPEN}
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
            office_ids = {o.office_id for o in records.offices(db, account.region_id if bound else None)}
            counts: dict[str, int] = {}
            for tx in records.all_transactions(db):
                if tx.committed and tx.office_id in office_ids:
                    counts[tx.type.value] = counts.get(tx.type.value, 0) + 1
            holds = sum(
                len(records.holds_where(db, "office_id", office_id, True)) for office_id in office_ids
            )
            return Statistics(by_type=counts, holds_active=holds, scope=account.region_id if bound else "all")
