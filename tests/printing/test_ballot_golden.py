"""Golden files: one ballot of each kind, rendered with fixed codes, against stored references.

References live in tests/printing/golden/<case>.json (page count, text lines per page, the QR text)
and <case>-p<N>.png (a 50-dpi greyscale render). After an intended change to the ballots, run
`pytest tests/printing --update-golden`, look at every PNG, and commit them with the change.
"""

from __future__ import annotations

import base64
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
import zxingcpp
from PIL import Image, ImageChops, ImageStat

from app.printing import ballot_code
from app.printing.ballot_code import SheetCode
from app.printing.ballot_pdf import SheetCodes, render
from app.printing.layout import BallotHeader, build_layout
from app.profiles import get_profile
from app.rules.model import Criterion, Item, PollDef, PollKind

GOLDEN = Path(__file__).parent / "golden"
DPI = 50
MAX_MEAN_DIFFERENCE = 2.0  # grey levels, averaged over the page
MAX_PNG_BYTES = 60_000

FINGERPRINT = bytes.fromhex("5a4b3c2d1e0f")
SECRET = b"golden-secret-golden-secret-0001"
SERIALS = [base64.b32encode(bytes.fromhex(h)).decode().rstrip("=") for h in ("0123456789ab", "fedcba987654")]


@dataclass(frozen=True)
class Case:
    poll: PollDef
    title: str
    paper: str = "A4"
    two_up: bool = False
    sheets: int = 1


def _items(*names: str | tuple[str, str | None, int | None]) -> tuple[Item, ...]:
    out = []
    for entry in names:
        if isinstance(entry, str):
            out.append(Item(entry))
        else:
            name, position, year = entry
            out.append(Item(name, birth_year=year, position=position))
    return tuple(out)


CASES: dict[str, Case] = {
    "election-strike": Case(
        PollDef(
            kind=PollKind.ELECTION,
            seats=4,
            items=_items(
                "Dương Văn An",
                "Đinh Thị Ánh",
                ("Lê Văn Cường", None, 1975),
                ("Lê Văn Cường", None, 1982),  # identical names carry their birth year
                "Nguyễn Thị Dung",
                "Trần Quốc Đức",
            ),
            profile=get_profile("party-election"),
        ),
        "Bầu Ban Chấp hành Đảng bộ xã khóa XX, nhiệm kỳ 2025–2030",
    ),
    "election-grid": Case(
        PollDef(
            kind=PollKind.ELECTION,
            seats=3,
            items=_items(
                ("Phạm Văn Khoa", "Chủ nhiệm Ủy ban Kiểm tra", None),
                ("Đinh Thị Loan", None, None),
                ("Trịnh Văn Minh", "Cán bộ chuyên trách", None),
            ),
            profile=get_profile("party-election"),
        ),
        "Bầu Ủy ban Kiểm tra Đảng ủy xã",
    ),
    "election-single": Case(
        PollDef(
            kind=PollKind.ELECTION,
            seats=1,
            items=_items(("Nguyễn Văn An", "Bí thư Đảng ủy xã", 1972)),
            profile=get_profile("party-election"),
        ),
        "Bầu Bí thư Đảng ủy xã khóa XX",
    ),
    "confidence": Case(
        PollDef(
            kind=PollKind.CONFIDENCE,
            seats=0,
            items=_items(
                ("Lê Văn Cường", "Chủ tịch UBND xã", None),
                ("Bùi Quang Huy", "Phó Chủ tịch UBND xã phụ trách kinh tế", None),
                ("Đào Văn Nam", "Phó Chủ tịch UBND xã", None),
            ),
            profile=get_profile("party-confidence"),
        ),
        "Lấy phiếu tín nhiệm đối với cán bộ lãnh đạo, quản lý năm 2025",
    ),
    "evaluation": Case(
        PollDef(
            kind=PollKind.EVALUATION,
            seats=0,
            items=_items(
                ("Nguyễn Văn An", "Bí thư Đảng ủy xã", None),
                ("Trần Thị Bình", "Phó Bí thư Thường trực", None),
                ("Lê Văn Cường", "Chủ tịch UBND xã", None),
            ),
            profile=get_profile("evaluation"),
            collective_level=2,
        ),
        "Đánh giá, xếp loại chất lượng cán bộ năm 2025",
    ),
    "scoring": Case(
        PollDef(
            kind=PollKind.SCORING,
            seats=0,
            items=_items(("Lê Văn Cường", "Chủ tịch UBND xã", None), ("Bùi Quang Huy", None, None)),
            profile=get_profile("scoring"),
            criteria=(
                Criterion("Phẩm chất chính trị, đạo đức, lối sống, ý thức tổ chức kỷ luật", 49),
                Criterion("Kết quả thực hiện chức trách, nhiệm vụ được giao", 151),
            ),
        ),
        "Chấm điểm cán bộ diện Ban Thường vụ quản lý năm 2025",
    ),
    "motion": Case(
        PollDef(
            kind=PollKind.MOTION,
            seats=0,
            items=_items(
                "Thông qua Báo cáo chính trị của Ban Chấp hành Đảng bộ xã khóa XIX trình Đại hội đại biểu lần thứ XX",
                "Thông qua Nghị quyết Đại hội",
            ),
            profile=get_profile("motion"),
        ),
        "Biểu quyết thông qua Nghị quyết Đại hội",
    ),
    "nomination": Case(
        PollDef(kind=PollKind.NOMINATION, seats=3, items=(), profile=get_profile("nomination")),
        "Giới thiệu nhân sự quy hoạch Phó Bí thư Đảng ủy xã",
    ),
    "confidence-binding-a5-two-up": Case(
        PollDef(
            kind=PollKind.CONFIDENCE,
            seats=0,
            items=_items(("Hoàng Thị Giang", "Chủ tịch HĐND xã", None), ("Vũ Văn Hải", None, None)),
            profile=get_profile("council-confidence"),
            binding=True,
        ),
        "Bỏ phiếu tín nhiệm",
        paper="A5",
        two_up=True,
        sheets=2,
    ),
}


def build(case: Case) -> tuple[bytes, list[str]]:
    """The PDF of `case` with fixed codes (deterministic), and the QR text of each printed sheet page."""
    header = BallotHeader(
        organization="Đảng bộ xã An Bình",
        superior="Đảng bộ huyện Yên Lạc",
        wording=case.poll.profile.wording,
        poll_title=case.title,
        meeting_title="Đại hội đại biểu Đảng bộ xã An Bình lần thứ XX, nhiệm kỳ 2025–2030",
        round_no=1,
    )
    pages = build_layout(case.poll, header, case.paper)
    sheets = []
    qr_texts = []
    for serial in SERIALS[: case.sheets]:
        texts = tuple(
            ballot_code.encode(SheetCode(FINGERPRINT, 3, 1, p.page, len(pages), False, serial), SECRET) for p in pages
        )
        qr_texts.extend(texts)
        sheets.append(SheetCodes(qr_texts=texts, check=ballot_code.check_code(serial, SECRET)))
    buffer = io.BytesIO()
    render(buffer, pages, sheets, title=case.title, two_up=case.two_up, invariant=True)
    return buffer.getvalue(), qr_texts


def observe(pdf: bytes) -> tuple[dict[str, Any], list[Image.Image], list[list[str]]]:
    document = pdfium.PdfDocument(pdf)
    text = [
        [line.rstrip() for line in page.get_textpage().get_text_range().splitlines() if line.strip()]
        for page in document
    ]
    images = [page.render(scale=DPI / 72, grayscale=True).to_pil().convert("L") for page in document]
    qr = [sorted(b.text for b in zxingcpp.read_barcodes(page.render(scale=200 / 72).to_pil())) for page in document]
    facts = {"pages": len(document), "size": [list(map(round, page.get_size())) for page in document]}
    document.close()
    return {**facts, "text": text}, images, qr


def test_rendering_is_deterministic() -> None:
    case = CASES["election-strike"]
    assert build(case)[0] == build(case)[0]


@pytest.mark.parametrize("name", sorted(CASES))
def test_ballot_matches_golden(name: str, request: pytest.FixtureRequest) -> None:
    case = CASES[name]
    pdf, qr_texts = build(case)
    facts, images, found_qr = observe(pdf)
    # The fixed codes are printed and readable, whatever the references say.
    assert sorted(t for page in found_qr for t in page) == sorted(qr_texts)
    for page_codes in found_qr:
        for text in page_codes:
            assert ballot_code.decode(text, fingerprint=FINGERPRINT, secret=SECRET).problem is None
    reference = GOLDEN / f"{name}.json"
    pngs = [f"{name}-p{n}.png" for n in range(1, len(images) + 1)]
    if request.config.getoption("--update-golden", default=False):
        GOLDEN.mkdir(exist_ok=True)
        for old in GOLDEN.glob(f"{name}-p*.png"):
            old.unlink()
        for image, png in zip(images, pngs, strict=True):
            image.save(GOLDEN / png, optimize=True)
        reference.write_text(
            json.dumps({**facts, "qr": found_qr, "png": pngs}, ensure_ascii=False, indent=1) + "\n",
            encoding="utf-8",
        )
    if not reference.is_file():
        pytest.fail(f"no reference {reference.name}: run `pytest tests/printing --update-golden` and review")
    expected = json.loads(reference.read_text(encoding="utf-8"))
    assert facts["pages"] == expected["pages"]
    assert facts["size"] == expected["size"]
    assert found_qr == expected["qr"]
    for number, (got, want) in enumerate(zip(facts["text"], expected["text"], strict=True), start=1):
        assert got == want, f"page {number}: text differs"
    assert expected["png"] == pngs
    for number, (image, png) in enumerate(zip(images, pngs, strict=True), start=1):
        path = GOLDEN / png
        assert path.stat().st_size <= MAX_PNG_BYTES
        with Image.open(path) as stored:
            want = stored.convert("L")
        assert image.size == want.size, f"page {number}: size differs"
        difference = ImageStat.Stat(ImageChops.difference(image, want)).mean[0]
        assert difference < MAX_MEAN_DIFFERENCE, f"page {number}: mean difference {difference:.2f} grey levels"
