"""A carnet's one active hold per customs territory as a unique index; and what the Logs and the statistics read,
kept as rows (:mod:`reference_central.carnet_summaries`): a transaction's type as a column, each transacted carnet's
validity and outstanding goods or entries (its status is derived from them in the query, as of the day asked), the
territories it has transactions in, and the committed transactions per office and type. The rows are made from the
records by the last revision (0005), which adds to them, by the rules of the release that runs it."""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

BATCH = 5000


def upgrade() -> None:
    from reference_central.schema import NUMBERED

    bind = op.get_bind()
    present = sa.inspect(bind)
    if "tx_type" not in {c["name"] for c in present.get_columns("transactions")}:  # tests make files look older
        op.add_column("transactions", sa.Column("tx_type", sa.Text(), nullable=False, server_default=sa.text("''")))
    for table in ("carnet_logs", "carnet_territories", "office_counts"):
        if present.has_table(table):
            op.drop_table(table)  # made again below, from the records
    last = 0
    while True:
        rows = bind.execute(sa.text("SELECT seq, doc FROM transactions WHERE seq > :last ORDER BY seq LIMIT :n"),
                            {"last": last, "n": BATCH}).fetchall()
        if not rows:
            break
        bind.execute(sa.text("UPDATE transactions SET tx_type = :kind WHERE seq = :seq"),
                     [{"seq": seq, "kind": str(json.loads(doc)["type"])} for seq, doc in rows])
        last = rows[-1][0]
    op.create_index("transactions_time", "transactions", ["occurred_at", "seq"], if_not_exists=True)
    op.create_index("transactions_territory_type", "transactions", ["territory", "tx_type"], if_not_exists=True)
    op.create_index("holds_one_active", "holds", ["carnet_id", "territory"], unique=True, if_not_exists=True,
                    sqlite_where=sa.text("active = 1"), postgresql_where=sa.text("active = 1"))
    op.create_table(
        "carnet_logs",
        sa.Column("carnet_id", sa.Text(), primary_key=True), sa.Column("carnet_key", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False), sa.Column("valid_until", sa.Text(), nullable=False),
        sa.Column("outstanding", sa.Integer(), nullable=False),
        sa.Column("last_transaction_at", sa.Text(), nullable=False),
        sa.Column("transactions", sa.Integer(), nullable=False), sa.Column("doc", sa.Text(), nullable=False),
    )
    op.create_index("carnet_logs_latest", "carnet_logs", ["last_transaction_at", "carnet_key"])
    op.create_table(
        "carnet_territories",
        sa.Column("territory", sa.Text(), primary_key=True), sa.Column("carnet_id", sa.Text(), primary_key=True),
        sa.Column("carnet_key", sa.Text(), nullable=False), sa.Column("last_transaction_at", sa.Text(), nullable=False),
    )
    op.create_index("carnet_territories_latest", "carnet_territories",
                    ["territory", "last_transaction_at", "carnet_key"])
    op.create_index("carnet_territories_carnet", "carnet_territories", ["carnet_id"])
    op.create_table(
        "office_counts",
        sa.Column("office_id", sa.Text(), primary_key=True), sa.Column("tx_type", sa.Text(), primary_key=True),
        sa.Column("committed", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
    )
    if bind.dialect.name == "postgresql":  # never reached today (PostgreSQL databases start at the newest revision)
        for name in NUMBERED:
            op.execute(sa.schema.CreateSequence(sa.Sequence(f"number_{name}")))


def downgrade() -> None:
    op.drop_index("holds_one_active", "holds")
    for table in ("office_counts", "carnet_territories", "carnet_logs"):
        op.drop_table(table)
    op.drop_index("transactions_territory_type", "transactions")
    op.drop_index("transactions_time", "transactions")
    with op.batch_alter_table("transactions") as batch:
        batch.drop_column("tx_type")
