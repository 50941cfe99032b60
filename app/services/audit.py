"""The append-only, hash-chained audit log, written in the same transaction as the change."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, event, func, select
from sqlalchemy.orm import Session, SessionTransaction

from app import clock
from app.store import tracking
from app.store.chain import BASELINE as BASELINE
from app.store.chain import GENESIS as GENESIS
from app.store.chain import STATE as STATE
from app.store.chain import entry_digest as _digest
from app.store.orm import AuditEntry, Meeting

_LAST = "audit_last_hash"
_ACTOR = "audit_last_actor"
HEAD_SEED = "head_signing_seed"  # session.info: set by roles.require_head, signs the transaction's state entry


def state_message(prev_hash: str, rows: dict[str, Any]) -> bytes:
    """What the head's signature of a state entry covers: the rows and the entry before it."""
    return json.dumps(
        {"prev": prev_hash, "rows": rows}, ensure_ascii=False, sort_keys=True, separators=(",", ":")
    ).encode("utf-8")


def chain_head(session: Session) -> str:
    """The hash the next entry will be chained to."""
    cached = session.info.get(_LAST)
    if cached is not None:
        return str(cached)
    return session.scalar(select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)) or GENESIS


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
    prev_hash = chain_head(session)
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
    session.info[_ACTOR] = actor


@event.listens_for(Session, "after_begin")
def _track_changes(_session: Session, _transaction: SessionTransaction, connection: Connection) -> None:
    tracking.install(connection)


@event.listens_for(Session, "before_commit")
def _record_state(session: Session) -> None:
    """Write the new values of the rows this transaction changed, as its last audit entry."""
    if session.in_nested_transaction():
        return
    session.flush()
    changed = tracking.changes(session.connection())
    if not changed:
        return
    rows = {table: {str(rowid): row for rowid, row in by_id.items()} for table, by_id in changed.items()}
    details: dict[str, Any] = {"rows": rows}
    seed = session.info.pop(HEAD_SEED, None)
    if seed is not None:
        from app.services import signing

        details["head_signature"] = signing.sign(seed, state_message(chain_head(session), rows)).hex()
    record(session, action=STATE, actor=session.info.get(_ACTOR, "kiemphieu"), at=clock.now(), details=details)


def version(session: Session) -> int:
    """A number that grows with every change to the file (each transaction that changes a row ends with its audit
    entry): a screen re-reads a tally only when it moved (#17). One index lookup."""
    return int(session.scalar(select(func.max(AuditEntry.id))) or 0)


ANCHOR_PREFIX = "KPA"
ANCHOR_HASH = 20  # hex digits of the chain hash: 80 bits, beyond building another chain that meets it


def anchor(session: Session, entry_id: int | None = None) -> str | None:
    """The anchor code of the log at entry `entry_id` (the last entry when None): meeting identity, sequence
    number and chain hash (docs/integrity.md, Anchors); None when there is no such entry."""
    meeting = session.scalar(select(Meeting).limit(1))
    query = select(AuditEntry.id, AuditEntry.hash)
    query = query.where(AuditEntry.id == entry_id) if entry_id is not None else query.order_by(AuditEntry.id.desc())
    entry = session.execute(query.limit(1)).first()
    if meeting is None or entry is None:
        return None
    return f"{ANCHOR_PREFIX}-{meeting.fingerprint[:8].upper()}-{entry[0]}-{entry[1][:ANCHOR_HASH].upper()}"


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
