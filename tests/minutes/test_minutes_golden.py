"""Golden files: the minutes of one small poll of each kind, rendered deterministically, against references.

References live in tests/minutes/golden/<case>.json (page count and the text lines of every page) and
<case>-p<N>.png (a 50-dpi greyscale render). The meeting is built from fixed TOML, the ballots are stored
with record_ballot under the frozen clock, and the minutes are rendered with render_minutes.

After an intended change to the minutes, rewrite the references with the option tests/printing/conftest.py
registers (naming that conftest loads it), look at every PNG, and commit them with the change:

    pytest tests/printing/conftest.py tests/minutes/test_minutes_golden.py --update-golden
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageChops, ImageStat

from app import clock
from app.printing.minutes_pdf import render_minutes
from app.rules.model import Ballot
from app.services.ballots import EntryDraft, override_validity, record_ballot
from app.services.closing import close_poll
from app.services.minutes import MinutesData, minutes_data
from app.services.polls import get_poll, poll_def
from app.store.db import MeetingFile

GOLDEN = Path(__file__).parent / "golden"
GOLDEN_ANCHOR = "KPA-0123ABCD-42-0123456789ABCDEF0123"
DPI = 50
MAX_MEAN_DIFFERENCE = 2.0  # grey levels, averaged over the page
MAX_PNG_BYTES = 60_000

MEETING = """
    [meeting]
    title = "Đại hội Chi bộ Trường Tiểu học An Bình lần thứ V, nhiệm kỳ 2025–2027"
    organization = "CHI BỘ TRƯỜNG TIỂU HỌC AN BÌNH"
    superior = "ĐẢNG BỘ XÃ AN BÌNH"
    electorate = "đảng viên chính thức"
    place = "An Bình"
    date = 2025-06-20

    [attendance]
    convened = 10
    present = 9
    excluded = [ { reason = "Vắng mặt suốt thời gian đại hội có lý do được chấp nhận", count = 1 } ]

    [[committee]]
    name = "Nguyễn Văn Hùng"
    role = "Trưởng ban"

    [[committee]]
    name = "Lê Thị Mai"
    role = "Ủy viên"

    [[committee]]
    name = "Trần Quốc Toản"
    role = "Ủy viên"
"""

POLLS = {
    "election": """
        [[polls]]
        id = "chi-uy"
        kind = "election"
        profile = "party-election"
        title = "Bầu Chi ủy khóa V, nhiệm kỳ 2025–2027"
        seats = 2
        issued = 9
        collected = 9
        candidates = ["Đinh Thị Ánh", "Lê Văn Cường", "Nguyễn Thị Dung", "Trần Quốc Đức"]
    """,
    "confidence": """
        [[polls]]
        id = "tin-nhiem"
        kind = "confidence"
        profile = "council-confidence"
        title = "Lấy phiếu tín nhiệm đối với người giữ chức vụ"
        issued = 9
        collected = 9
        subjects = [
          { name = "Hoàng Văn Xuân", position = "Hiệu trưởng" },
          { name = "Đặng Thị Yến", position = "Phó Hiệu trưởng" },
        ]
    """,
    "evaluation": """
        [[polls]]
        id = "danh-gia"
        kind = "evaluation"
        profile = "evaluation"
        title = "Đánh giá, xếp loại chất lượng đảng viên năm 2025"
        issued = 9
        collected = 9
        collective_level = 2
        subjects = [
          { name = "Hoàng Văn Xuân", position = "Bí thư Chi bộ", head = true },
          { name = "Đặng Thị Yến", position = "Phó Bí thư" },
          "Lê Văn Cường",
        ]
    """,
    "scoring": """
        [[polls]]
        id = "cham-diem"
        kind = "scoring"
        profile = "scoring"
        title = "Chấm điểm cán bộ quản lý năm 2025"
        issued = 9
        collected = 9
        criteria = [ { name = "Tiêu chí chung", max = 30 }, { name = "Kết quả thực hiện nhiệm vụ", max = 70 } ]
        subjects = [ "Hoàng Văn Xuân", "Đặng Thị Yến" ]
    """,
    "motion": """
        [[polls]]
        id = "nghi-quyet"
        kind = "motion"
        profile = "motion"
        title = "Biểu quyết thông qua Nghị quyết Đại hội"
        issued = 9
        collected = 9
        motions = [ "Thông qua Báo cáo chính trị", "Thông qua Nghị quyết Đại hội" ]
    """,
    "nomination": """
        [[polls]]
        id = "gioi-thieu"
        kind = "nomination"
        profile = "nomination"
        title = "Giới thiệu nhân sự Bí thư Chi bộ"
        seats = 2
        issued = 9
        collected = 9
        eligible = [ "Hoàng Văn Xuân", "Đặng Thị Yến", "Lê Văn Cường" ]
    """,
}


def _physical(reason: str) -> dict[str, Any]:
    return {"physical_invalid": reason, "marks_entered": False}


def _grid(*rows: int | tuple[int, ...]) -> dict[str, Any]:
    return {"choices": tuple(frozenset(r if isinstance(r, tuple) else (r,)) - {0} for r in rows)}


# Nine ballots per poll: fixed marks, a few invalid ones.
BALLOTS: dict[str, list[dict[str, Any]]] = {
    "election": [
        {"struck": frozenset({3, 4})},
        {"struck": frozenset({2, 4})},
        {"struck": frozenset({2, 3})},
        {"struck": frozenset({1, 4})},
        {"struck": frozenset({3, 4})},
        {"struck": frozenset({2, 3, 4})},
        {"struck": frozenset({4})},  # keeps 3 names for 2 seats
        _physical("no_stamp"),
        {"struck": frozenset({1, 3})},
    ],
    "confidence": [
        _grid(1, 3),
        _grid(1, 3),
        _grid(2, 3),
        _grid(1, 2),
        _grid(3, 3),
        _grid((1, 2), 3),  # two boxes for one person
        _grid(1, 3),
        _grid(2, 1),
        _grid(1, 3),
    ],
    "evaluation": [
        _grid(1, 2, 2),
        _grid(1, 2, 3),
        _grid(1, 1, 2),
        _grid(2, 2, 2),
        _grid(1, 2, 2),
        _grid(1, 1, 3),
        _grid(1, 2, 2),
        _physical("torn"),
        _grid(2, 2, 4),
    ],
    "scoring": [  # half points: criterion 1 up to 60, criterion 2 up to 140
        {"scores": ((56, 130), (50, 120))},
        {"scores": ((58, 136), (48, 111))},
        {"scores": ((60, 140), (44, 100))},
        {"scores": ((54, 121), (52, 140))},
        {"scores": ((57, 130), (40, None))},  # a criterion left blank
        {"scores": ((60, 138), (46, 106))},
        {"scores": ((59, 135), (50, 98))},
        {"scores": ((55, 128), (45, 104))},
        _physical("signed"),
    ],
    "motion": [
        _grid(1, 1),
        _grid(1, 2),
        _grid(1, 1),
        _grid(1, 3),
        _grid(2, 2),
        _grid(1, 1),
        _grid(1, 2),
        _grid(3, 2),
        _grid(1, 1),
    ],
    "nomination": [
        {"names": ("Hoàng Văn Xuân", "Đặng Thị Yến")},
        {"names": ("Hoàng Văn Xuân",)},
        {"names": ("Lê Văn Cường", "Hoàng Văn Xuân")},
        {"names": ("Trần Văn Tâm",)},  # not on the eligible list
        {"names": ("Đặng Thị Yến", "Hoàng Văn Xuân")},
        {"names": ("Hoàng Văn Xuân", "Đặng Thị Yến", "Lê Văn Cường")},  # too many names
        {"names": ("hoàng văn xuân",)},
        {"names": ("Đặng Thị Yến",)},
        {"names": ("Lê Văn Cường",)},
    ],
}


@dataclass(frozen=True)
class Case:
    kind: str
    draft: bool = False
    override: tuple[str, bool, str] | None = None  # ballot, valid, reason


CASES = {
    "election": Case("election", override=("CH-0004", False, "Phiếu có ký tên")),
    "election-draft": Case("election", draft=True),
    "confidence": Case("confidence"),
    "evaluation": Case("evaluation"),
    "scoring": Case("scoring"),
    "motion": Case("motion"),
    "nomination": Case("nomination"),
}
CODES = {  # poll id and serial prefix of each kind
    "election": ("chi-uy", "CH"),
    "confidence": ("tin-nhiem", "TN"),
    "evaluation": ("danh-gia", "DG"),
    "scoring": ("cham-diem", "CD"),
    "motion": ("nghi-quyet", "NQ"),
    "nomination": ("gioi-thieu", "GT"),
}


def build(make_meeting: Callable[..., MeetingFile], case: Case) -> MinutesData:
    """The meeting with one poll of `case.kind`, its nine ballots entered, closed (or a draft)."""
    meeting_file = make_meeting(MEETING + POLLS[case.kind])
    code, prefix = CODES[case.kind]
    with meeting_file.transaction() as session:
        poll = get_poll(session, code)
        pdef = poll_def(poll)
        for number, fields in enumerate(BALLOTS[case.kind], start=1):
            serial = f"{prefix}-{number:04d}"
            record_ballot(
                session,
                poll=poll,
                pdef=pdef,
                draft=EntryDraft(serial=serial, ballot=Ballot(key=serial, **fields)),
                operator="thu-ky",
                station=clock.station(),
            )
    if case.override:
        key, valid, reason = case.override
        with meeting_file.transaction() as session:
            override_validity(session, code=code, key=key, valid=valid, reason=reason, actor="truong-ban")
    closure = None
    if not case.draft:
        with meeting_file.transaction() as session:
            closure = close_poll(session, code=code, actor="truong-ban")
    with meeting_file.reading() as session:
        # The anchor code holds the meeting's random fingerprint: the references carry a fixed one in its place
        # (the real code on the minutes: tests/trust/test_anchor_on_minutes.py).
        return replace(minutes_data(session, code, closure=closure), anchor=GOLDEN_ANCHOR)


def observe(pdf: Path) -> tuple[dict[str, Any], list[Image.Image]]:
    document = pdfium.PdfDocument(pdf)
    text = [
        [line.rstrip() for line in str(page.get_textpage().get_text_range()).splitlines() if line.strip()]
        for page in document
    ]
    images = [page.render(scale=DPI / 72, grayscale=True).to_pil().convert("L") for page in document]
    sizes = [list(map(round, page.get_size())) for page in document]
    document.close()
    return {"pages": len(text), "size": sizes, "text": text}, images


def test_rendering_is_deterministic(make_meeting: Callable[..., MeetingFile], tmp_path: Path) -> None:
    data = build(make_meeting, CASES["election"])
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    assert render_minutes(first, data) == render_minutes(second, data)
    assert first.read_bytes() == second.read_bytes()


@pytest.mark.parametrize("name", sorted(CASES))
def test_minutes_match_golden(
    name: str, make_meeting: Callable[..., MeetingFile], tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    data = build(make_meeting, CASES[name])
    pdf = tmp_path / f"{name}.pdf"
    pages = render_minutes(pdf, data)
    facts, images = observe(pdf)
    assert pages == facts["pages"] == len(images)
    # Whatever the references say: every page is numbered "Trang x/y" and the draft says it is one.
    for number, lines in enumerate(facts["text"], start=1):
        assert any(line.endswith(f"Trang {number}/{pages}") for line in lines), lines[-3:]
        assert ("BẢN NHÁP" in lines) == CASES[name].draft
    reference = GOLDEN / f"{name}.json"
    pngs = [f"{name}-p{n}.png" for n in range(1, len(images) + 1)]
    if request.config.getoption("--update-golden", default=False):
        GOLDEN.mkdir(exist_ok=True)
        for old in GOLDEN.glob(f"{name}-p*.png"):
            old.unlink()
        for image, png in zip(images, pngs, strict=True):
            image.save(GOLDEN / png, optimize=True)
        reference.write_text(
            json.dumps({**facts, "png": pngs}, ensure_ascii=False, indent=1) + "\n",
            encoding="utf-8",
        )
    if not reference.is_file():
        pytest.fail(
            f"no reference {reference.name}: run `pytest tests/printing/conftest.py "
            "tests/minutes/test_minutes_golden.py --update-golden` and review the PNGs"
        )
    expected = json.loads(reference.read_text(encoding="utf-8"))
    assert facts["pages"] == expected["pages"]
    assert facts["size"] == expected["size"]
    for number, (got, want) in enumerate(zip(facts["text"], expected["text"], strict=True), start=1):
        assert got == want, f"page {number}: text differs"
    assert expected["png"] == pngs
    for number, (image, png) in enumerate(zip(images, pngs, strict=True), start=1):
        path = GOLDEN / png
        assert path.stat().st_size <= MAX_PNG_BYTES, f"{png} is larger than {MAX_PNG_BYTES} bytes"
        with Image.open(path) as stored:
            want = stored.convert("L")
        assert image.size == want.size, f"page {number}: size differs"
        difference = ImageStat.Stat(ImageChops.difference(image, want)).mean[0]
        assert difference < MAX_MEAN_DIFFERENCE, f"page {number}: mean difference {difference:.2f} grey levels"
