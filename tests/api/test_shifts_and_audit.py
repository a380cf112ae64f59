"""Shifts, the hand-over report and the audit trail (issue 7), through the real HTTP API: who may use each
endpoint, region bounds, and a hand-over whose figures are compared with what was done during the shift."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import httpx
import pytest

from carnet_domain.carnet import Carnet
from carnet_domain.organisation import Role
from carnet_domain.transaction_types import TransactionType as T
from central_client.http import HttpCentral
from central_contract.models import (
    AuditAction,
    AuditEntry,
    HandoverReport,
    QueueDecision,
    QueueDecisionReport,
    RejectRequest,
    Shift,
)
from tests.api.helpers import assert_refused
from tests.api.shift_world import commit, declared, new_account
from tests.api.shift_world import hold as place_hold
from tests.central_world import World, make_carnet

ROLE_ACCOUNT = {
    Role.OFFICER: "officer.ch", Role.CONTROLLER: "controller.ch", Role.REGIONAL_MANAGER: "manager.ch",
    Role.ADMIN: "admin",
}
"""One demo account per role, all at gva-airport (region ch-geneve, territory CH)."""
CANCEL_CODE = "CANCEL" + "B" * 6
_carnets = itertools.count(1)


@pytest.fixture
def http(world: World) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=world.url, timeout=10.0) as client:
        yield client


def auth(world: World, account_id: str, office_id: str | None = None) -> dict[str, str]:
    """``account_id``'s session: the one signed in at its own office, or one that works at ``office_id``."""
    return {"Authorization": f"Bearer {world.token(account_id, office_id)}"}


def count(world: World, table: str) -> int:
    with world.store.transaction() as db:
        return int(db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])


def new_carnet(world: World, home: str = "CH") -> Carnet:
    n = next(_carnets)
    return world.add_carnet(make_carnet(str(7000 + n), f"{home}-S{n:04d}", home=home))


async def hold(world: World, client: HttpCentral, carnet: Carnet, reason: str) -> str:
    return await place_hold(world, client, carnet, reason, kind=T.EXPORTATION)


def decision(ref: str = "GVA-Q-1", **extra: Any) -> dict[str, Any]:
    return {"local_ref": ref, "decision": "void", "reason": "Holder left", **extra}


# --- who may use each endpoint -------------------------------------------------------------------------


@pytest.mark.parametrize("role", list(ROLE_ACCOUNT), ids=[r.value for r in ROLE_ACCOUNT])
def test_each_role_on_every_endpoint(world: World, http: httpx.Client, role: Role) -> None:
    caller = auth(world, ROLE_ACCOUNT[role])
    at_bardonnex = auth(world, ROLE_ACCOUNT[role], "bardonnex")
    # A shift opened by the admin at Bardonnex, for the hand-over and current-shift calls of the role under test.
    other = http.post("/v1/shifts", json={"office_id": "bardonnex"}, headers=auth(world, "admin", "bardonnex"))
    assert other.status_code == 201, other.text
    before = {t: count(world, t) for t in ("shifts", "audit")}
    calls: dict[str, Callable[[], httpx.Response]] = {
        "open": lambda: http.post("/v1/shifts", json={"note": "Morning"}, headers=caller),
        "current": lambda: http.get("/v1/shifts/current", params={"office_id": "bardonnex"}, headers=at_bardonnex),
        "handover": lambda: http.post(f"/v1/shifts/{other.json()['shift_id']}/handover", json={"note": "All quiet"},
                                      headers=at_bardonnex),
        "queue decision": lambda: http.post("/v1/audit/queue-decisions", json=decision(), headers=caller),
        "audit": lambda: http.get("/v1/audit", headers=caller),
    }
    if role is Role.OFFICER:
        for name, call in calls.items():
            error = assert_refused(call(), 403, "forbidden")
            assert error["detail"] == "supervision", name
        assert {t: count(world, t) for t in before} == before
        assert http.get("/v1/shifts/current", params={"office_id": "bardonnex"},
                        headers=auth(world, "admin", "bardonnex")).json()["shift_id"] == other.json()["shift_id"]
        return
    # Signed in at Genève Aéroport, the role reads another office's shift only from a session working there.
    elsewhere = assert_refused(http.get("/v1/shifts/current", params={"office_id": "bardonnex"}, headers=caller), 403,
                               "office_not_in_session")
    assert elsewhere["detail"] == "bardonnex"
    opened = calls["open"]()
    assert opened.status_code == 201, opened.text
    shift = Shift.model_validate_json(opened.content)
    assert (shift.office_id, shift.opened_by, shift.note, shift.closed_at) == (
        "gva-airport", ROLE_ACCOUNT[role], "Morning", None)
    assert calls["current"]().json()["shift_id"] == other.json()["shift_id"]
    from_afar = http.post(f"/v1/shifts/{other.json()['shift_id']}/handover", json={}, headers=caller)
    assert assert_refused(from_afar, 403, "office_not_in_session")["detail"] == "bardonnex"  # handed over there
    report = calls["handover"]()
    assert report.status_code == 200, report.text
    closed = HandoverReport.model_validate_json(report.content).shift
    assert (closed.closed_by, closed.handover_note) == (ROLE_ACCOUNT[role], "All quiet")
    assert http.get("/v1/shifts/current", params={"office_id": "bardonnex"}, headers=at_bardonnex).json() is None
    recorded = calls["queue decision"]()
    assert recorded.status_code == 201, recorded.text
    entry = AuditEntry.model_validate_json(recorded.content)
    assert (entry.action, entry.decision, entry.subject, entry.account_id, entry.office_id) == (
        AuditAction.QUEUE_DECISION, QueueDecision.VOID, "GVA-Q-1", ROLE_ACCOUNT[role], "gva-airport")
    trail = calls["audit"]()
    assert trail.status_code == 200, trail.text
    assert [e["entry_id"] for e in trail.json()] == [entry.entry_id]
    assert count(world, "shifts") == before["shifts"] + 1
    assert count(world, "audit") == before["audit"] + 1


def test_one_open_shift_per_office_and_a_hand_over_only_once(world: World, http: httpx.Client) -> None:
    controller, manager = auth(world, "controller.ch"), auth(world, "manager.ch")
    first = http.post("/v1/shifts", json={}, headers=controller)
    assert first.status_code == 201, first.text
    again = http.post("/v1/shifts", json={"office_id": "gva-airport"}, headers=manager)
    error = assert_refused(again, 409, "shift_already_open")
    assert error["shift_id"] == first.json()["shift_id"]
    assert_refused(http.post("/v1/shifts", json={"office_id": "bardonnex"}, headers=manager), 403,
                   "office_not_in_session")
    assert http.post("/v1/shifts", json={"office_id": "bardonnex"},
                     headers=auth(world, "manager.ch", "bardonnex")).status_code == 201
    shift_id = first.json()["shift_id"]
    assert http.post(f"/v1/shifts/{shift_id}/handover", headers=manager).status_code == 200  # no body: no note
    assert_refused(http.post(f"/v1/shifts/{shift_id}/handover", json={}, headers=controller), 409, "shift_closed")
    assert_refused(http.post("/v1/shifts/999/handover", json={}, headers=controller), 404, "unknown_shift")
    assert http.post("/v1/shifts", json={}, headers=controller).status_code == 201  # the next shift
    assert_refused(http.post("/v1/shifts", json={"surprise": 1}, headers=controller), 422, "invalid_request")


def test_supervisors_act_in_their_region_only(world: World, http: httpx.Client) -> None:
    manager, controller, admin = auth(world, "manager.ch"), auth(world, "controller.ch"), auth(world, "admin")
    admin_at_basel = auth(world, "admin", "basel-rhein")  # an admin may work at any office, one at a time
    assert_refused(http.post("/v1/shifts", json={"office_id": "basel-rhein"}, headers=manager), 403,
                   "office_not_in_region")
    assert_refused(http.post("/v1/shifts", json={"office_id": "cdg"}, headers=controller), 403, "office_not_in_region")
    assert_refused(http.post("/v1/shifts", json={"office_id": "basel-rhein"}, headers=admin), 403,
                   "office_not_in_session")
    basel = http.post("/v1/shifts", json={"office_id": "basel-rhein"}, headers=admin_at_basel)
    assert basel.status_code == 201, basel.text
    assert_refused(http.get("/v1/shifts/current", params={"office_id": "basel-rhein"}, headers=manager), 403,
                   "office_not_in_region")
    assert_refused(http.post(f"/v1/shifts/{basel.json()['shift_id']}/handover", json={}, headers=manager), 403,
                   "office_not_in_region")
    assert http.get("/v1/shifts/current", params={"office_id": "basel-rhein"},
                    headers=admin_at_basel).json()["shift_id"] == basel.json()["shift_id"]
    assert count(world, "shifts") == 1

    # Queue decisions and the trail: one line in each region.
    assert http.post("/v1/audit/queue-decisions", json=decision("BSL-1", office_id="basel-rhein"),
                     headers=admin_at_basel).status_code == 201
    assert http.post("/v1/audit/queue-decisions", json=decision("GVA-1"), headers=controller).status_code == 201
    assert_refused(http.post("/v1/audit/queue-decisions", json=decision("BSL-2", office_id="basel-rhein"),
                             headers=manager), 403, "office_not_in_region")
    seen = {role: [e["subject"] for e in http.get("/v1/audit", headers=h).json()]
            for role, h in (("manager", manager), ("controller", controller), ("admin", admin))}
    assert seen == {"manager": ["GVA-1"], "controller": ["GVA-1"], "admin": ["BSL-1", "GVA-1"]}
    assert_refused(http.get("/v1/audit", params={"office_id": "basel-rhein"}, headers=manager), 403,
                   "office_not_in_region")
    assert_refused(http.get("/v1/audit", params={"account_id": "officer.fr"}, headers=manager), 403, "forbidden")
    assert_refused(http.get("/v1/audit", params={"account_id": "nobody"}, headers=manager), 404, "unknown_account")
    assert [e["subject"] for e in http.get("/v1/audit", params={"office_id": "basel-rhein"},
                                           headers=admin).json()] == ["BSL-1"]


def test_queue_decision_reports_are_checked(world: World, http: httpx.Client) -> None:
    controller = auth(world, "controller.ch")
    now = world.clock()
    assert_refused(http.post("/v1/audit/queue-decisions", json=decision(decision="forget"), headers=controller),
                   422, "invalid_request")
    assert_refused(http.post("/v1/audit/queue-decisions", json=decision(reason=""), headers=controller),
                   422, "invalid_request")
    naive = decision(decided_at=now.replace(tzinfo=None).isoformat())
    assert_refused(http.post("/v1/audit/queue-decisions", json=naive, headers=controller), 422, "invalid_request")
    ahead = decision(decided_at=(now + timedelta(hours=1)).isoformat())
    assert_refused(http.post("/v1/audit/queue-decisions", json=ahead, headers=controller), 422, "clock_skew")
    assert count(world, "audit") == 0
    carnet = new_carnet(world)
    earlier = now - timedelta(minutes=30)
    made = http.post("/v1/audit/queue-decisions", headers=controller, json=decision(
        "GVA-Q-7", decision="resubmit", carnet=carnet.number, transaction_type="validation",
        decided_at=earlier.isoformat()))
    assert made.status_code == 201, made.text
    entry = AuditEntry.model_validate_json(made.content)
    assert (entry.at, entry.carnet_id, entry.carnet_number, entry.transaction_type, entry.decision) == (
        earlier, carnet.carnet_id, carnet.number, T.VALIDATION, QueueDecision.RESUBMIT)
    assert_refused(http.get("/v1/audit", params={"since": now.replace(tzinfo=None).isoformat()},
                            headers=controller), 422, "invalid_request")


# --- the audit trail and the hand-over report, against what was done -----------------------------------------


async def test_hand_over_report_matches_what_was_done_during_the_shift(world: World, close_clients: None) -> None:
    officer, controller, admin = world.client("officer.ch"), world.client("controller.ch"), world.client("admin")
    second = world.client(new_account(world, "officer2.ch", "gva-airport"))
    minute = timedelta(minutes=1)

    # Before the shift: a validation and a hold, both at Genève Aéroport.
    early = new_carnet(world)
    await commit(world, officer, early, T.VALIDATION)
    old_hold_carnet = new_carnet(world)
    await commit(world, officer, old_hold_carnet, T.VALIDATION)
    old_hold = await hold(world, officer, old_hold_carnet, "Seals to check (yesterday)")
    world.clock.advance(minute)

    shift = await controller.open_shift(note="Morning shift")
    opened_at = world.clock()
    world.clock.advance(minute)

    # During the shift, at Genève Aéroport: 3 validations and 1 exportation by officer.ch (one validation then
    # cancelled), 1 validation and 1 importation by officer2.ch, 1 validation by controller.ch.
    a, b, c, d, e = (new_carnet(world) for _ in range(5))
    eu = new_carnet(world, home="EU")
    fr = world.client("officer.fr")
    await commit(world, fr, eu, T.VALIDATION)
    await commit(world, fr, eu, T.EXPORTATION, "1-20")  # at Paris: not Genève's
    for carnet in (a, b):
        await commit(world, officer, carnet, T.VALIDATION)
        world.clock.advance(minute)
    await commit(world, officer, a, T.EXPORTATION, "1-10")
    cancelled = await commit(world, officer, c, T.VALIDATION)
    world.clock.advance(minute)
    await officer.cancel(cancelled.transaction_id, CANCEL_CODE, "Holder chose the wrong carnet")
    await commit(world, second, d, T.VALIDATION)
    await commit(world, second, eu, T.IMPORTATION, "1-20")
    await commit(world, controller, e, T.VALIDATION)
    await commit(world, world.client("officer.ch", "bardonnex"), new_carnet(world), T.VALIDATION)  # another office
    world.clock.advance(minute)

    # Holds: one placed and released, one placed and left, the old one released; two rejections.
    released_hold = await hold(world, officer, b, "Broker to call back")
    world.clock.advance(minute)
    await second.release(released_hold)
    open_hold = await hold(world, second, d, "Goods at the warehouse")
    await officer.release(old_hold)
    await officer.reject(RejectRequest(carnet_id=e.carnet_id, transaction_code=declared(world, e, T.EXPORTATION, "1"),
                                       reason="Goods not presented"))
    await controller.reject(RejectRequest(carnet_id=a.carnet_id,
                                          transaction_code=declared(world, a, T.EXPORTATION, "11"),
                                          reason="Wrong items declared"))
    await controller.report_queue_decision(QueueDecisionReport(
        local_ref="GVA-20260615-0001", decision=QueueDecision.VOID, reason="Holder left", carnet=a.carnet_id))
    world.clock.advance(minute)

    report = await admin.hand_over(shift.shift_id, "Over to the afternoon")
    after = new_carnet(world)
    world.clock.advance(minute)
    await commit(world, officer, after, T.VALIDATION)  # after the hand-over: not in it

    assert report.shift.opened_at == opened_at
    assert (report.shift.closed_by, report.shift.handover_note) == ("admin", "Over to the afternoon")
    assert report.by_type == {"exportation": 1, "importation": 1, "validation": 4}
    assert report.total == 6
    assert {f.officer_id: (f.by_type, f.total) for f in report.by_officer} == {
        "officer.ch": ({"validation": 2, "exportation": 1}, 3),
        "officer2.ch": ({"validation": 1, "importation": 1}, 2),
        "controller.ch": ({"validation": 1}, 1),
    }
    assert [h.hold_id for h in report.holds_opened] == [released_hold, open_hold]
    assert [h.hold_id for h in report.holds_released] == [old_hold, released_hold]
    assert [h.hold_id for h in report.holds_open] == [open_hold]
    assert [(x.subject, x.account_id, x.reason, x.carnet_number) for x in report.cancellations] == [
        (cancelled.transaction_id, "officer.ch", "Holder chose the wrong carnet", c.number)]
    assert [(x.account_id, x.reason, x.carnet_number) for x in report.rejections] == [
        ("officer.ch", "Goods not presented", e.number), ("controller.ch", "Wrong items declared", a.number)]
    assert [(x.subject, x.decision) for x in report.queue_decisions] == [("GVA-20260615-0001", QueueDecision.VOID)]

    # The audit trail per account: every hold, release, cancellation and rejection with its details.
    trail = await controller.audit(account_id="officer.ch")
    assert [(x.action, x.carnet_number, x.office_id, x.reason) for x in trail] == [
        (AuditAction.HOLD, old_hold_carnet.number, "gva-airport", "Seals to check (yesterday)"),
        (AuditAction.CANCELLATION, c.number, "gva-airport", "Holder chose the wrong carnet"),
        (AuditAction.HOLD, b.number, "gva-airport", "Broker to call back"),
        (AuditAction.RELEASE, old_hold_carnet.number, "gva-airport", "Seals to check (yesterday)"),
        (AuditAction.REJECTION, e.number, "gva-airport", "Goods not presented"),
    ]
    assert all(x.account_name == "Training Officer CH" for x in trail)
    assert trail == sorted(trail, key=lambda x: x.at)
    during = await controller.audit(account_id="officer.ch", since=opened_at, until=report.shift.closed_at)
    assert [x.action for x in during] == [AuditAction.CANCELLATION, AuditAction.HOLD, AuditAction.RELEASE,
                                          AuditAction.REJECTION]
    # The second officer's account was created by the admin during the shift: that is a line about it too.
    assert [x.action for x in await controller.audit(account_id="officer2.ch")] == [
        AuditAction.ACCOUNT_CREATED, AuditAction.RELEASE, AuditAction.HOLD]
    everything = await controller.audit()
    assert sorted(x.action.value for x in everything) == sorted(
        ["account_created", "hold", "hold", "hold", "release", "release", "cancellation", "rejection", "rejection",
         "queue_decision"])
    await second.aclose()
