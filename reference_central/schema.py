"""The central's tables, one schema for SQLite and PostgreSQL.

Records are the domain's own models stored as JSON documents (``doc``), with the columns that queries filter,
order and lock on beside them. Moments are UTC text in one fixed format (:func:`stamp`), so that text order is
time order on both engines. A new database is made from these tables and stamped at the newest migration
(:mod:`reference_central.schema_version`); an existing one is brought here by the migrations in
``reference_central/migrations``, which a test compares with these tables on both engines.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import BigInteger, Column, Index, Integer, MetaData, Sequence, Table, Text, text

metadata = MetaData()

SEQ = BigInteger().with_variant(Integer(), "sqlite")
"""An ever-growing sequence number: 64 bits on PostgreSQL; on SQLite the row ID itself (which is 64 bits)."""


def stamp(moment: datetime) -> str:
    """``moment`` as the UTC text the columns hold: fixed width, so text order is time order."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _keyed(name: str, key: str, *columns: Column[Any], **kw: Any) -> Table:
    return Table(name, metadata, Column(key, Text, primary_key=True), *columns, **kw)


def _doc() -> Column[str]:
    return Column("doc", Text, nullable=False)


meta = _keyed("meta", "key", Column("value", Text, nullable=False))
territories = _keyed("territories", "code", _doc())
regions = _keyed("regions", "region_id", _doc())
offices = _keyed("offices", "office_id", Column("region_id", Text, nullable=False), _doc())
accounts = _keyed(
    "accounts", "account_id", Column("region_id", Text, nullable=False), _doc(),
    # Since migration 0004: an office is deleted only when no account works at it.
    Column("office_id", Text, nullable=False, server_default=text("''")),
)
Index("accounts_office", accounts.c.office_id)
carnets = _keyed("carnets", "carnet_id", Column("number", Text, nullable=False, unique=True), _doc())
declarations = Table(
    "declarations", metadata,
    Column("carnet_id", Text, primary_key=True), Column("transaction_code", Text, primary_key=True),
    Column("cancellation_code", Text, nullable=False),
    Column("trainee", Integer, nullable=False, server_default=text("0")), _doc(),
)
transactions = Table(
    "transactions", metadata,
    Column("seq", SEQ, primary_key=True, autoincrement=True),
    Column("transaction_id", Text, nullable=False, unique=True),
    Column("carnet_id", Text, nullable=False), Column("office_id", Text, nullable=False),
    Column("territory", Text, nullable=False), _doc(),
    # Since migration 0002: what the desks' pages order by, and the single use of a transaction code.
    Column("occurred_at", Text, nullable=False, server_default=text("''")),
    Column("transaction_code", Text, nullable=False, server_default=text("''")),
    Column("code_slot", Text, nullable=True),
    # Since migration 0003: the statistics count by type, the Logs page every transaction newest first.
    Column("tx_type", Text, nullable=False, server_default=text("''")),
    sqlite_autoincrement=True,
)
Index("transactions_time", transactions.c.occurred_at, transactions.c.seq)
Index("transactions_territory_type", transactions.c.territory, transactions.c.tx_type)
Index("transactions_carnet", transactions.c.carnet_id)
Index("transactions_office", transactions.c.office_id, transactions.c.seq)
Index("transactions_office_time", transactions.c.office_id, transactions.c.occurred_at, transactions.c.seq)
Index("transactions_code_once", transactions.c.carnet_id, transactions.c.transaction_code, transactions.c.code_slot,
      unique=True)
# What the Logs and the statistics read (migration 0003, reference_central.carnet_summaries).
carnet_logs = _keyed(
    "carnet_logs", "carnet_id", Column("carnet_key", Text, nullable=False), Column("kind", Text, nullable=False),
    Column("valid_until", Text, nullable=False), Column("outstanding", Integer, nullable=False),
    Column("last_transaction_at", Text, nullable=False), Column("transactions", Integer, nullable=False),
    _doc(),
    # Since migration 0005: the statistics add up the value of the carnets to check, per currency.
    Column("total_value", Text, nullable=False, server_default=text("'0'")),
    Column("currency", Text, nullable=False, server_default=text("''")),
)
Index("carnet_logs_latest", carnet_logs.c.last_transaction_at, carnet_logs.c.carnet_key)
Index("carnet_logs_to_check", carnet_logs.c.outstanding, carnet_logs.c.valid_until)  # since migration 0005
carnet_territories = Table(
    "carnet_territories", metadata,
    Column("territory", Text, primary_key=True), Column("carnet_id", Text, primary_key=True),
    Column("carnet_key", Text, nullable=False), Column("last_transaction_at", Text, nullable=False),
)
Index("carnet_territories_latest", carnet_territories.c.territory, carnet_territories.c.last_transaction_at,
      carnet_territories.c.carnet_key)
Index("carnet_territories_carnet", carnet_territories.c.carnet_id)
office_counts = Table(
    "office_counts", metadata,
    Column("office_id", Text, primary_key=True), Column("tx_type", Text, primary_key=True),
    Column("committed", SEQ, nullable=False),
)
office_month_counts = Table(  # since migration 0005: the month (YYYY-MM) is the office's, in its time zone
    "office_month_counts", metadata,
    Column("office_id", Text, primary_key=True), Column("month", Text, primary_key=True),
    Column("tx_type", Text, primary_key=True), Column("committed", SEQ, nullable=False),
)
holds = _keyed(
    "holds", "hold_id", Column("carnet_id", Text, nullable=False), Column("territory", Text, nullable=False),
    Column("office_id", Text, nullable=False), Column("active", Integer, nullable=False), _doc(),
)
Index("holds_carnet", holds.c.carnet_id, holds.c.active)
Index("holds_one_active", holds.c.carnet_id, holds.c.territory, unique=True,  # since migration 0003
      sqlite_where=text("active = 1"), postgresql_where=text("active = 1"))
rejections = _keyed(
    "rejections", "rejection_id", Column("carnet_id", Text, nullable=False), Column("territory", Text, nullable=False),
    _doc(), Column("office_id", Text, nullable=False, server_default=text("''")),  # since migration 0004
)
Index("rejections_carnet", rejections.c.carnet_id)
Index("rejections_office", rejections.c.office_id)
idempotency = _keyed(
    "idempotency", "key", Column("request_hash", Text, nullable=False), Column("status", Integer, nullable=False),
    Column("response", Text, nullable=False), Column("created_at", Text, nullable=False),
)
Index("idempotency_age", idempotency.c.created_at)
counters = _keyed("counters", "name", Column("value", SEQ, nullable=False))
NUMBERED = ("transaction", "hold", "rejection", "predeclaration", "vehicle_record", "shift", "audit", "workstation")
"""What the central numbers (:meth:`reference_central.store.Store.next_number`). On PostgreSQL each has a sequence
of its own (``number_<name>``, since migration 0003): concurrent commits take numbers without waiting on one another.
SQLite has one writer at a time, and keeps them in ``counters``."""
NUMBER_SEQUENCES = [Sequence(f"number_{name}", metadata=metadata) for name in NUMBERED]

shifts = _keyed(
    "shifts", "shift_id", Column("office_id", Text, nullable=False), Column("is_open", Integer, nullable=False), _doc(),
)
Index("shifts_one_open", shifts.c.office_id, unique=True,
      sqlite_where=text("is_open = 1"), postgresql_where=text("is_open = 1"))
audit = Table(
    "audit", metadata,
    Column("seq", SEQ, primary_key=True, autoincrement=True), Column("at", Text, nullable=False),
    Column("account_id", Text, nullable=False), Column("office_id", Text, nullable=False),
    Column("region_id", Text, nullable=False), Column("action", Text, nullable=False), _doc(),
    sqlite_autoincrement=True,
)
Index("audit_region", audit.c.region_id, audit.c.at)
Index("audit_office", audit.c.office_id, audit.c.at)
audit_territories = Table(
    "audit_territories", metadata,
    Column("territory", Text, primary_key=True), Column("seq", SEQ, primary_key=True, autoincrement=False),
)
audit_chain = Table(
    "audit_chain", metadata,
    Column("seq", SEQ, primary_key=True, autoincrement=False), Column("region_id", Text, nullable=False),
    Column("prev", Text, nullable=False), Column("hash", Text, nullable=False),
)
Index("audit_chain_region", audit_chain.c.region_id, audit_chain.c.seq)

predeclarations = _keyed(
    "predeclarations", "predeclaration_id", Column("office_id", Text, nullable=False), Column("carnet_id", Text),
    Column("arrival_at", Text, nullable=False), _doc(),
)
Index("predeclarations_office", predeclarations.c.office_id, predeclarations.c.arrival_at)
vehicle_records = _keyed(
    "vehicle_records", "record_id", Column("carnet_id", Text, nullable=False), Column("kind", Text, nullable=False),
    _doc(), Column("office_id", Text, nullable=False, server_default=text("''")),  # since migration 0004
)
Index("vehicle_records_carnet", vehicle_records.c.carnet_id, vehicle_records.c.kind)
Index("vehicle_records_office", vehicle_records.c.office_id)

# --- The classroom (issue 20, since migration 0006): a training central's exercises, each code set's progress on
# them and each trainee's link (reference_central.training.records)
exercises = _keyed(
    "exercises", "exercise_id", Column("position", Integer, nullable=False), Column("scenario", Text, nullable=False),
    _doc(),
)
exercise_progress = Table(
    "exercise_progress", metadata,
    Column("code_set", Integer, primary_key=True), Column("exercise_id", Text, primary_key=True),
    Column("state", Text, nullable=False), Column("paused", Integer, nullable=False),
    Column("started_at", Text, nullable=True), Column("finished_at", Text, nullable=True),
    Column("findings", Text, nullable=False),
)
trainee_links = Table(
    "trainee_links", metadata,
    Column("code_set", Integer, primary_key=True), Column("cut", Integer, nullable=False),
)


# --- Identity: nothing secret in clear (reference_central.identity.schema says how each is kept) -------------
def _text(name: str, default: str | None = None, *, null: bool = False) -> Column[str]:
    if default is None:
        return Column(name, Text, nullable=null)
    return Column(name, Text, nullable=False, server_default=text(f"'{default}'"))


def _int(name: str, default: int | None = None) -> Column[int]:
    return Column(name, Integer, nullable=False, server_default=None if default is None else text(str(default)))


credentials = _keyed(
    "credentials", "account_id", _text("password_hash", ""), _text("password_set_at", null=True),
    _int("must_change", 0), _text("setup_code_hash", ""), _text("setup_code_expires", null=True),
    _text("totp_sealed", ""), _text("totp_enrolled_at", null=True), _int("totp_last_step", 0),
    _text("recovery", "[]"), _text("recovery_salt", ""), _text("published_password", ""),
)
sessions = _keyed(
    "sessions", "session_id", Column("token_hash", Text, nullable=False, unique=True), _text("account_id"),
    _text("kind"), _text("workstation_id", ""), _text("created_at"), _text("last_seen_at"), _text("expires_at"),
    _text("ended_at", null=True), _text("ended_why", ""), _text("route_groups", "[]"), _text("offices", "[]"),
    _text("address", ""),
)
Index("sessions_account", sessions.c.account_id, sessions.c.ended_at)
Index("sessions_workstation", sessions.c.workstation_id, sessions.c.ended_at)
challenges = _keyed(
    "challenges", "challenge_hash", _text("account_id"), _text("workstation_id", ""), _text("created_at"),
    _text("expires_at"), _text("needs"), _text("enrol_sealed", ""), _int("failures", 0),
)
throttle = _keyed(
    "throttle", "key", _int("failures"), _text("first_at"), _text("last_at"), _text("locked_until", null=True),
)
workstations = _keyed(
    "workstations", "workstation_id", Column("key_hash", Text, nullable=False, unique=True), _text("office_id"),
    _text("region_id"), _text("revoked_at", null=True), _doc(),
)
offline_grants = _keyed(
    "offline_grants", "grant_id", Column("grant_hash", Text, nullable=False, unique=True), _text("account_id"),
    _text("workstation_id"), _text("session_id"), _text("issued_at"), _text("offline_until"),
    _text("revoked_at", null=True),
)
Index("offline_grants_account", offline_grants.c.account_id)

DATA_TABLES: tuple[str, ...] = tuple(metadata.tables)
"""Every table, in the order they are made."""

