"""The demo's carnets at offices far from Geneva's time: Port of Brisbane (UTC+10) and New York JFK (UTC-5 in
winter).

For hours of every day these offices are on another calendar date than Geneva, and each scenario is seeded on
the date of the office it is processed at, so the days a trainee counts there come out as the notes say:

- at Brisbane, an overlander's camper shipped out of Australia on its final date D: the exit is timely, where
  the day after D it would be late;
- at New York JFK, a Swiss carnet valid until tomorrow enters the United States: its final date for
  re-exportation is tomorrow at the latest.
"""

from __future__ import annotations

from datetime import date

from carnet_domain.carnet import VehicleUse
from carnet_domain.transaction_types import TransactionType as T
from reference_central.demo.carnets import ADAC, CCI_GENEVE, Past, Scenario, _holder, _items, ata, goods
from reference_central.demo.vehicles import _party, _vehicle, cpd

BRISBANE, JFK = "brisbane", "jfk"


def overseas_scenarios(today: date) -> list[Scenario]:
    """The scenarios of Brisbane and New York JFK, ``today`` being the date at the office of each."""
    camper = _vehicle("Off-road camper", "DE", "S-JW 7804", "Toyota Land Cruiser 78 4.2 D", "JTELB71J207031846",
                      "58000", engine="1HZ-0704418", cylinders=6, power_kw=96, body="Camper", colour="Sand",
                      seats_or_payload="2 seats", spare_tyres=2, radio_accessories="Radio, roof tent, water tank",
                      net_weight_kg=2950)
    samples = _items([(6, "Watch samples, steel", "CH", "1200.00"), (2, "Watch samples, gold", "CH", "8000.00"),
                      (1, "Display case", "CH", "400.00")])
    return [
        Scenario(
            "cpd-brisbane-exit", "CPD: a camper shipped out of Australia on its final date D", BRISBANE,
            cpd("120042", "DECPD2600042", _party("Jonas Weber", "Schillerstraße 12, 70173 Stuttgart", "DE"), ADAC,
                camper, VehicleUse.PRIVATE, today, issued_days_ago=120, valid_territories=("AU", "CH", "GB", "NO")),
            ((T.REEXPORTATION, goods("1", means="Sea")),),
            (Past(T.PRE_EXPORTATION, 100, "muc", "1"), Past(T.EXPORTATION, 100, "muc", "1"),
             Past(T.IMPORTATION, 60, BRISBANE, "1", final_in_days=0)),
            notes=("Shipped from Hamburg; entered Australia at Brisbane 60 days ago with D today (Brisbane's date).",
                   "Re-exportation: timely on D itself; the day after D it would be late (1954 art. 20)."),
        ),
        Scenario(
            "last-valid-day", "Importation the day before the carnet expires: final date tomorrow at most", JFK,
            ata("120041", "CHDEMO260041", "CH", CCI_GENEVE, _holder("Horlogerie du Léman SA", "CH"), samples, today,
                issued_days_ago=363, use="Commercial samples", valid_territories=("US", "EU", "GB")),
            ((T.IMPORTATION, goods("1-3", place_of_use="Javits Center, New York")),),
            (Past(T.VALIDATION, 5, "gva-airport", "1-3"), Past(T.EXPORTATION, 4, "gva-airport", "1-3")),
            notes=("Valid until tomorrow (New York's date): exported from Genève 4 days ago.",
                   "Importation: a blank final date is tomorrow, the carnet's last valid day; the day after "
                   "tomorrow is refused."),
        ),
    ]
