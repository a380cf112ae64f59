"""The desk's rules taken out of its screens: where a commit goes, what its provisional receipt says was not checked,
the findings a refusal asks to confirm, which declarations a vehicle carnet takes, and how a transaction starts."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from carnet_domain.transaction import Declaration
from carnet_domain.transaction_types import VEHICLE_PASSAGES
from carnet_domain.transaction_types import TransactionType as T
from central_client.errors import CentralRefused, CentralUnreachable
from central_contract.models import LookupResponse
from ecarnet_tui.services.commit_route import (
    UNCHECKED_ANSWER,
    UNCHECKED_CACHED,
    UNCHECKED_UNREACHED,
    Route,
    route,
    unchecked_after,
)
from ecarnet_tui.services.desk import DeskServices
from ecarnet_tui.services.draft import VEHICLE_PASSAGE_ONLY, Draft
from ecarnet_tui.settings import Settings
from tests.central_world import make_carnet
from tests.unit.cpd.factories import cpd

NOW = datetime(2026, 6, 15, 10, 0, tzinfo=UTC)
KEPT = NOW - timedelta(days=2)


@pytest.mark.parametrize(("has_queue", "offline_since", "reachable", "expected"), [
    (True, KEPT, False, Route.QUEUE),  # checked against a kept lookup, the link known down: no wait for it
    (True, KEPT, None, Route.QUEUE),  # not known up either
    (True, KEPT, True, Route.SEND),  # the link is back: the central judges it now
    (True, None, False, Route.SEND),  # looked up online a moment ago: try the central first
    (False, KEPT, False, Route.SEND),  # no queue: nothing to keep it in
])
def test_where_a_commit_goes(has_queue: bool, offline_since: datetime | None, reachable: bool | None,
                             expected: Route) -> None:
    assert route(has_queue=has_queue, offline_since=offline_since, reachable=reachable) is expected


def test_what_a_provisional_receipt_says_was_not_checked() -> None:
    lost = CentralUnreachable("the central did not answer in time (ReadTimeout)")
    never = CentralUnreachable("the central cannot be reached (ConnectError)", maybe_received=False)
    assert unchecked_after(None, KEPT) == UNCHECKED_CACHED
    assert unchecked_after(lost, KEPT) == UNCHECKED_CACHED
    assert unchecked_after(lost, None) == UNCHECKED_ANSWER
    assert unchecked_after(never, None) == UNCHECKED_UNREACHED


def test_a_refusals_findings_are_data_not_words_to_search() -> None:
    refusal = CentralRefused(409, "warnings_not_confirmed", "Some findings need your confirmation.", extra={
        "warnings": [{"code": "items_not_imported_here", "items": "4-5"}, "garbage", {"items": "1"}]})
    assert refusal.findings == [("items_not_imported_here", "4-5"), ("", "1")]
    assert CentralRefused(409, "carnet_on_hold", "held", extra={"warnings": "nope"}).findings == []


def lookup_of(kind: T, *, vehicle: bool = False) -> LookupResponse:
    carnet = cpd() if vehicle else make_carnet("120001", "CHTEST0001")
    return LookupResponse(carnet=carnet, declaration=Declaration(carnet_id=carnet.carnet_id,
                                                                 transaction_code="BCDFGHJKLNPR", type=kind),
                          history=[], holds=[], rejections=[], validated=True, office_date=date(2026, 6, 15),
                          expired=False)


@pytest.mark.parametrize("kind", list(T))
def test_a_vehicle_carnet_takes_only_its_entry_and_exit_here(kind: T) -> None:
    draft = Draft.start(lookup_of(kind, vehicle=True), "bardonnex", NOW)
    stopped = draft.stop_reason() == VEHICLE_PASSAGE_ONLY
    assert stopped == (kind not in VEHICLE_PASSAGES and kind is not T.VALIDATION)


def test_every_transaction_starts_the_same_way_on_the_desks_clock() -> None:
    desk = DeskServices(Settings(), lambda: NOW, office_id="gva-airport")
    online = desk.start_draft(lookup_of(T.VALIDATION))
    kept = desk.start_draft(lookup_of(T.VALIDATION), offline_since=KEPT)
    assert (online.started_at, online.office_id, online.offline_since) == (NOW, "gva-airport", None)
    assert (kept.started_at, kept.offline_since) == (NOW, KEPT)
