"""Workstations: registered by a regional manager (its region) or an admin, the key shown once and kept hashed;
signing in at one gives an offline grant; a revoked or unknown key signs nobody in, and revoking one ends the
sessions opened there."""

from __future__ import annotations

import httpx

from central_contract.identity import RegisteredWorkstation
from reference_central.demo.identity import DEMO_PASSWORD
from reference_central.identity import records as ids
from tests.api.helpers import assert_refused
from tests.api.identity_helpers import bearer, complete, demo_code, person, signed_in, start
from tests.central_world import World, open_session


def register(api: httpx.Client, token: str, office_id: str = "gva-airport", name: str = "Desk 1") -> httpx.Response:
    return api.post("/v1/workstations", json={"name": name, "office_id": office_id}, headers=bearer(token))


def registered(api: httpx.Client, token: str, office_id: str = "gva-airport", name: str = "Desk 1") -> str:
    response = register(api, token, office_id, name)
    assert response.status_code == 201, response.text
    return RegisteredWorkstation.model_validate_json(response.content).key


def test_who_registers_a_workstation_and_its_key_is_shown_once(id_world: World, api: httpx.Client) -> None:
    response = register(api, id_world.tokens["manager.ch"], "bardonnex", "  Lane   3  ")
    assert response.status_code == 201, response.text
    made = RegisteredWorkstation.model_validate_json(response.content)
    station = made.workstation
    assert (station.name, station.office_id, station.region_id, station.registered_by) == (
        "Lane 3", "bardonnex", "ch-geneve", "manager.ch")
    assert len(made.key) > 40
    with id_world.store.transaction() as db:
        rows = "\n".join(str(tuple(r)) for r in db.execute("SELECT * FROM workstations"))
        row = db.execute("SELECT key_hash FROM workstations WHERE workstation_id = ?",
                         (station.workstation_id,)).fetchone()
    assert row["key_hash"] == ids.digest(made.key)
    assert made.key not in rows
    listed = api.get("/v1/workstations", headers=bearer(id_world.tokens["manager.ch"]))
    assert station.workstation_id in {w["workstation_id"] for w in listed.json()}
    assert made.key not in listed.text
    assert "key" not in listed.json()[0]

    for who in ("officer.ch", "controller.ch"):
        assert_refused(register(api, id_world.tokens[who]), 403, "forbidden")
        assert_refused(api.get("/v1/workstations", headers=bearer(id_world.tokens[who])), 403, "forbidden")
    assert_refused(register(api, id_world.tokens["manager.ch"], "cdg"), 403, "office_not_in_region")
    assert register(api, id_world.tokens["admin"], "cdg").status_code == 201
    # A regional manager lists its region's workstations only; an admin all of them.
    assert {w["region_id"] for w in api.get("/v1/workstations", headers=bearer(id_world.tokens["manager.ch"])).json()} \
        == {"ch-geneve"}
    assert {w["region_id"] for w in api.get("/v1/workstations", headers=bearer(id_world.tokens["admin"])).json()} \
        == {"ch-geneve", "fr-idf"}


def test_signing_in_at_a_workstation_gives_an_offline_grant(id_world: World, api: httpx.Client) -> None:
    key = registered(api, id_world.tokens["manager.ch"])
    there = signed_in(id_world, api, "officer.ch", workstation=key)
    assert there.offline is not None
    assert there.offline.issued_at == id_world.clock()
    assert (there.offline.offline_until - there.offline.issued_at).days == 7
    assert there.offline.grant.startswith("ecg_")
    with id_world.store.transaction() as db:
        grants = "\n".join(str(tuple(r)) for r in db.execute("SELECT * FROM offline_grants"))
    assert there.offline.grant not in grants
    assert ids.digest(there.offline.grant) in grants
    # Without a workstation, no grant.
    assert signed_in(id_world, api, "officer.ch").offline is None


def test_an_unknown_or_revoked_key_signs_nobody_in(id_world: World, api: httpx.Client) -> None:
    manager = id_world.tokens["manager.ch"]
    assert_refused(start(api, "officer.ch", DEMO_PASSWORD, "ecw_no_such_key"), 403, "workstation_revoked")
    key = registered(api, manager)
    station = api.get("/v1/workstations", headers=bearer(manager)).json()[0]["workstation_id"]
    revoked = api.post(f"/v1/workstations/{station}/revoke", headers=bearer(manager))
    assert revoked.status_code == 200, revoked.text
    assert revoked.json()["revoked_by"] == "manager.ch"
    assert_refused(start(api, "officer.ch", DEMO_PASSWORD, key), 403, "workstation_revoked")
    # A wrong password at a revoked workstation is an ordinary failure: nothing is told.
    assert_refused(start(api, "officer.ch", "not the password at all", key), 401, "sign_in_failed")


def test_revoking_a_workstation_ends_the_sessions_opened_there(id_world: World, api: httpx.Client) -> None:
    manager = id_world.tokens["manager.ch"]
    key = registered(api, manager)
    station = api.get("/v1/workstations", headers=bearer(manager)).json()[0]["workstation_id"]
    at_desk = signed_in(id_world, api, "officer.ch", workstation=key)
    colleague = signed_in(id_world, api, "controller.ch", workstation=key)
    elsewhere = signed_in(id_world, api, "officer.ch")
    # Another region's manager does not see it to revoke it.
    person(api, id_world.tokens["admin"], "manager.fr", "regional_manager", "cdg")
    manager_fr = open_session(id_world.store, "manager.fr", id_world.clock())
    assert_refused(api.post(f"/v1/workstations/{station}/revoke", headers=bearer(manager_fr)),
                   404, "unknown_workstation")
    assert api.post(f"/v1/workstations/{station}/revoke", headers=bearer(manager)).status_code == 200
    for ended in (at_desk, colleague):
        error = assert_refused(api.get("/v1/me", headers=bearer(ended.token)), 401, "session_expired")
        assert error["detail"] == "workstation revoked"
    assert api.get("/v1/me", headers=bearer(elsewhere.token)).status_code == 200


def test_a_challenge_is_completed_at_the_workstation_it_began_at(id_world: World, api: httpx.Client) -> None:
    one = registered(api, id_world.tokens["manager.ch"], name="Desk 1")
    two = registered(api, id_world.tokens["manager.ch"], name="Desk 2")
    challenge = start(api, "officer.ch", DEMO_PASSWORD, one).json()["challenge"]
    for other in (two, None):
        assert_refused(complete(api, challenge, demo_code(id_world, "officer.ch"), workstation=other),
                       401, "challenge_expired")
