"""Printing ballots: the issued-ballot registry, sheet codes, the PDF and the scanner template.

Serials are random; nothing links a serial to the delegate who received the sheet (docs/regulations.md §7).
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import clock
from app.errors import EntryError, OutputFileError, StateError
from app.printing import ballot_code
from app.printing.ballot_code import SheetCode
from app.printing.ballot_pdf import SheetCodes, render
from app.printing.layout import PAPERS, BallotHeader, PageLayout, build_layout, template
from app.printing.test_deck import build_deck
from app.rules.model import Layout
from app.services import audit
from app.services.ballots import entry_json
from app.services.meetings import get_meeting
from app.services.polls import get_poll, poll_def
from app.store.db import MeetingFile
from app.store.orm import BallotSheet, Meeting, Poll

MAX_COPIES = 20_000
STATUS_LABELS = {
    "issued": "đã phát",
    "spoiled": "đã hủy (đổi phiếu)",
    "unused": "chưa phát",
    "test": "phiếu thử",
}


@dataclass(frozen=True)
class PrintReport:
    """What a print job produced."""

    poll: str
    sheets: int
    pages_per_sheet: int
    pdf_pages: int
    out: Path
    paper: str
    two_up: bool
    test: bool
    template: dict[str, Any]
    expected: tuple[dict[str, Any], ...] = ()  # test deck: the entry each sheet should read as
    anchor: str | None = None  # the anchor code of the log once the sheets are in the registry (docs/integrity.md)


def ballot_header(meeting: Meeting, poll: Poll, wording: str) -> BallotHeader:
    """The header words of a poll's ballots."""
    return BallotHeader(
        organization=meeting.organization,
        superior=meeting.superior,
        wording=wording,
        poll_title=poll.title,
        meeting_title=meeting.title,
        round_no=poll.round_no,
    )


def poll_layout(session: Session, code: str, paper: str = "A4") -> tuple[Poll, tuple[PageLayout, ...]]:
    """The page layouts of poll `code`'s ballot on `paper`."""
    if paper not in PAPERS:
        raise EntryError(f"Khổ giấy '{paper}' không hỗ trợ; chọn A4 hoặc A5.")
    poll = get_poll(session, code)
    pdef = poll_def(poll)
    if pdef.layout is not Layout.NAMES and not pdef.items:
        raise EntryError(
            f"Nội dung “{poll.title}” chưa có danh sách (người, nội dung): hãy nhập danh sách trước khi in phiếu."
        )
    if pdef.layout is Layout.SCORES and not pdef.criteria:
        raise EntryError(f"Phiếu chấm điểm “{poll.title}” chưa có tiêu chí: hãy nhập các tiêu chí trước khi in phiếu.")
    if pdef.layout is Layout.NAMES and pdef.seats < 1:
        raise EntryError(f"Nội dung “{poll.title}” chưa có số tên tối đa (seats) để in các dòng ghi tên.")
    meeting = get_meeting(session)
    return poll, build_layout(pdef, ballot_header(meeting, poll, pdef.profile.wording), paper)


def print_ballots(
    meeting_file: MeetingFile,
    *,
    code: str,
    copies: int,
    out: Path,
    actor: str,
    paper: str = "A4",
    two_up: bool = False,
    test_deck: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> PrintReport:
    """Print `copies` ballots of poll `code` into `out` and record their serials as issued.

    With `test_deck`, print the poll's test deck instead (test flag set, never counted). The PDF
    is written first to a temporary file beside `out`; the registry is committed only once the
    PDF exists, and the file takes its final name only after that: a crash while drawing leaves
    neither (tested with SIGKILL); only a crash in the instant between the commit and the rename
    leaves issued serials with no PDF, which `kiemphieu unused` records as never handed out.
    `progress(done, total)` follows the sheets; if it raises (the user cancelled), nothing is
    recorded and no file is left.
    """
    if not test_deck and not 1 <= copies <= MAX_COPIES:
        raise EntryError(f"Số bản in phải từ 1 đến {MAX_COPIES} (đang là {copies}).")
    if two_up and paper != "A5":
        raise EntryError("In hai phiếu trên một tờ A4 chỉ dùng với phiếu khổ A5 (--paper A5).")
    if not out.parent.is_dir():
        raise OutputFileError(f"{out}: thư mục {out.parent} không tồn tại.")
    with meeting_file.reading() as session:
        poll, pages = poll_layout(session, code, paper)
        if poll.status == "closed":
            raise StateError(f"Nội dung “{poll.title}” đã kết thúc, không in thêm phiếu.")
        meeting = get_meeting(session)
        secret, fingerprint = meeting.secret, ballot_code.fingerprint_bytes(meeting.fingerprint)
        existing = set(session.scalars(select(BallotSheet.serial)))
        deck = build_deck(poll_def(poll)) if test_deck else []
        layout = poll_def(poll).layout
        poll_id, round_no, poll_title = poll.id, poll.round_no, poll.title
    count = len(deck) if test_deck else copies
    serials: list[str] = []
    while len(serials) < count:
        serial = ballot_code.new_serial()
        if serial not in existing:
            existing.add(serial)
            serials.append(serial)
    sheets = []
    for i, serial in enumerate(serials):
        texts = tuple(
            ballot_code.encode(
                SheetCode(fingerprint, poll_id, round_no, page.page, len(pages), test_deck, serial), secret
            )
            for page in pages
        )
        mark = deck[i] if test_deck else None
        label = None
        if mark is not None:
            label = f"Phiếu thử {i + 1}/{count}: {mark.label}" + (" — KHÔNG ĐÓNG DẤU" if mark.unstamped else "")
        sheets.append(
            SheetCodes(
                qr_texts=texts,
                check=ballot_code.check_code(serial, secret),
                test=test_deck,
                marks=mark.ballot if mark else None,
                label=label,
            )
        )
    temporary = out.with_name(f".{out.name}.{secrets.token_hex(4)}.tmp")
    try:
        # A print killed mid-way (power cut, SIGKILL) leaves only its temporary file: clear those of this name.
        for stale in out.parent.glob(f".{glob.escape(out.name)}.*.tmp"):
            stale.unlink(missing_ok=True)
        pdf_pages = render(
            str(temporary), pages, sheets, title=poll_title, two_up=two_up, progress=progress, total=len(sheets)
        )
        with meeting_file.transaction() as session:
            poll = get_poll(session, code)
            at = clock.now()
            status = "test" if test_deck else "issued"
            # Stored in random order, so the rows' order (and the log, which lists them by row) says nothing of the
            # PDF's page order: a serial handed out from the top of the stack cannot be linked to a voter (#14).
            session.add_all(
                BallotSheet(poll_id=poll.id, serial=serial, status=status, created_at=at)
                for serial in secrets.SystemRandom().sample(serials, len(serials))
            )
            if not test_deck and poll.status == "draft":
                poll.status = "issued"
            audit.record(
                session,
                action="ballots.test_deck_printed" if test_deck else "ballots.printed",
                actor=actor,
                at=at,
                poll_id=poll.id,
                subject=code,
                details={
                    "sheets": count,
                    "paper": paper,
                    "two_up": two_up,
                    # A digest, not the list: the registry holds the serials, in no meaningful order.
                    "serials_sha256": hashlib.sha256("\n".join(sorted(serials)).encode()).hexdigest(),
                },
            )
        os.replace(temporary, out)
    except OSError as exc:
        raise OutputFileError(f"{out}: không ghi được tệp PDF ({exc.strerror}).") from None
    finally:
        temporary.unlink(missing_ok=True)
    with meeting_file.reading() as session:
        anchor = audit.anchor(session)
    expected = (
        tuple(
            {**entry_json(sheet.ballot, layout, serial), "label": sheet.label, "unstamped": sheet.unstamped}
            for sheet, serial in zip(deck, serials, strict=True)
        )
        if test_deck
        else ()
    )
    return PrintReport(
        poll=code,
        sheets=count,
        pages_per_sheet=len(pages),
        pdf_pages=pdf_pages,
        out=out,
        paper=paper,
        two_up=two_up,
        test=test_deck,
        template=template(code, paper, pages),
        expected=expected,
        anchor=anchor,
    )


def write_expected(report: PrintReport, path: Path) -> None:
    """Save what each sheet of a test deck should read as (one entries line per sheet, JSON Lines)."""
    try:
        path.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in report.expected), encoding="utf-8")
    except OSError as exc:
        raise OutputFileError(f"{path}: không ghi được tệp ({exc.strerror}).") from None


def write_template(report: PrintReport, path: Path) -> None:
    """Save the scanner template of a print job as JSON."""
    try:
        path.write_text(json.dumps(report.template, ensure_ascii=False, indent=1), encoding="utf-8")
    except OSError as exc:
        raise OutputFileError(f"{path}: không ghi được tệp mẫu ({exc.strerror}).") from None
