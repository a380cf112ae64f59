"""The world the authorisation matrix is played in: the demo organisation, a caller of every kind, and for each
route a fresh target at Genève Aéroport (territory CH, region ch-geneve) built anew for every call, so that each
allowed caller meets the same state and must succeed.

Callers: no token, a garbage token, an expired session, a revoked session, a disabled account; an officer, a
controller, a regional manager and an admin of ch-geneve, each signed in at Genève Aéroport; a controller of
another region of the same territory (ch-basel, at Basel Rheinhafen) and a controller of another territory (the
demo's ``controller.fr``, at Paris Charles de Gaulle).
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import httpx

from carnet_domain.carnet import Carnet, CarnetKind, Party, Vehicle, VehicleUse
from carnet_domain.organisation import Account, AccountKind, AccountStatus, Role
from carnet_domain.transaction_types import TransactionType as T
from reference_central import records
from reference_central.identity import records as ids
from tests.api.helpers import fresh_code
from tests.central_world import World, make_carnet, open_session

GVA, BASEL, CDG = "gva-airport", "basel-rhein", "cdg"
CREDENTIAL_FAILURES = ("none", "garbage", "expired", "revoked", "disabled")
ROLES = ("officer", "controller", "manager", "admin")
OTHERS = ("other_region", "other_territory")
CALLERS = (*CREDENTIAL_FAILURES, *ROLES, *OTHERS)
ACCOUNT_OF = {"officer": "officer.ch", "controller": "controller.ch", "manager": "manager.ch", "admin": "admin",
              "other_region": "controller.basel", "other_territory": "controller.fr", "expired": "officer.ch",
              "revoked": "officer.ch", "disabled": "officer.gone"}
TCS = Party(name="Touring Club Suisse", address="Chemin de Blandonnet 4, 1214 Vernier", country="CH")
CAR = Vehicle(vehicle_type="Passenger car", registration_country="CH", registration_number="GE 123456",
              make="Škoda Octavia", chassis_vin="TMBJJ7NE0L0123456", value=Decimal("30000"))
_serial = itertools.count(1)


@dataclass
class Call:
    """One request: path (parameters filled in), query, JSON body; ``token``: a fresh session of the caller's
    account instead of its usual one (for a call that ends the session it is made with)."""

    path: str
    query: dict[str, Any] = field(default_factory=dict)
    body: Any = None
    fresh_session: bool = False
    headers: dict[str, str] = field(default_factory=dict)
    content: bytes | None = None
    """A body that is not JSON (a spreadsheet), sent instead of ``body``."""


@dataclass
class Matrix:
    """The running central, each caller's token, and the means to build targets."""

    world: World
    tokens: dict[str, str]
    setup: httpx.Client
    """The Swiss officer at Genève Aéroport, for targets made through the API."""

    def http(self) -> httpx.Client:
        return httpx.Client(base_url=self.world.url, timeout=30)

    def token_of(self, caller: str, *, fresh: bool = False) -> str | None:
        if caller == "none":
            return None
        if fresh and caller in ACCOUNT_OF and caller not in CREDENTIAL_FAILURES:
            return open_session(self.world.store, ACCOUNT_OF[caller], self.world.clock())
        return self.tokens[caller]

    # --- targets -------------------------------------------------------------------------------------------------

    def number(self) -> str:
        return f"{next(_serial):06d}"

    def carnet(self) -> Carnet:
        """A Swiss ATA carnet, valid in the EU, validated at Genève Aéroport."""
        n = self.number()
        carnet = self.world.add_carnet(make_carnet(f"9{n}", f"CHMX{n}", home="CH", items=5))
        self.commit(carnet, T.VALIDATION)
        return carnet

    def code(self, carnet: Carnet, kind: T = T.EXPORTATION) -> str:
        code = fresh_code()
        self.world.declare(carnet, kind, code, goods_of(carnet, kind))
        return code

    def commit(self, carnet: Carnet, kind: T, client: httpx.Client | None = None, **customs: Any) -> dict[str, Any]:
        body = {"carnet_id": carnet.carnet_id, "transaction_code": self.code(carnet, kind), "type": kind.value,
                "goods": {"declared_goods": goods_of(carnet, kind)}, "customs": customs}
        answer = (client or self.setup).post("/v1/transactions", json=body,
                                             headers={"Idempotency-Key": str(uuid.uuid4())})
        assert answer.status_code == 201, answer.text
        return dict(answer.json()["transaction"])

    def hold(self) -> str:
        carnet = self.carnet()
        answer = self.setup.post("/v1/holds", json={"carnet_id": carnet.carnet_id, "step": 3, "reason": "Seal broken",
                                                    "transaction_code": self.code(carnet)})
        assert answer.status_code == 201, answer.text
        return str(answer.json()["hold_id"])

    def account(self, kind: AccountKind = AccountKind.PERSON) -> str:
        account_id = f"target.{self.number()}"
        with self.world.store.transaction() as db:
            records.put_account(db, Account(account_id=account_id, display_name="Target", role=Role.OFFICER,
                                            office_id=GVA, region_id="ch-geneve", kind=kind))
        return account_id

    def office(self, active: bool = True) -> str:
        """A new office of ch-geneve nothing names, active or not."""
        office_id = f"gva-{self.number()}"
        answer = httpx.post(f"{self.world.url}/v1/offices", json={
            "office_id": office_id, "name": "Genève Cornavin", "region_id": "ch-geneve", "timezone": "Europe/Zurich",
            "active": active}, headers={"Authorization": f"Bearer {self.tokens['admin']}"})
        assert answer.status_code == 201, answer.text
        return office_id

    def region(self) -> str:
        """A new region of territory CH with no office."""
        region_id = f"ch-{self.number()}"
        answer = httpx.post(f"{self.world.url}/v1/regions", json={
            "region_id": region_id, "name": "Ticino", "country": "CH", "territory": "CH"},
            headers={"Authorization": f"Bearer {self.tokens['admin']}"})
        assert answer.status_code == 201, answer.text
        return region_id

    def session_of_officer(self) -> str:
        token = open_session(self.world.store, "officer.ch", self.world.clock())
        with self.world.store.transaction() as db:
            return ids.session_by_token(db, token).session_id  # type: ignore[union-attr]

    def workstation(self) -> str:
        answer = httpx.post(f"{self.world.url}/v1/workstations",
                            json={"name": f"Desk {self.number()}", "office_id": GVA},
                            headers={"Authorization": f"Bearer {self.tokens['admin']}"})
        assert answer.status_code == 201, answer.text
        return str(answer.json()["workstation"]["workstation_id"])

    def shift(self) -> str:
        """The open shift at Genève Aéroport (opened now, the one before handed over)."""
        self.no_open_shift()
        opened = httpx.post(f"{self.world.url}/v1/shifts", json={"office_id": GVA},
                            headers={"Authorization": f"Bearer {self.tokens['admin']}"})
        assert opened.status_code == 201, opened.text
        return str(opened.json()["shift_id"])

    def no_open_shift(self) -> None:
        """Whatever shift is open at Genève Aéroport is handed over."""
        admin = {"Authorization": f"Bearer {self.tokens['admin']}"}
        current = httpx.get(f"{self.world.url}/v1/shifts/current", headers=admin).json()
        if current:
            httpx.post(f"{self.world.url}/v1/shifts/{current['shift_id']}/handover", json={}, headers=admin)

    def predeclaration(self, automatic: bool = False) -> str:
        body: dict[str, Any] = {"kind": "pre_notification", "office_id": GVA,
                                "arrival_at": (self.world.clock() + timedelta(hours=2)).isoformat(),
                                "carnet_kind": "ATA", "transaction_type": "importation"}
        if automatic:
            carnet = self.world.add_carnet(make_carnet(f"8{self.number()}", f"EUMX{self.number()}", home="EU"))
            body = {"kind": "automatic_transaction", "office_id": GVA, "arrival_at": body["arrival_at"],
                    "carnet": carnet.number, "transaction_code": self.code(carnet, T.IMPORTATION)}
        answer = httpx.post(f"{self.world.url}/v1/predeclarations", json=body,
                            headers={"Authorization": f"Bearer {self.tokens['admin']}"})
        assert answer.status_code == 201, answer.text
        return str(answer.json()["predeclaration_id"])

    def vehicle(self, *, entered: str | None = GVA, valid_until: date = date(2026, 12, 31),
                guarantor: Party = TCS) -> Carnet:
        """A Swiss private car's CPD (guaranteed by the TCS unless said), entered at ``entered`` 5 days ago."""
        n = self.number()
        carnet = self.world.add_carnet(make_carnet(
            f"7{n}", f"CHCPD{n}", home="CH", items=0, issue=date(2025, 7, 1), valid_until=valid_until,
            kind=CarnetKind.CPD, vehicle=CAR, vehicle_use=VehicleUse.PRIVATE, issued_by=guarantor,
            guaranteed_by=guarantor, total_value=Decimal("30000.00"), currency="CHF",
            valid_territories=("CH", "EU", "GB")))
        if entered is not None:
            now = self.world.clock()
            self.world.clock.set(now - timedelta(days=5))
            try:
                client = self.setup if entered == GVA else self.client_of(entered)
                self.commit(carnet, T.IMPORTATION, client)
            finally:
                self.world.clock.set(now)
        return carnet

    def client_of(self, office: str) -> httpx.Client:
        account = {GVA: "officer.ch", CDG: "officer.fr"}[office]
        return httpx.Client(base_url=self.world.url, headers={
            "Authorization": f"Bearer {self.world.token(account, office)}"})

    def seizure(self) -> tuple[Carnet, str]:
        carnet = self.vehicle()
        answer = self.setup.post(f"/v1/carnets/{carnet.number}/vehicle/seizures",
                                 json={"seized_by": "authorities", "seized_on": self.today().isoformat()})
        assert answer.status_code == 201, answer.text
        return carnet, str(answer.json()["seizures"][-1]["record_id"])

    def entry_of(self, carnet: Carnet) -> str:
        with self.world.store.transaction() as db:
            [entry] = [t for t in records.history(db, carnet.carnet_id) if t.type is T.IMPORTATION]
        return entry.transaction_id

    def today(self) -> date:
        return self.world.clock().date()


def goods_of(carnet: Carnet, kind: T) -> str:
    """What a declaration lists: a vehicle carnet its vehicle, "1"; an ATA carnet items 1-5; a Validation nothing."""
    return "" if kind is T.VALIDATION else "1" if carnet.kind is CarnetKind.CPD else "1-5"


def callers(world: World) -> dict[str, str]:
    """Every caller's token (but "none"'s)."""
    now = world.clock()
    with world.store.transaction() as db:
        records.put_account(db, Account(account_id="controller.basel", display_name="Controller Basel",
                                        role=Role.CONTROLLER, office_id=BASEL, region_id="ch-basel"))
        records.put_account(db, Account(account_id="officer.gone", display_name="Disabled officer", role=Role.OFFICER,
                                        office_id=GVA, region_id="ch-geneve", status=AccountStatus.DISABLED,
                                        disabled_at=now))
    tokens = {role: world.token(ACCOUNT_OF[role]) for role in ROLES}
    tokens["other_region"] = open_session(world.store, "controller.basel", now)
    tokens["other_territory"] = world.token("controller.fr")
    tokens["garbage"] = "ecs_" + "x" * 40
    tokens["disabled"] = open_session(world.store, "officer.gone", now)
    tokens["revoked"] = open_session(world.store, "officer.ch", now)
    expired = "ecs_expired_" + uuid.uuid4().hex
    with world.store.transaction() as db:
        ids.put_session(db, str(uuid.uuid4()), expired, "officer.ch", ids.SESSION, workstation_id="",
                        now=now - timedelta(days=2), expires_at=now - timedelta(days=1))
        revoked = ids.session_by_token(db, tokens["revoked"])
        assert revoked is not None
        ids.end_session(db, revoked.session_id, now, "revoked")
    tokens["expired"] = expired
    return tokens


Build = Callable[[Matrix], Call]
INTEGRATION = AccountKind.INTEGRATION
