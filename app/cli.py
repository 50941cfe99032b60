"""`kiemphieu`: the command-line interface. Each subcommand calls one service.

Exit codes: 0 success, 2 usage error, 1 any other error (one line on stderr, never a traceback).
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from app import __version__, cli_args, dates
from app.errors import KiemPhieuError
from app.logs import log_unexpected
from app.profiles import load_profiles
from app.recognition.outcomes import Reason
from app.recognition.words import vietnamese
from app.rules.points import parse_points
from app.services import (
    ballots,
    closing,
    demo,
    importing,
    integrity,
    meetings,
    minutes,
    passes,
    polls,
    printing,
    roles,
    rounds,
    sheets,
    tallying,
    witness,
)
from app.services.scanning import deck, folder, ingest, kept, review, storage
from app.services.spec import read_spec
from app.store.db import MeetingFile, open_meeting_file

DEMO_FILE = "kiemphieu-demo.kiemphieu"


def _operator(args: argparse.Namespace) -> str:
    if args.operator:
        return str(args.operator)
    try:
        return os.environ.get("KIEMPHIEU_OPERATOR") or getpass.getuser()
    except (OSError, KeyError):
        return "khong-ro"


def _emit(args: argparse.Namespace, data: Any, text: str) -> None:
    if getattr(args, "json", False):
        print(json.dumps(data, ensure_ascii=False, indent=2, default=_json_default))
    else:
        print(text)


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def _pin(args: argparse.Namespace) -> str | None:
    return _secret(args, "pin", "KIEMPHIEU_PIN", "Mã PIN của Trưởng ban (Enter nếu không cần): ")


PIN_ON_COMMAND_LINE = (
    "Không ghi mã PIN trên dòng lệnh (nó lưu lại trong lịch sử lệnh và hiện trong danh sách tiến trình): "
    "dùng biến môi trường {env}, hoặc để chương trình hỏi."
)


def _secret(args: argparse.Namespace, option: str, env: str, prompt: str) -> str | None:
    """A PIN from the environment or typed at a prompt (never from the command line, issue #14)."""
    if getattr(args, option, None):
        raise KiemPhieuError(PIN_ON_COMMAND_LINE.format(env=env))
    value = os.environ.get(env)
    if value:
        return value
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass(prompt) or None
    return None


def _open(path: str) -> MeetingFile:
    return open_meeting_file(Path(path))


def _open_to_read(path: str) -> MeetingFile:
    """For commands that only read: a read-only copy is opened, not refused."""
    return open_meeting_file(Path(path), read_only=True)


# ---------------------------------------------------------------- commands


def cmd_new(args: argparse.Namespace) -> int:
    spec = read_spec(Path(args.spec))
    for warning in spec.warnings:
        print(f"Lưu ý: {warning}", file=sys.stderr)
    meeting_file = meetings.create_meeting(Path(args.file), spec, actor=_operator(args))
    with meeting_file, meeting_file.reading() as session:
        info = meetings.meeting_info(session)
    _emit(args, _info_json(info), f"Đã tạo {args.file}\n\n" + _info_text(info))
    return 0


def _info_json(info: meetings.MeetingInfo) -> dict[str, Any]:
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


def _info_text(info: meetings.MeetingInfo) -> str:
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
    with _open_to_read(args.file) as meeting_file, meeting_file.reading() as session:
        info = meetings.meeting_info(session)
    _emit(args, _info_json(info), _info_text(info))
    return 0


def cmd_enter(args: argparse.Namespace) -> int:
    with _open(args.file) as meeting_file:
        report = ballots.enter_file(
            meeting_file, code=args.poll, path=Path(args.entries), operator=_operator(args), pass_no=args.pass_no
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
    _emit(args, data, "\n".join(lines))
    if report.rejected:
        print(f"Lỗi: {len(report.accepted)} ghi, {len(report.rejected)} từ chối.", file=sys.stderr)
        return 1
    return 0


def _reason_json(reason: Reason) -> dict[str, Any]:
    """A reason as `--json` shows it: its code and parameters, and its words."""
    return {**reason.as_json(), "text": vietnamese(reason)}


def _page_json(page: storage.PageOutcome) -> dict[str, Any]:
    return {**page.as_json(), "reasons": [_reason_json(r) for r in page.reasons]}


def _page_line(page: storage.PageOutcome) -> str:
    where = f"{page.file}, trang {page.page_no}"
    what = vietnamese(page.outcome)
    serial = f" phiếu {page.serial}" if page.serial else ""
    poll = f" [{page.poll}]" if page.poll else ""
    valid = "" if page.valid is None else (" — hợp lệ" if page.valid else " — KHÔNG hợp lệ")
    reasons = "".join(f"\n    · {vietnamese(r)}" for r in page.reasons)
    return f"  {where}:{poll}{serial} {what}{valid}{reasons}"


def _scan_totals(report: ingest.ScanReport) -> str:
    parts = [f"{vietnamese(k)}: {v}" for k, v in sorted(report.totals.items())]
    rate = len(report.pages) / report.seconds if report.seconds > 0 else 0.0
    return (
        f"Tổng cộng {len(report.pages)} trang ({'; '.join(parts) or 'không có'}); đã tính {report.counted} phiếu; "
        f"{report.seconds:.1f} giây ({rate:.1f} trang/giây)."
    )


def cmd_scan(args: argparse.Namespace) -> int:
    operator = _operator(args)
    show = None if args.json else (lambda page: print(_page_line(page), flush=True))
    options = {
        "operator": operator,
        "pass_no": args.pass_no,
        "workers": args.workers,
        "stamp_check": not args.no_stamp_check,
        "on_page": show,
    }
    with _open(args.file) as meeting_file:
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
        data["test_deck"] = [asdict(d) for d in checks]
        right = sum(1 for d in checks if d.verdict == "đúng")
        text += f"\nBộ phiếu thử: {right}/{len(checks)} tờ đọc đúng."
        text += "".join(
            f"\n  {d.serial} ({d.label}): {d.verdict} — cần {d.expected}, đọc được {d.read or '—'}"
            for d in checks
            if d.verdict != "đúng"
        )
    if queue:
        text += f"\nHàng chờ người xem: {len(queue)} trang (kiemphieu review {args.file})."
    _emit(args, data, text)
    return 0


def _cell_value(text: str) -> Any:
    lowered = text.strip().lower()
    if lowered in ("1", "x", "co", "có", "yes", "true"):
        return True
    if lowered in ("0", "-", "khong", "không", "no", "false"):
        return False
    return text


def _parse_sets(items: Sequence[str]) -> dict[tuple[str, int, int], Any]:
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
    operator = _operator(args)
    with _open(args.file) as meeting_file:
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
            _emit(args, data, "\n".join(lines))
            return 0
        if args.dismiss is not None and args.page is None:
            count = review.dismiss_many(
                meeting_file, note=args.dismiss, actor=operator, file_name=args.scan_file, pin=_pin(args)
            )
            _emit(args, {"dismissed": count}, f"Đã bỏ {count} trang khỏi hàng chờ.")
            return 0
        if args.dismiss is not None:
            review.dismiss(meeting_file, page_id=args.page, note=args.dismiss, actor=operator, pin=_pin(args))
            _emit(args, {"page_id": args.page, "status": "dismissed"}, f"Đã bỏ trang #{args.page} khỏi hàng chờ.")
            return 0
        outcome = review.decide(
            meeting_file,
            page_id=args.page,
            values=_parse_sets(args.set or []),
            actor=operator,
            physical_invalid=args.invalid,
            checks_done=True,
            note=args.note,
        )
    decided = _page_json(outcome)
    if outcome.ballot is not None:
        text = f"Đã tính phiếu {outcome.ballot} ({'hợp lệ' if outcome.valid else 'không hợp lệ'})."
    else:
        text = f"Đã ghi quyết định; trang #{args.page}: {vietnamese(outcome.status)}."
    _emit(args, decided, text)
    return 0


def cmd_tally(args: argparse.Namespace) -> int:
    with _open_to_read(args.file) as meeting_file, meeting_file.reading() as session:
        result = tallying.tally_poll(session, args.poll)
    _emit(args, tallying.tally_json(result), tallying.tally_text(result))
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    path = Path(args.file)
    with demo.build_demo(path) as meeting_file, meeting_file.reading() as session:
        info = meetings.meeting_info(session)
        results = [tallying.tally_poll(session, p.code) for p in info.polls]
    data = {
        "file": str(path),
        "meeting": _info_json(info),
        "tallies": [tallying.tally_json(r) for r in results],
    }
    text = [f"Đã dựng hội nghị mẫu: {path}", "", _info_text(info)]
    for result in results:
        text += ["", "=" * 78, tallying.tally_text(result)]
    _emit(args, data, "\n".join(text))
    return 0


def cmd_next_round(args: argparse.Namespace) -> int:
    with _open(args.file) as meeting_file, meeting_file.transaction() as session:
        summary = rounds.create_next_round(
            session,
            code=args.poll,
            actor=_operator(args),
            new_code=args.id,
            names=args.candidates,
            seats=args.seats,
        )
    text = (
        f"Đã tạo lần bầu {summary.round_no} [{summary.code}]: cần bầu {summary.seats}, "
        f"danh sách: {', '.join(summary.items)}"
    )
    _emit(args, {**asdict(summary), "items": list(summary.items)}, text)
    return 0


def cmd_counts(args: argparse.Namespace) -> int:
    if args.issued is None and args.collected is None:
        raise KiemPhieuError("Hãy cho biết --issued (số phiếu phát ra) và/hoặc --collected (số phiếu thu về).")
    with _open(args.file) as meeting_file, meeting_file.transaction() as session:
        summary = polls.set_ballot_counts(
            session, code=args.poll, issued=args.issued, collected=args.collected, actor=_operator(args)
        )
    text = f"[{summary.code}] phát ra {summary.issued}, thu về {summary.collected}"
    _emit(args, {**asdict(summary), "items": list(summary.items)}, text)
    return 0


def cmd_override(args: argparse.Namespace) -> int:
    with _open(args.file) as meeting_file, meeting_file.transaction() as session:
        saved = ballots.override_validity(
            session,
            code=args.poll,
            key=args.ballot,
            valid=args.valid,
            reason=args.reason,
            actor=_operator(args),
            pin=_pin(args),
        )
    verdict = "hợp lệ" if saved.valid else "không hợp lệ"
    _emit(args, asdict(saved), f"Phiếu {saved.key}: Ban kiểm phiếu kết luận {verdict} ({args.reason}).")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    items = importing.read_items_xlsx(Path(args.xlsx), args.sheet)
    with _open(args.file) as meeting_file, meeting_file.transaction() as session:
        summary = polls.replace_items(session, code=args.poll, items=items, actor=_operator(args))
    text = f"Đã nhập {len(items)} người vào [{summary.code}]: " + ", ".join(summary.items)
    _emit(args, {**asdict(summary), "items": list(summary.items)}, text)
    return 0


def cmd_print(args: argparse.Namespace) -> int:
    if not args.test_deck and args.copies is None:
        raise KiemPhieuError("Hãy cho biết số bản in: --copies N (hoặc --test-deck để in bộ phiếu thử).")
    out = Path(args.out)
    with _open(args.file) as meeting_file:
        report = printing.print_ballots(
            meeting_file,
            code=args.poll,
            copies=args.copies or 0,
            out=out,
            actor=_operator(args),
            paper=args.paper,
            two_up=args.two_up,
            test_deck=args.test_deck,
        )
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
    }
    _emit(args, data, text)
    return 0


def cmd_ballots(args: argparse.Namespace) -> int:
    with _open_to_read(args.file) as meeting_file, meeting_file.reading() as session:
        rows = sheets.list_sheets(session, args.poll)
    data = [asdict(r) for r in rows]
    counts: dict[str, int] = {}
    for r in rows:
        counts[r.status] = counts.get(r.status, 0) + 1
    lines = [
        f"{r.check}  {sheets.STATUS_LABELS.get(r.status, r.status)}" + ("  (đã nhập)" if r.entered else "")
        for r in rows
    ]
    summary = ", ".join(f"{sheets.STATUS_LABELS.get(k, k)}: {v}" for k, v in sorted(counts.items()))
    _emit(args, data, "\n".join([*lines, f"Tổng {len(rows)} phiếu — {summary or 'chưa in phiếu nào'}"]))
    return 0


def _registry_change(args: argparse.Namespace, change: Callable[..., list[str]], verb: str) -> int:
    with _open(args.file) as meeting_file, meeting_file.transaction() as session:
        done = change(session, serials=args.serial, actor=_operator(args))
    _emit(args, {"serials": done}, f"{verb}: " + ", ".join(done))
    return 0


def cmd_spoil(args: argparse.Namespace) -> int:
    return _registry_change(args, sheets.spoil_sheets, "Đã hủy (đổi phiếu)")


def cmd_unused(args: argparse.Namespace) -> int:
    return _registry_change(args, sheets.return_unused, "Đã thu hồi phiếu chưa phát")


def cmd_sort(args: argparse.Namespace) -> int:
    with _open(args.file) as meeting_file, meeting_file.transaction() as session:
        names = polls.sort_items_abc(session, code=args.poll, actor=_operator(args))
    _emit(args, {"items": names}, "Thứ tự mới (vần A, B, C): " + ", ".join(names))
    return 0


def cmd_minutes(args: argparse.Namespace) -> int:
    if not args.pdf and not args.xlsx:
        raise KiemPhieuError("Hãy cho biết nơi lưu biên bản: --pdf TỆP.pdf và/hoặc --xlsx TỆP.xlsx.")
    with _open(args.file) as meeting_file:
        if args.below_quorum is not None:
            with meeting_file.transaction() as session:
                closing.confirm_below_quorum(
                    session, code=args.poll, reason=args.below_quorum, actor=_operator(args), pin=_pin(args)
                )
        report = minutes.make_minutes(
            meeting_file,
            code=args.poll,
            actor=_operator(args),
            pdf=Path(args.pdf) if args.pdf else None,
            xlsx=Path(args.xlsx) if args.xlsx else None,
            draft=args.draft,
            pin=_pin(args),
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
    _emit(args, data, text)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    with _open_to_read(args.file) as meeting_file, meeting_file.reading() as session:
        problems = closing.check_gate(session, args.poll)
    data = {"poll": args.poll, "ready": not problems, "problems": [asdict(p) for p in problems]}
    if problems:
        text = "Chưa lập được biên bản:\n" + "\n".join(f"  – {p.message}" for p in problems)
    else:
        text = "Các số liệu khớp nhau: có thể lập biên bản."
    _emit(args, data, text)
    return 0 if not problems else 1


def cmd_reopen(args: argparse.Namespace) -> int:
    with _open(args.file) as meeting_file, meeting_file.transaction() as session:
        closing.reopen_poll(session, code=args.poll, reason=args.reason, actor=_operator(args), pin=_pin(args))
    _emit(args, {"poll": args.poll, "status": "counting"}, f"Đã mở lại [{args.poll}]: {args.reason}")
    return 0


def cmd_correct(args: argparse.Namespace) -> int:
    try:
        data = ballots.parse_json_line(args.entry)  # bounded: nesting, digits
    except KiemPhieuError as exc:
        raise KiemPhieuError(f"--entry {exc}.") from None
    draft = ballots.parse_entry(data)
    with _open(args.file) as meeting_file, meeting_file.transaction() as session:
        saved = ballots.correct_ballot(
            session,
            code=args.poll,
            key=args.ballot,
            draft=draft,
            reason=args.reason,
            actor=_operator(args),
            pass_no=args.pass_no,
            pin=_pin(args),
        )
    verdict = "hợp lệ" if saved.valid else "không hợp lệ" + (f" ({saved.reason})" if saved.reason else "")
    _emit(args, asdict(saved), f"Đã sửa phiếu {saved.key} (lượt {args.pass_no}): {verdict}.")
    return 0


def cmd_export_pass(args: argparse.Namespace) -> int:
    with _open(args.file) as meeting_file:
        count = passes.export_pass(
            meeting_file, code=args.poll, pass_no=args.pass_no, out=Path(args.out), actor=_operator(args)
        )
    _emit(
        args,
        {"poll": args.poll, "pass": args.pass_no, "ballots": count, "out": args.out},
        f"Đã xuất lượt nhập {args.pass_no} của [{args.poll}]: {count} phiếu → {args.out}",
    )
    return 0


def cmd_import_pass(args: argparse.Namespace) -> int:
    with _open(args.file) as meeting_file:
        code, pass_no, count = passes.import_pass(meeting_file, path=Path(args.pass_file), actor=_operator(args))
    _emit(
        args,
        {"poll": code, "pass": pass_no, "ballots": count},
        f"Đã nhập lượt {pass_no} của [{code}] từ {args.pass_file}: {count} phiếu",
    )
    return 0


def cmd_passes(args: argparse.Namespace) -> int:
    with _open_to_read(args.file) as meeting_file, meeting_file.reading() as session:
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
    _emit(args, data, "\n".join(lines))
    return 0 if not mismatches else 1


def cmd_entry_log(args: argparse.Namespace) -> int:
    with _open(args.file) as meeting_file:
        pages = passes.write_entry_log(meeting_file, code=args.poll, out=Path(args.pdf), pass_no=args.pass_no)
    _emit(args, {"poll": args.poll, "pdf": args.pdf, "pages": pages}, f"Nhật ký nhập phiếu: {args.pdf} ({pages} trang)")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    with _open_to_read(args.file) as meeting_file, meeting_file.reading() as session:
        if args.code:
            match = integrity.match_minutes_code(session, args.code)
            _emit(args, {"matches": match}, f"Mã khớp {match}.")
            return 0
        if args.anchor:
            line = integrity.check_anchor(session, args.anchor)
            _emit(args, {"anchor": args.anchor, "extends": True, "message": line}, line)
            return 0
        if args.witness:
            line = witness.check(session, Path(args.witness))
            _emit(args, {"witness": args.witness, "extends": True, "message": line}, line)
            return 0
        findings = integrity.verify(session, scans=kept.scans_folder(meeting_file))
        anchor = integrity.anchor_code(session) if not findings else None
    data = {"ok": not findings, "findings": [asdict(f) for f in findings], "anchor": anchor}
    if findings:
        text = f"Phát hiện {len(findings)} chỗ không khớp:\n" + "\n".join(
            f"  – {f.where}: {f.problem}" for f in findings
        )
    else:
        text = (
            "Tệp toàn vẹn: nhật ký liền mạch, mọi bảng khớp nhật ký, các phiếu khớp nhật ký, kết quả khớp các biên "
            f"bản đã lập.\nMã neo hiện tại (ghi ra ngoài tệp): {anchor}"
        )
    _emit(args, data, text)
    return 0 if not findings else 1


def cmd_anchor(args: argparse.Namespace) -> int:
    with _open_to_read(args.file) as meeting_file, meeting_file.reading() as session:
        code = integrity.anchor_code(session)
        if args.witness:
            witness.record(session, Path(args.witness), witness.Event.BY_HAND)
    _emit(args, {"anchor": code, "witness": args.witness}, code)
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    with _open(args.file) as meeting_file:
        path = integrity.backup(meeting_file, Path(args.dest))
    _emit(args, {"backup": str(path)}, f"Đã sao lưu: {path}")
    return 0


def cmd_archive(args: argparse.Namespace) -> int:
    with _open(args.file) as meeting_file:
        report = integrity.archive(meeting_file, Path(args.out), actor=_operator(args))
    data = {"archive": str(report.path), "files": list(report.files), "manifest_sha256": report.manifest_sha256}
    _emit(
        args,
        data,
        f"Đã lập tệp lưu trữ {report.path}: {', '.join(report.files)}\nSHA-256 của MANIFEST: {report.manifest_sha256}",
    )
    return 0


def cmd_set_pin(args: argparse.Namespace) -> int:
    with _open(args.file) as meeting_file, meeting_file.transaction() as session:
        new_pin = _secret(args, "new_pin", "KIEMPHIEU_NEW_PIN", "Mã PIN mới của Trưởng ban: ")
        if not new_pin:
            raise KiemPhieuError(
                "Chưa có mã PIN mới: đặt biến môi trường KIEMPHIEU_NEW_PIN, hoặc chạy lệnh để được hỏi."
            )
        first = not roles.pin_required(session)
        roles.set_head_pin(
            session, new_pin=new_pin, current_pin=_pin(args) if not first else None, actor=_operator(args)
        )
    _emit(
        args,
        {"pin_set": True, "first": first},
        "Đã đặt mã PIN của Trưởng ban kiểm phiếu" + (" lần đầu." if first else " mới."),
    )
    return 0


def cmd_profiles(args: argparse.Namespace) -> int:
    profiles = load_profiles()
    data = [{**asdict(p), "description": p.describe()} for p in profiles.values()]
    text = "\n".join(f"{p.id}: {p.describe()}" for p in profiles.values())
    _emit(args, data, text)
    return 0


# ---------------------------------------------------------------- parser


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of `kiemphieu` (subcommands and their options)."""
    parser = argparse.ArgumentParser(
        prog="kiemphieu",
        description="KiểmPhiếu — kiểm phiếu bầu cử, tín nhiệm, đánh giá, chấm điểm, biểu quyết (offline).",
    )
    parser.add_argument("--version", action="version", version=f"KiểmPhiếu {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true", help="in kết quả dạng JSON cho máy đọc")
    common.add_argument("--operator", help="tên người thao tác (mặc định: tên đăng nhập)")
    common.add_argument("--pin", help=argparse.SUPPRESS)  # refused: a PIN comes from KIEMPHIEU_PIN or a prompt
    sub = parser.add_subparsers(dest="command", metavar="LỆNH")

    def add(name: str, handler: Callable[[argparse.Namespace], int], help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, parents=[common], help=help_text, description=help_text)
        p.set_defaults(handler=handler)
        return p

    p = add("new", cmd_new, "tạo tệp hội nghị từ tệp mô tả (TOML)")
    p.add_argument("file", help="tệp hội nghị mới (.kiemphieu)")
    p.add_argument("--spec", required=True, help="tệp mô tả hội nghị (.toml)")

    p = add("info", cmd_info, "xem thông tin hội nghị và các nội dung bỏ phiếu")
    p.add_argument("file")

    p = add("enter", cmd_enter, "nhập phiếu từ tệp JSON Lines (mỗi dòng một phiếu)")
    p.add_argument("file")
    p.add_argument("--poll", required=True, help="mã nội dung bỏ phiếu")
    p.add_argument("--entries", required=True, help="tệp .jsonl")
    p.add_argument(
        "--pass", dest="pass_no", type=int, default=1, choices=[1, 2, 3], help="lượt nhập (nhập nhiều lượt độc lập)"
    )

    p = add("scan", cmd_scan, "đọc phiếu đã quét (ảnh PNG/JPEG/TIFF, PDF hoặc cả thư mục)")
    p.add_argument("file")
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
    p.add_argument(
        "--pass", dest="pass_no", type=int, default=1, choices=[1, 2, 3], help="lượt (quét để đối chiếu với nhập tay)"
    )

    p = add("review", cmd_review, "xem hàng chờ trang quét cần người xem; quyết định một trang")
    p.add_argument("file")
    p.add_argument("--poll", help="chỉ trang của nội dung này")
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

    p = add("tally", cmd_tally, "tổng hợp kết quả một nội dung bỏ phiếu")
    p.add_argument("file")
    p.add_argument("--poll", required=True)

    p = add("demo", cmd_demo, "dựng hội nghị mẫu có đủ loại phiếu và in kết quả")
    p.add_argument("file", nargs="?", default=DEMO_FILE)

    p = add("next-round", cmd_next_round, "tạo lần bầu tiếp theo cho các chỉ tiêu còn thiếu")
    p.add_argument("file")
    p.add_argument("--poll", required=True, help="mã lần bầu trước")
    p.add_argument("--id", help="mã cho lần bầu mới (mặc định: mã cũ kèm số lần)")
    p.add_argument("--seats", type=cli_args.SEATS, help="số cần bầu (mặc định: số chỉ tiêu còn thiếu)")
    p.add_argument("--candidates", nargs="+", metavar="TÊN", help="danh sách bầu (mặc định theo kết quả)")

    p = add("counts", cmd_counts, "ghi số phiếu phát ra, thu về")
    p.add_argument("file")
    p.add_argument("--poll", required=True)
    p.add_argument("--issued", type=cli_args.PEOPLE)
    p.add_argument("--collected", type=cli_args.PEOPLE)

    p = add("override", cmd_override, "Ban kiểm phiếu kết luận lại một phiếu hợp lệ / không hợp lệ")
    p.add_argument("file")
    p.add_argument("--poll", required=True)
    p.add_argument("--ballot", required=True, help="số phiếu (serial) hoặc #số thứ tự")
    verdict = p.add_mutually_exclusive_group(required=True)
    verdict.add_argument("--valid", dest="valid", action="store_true")
    verdict.add_argument("--invalid", dest="valid", action="store_false")
    p.add_argument("--reason", required=True)

    p = add("import-candidates", cmd_import, "nhập danh sách từ tệp Excel (.xlsx) vào một nội dung")
    p.add_argument("file")
    p.add_argument("--poll", required=True)
    p.add_argument("--xlsx", required=True)
    p.add_argument("--sheet", help="tên trang tính (mặc định: trang đầu)")

    p = add("print", cmd_print, "in phiếu (PDF) có mã QR và ghi vào sổ phiếu đã phát")
    p.add_argument("file")
    p.add_argument("--poll", required=True)
    p.add_argument("--copies", type=int, help="số phiếu cần in")
    p.add_argument("--out", required=True, help="tệp PDF")
    p.add_argument("--paper", choices=["A4", "A5"], default="A4")
    p.add_argument("--two-up", action="store_true", help="hai phiếu A5 trên một tờ A4 ngang")
    p.add_argument("--test-deck", action="store_true", help="in bộ phiếu thử đã đánh dấu (không bao giờ được tính)")
    p.add_argument("--template", help="nơi lưu mẫu vị trí cho máy quét (mặc định: cạnh tệp PDF)")

    p = add("ballots", cmd_ballots, "liệt kê các phiếu đã in: số phiếu, mã kiểm tra, trạng thái")
    p.add_argument("file")
    p.add_argument("--poll", required=True)

    p = add("spoil", cmd_spoil, "hủy phiếu hỏng khi đổi phiếu (phiếu mới lấy từ phiếu dự phòng)")
    p.add_argument("file")
    p.add_argument("--serial", nargs="+", required=True, help="số phiếu hoặc mã kiểm tra")

    p = add("unused", cmd_unused, "thu hồi phiếu đã in nhưng không phát")
    p.add_argument("file")
    p.add_argument("--serial", nargs="+", required=True, help="số phiếu hoặc mã kiểm tra")

    p = add("sort-abc", cmd_sort, "xếp danh sách theo vần A, B, C (tên, rồi họ, rồi tên đệm)")
    p.add_argument("file")
    p.add_argument("--poll", required=True)

    p = add("minutes", cmd_minutes, "lập biên bản kiểm phiếu (PDF) và bảng tổng hợp (Excel); kết thúc nội dung")
    p.add_argument("file")
    p.add_argument("--poll", required=True)
    p.add_argument("--pdf", help="tệp PDF biên bản")
    p.add_argument("--xlsx", help="tệp Excel tổng hợp")
    p.add_argument("--draft", action="store_true", help="bản nháp: không kiểm tra đối chiếu, không kết thúc")
    p.add_argument(
        "--below-quorum",
        metavar="LÝ_DO",
        help="Trưởng ban xác nhận vẫn lập biên bản khi số có mặt chưa đạt mức tối thiểu (ghi vào nhật ký)",
    )

    p = add("check", cmd_check, "kiểm tra đối chiếu số liệu trước khi lập biên bản")
    p.add_argument("file")
    p.add_argument("--poll", required=True)

    p = add("reopen", cmd_reopen, "mở lại nội dung đã kết thúc để sửa (biên bản sau là bản sửa)")
    p.add_argument("file")
    p.add_argument("--poll", required=True)
    p.add_argument("--reason", required=True)

    p = add("correct", cmd_correct, "sửa các dấu của một phiếu đã nhập (ghi lý do; nhật ký giữ bản cũ)")
    p.add_argument("file")
    p.add_argument("--poll", required=True)
    p.add_argument("--ballot", required=True, help="số phiếu hoặc #số thứ tự")
    p.add_argument("--entry", required=True, help="các dấu đúng, dạng JSON như tệp phiếu, ví dụ '{\"struck\": [3, 4]}'")
    p.add_argument("--reason", required=True)
    p.add_argument("--pass", dest="pass_no", type=int, default=1, choices=[1, 2, 3])

    p = add("export-pass", cmd_export_pass, "xuất một lượt nhập phiếu của máy này ra tệp có chữ ký")
    p.add_argument("file")
    p.add_argument("--poll", required=True)
    p.add_argument("--pass", dest="pass_no", type=int, default=1, choices=[1, 2, 3])
    p.add_argument("--out", required=True, help="tệp .json")

    p = add("import-pass", cmd_import_pass, "nhận một lượt nhập phiếu do máy khác xuất")
    p.add_argument("file")
    p.add_argument("pass_file", metavar="TỆP_LƯỢT")

    p = add("passes", cmd_passes, "đối chiếu các lượt nhập phiếu độc lập")
    p.add_argument("file")
    p.add_argument("--poll", required=True)

    p = add("entry-log", cmd_entry_log, "in nhật ký nhập phiếu (PDF)")
    p.add_argument("file")
    p.add_argument("--poll", required=True)
    p.add_argument("--pdf", required=True)
    p.add_argument("--pass", dest="pass_no", type=int, default=1, choices=[1, 2, 3])

    p = add("verify", cmd_verify, "kiểm tra tính toàn vẹn: nhật ký, các phiếu, kết quả so với biên bản")
    p.add_argument("file")
    p.add_argument("--code", help="mã QR (hoặc mã kiểm tra) in trên một bản biên bản giấy, để đối chiếu")
    p.add_argument("--anchor", metavar="MÃ", help="mã neo đã ghi ra ngoài tệp: nhật ký của tệp có nối tiếp nó không")
    p.add_argument(
        "--witness", metavar="TỆP", help="tệp mã neo (.neo.txt): nhật ký của tệp có nối tiếp mọi mã neo trong đó không"
    )

    p = add("anchor", cmd_anchor, "in mã neo hiện tại của nhật ký (ghi ra giấy hoặc thiết bị khác)")
    p.add_argument("file")
    p.add_argument("--witness", metavar="TỆP", help="ghi thêm mã neo vào tệp mã neo này (ví dụ trên USB)")

    p = add("backup", cmd_backup, "sao lưu tệp hội nghị (an toàn cả khi đang dùng)")
    p.add_argument("file")
    p.add_argument("dest", help="thư mục hoặc tên tệp sao lưu")

    p = add("archive", cmd_archive, "lập tệp lưu trữ niêm phong (.zip): tệp hội nghị, biên bản, mã SHA-256")
    p.add_argument("file")
    p.add_argument("out", help="tệp .zip")

    p = add(
        "set-pin",
        cmd_set_pin,
        "đặt hoặc đổi mã PIN của Trưởng ban (mã mới: KIEMPHIEU_NEW_PIN hoặc được hỏi; mã cũ: KIEMPHIEU_PIN)",
    )
    p.add_argument("file")
    p.add_argument("--new-pin", help=argparse.SUPPRESS)  # refused, as --pin

    add("profiles", cmd_profiles, "liệt kê các hồ sơ quy tắc kiểm phiếu")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="replace")
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "handler", None) is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.handler(args))
    except KiemPhieuError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader of our output went away (e.g. `| head`); the work itself was done.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("Đã dừng theo yêu cầu.", file=sys.stderr)
        return 130
    except Exception as exc:
        where = log_unexpected(exc)
        detail = f" Chi tiết đã ghi vào {where}." if where else ""
        print(f"Lỗi không mong đợi: {type(exc).__name__}: {exc}.{detail}", file=sys.stderr)
        return 1
