"""the audit log carries the rows: a baseline of every table for files made before it did (issue #14)

From this version on, each transaction ends with a `state.rows` audit entry holding the new values of the rows
it changed, and `kiemphieu verify` rebuilds every table from the log. A file made by an earlier version has
no such entries: this migration appends one `state.baseline` entry with every table as it is now, chained
like any other entry. Edits made to such a file before this upgrade are therefore not found by the
field-by-field check (the older checks — ballots against their entry log, minutes against their digest —
still apply to them); docs/integrity.md says so.

A file whose log already carries rows gets no baseline (a baseline written over an edited file would make
the edit look legitimate), unless the last such entry is the marker this migration's downgrade appends.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

ACTOR = "kiemphieu (nâng cấp tệp)"
DOWNGRADED = "state.downgraded"

_audit = sa.table(
    "audit_log",
    sa.column("id", sa.Integer()),
    sa.column("at", sa.DateTime()),
    sa.column("actor", sa.String()),
    sa.column("action", sa.String()),
    sa.column("poll_id", sa.Integer()),
    sa.column("subject", sa.String()),
    sa.column("details", sa.JSON()),
    sa.column("prev_hash", sa.String()),
    sa.column("hash", sa.String()),
)


def _append(connection: sa.Connection, action: str, details: dict[str, Any]) -> None:
    from app import clock
    from app.store.chain import GENESIS, entry_digest

    prev = connection.execute(sa.select(_audit.c.hash).order_by(_audit.c.id.desc()).limit(1)).scalar() or GENESIS
    at = clock.now()
    connection.execute(
        _audit.insert().values(
            at=at,
            actor=ACTOR,
            action=action,
            poll_id=None,
            subject=None,
            details=details,
            prev_hash=prev,
            hash=entry_digest(prev, at, ACTOR, action, None, None, details),
        )
    )


def upgrade() -> None:
    from app.store import tracking
    from app.store.chain import BASELINE, STATE

    connection = op.get_bind()
    if connection.execute(sa.text("SELECT count(*) FROM meeting")).scalar() == 0:
        return  # a new, empty file: its first transaction logs every row it writes
    last = connection.execute(
        sa.select(_audit.c.action)
        .where(_audit.c.action.in_([STATE, BASELINE, DOWNGRADED]))
        .order_by(_audit.c.id.desc())
        .limit(1)
    ).scalar()
    if last not in (None, DOWNGRADED):
        return
    rows = {table: {str(k): v for k, v in by_id.items()} for table, by_id in tracking.snapshot(connection).items()}
    _append(connection, BASELINE, {"rows": rows, "at_revision": revision})


def downgrade() -> None:
    connection = op.get_bind()
    if connection.execute(sa.text("SELECT count(*) FROM meeting")).scalar() == 0:
        return
    # An earlier version changes rows without logging them: the next upgrade takes a new baseline.
    _append(connection, DOWNGRADED, {"from_revision": revision})
