"""scanned pages: reasons as codes with parameters; the `cells` grab-bag split into named columns (issue #13)

`reasons` held {"list": [text, …]}; it now holds [{"code": …, "params": {…}}, …]. Texts stored by earlier
versions become reasons of code "legacy" that show the stored text.

`cells` held {"cells": [...], "checks": [...], "physical_invalid": …, "decided": [...], "paper": …,
"transform": …, "stamp": …, …}; it now holds the list of cells only, and the rest goes to `measures`
(what the reader measured: paper, transform, stamp, extra, extra_at, skew, print_scale, size), `checks`,
`physical_invalid` and `decisions` (was "decided").

`kiemphieu verify` is not affected: it checks scanned pages against the audit log by (file SHA-256, page)
only, and the audit entries already written keep their details (the hash chain covers them).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

MEASURES = ("paper", "transform", "stamp", "extra", "extra_at", "skew", "print_scale", "size")

_page = sa.table(
    "scanned_page",
    sa.column("id", sa.Integer()),
    sa.column("reasons", sa.JSON()),
    sa.column("cells", sa.JSON()),
    sa.column("measures", sa.JSON()),
    sa.column("checks", sa.JSON()),
    sa.column("physical_invalid", sa.String()),
    sa.column("decisions", sa.JSON()),
)


def _rows() -> list[Any]:
    return list(op.get_bind().execute(sa.select(_page)).mappings())


def _update(page_id: int, **values: Any) -> None:
    op.get_bind().execute(sa.update(_page).where(_page.c.id == page_id).values(**values))


def upgrade() -> None:
    with op.batch_alter_table("scanned_page", schema=None) as batch_op:
        batch_op.add_column(sa.Column("measures", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("checks", sa.JSON(), nullable=False, server_default="[]"))
        batch_op.add_column(sa.Column("physical_invalid", sa.String(), nullable=True))
        batch_op.add_column(sa.Column("decisions", sa.JSON(), nullable=False, server_default="[]"))
    for row in _rows():
        old_reasons = row["reasons"] if isinstance(row["reasons"], dict) else {}
        old = row["cells"] if isinstance(row["cells"], dict) else {}
        measures = {key: old[key] for key in MEASURES if key in old}
        _update(
            row["id"],
            reasons=[{"code": "legacy", "params": {"text": str(text)}} for text in old_reasons.get("list", [])],
            cells=list(old.get("cells", [])),
            measures=measures if measures.get("transform") else None,
            checks=list(old.get("checks", [])),
            physical_invalid=old.get("physical_invalid"),
            decisions=list(old.get("decided", [])),
        )
    with op.batch_alter_table("scanned_page", schema=None) as batch_op:
        batch_op.alter_column("checks", existing_type=sa.JSON(), server_default=None)
        batch_op.alter_column("decisions", existing_type=sa.JSON(), server_default=None)


def _text(reason: Any) -> str:
    """A reason as the earlier version's text: a legacy one as it was, a coded one as its code and parameters."""
    if not isinstance(reason, dict):
        return str(reason)
    params = reason.get("params", {})
    if reason.get("code") == "legacy":
        return str(params.get("text", ""))
    return f"{reason.get('code')} {json.dumps(params, ensure_ascii=False, sort_keys=True)}"


def downgrade() -> None:
    for row in _rows():
        cells: dict[str, Any] = {
            "cells": list(row["cells"] or []),
            "checks": list(row["checks"] or []),
            "physical_invalid": row["physical_invalid"],
            "decided": list(row["decisions"] or []),
            **(row["measures"] or {}),
        }
        _update(row["id"], reasons={"list": [_text(r) for r in row["reasons"] or []]}, cells=cells)
    with op.batch_alter_table("scanned_page", schema=None) as batch_op:
        batch_op.drop_column("decisions")
        batch_op.drop_column("physical_invalid")
        batch_op.drop_column("checks")
        batch_op.drop_column("measures")
