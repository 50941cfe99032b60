"""Alembic environment: runs on the connection app.store.db hands over (no alembic.ini URL)."""

from __future__ import annotations

from alembic import context

from app.store.orm import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reached from the alembic command line
    raise SystemExit("Run migrations through app.store.db (open_meeting_file), not the alembic CLI.")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    transaction_per_migration=False,
)
context.run_migrations()
