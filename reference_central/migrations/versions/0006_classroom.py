"""The classroom (issue 20): a training central's exercises, each code set's progress on them (state, pause, times,
the verdict's findings) and each trainee's link to the classroom central. A live central keeps these tables empty."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "exercises",
        sa.Column("exercise_id", sa.Text(), primary_key=True), sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("scenario", sa.Text(), nullable=False), sa.Column("doc", sa.Text(), nullable=False),
        if_not_exists=True,
    )
    op.create_table(
        "exercise_progress",
        sa.Column("code_set", sa.Integer(), primary_key=True), sa.Column("exercise_id", sa.Text(), primary_key=True),
        sa.Column("state", sa.Text(), nullable=False), sa.Column("paused", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.Text(), nullable=True), sa.Column("finished_at", sa.Text(), nullable=True),
        sa.Column("findings", sa.Text(), nullable=False),
        if_not_exists=True,
    )
    op.create_table(
        "trainee_links",
        sa.Column("code_set", sa.Integer(), primary_key=True), sa.Column("cut", sa.Integer(), nullable=False),
        if_not_exists=True,
    )


def downgrade() -> None:
    op.drop_table("trainee_links")
    op.drop_table("exercise_progress")
    op.drop_table("exercises")
