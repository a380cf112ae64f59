"""A hold's draft is bounded (docs/api.md, "Values"): at most ``DRAFT_MAX_BYTES`` once serialized, nested at most
``DRAFT_MAX_DEPTH`` deep, its texts under the rules of multi-line text. It is returned with every later lookup of the
carnet, so a draft of 255 KiB, accepted before, is refused now; what a real desk keeps for a 1000-item carnet fits.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from carnet_domain.transaction_types import TransactionType as T
from carnet_domain.transaction_types import TxField
from central_contract.bounds import DRAFT_MAX_BYTES, DRAFT_MAX_DEPTH
from central_contract.models import HoldRequest
from ecarnet_tui.services.draft import CUSTOMS_FIELDS, HOLDER_FIELDS, Draft
from reference_central import records
from reference_central.demo.seed import demo_codes
from tests.api.helpers import assert_refused, code_number
from tests.central_world import World, make_carnet

EXPORT = code_number(401)


@pytest.fixture
def http(world: World) -> Iterator[httpx.Client]:
    world.declare(world.add_carnet(make_carnet("4711", "CHTA00004711")), T.EXPORTATION, EXPORT, "1-20")
    headers = {"Authorization": f"Bearer {world.tokens['officer.ch']}"}
    with httpx.Client(base_url=world.url, headers=headers, timeout=10.0) as client:
        yield client


def hold(http: httpx.Client, draft: object) -> httpx.Response:
    return http.post("/v1/holds", json={"carnet_id": "4711", "transaction_code": EXPORT, "step": 3,
                                        "reason": "Seals to check", "draft": draft})


def size(draft: object) -> int:
    return len(json.dumps(draft, ensure_ascii=False, separators=(",", ":")).encode())


def test_a_draft_of_255_kib_is_refused_and_nothing_is_held(world: World, http: httpx.Client) -> None:
    error = assert_refused(hold(http, {"text": {"customs_remarks": "x" * (255 * 1024)}}), 422, "invalid_request")
    assert [f["field"] for f in error["fields"]] == ["body.draft"]
    assert f"a draft may hold {DRAFT_MAX_BYTES}" in error["detail"]
    with world.store.transaction() as db:
        assert records.active_holds(db, "4711") == []


def test_a_draft_at_the_limit_is_kept_and_comes_back_with_every_lookup(world: World, http: httpx.Client) -> None:
    over = {"text": {"customs_remarks": "é" * ((DRAFT_MAX_BYTES - size({"text": {"customs_remarks": ""}})) // 2 + 1)}}
    assert size(over) == DRAFT_MAX_BYTES + 1
    assert_refused(hold(http, over), 422, "invalid_request")
    at = {"text": {"customs_remarks": "x" * (DRAFT_MAX_BYTES - size({"text": {"customs_remarks": ""}}))}}
    assert size(at) == DRAFT_MAX_BYTES
    placed = hold(http, at)
    assert placed.status_code == 201, placed.text[:300]
    looked_up = http.post("/v1/lookup", json={"carnet": "CHTA00004711", "transaction_code": EXPORT})
    assert looked_up.status_code == 200, looked_up.text[:300]
    assert [h["draft"] for h in looked_up.json()["holds"]] == [at]


@pytest.mark.parametrize(("draft", "problem"), [
    ({"text": {"customs_remarks": "torn\x1b[2J"}}, "draft.text.customs_remarks: a control character (U+001B)"),
    ({"marks": {"7": "SN\u202e42"}}, "draft.marks.7: a bidirectional control (U+202E)"),
    ({"readings\x00": {}}, "draft key: a control character (U+0000)"),
    ({"a": [[[[[[[[["deep"]]]]]]]]]}, f"nests deeper than {DRAFT_MAX_DEPTH} levels"),
], ids=["escape", "override", "nul-key", "deep"])
def test_a_drafts_texts_follow_the_text_rules(world: World, http: httpx.Client, draft: object, problem: str) -> None:
    error = assert_refused(hold(http, draft), 422, "invalid_request")
    assert problem in error["detail"]
    with world.store.transaction() as db:
        assert records.active_holds(db, "4711") == []


async def test_a_desks_draft_of_a_1000_item_carnet_fits_and_is_resumed_as_typed(
    demo_world: World, close_clients: None,
) -> None:
    """The demo's 1000-item carnet at step 4: every box typed to its length in a script of three bytes a character,
    and 150 items' identification marks retyped to their 200 characters."""
    code = next(c for c in demo_codes(demo_world.store) if c.carnet_number == "CHDEMO261000")
    officer = demo_world.client("officer.ch")
    looked_up = await officer.lookup(code.carnet_number, code.transaction_code)
    assert looked_up.carnet.item_count == 1000
    draft = Draft.start(looked_up, "gva-airport", demo_world.clock())
    for which in (*HOLDER_FIELDS, *CUSTOMS_FIELDS):
        draft.text[which] = "漢" * (100 if which is TxField.CUSTOMS_REFERENCE else 500)
    draft.ranges[TxField.DECLARED_GOODS] = ",".join(str(n) for n in range(1, 1001, 2))
    for n in range(1, 1001, 1000 // 150):
        draft.marks[n] = f"{n:04d}" + "S" * 196
    draft.delay_explanation = "漢" * 500
    typed: dict[str, Any] = draft.snapshot()
    request = HoldRequest(carnet_id=looked_up.carnet.carnet_id, transaction_code=code.transaction_code,
                          office_id="gva-airport", step=4, reason="Seals to check", draft=typed)
    assert size(request.draft) <= DRAFT_MAX_BYTES, size(request.draft)
    held = await officer.hold(request)
    assert held.draft == typed

    resumed = Draft.start(await demo_world.client("controller.ch").lookup(code.carnet_number, code.transaction_code),
                          "gva-airport", demo_world.clock())
    [kept] = resumed.lookup.holds
    resumed.restore(kept.draft)
    assert (resumed.text, resumed.ranges, resumed.marks, resumed.delay_explanation) == (
        draft.text, draft.ranges, draft.marks, draft.delay_explanation)
