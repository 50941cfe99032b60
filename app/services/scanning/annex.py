"""The pages a person decided, as the minutes' annex 4 lists them: what the reader was unsure of (typed
reasons; the minutes put them in words), what the person decided (in words: the minutes are Vietnamese), who
and when."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.minutes_data import ReviewedRow as ReviewedRow
from app.recognition.outcomes import Status
from app.recognition.words import vietnamese
from app.rules.model import PollDef
from app.rules.points import format_points
from app.services.polls import poll_def
from app.services.scanning.storage import Decision, decisions_of, poll_with_items, reasons_of, status_of
from app.store.orm import ScannedPage


def describe_decision(decision: Decision, pdef: PollDef) -> str:
    """One person's decision on one cell, in words: "dòng 2, ô 'Tín nhiệm': có dấu (mực 5 %)"."""
    kind, row, col, after = decision.kind, decision.row, decision.col, decision.after
    if kind == "box":
        column = pdef.columns[col - 1] if 0 < col <= len(pdef.columns) else f"cột {col}"
        where, value = f"dòng {row}, ô '{column}'", "có dấu" if after else "không có dấu"
    elif kind == "name":
        where, value = f"dòng {row} (tên)", "gạch" if after else "không gạch"
    elif kind == "score":
        points = "để trống" if after is None else format_points(int(after)) + " điểm"
        where, value = f"người {row}, tiêu chí {col}", points
    else:
        where, value = f"dòng tên {row}", f"'{after}'" if after else "để trống"
    return f"{where}: {value} (mực {decision.score:.0%})"


def reviewed_rows(session: Session, poll_id: int) -> tuple[ReviewedRow, ...]:
    """Pages of a poll a person decided (counted or set aside): what was uncertain, what they decided, who, when."""
    poll = poll_with_items(session, poll_id)
    if poll is None:
        return ()
    pdef = poll_def(poll)
    rows = []
    for page in session.scalars(
        select(ScannedPage)
        .where(ScannedPage.poll_id == poll_id, ScannedPage.reviewed_by.is_not(None))
        .order_by(ScannedPage.reviewed_at, ScannedPage.id)
    ):
        decisions = [describe_decision(d, pdef) for d in decisions_of(page)]
        if page.physical_invalid:
            decisions.append(f"không hợp lệ: {page.physical_invalid}")
        if status_of(page) is Status.DISMISSED:
            decisions.append(f"không tính: {page.review_note}")
        elif not decisions:
            decisions.append("giữ nguyên kết quả máy đọc")
        reasons = reasons_of(page)
        rows.append(
            ReviewedRow(
                key=page.serial or f"{page.file_name}#{page.page_no}",
                file=f"{page.file_name}, trang {page.page_no}",
                reasons=reasons,
                decisions=tuple(decisions),
                by=page.reviewed_by or "",
                at=page.reviewed_at,
                reason_words=tuple(vietnamese(r) for r in reasons),
            )
        )
    return tuple(rows)
