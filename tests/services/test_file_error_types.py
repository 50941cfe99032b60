"""A file the user names and the program cannot use is refused with the error of its kind, not EntryError (which is
for a ballot entry): ImportFileError for a file read in, OutputFileError for a file written out."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.errors import EntryError, ImportFileError, OutputFileError
from app.services import ballots, integrity, minutes, passes
from app.store.db import MeetingFile


def test_files_read_in(example_meeting: MeetingFile, tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="không tìm thấy tệp phiếu"):
        ballots.enter_file(example_meeting, code="bch", path=tmp_path / "khong-co.jsonl", operator="x")
    with pytest.raises(ImportFileError, match="không tìm thấy tệp lượt nhập"):
        passes.import_pass(example_meeting, path=tmp_path / "khong-co.json", actor="x")
    garbage = tmp_path / "luot.json"
    garbage.write_text("{không phải JSON", encoding="utf-8")
    with pytest.raises(ImportFileError, match="không phải tệp lượt nhập"):
        passes.import_pass(example_meeting, path=garbage, actor="x")
    garbage.write_text('{"format": "khác"}', encoding="utf-8")
    with pytest.raises(ImportFileError, match="không phải tệp lượt nhập"):
        passes.import_pass(example_meeting, path=garbage, actor="x")


def test_files_written_out(example_meeting: MeetingFile, tmp_path: Path) -> None:
    taken = tmp_path / "da-co.kiemphieu"
    taken.write_bytes(b"")
    with pytest.raises(OutputFileError, match="đã có tệp này"):
        integrity.backup(example_meeting, taken)
    with pytest.raises(OutputFileError, match="không tồn tại"):
        integrity.backup(example_meeting, tmp_path / "khong-co" / "sao-luu.kiemphieu")
    with pytest.raises(OutputFileError, match="đã có tệp này"):
        integrity.archive(example_meeting, taken, actor="x")
    with pytest.raises(OutputFileError, match="không tồn tại"):
        minutes.make_minutes(example_meeting, code="bch", actor="x", pdf=tmp_path / "khong-co" / "bb.pdf", draft=True)


def test_a_file_error_is_not_an_entry_error() -> None:
    assert not issubclass(ImportFileError, EntryError)
    assert not issubclass(OutputFileError, EntryError)
