"""Reads are scoped as the guide scopes a carnet's history (line 459) and the Logs (lines 2843-2973): a carnet's
reconciliation is answered to those who see it in their logs, its vehicle file to those who could see it in a
lookup or their logs. Any other carnet is answered exactly as one that does not exist, whatever its sequential
ID."""

from __future__ import annotations

from typing import Any

import httpx

from carnet_domain.transaction_types import TransactionType as T
from central_contract import TRANSACTION_CODE_HEADER
from tests.api.helpers import Journey, assert_refused, fresh_code
from tests.api.logs_world import ONLY_CH, ONLY_EU, build_logs
from tests.api.vehicle_world import BARDONNEX, Road, june
from tests.central_world import World, make_carnet


def get(world: World, account: str, path: str, office_id: str | None = None, **headers: str) -> httpx.Response:
    """``path`` asked by ``account`` from a session working at ``office_id`` (else at its own office)."""
    with httpx.Client(base_url=world.url, timeout=10.0) as http:
        return http.get(path, headers={"Authorization": f"Bearer {world.token(account, office_id)}", **headers})


def as_unknown(response: httpx.Response, ref: str) -> dict[str, Any]:
    """``response`` is the central's answer about a carnet that does not exist, for the reference ``ref``."""
    error = assert_refused(response, 404, "unknown_carnet")
    assert error == {"code": "unknown_carnet", "message": error["message"], "permanent": True, "detail": ref}
    return error


# --- The reconciliation, as the Logs' details ------------------------------------------------------------------


async def test_a_reconciliation_is_answered_to_those_who_see_the_carnet_in_their_logs(journey: Journey) -> None:
    await build_logs(journey)
    world = journey.world
    controller_fr = "controller.fr"  # the demo's controller at Paris Charles de Gaulle
    cases = [
        (controller_fr, ONLY_CH, False), (controller_fr, "CHTA00000137", False),  # only ever in Switzerland
        (controller_fr, "883", True),  # imported at München
        ("controller.ch", ONLY_EU, False), ("controller.ch", "887", True),
        ("admin", ONLY_EU, True), ("admin", ONLY_CH, True),
    ]
    for account, ref, seen in cases:
        details = get(world, account, f"/v1/logs/carnets/{ref}/details")
        reconciliation = get(world, account, f"/v1/logs/carnets/{ref}/reconciliation")
        if seen:
            assert details.status_code == reconciliation.status_code == 200, (account, ref, reconciliation.text)
            assert reconciliation.json()["status"] == details.json()["log"]["status"]
        else:  # the same answer as the details, and as a carnet that does not exist
            assert as_unknown(reconciliation, ref) == as_unknown(details, ref)
    nowhere = get(world, controller_fr, "/v1/logs/carnets/999999/reconciliation")
    assert as_unknown(nowhere, "999999")["message"] == get(
        world, controller_fr, f"/v1/logs/carnets/{ONLY_CH}/reconciliation").json()["error"]["message"]


async def test_a_carnet_never_transacted_is_in_nobodys_logs(journey: Journey) -> None:
    """Not even an Admin's: the Logs list transacted carnets."""
    world = journey.world
    world.add_carnet(make_carnet("880", "CHTA00000130"))
    for account in ("controller.ch", "admin"):
        as_unknown(get(world, account, "/v1/logs/carnets/880/reconciliation"), "880")
        as_unknown(get(world, account, "/v1/logs/carnets/880/details"), "880")


# --- The vehicle file --------------------------------------------------------------------------------------------


def vehicle(world: World, account: str, ref: str, office_id: str, code: str = "") -> httpx.Response:
    headers = {TRANSACTION_CODE_HEADER: code} if code else {}
    return get(world, account, f"/v1/carnets/{ref}/vehicle?office_id={office_id}", office_id, **headers)


async def test_a_vehicle_file_is_answered_where_the_carnet_passed_or_is_shown(road: Road) -> None:
    """A British car (guaranteed by the RAC) entered Switzerland at Bardonnex: Swiss customs read its file, and
    British customs (its guarantor's, who extend it); a French officer only with one of its transaction codes,
    as after a lookup. Otherwise its ID and number are unknown there, exactly as an ID that is no carnet's."""
    world = road.world
    car = road.private("150001")
    await road.enter(car, june(15))
    assert vehicle(world, "officer.ch", car.carnet_id, BARDONNEX).status_code == 200
    assert vehicle(world, "controller.ch", car.number, "gva-airport").status_code == 200
    assert vehicle(world, "officer.gb", car.carnet_id, "dover").status_code == 200
    for office in ("cdg", "dover", "muc"):
        assert vehicle(world, "admin", car.carnet_id, office).status_code == 200

    for ref in (car.carnet_id, car.number, car.number.lower()):
        as_unknown(vehicle(world, "officer.fr", ref, "cdg"), ref.strip().upper())
    as_unknown(vehicle(world, "officer.fr", "150999", "cdg"), "150999")
    as_unknown(vehicle(world, "officer.fr", car.carnet_id, "cdg", code=fresh_code()), car.carnet_id)

    code = fresh_code()
    world.declare(car, T.IMPORTATION, code, "1")
    shown = vehicle(world, "officer.fr", car.carnet_id, "cdg", code=code.lower())
    assert shown.status_code == 200, shown.text
    assert [p["territory"] for p in shown.json()["passages"]] == ["CH"]
    # The code of another carnet opens nothing.
    other = road.private("150002")
    other_code = fresh_code()
    world.declare(other, T.IMPORTATION, other_code, "1")
    as_unknown(vehicle(world, "officer.fr", car.carnet_id, "cdg", code=other_code), car.carnet_id)


async def test_sequential_ids_reveal_nothing_of_the_carnets_out_of_sight(road: Road) -> None:
    """Walking the IDs from another country: a vehicle carnet, an ATA carnet and no carnet at all answer alike
    (an ATA carnet's "not a vehicle carnet" would say that it exists)."""
    world = road.world
    car = road.private("150011")
    await road.enter(car, june(15))
    ata = world.add_carnet(make_carnet("150012", "CHTA00150012"))
    world.declare(ata, T.VALIDATION, fresh_code())
    answers = [vehicle(world, "officer.fr", str(n), "cdg") for n in range(150010, 150014)]
    assert [as_unknown(a, str(n))["detail"] for a, n in zip(answers, range(150010, 150014), strict=True)] == [
        "150010", "150011", "150012", "150013"]
    assert len({a.content.replace(str(n).encode(), b"") for a, n in zip(answers, range(150010, 150014),
                                                                         strict=True)}) == 1


async def test_a_carnet_out_of_sight_is_never_named_as_a_candidate(road: Road) -> None:
    """A reference that is one carnet's number and another's ID is ambiguous only when the caller sees both:
    the one out of sight is neither answered nor named."""
    world = road.world
    inside = road.private("150021")
    await road.enter(inside, june(15))
    by_number = road.private("150022").model_copy(update={"number": "150021"})
    world.add_carnet(by_number)  # its number is the other's ID; it never came to Switzerland
    answered = vehicle(world, "officer.ch", "150021", BARDONNEX)
    assert answered.status_code == 200, answered.text
    assert answered.json()["carnet_id"] == "150021"
    both = vehicle(world, "admin", "150021", BARDONNEX)
    assert_refused(both, 409, "ambiguous_carnet")
    assert sorted(both.json()["error"]["candidates"]) == ["150021", "GBCPD150021"]
