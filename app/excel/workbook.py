"""The results workbook: a summary mirroring the minutes, one row per ballot, and the audit log.

Written in openpyxl's write-only mode so 10,000 ballots stay well under ten seconds.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from app import dates
from app.errors import RulesError
from app.minutes_data import LEVEL_SHORT, OUTCOME_LABELS, MinutesData, quorum_words
from app.printing.ballot_code import shown_serial
from app.profiles import get_profile
from app.rules.applied import applied_rules
from app.rules.model import KIND_LABELS, Layout, PollKind
from app.rules.points import format_points
from app.rules.profile import BASE_LABELS
from app.rules.reasons import physical
from app.rules.words import vietnamese
from app.sources import source_words

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from app.store.orm import AuditEntry

FONT = "Times New Roman"
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def _places_format(text: str | None) -> str:
    """The number format that shows as many decimals as the minutes print ("0.00", or more near a boundary)."""
    places = len(text.partition(",")[2]) if text else 2
    return "0." + "0" * max(2, places)


def _cell(
    ws: Worksheet,
    value: Any,
    *,
    bold: bool = False,
    fmt: str | None = None,
    box: bool = False,
    wrap: bool = False,
    center: bool = False,
) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=value)
    cell.font = Font(name=FONT, size=12, bold=bold)
    if fmt:
        cell.number_format = fmt
    if box:
        cell.border = BOX
    if wrap or center:
        cell.alignment = Alignment(wrap_text=wrap, horizontal="center" if center else None, vertical="center")
    return cell


def _setup(
    ws: Worksheet, widths: Sequence[float], *, landscape: bool, title_rows: str | None, freeze: str | None
) -> None:
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.page_setup.paperSize = 9  # A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if title_rows:
        ws.print_title_rows = title_rows
    if freeze:
        ws.freeze_panes = freeze


def _ratio(count: int, base: int) -> float:
    return float(Fraction(count, base)) if base > 0 else 0.0


def _summary(wb: Workbook, data: MinutesData) -> None:
    ws = wb.create_sheet("Tổng hợp")
    t = data.result.tally
    m = data.meeting
    columns = list(t.columns)
    kind = t.kind
    if kind is PollKind.ELECTION or kind is PollKind.NOMINATION:
        headers = (
            ["STT", "Họ và tên", "Số phiếu", "Tỷ lệ"]
            + [h for c in (columns if kind is PollKind.ELECTION else []) for h in (c, f"{c} (%)")]
            + ["Kết quả"]
        )
    elif kind is PollKind.SCORING:
        headers = ["STT", "Họ và tên", "Số phiếu chấm", "Điểm", "Mức xếp loại", "Kết quả"]
    else:
        headers = ["STT", "Họ và tên" if kind is not PollKind.MOTION else "Nội dung"]
        headers += [h for c in columns for h in (c, f"{c} (%)")]
        headers += ["Mức xếp loại"] if kind is PollKind.EVALUATION else []
        headers += ["Kết quả"]
    _setup(ws, [7, 34] + [14] * (len(headers) - 2), landscape=len(headers) > 6, title_rows=None, freeze=None)
    status = "BẢN NHÁP" if data.draft else f"Bản số {data.revision}"
    lines = [
        (m.organization.upper(), True),
        ("BIÊN BẢN KIỂM PHIẾU – " + data.result.title, True),
        (m.title, False),
        (
            f"{status}; lập lúc {dates.moment(data.completed_at, on_day=True)}; mã kiểm tra {data.digest}"
            + (f"; mã neo nhật ký {data.anchor}" if data.anchor else ""),
            False,
        ),
        ("", False),
    ]
    for text, bold in lines:
        ws.append([_cell(ws, text, bold=bold)])
    facts = [
        (f"Tổng số {m.electorate} được triệu tập", m.convened),
        (f"Số {m.electorate} có mặt", m.present),
        *((("Số có mặt so với mức tối thiểu", quorum),) if (quorum := quorum_words(data)) is not None else ()),
        *((f"Không tính: {reason}", count) for reason, count in m.exclusions),
        ("Tổng số làm căn cứ tính kết quả", m.election_base),
        ("Số phiếu phát ra", t.totals.issued),
        *(
            (
                ("Số phiếu đã in", data.sheets.printed),
                ("Số phiếu in thừa, không phát", data.sheets.unused),
                ("Số phiếu hủy khi đổi phiếu", data.sheets.spoiled),
                ("Số phiếu không có mã QR được nhận", len(data.sheets.without_code)),
            )
            if data.sheets is not None
            else ()
        ),
        ("Số phiếu thu về", t.totals.collected if t.totals.collected_recorded else COLLECTED_UNRECORDED),
        ("Số phiếu hợp lệ", t.totals.valid),
        ("Số phiếu không hợp lệ", t.totals.invalid),
        *((f"  – {vietnamese(reason)}", count) for reason, count in t.totals.invalid_reasons),
        (f"Mẫu số tính tỷ lệ ({BASE_LABELS[t.profile.binding_base if t.binding else t.profile.percent_base]})", t.base),
        *((f"Quy tắc áp dụng {i}", line) for i, line in enumerate(applied_rules(t), start=1)),
    ]
    for label, value in facts:
        ws.append([None, _cell(ws, label), _cell(ws, value)])
    ws.append([])
    ws.append([_cell(ws, h, bold=True, box=True, wrap=True, center=True) for h in headers])
    for item in t.items:
        row: list[Any] = [_cell(ws, item.position, box=True, center=True), _cell(ws, item.name, box=True)]
        if kind is PollKind.SCORING:
            mean = float(item.mean) if item.mean is not None else None
            row += [
                _cell(ws, item.scored, box=True),
                _cell(ws, mean, fmt=_places_format(item.mean_text), box=True),
                _cell(ws, LEVEL_SHORT.get(item.level or 0, ""), box=True, center=True),
            ]
        else:
            if item.votes is not None and kind in (PollKind.ELECTION, PollKind.NOMINATION):
                row += [
                    _cell(ws, item.votes, box=True),
                    _cell(ws, _ratio(item.votes, t.base), fmt="0.00%", box=True),
                ]
            for count in item.counts or ():
                row += [_cell(ws, count, box=True), _cell(ws, _ratio(count, t.base), fmt="0.00%", box=True)]
            if kind is PollKind.EVALUATION:
                row.append(_cell(ws, LEVEL_SHORT.get(item.level or 0, "Chưa xác định"), box=True, center=True))
        outcome = OUTCOME_LABELS.get(item.outcome, item.outcome)
        if item.eligible is False:
            outcome = "Ngoài danh sách"
        row.append(_cell(ws, outcome, box=True))
        ws.append(row)
    if kind is PollKind.ELECTION:
        ws.append([])
        ws.append([None, _cell(ws, "Trúng cử (theo số phiếu từ cao xuống thấp)", bold=True)])
        for i, name in enumerate(t.elected, start=1):
            ws.append([_cell(ws, i), _cell(ws, name)])
    for note in t.notes:
        ws.append([None, _cell(ws, vietnamese(note))])


def _marks(layout: Layout, ballot: Any, n: int) -> list[Any]:
    if not ballot.marks_entered:
        return [None] * n
    if layout is Layout.STRIKE:
        return [0 if row in ballot.struck else 1 for row in range(1, n + 1)]
    if layout in (Layout.GRID, Layout.SINGLE):
        out: list[Any] = []
        for marks in ballot.choices:
            out.append(next(iter(marks)) if len(marks) == 1 else ("+".join(map(str, sorted(marks))) or None))
        return out
    if layout is Layout.SCORES:
        return [None if v is None else v / 2 for row in ballot.scores for v in row]
    names = list(ballot.names)
    return names + [None] * (n - len(names))


def _ballots(wb: Workbook, data: MinutesData, rows: Iterable[dict[str, Any]]) -> None:
    ws = wb.create_sheet("Từng phiếu")
    t = data.result.tally
    layout = t.layout
    names = [item.name for item in t.items]
    if layout is Layout.SCORES:
        item_headers = [f"{name} – {c}" for name in names for c in t.columns]
    elif layout is Layout.NAMES:
        item_headers = [f"Tên {i}" for i in range(1, data.result.seats + 1)]
    else:
        item_headers = names
    fixed = [
        "STT",
        "Số phiếu",
        "Nguồn",
        "Người nhập",
        "Máy",
        "Thời gian",
        "Hợp lệ",
        "Lý do không hợp lệ",
        "Kết luận lại",
    ]
    _setup(
        ws,
        [7, 18, 10, 14, 14, 18, 8, 30, 24] + [14] * len(item_headers),
        landscape=True,
        title_rows="1:1",
        freeze="C2",
    )
    ws.append([_cell(ws, h, bold=True, wrap=True, center=True) for h in fixed + item_headers])
    width = len(item_headers)
    for number, row in enumerate(rows, start=1):
        ws.append(
            [
                number,
                shown_serial(row["key"]),  # as printed on the sheet, "NC5FA-JNHBM"
                source_words(row["source"]),
                row["operator"],
                row["station"],
                _cell(ws, row["entered_at"], fmt="dd/mm/yyyy hh:mm:ss"),
                "có" if row["valid"] else "không",
                row["reason"],
                row["override"],
                *_marks(layout, row["ballot"], width),
            ]
        )


#: The audit log's actions in words (the workbook is read by people; `kiemphieu verify` checks the codes).
ACTION_WORDS = {
    "ballot.entered": "Nhập phiếu",
    "ballot.corrected": "Sửa phiếu đã nhập",
    "ballot.override": "Ban kiểm phiếu kết luận lại phiếu",
    "ballot.undone": "Hoàn tác phiếu vừa nhập",
    "ballots.printed": "In phiếu",
    "ballots.test_deck_printed": "In bộ phiếu thử",
    "committee.set": "Ghi danh sách Ban kiểm phiếu",
    "meeting.created": "Tạo hội nghị",
    "meeting.exclusions_set": "Ghi các trường hợp không tính vào tổng số",
    "meeting.updated": "Sửa thông tin hội nghị",
    "minutes.draft_printed": "Lập biên bản nháp",
    "minutes.printed": "Lập biên bản",
    "pass.imported": "Nhận lượt nhập từ máy khác",
    "poll.closed": "Kết thúc kiểm phiếu (biên bản chính thức)",
    "poll.counts_set": "Ghi số phiếu phát ra, thu về",
    "poll.created": "Thêm nội dung bỏ phiếu",
    "poll.criteria_set": "Ghi tiêu chí chấm điểm",
    "poll.deleted": "Xóa nội dung bỏ phiếu",
    "poll.items_replaced": "Ghi danh sách",
    "poll.quorum_confirmed": "Trưởng ban xác nhận kiểm phiếu khi số có mặt dưới mức tối thiểu",
    "poll.reopened": "Mở lại để sửa",
    "poll.sorted_abc": "Xếp danh sách theo vần A, B, C",
    "poll.updated": "Sửa thiết lập nội dung bỏ phiếu",
    "roles.pin_set": "Đặt mã PIN Trưởng ban",
    "scan.dismissed": "Bỏ trang quét",
    "scan.page": "Đọc trang quét",
    "scan.reviewed": "Xác nhận trang quét",
    "scan.superseded": "Trang quét được thay bằng lần quét sau",
    "sheet.spoiled": "Hủy phiếu hỏng (đổi phiếu)",
    "sheet.unused": "Phiếu in thừa, không phát ra",
}

#: The ballots collected while the committee has not recorded them (a draft): no number stands in for the count.
COLLECTED_UNRECORDED = "chưa ghi (Ban kiểm phiếu chưa ghi số phiếu đếm được)"

#: The names of the details recorded with an action.
DETAIL_WORDS = {
    "after": "sau",
    "automatic": "tự động",
    "ballots": "số phiếu",
    "before": "trước",
    "changed": "thay đổi",
    "collected": "thu về",
    "committee": "Ban kiểm phiếu",
    "convened": "được triệu tập",
    "criteria": "tiêu chí",
    "date": "ngày",
    "digest": "mã kiểm tra kết quả",
    "entered_at": "nhập lúc",
    "exclusions": "không tính",
    "file": "tệp",
    "fingerprint": "dấu hội nghị",
    "head_pin": "có mã PIN Trưởng ban",
    "issued": "phát ra",
    "items": "danh sách",
    "kind": "loại",
    "marks": "dấu",
    "members": "thành viên",
    "new": "mới",
    "old": "cũ",
    "operator": "người nhập",
    "organization": "tổ chức",
    "paper": "khổ giấy",
    "pass": "lượt nhập",
    "pdf": "PDF",
    "physical_invalid": "không hợp lệ về hình thức",
    "place": "địa điểm",
    "present": "có mặt",
    "profile": "hồ sơ quy tắc",
    "reason": "lý do",
    "revision": "bản số",
    "round": "lần bầu",
    "rows": "dòng",
    "seats": "số cần bầu",
    "serials_sha256": "mã băm các số phiếu",
    "sheets": "tờ phiếu",
    "source": "nguồn",
    "station": "máy",
    "title": "tên",
    "two_up": "hai phiếu một tờ",
    "valid": "hợp lệ",
    "xlsx": "Excel",
}


def _detail_text(value: Any) -> str:
    """A recorded detail in words: yes/no, lists and nested records spelled out, no JSON."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, dict):
        return "; ".join(f"{DETAIL_WORDS.get(k, k)}: {_value_text(k, v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        parts = [_detail_text(v) for v in value]
        return "[" + ", ".join(parts) + "]" if any(isinstance(v, dict | list) for v in value) else ", ".join(parts)
    return str(value)


def _marks_text(marks: list[Any]) -> str | None:
    """A ballot's marks as the audit log stores them ([row, col, value, text] each) in words; None when they are
    not in that shape. Walk 17h: 'dấu: [6, 0, —, —, 7, 0, —, —]' for names 6 and 7 struck out."""
    if not all(isinstance(m, list | tuple) and len(m) == 4 for m in marks):
        return None
    if not marks:
        return "không có dấu nào"
    words = []
    for row, col, value, text in marks:
        if text is not None:
            words.append(f"tên {row} = {text}")
        elif value is not None:
            words.append(f"dòng {row} tiêu chí {col} = {format_points(int(value))} điểm")
        elif col:
            words.append(f"dòng {row} ô {col}")
        else:
            words.append(f"gạch dòng {row}")
    return ", ".join(words)


def _value_text(key: str, value: Any) -> str:
    """A recorded detail's value in words: the codes the program stores (a ballot's source, a poll's kind,
    a rule profile, a physical fault, a ballot's marks) as a person reads them."""
    if key == "marks" and isinstance(value, list):
        marks = _marks_text(value)
        if marks is not None:
            return marks
    if key in {"issued", "collected"} and isinstance(value, list) and len(value) == 2:
        old, new = (_detail_text(v) for v in value)  # the counts before and after (walk 17h: '—, 26')
        return f"{old} (không đổi)" if old == new else f"{old} → {new}"
    if not isinstance(value, str) or not value:
        return _detail_text(value)
    if key == "source":
        return source_words(value)
    if key == "kind" and value in {str(kind) for kind in PollKind}:
        return KIND_LABELS[PollKind(value)]
    if key == "profile":
        try:
            return get_profile(value).name
        except RulesError:
            return value  # a profile of another version of the program: its code, as recorded
    if key == "physical_invalid":
        return vietnamese(physical(value))
    return value


def _subject(action: str, subject: str | None) -> str | None:
    """What an action was done on: a ballot by its serial as printed ("NC5FA-JNHBM"), anything else as is."""
    return shown_serial(subject) if subject and action.startswith("ballot.") else subject


def _audit(wb: Workbook, entries: Iterable[AuditEntry]) -> None:
    ws = wb.create_sheet("Nhật ký")
    _setup(ws, [7, 20, 16, 24, 18, 60, 20], landscape=True, title_rows="1:1", freeze="A2")
    ws.append(
        [_cell(ws, h, bold=True) for h in ("STT", "Thời gian", "Người", "Thao tác", "Đối tượng", "Chi tiết", "Mã băm")]
    )
    for entry in entries:
        ws.append(
            [
                entry.id,
                _cell(ws, entry.at, fmt="dd/mm/yyyy hh:mm:ss"),
                entry.actor,
                ACTION_WORDS.get(entry.action, entry.action),
                _subject(entry.action, entry.subject),
                _detail_text(entry.details)[:32000],
                entry.hash[:16],
            ]
        )


def write_workbook(
    path: Path, data: MinutesData, ballots: Iterable[dict[str, Any]], audit: Iterable[AuditEntry]
) -> None:
    """Write the results workbook of one poll to `path`."""
    wb = Workbook(write_only=True)
    _summary(wb, data)
    _ballots(wb, data, ballots)
    _audit(wb, audit)
    wb.save(str(path))
