"""Reading and writing the domain's records in the central's store."""

from __future__ import annotations

from typing import TypeVar

from pydantic import BaseModel

from carnet_domain.carnet import Carnet
from carnet_domain.organisation import Account, Office, Region, Territory
from carnet_domain.refusals import RefusalCode as R
from carnet_domain.transaction import Declaration, Hold, Rejection, Transaction
from carnet_domain.transaction_types import TransactionType
from reference_central import carnet_summaries
from reference_central.database import Db, marks, replace
from reference_central.errors import CentralError
from reference_central.schema import stamp

M = TypeVar("M", bound=BaseModel)


def dump(model: BaseModel) -> str:
    return model.model_dump_json()


def _one(db: Db, model: type[M], sql: str, *args: object) -> M | None:
    row = db.execute(sql, args).fetchone()
    return None if row is None else model.model_validate_json(row["doc"])


def _all(db: Db, model: type[M], sql: str, *args: object) -> list[M]:
    return [model.model_validate_json(row["doc"]) for row in db.execute(sql, args)]


def put_territory(db: Db, t: Territory) -> None:
    replace(db, "territories", (t.code, dump(t)))


def put_region(db: Db, r: Region) -> None:
    replace(db, "regions", (r.region_id, dump(r)))


def put_office(db: Db, o: Office) -> None:
    replace(db, "offices", (o.office_id, o.region_id, dump(o)))


def put_account(db: Db, a: Account) -> None:
    replace(db, "accounts", (a.account_id, a.region_id, dump(a), a.office_id))


def put_carnet(db: Db, c: Carnet) -> None:
    replace(db, "carnets", (c.carnet_id, c.number, dump(c)))
    carnet_summaries.changed(db, c.carnet_id)  # a carnet with transactions: its validity may have changed


def put_declaration(db: Db, d: Declaration, cancellation_code: str, trainee: int = 0) -> None:
    replace(db, "declarations", (d.carnet_id, d.transaction_code, cancellation_code, trainee, dump(d)),
    )


def code_slot(t: Transaction) -> str | None:
    """Which of its code's uses a transaction spends (migration 0002): none once cancelled."""
    if not t.committed:
        return None
    return "pre" if t.type is TransactionType.PRE_EXPORTATION else "main"


def put_transaction(db: Db, t: Transaction) -> None:
    """Record ``t`` with what the Logs and statistics read of it (:mod:`reference_central.carnet_summaries`); a
    second committed use of its code (another server process won the race) is refused ``code_used``, as the rules
    would have refused it."""
    with db.refused_on_conflict(("transactions_code_once", "transaction_code"),
                                CentralError(R.CODE_USED, t.transaction_code)):
        db.execute(
            "INSERT INTO transactions (transaction_id, carnet_id, office_id, territory, doc, occurred_at, "
            "transaction_code, code_slot, tx_type) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (t.transaction_id, t.carnet_id, t.office_id, t.territory, dump(t), stamp(t.occurred_at),
             t.transaction_code, code_slot(t), t.type.value),
        )
    if t.committed:
        carnet_summaries.count(db, t, 1)
    carnet_summaries.changed(db, t.carnet_id)


def replace_transaction(db: Db, t: Transaction) -> None:
    """Rewrite ``t`` (its cancellation), and what the Logs and statistics read of it."""
    before = transaction(db, t.transaction_id)
    db.execute("UPDATE transactions SET doc = ?, code_slot = ? WHERE transaction_id = ?",
               (dump(t), code_slot(t), t.transaction_id))
    if before is not None and before.committed != t.committed:
        carnet_summaries.count(db, t, 1 if t.committed else -1)
    carnet_summaries.changed(db, t.carnet_id)


def put_hold(db: Db, h: Hold) -> None:
    """Write the hold; a second active hold of a carnet in one territory (another server process placed one
    meanwhile) is refused ``already_on_hold``, as the rules would have refused it."""
    with db.refused_on_conflict(("holds",), CentralError(R.ALREADY_ON_HOLD, h.carnet_number)):
        replace(db, "holds", (h.hold_id, h.carnet_id, h.territory, h.office_id, int(h.active), dump(h)))


def put_rejection(db: Db, r: Rejection) -> None:
    db.execute(
        "INSERT INTO rejections (rejection_id, carnet_id, territory, doc, office_id) VALUES (?, ?, ?, ?, ?)",
        (r.rejection_id, r.carnet_id, r.territory, dump(r), r.office_id),
    )


def territory(db: Db, code: str) -> Territory | None:
    return _one(db, Territory, "SELECT doc FROM territories WHERE code = ?", code)


def territories(db: Db) -> list[Territory]:
    return _all(db, Territory, "SELECT doc FROM territories ORDER BY code")


def region(db: Db, region_id: str) -> Region | None:
    return _one(db, Region, "SELECT doc FROM regions WHERE region_id = ?", region_id)


def regions(db: Db) -> list[Region]:
    return _all(db, Region, "SELECT doc FROM regions ORDER BY region_id")


def office(db: Db, office_id: str) -> Office | None:
    return _one(db, Office, "SELECT doc FROM offices WHERE office_id = ?", office_id)


def offices(db: Db, region_id: str | None = None) -> list[Office]:
    if region_id is None:
        return _all(db, Office, "SELECT doc FROM offices ORDER BY office_id")
    return _all(db, Office, "SELECT doc FROM offices WHERE region_id = ? ORDER BY office_id", region_id)


def account(db: Db, account_id: str) -> Account | None:
    return _one(db, Account, "SELECT doc FROM accounts WHERE account_id = ?", account_id)


def accounts(db: Db, region_id: str | None = None) -> list[Account]:
    if region_id is None:
        return _all(db, Account, "SELECT doc FROM accounts ORDER BY account_id")
    return _all(db, Account, "SELECT doc FROM accounts WHERE region_id = ? ORDER BY account_id", region_id)


def account_by_name(db: Db, typed: str) -> Account | None:
    """The account whose ID, or else whose e-mail address, is ``typed`` (letter case aside)."""
    name = typed.strip().lower()
    if not name:
        return None
    found = _one(db, Account, "SELECT doc FROM accounts WHERE lower(account_id) = ?", name)
    if found is not None or "@" not in name:
        return found
    matches = [a for a in accounts(db) if a.email.strip().lower() == name]
    return matches[0] if len(matches) == 1 else None  # an address two accounts share names neither


def lock_carnet(db: Db, carnet_id: str) -> None:
    """Hold the carnet until the unit of work ends: a commit, hold or vehicle record about it made by another server
    process waits, then reads what this one wrote (:meth:`reference_central.database.Db.lock_row`)."""
    db.lock_row("carnets", "carnet_id", carnet_id)


def carnets_by_id(db: Db, carnet_ids: list[str]) -> dict[str, Carnet]:
    """The carnets of ``carnet_ids`` (those that exist), read at once."""
    if not carnet_ids:
        return {}
    sql = f"SELECT doc FROM carnets WHERE carnet_id IN ({marks(carnet_ids)})"  # noqa: S608 - placeholders only
    return {c.carnet_id: c for c in _all(db, Carnet, sql, *carnet_ids)}


def histories(db: Db, carnet_ids: list[str]) -> dict[str, list[Transaction]]:
    """The transactions of each of ``carnet_ids``, in the order recorded, read at once."""
    found: dict[str, list[Transaction]] = {cid: [] for cid in carnet_ids}
    if not carnet_ids:
        return found
    sql = f"SELECT doc FROM transactions WHERE carnet_id IN ({marks(carnet_ids)}) ORDER BY seq"  # noqa: S608
    for tx in _all(db, Transaction, sql, *carnet_ids):
        found[tx.carnet_id].append(tx)
    return found


def carnet_by_number(db: Db, number: str) -> Carnet | None:
    return _one(db, Carnet, "SELECT doc FROM carnets WHERE number = ?", number)


def carnet(db: Db, carnet_id: str) -> Carnet | None:
    return _one(db, Carnet, "SELECT doc FROM carnets WHERE carnet_id = ?", carnet_id)


def carnets(db: Db) -> list[Carnet]:
    return _all(db, Carnet, "SELECT doc FROM carnets ORDER BY length(carnet_id), carnet_id")


def declaration(db: Db, carnet_id: str, code: str) -> tuple[Declaration, str] | None:
    row = db.execute(
        "SELECT doc, cancellation_code FROM declarations WHERE carnet_id = ? AND transaction_code = ?",
        (carnet_id, code),
    ).fetchone()
    if row is None:
        return None
    return Declaration.model_validate_json(row["doc"]), str(row["cancellation_code"])


def declarations(db: Db) -> list[tuple[Declaration, str, int]]:
    rows = db.execute(
        "SELECT doc, cancellation_code, trainee FROM declarations ORDER BY trainee, CAST(carnet_id AS INTEGER)"
    )
    return [
        (Declaration.model_validate_json(r["doc"]), str(r["cancellation_code"]), int(r["trainee"])) for r in rows
    ]


def transaction(db: Db, transaction_id: str) -> Transaction | None:
    return _one(db, Transaction, "SELECT doc FROM transactions WHERE transaction_id = ?", transaction_id)


def history(db: Db, carnet_id: str) -> list[Transaction]:
    return _all(db, Transaction, "SELECT doc FROM transactions WHERE carnet_id = ? ORDER BY seq", carnet_id)


def office_transactions(db: Db, office_id: str, limit: int, offset: int) -> list[Transaction]:
    return _all(
        db,
        Transaction,
        "SELECT doc FROM transactions WHERE office_id = ? "
        "ORDER BY occurred_at DESC, seq DESC LIMIT ? OFFSET ?",
        office_id,
        limit,
        offset,
    )


def count_office_transactions(db: Db, office_id: str) -> int:
    row = db.execute("SELECT COUNT(*) AS n FROM transactions WHERE office_id = ?", (office_id,)).fetchone()
    return int(row["n"])


def carnets_with(db: Db, territory: str, kind: TransactionType) -> set[str]:
    """The carnets with a transaction of ``kind`` made in ``territory``."""
    rows = db.execute("SELECT DISTINCT carnet_id FROM transactions WHERE territory = ? AND tx_type = ?",
                      (territory, kind.value))
    return {str(r[0]) for r in rows}


def hold(db: Db, hold_id: str) -> Hold | None:
    return _one(db, Hold, "SELECT doc FROM holds WHERE hold_id = ?", hold_id)


def active_holds(db: Db, carnet_id: str) -> list[Hold]:
    return _all(db, Hold, "SELECT doc FROM holds WHERE carnet_id = ? AND active = 1", carnet_id)


def count_active_holds(db: Db, office_ids: list[str] | None) -> int:
    """The holds active at ``office_ids`` (``None``: everywhere)."""
    if office_ids is None:
        return int(db.execute("SELECT COUNT(*) FROM holds WHERE active = 1").fetchone()[0])
    if not office_ids:
        return 0
    sql = f"SELECT COUNT(*) FROM holds WHERE active = 1 AND office_id IN ({marks(office_ids)})"  # noqa: S608
    return int(db.execute(sql, office_ids).fetchone()[0])


def holds_where(db: Db, column: str, value: str, active_only: bool) -> list[Hold]:
    assert column in {"office_id", "territory"}
    sql = f"SELECT doc FROM holds WHERE {column} = ?" + (" AND active = 1" if active_only else "")  # noqa: S608
    return _all(db, Hold, sql + " ORDER BY hold_id", value)


def rejections(db: Db, carnet_id: str, territory_code: str) -> list[Rejection]:
    return _all(
        db,
        Rejection,
        "SELECT doc FROM rejections WHERE carnet_id = ? AND territory = ? ORDER BY rejection_id",
        carnet_id,
        territory_code,
    )
