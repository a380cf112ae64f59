"""The demo carnets: one scenario for each thing a trainee must meet at the desk.

Dates are relative to ``today`` so the demo never goes stale: the date at the office a scenario is processed
at (``Scenario.office_id``), on whose calendar the central judges it; the seed builds each scenario on its
office's date (:func:`reference_central.demo.seed.seeded_scenarios`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from carnet_domain.carnet import (
    Carnet,
    CarnetKind,
    GeneralListItem,
    OrderType,
    PaperTwin,
    Party,
    Vehicle,
    VehicleUse,
)
from carnet_domain.transaction import GoodsDeclaration
from carnet_domain.transaction_types import TransactionType as T

if TYPE_CHECKING:
    from reference_central.demo.vehicles import OnFile

CCI_GENEVE = Party(name="Chambre de commerce, d'industrie et des services de Genève",
                   address="Boulevard du Théâtre 4, 1204 Genève", country="CH")
CCI_PARIS = Party(name="CCI Paris Île-de-France", address="2 place de la Bourse, 75002 Paris", country="FR")
DIHK = Party(name="Deutsche Industrie- und Handelskammer", address="Breite Straße 29, 10178 Berlin",
             country="DE")
CCIAA_MILANO = Party(name="Camera di Commercio di Milano", address="Via Meravigli 9/b, 20123 Milano",
                     country="IT")
RAC = Party(name="Royal Automobile Club", address="89 Pall Mall, London SW1Y 5HS", country="GB")
ADAC = Party(name="ADAC e.V.", address="Hansastraße 19, 80686 München", country="DE")
ITO = Party(name="Istanbul Chamber of Commerce", address="Reşadiye Cad. 34112 Eminönü, İstanbul",
            country="TR")

BOX_P_WIDE = ("CH", "EU", "GB", "NO", "RE", "TR")


@dataclass(frozen=True)
class Past:
    """A transaction already in the carnet's history when the demo starts."""

    kind: T
    days_ago: int
    office_id: str
    declared: str = ""
    diverted: str = ""
    final_in_days: int | None = None


@dataclass(frozen=True)
class HoldSpec:
    office_id: str
    declaration: int
    step: int
    reason: str
    days_ago: int = 0


@dataclass(frozen=True)
class Scenario:
    key: str
    label: str
    office_id: str
    """Where a trainee processes the declarations."""
    carnet: Carnet
    declarations: tuple[tuple[T, GoodsDeclaration], ...]
    history: tuple[Past, ...] = ()
    hold: HoldSpec | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)
    vehicle_records: tuple[OnFile, ...] = ()
    """A CPD's seizures and extension already on its vehicle file (:mod:`reference_central.demo.vehicles`)."""


def _items(rows: list[tuple[int, str, str, str]]) -> tuple[GeneralListItem, ...]:
    return tuple(
        GeneralListItem(item_no=n, pieces=pieces, description=desc, origin_country=origin, value=Decimal(value))
        for n, (pieces, desc, origin, value) in enumerate(rows, start=1)
    )


def mini_pcs() -> tuple[GeneralListItem, ...]:
    """The thirteen items of the guide's own example (lines 1930-1945)."""
    rows = [(1, f"Mini PC Celeron G85C444P2203{n:04d}", "CN", "150.00") for n in (46, 44, 40, 34, 434, 33,
                                                                                     444, 57, 406, 5)]
    rows += [(1, "DL-1021 WLAN Router", "TW", "35.00"), (1, "Portable Monitor 15.6 inch", "CN", "100.00"),
             (1, "Switch 8 ports 571M2791C81014", "CN", "50.00")]
    return _items(rows)


def _total(items: tuple[GeneralListItem, ...]) -> Decimal:
    return sum((i.value for i in items), Decimal("0.00"))


def _holder(name: str, country: str) -> Party:
    return Party(name=name, address=f"Demo street 1, {country}", country=country)


def ata(
    carnet_id: str,
    number: str,
    home: str,
    issuer: Party,
    holder: Party,
    items: tuple[GeneralListItem, ...],
    today: date,
    *,
    issued_days_ago: int = 30,
    valid_days: int = 365,
    use: str = "Professional equipment",
    **extra: object,
) -> Carnet:
    issued = today - timedelta(days=issued_days_ago)
    fields: dict[str, object] = dict(
        carnet_id=carnet_id, number=number, kind=CarnetKind.ATA, holder=holder,
        representatives=(Party(name=f"Representative of {holder.name}", country=holder.country),),
        issued_by=issuer, guaranteed_by=issuer, issue_date=issued,
        valid_until=issued + timedelta(days=valid_days - 1), intended_use=use, total_value=_total(items),
        currency="CHF" if home == "CH" else "GBP" if home == "GB" else "EUR",
        home_territory=home, valid_territories=tuple(t for t in BOX_P_WIDE if t != home), items=items,
    )
    fields.update(extra)
    return Carnet.model_validate(fields)


def goods(declared: str, **extra: str) -> GoodsDeclaration:
    return GoodsDeclaration(declared_goods=declared, means_of_transport=extra.pop("means", "Air"), **extra)


def scenarios(today: date) -> list[Scenario]:
    """Every scenario, all with ``today`` as their office's date (the seed picks each from its office's list)."""
    from reference_central.demo.overseas import overseas_scenarios  # they build on this module
    from reference_central.demo.vehicles import vehicle_scenarios

    lighting = _items([(1, f"LED PAR 18x10W stage light, serial LP-{n:06d}", "DE", "240.00")
                       for n in range(1, 1001)])
    film = _items([(1, "Cinema camera body ARRI Alexa Mini", "DE", "42000.00"),
                   (3, "Prime lens set", "JP", "18000.00"), (1, "Tripod with fluid head", "IT", "3200.00"),
                   (2, "Battery kit", "CN", "900.00"), (1, "Field monitor 7 inch", "US", "1500.00")])
    instruments = _items([(1, "Concert grand piano Steinway D", "DE", "150000.00"),
                          (1, "Double bass", "CZ", "18000.00"), (2, "Timpani", "NL", "12000.00"),
                          (1, "Harp", "US", "24000.00")])
    samples = _items([(10, "Watch samples, steel", "CH", "1200.00"), (5, "Watch samples, gold", "CH", "8000.00"),
                      (1, "Display case", "CH", "400.00")])
    cpd_private = Vehicle(vehicle_type="Passenger car", registration_country="GB", registration_number="LD21 XRV",
                          make="Land Rover Defender 110", chassis_vin="SALEA7BU2L2001234",
                          engine_number="306DT-0045123", cylinders=6, power_kw=221, body="Station wagon",
                          colour="Green", seats_or_payload="5 seats", spare_tyres=1,
                          radio_accessories="Radio, roof tent, winch", net_weight_kg=2323, value=Decimal("65000"))
    cpd_truck = Vehicle(vehicle_type="Tractor unit", registration_country="DE", registration_number="M-TR 4821",
                        make="MAN TGX 18.510", chassis_vin="WMA06XZZ0NP123456", engine_number="D2676-77881",
                        cylinders=6, power_kw=375, body="Tractor", colour="White",
                        seats_or_payload="18 t payload", spare_tyres=1, radio_accessories="CB radio",
                        net_weight_kg=7900, value=Decimal("98000"))
    holder_ch = _holder("Léman Events SA", "CH")
    holder_fr = _holder("Ciné Paris Productions SARL", "FR")
    holder_de = _holder("Bühnentechnik München GmbH", "DE")
    validated_ch = (Past(T.VALIDATION, 2, "gva-airport", "1-13"),)
    exported_fr = (Past(T.VALIDATION, 4, "cdg", "1-5"), Past(T.PRE_EXPORTATION, 3, "cdg", "1-5"),
                   Past(T.EXPORTATION, 3, "cdg", "1-5"))

    return [
        Scenario("validation", "Validation of a new carnet", "gva-airport",
                 ata("120001", "CHDEMO260001", "CH", CCI_GENEVE, holder_ch, mini_pcs(), today),
                 ((T.VALIDATION, goods("1-13")),)),
        Scenario("exportation", "Exportation of a validated carnet", "gva-airport",
                 ata("120002", "CHDEMO260002", "CH", CCI_GENEVE, holder_ch, mini_pcs(), today),
                 ((T.EXPORTATION, goods("1-13", packaging_details="3 cases")),), validated_ch),
        Scenario("importation", "Importation of a carnet exported from the EU", "gva-airport",
                 ata("120003", "FRDEMO260003", "EU", CCI_PARIS, holder_fr, film, today, use="Film production"),
                 ((T.IMPORTATION, goods("1-5", place_of_use="Studios de Genève, Plan-les-Ouates")),),
                 exported_fr),
        Scenario("reexportation", "Re-exportation of goods imported three weeks ago", "gva-airport",
                 ata("120004", "FRDEMO260004", "EU", CCI_PARIS, holder_fr, film, today, issued_days_ago=25),
                 ((T.REEXPORTATION, goods("1-4", diverted_goods="5",
                                          holder_remarks="Monitor sold to a Geneva studio")),),
                 (Past(T.VALIDATION, 21, "cdg", "1-5"), Past(T.PRE_EXPORTATION, 20, "cdg", "1-5"),
                  Past(T.EXPORTATION, 20, "cdg", "1-5"), Past(T.IMPORTATION, 19, "gva-airport", "1-5", "", 300))),
        Scenario("reimportation", "Re-importation after a tour in the EU", "gva-airport",
                 ata("120005", "CHDEMO260005", "CH", CCI_GENEVE, holder_ch, instruments, today,
                     issued_days_ago=45, use="Concerts"),
                 ((T.REIMPORTATION, goods("1-4", means="Road")),),
                 (Past(T.VALIDATION, 41, "gva-airport", "1-4"), Past(T.EXPORTATION, 40, "bardonnex", "1-4"),
                  Past(T.IMPORTATION, 39, "muc", "1-4"), Past(T.PRE_EXPORTATION, 2, "muc", "1-4"),
                  Past(T.REEXPORTATION, 2, "muc", "1-4"))),
        Scenario("transit-open", "Transit open through Switzerland", "bardonnex",
                 ata("120006", "DEDEMO260006", "EU", DIHK, holder_de, samples, today, use="Commercial samples"),
                 ((T.TRANSIT_OPEN, goods("1-3", means="Road", place_of_use="Transit to Milano")),),
                 (Past(T.VALIDATION, 2, "muc", "1-3"), Past(T.PRE_EXPORTATION, 1, "muc", "1-3"),
                  Past(T.EXPORTATION, 1, "muc", "1-3"))),
        Scenario("transit-close", "An open transit to close on leaving Switzerland", "gva-airport",
                 ata("120007", "DEDEMO260007", "EU", DIHK, holder_de, samples, today, use="Commercial samples"),
                 ((T.TRANSIT_CLOSE, goods("1-3", means="Road")),),
                 (Past(T.VALIDATION, 3, "muc", "1-3"), Past(T.PRE_EXPORTATION, 2, "muc", "1-3"),
                  Past(T.EXPORTATION, 2, "muc", "1-3"), Past(T.TRANSIT_OPEN, 1, "bardonnex", "1-3", "", 6))),
        Scenario("thousand-items", "A 1000-item carnet (stage lighting) for exportation", "gva-airport",
                 ata("120008", "CHDEMO261000", "CH", CCI_GENEVE, holder_ch, lighting, today, use="Stage show"),
                 ((T.EXPORTATION, goods("1-1000", means="Road", packaging_details="40 flight cases")),),
                 (Past(T.VALIDATION, 1, "gva-airport", "1-1000"),)),
        Scenario("expired", "An expired carnet: re-exportation allowed, importation refused", "gva-airport",
                 ata("120009", "FRDEMO260009", "EU", CCI_PARIS, holder_fr, film, today, issued_days_ago=400),
                 ((T.REEXPORTATION, goods("1-5")), (T.IMPORTATION, goods("1-5"))),
                 (Past(T.VALIDATION, 390, "cdg", "1-5"), Past(T.PRE_EXPORTATION, 389, "cdg", "1-5"),
                  Past(T.EXPORTATION, 389, "cdg", "1-5"), Past(T.IMPORTATION, 388, "gva-airport", "1-5"))),
        Scenario("on-hold", "A carnet on hold at Genève Aéroport", "gva-airport",
                 ata("120010", "ITDEMO260010", "EU", CCIAA_MILANO, _holder("Moda Milano SpA", "IT"), samples,
                     today, use="Fairs and exhibitions"),
                 ((T.IMPORTATION, goods("1-3", place_of_use="Palexpo, Genève")),),
                 (Past(T.VALIDATION, 5, "muc", "1-3"), Past(T.PRE_EXPORTATION, 4, "muc", "1-3"),
                  Past(T.EXPORTATION, 4, "muc", "1-3")),
                 HoldSpec("gva-airport", 0, 3, "Seal numbers do not match the general list", 1)),
        Scenario("replacement-original", "Original carnet of a replacement pair: re-import at home",
                 "gva-airport",
                 ata("120011", "CHDEMO260011", "CH", CCI_GENEVE, holder_ch, mini_pcs(), today,
                     issued_days_ago=340, replaced_by="120012"),
                 ((T.REIMPORTATION, goods("1-13")),),
                 (Past(T.VALIDATION, 339, "gva-airport", "1-13"), Past(T.EXPORTATION, 339, "gva-airport", "1-13"),
                  Past(T.IMPORTATION, 338, "cdg", "1-13"))),
        Scenario("replacement-new", "Replacement carnet: validation then exportation at home", "gva-airport",
                 ata("120012", "CHDEMO260012", "CH", CCI_GENEVE, holder_ch, mini_pcs(), today,
                     issued_days_ago=2, order_type=OrderType.REPLACEMENT, replaces="120011"),
                 ((T.VALIDATION, goods("1-13")), (T.EXPORTATION, goods("1-13")))),
        Scenario("cpd-private", "CPD: a private car entering Switzerland", "bardonnex",
                 Carnet(carnet_id="120013", number="GBCPD2600013", kind=CarnetKind.CPD,
                        holder=_holder("Alex Morgan", "GB"), issued_by=RAC, guaranteed_by=RAC,
                        issue_date=today - timedelta(days=20), valid_until=today + timedelta(days=344),
                        intended_use="Private travel (overland)", total_value=Decimal("65000.00"),
                        currency="GBP", home_territory="GB", valid_territories=("CH", "EU", "TR", "NO"),
                        vehicle=cpd_private, vehicle_use=VehicleUse.PRIVATE),
                 ((T.IMPORTATION, goods("1", means="Road")),),
                 (Past(T.EXPORTATION, 9, "dover", "1"),)),
        Scenario("cpd-commercial", "CPD: a commercial tractor unit entering Switzerland", "bardonnex",
                 Carnet(carnet_id="120014", number="DECPD2600014", kind=CarnetKind.CPD,
                        holder=holder_de, issued_by=ADAC, guaranteed_by=ADAC,
                        issue_date=today - timedelta(days=15), valid_until=today + timedelta(days=349),
                        intended_use="Commercial haulage", total_value=Decimal("98000.00"), currency="EUR",
                        home_territory="EU", valid_territories=("CH", "GB", "NO", "TR"), vehicle=cpd_truck,
                        vehicle_use=VehicleUse.COMMERCIAL, trailer_carnet_id="120029"),
                 ((T.IMPORTATION, goods("1", means="Road")),),
                 (Past(T.PRE_EXPORTATION, 2, "muc", "1"), Past(T.EXPORTATION, 2, "muc", "1"))),
        Scenario("paper-twin-cloned", "Paper twin with a cloned number: stamp the green cover", "gva-airport",
                 ata("120015", "CHDEMO260015", "CH", CCI_GENEVE, holder_ch, samples, today,
                     paper_twin=PaperTwin.CLONED_NUMBER, paper_twin_number="CHDEMO260015"),
                 ((T.VALIDATION, goods("1-3")),)),
        Scenario("paper-departure", "From a paper country: counts as validated, check the paper validation",
                 "gva-airport",
                 ata("120016", "TRDEMO260016", "TR", ITO, _holder("Anatolia Textiles AS", "TR"), samples, today,
                     paper_twin=PaperTwin.CROSS_REFERENCED, paper_twin_number="TR/2026/000123",
                     departure_paper_country=True, use="Fairs and exhibitions"),
                 ((T.IMPORTATION, goods("1-3", place_of_use="Palexpo, Genève")),)),
        Scenario("eu-export-exit", "EU two-step: Export at Paris CDG, Exit at Paris Orly", "cdg",
                 ata("120017", "FRDEMO260017", "EU", CCI_PARIS, holder_fr, film, today),
                 ((T.EXPORTATION, goods("1-5")),),
                 (Past(T.VALIDATION, 1, "cdg", "1-5"),)),
        Scenario("not-covered", "Switzerland excluded from Box P: importation refused", "gva-airport",
                 ata("120018", "FRDEMO260018", "EU", CCI_PARIS, holder_fr, film, today,
                     excluded_territories=("CH",)),
                 ((T.IMPORTATION, goods("1-5")),),
                 exported_fr),
        *overseas_scenarios(today),
        *vehicle_scenarios(today),
    ]
