"""The meeting: `new`, `info`, `demo`, `profiles`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.cli.common import Add, emit, file_argument, open_to_read, operator

if TYPE_CHECKING:
    from app.services.meetings import MeetingInfo

DEMO_FILE = "kiemphieu-demo.kiemphieu"


def register(add: Add) -> None:
    """Declare this group's commands."""
    p = add("new", cmd_new, "tạo tệp hội nghị từ tệp mô tả (TOML)")
    file_argument(p, "tệp hội nghị mới (.kiemphieu)")
    p.add_argument("--spec", required=True, help="tệp mô tả hội nghị (.toml)")

    p = add("info", cmd_info, "xem thông tin hội nghị và các nội dung bỏ phiếu")
    file_argument(p)

    p = add("demo", cmd_demo, "dựng hội nghị mẫu có đủ loại phiếu và in kết quả")
    p.add_argument("file", nargs="?", default=DEMO_FILE)

    add("profiles", cmd_profiles, "liệt kê các hồ sơ quy tắc kiểm phiếu")


def cmd_new(args: argparse.Namespace) -> int:
    from app.services import meetings
    from app.services.spec import read_spec

    spec = read_spec(Path(args.spec))
    for warning in spec.warnings:
        print(f"Lưu ý: {warning}", file=sys.stderr)
    meeting_file = meetings.create_meeting(Path(args.file), spec, actor=operator(args))
    with meeting_file, meeting_file.reading() as session:
        info = meetings.meeting_info(session)
    emit(args, _info_json(info), f"Đã tạo {args.file}\n\n" + _info_text(info))
    return 0


def _info_json(info: MeetingInfo) -> dict[str, Any]:
    from dataclasses import asdict

    data = asdict(info)
    data["exclusions"] = [{"reason": r, "count": c} for r, c in info.exclusions]
    data["committee"] = [{"name": n, "role": r} for n, r in info.committee]
    data["excluded"] = info.excluded
    data["election_base"] = info.election_base
    data["polls"] = [{**asdict(p), "items": list(p.items)} for p in info.polls]
    for poll in data["polls"]:
        poll["id"] = poll.pop("code")
        poll["round"] = poll.pop("round_no")
    return data


def _info_text(info: MeetingInfo) -> str:
    from app import dates
    from app.services import polls

    lines = [info.title, info.organization + (f" ({info.superior})" if info.superior else "")]
    lines.append(f"{info.place}, ngày {dates.day(info.date)}")
    lines.append(f"Được triệu tập: {info.convened}   Có mặt: {info.present}")
    for reason, count in info.exclusions:
        lines.append(f"  Không tính: {reason}: {count}")
    lines.append(f"Tổng số làm căn cứ tính kết quả bầu cử: {info.election_base}")
    if info.committee:
        lines.append("Ban kiểm phiếu: " + "; ".join(f"{n} ({r})" for n, r in info.committee))
    lines.append("")
    lines.append("Nội dung bỏ phiếu:")
    for p in info.polls:
        status = polls.STATUS_LABELS.get(p.status, p.status)
        seats = f", cần bầu {p.seats}" if p.kind == "election" else ""
        lines.append(f"  [{p.code}] {p.title} (lần {p.round_no}{seats}; {len(p.items)} dòng) — {status}")
        issued = p.issued if p.issued is not None else "—"
        lines.append(f"      phát ra {issued}, đã nhập {p.entered}: hợp lệ {p.valid}, không hợp lệ {p.invalid}")
    return "\n".join(lines)


def cmd_info(args: argparse.Namespace) -> int:
    from app.services import meetings

    with open_to_read(args.file) as meeting_file, meeting_file.reading() as session:
        info = meetings.meeting_info(session)
    emit(args, _info_json(info), _info_text(info))
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from app.services import closing, demo, meetings, tallying

    path = Path(args.file)
    with demo.build_demo(path) as meeting_file, meeting_file.reading() as session:
        info = meetings.meeting_info(session)
        results = [tallying.tally_poll(session, p.code) for p in info.polls]
        provisional = [closing.is_provisional(session, r.code, r) for r in results]  # as `tally` says it (#17)
    data = {
        "file": str(path),
        "meeting": _info_json(info),
        "tallies": [tallying.tally_json(r) for r in results],
    }
    text = [f"Đã dựng hội nghị mẫu: {path}", "", _info_text(info)]
    for result, mid_count in zip(results, provisional, strict=True):
        text += ["", "=" * 78, tallying.tally_text(result, provisional=mid_count)]
    emit(args, data, "\n".join(text))
    return 0


def cmd_profiles(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from app.profiles import load_profiles

    profiles = load_profiles()
    data = [{**asdict(p), "description": p.describe()} for p in profiles.values()]
    text = "\n".join(f"{p.id}: {p.describe()}" for p in profiles.values())
    emit(args, data, text)
    return 0
