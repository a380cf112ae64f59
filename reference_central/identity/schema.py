"""The identity tables of the central's database. Nothing secret is kept in clear: passwords as Argon2id hashes,
tokens, grants, challenges, workstation keys and set-password codes as SHA-256 (they are long random values),
recovery codes salted and hashed, TOTP secrets sealed (:mod:`reference_central.identity.secret_box`)."""

IDENTITY_SCHEMA = """
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

IDENTITY_TABLES = ("credentials", "sessions", "challenges", "throttle", "workstations", "offline_grants")
