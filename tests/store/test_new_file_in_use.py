"""A new meeting file is a complete meeting file at once (#17, item 6): while the window that created it
keeps it open, `kiemphieu info` (a second connection, another program) recognises and reads it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from app.cli import main
from app.services import meetings
from app.services.spec import MeetingSpec
from app.store.db import APPLICATION_ID, check_header, create_meeting_file


def test_the_header_is_in_the_file_while_it_is_still_open(tmp_path: Path) -> None:
    path = tmp_path / "moi.kiemphieu"
    meeting_file = create_meeting_file(path)
    try:
        assert Path(f"{path}-wal").exists()  # still open, in WAL mode
        header = path.read_bytes()[:100]
        assert int.from_bytes(header[68:72], "big") == APPLICATION_ID
        check_header(path)
    finally:
        meeting_file.close()


def test_the_command_line_reads_a_new_meeting_the_window_keeps_open(tmp_path: Path, capsys) -> None:
    path = tmp_path / "hoi-nghi.kiemphieu"
    spec = MeetingSpec(
        title="Hội nghị cán bộ chủ chốt",
        organization="ĐẢNG BỘ XÃ AN BÌNH",
        superior=None,
        place="Hội trường xã",
        date=dt.date(2026, 12, 6),
        convened=30,
        present=28,
    )
    meeting_file = meetings.create_meeting(path, spec, actor="Thư ký")  # as the window does; kept open
    try:
        rc = main(["info", str(path)])
        out, err = capsys.readouterr()
        assert rc == 0, err
        assert "Hội nghị cán bộ chủ chốt" in out
        assert "không phải tệp hội nghị" not in err
    finally:
        meeting_file.close()
