"""No value a client sends is answered with a 500: the requests are built from the central's own ``/openapi.json``, so
that a route or a field added later is covered without a word here.

For every route and method, with the session of an admin and of an officer, each field of the body (nested ones
included) and each query parameter gets, one request each, every value of :data:`HOSTILE` (extreme dates and times,
huge and negative numbers, 100 KB of text, NUL, terminal escapes, a bidirectional override, the wrong JSON type) in
an otherwise plausible request on the demo central. Each answer is a success or a refusal in the documented format
(docs/api.md, "Errors"), never ``internal_error``: a 500 is retryable, and an offline queue would send it forever.
"""

from __future__ import annotations

import copy
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from carnet_domain.refusals import RefusalCode, info
from reference_central.api import create_app
from reference_central.demo.seed import demo_codes
from reference_central.service import Central
from reference_central.store import Store
from tests.central_world import Database, World, start_world
from tests.conftest import NOW

Json = Any
Schema = dict[str, Any]

HOSTILE: dict[str, Json] = {
    "year 1": "0001-01-01T00:00:00+01:00",
    "year 9999": "9999-12-31T23:59:59-01:00",
    "odd offset": "2026-06-15T10:00:00+23:59",
    "naive": "2026-06-15T10:00:00",
    "day 1": "0001-01-01",
    "day 9999": "9999-12-31",
    "10**20": 10**20,
    "-1": -1,
    "2**63": 2**63,
    "1e308": 1e308,
    "100 KB": "x" * 100_000,
    "NUL": "a\x00b",
    "ESC": "\x1b[2J\x1b]0;owned\x07",
    "U+202E": "invoice\u202efdp.exe",
    "list": ["x"],
    "object": {"x": 1},
    "null": None,
}
"""The values each field gets in turn."""
QUERY_TEXT = 60_000
"""A query parameter's "100 KB": a URL's query is at most 64 KiB to the client."""

ROLES = ("admin", "officer.ch")


@dataclass(frozen=True)
class Demo:
    """Values of the demo central that take a request past its first refusals."""

    carnet_id: str
    transaction_code: str
    vehicle: str


def plausible_values(demo: Demo) -> dict[str, Json]:
    """A plausible value for each field or query parameter the schema alone cannot give one for (a pattern, a
    reference to the demo's data); a new field with a pattern fails the test until it has one here."""
    return {
        "carnet": demo.carnet_id, "carnet_id": demo.carnet_id, "transaction_code": demo.transaction_code,
        "type": "exportation", "office_id": "gva-airport", "declared_goods": "1", "cancellation_code": "CANCELBBBBBB",
        "account_id": "hostile.account", "region_id": "hostile-region", "country": "CH", "territory": "CH",
        "account": "nobody.here", "password": "not the password", "current_password": "not the current password",
        "new_password": "a new password of some length", "challenge": "not-a-challenge",
        "route_groups": ["holds"], "content": "JVBERi0xLjQK", "entry_id": "1", "timezone": "Europe/Zurich",
        "goods": {"declared_goods": "1"},
    }


PATH_VALUES = {"transaction_id": "1", "hold_id": "1", "shift_id": "1", "account_id": "nobody.here",
               "session_id": "00000000-0000-0000-0000-000000000000", "workstation_id": "ws-none",
               "predeclaration_id": "1", "record_id": "1", "office_id": "no-office", "region_id": "no-region",
               "kind": "regions", "exercise_id": "no-exercise", "trainee": "1"}
"""Path parameters that name nothing of the test's own (its sessions stay open); ``carnet`` is a demo vehicle."""


@dataclass(frozen=True)
class Operation:
    method: str
    path: str

    @property
    def id(self) -> str:
        return f"{self.method} {self.path}"


def _operations() -> list[Operation]:
    store = Store(":memory:")
    try:
        spec = create_app(Central(store)).openapi()
    finally:
        store.close()
    return [Operation(method.upper(), path) for path, ops in spec["paths"].items() for method in ops]


OPERATIONS = _operations()


@dataclass
class Hostile:
    world: World
    spec: Schema
    http: httpx.Client
    plausible: dict[str, Json]
    vehicle: str


@pytest.fixture(scope="module")
def hostile(module_database: Database) -> Iterator[Hostile]:
    """One demo central for the module, its served ``/openapi.json`` and a kept-alive client."""
    world = start_world(module_database.where, NOW, key_file=module_database.key_file, demo=True)
    codes = demo_codes(world.store)
    ata = next(c for c in codes if c.office_id == "gva-airport" and c.transaction_type == "exportation")
    cpd = next(c for c in codes if c.kind == "CPD")
    demo = Demo(ata.carnet_id, ata.transaction_code, cpd.carnet_number)
    with httpx.Client(base_url=world.url, timeout=30.0) as http:
        spec = http.get("/openapi.json").json()
        yield Hostile(world, spec, http, plausible_values(demo), demo.vehicle)
    world.server.stop()
    world.store.close()


# --- reading the schema -------------------------------------------------------------------------------------


def resolved(spec: Schema, schema: Schema) -> Schema:
    """``schema`` with its reference followed and, for an optional value, its non-null alternative."""
    while True:
        if "$ref" in schema:
            schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
        elif "anyOf" in schema or "oneOf" in schema:
            options = [s for s in schema.get("anyOf") or schema.get("oneOf") or [] if s.get("type") != "null"]
            schema = options[0]
        elif "allOf" in schema and len(schema["allOf"]) == 1:
            schema = schema["allOf"][0]
        else:
            return schema


def plausible(spec: Schema, schema: Schema, name: str, known: dict[str, Json]) -> Json:
    """A value the schema accepts, with the required fields only for an object."""
    if name in known:
        return copy.deepcopy(known[name])
    schema = resolved(spec, schema)
    if "enum" in schema:
        return schema["enum"][0]
    if "properties" in schema:
        return {field: plausible(spec, inner, field, known) for field, inner in schema["properties"].items()
                if field in schema.get("required", ())}
    kind = schema.get("type")
    if kind == "string":
        text = {"date": NOW.date().isoformat(), "date-time": NOW.isoformat()}.get(
            schema.get("format", ""), "x" * max(1, schema.get("minLength", 1)))
        pattern = schema.get("pattern")
        assert pattern is None or re.search(pattern, text), f"no plausible value for {name!r} ({pattern}): add one"
        return text
    if kind == "integer":
        return schema.get("minimum", 1)
    if kind == "number":
        return 1
    if kind == "boolean":
        return False
    if kind == "array":
        return [plausible(spec, schema["items"], name, known)] if schema.get("minItems") else []
    if kind == "object":
        return {}
    raise AssertionError(f"no plausible value for {name!r}: {schema}")


Step = tuple[str | int, Schema]


def fields(spec: Schema, schema: Schema, prefix: tuple[Step, ...] = ()) -> Iterator[tuple[Step, ...]]:
    """Every field of an object schema, nested ones too: each as the steps from the body to it (key, schema)."""
    schema = resolved(spec, schema)
    for name, inner in schema.get("properties", {}).items():
        path = (*prefix, (name, inner))
        yield path
        target = resolved(spec, inner)
        if "properties" in target:
            yield from fields(spec, target, path)
        elif target.get("type") == "array" and "properties" in resolved(spec, target.get("items", {})):
            yield from fields(spec, target["items"], (*path, (0, target["items"])))
        elif target.get("type") == "object" and target.get("additionalProperties") not in (None, False):
            extra = target["additionalProperties"]
            yield (*path, ("1", extra if isinstance(extra, dict) else {}))


def put(spec: Schema, body: Json, path: tuple[Step, ...], value: Json, known: dict[str, Json]) -> Json:
    """A copy of ``body`` with ``value`` at ``path``, the containers on the way made plausible where missing."""
    body = copy.deepcopy(body)
    here = body
    for key, schema in path[:-1]:
        if isinstance(key, int):
            if not here:
                here.append(plausible(spec, schema, "item", known))
        elif not isinstance(here.get(key), dict | list):
            here[key] = plausible(spec, schema, key, known)
        here = here[key]
    here[path[-1][0]] = value
    return body


def shown(path: tuple[Step, ...]) -> str:
    return ".".join(str(key) for key, _ in path)


# --- asking and judging -------------------------------------------------------------------------------------


def wrong_answer(response: httpx.Response) -> str | None:
    """Why ``response`` is not a success or a refusal in the documented format, or ``None``."""
    if response.status_code < 400:
        return None
    if response.status_code >= 500:
        return f"{response.status_code} {response.text[:300]}"
    try:
        body = response.json()
    except ValueError:
        return f"{response.status_code}, not JSON: {response.text[:200]}"
    error = body.get("error") if isinstance(body, dict) else None
    if set(body) != {"error"} or not isinstance(error, dict):
        return f"{response.status_code}, not the error format: {response.text[:200]}"
    try:
        expected = info(RefusalCode(str(error.get("code"))))
    except ValueError:
        return f"{response.status_code}, an undocumented code: {response.text[:200]}"
    if (expected.status, expected.message, expected.permanent) != (
        response.status_code, error.get("message"), error.get("permanent")
    ) or not isinstance(error.get("detail"), str):
        return f"{response.status_code}, not as documented: {response.text[:200]}"
    return None


def query_text(value: Json) -> str | list[str]:
    """How a hostile value travels in a query string."""
    if isinstance(value, str):
        return value[:QUERY_TEXT]
    if isinstance(value, list):
        return [str(v) for v in value] * 2
    return {None: "null", True: "true", False: "false"}.get(value, str(value)) if not isinstance(value, dict) \
        else "{'x': 1}"


@pytest.mark.parametrize("operation", OPERATIONS, ids=[o.id for o in OPERATIONS])
def test_no_hostile_value_is_answered_with_a_500(hostile: Hostile, operation: Operation) -> None:
    spec, known = hostile.spec, hostile.plausible
    op = spec["paths"][operation.path][operation.method.lower()]
    url = re.sub(r"\{(\w+)\}", lambda m: hostile.vehicle if m.group(1) == "carnet" else PATH_VALUES[m.group(1)],
                 operation.path)
    content = op.get("requestBody", {}).get("content", {}).get("application/json", {})
    body_schema = content.get("schema")
    base = plausible(spec, body_schema, "body", known) if body_schema is not None else None
    query = [p for p in op.get("parameters", []) if p["in"] == "query"]
    base_query = {p["name"]: plausible(spec, p["schema"], p["name"], known) for p in query if p.get("required")}
    keyed = any(p["in"] == "header" and p["name"].lower() == "idempotency-key" for p in op.get("parameters", []))

    cases: list[tuple[str, Json, dict[str, Json]]] = []
    for path in fields(spec, body_schema) if body_schema is not None else ():
        cases += [(f"body.{shown(path)} = {label}", put(spec, base, path, value, known), base_query)
                  for label, value in HOSTILE.items()]
    for parameter in query:
        cases += [(f"query.{parameter['name']} = {label}", base, {**base_query, parameter["name"]: query_text(value)})
                  for label, value in HOSTILE.items()]

    wrong: list[str] = []
    for role in ROLES:
        headers = {"Authorization": f"Bearer {hostile.world.tokens[role]}"}
        for label, body, params in cases:
            if keyed:
                headers["Idempotency-Key"] = str(uuid.uuid4())
            response = hostile.http.request(operation.method, url, params=params, headers=headers,
                                            json=body if body_schema is not None else None)
            if (problem := wrong_answer(response)) is not None:
                wrong.append(f"{role}: {label}: {problem}")
    assert not wrong, f"{len(wrong)} wrong answers, e.g.:\n" + "\n".join(wrong[:12])
