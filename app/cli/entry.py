"""Ballots entered by keyboard: `enter`, `correct`, `override`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.cli.common import Add, emit, file_argument, open_file, operator, pass_option, pin, poll_option
from app.errors import KiemPhieuError


def register(add: Add) -> None:
    """Declare this group's commands."""
    p = add("enter", cmd_enter, "nhập phiếu từ tệp JSON Lines (mỗi dòng một phiếu)")
    file_argument(p)
    poll_option(p, "mã nội dung bỏ phiếu")
    p.add_argument("--entries", required=True, help="tệp .jsonl")
    p.add_argument(
        "--without-code",
        action="store_true",
        help="Ban kiểm phiếu xác nhận nhận các phiếu không có mã trong nội dung đã in phiếu có mã QR",
    )
    pass_option(p, "lượt nhập (nhập nhiều lượt độc lập)")

    p = add("correct", cmd_correct, "sửa các dấu của một phiếu đã nhập (ghi lý do; nhật ký giữ bản cũ)")
    file_argument(p)
    poll_option(p)
    p.add_argument("--ballot", required=True, help="số phiếu hoặc #số thứ tự")
    p.add_argument("--entry", required=True, help="các dấu đúng, dạng JSON như tệp phiếu, ví dụ '{\"struck\": [3, 4]}'")
    p.add_argument("--reason", required=True)
    pass_option(p)

    p = add("override", cmd_override, "Ban kiểm phiếu kết luận lại một phiếu hợp lệ / không hợp lệ")
    file_argument(p)
    poll_option(p)
    p.add_argument("--ballot", required=True, help="số phiếu (serial) hoặc #số thứ tự")
    verdict = p.add_mutually_exclusive_group(required=True)
    verdict.add_argument("--valid", dest="valid", action="store_true")
    verdict.add_argument("--invalid", dest="valid", action="store_false")
    p.add_argument("--reason", required=True)


def cmd_enter(args: argparse.Namespace) -> int:
    from app.services import ballots

    with open_file(args.file) as meeting_file:
        report = ballots.enter_file(
            meeting_file,
            code=args.poll,
            path=Path(args.entries),
            operator=operator(args),
            pass_no=args.pass_no,
            without_code=args.without_code,
        )
    data = {
        "accepted": len(report.accepted),
        "valid": report.valid,
        "invalid": len(report.accepted) - report.valid,
        "rejected": [{"line": n, "reason": r} for n, r in report.rejected],
    }
    lines = [
        f"Đã ghi {len(report.accepted)} phiếu ({report.valid} hợp lệ, "
        f"{len(report.accepted) - report.valid} không hợp lệ); bị từ chối {len(report.rejected)} dòng."
    ]
    lines += [f"  Dòng {n}: {r}" for n, r in report.rejected]
    emit(args, data, "\n".join(lines))
    if report.rejected:
        print(f"Lỗi: {len(report.accepted)} ghi, {len(report.rejected)} từ chối.", file=sys.stderr)
        return 1
    return 0


def cmd_correct(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from app.services import ballots

    try:
        data = ballots.parse_json_line(args.entry)  # bounded: nesting, digits
    except KiemPhieuError as exc:
        raise KiemPhieuError(f"--entry {exc}.") from None
    draft = ballots.parse_entry(data)
    with open_file(args.file) as meeting_file, meeting_file.transaction() as session:
        saved = ballots.correct_ballot(
            session,
            code=args.poll,
            key=args.ballot,
            draft=draft,
            reason=args.reason,
            actor=operator(args),
            pass_no=args.pass_no,
            pin=pin(args),
        )
    verdict = "hợp lệ" if saved.valid else "không hợp lệ" + (f" ({saved.reason})" if saved.reason else "")
    emit(args, asdict(saved), f"Đã sửa phiếu {saved.key} (lượt {args.pass_no}): {verdict}.")
    return 0


def cmd_override(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from app.services import ballots

    with open_file(args.file) as meeting_file, meeting_file.transaction() as session:
        saved = ballots.override_validity(
            session,
            code=args.poll,
            key=args.ballot,
            valid=args.valid,
            reason=args.reason,
            actor=operator(args),
            pin=pin(args),
        )
    verdict = "hợp lệ" if saved.valid else "không hợp lệ"
    emit(args, asdict(saved), f"Phiếu {saved.key}: Ban kiểm phiếu kết luận {verdict} ({args.reason}).")
    return 0
