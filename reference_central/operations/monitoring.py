"""What controllers and managers look at: transits, statistics (a carnet's reconciliation is in the Logs,
:mod:`reference_central.operations.logs`)."""

from __future__ import annotations

from datetime import date

from carnet_domain.organisation import (
    Account,
    Permission,
    region_bound,
)
from carnet_domain.transaction_types import TransactionType as T
from carnet_domain.transit import transits
from central_contract.models import (
    MonthCount,
    OfficeCount,
    Statistics,
    ToCheckTotal,
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

    def statistics(self, account: Account, months: int = 12) -> Statistics:
        """The committed transactions per type, per office and per month over the last ``months`` months (the
        caller's office's), the active holds and the carnets to check, within the caller's scope."""
        self.require(account, Permission.STATISTICS)
        with self.store.reading() as db:
            bound = region_bound(account.role)
            offices = records.offices(db, account.region_id if bound else None)
            office_ids = sorted(o.office_id for o in offices)
            within = office_ids if bound else None
            today = office_date(self.clock(), self._office_for(db, account, None, working=False))
            window = month_window(today, months)
            by_month = carnet_summaries.committed_by_month(db, within, window[0], window[-1])
            by_office = carnet_summaries.committed_by_office(db, within)
            territories = sorted({o.territory for o in offices}) if bound else None
            return Statistics(
                by_type=carnet_summaries.committed_by_type(db, within),
                holds_active=records.count_active_holds(db, within),
                scope=account.region_id if bound else "all",
                by_office=[OfficeCount(office_id=o.office_id, name=o.name, committed=by_office.get(o.office_id, 0))
                           for o in sorted(offices, key=lambda o: (o.name.casefold(), o.office_id))],
                by_month=[MonthCount(month=m, by_type=by_month.get(m, {})) for m in window],
                to_check=[ToCheckTotal(currency=c, carnets=n, total_value=v)
                          for c, n, v in carnet_summaries.to_check(db, territories, today)],
                as_of=today,
            )


def month_window(today: date, months: int) -> list[str]:
    """The ``months`` months (``YYYY-MM``) ending with ``today``'s, the oldest first."""
    year, month = today.year, today.month
    window: list[str] = []
    for _ in range(months):
        window.append(f"{year:04d}-{month:02d}")
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return window[::-1]
