"""Ballot geometry: every text, line, box and marking region of every page, computed once.

Pure: from plain data to frozen page layouts. The same layout is drawn into the PDF and exported
as the template the scanner reads (coordinates in PDF points; `template()` turns them to a
top-left origin for image work).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.printing.fonts import SERIF, SERIF_BOLD, SERIF_ITALIC, register_fonts, text_width, wrap
from app.rules.model import Layout, PollDef, PollKind
from app.text import name_key, nfc

MM = 72 / 25.4
PAPERS: dict[str, tuple[float, float]] = {"A4": (210 * MM, 297 * MM), "A5": (148 * MM, 210 * MM)}

KIND_TITLES: dict[PollKind, str] = {
    PollKind.ELECTION: "PHIẾU BẦU CỬ",
    PollKind.CONFIDENCE: "PHIẾU TÍN NHIỆM",
    PollKind.EVALUATION: "PHIẾU ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG",
    PollKind.SCORING: "PHIẾU CHẤM ĐIỂM",
    PollKind.MOTION: "PHIẾU BIỂU QUYẾT",
    PollKind.NOMINATION: "PHIẾU GIỚI THIỆU NHÂN SỰ",
}


def instruction(poll: PollDef) -> str:
    """The one-line instruction printed under the title."""
    layout = poll.layout
    if layout is Layout.STRIKE:
        return (
            "Đồng ý người nào thì giữ nguyên họ tên; không đồng ý người nào thì gạch ngang cả họ và tên "
            f"người đó. Bầu không quá {poll.seats} người."
        )
    if layout is Layout.SINGLE:
        return "Đánh dấu X vào một trong hai ô «Đồng ý» hoặc «Không đồng ý»."
    if poll.kind is PollKind.ELECTION:
        return "Đánh dấu X vào một ô «Đồng ý» hoặc «Không đồng ý» ở dòng của từng người."
    if poll.kind is PollKind.CONFIDENCE:
        levels = "hai" if poll.binding else "ba"
        return f"Đánh dấu X vào một trong {levels} ô ứng với mức tín nhiệm đối với từng người."
    if poll.kind is PollKind.EVALUATION:
        return "Đánh dấu X vào một ô ứng với mức xếp loại đối với từng người."
    if poll.kind is PollKind.SCORING:
        return "Ghi số điểm vào ô «Điểm chấm» của từng tiêu chí, không vượt quá điểm tối đa (có thể chấm 0,5 điểm)."
    if poll.kind is PollKind.MOTION:
        return "Đánh dấu X vào một ô đối với từng nội dung."
    return f"Ghi họ và tên người được giới thiệu, không quá {poll.seats} người."


@dataclass(frozen=True)
class Rect:
    """A rectangle in PDF points, origin at the sheet's bottom-left corner."""

    x: float
    y: float
    w: float
    h: float

    def as_list(self, page_height: float) -> list[float]:
        """[x, y, w, h] rounded to 0.01 pt with a top-left origin (for image coordinates)."""
        return [round(self.x, 2), round(page_height - self.y - self.h, 2), round(self.w, 2), round(self.h, 2)]


@dataclass(frozen=True)
class Text:
    """A run of text; `align` is left, center or right about `x`."""

    text: str
    font: str
    size: float
    x: float
    y: float
    align: str = "left"


@dataclass(frozen=True)
class Segment:
    """A straight line."""

    x1: float
    y1: float
    x2: float
    y2: float
    width: float = 0.6


@dataclass(frozen=True)
class Region:
    """A place the scanner reads: a name row, a mark box, a score box or a write-in line."""

    kind: str  # name | box | score | line
    row: int  # 1-based item (or write-in line) number
    col: int  # 1-based column / criterion; 0 for a name or a line
    rect: Rect


@dataclass(frozen=True)
class PageLayout:
    """The fixed content and regions of one page of a ballot."""

    page: int
    pages: int
    width: float
    height: float
    texts: tuple[Text, ...]
    segments: tuple[Segment, ...]
    outlines: tuple[Rect, ...]  # mark boxes and score boxes, drawn as outlines
    solids: tuple[Rect, ...]  # registration marks
    regions: tuple[Region, ...]
    qr: Rect
    check_at: tuple[float, float]
    stamp: Rect


@dataclass(frozen=True)
class BallotHeader:
    """The words at the top of every page."""

    organization: str
    superior: str | None
    wording: str  # party | state | generic
    poll_title: str
    meeting_title: str
    round_no: int


@dataclass
class _Row:
    height: float
    draw: Any  # callable(page, top_y) -> None
    keep_with_next: bool = False
    page_break_after: bool = False


@dataclass
class _Page:
    texts: list[Text] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    outlines: list[Rect] = field(default_factory=list)
    regions: list[Region] = field(default_factory=list)


class _Geometry:
    def __init__(self, paper: str) -> None:
        self.width, self.height = PAPERS[paper]
        small = paper == "A5"
        self.scale = 0.82 if small else 1.0
        self.margin = (13 if small else 18) * MM
        self.left = self.margin
        self.right = self.width - self.margin
        self.content = self.right - self.left
        self.top = self.height - (11 if small else 14) * MM
        self.qr_size = (22 if small else 24) * MM
        self.qr = Rect(self.right - self.qr_size, 14 * MM, self.qr_size, self.qr_size)
        # The check code is printed just above the QR, well away from the registration marks.
        self.check_at = (self.qr.x + self.qr.w / 2, self.qr.y + self.qr.h + 2 * MM)
        self.bottom = self.qr.y + self.qr.h + 7.5 * MM
        mark = 5 * MM
        inset = 6 * MM
        self.solids = (
            Rect(inset, self.height - inset - mark, mark, mark),
            Rect(self.width - inset - mark, self.height - inset - mark, mark, mark),
            Rect(inset, inset, mark, mark),
            Rect(self.width - inset - mark, inset, mark, mark),
        )

    def pt(self, size: float) -> float:
        return size * self.scale


def _fit(text: str, font: str, size: float, width: float, minimum: float = 7.0) -> float:
    while size > minimum and text_width(text, font, size) > width:
        size -= 0.25
    return size


def _header(
    geo: _Geometry, page: _Page, header: BallotHeader, title: str, lines: list[tuple[str, str, float]]
) -> float:
    """Draw the header; return the y below it."""
    top = geo.top
    left_w = geo.content * 0.46
    left_c = geo.left + left_w / 2
    right_w = geo.content * 0.5
    right_c = geo.right - right_w / 2
    y = top - geo.pt(12)
    org_lines = ([nfc(header.superior.upper())] if header.superior else []) + [nfc(header.organization.upper())]
    for i, text in enumerate(org_lines):
        font = SERIF_BOLD if i == len(org_lines) - 1 else SERIF
        size = _fit(text, font, geo.pt(12), left_w)
        page.texts.append(Text(text, font, size, left_c, y, "center"))
        y -= size * 1.25
    page.texts.append(Text("*", SERIF, geo.pt(11), left_c, y - geo.pt(2), "center"))
    if header.wording == "party":
        motto = [("ĐẢNG CỘNG SẢN VIỆT NAM", SERIF_BOLD, True)]
    else:
        motto = [
            ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", SERIF_BOLD, False),
            ("Độc lập - Tự do - Hạnh phúc", SERIF_BOLD, True),
        ]
    y2 = top - geo.pt(12)
    for text, font, underline in motto:
        size = _fit(text, font, geo.pt(13 if header.wording == "party" else 12), right_w)
        page.texts.append(Text(text, font, size, right_c, y2, "center"))
        if underline:
            half = text_width(text, font, size) / 2
            page.segments.append(Segment(right_c - half, y2 - 3, right_c + half, y2 - 3, 0.7))
        y2 -= size * 1.3
    y = min(y, y2) - geo.pt(30)
    size = _fit(title, SERIF_BOLD, geo.pt(17), geo.content)
    page.texts.append(Text(title, SERIF_BOLD, size, geo.left + geo.content / 2, y, "center"))
    y -= size * 1.15
    for text, font, base in lines:
        size = geo.pt(base)
        for part in wrap(text, font, size, geo.content * 0.92):
            y -= size * 1.25
            page.texts.append(Text(part, font, size, geo.left + geo.content / 2, y, "center"))
    return y - geo.pt(10)


class _Table:
    """A bordered table drawn row by row, with its header repeated on every page."""

    def __init__(self, geo: _Geometry, x: float, widths: list[float], headers: list[str]) -> None:
        self.geo = geo
        self.x = x
        self.widths = widths
        self.headers = headers
        size = geo.pt(10.5)
        self.header_size = size
        self.header_lines = [wrap(h, SERIF_BOLD, size, w - 4) for h, w in zip(headers, widths, strict=True)]
        self.header_height = max(len(lines) for lines in self.header_lines) * size * 1.2 + geo.pt(8)

    @property
    def total(self) -> float:
        return sum(self.widths)

    def edges(self) -> list[float]:
        xs = [self.x]
        for w in self.widths:
            xs.append(xs[-1] + w)
        return xs

    def draw_header(self, page: _Page, top: float) -> float:
        bottom = top - self.header_height
        self.frame(page, top, bottom)
        for (x0, w), lines in zip(zip(self.edges(), self.widths, strict=False), self.header_lines, strict=True):
            block = len(lines) * self.header_size * 1.2
            y = top - (self.header_height - block) / 2 - self.header_size
            for line in lines:
                page.texts.append(Text(line, SERIF_BOLD, self.header_size, x0 + w / 2, y, "center"))
                y -= self.header_size * 1.2
        return bottom

    def frame(self, page: _Page, top: float, bottom: float, spans: bool = False) -> None:
        xs = self.edges()
        page.segments.append(Segment(xs[0], top, xs[-1], top))
        page.segments.append(Segment(xs[0], bottom, xs[-1], bottom))
        for x in [xs[0], xs[-1]] if spans else xs:
            page.segments.append(Segment(x, top, x, bottom))


def _cell_lines(
    page: _Page, x: float, top: float, height: float, lines: list[tuple[str, str, float]], align: str = "left"
) -> None:
    block = sum(size * 1.25 for _, _, size in lines)
    y = top - (height - block) / 2
    for text, font, size in lines:
        y -= size * 1.25
        page.texts.append(Text(text, font, size, x, y + size * 0.25, align))


def build_layout(poll: PollDef, header: BallotHeader, paper: str = "A4") -> tuple[PageLayout, ...]:
    """Lay out every page of one ballot of `poll`."""
    register_fonts()
    geo = _Geometry(paper)
    kind_title = KIND_TITLES[poll.kind]
    sub = [(nfc(header.poll_title), SERIF_BOLD, 13.5), (nfc(header.meeting_title), SERIF_ITALIC, 11.5)]
    if poll.kind is PollKind.ELECTION:
        sub.append((f"Lần bầu thứ {header.round_no}", SERIF_BOLD, 12))
    sub.append((instruction(poll), SERIF_ITALIC, 10.5))
    table_top = _header(geo, _Page(), header, kind_title, sub)
    rows, table = _rows(poll, geo, table_top - geo.bottom)
    # Paginate: every page repeats the header and the table header.
    pages: list[tuple[_Page, list[tuple[_Row, float]]]] = []
    page = _Page()
    y = _header(geo, page, header, kind_title, sub)
    y = table.draw_header(page, y) if table else y
    placed: list[tuple[_Row, float]] = []
    i = 0
    while i < len(rows):
        group = [rows[i]]
        while group[-1].keep_with_next and i + len(group) < len(rows):
            group.append(rows[i + len(group)])
        need = sum(r.height for r in group)
        if placed and (y - need < geo.bottom or placed[-1][0].page_break_after):
            pages.append((page, placed))
            page = _Page()
            y = _header(geo, page, header, kind_title, sub)
            y = table.draw_header(page, y) if table else y
            placed = []
        for row in group:
            placed.append((row, y))
            y -= row.height
        i += len(group)
    pages.append((page, placed))
    result = []
    total = len(pages)
    for number, (page, placed) in enumerate(pages, start=1):
        for row, top in placed:
            row.draw(page, top)
        result.append(_finish(geo, page, number, total))
    return tuple(result)


def _finish(geo: _Geometry, page: _Page, number: int, total: int) -> PageLayout:
    if total > 1:
        page.texts.append(Text(f"Trang {number}/{total}", SERIF_ITALIC, geo.pt(10), geo.left, 14 * MM))
    stamp = Rect(geo.left, geo.top - 42 * MM * geo.scale, geo.content * 0.46, 42 * MM * geo.scale)
    return PageLayout(
        page=number,
        pages=total,
        width=geo.width,
        height=geo.height,
        texts=tuple(page.texts),
        segments=tuple(page.segments),
        outlines=tuple(page.outlines),
        solids=geo.solids,
        regions=tuple(page.regions),
        qr=geo.qr,
        check_at=geo.check_at,
        stamp=stamp,
    )


def _display_names(poll: PollDef) -> list[str]:
    """Names as printed; identical names carry their birth year in brackets (docs/regulations.md §2.2)."""
    keys = [name_key(i.name) for i in poll.items]
    return [
        f"{nfc(i.name)} ({i.birth_year})" if keys.count(keys[n]) > 1 and i.birth_year else nfc(i.name)
        for n, i in enumerate(poll.items)
    ]


def _rows(poll: PollDef, geo: _Geometry, available: float) -> tuple[list[_Row], _Table | None]:
    layout = poll.layout
    if layout is Layout.STRIKE:
        return _strike_rows(poll, geo, available)
    if layout is Layout.SCORES:
        return _score_rows(poll, geo)
    if layout is Layout.NAMES:
        return _name_lines(poll, geo), None
    return _grid_rows(poll, geo)


def _strike_rows(poll: PollDef, geo: _Geometry, available: float) -> tuple[list[_Row], _Table]:
    """Numbered names in a table; a long list goes into two columns before it takes a second page."""
    names = _display_names(poll)
    number_w = 13 * MM * geo.scale
    height = 8.5 * MM * geo.scale
    single = _Table(geo, geo.left, [number_w, 0], ["STT", "HỌ VÀ TÊN"])
    per_column = max(1, int((available - single.header_height) // height))
    columns = 2 if len(names) > per_column else 1
    if columns == 1:
        width = min(geo.content, 130 * MM * geo.scale)
        x = geo.left + (geo.content - width) / 2
        table = _Table(geo, x, [number_w, width - number_w], ["STT", "HỌ VÀ TÊN"])
    else:
        half = geo.content / 2
        table = _Table(geo, geo.left, [number_w, half - number_w] * 2, ["STT", "HỌ VÀ TÊN"] * 2)
    name_w = table.widths[1]
    capacity = per_column * columns
    rows: list[_Row] = []
    for start in range(0, len(names), capacity):
        chunk = list(range(start, min(start + capacity, len(names))))
        depth = -(-len(chunk) // columns)
        for j in range(depth):
            cells = [chunk[j + c * depth] for c in range(columns) if j + c * depth < len(chunk)]

            def draw(page: _Page, top: float, cells: list[int] = cells) -> None:
                bottom = top - height
                table.frame(page, top, bottom)
                xs = table.edges()
                for c, index in enumerate(cells):
                    x0 = xs[2 * c]
                    name = names[index]
                    size = _fit(name, SERIF, geo.pt(14), name_w - 12)
                    base = bottom + height / 2 - size * 0.33
                    page.texts.append(Text(f"{index + 1}", SERIF, size, x0 + number_w / 2, base, "center"))
                    page.texts.append(Text(name, SERIF, size, x0 + number_w + 8, base))
                    page.regions.append(Region("name", index + 1, 0, Rect(x0 + number_w, bottom, name_w, height)))

            last = j == depth - 1 and start + capacity < len(names)
            rows.append(_Row(height, draw, page_break_after=last))
    return rows, table


def _grid_rows(poll: PollDef, geo: _Geometry) -> tuple[list[_Row], _Table]:
    columns = list(poll.columns)
    with_position = poll.kind is PollKind.CONFIDENCE and any(i.position for i in poll.items)
    stacked_position = (
        not with_position
        and any(i.position for i in poll.items)
        and poll.kind
        in (
            PollKind.EVALUATION,
            PollKind.ELECTION,
        )
    )
    number_w = 11 * MM * geo.scale
    mark_w = {2: 26, 3: 23, 4: 21}.get(len(columns), 22) * MM * geo.scale
    position_w = (44 if geo.scale == 1.0 else 32) * MM * geo.scale if with_position else 0.0
    name_w = geo.content - number_w - position_w - mark_w * len(columns)
    first = "NỘI DUNG" if poll.kind is PollKind.MOTION else "HỌ VÀ TÊN"
    headers = ["STT", first] + (["CHỨC VỤ"] if with_position else []) + [c.upper() for c in columns]
    widths = [number_w, name_w] + ([position_w] if with_position else []) + [mark_w] * len(columns)
    table = _Table(geo, geo.left, widths, headers)
    size = geo.pt(12.5 if poll.kind is not PollKind.MOTION else 11.5)
    small = geo.pt(9.5)
    box = min(6 * MM, 9.5 * MM * geo.scale - 2.5 * MM)
    rows = []
    for index, item in enumerate(poll.items, start=1):
        text = _display_names(poll)[index - 1]
        lines = [(line, SERIF, size) for line in wrap(text, SERIF, size, name_w - 8)]
        if stacked_position and item.position:
            lines += [(line, SERIF_ITALIC, small) for line in wrap(nfc(item.position), SERIF_ITALIC, small, name_w - 8)]
        pos_lines = (
            [
                (line, SERIF, geo.pt(10.5))
                for line in wrap(nfc(item.position or ""), SERIF, geo.pt(10.5), position_w - 6)
            ]
            if with_position
            else []
        )
        block = max(sum(s * 1.25 for _, _, s in lines), sum(s * 1.25 for _, _, s in pos_lines))
        height = max(9.5 * MM * geo.scale, block + 5 * MM * geo.scale * 0.6)

        def draw(
            page: _Page,
            top: float,
            index: int = index,
            lines: list[tuple[str, str, float]] = lines,
            pos_lines: list[tuple[str, str, float]] = pos_lines,
            height: float = height,
        ) -> None:
            bottom = top - height
            table.frame(page, top, bottom)
            xs = table.edges()
            _cell_lines(page, xs[0] + number_w / 2, top, height, [(f"{index}", SERIF, size)], "center")
            _cell_lines(page, xs[1] + 4, top, height, lines)
            page.regions.append(Region("name", index, 0, Rect(xs[1], bottom, name_w, height)))
            first_mark = 3 if with_position else 2
            if with_position:
                _cell_lines(page, xs[2] + 3, top, height, pos_lines)
            for col in range(len(columns)):
                cx = xs[first_mark + col] + mark_w / 2
                rect = Rect(cx - box / 2, bottom + height / 2 - box / 2, box, box)
                page.outlines.append(rect)
                page.regions.append(Region("box", index, col + 1, rect))

        rows.append(_Row(height, draw))
    return rows, table


def _score_rows(poll: PollDef, geo: _Geometry) -> tuple[list[_Row], _Table]:
    number_w = 11 * MM * geo.scale
    max_w = 26 * MM * geo.scale
    score_w = 30 * MM * geo.scale
    crit_w = geo.content - number_w - max_w - score_w
    table = _Table(geo, geo.left, [number_w, crit_w, max_w, score_w], ["TT", "TIÊU CHÍ", "ĐIỂM TỐI ĐA", "ĐIỂM CHẤM"])
    size = geo.pt(11)
    title_h = 8 * MM * geo.scale
    total_h = 8 * MM * geo.scale
    rows: list[_Row] = []
    total_max = sum(c.max_halves for c in poll.criteria)
    for s_index, subject in enumerate(poll.items, start=1):
        title = f"{s_index}. {nfc(subject.name)}" + (f" — {nfc(subject.position)}" if subject.position else "")
        title_size = _fit(title, SERIF_BOLD, geo.pt(12), geo.content - 8)

        def draw_title(page: _Page, top: float, title: str = title, title_size: float = title_size) -> None:
            table.frame(page, top, top - title_h, spans=True)
            page.texts.append(Text(title, SERIF_BOLD, title_size, table.x + 4, top - title_h / 2 - title_size * 0.33))

        rows.append(_Row(title_h, draw_title, keep_with_next=True))
        for c_index, criterion in enumerate(poll.criteria, start=1):
            lines = [(line, SERIF, size) for line in wrap(nfc(criterion.name), SERIF, size, crit_w - 8)]
            height = max(11 * MM * geo.scale, sum(s * 1.25 for _, _, s in lines) + 4 * MM)

            def draw(
                page: _Page,
                top: float,
                s_index: int = s_index,
                c_index: int = c_index,
                lines: list[tuple[str, str, float]] = lines,
                height: float = height,
                maximum: int = criterion.max_halves,
            ) -> None:
                bottom = top - height
                table.frame(page, top, bottom)
                xs = table.edges()
                _cell_lines(page, xs[0] + number_w / 2, top, height, [(f"{c_index}", SERIF, size)], "center")
                _cell_lines(page, xs[1] + 4, top, height, lines)
                _cell_lines(page, xs[2] + max_w / 2, top, height, [(_points(maximum), SERIF, size)], "center")
                rect = Rect(xs[3] + 3 * MM, bottom + 1.5 * MM, score_w - 6 * MM, height - 3 * MM)
                page.outlines.append(rect)
                page.regions.append(Region("score", s_index, c_index, rect))

            rows.append(_Row(height, draw, keep_with_next=True))

        def draw_total(page: _Page, top: float) -> None:
            bottom = top - total_h
            table.frame(page, top, bottom)
            xs = table.edges()
            _cell_lines(page, xs[1] + 4, top, total_h, [("Tổng cộng", SERIF_BOLD, size)])
            _cell_lines(page, xs[2] + max_w / 2, top, total_h, [(_points(total_max), SERIF_BOLD, size)], "center")

        rows.append(_Row(total_h, draw_total))
    return rows, table


def _points(halves: int) -> str:
    return f"{halves // 2}" if halves % 2 == 0 else f"{halves // 2},5"


def _name_lines(poll: PollDef, geo: _Geometry) -> list[_Row]:
    height = 13 * MM * geo.scale
    size = geo.pt(13)
    rows = []
    for index in range(1, poll.seats + 1):

        def draw(page: _Page, top: float, index: int = index) -> None:
            bottom = top - height
            baseline = bottom + 3 * MM
            page.texts.append(Text(f"{index}. Họ và tên:", SERIF, size, geo.left, baseline))
            start = geo.left + text_width("00. Họ và tên:", SERIF, size) + 6
            page.segments.append(Segment(start, baseline - 1.5, geo.right, baseline - 1.5, 0.4))
            page.regions.append(
                Region("line", index, 0, Rect(start, bottom + 1 * MM, geo.right - start, height - 2 * MM))
            )

        rows.append(_Row(height, draw))
    return rows


def template(poll_code: str, paper: str, pages: tuple[PageLayout, ...]) -> dict[str, Any]:
    """The exported template: page size, registration marks, QR, stamp zone and every region.

    Units are PDF points with the origin at the top-left corner of the sheet, as an image is read.
    """
    out: dict[str, Any] = {
        "version": 1,
        "poll": poll_code,
        "paper": paper,
        "units": "pt",
        "origin": "top-left",
    }
    out["pages"] = [
        {
            "page": p.page,
            "pages": p.pages,
            "size": [round(p.width, 2), round(p.height, 2)],
            "registration": [r.as_list(p.height) for r in p.solids],
            "qr": p.qr.as_list(p.height),
            "stamp": p.stamp.as_list(p.height),
            "regions": [
                {"kind": r.kind, "row": r.row, "col": r.col, "rect": r.rect.as_list(p.height)} for r in p.regions
            ],
        }
        for p in pages
    ]
    return out
