"""Trust in the file: `verify`, `anchor`, `backup`, `archive`, `set-pin`."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.common import Add, emit, file_argument, open_file, open_to_read, operator, pin, secret
from app.errors import KiemPhieuError


def register(add: Add) -> None:
    """Declare this group's commands."""
    p = add("verify", cmd_verify, "kiểm tra tính toàn vẹn: nhật ký, các phiếu, kết quả so với biên bản")
    file_argument(p)
    p.add_argument("--code", help="mã QR (hoặc mã kiểm tra) in trên một bản biên bản giấy, để đối chiếu")
    p.add_argument("--anchor", metavar="MÃ", help="mã neo đã ghi ra ngoài tệp: nhật ký của tệp có nối tiếp nó không")
    p.add_argument(
        "--witness", metavar="TỆP", help="tệp mã neo (.neo.txt): nhật ký của tệp có nối tiếp mọi mã neo trong đó không"
    )

    p = add("anchor", cmd_anchor, "in mã neo hiện tại của nhật ký (ghi ra giấy hoặc thiết bị khác)")
    file_argument(p)
    p.add_argument("--witness", metavar="TỆP", help="ghi thêm mã neo vào tệp mã neo này (ví dụ trên USB)")

    p = add("backup", cmd_backup, "sao lưu tệp hội nghị (an toàn cả khi đang dùng)")
    file_argument(p)
    p.add_argument("dest", help="thư mục hoặc tên tệp sao lưu")

    p = add("archive", cmd_archive, "lập tệp lưu trữ niêm phong (.zip): tệp hội nghị, biên bản, mã SHA-256")
    file_argument(p)
    p.add_argument("out", help="tệp .zip")

    p = add(
        "set-pin",
        cmd_set_pin,
        "đặt hoặc đổi mã PIN của Trưởng ban (mã mới: KIEMPHIEU_NEW_PIN hoặc được hỏi; mã cũ: KIEMPHIEU_PIN)",
    )
    file_argument(p)
    p.add_argument("--new-pin", help=argparse.SUPPRESS)  # refused, as --pin


def cmd_verify(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from app.services import integrity, witness
    from app.services.scanning import kept

    with open_to_read(args.file) as meeting_file, meeting_file.reading() as session:
        if args.code:
            match = integrity.match_minutes_code(session, args.code)
            emit(args, {"matches": match}, f"Mã khớp {match}.")
            return 0
        if args.anchor:
            line = integrity.check_anchor(session, args.anchor)
            emit(args, {"anchor": args.anchor, "extends": True, "message": line}, line)
            return 0
        if args.witness:
            line = witness.check(session, Path(args.witness))
            emit(args, {"witness": args.witness, "extends": True, "message": line}, line)
            return 0
        findings = integrity.verify(session, scans=kept.scans_folder(meeting_file))
        notes = integrity.notes(session)
        anchor = integrity.anchor_code(session) if not findings else None
    data = {
        "ok": not findings,
        "findings": [asdict(f) for f in findings],
        "notes": [asdict(n) for n in notes],
        "anchor": anchor,
    }
    if findings:
        text = f"Phát hiện {len(findings)} chỗ không khớp:\n" + "\n".join(
            f"  – {f.where}: {f.problem}" for f in findings
        )
    else:
        text = (
            "Tệp toàn vẹn: nhật ký liền mạch, mọi bảng khớp nhật ký, các phiếu khớp nhật ký, kết quả khớp các biên "
            f"bản đã lập.\nMã neo hiện tại (ghi ra ngoài tệp): {anchor}"
        )
    if notes:
        text += "\nGhi chú:\n" + "\n".join(f"  – {n.where}: {n.problem}" for n in notes)
    emit(args, data, text)
    return 0 if not findings else 1


def cmd_anchor(args: argparse.Namespace) -> int:
    from app.services import integrity, witness

    with open_to_read(args.file) as meeting_file, meeting_file.reading() as session:
        code = integrity.anchor_code(session)
        if args.witness:
            witness.record(session, Path(args.witness), witness.Event.BY_HAND)
    emit(args, {"anchor": code, "witness": args.witness}, code)
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from app.services import integrity

    with open_file(args.file) as meeting_file:
        path = integrity.backup(meeting_file, Path(args.dest))
    emit(args, {"backup": str(path)}, f"Đã sao lưu: {path}")
    return 0


def cmd_archive(args: argparse.Namespace) -> int:
    from app.services import integrity

    with open_file(args.file) as meeting_file:
        report = integrity.archive(meeting_file, Path(args.out), actor=operator(args))
    data = {"archive": str(report.path), "files": list(report.files), "manifest_sha256": report.manifest_sha256}
    emit(
        args,
        data,
        f"Đã lập tệp lưu trữ {report.path}: {', '.join(report.files)}\nSHA-256 của MANIFEST: {report.manifest_sha256}",
    )
    return 0


def cmd_set_pin(args: argparse.Namespace) -> int:
    from app.services import roles

    with open_file(args.file) as meeting_file, meeting_file.transaction() as session:
        new_pin = secret(args, "new_pin", "KIEMPHIEU_NEW_PIN", "Mã PIN mới của Trưởng ban: ")
        if not new_pin:
            raise KiemPhieuError(
                "Chưa có mã PIN mới: đặt biến môi trường KIEMPHIEU_NEW_PIN, hoặc chạy lệnh để được hỏi."
            )
        first = not roles.pin_required(session)
        roles.set_head_pin(session, new_pin=new_pin, current_pin=pin(args) if not first else None, actor=operator(args))
    emit(
        args,
        {"pin_set": True, "first": first},
        "Đã đặt mã PIN của Trưởng ban kiểm phiếu" + (" lần đầu." if first else " mới."),
    )
    return 0
