"""Storage: one meeting is one SQLite file (`*.kiemphieu`) under Alembic migrations."""
