"""Vehicle carnets (CPD) for the vehicle-file tests, moved through the real central at Bardonnex (territory CH,
Europe/Zurich): a British private car (1954 convention) and a German tractor unit (1956), each entering and
leaving Switzerland by commits of the Swiss officer. A vehicle carnet has no Validation: it is used as issued.

Every step happens at 10:00 UTC (noon in Bardonnex) of the day given: the world clock is moved there first.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, cast

from carnet_domain.carnet import Carnet, CarnetKind, Party, Vehicle, VehicleUse
from carnet_domain.organisation import Account, Role
from carnet_domain.transaction import CustomsEntries, GoodsDeclaration, Transaction
from carnet_domain.transaction_types import TransactionType as T
from central_client.errors import CentralRefused
from central_client.http import HttpCentral
from central_contract.models import CarnetLog, CommitRequest
from central_contract.vehicles import ExitView, ExtensionRequest, VehicleFile
from reference_central import records
from tests.api.helpers import fresh_code, refused
from tests.central_world import World, make_carnet, open_session

BARDONNEX = "bardonnex"
DOVER = "dover"
GUARANTOR = "controller.gb"
"""A Controller at Dover: of the United Kingdom, the RAC's country, whose customs extend the car's validity."""
OFFICER, CONTROLLER = "officer.ch", "controller.ch"
"""Both are of Genève Aéroport, in the region of Bardonnex: their sessions here work at Bardonnex."""
RAC = Party(name="Royal Automobile Club", address="89 Pall Mall, London SW1Y 5HS", country="GB")
ADAC = Party(name="ADAC e.V.", address="Hansastraße 19, 80686 München", country="DE")
CAR = Vehicle(vehicle_type="Passenger car", registration_country="GB", registration_number="LD21 XRV",
              make="Land Rover Defender 110", chassis_vin="SALEA7BU2L2001234", value=Decimal("65000"))
TRUCK = Vehicle(vehicle_type="Tractor unit", registration_country="DE", registration_number="M-TR 4821",
                make="MAN TGX 18.510", chassis_vin="WMA06XZZ0NP123456", value=Decimal("98000"))
ISSUED = date(2025, 7, 1)
SHORT = date(2026, 6, 30)
"""The validity of a carnet issued on :data:`ISSUED`: one year, the day before the anniversary."""
LONG = date(2026, 12, 31)


def noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, tzinfo=UTC)


def june(day: int) -> date:
    return date(2026, 6, day)


def july(day: int) -> date:
    return date(2026, 7, day)


@dataclass
class Road:
    """The world, its officers and supervisors as clients, and the commits of a vehicle's passages."""

    world: World
    clients: dict[str, HttpCentral] = field(default_factory=dict)

    def client(self, account: str = OFFICER) -> HttpCentral:
        if account not in self.clients:
            self.clients[account] = self.world.client(account, BARDONNEX)
        return self.clients[account]

    @property
    def officer(self) -> HttpCentral:
        return self.client(OFFICER)

    @property
    def controller(self) -> HttpCentral:
        return self.client(CONTROLLER)

    @property
    def guarantor(self) -> HttpCentral:
        """:data:`GUARANTOR`, signed in at Dover (the account is made on first use)."""
        if GUARANTOR not in self.clients:
            with self.world.store.transaction() as db:
                records.put_account(db, Account(account_id=GUARANTOR, display_name="Controller GB",
                                                role=Role.CONTROLLER, office_id=DOVER, region_id="gb-kent"))
            self.world.tokens[GUARANTOR] = open_session(self.world.store, GUARANTOR, self.world.clock())
            self.clients[GUARANTOR] = self.world.client(GUARANTOR)
        return self.clients[GUARANTOR]

    def on(self, day: date) -> None:
        self.world.clock.set(noon(day))

    def private(self, carnet_id: str, *, valid_until: date = LONG, single_journey: bool = False) -> Carnet:
        """A British private car's CPD, valid in Switzerland and the EU."""
        return self.world.add_carnet(make_carnet(
            carnet_id, f"GBCPD{carnet_id}", home="GB", items=0, issue=ISSUED, valid_until=valid_until,
            kind=CarnetKind.CPD, vehicle=CAR, vehicle_use=VehicleUse.PRIVATE, single_journey=single_journey,
            issued_by=RAC, guaranteed_by=RAC, total_value=Decimal("65000.00"), currency="GBP",
            valid_territories=("CH", "EU"),
        ))

    def commercial(self, carnet_id: str, *, valid_until: date = LONG) -> Carnet:
        """A German tractor unit's CPD, valid in Switzerland and the United Kingdom."""
        return self.world.add_carnet(make_carnet(
            carnet_id, f"DECPD{carnet_id}", home="EU", items=0, issue=ISSUED, valid_until=valid_until,
            kind=CarnetKind.CPD, vehicle=TRUCK, vehicle_use=VehicleUse.COMMERCIAL, issued_by=ADAC,
            guaranteed_by=ADAC, total_value=Decimal("98000.00"), currency="EUR", valid_territories=("CH", "GB"),
        ))

    def request(self, carnet: Carnet, kind: T, *, final_date: date | None = None, explanation: str = "",
                office_id: str | None = BARDONNEX) -> CommitRequest:
        code = fresh_code()
        declared = "1"
        self.world.declare(carnet, kind, code, declared)
        return CommitRequest(
            carnet_id=carnet.carnet_id, transaction_code=code, type=kind, office_id=office_id,
            goods=GoodsDeclaration(declared_goods=declared),
            customs=CustomsEntries(final_date=final_date, delay_explanation=explanation),
        )

    async def commit(self, client: HttpCentral, request: CommitRequest) -> Transaction:
        return (await client.commit(request, str(uuid.uuid4()))).transaction

    async def enter(self, carnet: Carnet, day: date, final_date: date | None = None) -> Transaction:
        """An Importation into Switzerland at Bardonnex on ``day`` with the final date D."""
        self.on(day)
        return await self.commit(self.officer, self.request(carnet, T.IMPORTATION, final_date=final_date))

    async def leave(self, carnet: Carnet, day: date, explanation: str = "") -> Transaction:
        """A Re-exportation from Switzerland at Bardonnex on ``day``, with the delay's explanation."""
        self.on(day)
        return await self.commit(self.officer, self.request(carnet, T.REEXPORTATION, explanation=explanation))

    async def refused_passage(self, carnet: Carnet, kind: T, day: date, code: str = "cpd_rule",
                              final_date: date | None = None) -> CentralRefused:
        self.on(day)
        return await refused(self.commit(self.officer, self.request(carnet, kind, final_date=final_date)), code)

    async def file(self, carnet: Carnet, account: str = OFFICER) -> VehicleFile:
        return await self.client(account).vehicle_file(carnet.number, BARDONNEX)

    async def log(self, carnet: Carnet) -> CarnetLog:
        page = await self.controller.carnet_logs()
        [row] = [log for log in page.items if log.carnet_id == carnet.carnet_id]
        return row


def decisions(refusal: CentralRefused) -> list[dict[str, Any]]:
    """The decisions of a ``cpd_rule`` refusal: ``reason``, ``citation``, ``figures``."""
    return cast(list[dict[str, Any]], refusal.extra["decisions"])


def reasons(refusal: CentralRefused) -> list[str]:
    """The reasons of a ``cpd_rule`` refusal's decisions, in order."""
    return [d["reason"] for d in decisions(refusal)]


def decision(refusal: CentralRefused, reason: str) -> dict[str, Any]:
    [found] = [d for d in decisions(refusal) if d["reason"] == reason]
    return found


def only_exit(file: VehicleFile) -> ExitView:
    [view] = file.exits
    return view


def extension(until: date, **extra: Any) -> ExtensionRequest:
    """Asked for by the RAC on 10 June 2026, granted by the customs of its country (GB) on 12 June."""
    fields: dict[str, Any] = dict(requested_on=june(10), requested_until=until, granted_until=until,
                                  authority="HM Revenue & Customs, Dover", country="GB", granted_on=june(12))
    fields.update(extra)
    return ExtensionRequest.model_validate(fields)
