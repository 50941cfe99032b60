"""The audit chain's own arithmetic, below the services: the hash of an entry and the names of the state
entries. The services write the log (app.services.audit); a migration that appends to it uses these too."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

GENESIS = "0" * 64  # what the first entry is chained to
# The new values of every row a transaction changed (written last in the transaction), and the whole file
# as a migration found it (files made before the log carried the rows): replayed, they rebuild every table.
STATE = "state.rows"
BASELINE = "state.baseline"


def entry_digest(
    prev_hash: str,
    at: dt.datetime,
    actor: str,
    action: str,
    poll_id: int | None,
    subject: str | None,
    details: dict[str, Any],
) -> str:
    """The hash of an audit entry, chained to the one before it."""
    payload = json.dumps(
        [at.isoformat(), actor, action, poll_id, subject, details],
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256((prev_hash + payload).encode("utf-8")).hexdigest()
