"""The demo vehicle carnets (CPD): one for each path of a vehicle's stay that a trainer must show at Bardonnex.

Entry and exit, a second passage, a single-journey carnet that comes back, an exit within the fourteen days
of grace and one after them, a seizure by the authorities that moves the final date D, a wrecked vehicle, an
undischarged carnet to regularise, an extension to record and one already recorded, and trailers on their
own carnet or on the towing vehicle's. Dates are relative to ``today``; a scenario's ``notes`` tell the
trainer what the trainee does and what should come of it.

An entry's D is ``Past.final_in_days`` from today (negative: D has passed). Seizures and extensions already
on the vehicle file are :class:`OnFile` records, written by the seed with each trainee's carnet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from carnet_domain.carnet import Carnet, CarnetKind, Party, Trailer, Vehicle, VehicleUse
from carnet_domain.cpd.exit_timing import SeizedBy, Seizure
from carnet_domain.cpd.periods import DAY, period_end
from carnet_domain.cpd.validity import EXTENSION_MONTHS_NORMALLY, Extension
from carnet_domain.transaction import GoodsDeclaration
from carnet_domain.transaction_types import TransactionType as T
from reference_central.demo.carnets import ADAC, RAC, Past, Scenario, _holder, goods

ANWB = Party(name="Koninklijke Nederlandse Toeristenbond ANWB", address="Wassenaarseweg 220, 2596 EC Den Haag",
             country="NL")
OAMTC = Party(name="ÖAMTC", address="Baumgasse 129, 1030 Wien", country="AT")
ACI = Party(name="Automobile Club d'Italia", address="Via Marsala 8, 00185 Roma", country="IT")

OFFICE = "bardonnex"
TRACTOR_CARNET_ID = "120014"
"""The commercial tractor unit of :mod:`reference_central.demo.carnets`, which tows the semi-trailer."""
SEMI_TRAILER_CARNET_ID = "120029"
TO_GB = ("CH", "EU", "NO", "TR")
TO_EU = ("CH", "GB", "NO", "TR")


@dataclass(frozen=True)
class OnFile:
    """A record already on the vehicle file when the demo starts, recorded ``days_ago`` at ``office_id``."""

    record: Seizure | Extension
    days_ago: int
    office_id: str
    recorded_by_name: str = "Demo Officer"


def _party(name: str, address: str, country: str) -> Party:
    return Party(name=name, address=address, country=country)


def _vehicle(kind: str, country: str, plate: str, make: str, vin: str, value: str, *, engine: str = "",
             **extra: object) -> Vehicle:
    return Vehicle.model_validate(dict(vehicle_type=kind, registration_country=country, registration_number=plate,
                                       make=make, chassis_vin=vin, engine_number=engine, value=Decimal(value),
                                       **extra))


def _car(country: str, plate: str, make: str, vin: str, value: str, *, engine: str, cylinders: int, kw: int,
         body: str, colour: str, kg: int, seats: int = 5, extras: str = "Radio") -> Vehicle:
    return _vehicle("Passenger car", country, plate, make, vin, value, engine=engine, cylinders=cylinders,
                    power_kw=kw, body=body, colour=colour, seats_or_payload=f"{seats} seats", spare_tyres=1,
                    radio_accessories=extras, net_weight_kg=kg)


def cpd(
    carnet_id: str,
    number: str,
    holder: Party,
    association: Party,
    vehicle: Vehicle,
    use: VehicleUse,
    today: date,
    *,
    issued_days_ago: int,
    valid_until_in_days: int | None = None,
    **extra: object,
) -> Carnet:
    """A vehicle carnet valid for one year less a day from its issue, or until ``valid_until_in_days``."""
    issued = today - timedelta(days=issued_days_ago)
    until = issued + timedelta(days=364) if valid_until_in_days is None else today + timedelta(
        days=valid_until_in_days)
    trailer = extra.get("trailer")
    total = vehicle.value + (trailer.value if isinstance(trailer, Trailer) else Decimal("0"))
    home = "GB" if association.country == "GB" else "EU"
    fields: dict[str, object] = dict(
        carnet_id=carnet_id, number=number, kind=CarnetKind.CPD, holder=holder, issued_by=association,
        guaranteed_by=association, issue_date=issued, valid_until=until,
        intended_use="Private travel (overland)" if use is VehicleUse.PRIVATE else "Commercial road transport",
        total_value=total.quantize(Decimal("0.01")), currency="GBP" if home == "GB" else "EUR",
        home_territory=home, valid_territories=TO_GB if home == "GB" else TO_EU, vehicle=vehicle,
        vehicle_use=use,
    )
    fields.update(extra)
    return Carnet.model_validate(fields)


def left_home(days_ago: int, home: str = "EU") -> tuple[Past, ...]:
    """Exported ``days_ago``: at Dover from GB, in two steps at München from the EU. No Validation: a vehicle
    carnet is used as issued (1954 and 1956 art. 2 and 15)."""
    if home == "GB":
        return (Past(T.EXPORTATION, days_ago, "dover", "1"),)
    return Past(T.PRE_EXPORTATION, days_ago, "muc", "1"), Past(T.EXPORTATION, days_ago, "muc", "1")


def stay(entered: int, final_in_days: int, left: int | None = None, *, exit_office: str = OFFICE) -> tuple[Past, ...]:
    """Entered Switzerland at Bardonnex ``entered`` days ago with D ``final_in_days`` from today; left ``left``
    days ago, or still inside."""
    entry = Past(T.IMPORTATION, entered, OFFICE, "1", final_in_days=final_in_days)
    return (entry,) if left is None else (entry, Past(T.REEXPORTATION, left, exit_office, "1"))


def vehicle_scenarios(today: date) -> list[Scenario]:
    def ago(days: int) -> date:
        return today - timedelta(days=days)

    def entry(place: str = "") -> tuple[T, GoodsDeclaration]:
        return T.IMPORTATION, goods("1", means="Road", place_of_use=place)

    exit_ = (T.REEXPORTATION, goods("1", means="Road"))
    holder_de = _holder("Bühnentechnik München GmbH", "DE")
    police = Seizure(seized_by=SeizedBy.AUTHORITIES, seized_on=ago(30), released_on=ago(20),
                     authority="Police cantonale de Genève", reference=f"PCGE/{ago(30).year}/4127")
    # "cpd-extended": valid until 20 days ago, extended by three months from the day after
    three_months = period_end(ago(20) + DAY, months=EXTENSION_MONTHS_NORMALLY)
    first_extension = Extension(
        requested_by=RAC, requested_on=ago(35), requested_until=three_months, granted_until=three_months,
        authority="HM Revenue & Customs, Dover", country="GB", granted_on=ago(33),
        registry_number=f"HMRC/CPD/{ago(33).year}/0815", place="Dover",
    )
    semi_trailer = _vehicle("Semi-trailer", "DE", "M-BT 7310", "Krone Profi Liner SD 27", "WKESDP27041718305",
                            "42000", body="Curtainsider", colour="White", seats_or_payload="27 t payload",
                            spare_tyres=1, net_weight_kg=7200)
    caravan = Trailer(registration_country="NL", registration_number="WV-48-KX", make="Hobby De Luxe 540 UL",
                      chassis_vin="WHB540UL4P0418276", net_weight_kg=1180, value=Decimal("24500"))
    return [
        Scenario(
            "cpd-exit-timely", "CPD: a private car leaving Switzerland in time", OFFICE,
            cpd("120019", "NLCPD2600019", _party("Sanne de Vries", "Prinsengracht 482, 1016 HH Amsterdam", "NL"),
                ANWB, _car("NL", "R-482-FK", "Volkswagen Golf Variant 1.5 eTSI", "WVWZZZCDZPW512384", "31500",
                           engine="DPCA-418273", cylinders=4, kw=110, body="Estate", colour="Grey", kg=1361),
                VehicleUse.PRIVATE, today, issued_days_ago=35),
            (exit_,), left_home(21) + stay(20, 30),
            notes=("Entered at Bardonnex 20 days ago, D in 30 days.",
                   "Re-exportation: the exit ends the open entry and is timely; no explanation is asked."),
        ),
        Scenario(
            "cpd-two-passages", "CPD: a van coming back: second entry, then its exit", OFFICE,
            cpd("120020", "ATCPD2600020",
                _party("Alpenklang Veranstaltungstechnik GmbH", "Gewerbestraße 12, 6020 Innsbruck", "AT"), OAMTC,
                _vehicle("Panel van", "AT", "I-4827 AK", "Mercedes-Benz Sprinter 317 CDI", "W1V9076331P245871",
                         "46000", engine="654920-30418275", cylinders=4, power_kw=125, body="Panel van",
                         colour="White", seats_or_payload="1.2 t payload", spare_tyres=1,
                         radio_accessories="Radio, roof rack", net_weight_kg=2380),
                VehicleUse.COMMERCIAL, today, issued_days_ago=40),
            (entry("Palexpo, Genève"), exit_), left_home(32) + stay(30, -20, 25),
            notes=("Entered 30 days ago and left 25 days ago (in time): one stay already ended.",
                   "Importation: a second entry is accepted (the carnet is not for a single journey).",
                   "Then Re-exportation: it ends the new entry, timely."),
        ),
        Scenario(
            "cpd-single-journey", "CPD: a single-journey carnet back again: entry refused", OFFICE,
            cpd("120021", "ITCPD2600021", _party("Giulia Bianchi", "Via Po 18, 10123 Torino", "IT"), ACI,
                _car("IT", "GH 482 KT", "Fiat 500X 1.3 T4", "ZFANF2C36MP874215", "24800", engine="55263623-7741",
                     cylinders=4, kw=110, body="Hatchback", colour="Red", kg=1320),
                VehicleUse.PRIVATE, today, issued_days_ago=20, single_journey=True),
            (entry(),), left_home(16) + stay(15, 15, 8, exit_office="basel-rhein"),
            notes=("Valid for a single journey: entered at Bardonnex 15 days ago, left at Basel 8 days ago.",
                   "Importation: refused, the single journey into Switzerland is used (1954 art. 15)."),
        ),
        Scenario(
            "cpd-exit-grace", "CPD: an exit 10 days after D: record the explanation", OFFICE,
            cpd("120022", "GBCPD2600022", _party("Oliver Bennett", "14 Marlborough Road, Oxford OX1 4LP", "GB"),
                RAC, _car("GB", "YK70 HWN", "Jaguar F-Pace P250", "SADCA2BN4LA651093", "52000",
                          engine="PT204-0418275", cylinders=4, kw=184, body="SUV", colour="Blue", kg=1760),
                VehicleUse.PRIVATE, today, issued_days_ago=50),
            (exit_,), left_home(42, "GB") + stay(40, -10),
            notes=("Entered 40 days ago with D 10 days ago: the exit today is D+10, within the 14 days of grace.",
                   "Re-exportation: late until the officer records a satisfactory explanation of the delay "
                   "(e.g. a hospital stay); with it the exit counts as timely (1954 art. 20)."),
        ),
        Scenario(
            "cpd-exit-late", "CPD: an exit 20 days after D: late, flagged", OFFICE,
            cpd("120023", "DECPD2600023", _party("Rheinland Messebau GmbH", "Industriestraße 40, 50735 Köln", "DE"),
                ADAC, _vehicle("Van", "DE", "K-RM 2741", "Iveco Daily 35S16", "ZCFC135B105298714", "39000",
                               engine="F1CFL411-27718", cylinders=4, power_kw=116, body="Box van", colour="White",
                               seats_or_payload="1.1 t payload", spare_tyres=1, radio_accessories="Radio",
                               net_weight_kg=2450),
                VehicleUse.COMMERCIAL, today, issued_days_ago=60),
            (exit_,), left_home(52) + stay(50, -20),
            notes=("Entered 50 days ago with D 20 days ago: the exit today is D+20, past the 14 days of grace.",
                   "Re-exportation: recorded, flagged late for the controller whatever the explanation "
                   "(1956 art. 20)."),
        ),
        Scenario(
            "cpd-seized", "CPD: an exit after a police seizure: in time", OFFICE,
            cpd("120024", "DECPD2600024", _party("Thomas Berger", "Leopoldstraße 77, 80802 München", "DE"), ADAC,
                _car("DE", "M-TB 3318", "BMW 320d Touring", "WBA8K510X0K713482", "43500", engine="B47D20-8817263",
                     cylinders=4, kw=140, body="Estate", colour="Black", kg=1595),
                VehicleUse.PRIVATE, today, issued_days_ago=70),
            (exit_,), left_home(62) + stay(60, -5),
            vehicle_records=(OnFile(police, 30, OFFICE),),
            notes=("Entered 60 days ago with D 5 days ago; seized by the Geneva police from 30 to 20 days ago.",
                   "The 11 days of seizure by the authorities are added to D (1954 art. 13.2): D+11 is in 6 days.",
                   "Re-exportation: timely, no explanation needed."),
        ),
        Scenario(
            "cpd-damaged", "CPD: a car wrecked in an accident: record its destruction", OFFICE,
            cpd("120025", "ATCPD2600025", _party("Lukas Huber", "Linzer Gasse 21, 5020 Salzburg", "AT"), OAMTC,
                _car("AT", "S-473 KL", "Škoda Octavia Combi 2.0 TDI", "TMBJJ7NX5MY068215", "33900",
                     engine="DTTA-207731", cylinders=4, kw=110, body="Estate", colour="Silver", kg=1453),
                VehicleUse.PRIVATE, today, issued_days_ago=15),
            (), left_home(12) + stay(10, 50),
            notes=("Entered 10 days ago; wrecked on the A1 near Nyon, the accident authenticated by the police "
                   "report of the Gendarmerie vaudoise.",
                   "No declaration: in the vehicle file, record a termination 'destroyed under supervision' of "
                   "Bardonnex, accident authenticated. The entry is then settled; without the authentication it is "
                   "refused."),
        ),
        Scenario(
            "cpd-undischarged", "CPD: expired, never seen leaving: regularise it", OFFICE,
            cpd("120026", "GBCPD2600026", _party("Priya Shah", "27 Harcourt Street, Leicester LE2 0EB", "GB"), RAC,
                _car("GB", "BD19 ZPX", "Mini Cooper S 5-door", "WMW32DH0X02T84517", "26500", engine="B48A20-1127734",
                     cylinders=4, kw=131, body="Hatchback", colour="British racing green", kg=1235),
                VehicleUse.PRIVATE, today, issued_days_ago=404, valid_until_in_days=-40),
            (), left_home(102, "GB") + stay(100, -40),
            notes=("Expired 40 days ago; entered at Bardonnex 100 days ago, no exit recorded.",
                   "Logs (controller): To check, with the deadline to notify the RAC (art. 26).",
                   "Record a regularisation: certificate of location from the Gendarmerie nationale, Annemasse "
                   "(FR), vehicle presented 70 days ago. The carnet is then discharged."),
        ),
        Scenario(
            "cpd-extension", "CPD: an extension of validity to record (ADAC)", OFFICE,
            cpd("120027", "DECPD2600027", _party("Sabine Koch", "Kufsteiner Straße 9, 83022 Rosenheim", "DE"), ADAC,
                _vehicle("Motor caravan", "DE", "RO-SK 482", "Mercedes-Benz Marco Polo 250 d", "W1V44760313958214",
                         "68000", engine="651925-30127743", cylinders=4, power_kw=140, body="Camper van",
                         colour="Grey", seats_or_payload="4 seats", spare_tyres=1,
                         radio_accessories="Radio, awning, bicycle rack", net_weight_kg=2615),
                VehicleUse.PRIVATE, today, issued_days_ago=359, valid_until_in_days=5),
            (), left_home(29) + stay(25, 5),
            notes=("Valid for 5 more days; inside Switzerland since 25 days ago.",
                   "A controller of the European Union (controller.fr, at Paris Charles de Gaulle) records the "
                   "extension granted by German customs (Hauptzollamt München, DE) at ADAC's request, for up to "
                   "three months after expiry: granted, and seen in the Swiss trail. A Swiss controller is refused: "
                   "only the customs of the guaranteeing association's country extend it (Annex 3, 2(e)).",
                   "The entry's final date D was the carnet's last day: it follows the extension, so an exit "
                   "after the first expiry is in time."),
        ),
        Scenario(
            "cpd-extended", "CPD: already extended: entry after the first expiry, no second extension", OFFICE,
            cpd("120028", "GBCPD2600028", _party("Hannah Clarke", "3 Lyndhurst Road, Exeter EX2 4NX", "GB"), RAC,
                _vehicle("Off-road vehicle", "GB", "WR68 TLC", "Toyota Land Cruiser 2.8 D-4D", "JTEBR3FJ20K183726",
                         "47000", engine="1GD-4172893", cylinders=4, power_kw=150, body="Station wagon",
                         colour="White", seats_or_payload="5 seats", spare_tyres=2,
                         radio_accessories="Radio, roof tent, winch, sand ladders", net_weight_kg=2345),
                VehicleUse.PRIVATE, today, issued_days_ago=384, valid_until_in_days=-20),
            (entry(),), left_home(378, "GB"),
            vehicle_records=(OnFile(first_extension, 33, "dover", "Demo Controller"),),
            notes=("The carnet expired 20 days ago but was extended by HM Revenue & Customs for three months.",
                   "Importation: accepted, the extension counts everywhere (art. 21).",
                   "A second extension is refused: a carnet is extended only once (art. 22.3)."),
        ),
        Scenario(
            "cpd-semi-trailer", "CPD: a semi-trailer on its own carnet (towed by 120014)", OFFICE,
            cpd(SEMI_TRAILER_CARNET_ID, "DECPD2600029", holder_de, ADAC, semi_trailer, VehicleUse.COMMERCIAL,
                today, issued_days_ago=15, intended_use="Commercial haulage"),
            (entry(),), left_home(2),
            notes=(f"The tractor unit's carnet {TRACTOR_CARNET_ID} names this carnet for its semi-trailer "
                   "(1956 art. 10.5).",
                   "Importation of both: the tractor with its carnet, the semi-trailer with this one."),
        ),
        Scenario(
            "cpd-caravan", "CPD: a private car towing a caravan on the same carnet", OFFICE,
            cpd("120030", "NLCPD2600030", _party("Pieter Jansen", "Lindenlaan 7, 3581 BV Utrecht", "NL"), ANWB,
                _car("NL", "K-736-ZT", "Volvo XC90 B5 AWD", "YV1LFA2V1P1934267", "71000", engine="B420T2-1839274",
                     cylinders=4, kw=173, body="SUV", colour="Dark blue", kg=2060, seats=7,
                     extras="Radio, tow bar, bicycle rack"),
                VehicleUse.PRIVATE, today, issued_days_ago=10, trailer=caravan),
            (entry("Camping du Lac, Vésenaz"),), left_home(3),
            notes=("The caravan is declared on the car's carnet (1954 art. 9.4): check its plate and VIN too.",
                   "Importation: accepted; one entry covers the car and its caravan."),
        ),
    ]
