"""Transactions carry, beside their document, the moment they occurred (what an office's page is ordered by, on an
index, instead of a value read out of each document) and their transaction code with its slot: a unique index
makes a code's single use the database's rule, so that two server processes racing for one code cannot both
commit it. The slot is ``pre`` for a Pre-exportation (whose code the Exit completing it uses again), ``main`` for
any other transaction, and empty once the transaction is cancelled (a cancelled transaction spends no code).
"""

from __future__ import annotations

import json
from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

BATCH = 5000


def _stamp(value: str) -> str:
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ") if moment.utcoffset() is not None else ""


def slot(doc: dict[str, object]) -> str | None:
    if doc.get("state", "committed") != "committed":
        return None
    return "pre" if doc.get("type") == "pre_exportation" else "main"


def upgrade() -> None:
    bind = op.get_bind()
    present = {c["name"] for c in sa.inspect(bind).get_columns("transactions")}
    for column in (sa.Column("occurred_at", sa.Text(), nullable=False, server_default=sa.text("''")),
                   sa.Column("transaction_code", sa.Text(), nullable=False, server_default=sa.text("''")),
                   sa.Column("code_slot", sa.Text(), nullable=True)):
        if column.name not in present:  # a file this release made, then taken back to look older (tests do)
            op.add_column("transactions", column)
    last = 0
    while True:
        rows = bind.execute(sa.text("SELECT seq, doc FROM transactions WHERE seq > :last ORDER BY seq LIMIT :n"),
                            {"last": last, "n": BATCH}).fetchall()
        if not rows:
            break
        values = []
        for seq, doc in rows:
            parsed = json.loads(doc)
            values.append({"seq": seq, "occurred_at": _stamp(str(parsed["occurred_at"])),
                           "code": str(parsed["transaction_code"]), "slot": slot(parsed)})
        bind.execute(sa.text("UPDATE transactions SET occurred_at = :occurred_at, transaction_code = :code, "
                             "code_slot = :slot WHERE seq = :seq"), values)
        last = rows[-1][0]
    op.create_index("transactions_office_time", "transactions", ["office_id", "occurred_at", "seq"],
                    if_not_exists=True)
    op.create_index("transactions_code_once", "transactions", ["carnet_id", "transaction_code", "code_slot"],
                    unique=True, if_not_exists=True)


def downgrade() -> None:
    op.drop_index("transactions_code_once", "transactions")
    op.drop_index("transactions_office_time", "transactions")
    with op.batch_alter_table("transactions") as batch:
        batch.drop_column("code_slot")
        batch.drop_column("transaction_code")
        batch.drop_column("occurred_at")
