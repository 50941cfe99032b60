"""Scanned ballots: `scan` (files, folders, a watched folder) and `review` (the pages a person decides)."""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app import cli_args
from app.cli.common import Add, emit, file_argument, open_file, operator, pass_option, pin, poll_option
from app.errors import KiemPhieuError

if TYPE_CHECKING:
    from app.recognition.outcomes import Reason
    from app.services.scanning.ingest import ScanReport
    from app.services.scanning.storage import PageOutcome


# How a test-deck sheet read back, in words (app.services.scanning.deck.DeckVerdict).
DECK_WORDS = {"right": "đúng", "wrong": "SAI", "unsure": "chưa chắc", "missing": "thiếu"}


def register(add: Add) -> None:
    """Declare this group's commands."""
    p = add("scan", cmd_scan, "đọc phiếu đã quét (ảnh PNG/JPEG/TIFF, PDF hoặc cả thư mục)")
    file_argument(p)
    p.add_argument("paths", nargs="+", metavar="PATH", help="tệp ảnh quét, PDF hoặc thư mục")
    p.add_argument("--watch", action="store_true", help="theo dõi thư mục, đọc trang mới khi máy quét lưu vào")
    p.add_argument(
        "--interval", type=cli_args.INTERVAL, default=2.0, help="khi theo dõi: bao nhiêu giây xem lại thư mục một lần"
    )
    p.add_argument(
        "--idle-exit", type=cli_args.IDLE_EXIT, help="khi theo dõi: dừng sau bấy nhiêu giây không có trang mới"
    )
    p.add_argument(
        "--workers", type=cli_args.WORKERS, default=min(2, os.cpu_count() or 1), help="số tiến trình đọc song song"
    )
    p.add_argument("--no-stamp-check", action="store_true", help="không kiểm tra dấu đóng trên phiếu")
    p.add_argument("--expected", help="tệp .expected.jsonl của bộ phiếu thử: so kết quả đọc với kết quả đúng")
    pass_option(p, "lượt (quét để đối chiếu với nhập tay)")

    p = add("review", cmd_review, "xem hàng chờ trang quét cần người xem; quyết định một trang")
    file_argument(p)
    poll_option(p, "chỉ trang của nội dung này", required=False)
    p.add_argument("--page", type=cli_args.PAGE_ID, help="số trang quét (#) cần quyết định")
    p.add_argument(
        "--set",
        action="append",
        metavar="VÙNG:DÒNG:CỘT=GIÁ_TRỊ",
        help="giá trị một vùng, ví dụ box:2:1=1 score:1:2=8,5",
    )
    p.add_argument("--invalid", help="phiếu không hợp lệ vì lý do này (không dấu, có chữ ký, viết thêm…)")
    p.add_argument("--note", help="ghi chú của người xem")
    p.add_argument(
        "--dismiss",
        metavar="LÝ_DO",
        help="bỏ trang khỏi hàng chờ, không tính (Trưởng ban); không có --page: mọi trang chờ của --scan-file, "
        "hoặc mọi trang chờ không có mã phiếu",
    )
    p.add_argument("--scan-file", metavar="TÊN_TỆP", help="với --dismiss: mọi trang chờ của tệp quét này")


def _reason_json(reason: Reason) -> dict[str, Any]:
    """A reason as `--json` shows it: its code and parameters, and its words."""
    from app.recognition.words import vietnamese

    return {**reason.as_json(), "text": vietnamese(reason)}


def _page_json(page: PageOutcome) -> dict[str, Any]:
    return {**page.as_json(), "reasons": [_reason_json(r) for r in page.reasons]}


def _page_line(page: PageOutcome) -> str:
    from app.recognition.words import vietnamese

    where = f"{page.file}, trang {page.page_no}"
    what = vietnamese(page.outcome)
    serial = f" phiếu {page.serial}" if page.serial else ""
    poll = f" [{page.poll}]" if page.poll else ""
    valid = "" if page.valid is None else (" — hợp lệ" if page.valid else " — KHÔNG hợp lệ")
    reasons = "".join(f"\n    · {vietnamese(r)}" for r in page.reasons)
    return f"  {where}:{poll}{serial} {what}{valid}{reasons}"


def _scan_totals(report: ScanReport) -> str:
    from app.recognition.words import vietnamese

    parts = [f"{vietnamese(k)}: {v}" for k, v in sorted(report.totals.items())]
    rate = len(report.pages) / report.seconds if report.seconds > 0 else 0.0
    return (
        f"Tổng cộng {len(report.pages)} trang ({'; '.join(parts) or 'không có'}); đã tính {report.counted} phiếu; "
        f"{report.seconds:.1f} giây ({rate:.1f} trang/giây)."
    )


def cmd_scan(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from app.services.scanning import deck, folder, ingest, review

    show = None if args.json else (lambda page: print(_page_line(page), flush=True))
    options = {
        "operator": operator(args),
        "pass_no": args.pass_no,
        "workers": args.workers,
        "stamp_check": not args.no_stamp_check,
        "on_page": show,
    }
    with open_file(args.file) as meeting_file:
        if args.watch:
            folders = [Path(p) for p in args.paths]
            if len(folders) != 1 or not folders[0].is_dir():
                raise KiemPhieuError("--watch cần đúng một thư mục (nơi máy quét lưu ảnh).")
            if not args.json:
                print(f"Đang theo dõi {folders[0]} (Ctrl+C để dừng)…", flush=True)
            report = folder.watch(
                meeting_file,
                folders[0],
                should_stop=lambda: False,
                interval=args.interval,
                idle_exit=args.idle_exit,
                **options,
            )
        else:
            report = ingest.scan_files(meeting_file, [Path(p) for p in args.paths], **options)
        with meeting_file.reading() as session:
            queue = review.review_queue(session)
        checks = deck.check_test_deck(meeting_file, report, Path(args.expected)) if args.expected else None
    data = {
        "pages": [_page_json(p) for p in report.pages],
        "totals": report.totals,
        "counted": report.counted,
        "review_queue": len(queue),
        "seconds": round(report.seconds, 2),
    }
    text = _scan_totals(report)
    if checks is not None:
        data["test_deck"] = [{**asdict(d), "verdict_text": DECK_WORDS[d.verdict]} for d in checks]
        right = sum(1 for d in checks if d.verdict is deck.DeckVerdict.RIGHT)
        text += f"\nBộ phiếu thử: {right}/{len(checks)} tờ đọc đúng."
        text += "".join(
            f"\n  {d.serial} ({d.label}): {DECK_WORDS[d.verdict]} — cần {d.expected}, đọc được {d.read or '—'}"
            for d in checks
            if d.verdict is not deck.DeckVerdict.RIGHT
        )
    if queue:
        text += f"\nHàng chờ người xem: {len(queue)} trang (kiemphieu review {args.file})."
    emit(args, data, text)
    return 0


def _cell_value(text: str) -> Any:
    lowered = text.strip().lower()
    if lowered in ("1", "x", "co", "có", "yes", "true"):
        return True
    if lowered in ("0", "-", "khong", "không", "no", "false"):
        return False
    return text


def _parse_sets(items: Sequence[str]) -> dict[tuple[str, int, int], Any]:
    from app.rules.points import parse_points

    values: dict[tuple[str, int, int], Any] = {}
    for item in items:
        key, sep, value = item.partition("=")
        parts = key.split(":")
        if not sep or len(parts) != 3 or parts[0] not in ("box", "name", "score", "line"):
            raise KiemPhieuError(
                f"'{item}': hãy viết VÙNG:DÒNG:CỘT=GIÁ TRỊ, ví dụ box:2:1=1, name:3:0=0, score:1:2=17, line:1:0=Tên."
            )
        try:
            kind, row, col = parts[0], int(parts[1]), int(parts[2])
        except ValueError:
            raise KiemPhieuError(f"'{item}': dòng và cột phải là số.") from None
        if kind == "score":
            try:
                values[(kind, row, col)] = parse_points(value)
            except KiemPhieuError as exc:
                raise KiemPhieuError(f"'{item}': {exc}.") from None
        elif kind == "line":
            values[(kind, row, col)] = value
        else:
            values[(kind, row, col)] = _cell_value(value)
    return values


def cmd_review(args: argparse.Namespace) -> int:
    from app.recognition.words import vietnamese
    from app.services.scanning import review

    actor = operator(args)
    with open_file(args.file) as meeting_file:
        if args.page is None and args.dismiss is None:
            with meeting_file.reading() as session:
                queue = review.review_queue(session, args.poll)
            data = [
                {
                    "page_id": q.page_id,
                    "file": q.file,
                    "page": q.page_no,
                    "outcome": str(q.outcome),
                    "serial": q.serial,
                    "poll": q.poll,
                    "uncertain": q.uncertain,
                    "reasons": [_reason_json(r) for r in q.reasons],
                }
                for q in queue
            ]
            lines = [f"Hàng chờ người xem: {len(queue)} trang."]
            for q in queue:
                lines.append(f"  #{q.page_id} {q.file}, trang {q.page_no}: [{q.poll or '?'}] phiếu {q.serial or '?'}")
                lines += [f"    · {vietnamese(r)}" for r in q.reasons]
            emit(args, data, "\n".join(lines))
            return 0
        if args.dismiss is not None and args.page is None:
            count = review.dismiss_many(
                meeting_file, note=args.dismiss, actor=actor, file_name=args.scan_file, pin=pin(args)
            )
            emit(args, {"dismissed": count}, f"Đã bỏ {count} trang khỏi hàng chờ.")
            return 0
        if args.dismiss is not None:
            review.dismiss(meeting_file, page_id=args.page, note=args.dismiss, actor=actor, pin=pin(args))
            emit(args, {"page_id": args.page, "status": "dismissed"}, f"Đã bỏ trang #{args.page} khỏi hàng chờ.")
            return 0
        outcome = review.decide(
            meeting_file,
            page_id=args.page,
            values=_parse_sets(args.set or []),
            actor=actor,
            physical_invalid=args.invalid,
            checks_done=True,
            note=args.note,
        )
    decided = _page_json(outcome)
    if outcome.ballot is not None:
        text = f"Đã tính phiếu {outcome.ballot} ({'hợp lệ' if outcome.valid else 'không hợp lệ'})."
    else:
        text = f"Đã ghi quyết định; trang #{args.page}: {vietnamese(outcome.status)}."
    emit(args, decided, text)
    return 0
