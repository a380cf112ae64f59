"""The EU's two-step exportation, holds, carnet resolution, history visibility, rejections and office regions,
through the real HTTP API; every test reads back what the central recorded."""

from __future__ import annotations

import itertools
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from carnet_domain.carnet import Carnet
from carnet_domain.history import withheld
from carnet_domain.transaction import GoodsDeclaration, Hold, Rejection
from carnet_domain.transaction_types import TransactionType as T
from central_client.http import HttpCentral
from central_contract.models import CommitRequest, CommitResponse, EuStep, HoldRequest, RejectRequest
from reference_central import records
from tests.api.helpers import fresh_code, history_of, refused
from tests.central_world import World, make_carnet, open_session

NOW = datetime(2026, 6, 15, 10, 0, tzinfo=UTC)

_serial = itertools.count(1)
_carnet_serial = itertools.count(1)




def new_carnet(world: World, home: str = "CH", **extra: Any) -> Carnet:
    n = next(_carnet_serial)
    return world.add_carnet(make_carnet(str(8000 + n), f"{home}-E{n:04d}", home=home, **extra))


def declared(world: World, carnet: Carnet, kind: T, goods: str = "") -> str:
    code = fresh_code()
    world.declare(carnet, kind, code, goods)
    return code


async def commit(
    world: World, client: HttpCentral, carnet: Carnet, kind: T, goods: str = "", *,
    code: str | None = None, office_id: str | None = None, eu_step: EuStep | None = None,
) -> CommitResponse:
    """Declare ``kind`` (unless ``code`` is an existing declaration) and commit it under a fresh key."""
    body = CommitRequest(
        carnet_id=carnet.carnet_id, transaction_code=code or declared(world, carnet, kind, goods), type=kind,
        eu_step=eu_step, office_id=office_id, goods=GoodsDeclaration(declared_goods=goods),
    )
    return await client.commit(body, str(uuid.uuid4()))






def stored_hold(world: World, hold_id: str) -> Hold:
    with world.store.transaction() as db:
        hold = records.hold(db, hold_id)
    assert hold is not None
    return hold


def stored_rejections(world: World, carnet: Carnet, territory: str) -> list[Rejection]:
    with world.store.transaction() as db:
        return records.rejections(db, carnet.carnet_id, territory)


async def exported_from_ch(world: World, ch: HttpCentral, carnet: Carnet) -> None:
    await commit(world, ch, carnet, T.VALIDATION)
    await commit(world, ch, carnet, T.EXPORTATION, "1-20")


# --- the EU's Pre-exportation (Export) and Exit --------------------------------------------------------


async def test_export_then_exit_at_another_office_of_the_territory(world: World, close_clients: None) -> None:
    fr = world.client("officer.fr")
    orly = world.client("officer.fr", "orly")  # an officer of the region signed in at Orly
    carnet = new_carnet(world, home="EU")
    await commit(world, fr, carnet, T.VALIDATION)
    code = declared(world, carnet, T.EXPORTATION, "1-20")

    export = await commit(world, fr, carnet, T.EXPORTATION, "1-20", code=code, eu_step=EuStep.EXPORT)
    pre = export.transaction
    assert pre.type is T.PRE_EXPORTATION
    assert export.pre_exportation is None
    assert (pre.office_id, pre.territory) == ("cdg", "EU")

    for office, client in (("cdg", fr), ("orly", orly)):
        found = await client.lookup(carnet.number, code, office_id=office)
        assert found.pre_exportation == pre
        assert withheld([pre])[0] in found.history  # the history names no officer and no verification code
    world.clock.advance(timedelta(hours=2))

    exit_ = await commit(world, orly, carnet, T.EXPORTATION, "1-20", code=code, eu_step=EuStep.EXIT,
                         office_id="orly")
    assert exit_.transaction.type is T.EXPORTATION
    assert exit_.pre_exportation is None
    assert exit_.transaction.office_id == "orly"
    assert exit_.transaction.transaction_code == code

    again = await refused(
        commit(world, orly, carnet, T.EXPORTATION, "1-20", code=code, eu_step=EuStep.EXIT, office_id="orly"),
        "code_used",
    )
    assert again.detail == exit_.transaction.transaction_id
    await refused(commit(world, fr, carnet, T.EXPORTATION, "1-20", code=code, eu_step=EuStep.EXPORT), "code_used")
    await refused(fr.lookup(carnet.number, code), "code_used")

    recorded = [(t.transaction_id, t.type, t.office_id, t.occurred_at) for t in history_of(world, carnet)
                if t.transaction_code == code]
    assert recorded == [
        (pre.transaction_id, T.PRE_EXPORTATION, "cdg", NOW),
        (exit_.transaction.transaction_id, T.EXPORTATION, "orly", NOW + timedelta(hours=2)),
    ]
    at_orly = await orly.last_transactions(office_id="orly")
    assert [t.transaction_id for t in at_orly.items] == [exit_.transaction.transaction_id]
    at_cdg = [t.transaction_id for t in (await fr.last_transactions()).items]
    assert pre.transaction_id in at_cdg and exit_.transaction.transaction_id not in at_cdg


async def test_exit_in_another_region_of_the_territory(world: World, close_clients: None) -> None:
    fr, de = world.client("officer.fr"), world.client("officer.de")
    carnet = new_carnet(world, home="EU")
    await commit(world, fr, carnet, T.VALIDATION)
    code = declared(world, carnet, T.EXPORTATION, "1-20")
    pre = (await commit(world, fr, carnet, T.EXPORTATION, "1-20", code=code, eu_step=EuStep.EXPORT)).transaction

    assert (await de.lookup(carnet.number, code)).pre_exportation == pre
    exit_ = await commit(world, de, carnet, T.EXPORTATION, "1-20", code=code, eu_step=EuStep.EXIT)
    assert exit_.pre_exportation is None
    assert [(t.type, t.office_id) for t in history_of(world, carnet) if t.transaction_code == code] == [
        (T.PRE_EXPORTATION, "cdg"), (T.EXPORTATION, "muc")
    ]


async def test_exit_without_pre_exportation_commits_both(world: World, close_clients: None) -> None:
    fr = world.client("officer.fr")
    carnet = new_carnet(world, home="EU")
    await commit(world, fr, carnet, T.VALIDATION)
    code = declared(world, carnet, T.EXPORTATION, "1-20")

    both = await commit(world, fr, carnet, T.EXPORTATION, "1-20", code=code, eu_step=EuStep.EXIT)

    assert both.transaction.type is T.EXPORTATION
    assert both.pre_exportation is not None
    assert both.pre_exportation.type is T.PRE_EXPORTATION
    assert both.pre_exportation.transaction_id != both.transaction.transaction_id
    assert both.pre_exportation.verification_code != both.transaction.verification_code
    recorded = [t for t in history_of(world, carnet) if t.transaction_code == code]
    assert recorded == [both.pre_exportation, both.transaction]
    await refused(fr.lookup(carnet.number, code), "code_used")
    await refused(commit(world, fr, carnet, T.EXPORTATION, "1-20", code=code, eu_step=EuStep.EXIT), "code_used")

    # Without an eu_step, an Exportation in the EU is the same Exit.
    plain = await commit(world, fr, carnet, T.EXPORTATION, "1-20")
    assert plain.pre_exportation is not None
    assert [t.type for t in history_of(world, carnet) if t.transaction_code == plain.transaction.transaction_code] == [
        T.PRE_EXPORTATION, T.EXPORTATION
    ]


async def test_eu_step_outside_a_two_step_territory(world: World, close_clients: None) -> None:
    ch, fr = world.client("officer.ch"), world.client("officer.fr")
    carnet = new_carnet(world)
    await commit(world, ch, carnet, T.VALIDATION)
    code = declared(world, carnet, T.EXPORTATION, "1-20")
    for step in EuStep:
        refusal = await refused(
            commit(world, ch, carnet, T.EXPORTATION, "1-20", code=code, eu_step=step), "eu_step_not_applicable"
        )
        assert refusal.detail == "CH"
        assert refusal.status == 422
    await refused(commit(world, ch, carnet, T.PRE_EXPORTATION, "1-20", code=code), "eu_step_not_applicable")
    # Nor does an eu_step apply to anything but an Exportation in the EU.
    await refused(commit(world, fr, carnet, T.IMPORTATION, "1-20", eu_step=EuStep.EXIT), "eu_step_not_applicable")
    assert [t.type for t in history_of(world, carnet)] == [T.VALIDATION]

    done = await commit(world, ch, carnet, T.EXPORTATION, "1-20", code=code)
    assert done.pre_exportation is None
    assert [t.type for t in history_of(world, carnet)] == [T.VALIDATION, T.EXPORTATION]


# --- holds ------------------------------------------------------------------------------------------------

DRAFT: dict[str, object] = {
    "goods": {"declared_goods": "1-5,7", "identification_marks": {"3": "SN-0042"}},
    "customs": {"customs_remarks": "Genève — scellés à vérifier", "goods_examined": True, "final_date": None},
    "step": 3,
    "ratio": 0.25,
    "flags": [True, False, None, "x"],
    "empty": {},
}


async def second_officer_at(world: World, office_id: str) -> HttpCentral:
    """A new officer account at ``office_id``, created by the admin through the API, and signed in."""
    async with httpx.AsyncClient(
        base_url=world.url, headers={"Authorization": f"Bearer {world.tokens['admin']}"}
    ) as admin:
        created = await admin.post("/v1/accounts", json={
            "account_id": "officer.ch2", "display_name": "Second Officer CH", "role": "officer",
            "office_id": office_id,
        })
        assert created.status_code == 201, created.text
    client = HttpCentral(world.url, open_session(world.store, "officer.ch2", world.clock()))
    world.clients.append(client)
    return client


async def test_hold_blocks_its_territory_only_until_released(world: World, close_clients: None) -> None:
    ch, fr = world.client("officer.ch"), world.client("officer.fr")
    bardonnex = world.client("officer.ch", "bardonnex")  # the same officer signed in at Bardonnex
    carnet = new_carnet(world)
    await exported_from_ch(world, ch, carnet)
    reimport = declared(world, carnet, T.REIMPORTATION, "1-20")

    hold = await ch.hold(HoldRequest(
        carnet_id=carnet.number, transaction_code=reimport, step=3, reason="Seals to check",
        customs_reference="GVA-2026-17", draft=DRAFT,
    ))
    assert (hold.territory, hold.office_id, hold.held_by, hold.held_since) == ("CH", "gva-airport", "officer.ch", NOW)
    assert hold.carnet_id == carnet.carnet_id
    assert hold.transaction_type is T.REIMPORTATION
    assert stored_hold(world, hold.hold_id) == hold

    # Every CH office is blocked, whatever code is used.
    blocked = await refused(commit(world, ch, carnet, T.REIMPORTATION, "1-20", code=reimport), "carnet_on_hold")
    assert blocked.detail == "Seals to check"
    await refused(commit(world, bardonnex, carnet, T.REIMPORTATION, "1-20", code=reimport, office_id="bardonnex"),
                  "carnet_on_hold")
    await refused(commit(world, bardonnex, carnet, T.REIMPORTATION, "1-10"), "carnet_on_hold")
    # An EU office is not.
    imported = (await commit(world, fr, carnet, T.IMPORTATION, "1-20")).transaction
    assert imported.territory == "EU"
    eu_code = declared(world, carnet, T.REEXPORTATION, "1-20")
    assert (await fr.lookup(carnet.number, eu_code)).holds == []

    again = await refused(bardonnex.hold(HoldRequest(
        carnet_id=carnet.carnet_id, transaction_code=reimport, office_id="bardonnex", step=2, reason="Twice",
    )), "already_on_hold")
    assert again.status == 409

    # The draft and step come back intact for any officer of the territory.
    [listed] = await ch.holds()
    assert listed == hold
    assert listed.draft == DRAFT
    assert listed.step == 3
    assert await bardonnex.holds(office_id="bardonnex") == []
    assert await bardonnex.holds(territory_wide=True) == [hold]
    found = await bardonnex.lookup(carnet.number, reimport, office_id="bardonnex")
    assert found.holds == [hold]
    assert found.holds[0].draft == DRAFT

    other_office = await refused(bardonnex.release(hold.hold_id), "hold_other_office")
    assert other_office.status == 403
    # Naming the holding office does not make a session signed in elsewhere work there.
    named = await refused(bardonnex.release(hold.hold_id, office_id="gva-airport"), "office_not_in_session")
    assert (named.status, named.detail) == (403, "gva-airport")
    await refused(fr.release(hold.hold_id), "hold_other_office")
    # Whatever the role: an admin signed in at Bardonnex is not a colleague of the holding office (guide line 2732).
    await refused(world.client("admin", "bardonnex").release(hold.hold_id), "hold_other_office")
    assert stored_hold(world, hold.hold_id).active

    world.clock.advance(timedelta(minutes=20))
    colleague = await second_officer_at(world, "gva-airport")
    released = await colleague.release(hold.hold_id)
    assert released.released_by == "officer.ch2"
    assert released.released_at == NOW + timedelta(minutes=20)
    assert released.draft == DRAFT
    kept = stored_hold(world, hold.hold_id)
    assert kept == released
    assert not kept.active
    await refused(ch.release(hold.hold_id), "hold_released")
    assert await ch.holds() == []
    assert (await ch.lookup(carnet.number, reimport)).holds == []

    done = (await commit(world, ch, carnet, T.REIMPORTATION, "1-20", code=reimport)).transaction
    assert [t.type for t in history_of(world, carnet)] == [
        T.VALIDATION, T.EXPORTATION, T.IMPORTATION, T.REIMPORTATION
    ]
    assert history_of(world, carnet)[-1].transaction_id == done.transaction_id


async def test_holds_in_two_territories_are_independent(world: World, close_clients: None) -> None:
    ch, fr = world.client("officer.ch"), world.client("officer.fr")
    carnet = new_carnet(world)
    await exported_from_ch(world, ch, carnet)
    reimport = declared(world, carnet, T.REIMPORTATION, "1-20")
    importation = declared(world, carnet, T.IMPORTATION, "1-20")

    ch_hold = await ch.hold(HoldRequest(carnet_id=carnet.carnet_id, transaction_code=reimport, step=2,
                                        reason="CH check"))
    eu_hold = await fr.hold(HoldRequest(carnet_id=carnet.carnet_id, transaction_code=importation, step=4,
                                        reason="EU check"))
    assert eu_hold.territory == "EU"
    await refused(commit(world, fr, carnet, T.IMPORTATION, "1-20", code=importation), "carnet_on_hold")
    assert [h.hold_id for h in (await fr.lookup(carnet.number, importation)).holds] == [eu_hold.hold_id]
    assert [h.hold_id for h in (await ch.lookup(carnet.number, reimport)).holds] == [ch_hold.hold_id]

    await fr.release(eu_hold.hold_id)
    await commit(world, fr, carnet, T.IMPORTATION, "1-20", code=importation)
    await refused(commit(world, ch, carnet, T.REIMPORTATION, "1-20", code=reimport), "carnet_on_hold")
    assert stored_hold(world, ch_hold.hold_id).active
    assert not stored_hold(world, eu_hold.hold_id).active


# --- resolving the carnet ---------------------------------------------------------------------------------


async def test_carnet_reference_resolution(world: World, close_clients: None) -> None:
    ch = world.client("officer.ch")
    by_number = world.add_carnet(make_carnet("1001", "555"))
    by_id = world.add_carnet(make_carnet("555", "CH-555-B"))
    code_a = declared(world, by_number, T.VALIDATION)
    code_b = declared(world, by_id, T.VALIDATION)

    ambiguous = await refused(ch.lookup("555", code_a), "ambiguous_carnet")
    assert ambiguous.status == 409
    assert ambiguous.extra["candidates"] == ["555", "CH-555-B"]
    await refused(ch.lookup(" 555 ", code_b), "ambiguous_carnet")

    assert (await ch.lookup("1001", code_a)).carnet == by_number  # an ID no number matches
    assert (await ch.lookup("CH-555-B", code_b)).carnet == by_id  # a number no ID matches
    assert (await ch.lookup("ch-555-b", code_b)).carnet == by_id
    only_number = world.add_carnet(make_carnet("1002", "777"))
    code_c = declared(world, only_number, T.VALIDATION)
    assert (await ch.lookup("777", code_c)).carnet == only_number  # a number of digits that is no ID

    await refused(ch.lookup("424242", code_a), "unknown_carnet")
    await refused(ch.lookup("CH-NOPE", code_a), "unknown_carnet")
    wrong = await refused(ch.lookup("1001", code_b), "wrong_transaction_code")  # B's code is not A's
    assert wrong.status == 404
    await refused(ch.lookup("CH-555-B", fresh_code()), "wrong_transaction_code")

    # Holds and rejections resolve the same way.
    await refused(ch.hold(HoldRequest(carnet_id="555", transaction_code=code_a, step=2, reason="x")),
                  "ambiguous_carnet")
    await refused(ch.reject(RejectRequest(carnet_id="555", transaction_code=code_a, reason="x")),
                  "ambiguous_carnet")
    with world.store.transaction() as db:
        assert records.active_holds(db, "1001") == []
        assert records.active_holds(db, "555") == []
        assert db.execute("SELECT COUNT(*) AS n FROM rejections").fetchone()["n"] == 0


# --- what history an office sees ---------------------------------------------------------------------------


async def test_history_an_office_sees_through_lookup(world: World, close_clients: None) -> None:
    fr, ch, gb = world.client("officer.fr"), world.client("officer.ch"), world.client("officer.gb")
    carnet = new_carnet(world, home="EU")
    made: dict[str, list[str]] = {}

    async def step(name: str, client: HttpCentral, kind: T, goods: str = "") -> None:
        response = await commit(world, client, carnet, kind, goods)
        made[name] = [t.transaction_id for t in (response.pre_exportation, response.transaction) if t]
        world.clock.advance(timedelta(hours=1))

    await step("validation", fr, T.VALIDATION)
    await step("exportation", fr, T.EXPORTATION, "1-20")  # Exit: Pre-exportation and Exportation
    await step("ch_import", ch, T.IMPORTATION, "1-20")
    await step("ch_reexport", ch, T.REEXPORTATION, "1-20")
    await step("gb_import", gb, T.IMPORTATION, "1-20")
    await step("gb_reexport", gb, T.REEXPORTATION, "1-20")
    await step("first_reimport", fr, T.REIMPORTATION, "1-10")
    await step("final_reimport", fr, T.REIMPORTATION, "11-20")

    async def seen(client: HttpCentral) -> set[str]:
        found = await client.lookup(carnet.number, declared(world, carnet, T.IMPORTATION, "1-20"))
        ids = [t.transaction_id for t in found.history]
        assert len(ids) == len(set(ids))
        occurred = [t.occurred_at for t in found.history]
        assert occurred == sorted(occurred)
        return set(ids)

    def ids(*names: str) -> set[str]:
        return {i for name in names for i in made[name]}

    everything = ids(*made)
    assert {t.transaction_id for t in history_of(world, carnet)} == everything
    # CH: all before its arrival, its own, and of the rest only the final re-importation.
    assert await seen(ch) == ids("validation", "exportation", "ch_import", "ch_reexport", "final_reimport")
    # GB arrived later: it sees the journey to it, its own, and the final re-importation.
    assert await seen(gb) == ids("validation", "exportation", "ch_import", "ch_reexport", "gb_import",
                                 "gb_reexport", "final_reimport")
    # The home territory, which validated the carnet and will discharge it, sees the whole journey.
    assert await seen(fr) == everything
    # A territory the carnet never reached sees everything.
    re = world.client("officer.re")
    assert await seen(re) == everything


# --- rejections -----------------------------------------------------------------------------------------------


async def test_rejection_is_seen_in_its_territory_and_the_code_stays_usable(
    world: World, close_clients: None
) -> None:
    ch, fr, de = world.client("officer.ch"), world.client("officer.fr"), world.client("officer.de")
    carnet = new_carnet(world)
    await exported_from_ch(world, ch, carnet)
    code = declared(world, carnet, T.IMPORTATION, "1-20")

    rejection = await fr.reject(RejectRequest(
        carnet_id=carnet.number, transaction_code=code, reason="Goods not presented — camion absent",
    ))
    assert (rejection.territory, rejection.office_id, rejection.rejected_by) == ("EU", "cdg", "officer.fr")
    assert rejection.transaction_type is T.IMPORTATION
    assert rejection.rejected_at == NOW
    assert stored_rejections(world, carnet, "EU") == [rejection]

    world.clock.advance(timedelta(hours=3))
    same_office = await fr.lookup(carnet.number, code)
    assert same_office.rejections == [rejection]
    assert same_office.rejections[0].reason == "Goods not presented — camion absent"
    assert (await de.lookup(carnet.number, code)).rejections == [rejection]  # another EU region
    assert (await ch.lookup(carnet.number, code)).rejections == []
    assert (await world.client("officer.gb").lookup(carnet.number, code)).rejections == []

    imported = (await commit(world, de, carnet, T.IMPORTATION, "1-20", code=code)).transaction
    assert imported.transaction_code == code
    assert history_of(world, carnet)[-1] == imported
    assert stored_rejections(world, carnet, "EU") == [rejection]  # the rejection stays on record


# --- office and region ------------------------------------------------------------------------------------------


async def test_office_outside_the_officers_region(world: World, close_clients: None) -> None:
    ch = world.client("officer.ch")
    carnet = new_carnet(world)
    code = declared(world, carnet, T.VALIDATION)

    refusal = await refused(commit(world, ch, carnet, T.VALIDATION, code=code, office_id="cdg"),
                            "office_not_in_region")
    assert refusal.status == 403
    assert refusal.detail == "cdg"
    await refused(commit(world, ch, carnet, T.VALIDATION, code=code, office_id="basel-rhein"),
                  "office_not_in_region")  # the same territory, another region
    await refused(ch.lookup(carnet.number, code, office_id="cdg"), "office_not_in_region")
    await refused(ch.hold(HoldRequest(carnet_id=carnet.carnet_id, transaction_code=code, office_id="cdg",
                                      step=2, reason="x")), "office_not_in_region")
    await refused(ch.reject(RejectRequest(carnet_id=carnet.carnet_id, transaction_code=code, office_id="cdg",
                                          reason="x")), "office_not_in_region")
    await refused(ch.last_transactions(office_id="cdg"), "office_not_in_region")
    await refused(commit(world, ch, carnet, T.VALIDATION, code=code, office_id="nowhere"), "unknown_office")
    assert history_of(world, carnet) == []
    assert await ch.holds() == []

    # An office of the region is not acted at by naming it: the session works where it was signed in.
    elsewhere = await refused(commit(world, ch, carnet, T.VALIDATION, code=code, office_id="bardonnex"),
                              "office_not_in_session")
    assert (elsewhere.status, elsewhere.detail) == (403, "bardonnex")
    assert history_of(world, carnet) == []
    # Changing the session's office takes one of the region's, and no other.
    await refused(ch.work_at("cdg"), "office_not_in_region")
    assert (await ch.work_at("bardonnex")).office.office_id == "bardonnex"
    at_bardonnex = (await commit(world, ch, carnet, T.VALIDATION, code=code, office_id="bardonnex")).transaction
    assert (at_bardonnex.office_id, at_bardonnex.territory) == ("bardonnex", "CH")
    assert history_of(world, carnet) == [at_bardonnex]
