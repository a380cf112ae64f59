"""What the statistics read beside the Logs' rows: each transacted carnet's total value and currency (the carnets to
check are added up per currency), and the committed transactions per office, month and type, the month being the
office's in its time zone. Every summary row (those of revision 0003 too) is made again from the records, by the
rules of this release."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from reference_central.carnet_summaries import rebuild
    from reference_central.database import Db

    bind = op.get_bind()
    present = {c["name"] for c in sa.inspect(bind).get_columns("carnet_logs")}
    if "total_value" not in present:
        op.add_column("carnet_logs", sa.Column("total_value", sa.Text(), nullable=False, server_default=sa.text("'0'")))
    if "currency" not in present:
        op.add_column("carnet_logs", sa.Column("currency", sa.Text(), nullable=False, server_default=sa.text("''")))
    op.create_index("carnet_logs_to_check", "carnet_logs", ["outstanding", "valid_until"], if_not_exists=True)
    op.create_table(
        "office_month_counts",
        sa.Column("office_id", sa.Text(), primary_key=True), sa.Column("month", sa.Text(), primary_key=True),
        sa.Column("tx_type", sa.Text(), primary_key=True),
        sa.Column("committed", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        if_not_exists=True,
    )
    rebuild(Db(bind, bind.dialect.name))


def downgrade() -> None:
    op.drop_table("office_month_counts")
    op.drop_index("carnet_logs_to_check", "carnet_logs")
    with op.batch_alter_table("carnet_logs") as batch:
        batch.drop_column("currency")
        batch.drop_column("total_value")
