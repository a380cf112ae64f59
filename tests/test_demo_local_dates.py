"""The demo seeded and judged on each office's own date.

The central judges a transaction on the date at its office, so the demo seeds each office's scenarios on that
date. Seeded at 23:30 UTC on 14 January 2027, Bardonnex (UTC+1) is on 15 January, Port of Brisbane (UTC+10)
too, New York JFK (UTC-5) still on the 14th; at 03:30 UTC on the 15th New York is on the 14th, the others on
the 15th. At both moments every scenario's dates are those of its office's day, and the days the central
counts come out as the scenarios say: an exit 20 days after D is 20 days late, 10 days after D is 10, an exit
on D is timely, a carnet valid until tomorrow is valid until tomorrow.

The demo is seeded again on a new training day, the date where it is used (the classroom's, or the embedded
demo's office's), not when some other office's date moves on in the middle of that day.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest

from carnet_domain.cpd.decision import CpdReason
from carnet_domain.transaction import CustomsEntries, GoodsDeclaration, Transaction
from carnet_domain.transaction_types import TransactionType as T
from central_contract.models import CommitRequest
from central_contract.vehicles import ExitView
from reference_central import records
from reference_central.clock import SettableClock
from reference_central.demo.carnets import scenarios
from reference_central.demo.identity import DEMO_PASSWORD
from reference_central.demo.organisation import OFFICES
from reference_central.demo.seed import _code, demo_codes
from reference_central.identity import records as ids
from reference_central.identity.passwords import CHEAP_PROFILE
from reference_central.server import SEEDED_ON_META, demo_office_zone, ensure_demo, start_demo_central
from reference_central.store import Store
from tests.api.helpers import refused
from tests.central_world import World, make_carnet, start_world
from tests.sign_in_steps import training_account

MOMENTS = {
    "23:30 UTC": datetime(2027, 1, 14, 23, 30, tzinfo=UTC),
    "03:30 UTC": datetime(2027, 1, 15, 3, 30, tzinfo=UTC),
}
UTC_OFFSETS = {"bardonnex": 1, "brisbane": 10, "jfk": -5}
"""The three calendars the central judges on, in hours from UTC in January."""
ZONES = {office.office_id: ZoneInfo(office.timezone) for office in OFFICES}
DAY = timedelta(days=1)


@pytest.fixture(params=list(MOMENTS))
async def demo(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[World]:
    """The demo central seeded at the moment, its clock standing there."""
    world = start_world(tmp_path / "demo.sqlite3", MOMENTS[request.param], demo=True)
    yield world
    for client in world.clients:
        await client.aclose()
    world.server.stop()
    world.store.close()


def today_at(world: World, office_id: str) -> date:
    """The date at ``office_id`` at the central's moment."""
    moment = world.clock()
    local = moment.astimezone(ZONES[office_id])
    if office_id in UTC_OFFSETS:
        assert local.utcoffset() == timedelta(hours=UTC_OFFSETS[office_id])
    return local.date()


def test_the_three_calendars_are_not_all_on_the_utc_date() -> None:
    late, early = MOMENTS["23:30 UTC"], MOMENTS["03:30 UTC"]
    assert [late.astimezone(ZONES[o]).day for o in UTC_OFFSETS] == [15, 15, 14] and late.day == 14
    assert [early.astimezone(ZONES[o]).day for o in UTC_OFFSETS] == [15, 15, 14] and early.day == 15


def test_every_scenario_is_seeded_on_the_date_at_its_office(demo: World) -> None:
    """The carnet, each past transaction's date at its own office, the final dates D and the records on file
    are what the scenario gives on its office's date."""
    offices = {scenario.office_id for scenario in scenarios(date(2027, 1, 15))}
    assert set(UTC_OFFSETS) <= offices
    for office_id in offices:
        today = today_at(demo, office_id)
        for scenario in (s for s in scenarios(today) if s.office_id == office_id):
            with demo.store.transaction() as db:
                carnet = records.carnet(db, scenario.carnet.carnet_id)
                history = {tx.transaction_code: tx for tx in records.history(db, scenario.carnet.carnet_id)}
            assert carnet == scenario.carnet, scenario.key
            for n, past in enumerate(scenario.history):
                tx = history[_code("past", 0, scenario.key, n)]
                assert tx.local_date == today - past.days_ago * DAY, (scenario.key, n)
                assert tx.occurred_at.astimezone(ZONES[past.office_id]).date() == tx.local_date
                assert tx.occurred_at <= demo.clock(), (scenario.key, n)
                if past.final_in_days is not None:
                    expected = min(today + past.final_in_days * DAY, carnet.valid_until)
                    assert tx.customs.final_date == expected, (scenario.key, n)


class Desk:
    """An officer of the demo signed in at an office, committing the demo's declarations through the real central."""

    def __init__(self, world: World, account: str, office_id: str) -> None:
        self.world, self.office_id = world, office_id
        self.client = world.client(account, office_id)
        self.codes = {(c.carnet_id, c.transaction_type): c.transaction_code
                      for c in demo_codes(world.store) if c.trainee == 0}

    def request(self, carnet_id: str, kind: T, declared: str, final_date: date | None = None) -> CommitRequest:
        return CommitRequest(carnet_id=carnet_id, transaction_code=self.codes[carnet_id, kind.value], type=kind,
                             office_id=self.office_id, goods=GoodsDeclaration(declared_goods=declared),
                             customs=CustomsEntries(final_date=final_date))

    async def commit(self, carnet_id: str, kind: T, declared: str = "1",
                     final_date: date | None = None) -> Transaction:
        request = self.request(carnet_id, kind, declared, final_date)
        return (await self.client.commit(request, str(uuid.uuid4()))).transaction

    async def exit_(self, carnet_id: str) -> ExitView:
        """The vehicle's exit committed today, as the vehicle file judges it."""
        made = await self.commit(carnet_id, T.REEXPORTATION)
        file = await self.client.vehicle_file(carnet_id, self.office_id)
        [judged] = [e for e in file.exits if e.exit_id == made.transaction_id]
        return judged


async def test_at_bardonnex_the_days_after_d_are_the_days_the_scenarios_give(demo: World) -> None:
    today = today_at(demo, "bardonnex")
    desk = Desk(demo, "officer.ch", "bardonnex")
    seen = await desk.client.lookup("120023", desk.codes["120023", "reexportation"], "bardonnex")
    assert seen.office_date == today and seen.vehicle_file is not None
    [entry] = seen.vehicle_file.passages
    assert (entry.on, entry.final_date) == (today - 50 * DAY, today - 20 * DAY)

    late = await desk.exit_("120023")  # cpd-exit-late: "an exit 20 days after D"
    assert (late.exit_on, late.final_date, late.days_late, late.timing) == (
        today, today - 20 * DAY, 20, CpdReason.EXIT_LATE)
    grace = await desk.exit_("120022")  # cpd-exit-grace: "an exit 10 days after D"
    assert (grace.days_late, grace.timing) == (10, CpdReason.EXIT_LATE_UNEXPLAINED)
    timely = await desk.exit_("120019")  # cpd-exit-timely: D in 30 days
    assert (timely.final_date, timely.days_late, timely.timing) == (today + 30 * DAY, 0, CpdReason.EXIT_TIMELY)
    seized = await desk.exit_("120024")  # cpd-seized: 11 days of seizure added to D 5 days ago
    assert (seized.extended_final_date, seized.timing) == (today + 6 * DAY, CpdReason.EXIT_TIMELY)
    extension = await desk.client.vehicle_file("120027", "bardonnex")  # cpd-extension: "valid for 5 more days"
    assert (extension.office_date, extension.valid_until) == (today, today + 5 * DAY)


async def test_at_brisbane_an_exit_on_d_is_timely(demo: World) -> None:
    today = today_at(demo, "brisbane")
    desk = Desk(demo, "officer.au", "brisbane")
    timely = await desk.exit_("120042")  # cpd-brisbane-exit: D today at Brisbane
    assert (timely.entry_on, timely.exit_on, timely.final_date) == (today - 60 * DAY, today, today)
    assert (timely.days_late, timely.timing) == (0, CpdReason.EXIT_TIMELY)


async def test_at_new_york_a_carnet_valid_until_tomorrow_is_valid_until_tomorrow(demo: World) -> None:
    today = today_at(demo, "jfk")
    desk = Desk(demo, "officer.us", "jfk")
    seen = await desk.client.lookup("120041", desk.codes["120041", "importation"], "jfk")
    assert (seen.office_date, seen.carnet.valid_until, seen.expired, seen.validated) == (
        today, today + DAY, False, True)
    too_far = desk.request("120041", T.IMPORTATION, "1-3", final_date=today + 2 * DAY)
    refusal = await refused(desk.client.commit(too_far, str(uuid.uuid4())), "final_date_invalid")
    assert refusal.detail == "after the carnet's validity"
    made = await desk.commit("120041", T.IMPORTATION, "1-3")
    assert (made.local_date, made.customs.final_date) == (today, today + DAY)


# --- When the demo is seeded again -------------------------------------------------------------------------

MORNING = datetime(2027, 1, 14, 8, 0, tzinfo=UTC)
"""09:00 in Genève, 18:00 in Brisbane, 03:00 in New York: all on 14 January."""
AFTERNOON = datetime(2027, 1, 14, 15, 0, tzinfo=UTC)
"""16:00 in Genève, still 14 January; 01:00 on 15 January in Brisbane."""


def test_the_demo_is_seeded_again_on_a_new_training_day_not_when_another_office_changes_date(
    tmp_path: Path,
) -> None:
    """A Genève classroom's demo keeps what the trainees did all day, though Brisbane's date moves on in the
    afternoon; after Genève's midnight (23:30 UTC) it is seeded again, each office on its own date."""
    store = Store(tmp_path / "central.sqlite3")
    ensure_demo(store, MORNING, zone=ZONES["gva-airport"], profile=CHEAP_PROFILE)
    assert store.get_meta(SEEDED_ON_META) == "2027-01-14"
    with store.transaction() as db:
        records.put_carnet(db, make_carnet("9999", "TRAINEE9999"))  # what a trainee did that day
        seeded_hash = ids.credentials(db, "officer.ch").password_hash

    ensure_demo(store, AFTERNOON, zone=ZONES["gva-airport"], profile=CHEAP_PROFILE)
    with store.transaction() as db:
        assert records.carnet(db, "9999") is not None
        assert ids.credentials(db, "officer.ch").password_hash == seeded_hash  # not seeded again
        brisbane = records.carnet(db, "120042")
    assert brisbane is not None and brisbane.issue_date == date(2027, 1, 14) - 120 * DAY

    ensure_demo(store, MOMENTS["23:30 UTC"], zone=ZONES["gva-airport"], profile=CHEAP_PROFILE)
    assert store.get_meta(SEEDED_ON_META) == "2027-01-15"
    with store.transaction() as db:
        assert records.carnet(db, "9999") is None
        at_jfk, at_brisbane = records.carnet(db, "120041"), records.carnet(db, "120042")
    assert at_jfk is not None and at_jfk.valid_until == date(2027, 1, 15)  # New York is still on the 14th
    assert at_brisbane is not None and at_brisbane.issue_date == date(2027, 1, 15) - 120 * DAY
    store.close()


def test_the_embedded_demos_training_day_is_the_date_at_its_accounts_office(tmp_path: Path) -> None:
    assert (demo_office_zone("officer.au"), demo_office_zone("officer.us")) == (ZONES["brisbane"], ZONES["jfk"])
    assert demo_office_zone("officer.ch") == ZONES["gva-airport"] and demo_office_zone("nobody") is None
    path = tmp_path / "embedded.sqlite3"
    server = start_demo_central(path, SettableClock(AFTERNOON), account_id="officer.au", profile=CHEAP_PROFILE)
    try:
        with httpx.Client(base_url=server.url) as http:
            assert training_account(http, "officer.au").password == DEMO_PASSWORD
    finally:
        server.stop()
    store = Store(path)
    assert store.get_meta(SEEDED_ON_META) == "2027-01-15"  # Brisbane's date, already the 15th
    store.close()
