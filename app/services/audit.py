"""The append-only, hash-chained audit log, written in the same transaction as the change."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.store.orm import AuditEntry

GENESIS = "0" * 64
_LAST = "audit_last_hash"


def _digest(
    prev_hash: str,
    at: dt.datetime,
    actor: str,
    action: str,
    poll_id: int | None,
    subject: str | None,
    details: dict[str, Any],
) -> str:
    payload = json.dumps(
        [at.isoformat(), actor, action, poll_id, subject, details],
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256((prev_hash + payload).encode("utf-8")).hexdigest()


def record(
    session: Session,
    *,
    action: str,
    actor: str,
    at: dt.datetime,
    poll_id: int | None = None,
    subject: str | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    """Append one audit entry to the session's transaction, chained to the previous entry."""
    prev_hash = session.info.get(_LAST)
    if prev_hash is None:
        prev_hash = session.scalar(select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)) or GENESIS
    details = details or {}
    digest = _digest(prev_hash, at, actor, action, poll_id, subject, details)
    session.add(
        AuditEntry(
            at=at,
            actor=actor,
            action=action,
            poll_id=poll_id,
            subject=subject,
            details=details,
            prev_hash=prev_hash,
            hash=digest,
        )
    )
    session.info[_LAST] = digest


def forget_cached_hash(session: Session) -> None:
    """Drop the cached chain head (after a rollback, the cached hash may never have been stored)."""
    session.info.pop(_LAST, None)


@dataclass(frozen=True)
class AuditProblem:
    """A break in the audit chain: the entry id and what is wrong."""

    entry_id: int
    problem: str


def verify_chain(session: Session) -> list[AuditProblem]:
    """Re-compute every hash; an edit made behind the app's back shows up as a break."""
    problems: list[AuditProblem] = []
    prev_hash = GENESIS
    for entry in session.scalars(select(AuditEntry).order_by(AuditEntry.id)):
        if entry.prev_hash != prev_hash:
            problems.append(AuditProblem(entry.id, "liên kết với bản ghi trước bị sai"))
        expected = _digest(
            entry.prev_hash, entry.at, entry.actor, entry.action, entry.poll_id, entry.subject, entry.details
        )
        if expected != entry.hash:
            problems.append(AuditProblem(entry.id, "nội dung đã bị sửa sau khi ghi"))
        prev_hash = entry.hash
    return problems
