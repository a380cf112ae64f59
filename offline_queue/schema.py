"""The queue file's tables. ``PRAGMA user_version`` holds the schema version."""

from __future__ import annotations

VERSION = 3

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

-- Commits made at this desk, in the order they were made; each goes to the central exactly once.
CREATE TABLE outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    local_ref TEXT NOT NULL UNIQUE,
    idempotency_key TEXT NOT NULL UNIQUE,
    office_id TEXT NOT NULL,
    officer TEXT NOT NULL,
    made_at TEXT NOT NULL,
    request TEXT NOT NULL,
    recorded_without_carnet INTEGER NOT NULL DEFAULT 0,
    resolved INTEGER NOT NULL DEFAULT 0,
    unchecked TEXT NOT NULL DEFAULT '[]',
    state TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    last_attempt_at TEXT,
    last_problem TEXT NOT NULL DEFAULT '',
    response TEXT,
    refusal_code TEXT NOT NULL DEFAULT '',
    refusal_message TEXT NOT NULL DEFAULT '',
    refusal_detail TEXT NOT NULL DEFAULT '',
    refusal_extra TEXT NOT NULL DEFAULT '{}',
    decided_by TEXT NOT NULL DEFAULT '',
    decision TEXT NOT NULL DEFAULT '',
    decided_at TEXT,
    final_seen INTEGER NOT NULL DEFAULT 0,
    grant_id TEXT NOT NULL DEFAULT ''
);
CREATE INDEX outbox_state ON outbox (state, seq);

-- What the central answered to a lookup, so that a known carnet can be checked while it is unreachable.
CREATE TABLE carnet_cache (
    carnet_id TEXT NOT NULL,
    number TEXT NOT NULL,
    transaction_code TEXT NOT NULL,
    office_id TEXT NOT NULL,
    fetched_at TEXT NOT NULL,
    lookup TEXT NOT NULL,
    PRIMARY KEY (carnet_id, transaction_code, office_id)
);
CREATE INDEX carnet_cache_number ON carnet_cache (number, transaction_code, office_id);
CREATE INDEX carnet_cache_age ON carnet_cache (fetched_at);

-- Every action on the queue: who, what, when. Rows are only ever added.
CREATE TABLE journal (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    who TEXT NOT NULL,
    action TEXT NOT NULL,
    subject TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT ''
);
CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal
BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal
BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
"""

USED_CODES = """
-- Transaction codes this desk has seen accepted by the central (online, or when the queue was sent), so that the
-- same code is refused at step 1 while the central is unreachable; a cancellation made here frees the code again.
CREATE TABLE used_codes (
    carnet_id TEXT NOT NULL,
    number TEXT NOT NULL DEFAULT '',
    transaction_code TEXT NOT NULL,
    transaction_id TEXT NOT NULL PRIMARY KEY,
    verification_code TEXT NOT NULL DEFAULT '',
    local_ref TEXT NOT NULL DEFAULT '',
    used_at TEXT NOT NULL,
    cancelled_at TEXT
);
CREATE INDEX used_codes_code ON used_codes (transaction_code);
"""

OFFICERS = """
-- The officers who signed in online at this desk: what lets one of them sign in here again while the central is
-- unreachable (the password verifier, an Argon2id PHC string made at the desk; what the central said of them).
CREATE TABLE officers (
    account_id TEXT PRIMARY KEY,
    display_name TEXT NOT NULL,
    verifier TEXT NOT NULL,
    me TEXT NOT NULL,
    territories TEXT NOT NULL DEFAULT '[]',
    signed_in_at TEXT NOT NULL,
    grant_id TEXT NOT NULL DEFAULT ''
);

-- The offline grants the central issued at those sign-ins (docs/api.md, "Offline grants"): each commit made offline
-- is sent under the grant of the officer who made it. Kept while an officer or a commit still needs it.
CREATE TABLE grants (
    grant_id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL,
    secret TEXT NOT NULL,
    issued_at TEXT NOT NULL,
    offline_until TEXT NOT NULL
);
"""

SCHEMA += USED_CODES + OFFICERS

MIGRATIONS = {1: USED_CODES + """
-- The central's refusal kept as data (its detail and its findings), so that the desk words it for the officer.
ALTER TABLE outbox ADD COLUMN refusal_detail TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN refusal_extra TEXT NOT NULL DEFAULT '{}';
""", 2: OFFICERS + """
-- The grant each commit was made under; '' for those queued before (they wait for their officer to sign in).
ALTER TABLE outbox ADD COLUMN grant_id TEXT NOT NULL DEFAULT '';
-- The session remembered by the previous format: the officers table takes its place.
DELETE FROM meta WHERE key LIKE 'session.%';
"""}
"""What takes a queue of version N to N + 1, run in one write transaction when an older queue is opened."""
