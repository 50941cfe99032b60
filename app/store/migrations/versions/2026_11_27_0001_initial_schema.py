"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(), nullable=False),
        sa.Column("action", sa.String(length=48), nullable=False),
        sa.Column("poll_id", sa.Integer(), nullable=True),
        sa.Column("subject", sa.String(), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_table(
        "committee_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("role", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_committee_member")),
    )
    op.create_table(
        "exclusion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exclusion")),
    )
    op.create_table(
        "meeting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("organization", sa.String(), nullable=False),
        sa.Column("superior", sa.String(), nullable=True),
        sa.Column("congress", sa.String(), nullable=True),
        sa.Column("term", sa.String(), nullable=True),
        sa.Column("place", sa.String(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("convened", sa.Integer(), nullable=False),
        sa.Column("present", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.String(length=32), nullable=False),
        sa.Column("secret", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting")),
    )
    op.create_table(
        "poll",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("round_no", sa.Integer(), nullable=False),
        sa.Column("seats", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.String(length=64), nullable=False),
        sa.Column("rules", sa.JSON(), nullable=False),
        sa.Column("binding", sa.Boolean(), nullable=False),
        sa.Column("collective_level", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("issued", sa.Integer(), nullable=True),
        sa.Column("collected", sa.Integer(), nullable=True),
        sa.Column("previous_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["previous_id"], ["poll.id"], name=op.f("fk_poll_previous_id_poll")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_poll")),
        sa.UniqueConstraint("code", name=op.f("uq_poll_code")),
    )
    op.create_table(
        "ballot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("poll_id", sa.Integer(), nullable=False),
        sa.Column("pass_no", sa.Integer(), nullable=False),
        sa.Column("serial", sa.String(length=64), nullable=True),
        sa.Column("app_number", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("operator", sa.String(), nullable=False),
        sa.Column("station", sa.String(), nullable=False),
        sa.Column("entered_at", sa.DateTime(), nullable=False),
        sa.Column("physical_invalid", sa.String(), nullable=True),
        sa.Column("marks_entered", sa.Boolean(), nullable=False),
        sa.Column("auto_valid", sa.Boolean(), nullable=False),
        sa.Column("auto_reason", sa.String(), nullable=True),
        sa.Column("override_valid", sa.Boolean(), nullable=True),
        sa.Column("override_reason", sa.String(), nullable=True),
        sa.Column("override_by", sa.String(), nullable=True),
        sa.Column("override_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["poll_id"], ["poll.id"], name=op.f("fk_ballot_poll_id_poll"), ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ballot")),
        sa.UniqueConstraint("poll_id", "pass_no", "app_number", name=op.f("uq_ballot_poll_id_pass_no_app_number")),
        sa.UniqueConstraint("poll_id", "pass_no", "serial", name=op.f("uq_ballot_poll_id_pass_no_serial")),
    )
    with op.batch_alter_table("ballot", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ballot_poll_id"), ["poll_id"], unique=False)

    op.create_table(
        "ballot_sheet",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("poll_id", sa.Integer(), nullable=False),
        sa.Column("serial", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["poll_id"], ["poll.id"], name=op.f("fk_ballot_sheet_poll_id_poll"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ballot_sheet")),
        sa.UniqueConstraint("serial", name=op.f("uq_ballot_sheet_serial")),
    )
    with op.batch_alter_table("ballot_sheet", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ballot_sheet_poll_id"), ["poll_id"], unique=False)

    op.create_table(
        "poll_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("poll_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("birth_year", sa.Integer(), nullable=True),
        sa.Column("position", sa.String(), nullable=True),
        sa.Column("note", sa.String(), nullable=True),
        sa.Column("is_head", sa.Boolean(), nullable=False),
        sa.Column("max_level", sa.Integer(), nullable=False),
        sa.Column("max_halves", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["poll_id"], ["poll.id"], name=op.f("fk_poll_item_poll_id_poll"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_poll_item")),
        sa.UniqueConstraint("poll_id", "role", "ordinal", name=op.f("uq_poll_item_poll_id_role_ordinal")),
    )
    with op.batch_alter_table("poll_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_poll_item_poll_id"), ["poll_id"], unique=False)

    op.create_table(
        "mark",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ballot_id", sa.Integer(), nullable=False),
        sa.Column("row", sa.Integer(), nullable=False),
        sa.Column("col", sa.Integer(), nullable=False),
        sa.Column("value", sa.Integer(), nullable=True),
        sa.Column("text", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["ballot_id"], ["ballot.id"], name=op.f("fk_mark_ballot_id_ballot"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mark")),
    )
    with op.batch_alter_table("mark", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mark_ballot_id"), ["ballot_id"], unique=False)
    # The audit log is append-only: the database itself refuses edits and deletions.
    for verb in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log "
            "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
        )


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
    op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
    with op.batch_alter_table("mark", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mark_ballot_id"))

    op.drop_table("mark")
    with op.batch_alter_table("poll_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_poll_item_poll_id"))

    op.drop_table("poll_item")
    with op.batch_alter_table("ballot_sheet", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ballot_sheet_poll_id"))

    op.drop_table("ballot_sheet")
    with op.batch_alter_table("ballot", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ballot_poll_id"))

    op.drop_table("ballot")
    op.drop_table("poll")
    op.drop_table("meeting")
    op.drop_table("exclusion")
    op.drop_table("committee_member")
    op.drop_table("audit_log")
