"""The office each account works at, each rejection was made at and each vehicle record was recorded at, as
columns beside their documents: an office is deleted only when nothing names it, which these tell on an index
instead of reading every document. Offices themselves gain the guide's fields (address, contact, opening hours,
coordinates, types) inside their documents, with defaults: an office written before reads as one without them.
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

BATCH = 5000
TABLES = {"accounts": "account_id", "rejections": "rejection_id", "vehicle_records": "record_id"}
"""Each table that gains ``office_id``, with its key."""


def _fill(bind: sa.Connection, table: str, key: str) -> None:
    """``office_id`` of every row of ``table`` from its document, a batch at a time in key order."""
    last = ""
    while True:
        rows = bind.execute(sa.text(f"SELECT {key}, doc FROM {table} WHERE {key} > :last "  # noqa: S608
                                    f"ORDER BY {key} LIMIT :n"), {"last": last, "n": BATCH}).fetchall()
        if not rows:
            break
        bind.execute(sa.text(f"UPDATE {table} SET office_id = :office WHERE {key} = :key"),  # noqa: S608
                     [{"key": row_key, "office": str(json.loads(doc).get("office_id") or "")}
                      for row_key, doc in rows])
        last = rows[-1][0]


def upgrade() -> None:
    bind = op.get_bind()
    inspector = sa.inspect(bind)
    for table, key in TABLES.items():
        if "office_id" not in {c["name"] for c in inspector.get_columns(table)}:  # tests make files look older
            op.add_column(table, sa.Column("office_id", sa.Text(), nullable=False, server_default=sa.text("''")))
        _fill(bind, table, key)
    op.create_index("accounts_office", "accounts", ["office_id"], if_not_exists=True)
    op.create_index("rejections_office", "rejections", ["office_id"], if_not_exists=True)
    op.create_index("vehicle_records_office", "vehicle_records", ["office_id"], if_not_exists=True)


def downgrade() -> None:
    for table in TABLES:
        op.drop_index(f"{table}_office", table)
        with op.batch_alter_table(table) as batch:
            batch.drop_column("office_id")
