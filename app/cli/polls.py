"""The lists and counts of a poll: `import-candidates`, `sort-abc`, `counts`, `next-round`."""

from __future__ import annotations

import argparse
from pathlib import Path

from app import cli_args
from app.cli.common import Add, emit, file_argument, open_file, operator, poll_option
from app.errors import KiemPhieuError


def register(add: Add) -> None:
    """Declare this group's commands."""
    p = add("import-candidates", cmd_import, "nhập danh sách từ tệp Excel (.xlsx) vào một nội dung")
    file_argument(p)
    poll_option(p)
    p.add_argument("--xlsx", required=True)
    p.add_argument("--sheet", help="tên trang tính (mặc định: trang đầu)")

    p = add("sort-abc", cmd_sort, "xếp danh sách theo vần A, B, C (tên, rồi họ, rồi tên đệm)")
    file_argument(p)
    poll_option(p)

    p = add("counts", cmd_counts, "ghi số phiếu phát ra, thu về")
    file_argument(p)
    poll_option(p)
    p.add_argument("--issued", type=cli_args.PEOPLE)
    p.add_argument("--collected", type=cli_args.PEOPLE)

    p = add("next-round", cmd_next_round, "tạo lần bầu tiếp theo cho các chỉ tiêu còn thiếu")
    file_argument(p)
    poll_option(p, "mã lần bầu trước")
    p.add_argument("--id", help="mã cho lần bầu mới (mặc định: mã cũ kèm số lần)")
    p.add_argument("--seats", type=cli_args.SEATS, help="số cần bầu (mặc định: số chỉ tiêu còn thiếu)")
    p.add_argument("--candidates", nargs="+", metavar="TÊN", help="danh sách bầu (mặc định theo kết quả)")


def cmd_import(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from app.services import importing, polls

    items = importing.read_items_xlsx(Path(args.xlsx), args.sheet)
    with open_file(args.file) as meeting_file, meeting_file.transaction() as session:
        summary = polls.replace_items(session, code=args.poll, items=items, actor=operator(args))
    text = f"Đã nhập {len(items)} người vào [{summary.code}]: " + ", ".join(summary.items)
    emit(args, {**asdict(summary), "items": list(summary.items)}, text)
    return 0


def cmd_sort(args: argparse.Namespace) -> int:
    from app.services import polls

    with open_file(args.file) as meeting_file, meeting_file.transaction() as session:
        names = polls.sort_items_abc(session, code=args.poll, actor=operator(args))
    emit(args, {"items": names}, "Thứ tự mới (vần A, B, C): " + ", ".join(names))
    return 0


def cmd_counts(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from app.services import polls

    if args.issued is None and args.collected is None:
        raise KiemPhieuError("Hãy cho biết --issued (số phiếu phát ra) và/hoặc --collected (số phiếu thu về).")
    with open_file(args.file) as meeting_file, meeting_file.transaction() as session:
        summary = polls.set_ballot_counts(
            session, code=args.poll, issued=args.issued, collected=args.collected, actor=operator(args)
        )
    text = f"[{summary.code}] phát ra {summary.issued}, thu về {summary.collected}"
    emit(args, {**asdict(summary), "items": list(summary.items)}, text)
    return 0


def cmd_next_round(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from app.services import rounds

    with open_file(args.file) as meeting_file, meeting_file.transaction() as session:
        summary = rounds.create_next_round(
            session,
            code=args.poll,
            actor=operator(args),
            new_code=args.id,
            names=args.candidates,
            seats=args.seats,
        )
    text = (
        f"Đã tạo lần bầu {summary.round_no} [{summary.code}]: cần bầu {summary.seats}, "
        f"danh sách: {', '.join(summary.items)}"
    )
    emit(args, {**asdict(summary), "items": list(summary.items)}, text)
    return 0
