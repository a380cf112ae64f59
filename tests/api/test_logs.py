"""The Logs endpoints (guide lines 2843-2973): who may read them, what each caller sees, the guide's statuses
for its four worked cases, and the Transactions list's columns."""

from __future__ import annotations

from decimal import Decimal

import httpx
import pytest

from carnet_domain.carnet import CarnetKind, OrderType
from carnet_domain.reconciliation import ReconciliationStatus
from carnet_domain.transaction_types import TransactionType as T
from central_contract.models import CarnetLogDetail, CarnetLogPage, TransactionLogPage
from tests.api.helpers import CASES, ISSUED, Journey, assert_refused, history_of, refused
from tests.api.logs_world import LATER, ONLY_CH, ONLY_EU, STATUSES, build_logs
from tests.api.test_cpd_logs import DISCHARGED, EXIT_CANCELLED, UNDISCHARGED, VALID_CPD, build_cpds

CPDS = (VALID_CPD, DISCHARGED, UNDISCHARGED, EXIT_CANCELLED)
ENDPOINTS = ("/v1/logs/carnets", "/v1/logs/carnets/883/details", "/v1/logs/transactions")


def get(journey: Journey, account: str, path: str, **params: object) -> httpx.Response:
    headers = {"Authorization": f"Bearer {journey.world.tokens[account]}"}
    with httpx.Client(base_url=journey.world.url, headers=headers, timeout=10.0) as http:
        return http.get(path, params={k: str(v) for k, v in params.items()})


def carnet_page(journey: Journey, account: str, **params: object) -> CarnetLogPage:
    response = get(journey, account, "/v1/logs/carnets", **params)
    assert response.status_code == 200, response.text
    return CarnetLogPage.model_validate_json(response.content)


def transaction_page(journey: Journey, account: str, **params: object) -> TransactionLogPage:
    response = get(journey, account, "/v1/logs/transactions", **params)
    assert response.status_code == 200, response.text
    return TransactionLogPage.model_validate_json(response.content)


async def test_each_role_on_each_endpoint(journey: Journey) -> None:
    await build_logs(journey)
    for path in ENDPOINTS:
        for account in ("officer.ch", "manager.ch"):
            error = assert_refused(get(journey, account, path), 403, "forbidden")
            assert error["detail"] == "logs"
        for account in ("controller.ch", "admin"):
            assert get(journey, account, path).status_code == 200, (account, path)
        with httpx.Client(base_url=journey.world.url) as http:
            assert_refused(http.get(path), 401, "unauthenticated")
    officer = journey.world.client("officer.ch")
    await refused(officer.carnet_logs(), "forbidden")
    await refused(officer.transaction_logs(), "forbidden")
    await refused(officer.carnet_log_detail("883"), "forbidden")


async def test_the_guides_four_cases_and_a_valid_carnet(journey: Journey) -> None:
    await build_logs(journey)
    page = carnet_page(journey, "controller.ch")
    seen = {log.carnet_id: log.status.value for log in page.items}
    assert seen == {cid: status for cid, status in STATUSES.items() if cid != ONLY_EU}
    assert page.total == len(page.items) == 6
    # Newest first: the most recently transacted carnet leads.
    times = [log.last_transaction_at for log in page.items]
    assert times == sorted(times, reverse=True)
    by_id = {log.carnet_id: log for log in page.items}
    for case in CASES:
        log = by_id[case.carnet_id]
        assert (log.carnet_number, log.kind, log.order_type, log.issue_date, log.valid_until) == (
            case.number, CarnetKind.ATA, OrderType.ORIGINAL, ISSUED, case.valid_until)
        assert (log.total_value, log.currency, log.outstanding) == (Decimal(2000), "CHF", case.outstanding)
        assert log.last_transaction_at == case.steps[-1].at
    assert by_id["887"].valid_until == LATER

    client = journey.world.client("controller.ch")
    to_check = await client.carnet_logs(ReconciliationStatus.TO_CHECK)
    assert sorted(log.carnet_id for log in to_check.items) == ["883", "884"]
    terminated = await client.carnet_logs(ReconciliationStatus.TERMINATED)
    assert sorted(log.carnet_id for log in terminated.items) == ["885", "886"]
    assert [log.carnet_id for log in (await client.carnet_logs(ReconciliationStatus.NOT_APPLICABLE)).items] == [
        "888", "887"]


async def test_a_controller_sees_carnets_transacted_in_their_territory_an_admin_all(journey: Journey) -> None:
    await build_logs(journey)
    controller_fr = "controller.fr"  # the demo's Controller at Paris Charles de Gaulle
    eu = {log.carnet_id for log in carnet_page(journey, controller_fr).items}
    assert eu == {"883", "884", "885", "886", "888", ONLY_EU}  # imported at München, or validated in Paris
    ch = {log.carnet_id for log in carnet_page(journey, "controller.ch").items}
    assert ONLY_EU not in ch and ONLY_CH in ch
    assert {log.carnet_id for log in carnet_page(journey, "admin").items} == set(STATUSES)

    # Outside one's logs a carnet is unknown, by number or by ID, in every list.
    assert_refused(get(journey, controller_fr, f"/v1/logs/carnets/{ONLY_CH}/details"), 404, "unknown_carnet")
    assert_refused(get(journey, controller_fr, "/v1/logs/transactions", carnet="CHTA00000137"), 404,
                   "unknown_carnet")
    assert_refused(get(journey, "controller.ch", f"/v1/logs/carnets/{ONLY_EU}/details"), 404, "unknown_carnet")
    assert get(journey, "admin", f"/v1/logs/carnets/{ONLY_EU}/details").status_code == 200
    # The EU controller still sees the Swiss side of the carnets that came to the EU (guide case 883).
    rows = transaction_page(journey, controller_fr, carnet="883").items
    assert [row.territory for row in rows] == ["EU", "CH", "CH"]


async def test_transactions_list_has_the_guides_columns(journey: Journey) -> None:
    await build_logs(journey)
    page = transaction_page(journey, "controller.ch", carnet="CHTA00000134")
    history = history_of(journey.world, "884")
    assert page.total == len(page.items) == len(history) == 5
    assert [row.transaction_id for row in page.items] == [tx.transaction_id for tx in reversed(history)]
    assert [row.type for row in page.items] == [
        T.REIMPORTATION, T.REEXPORTATION, T.IMPORTATION, T.EXPORTATION, T.VALIDATION]
    _, _, importation, exportation, validation = page.items
    assert (importation.territory, importation.territory_name, importation.office_id, importation.office_name) == (
        "EU", "European Union", "muc", "München Flughafen")
    assert (validation.territory_name, validation.office_name) == ("Switzerland", "Genève Aéroport")
    assert importation.final_date_reexportation == CASES[1].valid_until  # a blank final date is the validity
    assert importation.final_date_reimportation is None
    assert exportation.final_date_reexportation is None
    assert [row.cleared_goods for row in page.items] == ["1-10", "1-10", "1-20", "1-20", "1-20"]
    for row, tx in zip(page.items, reversed(history), strict=True):
        assert (row.carnet_id, row.carnet_number, row.kind, row.occurred_at) == (
            "884", "CHTA00000134", CarnetKind.ATA, tx.occurred_at)
        assert row.verification_code == tx.verification_code and row.verification_code
        assert row.state.value == "committed"


async def test_cleared_goods_combine_declared_and_definitively_imported(journey: Journey) -> None:
    await build_logs(journey)
    rows = transaction_page(journey, "controller.ch", carnet="888").items
    reexportation = next(row for row in rows if row.type is T.REEXPORTATION)
    assert (reexportation.declared_goods, reexportation.diverted_goods) == ("1-15", "16-20")
    assert reexportation.cleared_goods == "1-20"


async def test_paging_and_limits(journey: Journey) -> None:
    await build_logs(journey)
    every = transaction_page(journey, "admin", limit=500)
    assert every.total == len(every.items) == sum(len(history_of(journey.world, c)) for c in STATUSES)
    times = [row.occurred_at for row in every.items]
    assert times == sorted(times, reverse=True)
    window = transaction_page(journey, "admin", limit=3, offset=2)
    assert (window.total, window.limit, window.offset) == (every.total, 3, 2)
    assert [r.transaction_id for r in window.items] == [r.transaction_id for r in every.items[2:5]]
    carnets = carnet_page(journey, "admin", limit=2, offset=6)
    assert (len(carnets.items), carnets.total) == (1, 7)
    for path in ("/v1/logs/carnets", "/v1/logs/transactions"):
        for params in ({"limit": 501}, {"limit": 0}, {"offset": -1}):
            assert_refused(get(journey, "admin", path, **params), 422, "invalid_request")
    assert_refused(get(journey, "admin", "/v1/logs/carnets", status="lost"), 422, "invalid_request")
    assert_refused(get(journey, "admin", "/v1/logs/transactions", carnet="NOSUCH1"), 404, "unknown_carnet")


@pytest.mark.parametrize("ref", ["886", "CHTA00000136"])
async def test_one_carnet_in_full(journey: Journey, ref: str) -> None:
    await build_logs(journey)
    response = get(journey, "controller.ch", f"/v1/logs/carnets/{ref}/details")
    assert response.status_code == 200, response.text
    detail = CarnetLogDetail.model_validate_json(response.content)
    assert detail.carnet.number == "CHTA00000136" and len(detail.carnet.items) == 20
    assert detail.log.status is ReconciliationStatus.TERMINATED
    assert detail.transactions == list(reversed(history_of(journey.world, "886")))
    client = journey.world.client("controller.ch")
    assert await client.carnet_log_detail(ref) == detail


async def test_filters_by_validity_kind_and_transaction_type(journey: Journey) -> None:
    """Read at AFTER (10 June 2021): 887, 888 (and the EU's 889) are valid until 31/12/2021, the guide's four cases
    expired; the CPDs of :mod:`tests.api.test_cpd_logs` add a valid vehicle carnet and three expired ones."""
    await build_logs(journey)
    await build_cpds(journey)

    def carnets(**params: object) -> list[str]:
        return sorted(log.carnet_id for log in carnet_page(journey, "controller.ch", **params).items)

    every = carnets()
    assert every == sorted([*(c for c in STATUSES if c != ONLY_EU), *CPDS])
    assert carnets(validity="valid") == ["887", "888", VALID_CPD]
    assert carnets(validity="expired") == sorted(["883", "884", "885", "886", DISCHARGED, UNDISCHARGED,
                                                  EXIT_CANCELLED])
    assert carnets(kind="CPD") == sorted(CPDS)
    assert carnets(kind="ATA", validity="valid") == ["887", "888"]
    assert carnets(kind="CPD", validity="expired", status="to_check") == [UNDISCHARGED, EXIT_CANCELLED]
    page = carnet_page(journey, "controller.ch", kind="ATA", validity="expired", limit=2)
    assert (len(page.items), page.total) == (2, 4)

    def transactions(account: str = "controller.ch", **params: object) -> list[tuple[str, T]]:
        rows = transaction_page(journey, account, limit=500, **params).items
        return [(row.carnet_id, row.type) for row in rows]

    reexported = transactions(type="reexportation")
    assert {t for _, t in reexported} == {T.REEXPORTATION}
    assert sorted(c for c, _ in reexported) == ["884", "885", "885", "886", "888", DISCHARGED, EXIT_CANCELLED]
    assert sorted(c for c, _ in transactions(type="reexportation", kind="ATA", validity="valid")) == ["888"]
    assert {c for c, _ in transactions(kind="CPD")} == set(CPDS)
    valid = transactions(validity="valid")
    assert {c for c, _ in valid} == {"887", "888", VALID_CPD}
    window = transaction_page(journey, "controller.ch", validity="valid", limit=2)
    assert (len(window.items), window.total) == (2, len(valid))
    # An admin's page (every carnet) is filtered the same way, the EU's carnet with it.
    assert {c for c, _ in transactions("admin", validity="valid", kind="ATA")} == {"887", "888", ONLY_EU}
    # One carnet's transactions, narrowed alike: its type, its kind and validity.
    assert transactions(carnet="888", type="importation") == [("888", T.IMPORTATION)]
    assert transactions(carnet="888", validity="expired") == []
    assert transactions(carnet="888", kind="CPD") == []
    assert len(transactions(carnet="888", validity="valid", kind="ATA")) == 4
    for path, params in (("/v1/logs/carnets", {"kind": "TIR"}), ("/v1/logs/carnets", {"validity": "soon"}),
                         ("/v1/logs/transactions", {"type": "smuggling"})):
        assert_refused(get(journey, "admin", path, **params), 422, "invalid_request")


async def test_a_carnets_details_give_the_time_zone_of_each_office(journey: Journey) -> None:
    await build_logs(journey)
    detail = (await journey.world.client("controller.ch").carnet_log_detail("888"))
    assert detail.office_zones == {"gva-airport": "Europe/Zurich", "muc": "Europe/Berlin"}
