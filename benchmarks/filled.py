"""Filled ballots (for the scanning tests, the accuracy harness and the docs), as images.

The sheets are printed with the app (so they are in the registry), then drawn again with the same QR codes
and the given marks, rasterised as a scanner would, and stamped in the stamp zone.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

import pypdfium2
from PIL import Image, ImageDraw
from sqlalchemy import select

from app.printing import ballot_code
from app.printing.ballot_code import SheetCode
from app.printing.ballot_pdf import SheetCodes, render
from app.printing.layout import MM
from app.rules.model import Ballot
from app.services import printing
from app.services.meetings import get_meeting
from app.services.polls import get_poll
from app.store.db import MeetingFile
from app.store.orm import BallotSheet


def stamp(image: Image.Image, rect_pt: Sequence[float], dpi: float) -> None:
    """A round seal as it scans in grey: two rings and a star, inside the stamp zone."""
    k = dpi / 72
    x, y, w, h = (v * k for v in rect_pt)
    cx, cy, r = x + w * 0.45, y + h * 0.5, min(w, h) * 0.4
    draw = ImageDraw.Draw(image)
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=95, width=max(2, round(0.8 * MM * k)))
    r2 = r * 0.72
    draw.ellipse((cx - r2, cy - r2, cx + r2, cy + r2), outline=95, width=max(1, round(0.4 * MM * k)))
    draw.regular_polygon((cx, cy, r * 0.3), 5, fill=95)


def filled_sheets(
    meeting_file: MeetingFile,
    code: str,
    ballots: Sequence[Ballot],
    folder: Path,
    *,
    dpi: int = 200,
    stamped: bool = True,
    paper: str = "A4",
) -> list[tuple[str, list[Image.Image]]]:
    """Issue len(ballots) sheets of poll `code` and return (serial, page images) with each ballot's marks."""
    printing.print_ballots(
        meeting_file, code=code, copies=len(ballots), out=folder / f"issued-{code}.pdf", actor="t", paper=paper
    )
    with meeting_file.reading() as session:
        poll, pages = printing.poll_layout(session, code, paper)
        poll = get_poll(session, code)
        meeting = get_meeting(session)
        serials = list(
            session.scalars(
                select(BallotSheet.serial).where(BallotSheet.poll_id == poll.id).order_by(BallotSheet.id.desc())
            )
        )[: len(ballots)][::-1]
        secret, fingerprint = meeting.secret, ballot_code.fingerprint_bytes(meeting.fingerprint)
        poll_id, round_no = poll.id, poll.round_no
    sheets = [
        SheetCodes(
            qr_texts=tuple(
                ballot_code.encode(SheetCode(fingerprint, poll_id, round_no, p.page, len(pages), False, serial), secret)
                for p in pages
            ),
            check=ballot_code.check_code(serial, secret),
            marks=ballot,
        )
        for serial, ballot in zip(serials, ballots, strict=True)
    ]
    buffer = io.BytesIO()
    render(buffer, pages, sheets, title="filled")
    document = pypdfium2.PdfDocument(buffer.getvalue())
    images = [document[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L") for i in range(len(document))]
    out = []
    for n, serial in enumerate(serials):
        sheet_images = images[n * len(pages) : (n + 1) * len(pages)]
        if stamped:
            for image, page in zip(sheet_images, pages, strict=True):
                s = page.stamp
                stamp(image, [s.x, page.height - s.y - s.h, s.w, s.h], dpi)
        out.append((serial, sheet_images))
    return out
