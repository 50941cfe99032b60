"""Independent entry passes: `export-pass`, `import-pass`, `passes`, `entry-log`."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.common import Add, emit, file_argument, open_file, open_to_read, operator, pass_option, poll_option


def register(add: Add) -> None:
    """Declare this group's commands."""
    p = add("export-pass", cmd_export_pass, "xuất một lượt nhập phiếu của máy này ra tệp có chữ ký")
    file_argument(p)
    poll_option(p)
    pass_option(p)
    p.add_argument("--out", required=True, help="tệp .json")

    p = add("import-pass", cmd_import_pass, "nhận một lượt nhập phiếu do máy khác xuất")
    file_argument(p)
    p.add_argument("pass_file", metavar="TỆP_LƯỢT")

    p = add("passes", cmd_passes, "đối chiếu các lượt nhập phiếu độc lập")
    file_argument(p)
    poll_option(p)

    p = add("entry-log", cmd_entry_log, "in nhật ký nhập phiếu (PDF)")
    file_argument(p)
    poll_option(p)
    p.add_argument("--pdf", required=True)
    pass_option(p)


def cmd_export_pass(args: argparse.Namespace) -> int:
    from app.services import passes

    with open_file(args.file) as meeting_file:
        count = passes.export_pass(
            meeting_file, code=args.poll, pass_no=args.pass_no, out=Path(args.out), actor=operator(args)
        )
    emit(
        args,
        {"poll": args.poll, "pass": args.pass_no, "ballots": count, "out": args.out},
        f"Đã xuất lượt nhập {args.pass_no} của [{args.poll}]: {count} phiếu → {args.out}",
    )
    return 0


def cmd_import_pass(args: argparse.Namespace) -> int:
    from app.services import passes

    with open_file(args.file) as meeting_file:
        code, pass_no, count = passes.import_pass(meeting_file, path=Path(args.pass_file), actor=operator(args))
    emit(
        args,
        {"poll": code, "pass": pass_no, "ballots": count},
        f"Đã nhập lượt {pass_no} của [{code}] từ {args.pass_file}: {count} phiếu",
    )
    return 0


def cmd_passes(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from app.services import passes

    with open_to_read(args.file) as meeting_file, meeting_file.reading() as session:
        counts = passes.pass_counts(session, code=args.poll)
        mismatches = passes.compare_passes(session, code=args.poll)
    data = {
        "passes": [asdict(c) for c in counts],
        "mismatches": [{"ballot": m.key, "entries": {str(p): v for p, v in m.entries}} for m in mismatches],
    }
    lines = [f"Lượt {c.pass_no}: {c.entered} phiếu ({c.valid} hợp lệ)" for c in counts]
    if len(counts) < 2:
        lines.append("Chưa có lượt nhập thứ hai để đối chiếu.")
    elif not mismatches:
        lines.append("Các lượt nhập khớp nhau hoàn toàn.")
    else:
        lines.append(f"{len(mismatches)} phiếu không khớp — hãy xem lại phiếu giấy và sửa lượt nhập sai:")
        for m in mismatches:
            lines.append(f"  {m.key}: " + " | ".join(f"lượt {p}: {v or 'chưa nhập'}" for p, v in m.entries))
    emit(args, data, "\n".join(lines))
    return 0 if not mismatches else 1


def cmd_entry_log(args: argparse.Namespace) -> int:
    from app.services import passes

    with open_file(args.file) as meeting_file:
        pages = passes.write_entry_log(meeting_file, code=args.poll, out=Path(args.pdf), pass_no=args.pass_no)
    emit(args, {"poll": args.poll, "pdf": args.pdf, "pages": pages}, f"Nhật ký nhập phiếu: {args.pdf} ({pages} trang)")
    return 0
