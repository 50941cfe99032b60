"""scanned pages: each page of a scanned file, its readings and what became of it

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "scanned_page",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("page_no", sa.Integer(), nullable=False),
        sa.Column("scanned_at", sa.DateTime(), nullable=False),
        sa.Column("operator", sa.String(), nullable=False),
        sa.Column("station", sa.String(), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("poll_id", sa.Integer(), nullable=True),
        sa.Column("pass_no", sa.Integer(), nullable=False),
        sa.Column("serial", sa.String(length=64), nullable=True),
        sa.Column("sheet_page", sa.Integer(), nullable=True),
        sa.Column("sheet_pages", sa.Integer(), nullable=True),
        sa.Column("cells", sa.JSON(), nullable=False),
        sa.Column("ballot_id", sa.Integer(), nullable=True),
        sa.Column("reviewed_by", sa.String(), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(), nullable=True),
        sa.Column("review_note", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["ballot_id"], ["ballot.id"], name=op.f("fk_scanned_page_ballot_id_ballot"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["poll_id"], ["poll.id"], name=op.f("fk_scanned_page_poll_id_poll"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scanned_page")),
        sa.UniqueConstraint("file_sha256", "page_no", name=op.f("uq_scanned_page_file_sha256_page_no")),
    )
    with op.batch_alter_table("scanned_page", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_scanned_page_ballot_id"), ["ballot_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_scanned_page_file_sha256"), ["file_sha256"], unique=False)
        batch_op.create_index(batch_op.f("ix_scanned_page_poll_id"), ["poll_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_scanned_page_serial"), ["serial"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("scanned_page", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_scanned_page_serial"))
        batch_op.drop_index(batch_op.f("ix_scanned_page_poll_id"))
        batch_op.drop_index(batch_op.f("ix_scanned_page_file_sha256"))
        batch_op.drop_index(batch_op.f("ix_scanned_page_ballot_id"))
    op.drop_table("scanned_page")
