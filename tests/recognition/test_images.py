"""app.recognition.images: scanned files in, grey pages out, and every bad file answered with a ScanFileError
naming the file and what to do (#9: truncated, enormous, not an image, PDF with no pages or a password)."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pypdfium2
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from app.errors import ScanFileError
from app.recognition.images import MAX_PIXELS, PageImage, count_pages, load_pages, scan_inputs


def _png(size: tuple[int, int] = (300, 400), shade: int = 200) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (shade, shade, shade)).save(buffer, "PNG")
    return buffer.getvalue()


def _tiff(pages: int) -> bytes:
    frames = [Image.new("L", (200, 300), 40 * i) for i in range(pages)]
    buffer = io.BytesIO()
    frames[0].save(buffer, "TIFF", save_all=True, append_images=frames[1:], compression="tiff_lzw")
    return buffer.getvalue()


def _pdf(pages: int, encrypt: str | None = None) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, encrypt=encrypt)
    for i in range(pages):
        canvas.drawString(100, 700, f"Trang {i + 1}")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _png_claiming(width: int, height: int) -> bytes:
    """A real PNG whose header claims `width` × `height` (what a decompression bomb looks like from outside)."""
    data = bytearray(_png((10, 10)))
    ihdr = struct.pack(">II", width, height) + bytes(data[24:29])
    data[16:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    return bytes(data)


def _write(folder: Path, name: str, content: bytes) -> Path:
    path = folder / name
    path.write_bytes(content)
    return path


def test_an_image_is_one_grey_page(tmp_path: Path) -> None:
    pages = list(load_pages(_write(tmp_path, "quet.png", _png())))
    assert [(p.number, p.image.mode, p.image.size) for p in pages] == [(1, "L", (300, 400))]
    assert pages[0].label == "quet.png, trang 1"
    assert pages[0].image.getpixel((5, 5)) == 200


def test_a_multipage_tiff_gives_its_pages_in_order(tmp_path: Path) -> None:
    path = _write(tmp_path, "lo1.tiff", _tiff(3))
    pages = list(load_pages(path))
    assert [p.number for p in pages] == [1, 2, 3]
    assert [p.image.getpixel((0, 0)) for p in pages] == [0, 40, 80]
    assert count_pages([path]) == 3


def test_a_pdf_is_rendered_at_200_dpi(tmp_path: Path) -> None:
    path = _write(tmp_path, "lo2.pdf", _pdf(2))
    pages = list(load_pages(path))
    assert [p.number for p in pages] == [1, 2]
    assert pages[0].image.mode == "L"
    assert pages[0].image.size == (round(A4[0] * 200 / 72), round(A4[1] * 200 / 72))
    assert count_pages([path, _write(tmp_path, "a.png", _png())]) == 3


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("ghichu.png", "đây là ghi chú, không phải ảnh".encode(), "không phải tệp ảnh đọc được"),
        ("rong.jpg", b"", "không phải tệp ảnh đọc được"),
        ("cat.png", _png()[:200], "bị cắt dở hoặc hỏng"),
        ("bom.png", _png_claiming(20_000, 20_000), "ảnh quá lớn"),
        ("lon.png", _png_claiming(9_000, 9_000), "ảnh quá lớn (9000 × 9000 điểm ảnh)"),
        ("nho.png", _png((40, 40)), "quá nhỏ"),
        ("hong.pdf", _pdf(1)[:300], "không phải tệp PDF đọc được"),
        ("matkhau.pdf", _pdf(1, encrypt="bkp"), "PDF có mật khẩu"),
    ],
)
def test_a_bad_file_is_refused_naming_it(tmp_path: Path, name: str, content: bytes, words: str) -> None:
    with pytest.raises(ScanFileError) as refused:
        list(load_pages(_write(tmp_path, name, content)))
    message = str(refused.value)
    assert message.startswith(name), message
    assert words in message


def test_a_pdf_with_no_pages_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "trong.pdf"
    empty = pypdfium2.PdfDocument.new()
    empty.save(path)
    empty.close()
    with pytest.raises(ScanFileError, match=r"trong\.pdf: tệp PDF không có trang nào"):
        list(load_pages(path))


def test_the_bomb_limit_is_above_a3_at_600_dpi() -> None:
    assert MAX_PIXELS >= 7016 * 9921


def test_a_truncated_tiff_keeps_the_pages_before_the_damage(tmp_path: Path) -> None:
    whole = _tiff(3)
    path = _write(tmp_path, "lo3.tif", whole[: len(whole) * 2 // 3])
    read: list[int] = []
    with pytest.raises(ScanFileError) as refused:  # noqa: PT012 — the good pages come out first
        for page in load_pages(path):
            read.append(page.number)
    assert "lo3.tif" in str(refused.value)
    assert read in ([], [1], [1, 2])


def test_inputs_expand_folders_in_natural_order(tmp_path: Path) -> None:
    folder = tmp_path / "quet"
    folder.mkdir()
    for name in ("scan10.png", "scan2.png", "scan1.PNG", "lo.pdf", ".an.png", "ghichu.txt", "Thumbs.db"):
        _write(folder, name, b"x")
    single = _write(tmp_path, "them.jpg", b"x")
    assert [p.name for p in scan_inputs([folder, single])] == [
        "lo.pdf",
        "scan1.PNG",
        "scan2.png",
        "scan10.png",
        "them.jpg",
    ]


def test_inputs_that_cannot_be_read_are_named(tmp_path: Path) -> None:
    (tmp_path / "trong").mkdir()
    with pytest.raises(ScanFileError, match="thư mục không có tệp ảnh quét"):
        scan_inputs([tmp_path / "trong"])
    with pytest.raises(ScanFileError, match="không tìm thấy tệp ảnh quét"):
        scan_inputs([tmp_path / "khongco.png"])
    with pytest.raises(ScanFileError, match=r"ghichu.docx: không đọc loại tệp '.docx'"):
        scan_inputs([_write(tmp_path, "ghichu.docx", b"x")])


SAMPLES = {".png": _png((120, 150)), ".tif": _tiff(2), ".pdf": _pdf(2), ".jpg": b""}


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("L", (160, 120), 90).save(buffer, "JPEG")
    return buffer.getvalue()


SAMPLES[".jpg"] = _jpeg()


def _read_all(path: Path) -> tuple[list[PageImage], ScanFileError | None]:
    """The pages read before any refusal, and the refusal; any other exception fails the test."""
    pages: list[PageImage] = []
    try:
        pages.extend(load_pages(path))
    except ScanFileError as exc:
        return pages, exc
    return pages, None


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    suffix=st.sampled_from(sorted(SAMPLES)),
    cut=st.integers(min_value=0, max_value=100_000),
    flips=st.lists(st.tuples(st.integers(min_value=0, max_value=100_000), st.integers(1, 255)), max_size=4),
)
def test_any_damage_to_a_scan_gives_pages_or_a_scan_file_error(
    tmp_path_factory: pytest.TempPathFactory, suffix: str, cut: int, flips: list[tuple[int, int]]
) -> None:
    data = bytearray(SAMPLES[suffix])
    for where, xor in flips:
        data[where % len(data)] ^= xor
    data = data[: cut % (len(data) + 1)]
    path = tmp_path_factory.mktemp("fuzz") / f"quet{suffix}"
    path.write_bytes(bytes(data))
    pages, error = _read_all(path)
    if error is not None:
        assert str(error).startswith(path.name)
    for page in pages:
        assert page.image.mode == "L"
        assert page.image.width * page.image.height <= MAX_PIXELS
    assert count_pages([path]) >= 1 or not pages


def test_each_pdf_refusal_says_its_own_reason_whatever_came_before(tmp_path: Path) -> None:
    """PDFium keeps its last error globally: a password error must not leak into the next file's message."""
    empty = pypdfium2.PdfDocument.new()
    empty.save(tmp_path / "trong.pdf")
    empty.close()
    _write(tmp_path, "matkhau.pdf", _pdf(1, encrypt="bkp"))
    _write(tmp_path, "hong.pdf", _pdf(1)[:300])
    reasons = {}
    for name in ("matkhau.pdf", "trong.pdf", "hong.pdf", "matkhau.pdf"):
        _, error = _read_all(tmp_path / name)
        assert error is not None
        reasons[name] = str(error)
    assert "mật khẩu" in reasons["matkhau.pdf"]
    assert "không có trang nào" in reasons["trong.pdf"]
    assert "hỏng hoặc bị cắt dở" in reasons["hong.pdf"]
