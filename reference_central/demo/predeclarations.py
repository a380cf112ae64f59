"""The demo's pre-notifications and pre-declarations (guide lines 2699-2729), arriving relative to the date at
their office.

At Genève Aéroport: a pre-notification with no carnet details, one with its carnet, and a pre-declaration
that allows automatic transaction for the Importation demo carnet, whose declaration exists: Commit looks it
up and opens the wizard on it. At Bardonnex (same region) a CPD by road; at Paris CDG (another region) a
pre-declaration only French officers see.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from carnet_domain.carnet import Carnet
from carnet_domain.organisation import Office
from carnet_domain.predeclaration import (
    Attachment,
    MeansOfTransport,
    PreDeclaration,
    PreDeclarationKind,
    TransportMode,
)
from carnet_domain.transaction_types import TransactionType
from reference_central import predeclaration_records
from reference_central.database import Db
from reference_central.demo.carnets import Scenario
from reference_central.store import Store

K = PreDeclarationKind
PDF = "application/pdf"


@dataclass(frozen=True)
class PreSpec:
    kind: PreDeclarationKind
    office_id: str
    days_ahead: int
    hour: int
    transport_mode: TransportMode
    means: MeansOfTransport
    identification: str
    scenario: str | None = None
    """The demo carnet it names (its first declaration, for an automatic one); ``None``: no carnet details."""
    attachments: tuple[Attachment, ...] = ()


SPECS = (
    PreSpec(K.PRE_NOTIFICATION, "gva-airport", 0, 16, TransportMode.CARGO, MeansOfTransport.AIR, "LX 8120",
            attachments=(Attachment(name="packing-list.pdf", size=48213, media_type=PDF),)),
    PreSpec(K.PRE_NOTIFICATION, "gva-airport", 1, 9, TransportMode.HAND_CARRY, MeansOfTransport.AIR, "LX1234",
            scenario="exportation"),
    PreSpec(K.AUTOMATIC, "gva-airport", 0, 14, TransportMode.HAND_CARRY, MeansOfTransport.AIR, "AF1142",
            scenario="importation",
            attachments=(Attachment(name="invoice-2026-114.pdf", size=81920, media_type=PDF),
                         Attachment(name="crew-list.txt", size=412, media_type="text/plain",
                                    content="Q2Fzc2lkeSBMZWZldnJlLCBKdWxlcyBNYXJ0aW4K"))),
    PreSpec(K.PRE_NOTIFICATION, "bardonnex", 2, 11, TransportMode.HAND_CARRY, MeansOfTransport.ROAD, "LD21 XRV",
            scenario="cpd-private"),
    PreSpec(K.AUTOMATIC, "cdg", 1, 10, TransportMode.HAND_CARRY, MeansOfTransport.AIR, "AF1234",
            scenario="eu-export-exit"),
)


def seed_predeclarations(
    store: Store, db: Db, days: Mapping[str, date], offices: dict[str, Office],
    carnets: dict[str, tuple[Scenario, Carnet]], code: Callable[[str, int], str], *, only: str | None = None,
) -> None:
    """One set per trainee, each arriving relative to the date at its office (``days``, by office id):
    ``carnets`` maps a scenario's key to the trainee's carnet, and ``code(key, n)`` gives the trainee's code of
    the scenario's ``n``-th declaration. ``only``: just those naming that scenario's carnet (seeded again)."""
    for spec in SPECS:
        if only is not None and spec.scenario != only:
            continue
        office = offices[spec.office_id]
        today, zone = days[office.office_id], ZoneInfo(office.timezone)
        local = datetime.combine(today + timedelta(days=spec.days_ahead), time(spec.hour, 0), zone)
        found = carnets.get(spec.scenario) if spec.scenario else None
        carnet = found[1] if found else None
        kind: TransactionType | None = found[0].declarations[0][0] if found else None
        automatic = spec.kind is K.AUTOMATIC and carnet is not None
        predeclaration_records.put(db, PreDeclaration(
            predeclaration_id=str(store.next_number("predeclaration")), kind=spec.kind,
            office_id=office.office_id, office_name=office.name, arrival_at=local.astimezone(UTC),
            carnet_id=carnet.carnet_id if carnet else None, carnet_number=carnet.number if carnet else None,
            carnet_kind=carnet.kind if carnet else None, transaction_type=kind,
            transaction_code=code(spec.scenario, 0) if automatic and spec.scenario else None,
            transport_mode=spec.transport_mode, means_of_transport=spec.means, identification=spec.identification,
            submitted_by=carnet.holder.name if carnet else "Swiss Cargo Forwarding SA",
            submitted_at=datetime.combine(today - timedelta(days=1), time(15, 0), zone).astimezone(UTC),
            attachments=spec.attachments, training=True,
        ))
