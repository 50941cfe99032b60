"""Roles without accounts: operators enter and scan; what only the head of the counting committee (or
a member the head gives the PIN to) may do is checked here, in the services, not only in the GUI.

Head-only actions: a ruling on a ballot's validity, correcting an entered ballot (this is how pass
mismatches are resolved), closing a poll with its final minutes, and reopening it. Until the head sets
a PIN for the meeting, nobody is asked for one (a small meeting may not need it).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import clock
from app.errors import AccessError, EntryError
from app.services import audit, signing
from app.services.meetings import get_meeting
from app.store.orm import AuditEntry

ITERATIONS = 200_000


def _hash(pin: str, salt: bytes) -> str:
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode("utf-8"), salt, ITERATIONS)
    return f"pbkdf2_sha256${ITERATIONS}${salt.hex()}${digest.hex()}"


def _matches(pin: str, stored: str) -> bool:
    try:
        _, iterations, salt, expected = stored.split("$")
        digest = hashlib.pbkdf2_hmac("sha256", pin.encode("utf-8"), bytes.fromhex(salt), int(iterations))
    except ValueError:
        return False
    return hmac.compare_digest(digest.hex(), expected)


def pin_required(session: Session) -> bool:
    """Whether head-only actions need the PIN in this meeting."""
    return get_meeting(session).head_pin is not None


def require_head(session: Session, pin: str | None, action: str) -> bool:
    """Allow a head-only `action` (raise AccessError otherwise); True when a PIN was checked."""
    stored = get_meeting(session).head_pin
    if stored is None:
        return False
    if not pin:
        raise AccessError(f"{action} cần mã PIN của Trưởng ban kiểm phiếu.")
    if not _matches(pin, stored):
        raise AccessError(f"Mã PIN không đúng: {action.lower()} chỉ Trưởng ban kiểm phiếu được làm.")
    sealed = head_key(session)
    if sealed is not None:
        seed = signing.unseal(pin, sealed)
        if seed is not None:
            # The transaction's state entry is signed with it (audit._record_state); never stored.
            session.info[audit.HEAD_SEED] = seed
    return True


def head_key(session: Session) -> dict[str, str] | None:
    """The head's public key and sealed signing key, as the last PIN setting logged them (None: none yet)."""
    for details in session.scalars(
        select(AuditEntry.details).where(AuditEntry.action == "roles.pin_set").order_by(AuditEntry.id.desc())
    ):
        if isinstance(details, dict) and "public_key" in details:
            return {k: str(details[k]) for k in ("public_key", "sealed_key", "salt")}
    return None


def set_head_pin(session: Session, *, new_pin: str, current_pin: str | None, actor: str) -> None:
    """Set or change the head's PIN (4 to 12 digits); changing it needs the current one."""
    # ASCII digits only: str.isdigit() also takes Arabic-Indic or full-width digits, which no keypad types back.
    if not (new_pin.isascii() and new_pin.isdigit() and 4 <= len(new_pin) <= 12):
        raise EntryError("Mã PIN gồm 4 đến 12 chữ số 0–9.")
    meeting = get_meeting(session)
    if meeting.head_pin is not None:
        require_head(session, current_pin, "Đổi mã PIN")
    changed = meeting.head_pin is not None
    meeting.head_pin = _hash(new_pin, secrets.token_bytes(16))
    _, sealed = signing.new_sealed_key(new_pin)
    # The first PIN is logged unsigned (and shown); a change is signed with the key of the PIN it replaces.
    audit.record(session, action="roles.pin_set", actor=actor, at=clock.now(), details={"changed": changed, **sealed})
