"""The witness file: anchor codes of a meeting's log written outside the meeting file (docs/integrity.md).

The window appends the current anchor code every few minutes, when a poll is closed and when the file is
closed; `kiemphieu anchor FILE --witness W` appends it by hand. The head may keep the witness file on another
medium (a USB stick). `kiemphieu verify FILE --witness W` then requires the file's log to extend every anchor in
it: a file rebuilt from scratch, an older copy put back, or a log rewritten before any of the anchors is refused.

One line an anchor: `time<TAB>code<TAB>event`. Lines starting with `#` are comments; a code written into the file
by hand (anywhere on a line) counts too.
"""

from __future__ import annotations

import enum
import os
import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import clock
from app.errors import EntryError
from app.services import integrity
from app.store.orm import Meeting

SUFFIX = ".neo.txt"
_CODE = re.compile(rf"\b{integrity.ANCHOR_PREFIX}-[0-9A-F]{{8}}-\d+-[0-9A-F]{{16,}}\b", re.IGNORECASE)


class Event(enum.Enum):
    """Why an anchor was written (the words are the file's own: it is read by people)."""

    PERIODIC = "định kỳ"
    POLL_CLOSED = "lập biên bản"
    FILE_CLOSED = "đóng tệp"
    BY_HAND = "ghi theo lệnh"


@dataclass(frozen=True)
class WitnessAnchor:
    """One anchor code found in a witness file, with the line it is on (1-based)."""

    line: int
    code: str


def default_path(meeting_path: Path) -> Path:
    """The witness file beside the meeting file, until the head chooses another place."""
    return meeting_path.with_name(meeting_path.stem + SUFFIX)


def read(witness: Path) -> list[WitnessAnchor]:
    """Every anchor code in a witness file, in order."""
    try:
        text = witness.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise EntryError(f"{witness}: không đọc được tệp mã neo ({exc.strerror}).") from None
    found: list[WitnessAnchor] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.lstrip().startswith("#"):
            found.extend(WitnessAnchor(number, match.group(0).upper()) for match in _CODE.finditer(line))
    return found


def record(session: Session, witness: Path, event: Event) -> str | None:
    """Append the current anchor code to `witness` (made with a heading when new); None when the last code in
    it is already the current one. The line is on the disk (fsync) before this returns."""
    code = integrity.anchor_code(session)
    existing = read(witness)
    if existing and existing[-1].code == code:
        return None
    lines = []
    if not witness.exists():
        meeting = session.scalar(select(Meeting).limit(1))
        title = meeting.title if meeting is not None else ""
        lines.append(f"# KiểmPhiếu — mã neo nhật ký của hội nghị: {title}")
        lines.append("# Giữ tệp này ngoài máy (USB); kiemphieu verify TỆP --witness <tệp này> đối chiếu.")
    lines.append(f"{clock.now():%Y-%m-%d %H:%M:%S}\t{code}\t{event.value}")
    try:
        with witness.open("a", encoding="utf-8") as handle:
            handle.write("\n".join(lines) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        raise EntryError(f"{witness}: không ghi được mã neo vào tệp ({exc.strerror}).") from None
    return code


def check(session: Session, witness: Path) -> str:
    """Whether the file's log extends every anchor of this meeting in `witness` (one line); EntryError naming the
    first anchor it does not extend."""
    if not witness.exists():
        raise EntryError(f"{witness}: không tìm thấy tệp mã neo.")
    anchors = read(witness)
    identity = integrity.anchor_code(session).split("-")[1]
    own = [a for a in anchors if a.code.split("-")[1] == identity]
    if not anchors:
        raise EntryError(f"{witness.name}: không có mã neo nào trong tệp.")
    if not own:
        raise EntryError(
            f"{witness.name}: không có mã neo nào của hội nghị này (có {len(anchors)} mã của hội nghị khác): tệp mã "
            "neo của hội nghị khác, hoặc tệp hội nghị được dựng lại từ đầu."
        )
    for anchor in own:
        try:
            integrity.anchored_entry(session, anchor.code)
        except EntryError as exc:
            raise EntryError(f"{witness.name}, dòng {anchor.line} ({anchor.code}): {exc}") from None
    last = integrity.check_anchor(session, own[-1].code)
    return f"Đủ {len(own)} mã neo trong {witness.name}. {last}"
