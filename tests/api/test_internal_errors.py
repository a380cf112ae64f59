"""A 500 is a bug: the central logs it with its traceback under an incident ID, and gives that ID in the answer, so
that a desk's report finds its log line (docs/api.md, "Errors"). The failure here is a real one: a table the route
reads is gone from the central's database."""

from __future__ import annotations

import logging
import re

import httpx
import pytest

from tests.api.helpers import assert_refused
from tests.central_world import World

MISSING_TABLE = {"sqlite": ("OperationalError", "no such table: holds"),
                 "postgresql": ("ProgrammingError", 'relation "holds" does not exist')}
"""How each engine's driver says a table is missing."""


def test_a_failure_is_answered_with_an_incident_id_that_its_logged_traceback_carries(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR, logger="reference_central")
    with world.store.transaction() as db:
        db.execute("DROP TABLE holds")
    headers = {"Authorization": f"Bearer {world.tokens['officer.ch']}"}
    with httpx.Client(base_url=world.url, headers=headers, timeout=10.0) as http:
        answers = [http.get("/v1/holds") for _ in range(2)]
        error = assert_refused(answers[0], 500, "internal_error")
        incident = error["incident"]
        assert re.fullmatch(r"[0-9a-f]{10}", incident)
        assert error["detail"] == f"incident {incident}: {MISSING_TABLE[world.store.dialect][0]}"
        # Each failure is an incident of its own; the connection stays usable.
        assert assert_refused(answers[1], 500, "internal_error")["incident"] != incident
        assert http.get("/v1/me").status_code == 200

    [record] = [r for r in caplog.records if r.name == "reference_central" and incident in r.getMessage()]
    assert record.levelno == logging.ERROR
    request = answers[0].headers["X-Request-ID"]
    assert record.getMessage() == f"incident {incident}: GET /v1/holds failed (request {request})"
    assert record.exc_info is not None and record.exc_info[0] is not None
    assert record.exc_info[0].__name__ == MISSING_TABLE[world.store.dialect][0]
    logged = logging.Formatter().format(record)
    assert "Traceback (most recent call last)" in logged
    assert MISSING_TABLE[world.store.dialect][1] in logged
