"""What the Logs and the statistics read, kept beside the records so that they are filtered, ordered and paged in SQL.

A carnet's reconciliation status is "as of today" at the caller's office, and today is the only thing in it that
changes by itself. So each transacted carnet keeps the facts the status is derived from — its validity (as
extended) and whether goods or entries are outstanding — and the query derives the status for the day it is
asked (:data:`STATUS_SQL`): not applicable while valid, then to check while something is outstanding, else
terminated (discharged for a vehicle). The rows are rewritten in the unit of work that changes a carnet's
transactions or vehicle records, from the same domain rules the carnet's details use.

- ``carnet_logs``: one row per carnet with a transaction; ``carnet_key`` orders carnet IDs by number.
- ``carnet_territories``: the customs territories a carnet has a transaction in (what a controller's Logs show),
  with the carnet's last transaction, so that a territory's page is read off an index.
- ``office_counts``: committed transactions per office and type (the statistics).
- ``office_month_counts``: committed transactions per office, month and type, the month being the office's (in its
  time zone when the transaction was committed).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from carnet_domain.carnet import Carnet, CarnetKind
from carnet_domain.cpd.records import VehicleRecords
from carnet_domain.cpd.validity import valid_until_of
from carnet_domain.transaction import Transaction
from reference_central.database import Db, marks, replace
from reference_central.schema import stamp

STATUS_SQL = ("CASE WHEN ? <= l.valid_until THEN 'n/a' WHEN l.outstanding = 1 THEN 'to_check' "
              "WHEN l.kind = 'CPD' THEN 'discharged' ELSE 'terminated' END")
"""A carnet's status on the date given as the parameter (ISO text), from its ``carnet_logs`` row ``l``."""
KEY_WIDTH = 24


def carnet_key(carnet_id: str) -> str:
    """``carnet_id`` as text that sorts as the number it is (IDs are digits; any other sorts after, as written)."""
    return carnet_id.rjust(KEY_WIDTH, "0") if carnet_id.isdigit() else carnet_id


def summary(carnet: Carnet, history: list[Transaction], vehicle: VehicleRecords) -> tuple[object, ...]:
    """The carnet's ``carnet_logs`` row, from its transactions (at least one) and vehicle records: the facts its
    status is derived from, and its row of the Logs as far as it does not depend on the day (``doc``)."""
    from reference_central.operations.logs import carnet_log

    valid_until = valid_until_of(carnet, vehicle.granted)
    log = carnet_log(carnet, history, valid_until, vehicle)  # on its last valid day: every fact, no status yet
    outstanding = bool(log.outstanding)  # goods not cleared, entries not discharged: whatever the day
    doc = log.model_dump_json(exclude={"status", "notification_deadline", "notification_warning"})
    return (carnet.carnet_id, carnet_key(carnet.carnet_id), carnet.kind.value, valid_until.isoformat(),
            int(outstanding), stamp(max(tx.occurred_at for tx in history)), len(history), doc,
            str(log.total_value), log.currency)


def territory_rows(row: tuple[object, ...], history: list[Transaction]) -> list[tuple[object, ...]]:
    """The carnet's ``carnet_territories`` rows, for its ``carnet_logs`` row ``row``."""
    carnet_id, key, last = row[0], row[1], row[5]
    return [(t, carnet_id, key, last) for t in sorted({tx.territory for tx in history})]


TERRITORY_INSERT = ("INSERT INTO carnet_territories (territory, carnet_id, carnet_key, last_transaction_at) "
                    "VALUES (?, ?, ?, ?)")


def changed(db: Db, carnet_id: str) -> None:
    """The carnet's transactions, vehicle records or validity changed: its summary is rewritten once, when the unit of
    work ends (a unit writing many of its transactions rewrites it once)."""
    db.defer(f"carnet summary {carnet_id}", lambda: refresh(db, carnet_id))


def refresh(db: Db, carnet_id: str) -> None:
    """Rewrite the carnet's summary rows from its records (in the caller's unit of work)."""
    from reference_central import records, vehicle_records

    carnet = records.carnet(db, carnet_id)
    history = records.history(db, carnet_id)
    db.execute("DELETE FROM carnet_territories WHERE carnet_id = ?", (carnet_id,))
    if carnet is None or not history:
        db.execute("DELETE FROM carnet_logs WHERE carnet_id = ?", (carnet_id,))
        return
    vehicle = vehicle_records.of_carnet(db, carnet_id) if carnet.kind is CarnetKind.CPD else VehicleRecords()
    row = summary(carnet, history, vehicle)
    replace(db, "carnet_logs", row)
    db.executemany(TERRITORY_INSERT, territory_rows(row, history))


def count(db: Db, tx: Transaction, change: int) -> None:
    """Add ``change`` to the committed transactions of ``tx``'s office and type, and of its month there, at the end of
    the unit of work (every commit at the office writes those rows: they are held only while the unit commits)."""
    values = (tx.office_id, tx.type.value, change)
    monthly = (tx.office_id, tx.local_date.strftime("%Y-%m"), tx.type.value, change)  # the office's date, its month

    def add() -> None:
        db.execute(COUNT_SQL, values)
        db.execute(MONTH_COUNT_SQL, monthly)

    db.at_the_end(add)


COUNT_SQL = ("INSERT INTO office_counts (office_id, tx_type, committed) VALUES (?, ?, ?) ON CONFLICT (office_id, "
             "tx_type) DO UPDATE SET committed = office_counts.committed + excluded.committed")
MONTH_COUNT_SQL = ("INSERT INTO office_month_counts (office_id, month, tx_type, committed) VALUES (?, ?, ?, ?) "
                   "ON CONFLICT (office_id, month, tx_type) DO UPDATE SET "
                   "committed = office_month_counts.committed + excluded.committed")


def office_zone(db: Db, office_id: str) -> ZoneInfo:
    """The time zone of the office ``office_id`` (UTC for an office the central does not know)."""
    row = db.execute("SELECT doc FROM offices WHERE office_id = ?", (office_id,)).fetchone()
    return ZoneInfo(str(json.loads(row[0]).get("timezone") or "UTC") if row else "UTC")



def rebuild(db: Db) -> None:
    """Every summary row again, from the records (a migration; a repair)."""
    for table in ("carnet_logs", "carnet_territories", "office_counts", "office_month_counts"):
        db.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed names
    carnet_ids = [str(r[0]) for r in db.execute("SELECT DISTINCT carnet_id FROM transactions")]
    for carnet_id in carnet_ids:
        refresh(db, carnet_id)
    recount(db)


def recount(db: Db) -> None:
    """The committed transactions per office and type, and per office, month and type, counted again."""
    db.execute("DELETE FROM office_counts")
    db.execute("INSERT INTO office_counts (office_id, tx_type, committed) SELECT office_id, tx_type, COUNT(*) "
               "FROM transactions WHERE code_slot IS NOT NULL GROUP BY office_id, tx_type")
    db.execute("DELETE FROM office_month_counts")
    spans = db.execute("SELECT office_id, MIN(occurred_at), MAX(occurred_at) FROM transactions "
                       "GROUP BY office_id").fetchall()
    for office_id, first, last in spans:
        zone = office_zone(db, str(office_id))
        local = _moment(str(first)).astimezone(zone)
        year, month = local.year, local.month
        end = _moment(str(last))
        while (start := datetime(year, month, 1, tzinfo=zone)) <= end:
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
            db.execute(
                "INSERT INTO office_month_counts (office_id, month, tx_type, committed) SELECT office_id, ?, tx_type, "
                "COUNT(*) FROM transactions WHERE office_id = ? AND occurred_at >= ? AND occurred_at < ? "
                "AND code_slot IS NOT NULL GROUP BY office_id, tx_type",
                (start.strftime("%Y-%m"), office_id, stamp(start), stamp(datetime(year, month, 1, tzinfo=zone))))


def _moment(text: str) -> datetime:
    """The moment a ``stamp`` column holds."""
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


# --- Reading: pages of the Logs, the statistics -----------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class LogRow:
    """A carnet of a page of the Logs: its status on the day asked, and its row as far as the day does not matter."""

    carnet_id: str
    status: str
    doc: str


@dataclass(frozen=True, slots=True)
class LogFilter:
    """What a page of the Logs is narrowed to; ``None``: no filter on that."""

    kind: str | None = None
    """The carnet's type, ``ATA`` or ``CPD``."""
    validity: str | None = None
    """``valid`` (valid until on or after the day asked) or ``expired``."""
    tx_type: str | None = None
    """The transaction's type (the transactions' page only)."""

    def conditions(self, today: date) -> tuple[list[str], list[str]]:
        """The SQL conditions on the ``carnet_logs`` row ``l``, with their parameters."""
        where: list[str] = []
        args: list[str] = []
        if self.kind is not None:
            where.append("l.kind = ?")
            args.append(self.kind)
        if self.validity is not None:
            where.append("? <= l.valid_until" if self.validity == "valid" else "? > l.valid_until")
            args.append(today.isoformat())
        return where, args


def carnet_page(db: Db, territory: str | None, today: date, status: str | None, limit: int,
                offset: int, narrowed: LogFilter | None = None) -> tuple[list[LogRow], int]:
    """A page of the Logs' carnets, the latest transacted first, and how many there are in all: a
    controller's (those with a transaction in ``territory``) or an admin's (``None``: every transacted carnet);
    only those of ``status`` on ``today``, and of the kind and validity ``narrowed`` gives, if given."""
    if territory is None:
        source, order, where, args = "carnet_logs l", "l", [], []
    else:
        source = "carnet_territories s JOIN carnet_logs l ON l.carnet_id = s.carnet_id"
        order, where, args = "s", ["s.territory = ?"], [territory]
    if status is not None:
        where.append(f"{STATUS_SQL} = ?")
        args += [today.isoformat(), status]
    more, more_args = (narrowed or LogFilter()).conditions(today)
    where += more
    args += more_args
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    rows = db.execute(f"SELECT l.carnet_id, {STATUS_SQL}, l.doc FROM {source}{clause} "  # noqa: S608 - fixed
                      f"ORDER BY {order}.last_transaction_at DESC, {order}.carnet_key DESC LIMIT ? OFFSET ?",
                      (today.isoformat(), *args, limit, offset))
    page = [LogRow(str(r[0]), str(r[1]), str(r[2])) for r in rows]
    total = int(db.execute(f"SELECT COUNT(*) FROM {source}{clause}", args).fetchone()[0])  # noqa: S608
    return page, total


def transaction_page(db: Db, territory: str | None, today: date, limit: int, offset: int,
                     narrowed: LogFilter | None = None) -> tuple[list[str], int]:
    """The documents of a page of the transactions of the Logs' carnets, the latest first, and how many in all;
    only those ``narrowed`` gives (a carnet's validity on ``today``), if given."""
    narrowed = narrowed or LogFilter()
    if narrowed == LogFilter():
        return _every_transaction(db, territory, limit, offset)
    where, args = narrowed.conditions(today)
    if narrowed.tx_type is not None:
        where.append("t.tx_type = ?")
        args.append(narrowed.tx_type)
    if territory is not None:
        where.append("EXISTS (SELECT 1 FROM carnet_territories s WHERE s.territory = ? AND s.carnet_id = t.carnet_id)")
        args.append(territory)
    source = "transactions t JOIN carnet_logs l ON l.carnet_id = t.carnet_id"
    clause = " WHERE " + " AND ".join(where)
    rows = db.execute(f"SELECT t.doc FROM {source}{clause} "  # noqa: S608 - fixed conditions, values bound
                      "ORDER BY t.occurred_at DESC, t.seq DESC LIMIT ? OFFSET ?", (*args, limit, offset))
    docs = [str(r[0]) for r in rows]
    total = int(db.execute(f"SELECT COUNT(*) FROM {source}{clause}", args).fetchone()[0])  # noqa: S608
    return docs, total


def _every_transaction(db: Db, territory: str | None, limit: int, offset: int) -> tuple[list[str], int]:
    """A page of every transaction of the Logs' carnets, counted off the summaries."""
    if territory is None:
        rows = db.execute("SELECT doc FROM transactions ORDER BY occurred_at DESC, seq DESC LIMIT ? OFFSET ?",
                          (limit, offset))
        docs = [str(r[0]) for r in rows]
        return docs, int(db.execute("SELECT COUNT(*) FROM transactions").fetchone()[0])
    rows = db.execute(
        "SELECT t.doc FROM transactions t WHERE EXISTS (SELECT 1 FROM carnet_territories s WHERE s.territory = ? "
        "AND s.carnet_id = t.carnet_id) ORDER BY t.occurred_at DESC, t.seq DESC LIMIT ? OFFSET ?",
        (territory, limit, offset))
    docs = [str(r[0]) for r in rows]
    total = db.execute("SELECT SUM(l.transactions) FROM carnet_territories s JOIN carnet_logs l "
                       "ON l.carnet_id = s.carnet_id WHERE s.territory = ?", (territory,)).fetchone()[0]
    return docs, int(total or 0)


def committed_by_type(db: Db, office_ids: list[str] | None) -> dict[str, int]:
    """Committed transactions by type at ``office_ids`` (``None``: everywhere)."""
    if office_ids is None:
        rows = db.execute("SELECT tx_type, SUM(committed) FROM office_counts GROUP BY tx_type")
    elif not office_ids:
        return {}
    else:
        within = f"office_id IN ({marks(office_ids)})"
        rows = db.execute(f"SELECT tx_type, SUM(committed) FROM office_counts WHERE {within} "  # noqa: S608
                          "GROUP BY tx_type", office_ids)
    return {str(kind): int(n) for kind, n in rows if n}


def committed_by_office(db: Db, office_ids: list[str] | None) -> dict[str, int]:
    """Committed transactions by office, at ``office_ids`` (``None``: everywhere)."""
    if office_ids is not None and not office_ids:
        return {}
    within = "" if office_ids is None else f" WHERE office_id IN ({marks(office_ids)})"
    rows = db.execute(f"SELECT office_id, SUM(committed) FROM office_counts{within} "  # noqa: S608 - marks only
                      "GROUP BY office_id", office_ids or ())
    return {str(office): int(n) for office, n in rows if n}


def committed_by_month(db: Db, office_ids: list[str] | None, first: str, last: str) -> dict[str, dict[str, int]]:
    """Committed transactions by month (``YYYY-MM``, the office's) and type, from month ``first`` to ``last``
    included, at ``office_ids`` (``None``: everywhere)."""
    if office_ids is not None and not office_ids:
        return {}
    within = "" if office_ids is None else f" AND office_id IN ({marks(office_ids)})"
    rows = db.execute(f"SELECT month, tx_type, SUM(committed) FROM office_month_counts "  # noqa: S608 - marks only
                      f"WHERE month >= ? AND month <= ?{within} GROUP BY month, tx_type",
                      (first, last, *(office_ids or ())))
    months: dict[str, dict[str, int]] = {}
    for month, kind, n in rows:
        if n:
            months.setdefault(str(month), {})[str(kind)] = int(n)
    return months


def to_check(db: Db, territories: list[str] | None, today: date) -> list[tuple[str, int, Decimal]]:
    """The carnets to check on ``today`` (potential claims: expired with goods or entries outstanding), per currency:
    how many and their total value; only those with a transaction in ``territories`` (``None``: every carnet)."""
    if territories is not None and not territories:
        return []
    within = "" if territories is None else (" AND EXISTS (SELECT 1 FROM carnet_territories s WHERE "  # noqa: S608
                                             f"s.carnet_id = l.carnet_id AND s.territory IN ({marks(territories)}))")
    sql = ("SELECT l.currency, COUNT(*), SUM(CAST(l.total_value AS NUMERIC)) FROM carnet_logs l WHERE "  # noqa: S608
           f"l.outstanding = 1 AND l.valid_until < ?{within} GROUP BY l.currency ORDER BY l.currency")
    rows = db.execute(sql, (today.isoformat(), *(territories or ())))
    cent = Decimal("0.01")
    return [(str(currency), int(n), Decimal(str(total or 0)).quantize(cent)) for currency, n, total in rows]
