"""Results and minutes: `tally`, `check`, `minutes`, `reopen`."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.common import Add, emit, file_argument, open_file, open_to_read, operator, pin, poll_option
from app.errors import KiemPhieuError


def register(add: Add) -> None:
    """Declare this group's commands."""
    p = add("tally", cmd_tally, "tổng hợp kết quả một nội dung bỏ phiếu")
    file_argument(p)
    poll_option(p)

    p = add("check", cmd_check, "kiểm tra đối chiếu số liệu trước khi lập biên bản")
    file_argument(p)
    poll_option(p)

    p = add("minutes", cmd_minutes, "lập biên bản kiểm phiếu (PDF) và bảng tổng hợp (Excel); kết thúc nội dung")
    file_argument(p)
    poll_option(p)
    p.add_argument("--pdf", help="tệp PDF biên bản")
    p.add_argument("--xlsx", help="tệp Excel tổng hợp")
    p.add_argument("--draft", action="store_true", help="bản nháp: không kiểm tra đối chiếu, không kết thúc")
    p.add_argument(
        "--below-quorum",
        metavar="LÝ_DO",
        help="Trưởng ban xác nhận vẫn lập biên bản khi số có mặt chưa đạt mức tối thiểu (ghi vào nhật ký)",
    )

    p = add("reopen", cmd_reopen, "mở lại nội dung đã kết thúc để sửa (biên bản sau là bản sửa)")
    file_argument(p)
    poll_option(p)
    p.add_argument("--reason", required=True)


def cmd_tally(args: argparse.Namespace) -> int:
    from app.services import closing, tallying

    with open_to_read(args.file) as meeting_file, meeting_file.reading() as session:
        result = tallying.tally_poll(session, args.poll)
        # Mid-count (ballots still to enter, the ballots collected not recorded …) the numbers are no outcome yet:
        # said as the results screen says it (#17). The JSON stays the tally JSON, whose digest the minutes print.
        provisional = closing.is_provisional(session, args.poll, result)
    emit(args, tallying.tally_json(result), tallying.tally_text(result, provisional=provisional))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from app import dates
    from app.services import closing

    with open_to_read(args.file) as meeting_file, meeting_file.reading() as session:
        found = closing.reconcile(session, args.poll)
    data = {
        "poll": args.poll,
        "ready": found.ready,
        "problems": [asdict(p) for p in found.problems],
        "without_code": [
            {"ballot": b.key, "operator": b.operator, "station": b.station, "entered_at": b.entered_at}
            for b in found.without_code
        ],
    }
    if found.problems:
        text = "Chưa lập được biên bản:\n" + "\n".join(f"  – {p.message}" for p in found.problems)
    else:
        text = "Các số liệu khớp nhau: có thể lập biên bản."
    if found.without_code:
        text += (
            f"\nPhiếu không có mã QR được Ban kiểm phiếu xác nhận nhận vào: {len(found.without_code)} "
            f"({', '.join(b.key for b in found.without_code)})"
        )
        text += "".join(
            f"\n  – phiếu {b.key}: nhập lúc {dates.moment(b.entered_at, seconds=True, on_day=True)} tại máy "
            f"{b.station} (người nhập: {b.operator})"
            for b in found.without_code
        )
    emit(args, data, text)
    return 0 if found.ready else 1


def cmd_minutes(args: argparse.Namespace) -> int:
    from app.services import closing, minutes

    if not args.pdf and not args.xlsx:
        raise KiemPhieuError("Hãy cho biết nơi lưu biên bản: --pdf TỆP.pdf và/hoặc --xlsx TỆP.xlsx.")
    with open_file(args.file) as meeting_file:
        if args.below_quorum is not None:
            with meeting_file.transaction() as session:
                closing.confirm_below_quorum(
                    session, code=args.poll, reason=args.below_quorum, actor=operator(args), pin=pin(args)
                )
        report = minutes.make_minutes(
            meeting_file,
            code=args.poll,
            actor=operator(args),
            pdf=Path(args.pdf) if args.pdf else None,
            xlsx=Path(args.xlsx) if args.xlsx else None,
            draft=args.draft,
            pin=pin(args),
        )
    what = "Bản nháp biên bản" if report.revision is None else f"Biên bản (bản số {report.revision})"
    files = " và ".join(str(p) for p in (report.pdf, report.xlsx) if p is not None)
    text = f"{what} [{report.code}]: {files}" + (f" — {report.pages} trang" if report.pdf else "")
    text += f"\nMã kiểm tra kết quả: {report.digest}"
    data = {
        "poll": report.code,
        "revision": report.revision,
        "digest": report.digest,
        "pdf": str(report.pdf) if report.pdf else None,
        "xlsx": str(report.xlsx) if report.xlsx else None,
        "pages": report.pages,
    }
    emit(args, data, text)
    return 0


def cmd_reopen(args: argparse.Namespace) -> int:
    from app.services import closing

    with open_file(args.file) as meeting_file, meeting_file.transaction() as session:
        closing.reopen_poll(session, code=args.poll, reason=args.reason, actor=operator(args), pin=pin(args))
    emit(args, {"poll": args.poll, "status": "counting"}, f"Đã mở lại [{args.poll}]: {args.reason}")
    return 0
