"""The printed ballot sheets: `print`, `ballots`, `spoil`, `unused`."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from app.cli.common import Add, emit, file_argument, open_file, open_to_read, operator, poll_option
from app.errors import KiemPhieuError


def register(add: Add) -> None:
    """Declare this group's commands."""
    p = add("print", cmd_print, "in phiếu (PDF) có mã QR và ghi vào sổ phiếu đã phát")
    file_argument(p)
    poll_option(p)
    p.add_argument("--copies", type=int, help="số phiếu cần in")
    p.add_argument("--out", required=True, help="tệp PDF")
    p.add_argument("--paper", choices=["A4", "A5"], default="A4")
    p.add_argument("--two-up", action="store_true", help="hai phiếu A5 trên một tờ A4 ngang")
    p.add_argument("--test-deck", action="store_true", help="in bộ phiếu thử đã đánh dấu (không bao giờ được tính)")
    p.add_argument("--template", help="nơi lưu mẫu vị trí cho máy quét (mặc định: cạnh tệp PDF)")

    p = add("ballots", cmd_ballots, "liệt kê các phiếu đã in: số phiếu, mã kiểm tra, trạng thái")
    file_argument(p)
    poll_option(p)

    p = add("spoil", cmd_spoil, "hủy phiếu hỏng khi đổi phiếu (phiếu mới lấy từ phiếu dự phòng)")
    file_argument(p)
    p.add_argument("--serial", nargs="+", required=True, help="số phiếu hoặc mã kiểm tra")

    p = add("unused", cmd_unused, "thu hồi phiếu đã in nhưng không phát")
    file_argument(p)
    p.add_argument("--serial", nargs="+", required=True, help="số phiếu hoặc mã kiểm tra")


def cmd_print(args: argparse.Namespace) -> int:
    from app.services import printing, sheets

    if not args.test_deck and args.copies is None:
        raise KiemPhieuError("Hãy cho biết số bản in: --copies N (hoặc --test-deck để in bộ phiếu thử).")
    out = Path(args.out)
    with open_file(args.file) as meeting_file:
        report = printing.print_ballots(
            meeting_file,
            code=args.poll,
            copies=args.copies or 0,
            out=out,
            actor=operator(args),
            paper=args.paper,
            two_up=args.two_up,
            test_deck=args.test_deck,
        )
        with meeting_file.reading() as session:
            counts = sheets.registry(session, args.poll)
    template_path = Path(args.template) if args.template else out.with_suffix(".template.json")
    printing.write_template(report, template_path)
    expected_path = None
    if report.expected:
        expected_path = out.with_suffix(".expected.jsonl")
        printing.write_expected(report, expected_path)
    what = "phiếu thử" if report.test else "phiếu"
    text = (
        f"Đã in {report.sheets} {what} [{report.poll}] khổ {report.paper}"
        + (" (2 phiếu/tờ A4)" if report.two_up else "")
        + f", mỗi phiếu {report.pages_per_sheet} trang: {report.out} ({report.pdf_pages} trang PDF)."
        + f"\nMẫu vị trí cho máy quét: {template_path}"
        + (f"\nKết quả mong đợi của bộ phiếu thử: {expected_path}" if expected_path else "")
        + (f"\nMã neo nhật ký sau lần in (ghi ra ngoài tệp): {report.anchor}" if report.anchor else "")
        + (f"\n{sheets.registry_words(counts)}" if counts is not None else "")
    )
    data = {
        "anchor": report.anchor,
        "poll": report.poll,
        "sheets": report.sheets,
        "pages_per_sheet": report.pages_per_sheet,
        "pdf_pages": report.pdf_pages,
        "out": str(report.out),
        "template": str(template_path),
        "expected": str(expected_path) if expected_path else None,
        "test": report.test,
        "registry": sheets.registry_json(counts) if counts is not None else None,
    }
    emit(args, data, text)
    return 0


def cmd_ballots(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from app.services import sheets

    with open_to_read(args.file) as meeting_file, meeting_file.reading() as session:
        rows = sheets.list_sheets(session, args.poll)
        registry = sheets.registry(session, args.poll)
    data = [asdict(r) for r in rows]
    counts: dict[str, int] = {}
    for r in rows:
        counts[r.status] = counts.get(r.status, 0) + 1
    lines = [
        f"{r.check}  {sheets.STATUS_LABELS.get(r.status, r.status)}" + ("  (đã nhập)" if r.entered else "")
        for r in rows
    ]
    summary = ", ".join(f"{sheets.STATUS_LABELS.get(k, k)}: {v}" for k, v in sorted(counts.items()))
    total = f"Tổng {len(rows)} phiếu — {summary or 'chưa in phiếu nào'}"
    emit(args, data, "\n".join([*lines, total, *([sheets.registry_words(registry)] if registry is not None else [])]))
    return 0


def _registry_change(args: argparse.Namespace, change: Callable[..., list[str]], verb: str) -> int:
    with open_file(args.file) as meeting_file, meeting_file.transaction() as session:
        done = change(session, serials=args.serial, actor=operator(args))
    emit(args, {"serials": done}, f"{verb}: " + ", ".join(done))
    return 0


def cmd_spoil(args: argparse.Namespace) -> int:
    from app.services import sheets

    return _registry_change(args, sheets.spoil_sheets, "Đã hủy (đổi phiếu)")


def cmd_unused(args: argparse.Namespace) -> int:
    from app.services import sheets

    return _registry_change(args, sheets.return_unused, "Đã thu hồi phiếu chưa phát")
