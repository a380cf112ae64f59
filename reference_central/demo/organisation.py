"""The demo's customs territories, regions, offices and accounts."""

from __future__ import annotations

from carnet_domain.organisation import Account, Office, Region, Role, Territory

EU_COUNTRIES = ("AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT",
                "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK")
"""The member states of the European Union, one customs territory."""

TERRITORIES = (
    Territory(code="CH", name="Switzerland", countries=("CH", "LI")),
    Territory(code="EU", name="European Union", two_step_export=True, countries=EU_COUNTRIES),
    Territory(code="RE", name="France (Réunion)"),
    Territory(code="GB", name="United Kingdom"),
    Territory(code="NO", name="Norway"),
    Territory(code="TR", name="Türkiye", digital=False),
    Territory(code="AU", name="Australia"),
    Territory(code="US", name="United States"),
)

REGIONS = (
    Region(region_id="ch-geneve", name="Genève", country="CH", territory="CH"),
    Region(region_id="ch-basel", name="Basel", country="CH", territory="CH"),
    Region(region_id="fr-idf", name="Île-de-France", country="FR", territory="EU"),
    Region(region_id="fr-reunion", name="La Réunion", country="FR", territory="RE"),
    Region(region_id="de-bayern", name="Bayern", country="DE", territory="EU"),
    Region(region_id="gb-kent", name="Kent", country="GB", territory="GB"),
    Region(region_id="au-qld", name="Queensland", country="AU", territory="AU"),
    Region(region_id="us-ny", name="New York", country="US", territory="US"),
)

OFFICES = (
    Office(office_id="gva-airport", name="Genève Aéroport", region_id="ch-geneve", territory="CH",
           timezone="Europe/Zurich"),
    Office(office_id="bardonnex", name="Bardonnex", region_id="ch-geneve", territory="CH",
           timezone="Europe/Zurich"),
    Office(office_id="basel-rhein", name="Basel Rheinhafen", region_id="ch-basel", territory="CH",
           timezone="Europe/Zurich"),
    Office(office_id="cdg", name="Paris Charles de Gaulle", region_id="fr-idf", territory="EU",
           timezone="Europe/Paris"),
    Office(office_id="orly", name="Paris Orly", region_id="fr-idf", territory="EU", timezone="Europe/Paris"),
    Office(office_id="st-denis", name="Saint-Denis Aéroport", region_id="fr-reunion", territory="RE",
           timezone="Indian/Reunion"),
    Office(office_id="muc", name="München Flughafen", region_id="de-bayern", territory="EU",
           timezone="Europe/Berlin"),
    Office(office_id="dover", name="Dover", region_id="gb-kent", territory="GB", timezone="Europe/London"),
    # Far from Geneva's time, for the scenarios whose days are counted on another calendar date.
    Office(office_id="brisbane", name="Port of Brisbane", region_id="au-qld", territory="AU",
           timezone="Australia/Brisbane"),  # UTC+10 all year
    Office(office_id="jfk", name="New York JFK", region_id="us-ny", territory="US",
           timezone="America/New_York"),  # UTC-5 in winter, UTC-4 in summer
)

ACCOUNTS = (
    Account(account_id="officer.ch", display_name="Training Officer CH", badge="CH-T-001",
            email="officer.ch@training.invalid", role=Role.OFFICER, office_id="gva-airport",
            region_id="ch-geneve"),
    Account(account_id="officer.fr", display_name="Training Officer FR", badge="FR-T-001",
            email="officer.fr@training.invalid", role=Role.OFFICER, office_id="cdg", region_id="fr-idf"),
    Account(account_id="officer.de", display_name="Training Officer DE", badge="DE-T-001",
            email="officer.de@training.invalid", role=Role.OFFICER, office_id="muc", region_id="de-bayern"),
    Account(account_id="officer.re", display_name="Training Officer RE", badge="RE-T-001",
            email="officer.re@training.invalid", role=Role.OFFICER, office_id="st-denis",
            region_id="fr-reunion"),
    Account(account_id="officer.gb", display_name="Training Officer GB", badge="GB-T-001",
            email="officer.gb@training.invalid", role=Role.OFFICER, office_id="dover", region_id="gb-kent"),
    Account(account_id="officer.au", display_name="Training Officer AU", badge="AU-T-001",
            email="officer.au@training.invalid", role=Role.OFFICER, office_id="brisbane", region_id="au-qld"),
    Account(account_id="officer.us", display_name="Training Officer US", badge="US-T-001",
            email="officer.us@training.invalid", role=Role.OFFICER, office_id="jfk", region_id="us-ny"),
    Account(account_id="controller.ch", display_name="Training Controller CH", badge="CH-T-101",
            email="controller.ch@training.invalid", role=Role.CONTROLLER, office_id="gva-airport",
            region_id="ch-geneve"),
    Account(account_id="controller.fr", display_name="Training Controller FR", badge="FR-T-101",
            email="controller.fr@training.invalid", role=Role.CONTROLLER, office_id="cdg", region_id="fr-idf"),
    Account(account_id="manager.ch", display_name="Training Regional Manager CH", badge="CH-T-201",
            email="manager.ch@training.invalid", role=Role.REGIONAL_MANAGER, office_id="gva-airport",
            region_id="ch-geneve"),
    Account(account_id="admin", display_name="Training Admin", badge="CH-T-901",
            email="admin@training.invalid", role=Role.ADMIN, office_id="gva-airport", region_id="ch-geneve"),
)

TRAINER_ACCOUNT = Account(account_id="trainer", display_name="Training Trainer", badge="CH-T-801",
                          email="trainer@training.invalid", role=Role.TRAINER, office_id="gva-airport",
                          region_id="ch-geneve")
"""The classroom's trainer (issue 20): seeded with the trainees, on a training central only."""


def trainee_accounts(trainees: int) -> tuple[Account, ...]:
    """The classroom's trainees ``trainee01`` ... (issue 20): officers at Genève Aéroport, each playing the code set of
    its number (:mod:`reference_central.training.code_sets`)."""
    return tuple(
        Account(account_id=f"trainee{n:02d}", display_name=f"Trainee {n:02d}", badge=f"CH-T-{500 + n:03d}",
                email=f"trainee{n:02d}@training.invalid", role=Role.OFFICER, office_id="gva-airport",
                region_id="ch-geneve")
        for n in range(1, trainees + 1)
    )


def classroom_accounts(trainees: int) -> tuple[Account, ...]:
    """The trainees and their trainer, when a classroom has trainees; none otherwise."""
    return (*trainee_accounts(trainees), TRAINER_ACCOUNT) if trainees > 0 else ()


DEFAULT_ACCOUNT = "officer.ch"
"""The account the workstation uses on the embedded demo central unless told otherwise."""
