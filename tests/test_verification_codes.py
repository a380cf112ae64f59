"""Every verification code ends up in a receipt's QR (``verification_payload``) and in the Logs' ZIP export:
the demo's seeded codes and the ones the central issues are all made of ``CODE_ALPHABET``."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from zoneinfo import ZoneInfo

from carnet_domain.payload import CODE_ALPHABET, verification_payload
from carnet_domain.transaction import GoodsDeclaration
from carnet_domain.transaction_types import TransactionType as T
from central_contract.models import CommitRequest
from ecarnet_tui.exports.carnet_zip import carnet_transactions_zip
from reference_central import records
from reference_central.demo.seed import VERIFICATION_MARK, demo_codes, seed_demo
from reference_central.identity.passwords import CHEAP_PROFILE
from reference_central.operations.base import VERIFICATION_LENGTH, new_code
from reference_central.store import Store
from tests.central_world import World
from tests.conftest import NOW


def test_every_verification_code_the_demo_seeds_goes_into_a_receipts_qr(tmp_path: Path) -> None:
    store = Store(tmp_path / "demo.sqlite3")
    seed_demo(store, NOW, trainees=2, profile=CHEAP_PROFILE)
    with store.transaction() as db:
        seeded = [tx for carnet in records.carnets(db) for tx in records.history(db, carnet.carnet_id)]
    store.close()
    assert len(seeded) > 100
    for tx in seeded:
        code = tx.verification_code
        assert tx.training and len(code) == VERIFICATION_LENGTH and code.endswith(VERIFICATION_MARK), code
        assert verification_payload(code, training=True).startswith("EC1RT" + code)
    assert len({tx.verification_code for tx in seeded}) == len(seeded)


def test_every_verification_code_the_central_issues_goes_into_a_receipts_qr() -> None:
    for _ in range(2000):
        code = new_code(VERIFICATION_LENGTH)
        assert len(code) == VERIFICATION_LENGTH and set(code) <= set(CODE_ALPHABET)
        verification_payload(code, training=False)


async def test_a_demo_carnets_transactions_export_as_a_zip(demo_world: World, close_clients: None) -> None:
    """The Logs' ZIP export of a demo carnet with a seeded history and a transaction the central committed."""
    codes = {(c.carnet_id, c.transaction_type): c.transaction_code for c in demo_codes(demo_world.store)
             if c.trainee == 0}
    officer = demo_world.client("officer.ch")
    made = await officer.commit(CommitRequest(
        carnet_id="120004", transaction_code=codes["120004", "reexportation"], type=T.REEXPORTATION,
        goods=GoodsDeclaration(declared_goods="1-4", diverted_goods="5")), "zip-120004")
    verification_payload(made.transaction.verification_code, made.transaction.training)
    detail = await demo_world.client("admin").carnet_log_detail("120004")
    assert len(detail.transactions) == 5
    bundle = carnet_transactions_zip(detail, training=True, zone=ZoneInfo("Europe/Zurich"))
    assert bundle.written == 5
    with zipfile.ZipFile(io.BytesIO(bundle.data)) as archive:
        assert len([name for name in archive.namelist() if name.endswith(".pdf")]) == 5
