"""The database as the release before migrations made it, for SQLite files of that release.

Until then the central grew its SQLite file with ``CREATE TABLE IF NOT EXISTS`` and kept no version; this
revision is that script, frozen, so that any such file (whichever of its tables it had) is brought to the same
starting point without losing a row. A PostgreSQL database is never older than revision 0002: an empty one is
made at the newest revision directly (:func:`reference_central.schema_version.upgrade`).
"""

from __future__ import annotations

from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

LEGACY_SCRIPT = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS territories (code TEXT PRIMARY KEY, doc TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS regions (region_id TEXT PRIMARY KEY, doc TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS offices (office_id TEXT PRIMARY KEY, region_id TEXT NOT NULL, doc TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS accounts (account_id TEXT PRIMARY KEY, region_id TEXT NOT NULL, doc TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS carnets (
    carnet_id TEXT PRIMARY KEY, number TEXT NOT NULL UNIQUE, doc TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS declarations (
    carnet_id TEXT NOT NULL, transaction_code TEXT NOT NULL, cancellation_code TEXT NOT NULL,
    trainee INTEGER NOT NULL DEFAULT 0, doc TEXT NOT NULL,
    PRIMARY KEY (carnet_id, transaction_code)
);
CREATE TABLE IF NOT EXISTS transactions (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    transaction_id TEXT NOT NULL UNIQUE, carnet_id TEXT NOT NULL, office_id TEXT NOT NULL,
    territory TEXT NOT NULL, doc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS transactions_carnet ON transactions (carnet_id);
CREATE INDEX IF NOT EXISTS transactions_office ON transactions (office_id, seq);
CREATE TABLE IF NOT EXISTS holds (
    hold_id TEXT PRIMARY KEY, carnet_id TEXT NOT NULL, territory TEXT NOT NULL, office_id TEXT NOT NULL,
    active INTEGER NOT NULL, doc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS holds_carnet ON holds (carnet_id, active);
CREATE TABLE IF NOT EXISTS rejections (
    rejection_id TEXT PRIMARY KEY, carnet_id TEXT NOT NULL, territory TEXT NOT NULL, doc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS rejections_carnet ON rejections (carnet_id);
CREATE TABLE IF NOT EXISTS idempotency (
    key TEXT PRIMARY KEY, request_hash TEXT NOT NULL, status INTEGER NOT NULL, response TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS idempotency_age ON idempotency (created_at);
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);

CREATE TABLE IF NOT EXISTS shifts (
    shift_id TEXT PRIMARY KEY, office_id TEXT NOT NULL, is_open INTEGER NOT NULL, doc TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS shifts_one_open ON shifts (office_id) WHERE is_open = 1;
CREATE TABLE IF NOT EXISTS audit (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, account_id TEXT NOT NULL,
    office_id TEXT NOT NULL, region_id TEXT NOT NULL, action TEXT NOT NULL, doc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_region ON audit (region_id, at);
CREATE INDEX IF NOT EXISTS audit_office ON audit (office_id, at);
CREATE TABLE IF NOT EXISTS audit_territories (
    territory TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (territory, seq)
);

CREATE TABLE IF NOT EXISTS audit_chain (
    seq INTEGER PRIMARY KEY, region_id TEXT NOT NULL, prev TEXT NOT NULL, hash TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_chain_region ON audit_chain (region_id, seq);

CREATE TABLE IF NOT EXISTS predeclarations (
    predeclaration_id TEXT PRIMARY KEY, office_id TEXT NOT NULL, carnet_id TEXT, arrival_at TEXT NOT NULL,
    doc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS predeclarations_office ON predeclarations (office_id, arrival_at);

CREATE TABLE IF NOT EXISTS vehicle_records (
    record_id TEXT PRIMARY KEY, carnet_id TEXT NOT NULL, kind TEXT NOT NULL, doc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS vehicle_records_carnet ON vehicle_records (carnet_id, kind);

CREATE TABLE IF NOT EXISTS credentials (
    account_id TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL DEFAULT '',
    password_set_at TEXT,
    must_change INTEGER NOT NULL DEFAULT 0,
    setup_code_hash TEXT NOT NULL DEFAULT '',
    setup_code_expires TEXT,
    totp_sealed TEXT NOT NULL DEFAULT '',
    totp_enrolled_at TEXT,
    totp_last_step INTEGER NOT NULL DEFAULT 0,
    recovery TEXT NOT NULL DEFAULT '[]',
    recovery_salt TEXT NOT NULL DEFAULT '',
    published_password TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS sessions (
    session_id TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    account_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    workstation_id TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    ended_at TEXT,
    ended_why TEXT NOT NULL DEFAULT '',
    route_groups TEXT NOT NULL DEFAULT '[]',
    offices TEXT NOT NULL DEFAULT '[]',
    address TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS sessions_account ON sessions (account_id, ended_at);
CREATE INDEX IF NOT EXISTS sessions_workstation ON sessions (workstation_id, ended_at);
CREATE TABLE IF NOT EXISTS challenges (
    challenge_hash TEXT PRIMARY KEY,
    account_id TEXT NOT NULL,
    workstation_id TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    needs TEXT NOT NULL,
    enrol_sealed TEXT NOT NULL DEFAULT '',
    failures INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS throttle (
    key TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    first_at TEXT NOT NULL,
    last_at TEXT NOT NULL,
    locked_until TEXT
);
CREATE TABLE IF NOT EXISTS workstations (
    workstation_id TEXT PRIMARY KEY,
    key_hash TEXT NOT NULL UNIQUE,
    office_id TEXT NOT NULL,
    region_id TEXT NOT NULL,
    revoked_at TEXT,
    doc TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS offline_grants (
    grant_id TEXT PRIMARY KEY,
    grant_hash TEXT NOT NULL UNIQUE,
    account_id TEXT NOT NULL,
    workstation_id TEXT NOT NULL,
    session_id TEXT NOT NULL,
    issued_at TEXT NOT NULL,
    offline_until TEXT NOT NULL,
    revoked_at TEXT
);
CREATE INDEX IF NOT EXISTS offline_grants_account ON offline_grants (account_id);
"""


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        raise RuntimeError("revision 0001 is the SQLite files of the release before migrations: a PostgreSQL "
                           "database starts at revision 0002 (ecarnet-central db upgrade makes an empty one there)")
    for statement in LEGACY_SCRIPT.split(";"):
        if statement.strip():
            op.execute(statement)


def downgrade() -> None:
    raise RuntimeError("there is no database before revision 0001")
