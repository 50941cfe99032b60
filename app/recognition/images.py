"""Loading scanned pages: image files (PNG, JPEG, TIFF incl. multi-page, BMP) and PDFs, one grey page at a time.

Every way a file can be bad ends in a ScanFileError naming the file (and the page) with what to do:
not an image, truncated, enormous (a decompression bomb is refused from its header, before any pixel is
decoded), a PDF with no pages or a password. Pages are produced lazily, so a 1,000-page PDF is never held
in memory at once.
"""

from __future__ import annotations

import re
import threading
import warnings
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image, ImageSequence

from app.errors import ScanFileError

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp"})
SUFFIXES = IMAGE_SUFFIXES | {".pdf"}
PDF_DPI = 200  # what the reader was measured at (docs/architecture.md §4): boxes ~40 px, QR modules ~8 px
# A3 scanned at 600 dpi is 7016 × 9921 ≈ 70 M pixels; anything larger is not a ballot page.
MAX_PIXELS = 72_000_000
MAX_PAGES = 5000  # pages in one file, far beyond any batch a scanner feeds
# Pillow's decoders answer malformed bytes with many exception types (OSError, SyntaxError, EOFError,
# ValueError, TypeError, KeyError, IndexError, struct.error… — found by fuzzing tests/recognition/test_images.py).
# At this boundary every one of them means "this file or page cannot be read", and says so.
DECODER_FAULTS = (Exception,)


@dataclass(frozen=True)
class PageImage:
    """One page of a scanned file: where it came from and its pixels in grey (mode "L")."""

    source: Path
    number: int  # 1-based page within the file
    image: Image.Image
    dpi: float | None = None  # pixels per inch, when the file says so (a PDF page: the dpi it was drawn at)

    @property
    def label(self) -> str:
        """How the page is named to the user: the file and the page number in it."""
        return f"{self.source.name}, trang {self.number}"


def _natural_key(path: Path) -> list[object]:
    """scan2.png before scan10.png, as a person sorts them."""
    return [int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", path.name)]


def scan_inputs(paths: Sequence[Path]) -> list[Path]:
    """The files to read, in order: files as given, folders expanded to their images and PDFs (natural order).

    A file given by name must exist and have a known suffix; in a folder, other files (thumbnails, notes)
    are passed over and hidden files ignored. A folder with nothing to read is an error, not a silent no-op.
    """
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(
                (p for p in path.iterdir() if p.is_file() and not p.name.startswith(".") and _known(p)),
                key=_natural_key,
            )
            if not inside:
                raise ScanFileError(f"{path}: thư mục không có tệp ảnh quét (PNG, JPEG, TIFF) hay PDF nào.")
            found.extend(inside)
        elif not path.exists():
            raise ScanFileError(f"{path}: không tìm thấy tệp ảnh quét.")
        elif not path.is_file():  # a FIFO or a device such as /dev/zero: reading it would wait or never end
            raise ScanFileError(f"{path}: không phải tệp thông thường (ống dẫn hoặc thiết bị); không đọc.")
        elif not _known(path):
            raise ScanFileError(
                f"{path.name}: không đọc loại tệp '{path.suffix or '(không có đuôi)'}'. "
                "Hãy quét ra PNG, JPEG, TIFF hoặc PDF."
            )
        else:
            found.append(path)
    return found


def _known(path: Path) -> bool:
    return path.suffix.lower() in SUFFIXES


def load_pages(path: Path, dpi: int = PDF_DPI, only: int | None = None) -> Iterator[PageImage]:
    """Every page of `path` as a grey image, in order; ScanFileError for a file or page that cannot be read.

    The error for a bad page comes when that page is reached, after the good pages before it. With `only`,
    just that page (1-based) is decoded: how a page is read again for a person, or by a worker process.
    """
    if path.suffix.lower() == ".pdf":
        yield from _pdf_pages(path, dpi, only)
    else:
        yield from _image_pages(path, only)


def load_page(path: Path, number: int, dpi: int = PDF_DPI) -> PageImage:
    """Page `number` (1-based) of `path`; ScanFileError if the file has no such page or it cannot be read."""
    for page in load_pages(path, dpi, only=number):
        return page
    raise ScanFileError(f"{path.name}: không có trang {number}.")


def _dpi(info: Mapping[Any, Any]) -> float | None:
    """The resolution a scanner wrote into the file, if it is believable (72 is what tools write when unknown)."""
    value = info.get("dpi")
    if isinstance(value, tuple) and value:
        try:
            dpi = float(value[0])
        except (TypeError, ValueError):
            return None
        return dpi if 100 <= dpi <= 1200 else None
    return None


def _check_size(path: Path, number: int, width: int, height: int) -> None:
    """Refuse a page too large to be a scanned ballot (a decompression bomb) or too small to read."""
    if width * height > MAX_PIXELS:
        raise ScanFileError(
            f"{path.name}, trang {number}: ảnh quá lớn ({width} × {height} điểm ảnh), không phải một trang phiếu "
            "quét. Hãy quét ở 200–300 dpi."
        )
    if width < 100 or height < 100:
        raise ScanFileError(
            f"{path.name}, trang {number}: ảnh quá nhỏ ({width} × {height} điểm ảnh) để đọc phiếu. "
            "Hãy quét ở 200–300 dpi."
        )


def _quiet_decoder_warnings() -> None:
    """Inside a catch_warnings block: a decompression bomb is an error; Pillow's other complaints about a
    damaged file (corrupt EXIF, short tags) are not printed — the file is either read or refused in words."""
    warnings.simplefilter("ignore", UserWarning)
    warnings.simplefilter("error", Image.DecompressionBombWarning)


class _OpenImage:
    """The image file last read one page at a time, kept open in this process: a multi-frame TIFF remembers where
    each frame it has passed starts, so reading its pages one after another is linear, not quadratic (each
    page used to walk every frame before it again)."""

    lock = threading.Lock()
    key: tuple[str, int, int] | None = None
    image: Image.Image | None = None

    @classmethod
    def page(cls, path: Path, only: int) -> Iterator[PageImage]:
        stat = path.stat()
        key = (str(path), stat.st_size, stat.st_mtime_ns)
        with cls.lock:
            if cls.key != key or cls.image is None:
                if cls.image is not None:
                    cls.image.close()
                cls.key, cls.image = None, None
                with warnings.catch_warnings():
                    _quiet_decoder_warnings()
                    cls.image = Image.open(path)
                cls.key = key
            image = cls.image
            try:
                with warnings.catch_warnings():
                    _quiet_decoder_warnings()
                    image.seek(only - 1)
            except EOFError:
                return
            _check_size(path, only, *image.size)
            try:
                with warnings.catch_warnings():
                    _quiet_decoder_warnings()
                    grey = image.convert("L")
            except DECODER_FAULTS as exc:
                raise ScanFileError(
                    f"{path.name}, trang {only}: ảnh bị cắt dở hoặc hỏng ({exc}). Hãy quét lại trang này."
                ) from None
            dpi = _dpi(image.info)
        yield PageImage(path, only, grey, dpi)

    @classmethod
    def close(cls) -> None:
        with cls.lock:
            if cls.image is not None:
                cls.image.close()
            cls.key, cls.image = None, None


def _image_pages(path: Path, only: int | None = None) -> Iterator[PageImage]:
    if only is not None and path.suffix.lower() in (".tif", ".tiff") and only > 1:
        try:
            yield from _OpenImage.page(path, only)
        except ScanFileError:
            _OpenImage.close()
            raise
        except FileNotFoundError:
            _OpenImage.close()
            raise ScanFileError(f"{path}: không tìm thấy tệp ảnh quét.") from None
        except DECODER_FAULTS as exc:
            _OpenImage.close()
            raise ScanFileError(f"{path.name}, trang {only}: tệp bị cắt dở hoặc hỏng ({exc}). Hãy quét lại.") from None
        return
    try:
        with warnings.catch_warnings():
            _quiet_decoder_warnings()
            image = Image.open(path)  # reads the header only
    except FileNotFoundError:
        raise ScanFileError(f"{path}: không tìm thấy tệp ảnh quét.") from None
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise ScanFileError(
            f"{path.name}: ảnh quá lớn, không phải một trang phiếu quét. Hãy quét ở 200–300 dpi."
        ) from None
    except OSError as exc:
        if exc.errno is not None:  # the disk or the folder, not the bytes
            raise ScanFileError(f"{path.name}: không đọc được tệp ({exc.strerror}).") from None
        raise ScanFileError(
            f"{path.name}: không phải tệp ảnh đọc được (PNG, JPEG, TIFF) — tệp hỏng hoặc sai loại."
        ) from None
    except DECODER_FAULTS:  # any other fault of a malformed header means the same
        raise ScanFileError(
            f"{path.name}: không phải tệp ảnh đọc được (PNG, JPEG, TIFF) — tệp hỏng hoặc sai loại."
        ) from None
    with image:
        number = 0
        try:
            for frame in _frames(image):
                number += 1
                if number > MAX_PAGES:
                    raise ScanFileError(f"{path.name}: quá {MAX_PAGES} trang trong một tệp; hãy chia nhỏ.")
                if only is not None and number != only:
                    if number > only:
                        return
                    continue
                _check_size(path, number, *frame.size)
                try:
                    with warnings.catch_warnings():
                        _quiet_decoder_warnings()
                        if frame.format == "JPEG" and frame.mode in ("RGB", "YCbCr"):
                            # libjpeg gives the grey (its luma) directly: no colour is made to be thrown away
                            frame.draft("L", frame.size)
                        grey = frame.convert("L")  # decodes the pixels
                except DECODER_FAULTS as exc:
                    raise ScanFileError(
                        f"{path.name}, trang {number}: ảnh bị cắt dở hoặc hỏng ({exc}). Hãy quét lại trang này."
                    ) from None
                yield PageImage(path, number, grey, _dpi(frame.info))
        except ScanFileError:
            raise
        except DECODER_FAULTS as exc:  # a broken frame table in a TIFF
            raise ScanFileError(
                f"{path.name}, sau trang {number}: tệp bị cắt dở hoặc hỏng ({exc}). Hãy quét lại."
            ) from None


def _frames(image: Image.Image) -> Iterator[Image.Image]:
    """The frames of an image file, moving between them without Pillow's warnings about damaged tags."""
    frames = ImageSequence.Iterator(image)
    while True:
        with warnings.catch_warnings():
            _quiet_decoder_warnings()
            try:
                frame = next(frames)
            except StopIteration:
                return
        yield frame


def _pdf_pages(path: Path, dpi: int, only: int | None = None) -> Iterator[PageImage]:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(path)
    except FileNotFoundError:
        raise ScanFileError(f"{path}: không tìm thấy tệp PDF.") from None
    except pdfium.PdfiumError:
        # PDFium's error text can be stale from an earlier document, so the file's own bytes say why.
        head = _head(path)
        if _declares_no_pages(head):  # PDFium refuses to open a document without pages at all
            raise ScanFileError(f"{path.name}: tệp PDF không có trang nào.") from None
        if re.search(rb"/Encrypt\b", head) is not None or re.search(rb"/Encrypt\b", _tail(path)) is not None:
            raise ScanFileError(f"{path.name}: PDF có mật khẩu; hãy lưu lại bản không mật khẩu.") from None
        raise ScanFileError(f"{path.name}: không phải tệp PDF đọc được (hỏng hoặc bị cắt dở).") from None
    try:
        pages = len(document)
        if pages == 0:
            raise ScanFileError(f"{path.name}: tệp PDF không có trang nào.")
        if pages > MAX_PAGES:
            raise ScanFileError(f"{path.name}: quá {MAX_PAGES} trang trong một tệp; hãy chia nhỏ.")
        scale = dpi / 72
        for index in range(pages) if only is None else range(only - 1, min(only, pages)):
            try:
                page = document[index]
            except pdfium.PdfiumError:
                raise ScanFileError(
                    f"{path.name}, trang {index + 1}: không đọc được trang (PDF hỏng hoặc bị cắt dở)."
                ) from None
            try:
                width_pt, height_pt = page.get_size()
                _check_size(path, index + 1, round(width_pt * scale), round(height_pt * scale))
                try:
                    bitmap = page.render(scale=scale, grayscale=True)
                except pdfium.PdfiumError as exc:
                    raise ScanFileError(f"{path.name}, trang {index + 1}: không vẽ được trang ({exc}).") from None
                image = bitmap.to_pil().convert("L")
            finally:
                page.close()
            yield PageImage(path, index + 1, image, float(dpi))
    finally:
        document.close()


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(4 << 20)
    except OSError:
        return b""


def _tail(path: Path) -> bytes:
    """The last 64 KiB, where a PDF's trailer (and its /Encrypt entry) sits."""
    try:
        with path.open("rb") as handle:
            handle.seek(0, 2)
            handle.seek(max(0, handle.tell() - (64 << 10)))
            return handle.read()
    except OSError:
        return b""


def _declares_no_pages(head: bytes) -> bool:
    """Whether the start of a PDF declares an empty page tree and no page at all."""
    return (
        head.startswith(b"%PDF")
        and re.search(rb"/Count\s*0\b", head) is not None
        and re.search(rb"/Type\s*/Page\b", head) is None
    )


def count_pages(paths: Sequence[Path]) -> int:
    """How many pages the files hold (for a progress bar), read from headers without decoding pixels."""
    total = 0
    for path in paths:
        if path.suffix.lower() == ".pdf":
            import pypdfium2 as pdfium

            try:
                document = pdfium.PdfDocument(path)
            except pdfium.PdfiumError:
                total += 1  # load_pages will say what is wrong with it
                continue
            total += len(document)
            document.close()
        else:
            try:
                with warnings.catch_warnings():
                    _quiet_decoder_warnings()
                    with Image.open(path) as image:
                        total += getattr(image, "n_frames", 1)
            except DECODER_FAULTS:
                total += 1  # load_pages will say what is wrong with it
    return total
