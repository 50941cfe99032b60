"""minutes records and the meeting's electorate noun

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.add_column(sa.Column("electorate", sa.String(), nullable=False, server_default="đại biểu"))
    op.create_table(
        "minutes_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("poll_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=False),
        sa.Column("closed_by", sa.String(), nullable=False),
        sa.Column("reopen_reason", sa.String(), nullable=True),
        sa.Column("tally", sa.JSON(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["poll_id"], ["poll.id"], name=op.f("fk_minutes_record_poll_id_poll"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_minutes_record")),
        sa.UniqueConstraint("poll_id", "revision", name=op.f("uq_minutes_record_poll_id_revision")),
    )
    with op.batch_alter_table("minutes_record", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_minutes_record_poll_id"), ["poll_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("minutes_record", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_minutes_record_poll_id"))
    op.drop_table("minutes_record")
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.drop_column("electorate")
