"""The central the Logs tests read: the guide's four reconciliation cases (883-886), a carnet still valid (887),
a re-exportation with goods definitively imported (888) and a carnet transacted only in the EU (889), all
committed through the API by the demo officers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from carnet_domain.carnet import Carnet
from carnet_domain.transaction_types import TransactionType as T
from tests.api.helpers import AFTER, CH, DE, ISSUED, Journey, Step, utc
from tests.central_world import World, make_carnet

FR = "officer.fr"
LATER = date(2021, 12, 31)
"""The validity of the carnets that are still valid when the controller reads the logs (:data:`AFTER`)."""
STATUSES = {"883": "to_check", "884": "to_check", "885": "terminated", "886": "terminated", "887": "n/a",
            "888": "n/a", "889": "n/a"}
"""Every carnet's reconciliation status at :data:`AFTER`."""
ONLY_EU = "889"
ONLY_CH = "887"


@dataclass
class LogsWorld:
    carnets: dict[str, Carnet]


def extra_carnet(world: World, carnet_id: str, number: str, home: str = "CH") -> Carnet:
    return world.add_carnet(make_carnet(carnet_id, number, home=home, issue=ISSUED, valid_until=LATER))


async def build_logs(journey: Journey) -> LogsWorld:
    """Every carnet of the module's docstring, committed; the clock is left at :data:`AFTER`."""
    carnets = await journey.run_all()
    valid = extra_carnet(journey.world, "887", "CHTA00000137")
    await journey.commit(valid, Step(utc(3, 8), CH, T.VALIDATION))
    diverted = extra_carnet(journey.world, "888", "CHTA00000138")
    for step in (
        Step(utc(3, 9), CH, T.VALIDATION),
        Step(utc(3, 10), CH, T.EXPORTATION, "1-20"),
        Step(utc(3, 14), DE, T.IMPORTATION, "1-20"),
        Step(utc(5, 9), DE, T.REEXPORTATION, "1-15", diverted="16-20"),
    ):
        await journey.commit(diverted, step)
    eu = extra_carnet(journey.world, ONLY_EU, "FRTA00000139", home="EU")
    await journey.commit(eu, Step(utc(4, 11), FR, T.VALIDATION))
    journey.world.clock.set(AFTER)
    return LogsWorld({**carnets, "887": valid, "888": diverted, ONLY_EU: eu})

