"""What an operator watches: ``GET /v1/health`` answers only while the central reaches its database, and every
request is one JSON log line under a request ID that a refusal (and any answer to a client that named its request)
carries back, never with the path's carnet or the query's values in it."""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path

import httpx
import pytest

from reference_central.server import BackgroundCentral
from reference_central.service import Central
from reference_central.store import Store
from tests.central_world import World


def lines(caplog: pytest.LogCaptureFixture, count: int, timeout: float = 10.0) -> list[dict[str, object]]:
    """The request log's lines once there are ``count`` of them: the central writes a request's line when it has
    ended, which can be just after its client has the answer (wait inside ``caplog.at_level``, or the late line is
    dropped as the level is restored)."""
    deadline = time.monotonic() + timeout
    while True:
        found = [json.loads(r.getMessage()) for r in caplog.records if r.name == "reference_central.requests"]
        if len(found) >= count or time.monotonic() > deadline:
            return found
        time.sleep(0.01)


def test_each_request_is_a_log_line_under_an_id_a_refusal_carries_back(
    world: World, caplog: pytest.LogCaptureFixture,
) -> None:
    officer = {"Authorization": f"Bearer {world.tokens['officer.ch']}"}
    with caplog.at_level(logging.INFO, logger="reference_central"), httpx.Client(base_url=world.url) as http:
        named = http.get("/v1/holds", headers={**officer, "X-Request-ID": "desk-7.a_1"})
        plain = http.get("/v1/holds", headers=officer)
        refused = http.get("/v1/carnets/CHTA00000133/vehicle", params={"office_id": "gva-airport"},
                           headers={"X-Request-ID": "not sane: spaces; and \x1b[31m"})
        logged = lines(caplog, 3)  # while the central's INFO lines are captured
    assert named.headers["X-Request-ID"] == "desk-7.a_1"
    assert "X-Request-ID" not in plain.headers  # a plain success costs a slow link no more bytes
    given = refused.headers["X-Request-ID"]
    assert refused.status_code == 401 and given != "not sane: spaces; and \x1b[31m" and len(given) == 16
    assert {"request_id": "desk-7.a_1", "method": "GET", "route": "/v1/holds", "status": 200}.items() <= \
        logged[0].items()
    assert logged[2]["request_id"] == given
    assert logged[2]["route"] == "/v1/carnets/{carnet}/vehicle" and logged[2]["status"] == 401
    assert all(isinstance(line["ms"], float) for line in logged)
    assert "CHTA00000133" not in caplog.text and "gva-airport" not in caplog.text
    assert world.tokens["officer.ch"] not in caplog.text


def test_health_answers_only_while_the_database_does(tmp_path: Path) -> None:
    store = Store(tmp_path / "central.sqlite3")
    server = BackgroundCentral(Central(store))
    server.start()
    try:
        with httpx.Client(base_url=server.url) as http:
            well = http.get("/v1/health")
            assert (well.status_code, well.json()["database"]) == (200, "ok")
            store.close()  # the database is gone from under the central
            gone = http.get("/v1/health")
            assert gone.status_code == 503
            assert gone.json()["error"] == {
                "code": "unavailable", "message": gone.json()["error"]["message"], "permanent": False,
                "detail": "the central's database cannot be reached"}
            assert gone.headers["X-Request-ID"]
    finally:
        server.stop()
