"""Where a ballot came from: one typed value, and the one place it is put into words (#17).

The meeting file stores the value's string ("keyed", "import", "scan"; files made before keep reading). The
entry log PDF, the minutes' annex, the results workbook and the CLI take the Vietnamese words here; the GUI shows
the same words through Qt's tr (context "ballot_source"; tools/i18n.py lists them), so the English UI translates
them.

What each says, no more than the file records:

* keyed — a person typed the marks from the paper ballot on the entry screen (or into a file of ballots taken in by
  `kiemphieu enter`). The sheet's code was read on the screen by a hand-held QR scanner or typed from the check
  code: the file does not record which (both put the same serial in the same field), so the words do not claim
  either; the marks were keyed by hand all the same.
* import — a pass exported (signed) by another station and taken in here: the ballots were entered over there.
* scan — the program read the marks from a scanned image of the ballot (scanning screen, `kiemphieu scan`),
  possibly confirmed by a person who reviewed the page.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from app.text import translatable


class BallotSource(StrEnum):
    """How a ballot's marks reached the file (stored in `BallotRecord.source`)."""

    KEYED = "keyed"
    IMPORT = "import"
    SCAN = "scan"


#: The words of each source, as tables show them (the "Nguồn" / "Cách nhập" columns).
SOURCE_WORDS: Mapping[BallotSource, str] = {
    BallotSource.KEYED: translatable("ballot_source", "nhập tay"),
    BallotSource.IMPORT: translatable("ballot_source", "nhận từ máy khác"),
    BallotSource.SCAN: translatable("ballot_source", "đọc từ ảnh quét"),
}

#: What the words mean, printed once under the table of the minutes' entry-log annex.
SOURCE_LEGEND = (
    "Nhập tay: người nhập gõ các dấu theo phiếu giấy ở màn hình Nhập phiếu (mã phiếu đọc bằng máy quét mã QR "
    "hoặc gõ mã kiểm tra) hoặc trong tệp phiếu nhận bằng lệnh kiemphieu enter. Nhận từ máy khác: lượt nhập do máy "
    "khác xuất ra, nhận qua tệp có chữ ký. "
    "Đọc từ ảnh quét: chương trình đọc các dấu từ ảnh quét của phiếu."
)


def source_of(stored: str) -> BallotSource | None:
    """The typed source of a stored string; None for a string this version does not know."""
    try:
        return BallotSource(stored)
    except ValueError:
        return None


def source_words(stored: str) -> str:
    """A stored source in Vietnamese words; a string this version does not know is shown as stored."""
    source = source_of(stored)
    return SOURCE_WORDS[source] if source is not None else stored
