"""docs/api.md is the contract a gateway implements: it must name every route and every refusal code."""

from __future__ import annotations

import re
from pathlib import Path

from carnet_domain.refusals import RefusalCode, WarningCode
from reference_central.api import create_app
from reference_central.service import Central
from reference_central.store import Store

DOC = (Path(__file__).resolve().parent.parent / "docs" / "api.md").read_text(encoding="utf-8")


def test_every_refusal_and_warning_code_is_documented() -> None:
    missing = [c.value for c in (*RefusalCode, *WarningCode) if f"`{c.value}`" not in DOC]
    assert missing == []


def test_every_route_is_documented(tmp_path: Path) -> None:
    spec = create_app(Central(Store(tmp_path / "c.sqlite3"))).openapi()
    routes = {f"{method.upper()} {path}" for path, ops in spec["paths"].items() for method in ops}
    documented = set(re.findall(r"`((?:GET|POST|PUT|PATCH|DELETE) /v1/[^`]*)`", DOC))
    normalised = {re.sub(r"\{[^}]+\}", "{}", r) for r in routes}
    assert normalised == {re.sub(r"\{[^}]+\}", "{}", d) for d in documented}
